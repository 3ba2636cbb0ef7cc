"""The "go to…" switcher: type part of a feed, folder, site section or saved search, press Enter.

`destinations()` lists every section of the sidebar (whatever kinds it holds: smart views,
folders, feeds, section pages, saved searches) with its title and where it sits; `match()` keeps
those whose folded title and place contain every typed word (accents optional: "thoi su" finds
"Thời sự"), best first: a title that starts with the text, then one with a word starting with each
typed word, then any containing it, sidebar order breaking ties. `GoToDialog` is the small popup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

from newsreader.core.textfold import fold
from newsreader.ui.sections_model import Section, SectionsModel
from newsreader.ui.signals import emit

AnyIndex = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
MAX_SHOWN = 50


@dataclass(frozen=True, slots=True)
class Destination:
    """One place the switcher can go to."""

    section: Section
    title: str
    where: str  # the folder it is in ("" at the top level)
    folded_title: str
    folded_all: str  # title and place, folded

    @property
    def label(self) -> str:
        return f"{self.title} — {self.where}" if self.where else self.title


def destinations(model: SectionsModel) -> list[Destination]:
    """Every section of the sidebar, top to bottom."""
    out = []
    for section in model.sections_in_order():
        index = model.index_for_key(section.key)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        parent = index.parent()
        where = str(parent.data(Qt.ItemDataRole.DisplayRole) or "") if parent.isValid() else ""
        folded_title = fold(title)
        out.append(
            Destination(section, title, where, folded_title, f"{folded_title} {fold(where)}")
        )
    return out


def _rank(dest: Destination, text: str, words: Sequence[str]) -> int | None:
    if not all(w in dest.folded_all for w in words):
        return None
    if dest.folded_title.startswith(text):
        return 0
    title_words = dest.folded_title.split()
    if all(any(t.startswith(w) for t in title_words) for w in words):
        return 1
    return 2


def match(choices: Sequence[Destination], text: str) -> list[Destination]:
    """The destinations matching `text` (every word, accents optional), best first."""
    folded = " ".join(fold(text).split())
    if not folded:
        return list(choices)
    words = folded.split()
    ranked = []
    for order, dest in enumerate(choices):
        rank = _rank(dest, folded, words)
        if rank is not None:
            ranked.append((rank, order, dest))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [dest for _rank_, _order, dest in ranked]


class DestinationsModel(QAbstractListModel):
    """The matching destinations, as the popup lists them."""

    SECTION_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Destination] = []

    def set_rows(self, rows: Sequence[Destination]) -> None:
        self.beginResetModel()
        self._rows = list(rows[:MAX_SHOWN])
        self.endResetModel()

    def destination(self, row: int) -> Destination | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        dest = self.destination(index.row()) if index.isValid() else None
        if dest is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return dest.label
        if role == self.SECTION_ROLE:
            return dest.section
        return None


class GoToDialog(QDialog):
    """A text box over the matching destinations; Enter goes to the highlighted one."""

    chosen = Signal(object)  # Section

    def __init__(self, choices: Sequence[Destination], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goToDialog")
        self.setWindowTitle(self.tr("Go to"))
        self._choices = list(choices)
        self.text_box = QLineEdit()
        self.text_box.setObjectName("goToText")
        self.text_box.setPlaceholderText(self.tr("Feed, folder, section or saved search"))
        self.model = DestinationsModel(self)
        self.list_view = QListView()
        self.list_view.setObjectName("goToList")
        self.list_view.setModel(self.model)
        self.list_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_box)
        layout.addWidget(self.list_view)
        self.resize(420, 360)
        self.text_box.textChanged.connect(self._filter)
        self.text_box.returnPressed.connect(self.accept_current)
        self.list_view.activated.connect(lambda _index: self.accept_current())
        self.text_box.installEventFilter(self)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.model.set_rows(match(self._choices, text))
        if self.model.rowCount():
            self.list_view.setCurrentIndex(self.model.index(0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the text box move through the list."""
        arrows = (Qt.Key.Key_Up, Qt.Key.Key_Down)
        if (
            watched is self.text_box
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in arrows
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = self.list_view.currentIndex().row() + step
            if 0 <= row < self.model.rowCount():
                self.list_view.setCurrentIndex(self.model.index(row))
            return True
        return super().eventFilter(watched, event)

    def shown_titles(self) -> list[str]:
        rows = (self.model.destination(r) for r in range(self.model.rowCount()))
        return [d.title for d in rows if d is not None]

    def accept_current(self) -> None:
        dest = self.model.destination(self.list_view.currentIndex().row())
        if dest is None:
            return
        self.accept()
        emit(self.chosen, dest.section)
