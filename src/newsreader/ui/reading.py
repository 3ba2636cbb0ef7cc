"""The reading commands: moving through articles and sections, marking, opening, text size.

`ReadingCommands` belongs to the main window (`window.reading`), which it sees only through
`ReadingHost` (ui/command_host.py); the actions table names its methods as handlers
("reading.next_unread"). Moving selects rows in the article list (the window
opens the selected article); marking goes through the window's optimistic `set_read`/`set_saved`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QUrl
from PySide6.QtWidgets import QApplication

from newsreader.settings import TEXT_SCALE_RANGE
from newsreader.ui.command_host import ReadingHost
from newsreader.ui.sections_model import LATEST, SAVED, UNREAD
from newsreader.ui.text import is_web_url

MAX_UNREAD_PAGES = 50  # how far "next unread" reads ahead in one section


class ReadingCommands(QObject):
    """The keyboard-first reading commands of one main window."""

    def __init__(self, window: ReadingHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window

    def _select_row(self, row: int) -> bool:
        index = self.window.articles_model.index(row, 0)
        if not index.isValid():
            return False
        self.window.article_list.setCurrentIndex(index)
        self.window.article_list.scrollTo(index)
        return True

    def _ensure_row_loaded(self, row: int) -> bool:
        """Page in rows until `row` exists (or there are no more)."""
        model = self.window.articles_model
        while row >= model.rowCount() and model.canFetchMore(QModelIndex()):
            before = model.rowCount()
            model.fetchMore(QModelIndex())
            if model.rowCount() == before:
                break
        return row < model.rowCount()

    def _current_row(self) -> int:
        index = self.window.selected_index()
        return index.row() if index.isValid() else -1

    def _find_unread(self, start: int, step: int) -> int | None:
        model = self.window.articles_model
        row = start
        pages = 0
        while row >= 0:
            if row >= model.rowCount():
                if pages >= MAX_UNREAD_PAGES or not self._ensure_row_loaded(row):
                    return None
                pages += 1
            article = model.article(row)
            if (
                article is not None
                and not article.read
                and article.id != self.window.shown_article_id
            ):
                return row
            row += step
        return None

    def _set_text_scale(self, scale: int) -> None:
        low, high = TEXT_SCALE_RANGE
        scale = min(max(scale, low), high)
        self.window.settings.update(text_scale=scale)
        self.window.article_view.set_text_scale(scale)
        self.window.messages.info(self.tr("Text size %1%").replace("%1", str(scale)), 2_000)

    def text_bigger(self) -> None:
        self._set_text_scale(self.window.settings.value.text_scale + 10)

    def text_smaller(self) -> None:
        self._set_text_scale(self.window.settings.value.text_scale - 10)

    def text_reset(self) -> None:
        self._set_text_scale(100)

    def next_article(self) -> None:
        row = self._current_row() + 1
        if self._ensure_row_loaded(row):
            self._select_row(row)

    def previous_article(self) -> None:
        row = self._current_row()
        if row > 0:
            self._select_row(row - 1)
        elif row < 0:
            self._select_row(0)

    def next_unread(self) -> None:
        row = self._find_unread(self._current_row() + 1, 1)
        if row is not None:
            self._select_row(row)
            return
        # Nothing left here: go on to the next feed or folder that has unread articles.
        sections = self.window.sections_model.sections_in_order()
        keys = [s.key for s in sections]
        start = (
            keys.index(self.window.current_section.key) + 1
            if self.window.current_section.key in keys
            else 0
        )
        for section in sections[start:]:
            if section.is_smart or section.kind == "folder":
                continue
            if self.window.sections_model.unread_of(section.key) > 0:
                self.window.select_section(section)
                found = self._find_unread(0, 1)
                if found is not None:
                    self._select_row(found)
                    return
        self.window.messages.info(self.tr("No more unread articles"), 3_000)

    def previous_unread(self) -> None:
        row = self._find_unread(self._current_row() - 1, -1)
        if row is not None:
            self._select_row(row)
        else:
            self.window.messages.info(self.tr("No earlier unread article"), 3_000)

    def page_down(self) -> None:
        if self.window.shown_article_id is None or not self.window.article_view.scroll_page(True):
            self.next_unread()

    def page_up(self) -> None:
        if self.window.shown_article_id is not None:
            self.window.article_view.scroll_page(False)

    def go_latest(self) -> None:
        self.window.select_section(LATEST)

    def go_unread(self) -> None:
        self.window.select_section(UNREAD)

    def go_saved(self) -> None:
        self.window.select_section(SAVED)

    def _step_section(self, step: int) -> None:
        sections = self.window.sections_model.sections_in_order()
        keys = [s.key for s in sections]
        here = (
            keys.index(self.window.current_section.key)
            if self.window.current_section.key in keys
            else -1
        )
        target = here + step
        if 0 <= target < len(sections):
            self.window.select_section(sections[target])

    def next_section(self) -> None:
        self._step_section(1)

    def previous_section(self) -> None:
        self._step_section(-1)

    def open_in_browser(self) -> None:
        focus = QApplication.focusWidget()
        if focus is self.window.search_box or focus is self.window.sections_view:
            # Enter in the search box or the sections pane: go to the list, not the browser.
            self.window.article_list.setFocus()
            if self._current_row() < 0:
                self._select_row(0)
            return
        article = self.window.current_article()
        if article is None:
            return
        if is_web_url(article.link):
            self.window.open_url(QUrl(article.link or ""))
        else:
            self.window.messages.error(self.tr("This article has no web address to open"))

    def toggle_read(self) -> None:
        article = self.window.current_article()
        if article is not None:
            self.window.set_read([article.id], not article.read)

    def toggle_saved(self) -> None:
        article = self.window.current_article()
        if article is not None:
            self.window.set_saved([article.id], not article.saved)
            text = (
                self.tr("Saved for offline reading")
                if not article.saved
                else self.tr("No longer saved")
            )
            self.window.messages.info(text, 3_000)

    def mark_all_read(self) -> None:
        model = self.window.articles_model
        if self.window.search_active:
            ids = [a.id for a in model.articles() if not a.read]
            if ids:
                self.window.set_read(ids, True)
            return
        query = self.window.current_section.query()
        old = model.set_flags([a.id for a in model.articles()], read=True)
        deltas: dict[int, int] = {}
        for article in old:
            if article.feed_id is not None and not article.read:
                deltas[article.feed_id] = deltas.get(article.feed_id, 0) - 1
        self.window.sections_model.adjust_counts(deltas)
        self.window.local_edits += 1
        library = self.window.library

        def done(count: int) -> None:
            self.window.messages.info(self.tr("%n articles marked read", "", count), 4_000)
            self.window.sync_library()

        self.window.workers.run(
            lambda: library.mark_all_read(query), done, self.window.on_write_failed, writer=True
        )
