"""The sections and article models: Qt's model contract, roles, paging, merging new articles."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.ui.articles_model import ArticleListModel, ArticleRole, diff_head
from newsreader.ui.keymap import KeymapModel, ShortcutHelpModel
from newsreader.ui.sections_model import Section, SectionRole, SectionsModel
from tests.ui.conftest import NOW, add_feed, entries, store_entries


def sections_for(library: Library) -> SectionsModel:
    model = SectionsModel()
    model.set_library_state(library.feeds(), library.folders(), library.totals())
    return model


def fetcher(library: Library, query: ArticleQuery) -> Any:
    def fetch(after: tuple[int, int] | None, limit: int) -> list[Any]:
        return library.articles(replace(query, limit=limit, after=after))

    return fetch


def test_sections_model_passes_qt_model_tester(qtmodeltester: Any, news_library: Library) -> None:
    model = sections_for(news_library)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_sections_are_smart_views_then_folders_then_loose_feeds(news_library: Library) -> None:
    model = sections_for(news_library)
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    # Folders in the library's order (alphabetical), then feeds outside folders.
    assert top == ["Latest", "Unread", "Saved", "Kinh tế & Đô thị", "VnExpress", "Tuổi Trẻ"]
    vnexpress = model.index(4, 0)
    assert [model.index(r, 0, vnexpress).data() for r in range(model.rowCount(vnexpress))] == [
        "Thời sự",
        "Kinh doanh",
    ]
    assert vnexpress.data(SectionRole.UNREAD) == 35
    assert model.index(1, 0).data(SectionRole.COUNT) == 57  # Unread
    assert model.index(0, 0).data(SectionRole.COUNT) == 57  # Latest: all articles
    feed_index = model.index(0, 0, vnexpress)
    section = feed_index.data(SectionRole.SECTION)
    assert isinstance(section, Section) and section.kind == "feed"
    assert section.query() == ArticleQuery(feed_id=section.feed_id)
    assert model.index_for_key(section.key) == feed_index
    assert Section.from_key(section.key) == Section("feed", feed_id=section.feed_id)


def test_failed_feed_shows_error_icon_and_plain_text_tooltip(library: Library) -> None:
    feed = add_feed(library, "<b>Bad</b> feed", entries("bad", 1))
    from newsreader.core.storage import FeedState

    library.storage.record_fetch(
        feed.id, FeedState(checked=NOW, error="<img src=/etc/passwd> HTTP 500")
    )
    model = sections_for(library)
    index = model.index(3, 0)
    assert index.data() == "<b>Bad</b> feed"  # shown literally, never as markup
    assert index.data(SectionRole.ICON_NAME) == "error"
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img src=/etc/passwd&gt;" in tooltip and "<img" not in tooltip
    assert tooltip.startswith("<qt>")


def test_count_changes_emit_data_changed_not_reset(qtbot: Any, news_library: Library) -> None:
    model = sections_for(news_library)
    feed = next(f for f in news_library.feeds() if f.title == "Thời sự")
    ids = [a.id for a in news_library.articles(ArticleQuery(feed_id=feed.id, limit=3))]
    news_library.mark_read(ids)
    resets: list[bool] = []
    changed: list[QModelIndex] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(  # one signal may span the changed rows of one parent
        lambda top, bottom: changed.extend(
            top.siblingAtRow(row) for row in range(top.row(), bottom.row() + 1)
        )
    )
    model.set_library_state(news_library.feeds(), news_library.folders(), news_library.totals())
    assert not resets
    keys = {i.data(SectionRole.KEY) for i in changed}
    assert {f"feed:{feed.id}", "folder:VnExpress", "unread"} <= keys
    assert model.unread_of(f"feed:{feed.id}") == 17


def test_adding_a_feed_resets_the_tree(news_library: Library) -> None:
    model = sections_for(news_library)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    add_feed(news_library, "Thế giới", entries("thegioi", 2), folder="VnExpress")
    model.set_library_state(news_library.feeds(), news_library.folders(), news_library.totals())
    assert resets and model.feed_count() == 5


def test_article_model_passes_qt_model_tester(qtmodeltester: Any, news_library: Library) -> None:
    model = ArticleListModel(page_size=20)
    query = ArticleQuery()
    model.show(news_library.articles(replace(query, limit=20)), fetcher(news_library, query), query)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_article_roles_are_plain_vietnamese_text(news_library: Library) -> None:
    model = ArticleListModel()
    model.show(news_library.articles(ArticleQuery(limit=5)))
    index = model.index(0, 0)
    assert index.data(ArticleRole.TITLE).startswith("Đột phá hạ tầng giao thông Thủ đô")
    assert index.data(ArticleRole.SOURCE) == "Thời sự"
    assert index.data(ArticleRole.SECTION) == "VnExpress"
    assert index.data(ArticleRole.READ) is False
    assert index.data(ArticleRole.TIME) == NOW
    assert "Kinhtedothi" in index.data(ArticleRole.LEAD)
    names = model.roleNames()
    assert names[int(ArticleRole.TITLE)] == b"title"


def test_a_rows_search_lead_is_made_only_when_the_row_is_drawn(news_library: Library) -> None:
    """Search snippets cost per row: the list asks for one only when its row is drawn, once."""
    articles = news_library.articles(ArticleQuery(limit=5))
    asked: list[int] = []

    def lead_for(article: Any) -> str | None:
        asked.append(article.id)
        return "…snippet" if article.id == articles[1].id else None

    model = ArticleListModel()
    model.show(articles, lead_for=lead_for)
    assert asked == []
    assert model.index(1, 0).data(ArticleRole.LEAD) == "…snippet"
    assert model.index(1, 0).data(ArticleRole.LEAD) == "…snippet"
    assert model.index(0, 0).data(ArticleRole.LEAD) == model.index(0, 0).data(ArticleRole.LEAD)
    assert "Kinhtedothi" in model.index(0, 0).data(ArticleRole.LEAD)  # None: the summary
    assert asked == [articles[1].id, articles[0].id]
    model.show(articles)  # a list that is no search shows summaries and asks nothing
    assert model.index(1, 0).data(ArticleRole.LEAD) != "…snippet"
    assert len(asked) == 2


def test_fetch_more_pages_through_5000_articles(library: Library) -> None:
    feed = add_feed(library, "Tin mới", entries("big", 5000, step=timedelta(seconds=30)))
    query = ArticleQuery(feed_id=feed.id)
    model = ArticleListModel(page_size=200)
    model.show(library.articles(replace(query, limit=200)), fetcher(library, query), query)
    assert model.rowCount() == 200 and model.canFetchMore(QModelIndex())
    pages = 1
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        pages += 1
    assert model.rowCount() == 5000 and pages <= 26  # 25 full pages, maybe one empty
    ids = [model.index(r, 0).data(ArticleRole.ID) for r in range(model.rowCount())]
    assert len(set(ids)) == 5000
    times = [model.index(r, 0).data(ArticleRole.TIME) for r in range(model.rowCount())]
    assert times == sorted(times, reverse=True)


def test_paging_unread_view_does_not_skip_articles_read_meanwhile(library: Library) -> None:
    add_feed(library, "Tin mới", entries("u", 50))
    query = ArticleQuery(unread=True)
    model = ArticleListModel(page_size=10)
    model.show(library.articles(replace(query, limit=10)), fetcher(library, query), query)
    first_page = [a.id for a in model.articles()]
    library.mark_read(first_page[:6])
    model.set_flags(first_page[:6], read=True)  # read rows stay listed
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 50
    assert len({a.id for a in model.articles()}) == 50


def test_merge_head_inserts_new_articles_in_place(qtbot: Any, library: Library) -> None:
    feed = add_feed(library, "Tin mới", entries("m", 30, start=NOW - timedelta(hours=1)))
    query = ArticleQuery()
    model = ArticleListModel(page_size=20)
    model.show(library.articles(replace(query, limit=20)), fetcher(library, query), query)
    keep = model.index(5, 0)
    kept_id = keep.data(ArticleRole.ID)
    from PySide6.QtCore import QPersistentModelIndex

    persistent = QPersistentModelIndex(keep)
    resets: list[bool] = []
    inserted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    newer = entries("new", 3, start=NOW)
    older_gap = entries("gap", 1, start=NOW - timedelta(hours=1, minutes=10))
    store_entries(
        library, feed, [*newer, *older_gap, *entries("m", 30, start=NOW - timedelta(hours=1))]
    )
    head = library.articles(replace(query, limit=model.matching_rows() + 10))
    added = model.merge_head(head)
    assert not resets
    assert added >= 4
    assert inserted[0] == (0, 2)  # the three newer ones on top
    assert persistent.isValid() and persistent.data(ArticleRole.ID) == kept_id
    times = [a.sort_time for a in model.articles()]
    assert times == sorted(times, reverse=True)


def test_keymap_and_shortcut_help_models(qtmodeltester: Any) -> None:
    keymap = KeymapModel({})
    qtmodeltester.check(keymap, force_py=True)
    help_model = ShortcutHelpModel({})
    qtmodeltester.check(help_model, force_py=True)
    row = next(r for r in range(keymap.rowCount()) if keymap.spec(r).id == "toggle_saved")
    keymap.set_key_at(keymap.index(row, 1), "Ctrl+S")
    assert keymap.overrides() == {"toggle_saved": ["Ctrl+S"]}
    other = next(r for r in range(keymap.rowCount()) if keymap.spec(r).id == "toggle_read")
    keymap.set_key_at(keymap.index(other, 1), "Ctrl+S")
    assert keymap.conflicts() == {"Ctrl+S": ["toggle_read", "toggle_saved"]}
    assert "Ctrl+S" in keymap.conflict_message()
    keymap.reset_all()
    assert keymap.overrides() == {} and not keymap.conflicts()


def test_empty_feed_offers_its_sites_sections(qtmodeltester: Any, library: Library) -> None:
    from newsreader.core.storage import FeedState

    feed = add_feed(library, "Tin mới", [], folder="Kinh tế & Đô thị")
    library.storage.record_fetch(
        feed.id,
        FeedState(
            checked=NOW, notice="the feed has no articles", site_url="https://kinhtedothi.vn/"
        ),
    )
    model = sections_for(library)
    qtmodeltester.check(model)
    index = model.index_for_key(Section("feed", feed_id=feed.id).key)
    assert "no articles" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert model.empty_feed_site(index) == "https://kinhtedothi.vn/"
    other = add_feed(library, "Thời sự", entries("ts", 2), folder="VnExpress")
    model = sections_for(library)
    assert model.empty_feed_site(model.index_for_key(Section("feed", feed_id=other.id).key)) is None


def test_pages_are_read_by_key_not_offset(library: Library) -> None:
    add_feed(library, "Tin mới", entries("k", 45))
    query = ArticleQuery()
    asked: list[tuple[int, int] | None] = []
    fetch = fetcher(library, query)

    def recording(after: tuple[int, int] | None, limit: int) -> list[Any]:
        asked.append(after)
        return fetch(after, limit)  # type: ignore[no-any-return]

    model = ArticleListModel(page_size=10)
    model.show(library.articles(replace(query, limit=10)), recording, query)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    articles = model.articles()
    assert len(articles) == 45 and len({a.id for a in articles}) == 45
    # Each page starts after the last row of the one before.
    assert asked[:4] == [articles[9].page_key, articles[19].page_key, articles[29].page_key,
                         articles[39].page_key]  # fmt: skip


def test_a_cut_off_head_sends_paging_back_for_articles_that_arrived_in_between(
    library: Library,
) -> None:
    feed = add_feed(library, "Tin mới", entries("old", 30, step=timedelta(minutes=10)))
    query = ArticleQuery()
    model = ArticleListModel(page_size=10)
    model.show(library.articles(replace(query, limit=10)), fetcher(library, query), query)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 30 and not model.canFetchMore(QModelIndex())
    # 30 articles arrive between the loaded ones (every 10 minutes, 5 minutes off).
    between = entries("mid", 30, start=NOW - timedelta(minutes=5), step=timedelta(minutes=10))
    store_entries(library, feed, [*between, *entries("old", 30, step=timedelta(minutes=10))])
    snapshot = model.snapshot()
    head = library.articles(replace(query, limit=20))  # a sync reads only so far
    diff = diff_head(snapshot, head, 20)
    assert diff.end == head[-1].page_key
    model.apply_head(diff)
    assert model.canFetchMore(QModelIndex())  # the rest of the gap comes by paging
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 60
    keys = [a.page_key for a in model.articles()]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == 60


def test_a_head_applied_late_keeps_the_users_newer_change(library: Library) -> None:
    add_feed(library, "Tin mới", entries("late", 10))
    query = ArticleQuery()
    model = ArticleListModel(page_size=10)
    model.show(library.articles(replace(query, limit=10)), fetcher(library, query), query)
    snapshot = model.snapshot()
    first, second = snapshot[0].id, snapshot[1].id
    library.mark_read([first, second])  # e.g. by the CLI, seen by a sync's read
    diff = diff_head(snapshot, library.articles(replace(query, limit=20)), 20)
    assert {new.id for _old, new in diff.changed} == {first, second} and diff.end is None
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    model.set_flags([first], saved=True)  # the user acts before the sync result arrives
    changed.clear()
    model.apply_head(diff)
    assert changed == [1]  # the row the user touched is left for the next sync
    assert model.article(0).saved and not model.article(0).read  # type: ignore[union-attr]
    assert model.article(1).read  # type: ignore[union-attr]


def test_count_changes_are_sent_a_few_per_turn(
    qtbot: Any, news_library: Library, monkeypatch: Any
) -> None:
    """Many changed parents (a refresh's sync): some dataChanged now, the rest in the next
    event-loop turns; the counts themselves are new at once."""
    from newsreader.ui import sections_model

    monkeypatch.setattr(sections_model, "CHANGES_PER_TURN", 1)
    model = sections_for(news_library)
    for feed in news_library.feeds():
        ids = [a.id for a in news_library.articles(ArticleQuery(feed_id=feed.id, limit=1))]
        news_library.mark_read(ids)
    keys: list[str] = []
    model.dataChanged.connect(
        lambda top, bottom: keys.extend(
            top.siblingAtRow(row).data(SectionRole.KEY)
            for row in range(top.row(), bottom.row() + 1)
        )
    )
    model.set_library_state(news_library.feeds(), news_library.folders(), news_library.totals())
    assert len(keys) >= 1
    first = len(keys)
    assert model.unread_of("unread") == news_library.totals()[1]  # already new
    qtbot.waitUntil(lambda: len(keys) > first and not model._pending_changes)
    assert "unread" in keys and any(k.startswith("folder:") for k in keys)
    assert sum(1 for k in keys if k.startswith("feed:")) == len(news_library.feeds())
