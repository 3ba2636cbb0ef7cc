"""The refresh pipeline: identity, the pure decision, and a refresh against a local server."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from newsreader.core.feeds.update import Updater, content_hash, decide, entry_key, to_write
from newsreader.core.fetch.http import HttpClient
from newsreader.core.models import ArticleQuery, ParsedEntry
from newsreader.core.storage import Storage, StoredEntry
from tests.feedgen import VN_ITEMS, Item, rss

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def entry(
    guid: str | None = "g", link: str | None = "https://x.vn/a", title: str = "Tin"
) -> ParsedEntry:
    return ParsedEntry(guid=guid, link=link, title=title, published=NOW)


def test_entry_key_prefers_guid_then_link_then_hash() -> None:
    assert entry_key(entry()) == "g"
    assert entry_key(entry(guid=None)) == "https://x.vn/a"
    hashed = entry_key(entry(guid=None, link=None))
    assert hashed.startswith("sha1:")
    assert hashed == entry_key(entry(guid=None, link=None))
    assert hashed != entry_key(entry(guid=None, link=None, title="Tin khác"))


def test_decide_new_changed_unchanged_duplicate_tombstoned() -> None:
    same = entry("a")
    changed = entry("b", title="Sửa lại")
    stored = {
        "a": StoredEntry(1, content_hash(same)),
        "b": StoredEntry(2, content_hash(entry("b"))),
    }
    fresh = entry("c")
    dup = entry("c", title="Bản trùng")
    gone = entry("d")
    d = decide([same, changed, fresh, dup, gone], stored, {"d"})
    assert d.inserts == (fresh,)
    assert d.updates == ((2, changed),)


def test_future_dates_are_clamped_for_sorting() -> None:
    future = ParsedEntry(guid="f", link=None, title="t", published=NOW + timedelta(days=30))
    assert to_write(future, NOW).sort_time == NOW
    assert to_write(entry(), NOW).sort_time == NOW
    assert to_write(ParsedEntry(guid="n", link=None, title="t"), NOW).sort_time == NOW


@pytest.fixture
def setup(tmp_path: Path):
    storage = Storage(tmp_path / "db.sqlite3")
    client = HttpClient(deadline=5, read_timeout=3, connect_timeout=2)
    updater = Updater(storage, client, clock=lambda: NOW)
    yield storage, updater
    client.close()
    storage.close()


def test_refresh_many_feeds_one_failing(setup, httpserver: HTTPServer) -> None:
    storage, updater = setup
    for n in range(6):
        httpserver.expect_request(f"/feed{n}.rss").respond_with_data(
            rss([Item(f"Tin {n}-{i}", f"tin-{n}-{i}", minutes_ago=i) for i in range(3)]),
            content_type="application/rss+xml",
        )
    httpserver.expect_request("/broken.rss").respond_with_data("nope", status=500)
    ids = [storage.add_feed(httpserver.url_for(f"/feed{n}.rss"), now=NOW).id for n in range(6)]
    bad = storage.add_feed(httpserver.url_for("/broken.rss"), now=NOW).id
    seen: list[int] = []
    result = updater.refresh(
        [storage.feed(i) for i in [*ids, bad]], progress=lambda o, done, total: seen.append(done)
    )
    assert seen == list(range(1, 8))
    assert result.new_articles == 18 and result.errors == 1 and not result.offline
    assert [f.status for f in result.feeds] == ["new"] * 6 + ["error"]
    assert "500" in (storage.feed(bad).last_error or "")
    assert storage.feed(ids[0]).title == "Thời sự - VnExpress"
    # Same bytes again: unchanged, parsing skipped, nothing duplicated.
    again = updater.refresh([storage.feed(i) for i in ids])
    assert {f.status for f in again.feeds} == {"unchanged"}
    assert storage.count_articles(ArticleQuery()) == 18


def test_cancel_stops_pending_feeds(setup, httpserver: HTTPServer) -> None:
    storage, updater = setup
    httpserver.expect_request("/f.rss").respond_with_data(rss(VN_ITEMS))
    feeds = [
        storage.add_feed(httpserver.url_for("/f.rss") + f"?n={n}", now=NOW).id for n in range(5)
    ]
    cancel = threading.Event()
    cancel.set()
    result = updater.refresh([storage.feed(i) for i in feeds], cancel=cancel)
    assert storage.count_articles(ArticleQuery()) == 0
    assert all(f.status == "error" for f in result.feeds)
    assert all(storage.feed(i).last_error is None for i in feeds)  # cancelling is not an error


def test_offline_is_reported_once(setup) -> None:
    storage, updater = setup
    # Names that cannot resolve (the test guard refuses DNS): the whole network looks gone.
    ids = [storage.add_feed(f"https://khong-co-mang-{n}.example/rss", now=NOW).id for n in range(3)]
    result = updater.refresh([storage.feed(i) for i in ids])
    assert result.offline
    assert result.errors == 3
    # Said once for the refresh, not recorded as an error on every feed.
    assert all(storage.feed(i).last_error is None for i in ids)


def test_one_dead_name_is_that_feeds_error(setup, httpserver: HTTPServer) -> None:
    storage, updater = setup
    httpserver.expect_request("/ok.rss").respond_with_data(rss(VN_ITEMS))
    good = storage.add_feed(httpserver.url_for("/ok.rss"), now=NOW).id
    dead = storage.add_feed("https://ten-mien-da-chet.example/rss", now=NOW).id
    result = updater.refresh([storage.feed(good), storage.feed(dead)])
    assert not result.offline and result.errors == 1
    assert "name not found" in (storage.feed(dead).last_error or "")
    assert storage.feed(good).last_error is None


def test_cancel_stops_feeds_waiting_for_their_host(tmp_path: Path) -> None:
    import time

    from werkzeug import Request, Response

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)

    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(rss(VN_ITEMS), content_type="application/rss+xml")

    server.expect_request("/slow.rss").respond_with_handler(slow)
    server.start()
    storage = Storage(tmp_path / "db.sqlite3")
    client = HttpClient(per_host=2)
    try:
        updater = Updater(storage, client, clock=lambda: NOW)
        ids = [
            storage.add_feed(server.url_for("/slow.rss") + f"?n={n}", now=NOW).id for n in range(8)
        ]
        cancel = threading.Event()
        threading.Timer(0.3, cancel.set).start()
        started = time.monotonic()
        result = updater.refresh([storage.feed(i) for i in ids], cancel=cancel)
        elapsed = time.monotonic() - started
        # Two were in flight (1 s each); the six waiting for the host stopped at once.
        assert elapsed < 2.5
        assert sum(f.status == "new" for f in result.feeds) <= 2
        assert all(storage.feed(i).last_error is None for i in ids)
    finally:
        client.close()
        storage.close()
        server.stop()


def test_each_feeds_parse_is_freed_once_stored(setup, httpserver: HTTPServer) -> None:
    """Parsed feeds are let go one by one as they are stored, not all at the end: freeing a
    1000-feed refresh's entries in one go paused every thread (the window's) for 100 ms."""
    import gc

    from newsreader.core.feeds import update

    storage, updater = setup
    for n in range(8):
        httpserver.expect_request(f"/f{n}.rss").respond_with_data(
            rss([Item(f"Tin {n}-{i}", f"f-{n}-{i}", minutes_ago=i) for i in range(5)]),
            content_type="application/rss+xml",
        )
    feeds = [storage.add_feed(httpserver.url_for(f"/f{n}.rss"), now=NOW) for n in range(8)]
    alive: list[int] = []

    def progress(outcome: object, done: int, total: int) -> None:
        gc.collect()
        alive.append(sum(1 for o in gc.get_objects() if type(o) is update._Fetched))

    result = updater.refresh(feeds, progress=progress)
    assert result.new_articles == 40
    # At the last report every other feed is stored: only the one being reported is alive.
    assert len(alive) == 8 and alive[-1] == 1
