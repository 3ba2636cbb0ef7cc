"""Which panes show: three on a wide window, two (list + reader) on a narrow one.

Under `NARROW_WIDTH` the sections pane gives its room to the reader and becomes a drawer: the
"Sections" key (`toggle_sections`) opens it in the list's place (the reader keeps its width),
and choosing a section closes it again, bringing the list back. On a wide window the same key
hides or shows the sections pane for good; `toggle_list` hides the article list (the reader
alone; j/k still move through the list). The reader keeps a readable measure either way: the
article view holds its text to a column (article_view.py), and the list is given a fixed share
so the reader gets the rest.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtWidgets import QSplitter, QWidget

from newsreader.ui.signals import emit

NARROW_WIDTH = 1100  # below this window width the two-pane layout is used
NARROW_LIST_WIDTH = 360  # the list's share in the two-pane layout
FIRST_SIZE = QSize(1320, 820)  # the window's size on a first start, when the screen has room


def first_window_size(available: QSize) -> QSize:
    """The window's first size: FIRST_SIZE, shrunk to fit a smaller screen's free area."""
    return FIRST_SIZE.boundedTo(available) if available.isValid() else FIRST_SIZE


class PaneHost(Protocol):
    """What the pane layout uses of the main window (see ui/command_host.py): its panes."""

    splitter: QSplitter
    sections_view: QWidget
    article_list: QWidget
    article_view: QWidget


class PaneLayout(QObject):
    """The pane arrangement of one main window."""

    changed = Signal()

    def __init__(self, window: PaneHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.narrow = False
        self.sections_wanted = True  # wide layout: the reader's choice
        self.list_wanted = True
        self.drawer_open = False  # narrow layout: the sections shown for a moment
        self._wide_sizes: list[int] = []  # the three panes' sizes when last wide

    @property
    def sections_shown(self) -> bool:
        return self.drawer_open if self.narrow else self.sections_wanted

    def fit_width(self, width: int) -> None:
        """The window is now `width` wide: switch layouts when it crosses NARROW_WIDTH."""
        narrow = width < NARROW_WIDTH
        if narrow == self.narrow:
            self.remember_wide()
            return
        self.narrow = narrow
        self.drawer_open = False
        self.apply()

    def toggle_sections(self) -> None:
        if self.narrow:
            self.drawer_open = not self.drawer_open
        else:
            self.sections_wanted = not self.sections_wanted
        self.apply()
        if self.sections_shown:
            self.window.sections_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            target = self.window.article_list if self.list_wanted else self.window.article_view
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_list(self) -> None:
        self.list_wanted = not self.list_wanted
        self.apply()
        # Never leave the focus to the search box, where j/k would be typed.
        target = self.window.article_list if self.list_wanted else self.window.article_view
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def section_chosen(self) -> None:
        """A section was picked in the drawer: close it and go on reading."""
        if self.narrow and self.drawer_open:
            self.drawer_open = False
            self.apply()
            if self.list_wanted:
                self.window.article_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def remember_wide(self, sizes: list[int] | None = None) -> None:
        """Keep the three panes' sizes (the saved ones at start, after a resize, or when the
        reader moved a divider)."""
        if sizes is not None:
            self._wide_sizes = list(sizes)
        elif not self.narrow and self.sections_shown and self.list_wanted:
            self._wide_sizes = self.window.splitter.sizes()

    def sizes_to_save(self) -> list[int]:
        """The wide layout's pane sizes (what the next start on a wide screen should use)."""
        all_shown = not self.narrow and self.sections_shown and self.list_wanted
        if self._wide_sizes and not all_shown:
            return list(self._wide_sizes)
        return self.window.splitter.sizes()

    def apply(self) -> None:
        window = self.window
        list_shown = self.list_wanted and not (self.narrow and self.drawer_open)
        window.sections_view.setVisible(self.sections_shown)
        window.article_list.setVisible(list_shown)
        total = sum(window.splitter.sizes()) or window.splitter.width()
        if self.narrow:
            drawer = NARROW_LIST_WIDTH if self.drawer_open else 0
            listing = NARROW_LIST_WIDTH if list_shown else 0
            window.splitter.setSizes([drawer, listing, max(0, total - drawer - listing)])
        elif self._wide_sizes and self.sections_shown and self.list_wanted:
            window.splitter.setSizes(self._wide_sizes)
        emit(self.changed)
