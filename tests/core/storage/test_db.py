"""Storage: schema, migrations, feeds, articles, state, removal keeping saved articles."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsreader.core.errors import (
    DatabaseCorruptError,
    DatabaseTooNewError,
    InvalidInputError,
    NotFoundError,
    StorageError,
)
from newsreader.core.models import ArticleQuery
from newsreader.core.storage import ArticleWrite, FeedState, Storage
from newsreader.core.storage.schema import LATEST_VERSION
from newsreader.core.textfold import fold

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def write(key: str, title: str, *, minutes_ago: int = 0, chash: str = "h") -> ArticleWrite:
    when = NOW - timedelta(minutes=minutes_ago)
    return ArticleWrite(
        key=key,
        guid=key,
        link=f"https://example.vn/{key}.html",
        title=title,
        author="Lê Phương",
        published=when,
        updated=None,
        summary=f"Tóm tắt {title}",
        content_html=f"<p>{title}</p>",
        thumbnail=None,
        categories=("Thời sự",),
        content_hash=chash,
        sort_time=when,
        index_title=fold(title),
        index_summary=fold(f"Tóm tắt {title}"),
        index_body=fold(title),
    )


@pytest.fixture
def storage(tmp_path: Path) -> Storage:
    s = Storage(tmp_path / "db.sqlite3")
    yield s
    s.close()


def add_feed(
    storage: Storage, url: str = "https://example.vn/rss", folder: str | None = None
) -> int:
    folder_id = storage.folder_id(folder) if folder else None
    return storage.add_feed(url, title="Thời sự", folder_id=folder_id, now=NOW).id


def test_new_database_is_wal_with_latest_schema(storage: Storage, tmp_path: Path) -> None:
    assert storage.schema_version() == LATEST_VERSION
    conn = sqlite3.connect(tmp_path / "db.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert storage.integrity_check() == "ok"


def test_reopening_keeps_data(tmp_path: Path) -> None:
    s = Storage(tmp_path / "db.sqlite3")
    add_feed(s)
    s.close()
    s2 = Storage(tmp_path / "db.sqlite3")
    assert [f.url for f in s2.feeds()] == ["https://example.vn/rss"]
    s2.close()


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    with pytest.raises(DatabaseTooNewError, match="newer Newsreader"):
        Storage(path)


def test_garbage_file_is_reported_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseCorruptError):
        Storage(path)
    assert path.read_bytes().startswith(b"this is not a database")  # never silently replaced


def test_feeds_folders_and_counts(storage: Storage) -> None:
    a = add_feed(storage, "https://vnexpress.net/rss/thoi-su.rss", "VnExpress")
    b = add_feed(storage, "https://kinhtedothi.vn/rss/home.rss")
    storage.store_refresh(
        a, FeedState(checked=NOW), [write("1", "Hà Nội"), write("2", "Đà Nẵng")], [], now=NOW
    )
    f = storage.feed(a)
    assert (f.unread, f.total, f.folder) == (2, 2, "VnExpress")
    assert storage.feed(b).total == 0
    assert [x.name for x in storage.folders()] == ["VnExpress"]
    with pytest.raises(InvalidInputError, match="already subscribed"):
        add_feed(storage, "https://kinhtedothi.vn/rss/home.rss")
    with pytest.raises(NotFoundError):
        storage.feed(999)


def test_user_title_is_not_overwritten_by_refresh(storage: Storage) -> None:
    fid = add_feed(storage)
    storage.record_fetch(fid, FeedState(checked=NOW, title="Feed's own title"))
    assert storage.feed(fid).title == "Feed's own title"
    storage.set_feed_title(fid, "Tin của tôi")
    storage.record_fetch(fid, FeedState(checked=NOW, title="Feed's own title"))
    assert storage.feed(fid).title == "Tin của tôi"


def test_fetch_error_keeps_validators_and_success_time(storage: Storage) -> None:
    fid = add_feed(storage)
    storage.record_fetch(fid, FeedState(checked=NOW, etag='"v1"', body_hash="abc"))
    later = NOW + timedelta(hours=1)
    storage.record_fetch(fid, FeedState(checked=later, error="HTTP 500 Internal Server Error"))
    f = storage.feed(fid)
    assert f.etag == '"v1"' and f.body_hash == "abc"
    assert f.last_error == "HTTP 500 Internal Server Error"
    assert f.last_checked == later and f.last_success == NOW
    storage.record_fetch(fid, FeedState(checked=later, etag='"v2"'))
    assert storage.feed(fid).last_error is None


def test_articles_order_filters_and_paging(storage: Storage) -> None:
    a = add_feed(storage, "https://a.vn/rss", "A")
    b = add_feed(storage, "https://b.vn/rss", "B")
    storage.store_refresh(
        a,
        FeedState(checked=NOW),
        [write(str(i), f"A{i}", minutes_ago=i) for i in range(5)],
        [],
        now=NOW,
    )
    storage.store_refresh(
        b, FeedState(checked=NOW), [write("x", "B-newest", minutes_ago=-1)], [], now=NOW
    )
    titles = [x.title for x in storage.articles(ArticleQuery())]
    assert titles == ["B-newest", "A0", "A1", "A2", "A3", "A4"]
    assert [x.title for x in storage.articles(ArticleQuery(folder="A", limit=2, offset=1))] == [
        "A1",
        "A2",
    ]
    assert storage.count_articles(ArticleQuery(feed_id=b)) == 1
    ids = [x.id for x in storage.articles(ArticleQuery(feed_id=a))]
    storage.set_read(ids[:3], True, now=NOW)
    assert storage.count_articles(ArticleQuery(unread=True)) == 3
    storage.set_saved([ids[4]], True, now=NOW)
    assert [x.id for x in storage.articles(ArticleQuery(saved=True))] == [ids[4]]
    assert storage.totals() == (6, 3, 1)
    assert storage.unread_counts() == {a: 2, b: 1}
    assert storage.mark_all_read(ArticleQuery(feed_id=a), now=NOW) == 2
    assert storage.unread_counts() == {b: 1}


def test_article_detail_and_ids(storage: Storage) -> None:
    fid = add_feed(storage)
    storage.store_refresh(fid, FeedState(checked=NOW), [write("k", "Đột phá")], [], now=NOW)
    (art,) = storage.articles(ArticleQuery())
    full = storage.article(art.id)
    assert full.content_html == "<p>Đột phá</p>" and full.categories == ("Thời sự",)
    assert full.published == NOW and full.published.tzinfo is not None
    assert storage.articles_by_ids([art.id, 12345]) == [art]
    with pytest.raises(NotFoundError):
        storage.article(12345)


def test_updates_in_place_keep_state(storage: Storage) -> None:
    fid = add_feed(storage)
    storage.store_refresh(fid, FeedState(checked=NOW), [write("k", "Bản nháp")], [], now=NOW)
    (art,) = storage.articles(ArticleQuery())
    storage.set_read([art.id], True, now=NOW)
    storage.set_saved([art.id], True, now=NOW)
    stored = storage.stored_entries(fid)
    assert stored["k"].id == art.id
    storage.store_refresh(
        fid, FeedState(checked=NOW), [], [(art.id, write("k", "Bản cuối", chash="h2"))], now=NOW
    )
    (after,) = storage.articles(ArticleQuery())
    assert (after.id, after.title, after.read, after.saved) == (art.id, "Bản cuối", True, True)
    assert storage.stored_entries(fid)["k"].content_hash == "h2"


def test_insert_of_existing_key_is_ignored(storage: Storage) -> None:
    fid = add_feed(storage)
    storage.store_refresh(fid, FeedState(checked=NOW), [write("k", "Một")], [], now=NOW)
    storage.store_refresh(fid, FeedState(checked=NOW), [write("k", "Một")], [], now=NOW)
    assert storage.count_articles(ArticleQuery()) == 1


def test_remove_feed_keeps_saved_articles_with_source_name(storage: Storage) -> None:
    fid = add_feed(storage, folder="VnExpress")
    storage.store_refresh(
        fid, FeedState(checked=NOW), [write("1", "Giữ lại"), write("2", "Bỏ đi")], [], now=NOW
    )
    keep = next(a for a in storage.articles(ArticleQuery()) if a.title == "Giữ lại")
    storage.set_saved([keep.id], True, now=NOW)
    assert storage.remove_feed(fid) == 1
    assert storage.feeds() == []
    (saved,) = storage.articles(ArticleQuery(saved=True))
    assert (saved.id, saved.feed_id, saved.feed_title, saved.folder) == (
        keep.id,
        None,
        "Thời sự",
        "VnExpress",
    )
    assert storage.count_articles(ArticleQuery()) == 1
    with pytest.raises(NotFoundError):
        storage.remove_feed(fid)


def test_store_for_removed_feed_is_dropped(storage: Storage) -> None:
    fid = add_feed(storage)
    storage.remove_feed(fid)
    storage.store_refresh(fid, FeedState(checked=NOW), [write("1", "x")], [], now=NOW)
    assert storage.count_articles(ArticleQuery()) == 0


def test_failed_transaction_rolls_back(storage: Storage) -> None:
    fid = add_feed(storage)
    with pytest.raises(RuntimeError), storage.transaction() as c:
        c.execute("UPDATE feeds SET title = 'changed' WHERE id = ?", (fid,))
        raise RuntimeError("boom")
    assert storage.feed(fid).title == "Thời sự"


def test_connections_per_thread(storage: Storage) -> None:
    import threading

    fid = add_feed(storage)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            storage.store_refresh(
                fid,
                FeedState(checked=NOW),
                [write(f"t{n}-{i}", "x") for i in range(20)],
                [],
                now=NOW,
            )
            storage.articles(ArticleQuery(limit=5))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert storage.count_articles(ArticleQuery()) == 120


def test_feed_options(storage: Storage) -> None:
    fid = add_feed(storage)
    storage.set_feed_option(fid, "fulltext", "always")
    assert storage.feed(fid).option("fulltext") == "always"
    storage.set_feed_option(fid, "fulltext", None)
    assert storage.feed(fid).option("fulltext", "auto") == "auto"


def test_folders_rename_and_delete(storage: Storage) -> None:
    fid = add_feed(storage, folder="Cũ")
    folder_id = storage.feed(fid).folder_id
    assert folder_id is not None
    storage.rename_folder(folder_id, "Mới")
    assert storage.feed(fid).folder == "Mới"
    storage.folder_id("Khác")
    with pytest.raises(InvalidInputError):
        storage.rename_folder(folder_id, "Khác")
    storage.delete_folder(folder_id)
    assert storage.feed(fid).folder is None


def test_connections_of_finished_threads_are_closed(storage: Storage) -> None:
    import threading

    for _ in range(10):
        t = threading.Thread(target=storage.feeds)
        t.start()
        t.join()
    storage.feeds()
    t = threading.Thread(target=storage.feeds)
    t.start()
    t.join()
    # This thread's connection and the last worker's remain; the nine before were closed.
    assert storage.open_connections() <= 2


def test_keyset_paging_matches_offset_paging(storage: Storage) -> None:
    fid = add_feed(storage)
    # Several articles share a time: the id breaks the tie, as in list order.
    writes = [write(str(i), f"Tin {i}", minutes_ago=i // 3) for i in range(40)]
    storage.store_refresh(fid, FeedState(checked=NOW), writes, [], now=NOW)
    everything = storage.articles(ArticleQuery())
    pages, after = [], None
    while True:
        page = storage.articles(ArticleQuery(limit=7, after=after))
        if not page:
            break
        pages += page
        after = page[-1].page_key
    assert [a.id for a in pages] == [a.id for a in everything]
    unread_page = storage.articles(
        ArticleQuery(unread=True, limit=5, after=everything[10].page_key)
    )
    assert [a.id for a in unread_page] == [a.id for a in everything[11:16]]


def test_keyset_paging_upwards_matches_the_list(storage: Storage) -> None:
    """`before`: the rows just above a place, in list order; page by page back to the top."""
    fid = add_feed(storage)
    writes = [write(str(i), f"Tin {i}", minutes_ago=i // 3) for i in range(40)]
    storage.store_refresh(fid, FeedState(checked=NOW), writes, [], now=NOW)
    everything = storage.articles(ArticleQuery())
    pages: list[int] = []
    before = everything[-1].page_key
    while True:
        page = storage.articles(ArticleQuery(limit=7, before=before))
        if not page:
            break
        pages[0:0] = [a.id for a in page]
        before = page[0].page_key
    assert pages == [a.id for a in everything[:-1]]
    unread_page = storage.articles(
        ArticleQuery(unread=True, limit=5, before=everything[20].page_key)
    )
    assert [a.id for a in unread_page] == [a.id for a in everything[15:20]]


def test_nested_failure_undoes_only_its_own_writes(storage: Storage) -> None:
    a = add_feed(storage, "https://a.vn/rss")
    b = add_feed(storage, "https://b.vn/rss")
    with storage.batch() as batch:
        batch.begin()
        storage.store_refresh(a, FeedState(checked=NOW), [write("1", "Một")], [], now=NOW)
        with pytest.raises(RuntimeError), storage.transaction() as c:
            c.execute("UPDATE feeds SET title = 'hỏng' WHERE id = ?", (b,))
            raise RuntimeError("this feed failed half-way")
        batch.checkpoint()
        storage.store_refresh(b, FeedState(checked=NOW), [write("2", "Hai")], [], now=NOW)
    assert storage.count_articles(ArticleQuery()) == 2
    assert storage.feed(b).title == "Thời sự"
    assert not storage._conn().in_transaction


def test_batch_rolls_back_on_error_and_commits_otherwise(storage: Storage) -> None:
    fid = add_feed(storage)
    with pytest.raises(KeyError), storage.batch() as batch:
        batch.begin()
        storage.store_refresh(fid, FeedState(checked=NOW), [write("1", "Một")], [], now=NOW)
        raise KeyError("crash")
    assert storage.count_articles(ArticleQuery()) == 0
    with storage.batch() as batch:
        batch.begin()
        storage.store_refresh(fid, FeedState(checked=NOW), [write("1", "Một")], [], now=NOW)
    other = Storage(storage.path)  # another connection sees it: committed
    assert other.count_articles(ArticleQuery()) == 1
    other.close()


def test_a_batch_has_a_bigger_page_cache_only_while_it_runs(storage: Storage) -> None:
    from newsreader.core.storage.connection import BATCH_CACHE_KIB

    def cache() -> int:
        return int(storage._conn().execute("PRAGMA cache_size").fetchone()[0])

    own = cache()
    fid = add_feed(storage)
    with storage.batch() as batch:
        assert cache() == -BATCH_CACHE_KIB
        batch.begin()
        storage.store_refresh(fid, FeedState(checked=NOW), [write("1", "Một")], [], now=NOW)
    assert cache() == own
    with pytest.raises(KeyError), storage.batch():
        raise KeyError("crash")
    assert cache() == own


def test_close_never_pulls_a_connection_from_under_a_running_query(tmp_path: Path) -> None:
    import threading

    s = Storage(tmp_path / "db.sqlite3")
    fid = add_feed(s)
    s.store_refresh(
        fid, FeedState(checked=NOW), [write(str(i), "x") for i in range(200)], [], now=NOW
    )
    started, results = threading.Event(), []

    def reader() -> None:
        started.set()
        try:
            for _ in range(200):
                s.articles(ArticleQuery(limit=50))
            results.append("finished")
        except StorageError as exc:
            results.append(str(exc))

    t = threading.Thread(target=reader)
    t.start()
    started.wait()
    s.close()
    t.join()
    assert results in (["finished"], ["the library is closed"])
    with pytest.raises(StorageError, match="closed"):
        s.feeds()


def test_close_leaves_an_empty_wal_even_with_idle_worker_connections(tmp_path: Path) -> None:
    import threading

    s = Storage(tmp_path / "db.sqlite3")
    fid = add_feed(s)
    s.store_refresh(fid, FeedState(checked=NOW), [write("1", "x")], [], now=NOW)
    stop = threading.Event()
    worker = threading.Thread(target=lambda: (s.feeds(), stop.wait()))
    worker.start()  # stays alive with its own connection open, as a thread pool's would
    try:
        s.close()
        wal = tmp_path / "db.sqlite3-wal"
        assert not wal.exists() or wal.stat().st_size == 0
    finally:
        stop.set()
        worker.join()


def test_search_rows_written_in_a_batch_follow_its_feeds(storage: Storage) -> None:
    """In a batch, the search-index rows are written at commit (not at each feed's savepoint):
    a feed whose write fails leaves none behind, an update in the same batch replaces the row."""
    a = add_feed(storage, "https://a.vn/rss")
    b = add_feed(storage, "https://b.vn/rss")
    c = add_feed(storage, "https://c.vn/rss")
    broken = dataclasses.replace(write("x", "Ba lan"), title=None)  # NOT NULL: the write fails
    with storage.batch() as batch:
        batch.begin()
        storage.store_refresh(a, FeedState(checked=NOW), [write("1", "Một lần")], [], now=NOW)
        with pytest.raises(StorageError):
            storage.store_refresh(b, FeedState(checked=NOW), [broken], [], now=NOW)
        (first,) = storage.articles(ArticleQuery(feed_id=a))
        storage.store_refresh(
            a, FeedState(checked=NOW), [], [(first.id, write("1", "Hai lần", chash="2"))], now=NOW
        )
        storage.store_refresh(c, FeedState(checked=NOW), [write("3", "Bốn lần")], [], now=NOW)
        other = Storage(storage.path)
        assert other.search('"lan"', ArticleQuery(), limit=10) == []  # nothing committed yet
        other.close()

    def titles(match: str) -> list[str]:
        return sorted(a.title for a, _ in storage.search(match, ArticleQuery(), limit=10))

    assert titles('"lan"') == ["Bốn lần", "Hai lần"]
    assert titles('"mot"') == []
    assert titles('"ba"') == []
    # an update of a row committed earlier replaces it too
    with storage.batch() as batch:
        batch.begin()
        (fourth,) = storage.articles(ArticleQuery(feed_id=c))
        storage.store_refresh(
            c, FeedState(checked=NOW), [], [(fourth.id, write("3", "Năm", chash="5"))], now=NOW
        )
    assert titles('"lan"') == ["Hai lần"]
    assert titles('"nam"') == ["Năm"]


def test_retention_counts_from_arrival_and_reading_not_publication(storage: Storage) -> None:
    """An archive feed's old items, read today, are not pruned tomorrow."""
    fid = add_feed(storage)
    old = write("old", "Bài cũ", minutes_ago=2 * 365 * 24 * 60)  # published two years ago
    storage.store_refresh(fid, FeedState(checked=NOW), [old, write("new", "Bài mới")], [], now=NOW)
    ids = {a.title: a.id for a in storage.articles(ArticleQuery())}
    storage.set_read([ids["Bài cũ"]], True, now=NOW + timedelta(days=1))
    storage.set_read([ids["Bài mới"]], True, now=NOW + timedelta(days=80))

    def prune(days_later: int) -> int:
        return storage.prune(
            now=NOW + timedelta(days=days_later),
            keep_read_days=90,
            keep_per_feed=100,
            keep_unread_per_feed=100,
        ).articles

    assert prune(2) == 0  # read yesterday: kept, whatever its published date
    assert prune(90) == 0  # arrived and read less than 90 days ago
    assert prune(92) == 1  # arrived and read more than 90 days ago: the old one goes
    assert [a.title for a in storage.articles(ArticleQuery())] == ["Bài mới"]
    assert prune(169) == 0  # arrived long ago but read 89 days ago
    assert prune(171) == 1
