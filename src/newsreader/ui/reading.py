"""The reading commands: moving through articles and sections, marking, opening, text size.

`ReadingCommands` belongs to the main window (`window.reading`), which it sees only through
`ReadingHost` (ui/command_host.py); the actions table names its methods as handlers
("reading.next_unread"). Moving selects rows in the article list (the window
opens the selected article); marking goes through the window's optimistic `set_read`/`set_saved`.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, QObject, QUrl
from PySide6.QtWidgets import QApplication, QWidget

from newsreader.core.models import Article, ArticleQuery
from newsreader.settings import TEXT_SCALE_RANGE
from newsreader.ui.command_host import ReadingHost
from newsreader.ui.goto import GoToDialog, destinations
from newsreader.ui.sections_model import LATEST, SAVED, UNREAD
from newsreader.ui.text import is_web_url

MAX_UNREAD_PAGES = 50  # how far "next unread" reads ahead in one section


class ReadingCommands(QObject):
    """The keyboard-first reading commands of one main window."""

    def __init__(self, window: ReadingHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.dialog_parent = parent  # dialogs open over the window

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

    def _load_above(self) -> int:
        """Read back the page above the list's first row, if the list dropped it (the rows
        the reader sees stay put); returns how many rows came."""
        with self.window.article_list.keep_anchor():
            return self.window.articles_model.fetch_above()

    def _current_row(self) -> int:
        index = self.window.selected_index()
        return index.row() if index.isValid() else -1

    def _find_unread(self, start: int, step: int) -> int | None:
        model = self.window.articles_model
        row = start
        pages = 0
        while row >= 0 or (model.more_above and pages < MAX_UNREAD_PAGES):
            if row < 0:
                row += self._load_above()
                pages += 1
                continue
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
        if row == 0:
            row += self._load_above()
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
            self.window.panes.section_chosen()  # the sections drawer of a narrow window closes
            self.window.article_list.setFocus()
            if self._current_row() < 0:
                self._select_row(0)
            return
        article = self.window.current_article()
        if article is None:
            text = self.tr("Choose an article first (%1 / %2), then open it in the browser")
            text = text.replace("%1", self.window.key_text("next_article"))
            self.window.messages.info(text.replace("%2", self.window.key_text("previous_article")))
            return
        if not is_web_url(article.link):
            self.window.messages.error(self.tr("This article has no web address to open"))
            return
        if self.window.open_url(QUrl(article.link or "")):
            self.window.messages.info(self.tr("Opened in the web browser"), 3_000)
        else:
            text = self.tr("No web browser could be opened for %1").replace(
                "%1", article.link or ""
            )
            self.window.messages.error(text)

    def toggle_read(self) -> None:
        article = self.window.current_article()
        if article is not None:
            self._mark_read([article.id], not article.read)

    def _mark_read(self, ids: list[int], read: bool) -> None:
        """Mark these articles (loaded in the list) and offer to undo it."""
        window = self.window
        window.set_read(ids, read)
        if read:
            text = self.tr("%n articles marked read", "", len(ids))
        else:
            text = self.tr("%n articles marked unread", "", len(ids))
        window.undo_stack.push(text, lambda: window.set_read(ids, not read))

    def toggle_saved(self) -> None:
        article = self.window.current_article()
        if article is not None:
            window, ids, saved = self.window, [article.id], not article.saved
            window.set_saved(ids, saved)
            text = self.tr("Saved for offline reading") if saved else self.tr("No longer saved")
            window.undo_stack.push(text, lambda: window.set_saved(ids, not saved))

    def mark_all_read(self) -> None:
        model = self.window.articles_model
        if self.window.search_active:
            ids = [a.id for a in model.articles() if not a.read]
            if ids:
                self._mark_read(ids, True)
            return
        self._mark_query_read(self.window.current_section.query(), None)

    def mark_older_read(self) -> None:
        """Mark the open article and every older one in this view read."""
        article = self.window.current_article()
        if article is None:
            self.window.messages.info(self.tr("Open an article first"), 3_000)
            return
        if self.window.search_active:
            row = self._current_row()
            rows = self.window.articles_model.articles()[row:]
            self._mark_read([a.id for a in rows if not a.read], True)
            return
        self._mark_query_read(self.window.current_section.query(), article)

    def mark_newer_read(self) -> None:
        """Mark every article above the open one (newer; rows the list dropped come back) read."""
        row = self._current_row()
        if row < 0:
            self.window.messages.info(self.tr("Open an article first"), 3_000)
            return
        model = self.window.articles_model
        with self.window.article_list.keep_anchor():  # rows the list dropped come back
            while model.more_above:
                loaded = model.fetch_above()
                if not loaded:
                    break
                row += loaded
        above = self.window.articles_model.articles()[:row]
        self._mark_read([a.id for a in above if not a.read], True)

    def _mark_query_read(self, query: ArticleQuery, from_article: Article | None) -> None:
        """Mark read every unread article of `query` (from `from_article` on, in list order);
        the ids marked are remembered so that undo marks exactly those unread again."""
        window = self.window
        model = window.articles_model
        after = None
        if from_article is not None:
            key = from_article.page_key
            after = (key[0], key[1] + 1)  # the open article itself is included
        rows = model.articles()
        start = model.row_of(from_article.id) if from_article is not None else 0
        old = model.set_flags([a.id for a in rows[start or 0 :]], read=True)
        deltas: dict[int, int] = {}
        for article in old:
            if article.feed_id is not None and not article.read:
                deltas[article.feed_id] = deltas.get(article.feed_id, 0) - 1
        window.sections_model.adjust_counts(deltas)
        window.local_edits += 1
        library = window.library
        listed = replace(query, limit=None, offset=0, after=after)

        def work() -> list[int]:
            return library.mark_listed_read(listed)

        def done(ids: list[int]) -> None:
            window.sync_library()
            if not ids:
                window.messages.info(self.tr("No unread articles here"), 3_000)
                return
            text = self.tr("%n articles marked read", "", len(ids))

            def revert() -> None:
                window.set_read(ids, False)
                window.schedule_sync()  # counts of the articles not loaded in the list

            window.undo_stack.push(text, revert)

        window.workers.run(work, done, window.on_write_failed, writer=True)

    def mark_read_next_unread(self) -> None:
        """Mark the open article read (if it is not) and go to the next unread one."""
        article = self.window.current_article()
        if article is not None and not article.read:
            self.window.set_read([article.id], True)
        self.next_unread()

    def go_back(self) -> None:
        article_id = self.window.history.back()
        if article_id is not None:
            self._reopen(article_id)

    def go_forward(self) -> None:
        article_id = self.window.history.forward()
        if article_id is not None:
            self._reopen(article_id)

    def _reopen(self, article_id: int) -> None:
        """Open an article from the history: its row if the list holds it, else in the view."""
        row = self.window.articles_model.row_of(article_id)
        if row is not None:
            self._select_row(row)
            return
        self.window.article_list.selectionModel().clearSelection()
        self.window.show_article_by_id(article_id)

    def go_to(self) -> None:
        """The "go to…" switcher over every section of the sidebar."""
        dialog = GoToDialog(destinations(self.window.sections_model), self.dialog_parent)
        dialog.chosen.connect(self.window.select_section)
        dialog.finished.connect(dialog.deleteLater)
        self.window.goto_dialog = dialog
        dialog.open()
