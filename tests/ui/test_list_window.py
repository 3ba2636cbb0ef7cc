"""The article list holds a bounded window of rows: pages far from the viewport are dropped and
read back by key as the reader scrolls, and nothing the reader does notices it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from newsreader.core.library import Library
from newsreader.core.models import Article, ArticleQuery
from newsreader.ui import articles_model
from newsreader.ui.articles_model import ArticleListModel, ArticleRole
from newsreader.ui.views import ArticleListView
from tests.ui.conftest import NOW, WindowKit, add_feed, entries

ROWS = 3000


def big_feed(library: Library, count: int = ROWS) -> ArticleQuery:
    feed = add_feed(library, "Tin mới", entries("w", count, step=timedelta(seconds=40)))
    return ArticleQuery(feed_id=feed.id)


def windowed_list(library: Library, query: ArticleQuery) -> tuple[ArticleListModel, Any]:
    def fetch(after: tuple[int, int] | None, limit: int) -> list[Article]:
        return library.articles(replace(query, limit=limit, after=after))

    def fetch_before(before: tuple[int, int] | None, limit: int) -> list[Article]:
        return library.articles(replace(query, limit=limit, before=before))

    model = ArticleListModel()
    model.show(fetch(None, model.page_size), fetch, query, fetch_before=fetch_before)
    view = ArticleListView()
    view.setModel(model)
    view.resize(400, 700)
    view.show()
    QApplication.processEvents()
    return model, view


def seen_ids(model: ArticleListModel, view: ArticleListView) -> list[int]:
    first, last = view.first_visible_row(), view.last_visible_row()
    return [model.index(r).data(ArticleRole.ID) for r in range(first, last + 1)]


def test_scrolling_down_and_back_up_shows_every_row_once_in_order(
    qtbot: Any, library: Library
) -> None:
    """Oracle: the rows seen page by page, down to the end and back up to the top, are the
    whole list in order, while the model never holds more than a bounded window."""
    query = big_feed(library)
    everything = [a.id for a in library.articles(query)]
    model, view = windowed_list(library, query)
    bar = view.verticalScrollBar()
    down: list[int] = []
    most = 0
    for _ in range(2000):
        down += [i for i in seen_ids(model, view) if not down or i not in down[-40:]]
        most = max(most, model.rowCount())
        if bar.value() == bar.maximum() and not model.canFetchMore():
            break
        bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
        QApplication.processEvents()
    assert down == everything
    assert model.more_above and model.rows_above > 0
    assert most <= articles_model.WINDOW_ROWS + 2 * model.page_size
    up: list[int] = []
    for _ in range(2000):
        up = [i for i in seen_ids(model, view) if not up or i not in up[:40]] + up
        most = max(most, model.rowCount())
        if bar.value() == 0 and not model.more_above:
            break
        bar.triggerAction(bar.SliderAction.SliderPageStepSub)
        QApplication.processEvents()
    assert up == everything
    assert most <= articles_model.WINDOW_ROWS + 2 * model.page_size


def test_dropping_rows_never_opens_an_article(qtbot: Any, library: Library) -> None:
    """Qt moves a removed current row to a neighbour and, in single selection, selects it:
    the window's drops must not open (and mark read) an article the reader never chose."""
    model, view = windowed_list(library, big_feed(library))
    view.setCurrentIndex(model.index(0))
    view.selectionModel().clearSelection()  # current but not selected, as after focus
    selected: list[object] = []
    view.selectionModel().selectionChanged.connect(lambda *_: selected.append(True))
    for _ in range(12):
        view.scrollToBottom()
        QApplication.processEvents()
    assert model.more_above  # the first rows (and the current one) were dropped
    assert selected == [] and not view.selectionModel().hasSelection()


def test_the_open_article_keeps_its_row(qtbot: Any, library: Library) -> None:
    model, view = windowed_list(library, big_feed(library))
    view.setCurrentIndex(model.index(3))
    opened = model.index(3).data(ArticleRole.ID)
    for _ in range(10):
        view.scrollToBottom()
        QApplication.processEvents()
    assert model.rowCount() > articles_model.WINDOW_ROWS  # held because it is selected
    assert view.currentIndex().data(ArticleRole.ID) == opened


def test_a_sync_does_not_insert_rows_above_a_window_that_left_the_top(
    qtbot: Any, library: Library
) -> None:
    query = big_feed(library)
    model, view = windowed_list(library, query)
    for _ in range(12):
        view.scrollToBottom()
        QApplication.processEvents()
    assert model.more_above
    first = model.article(0)
    assert first is not None and model.window_after is not None
    fresh = entries("new", 3, start=NOW + timedelta(hours=1))
    add_feed(library, "Mới hơn", fresh)
    head = library.articles(replace(query, limit=400, after=model.window_after))
    assert head[0].id == first.id  # the sync re-reads from the window's first row on
    model.merge_head(library.articles(replace(ArticleQuery(), limit=400)))
    assert model.article(0) == first  # the new articles wait above, read when scrolled to


def test_k_and_p_read_back_the_rows_above(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    big_feed(library)
    window = make_window(library).window
    view, model = window.article_list, window.articles_model
    for _ in range(12):
        view.scrollToBottom()
        QApplication.processEvents()
    assert model.more_above
    first = model.article(0)
    assert first is not None
    everything = [a.id for a in library.articles(window.current_section.query())]
    above = everything[everything.index(first.id) - 1]
    view.setCurrentIndex(model.index(0))  # the window's first row, opened
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert window.current_article() is not None
    assert window.current_article().id == above  # type: ignore[union-attr]
    # P: the previous unread article, above the rows held
    while model.more_above:
        view.scrollToBottom()
        QApplication.processEvents()
        if model.article(0) is not None and model.article(0).id != above:  # type: ignore[union-attr]
            break
    top = model.article(0)
    assert top is not None and model.more_above
    unread_above = everything[everything.index(top.id) - 5]
    library.mark_read(everything[everything.index(top.id) - 4 : everything.index(top.id) + 1])
    library.mark_read([unread_above], False)
    window.sync_library()
    qtbot.waitSignal(window.library_synced, timeout=5000)
    view.setCurrentIndex(model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert window.current_article().id == unread_above  # type: ignore[union-attr]


def test_home_goes_to_the_top_of_the_list(qtbot: Any, library: Library) -> None:
    query = big_feed(library)
    model, view = windowed_list(library, query)
    top = library.articles(replace(query, limit=1))[0].id
    for _ in range(12):
        view.scrollToBottom()
        QApplication.processEvents()
    assert model.more_above
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().data(ArticleRole.ID) == top
    assert not model.more_above and model.rows_above == 0
    held = [a.id for a in model.articles()]
    assert held == [a.id for a in library.articles(replace(query, limit=len(held)))]


def test_a_sync_leaves_new_rows_below_the_window_to_paging(qtbot: Any, library: Library) -> None:
    """A refresh's last sync re-reads thousands of rows: those older than every row held (and
    than where paging goes on) are not inserted, and paging still lists every article once."""
    query = ArticleQuery()
    add_feed(library, "Cũ", entries("old", 600, step=timedelta(minutes=10)))
    model, _view = windowed_list(library, query)
    held = model.rowCount()
    assert model.canFetchMore()
    older = entries("late", 300, start=NOW - timedelta(days=30), step=timedelta(minutes=1))
    add_feed(library, "Muộn", older)
    model.merge_head(library.articles(replace(query, limit=2000)))
    assert model.rowCount() == held  # all of them older than the rows held
    while model.canFetchMore():
        model.fetchMore()
    assert [a.id for a in model.articles()] == [a.id for a in library.articles(query)]


def test_mark_newer_read_reaches_the_rows_the_list_dropped(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    big_feed(library, 2000)
    window = make_window(library).window
    view, model = window.article_list, window.articles_model
    for _ in range(8):
        view.scrollToBottom()
        QApplication.processEvents()
    assert model.more_above
    view.setCurrentIndex(model.index(model.rowCount() - 1))
    dropped = model.rows_above
    assert dropped > 0
    opened = window.current_article()
    assert opened is not None
    window.actions_by_id["mark_newer_read"].trigger()
    query = window.current_section.query()
    place = [a.id for a in library.articles(query)].index(opened.id)
    assert place > dropped  # the rows above include the dropped ones
    qtbot.waitUntil(lambda: all(a.read for a in library.articles(query)[:place]), timeout=5000)
