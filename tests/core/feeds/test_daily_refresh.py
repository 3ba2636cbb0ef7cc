"""Rules and schedules inside a real refresh, on feeds that overlap like the bundled ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from newsreader.app import open_library
from newsreader.core.feeds.document import parse_feed
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.paths import app_paths
from tests import overlap

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(app_paths(tmp_path / "home"))
    library.clock = Clock()
    yield library
    library.close()


def serve_all(httpserver: HTTPServer, lib: Library, **headers: str) -> dict[str, int]:
    ids = {}
    for name, body in [("latest", overlap.latest())] + [
        (s, overlap.section(s)) for s in overlap.SECTIONS
    ]:
        httpserver.expect_request(f"/{name}.rss").respond_with_data(
            body, content_type="application/rss+xml", headers=headers
        )
        folder = "Thể thao" if name == "the-thao" else "VnExpress"
        feed = lib.subscribe(httpserver.url_for(f"/{name}.rss"), folder=folder, fetch=False).feed
        ids[name] = feed.id
    return ids


def test_rules_apply_to_stories_as_they_are_stored(lib: Library, httpserver: HTTPServer) -> None:
    feeds = serve_all(httpserver, lib)
    lib.rules.add("bong da", action="hide")  # accents optional
    lib.rules.add('"gia vang"', field="title", action="save")
    lib.rules.add("/lãi\\s+suất/", action="read")
    lib.rules.add("xe dien", folder="VnExpress", action="highlight")
    lib.rules.add("duong sat", feed_id=feeds["the-thao"], action="hide")  # not in that feed
    lib.rules.add("ha noi", action="notify")
    for feed_id in feeds.values():
        lib.refresh([feed_id])
    listed = {a.title.split()[0]: a for a in lib.articles()}
    assert sorted(listed) == ["Giá", "Hà", "Lãi", "Người"]  # football hidden
    assert listed["Giá"].saved and lib.count_articles(ArticleQuery(saved=True)) == 1
    assert listed["Lãi"].read and not listed["Hà"].read
    assert listed["Người"].highlighted and not listed["Giá"].highlighted
    hidden = lib.articles(ArticleQuery(include_hidden=True))
    assert len(hidden) == 5 and [a.hidden for a in hidden].count(True) == 1
    # Counts leave hidden stories out: the sports feed shows nothing unread.
    assert lib.feed(feeds["the-thao"]).unread == 0
    assert lib.totals() == (4, 3, 1)
    assert len(lib.rules.all()) == 6
    # The live preview finds what a rule would match among stored articles.
    preview = lib.rules.preview(lib.rules.make("tiet kiem", action="read"))
    assert [a.title for a in preview] == ["Lãi suất tiết kiệm giảm"]


def test_rules_only_touch_articles_stored_after_them(lib: Library, httpserver: HTTPServer) -> None:
    feeds = serve_all(httpserver, lib)
    lib.refresh([feeds["latest"]])
    lib.rules.add("gia vang", action="hide")
    assert lib.count_articles() == 5
    # A new copy of the same story arrives: the rule matches it, the story is hidden.
    lib.refresh([feeds["kinh-te"]])
    assert lib.count_articles() == 4


def test_saved_searches_count_stories(lib: Library, httpserver: HTTPServer) -> None:
    serve_all(httpserver, lib)
    lib.refresh()
    kept = lib.searches.save("Tiền", "gia vang")
    assert (kept.unread, kept.total) == (1, 1)  # two copies, one story
    lib.searches.save("Giao thông", "xe dien")
    found = {s.name: s for s in lib.searches.all()}
    assert found["Giao thông"].total == 1
    lib.mark_read([a.id for a in lib.articles(lib.searches.query(found["Tiền"]))])
    assert lib.searches.find("Tiền").unread == 0
    lib.searches.remove(found["Giao thông"].id)
    assert [s.name for s in lib.searches.all()] == ["Tiền"]


def test_a_fresh_feed_is_not_requested_again(lib: Library, httpserver: HTTPServer) -> None:
    feeds = serve_all(httpserver, lib, **{"Cache-Control": "max-age=3600"})
    assert len(lib.refresh(due=True).feeds) == 4  # never fetched: all due
    requests = len(httpserver.log)
    lib.clock.now = NOW + timedelta(minutes=1)  # type: ignore[attr-defined]
    assert lib.refresh(due=True).feeds == ()  # the server said an hour
    assert len(httpserver.log) == requests
    assert len(lib.refresh().feeds) == 4  # "refresh all" still fetches everything
    lib.clock.now = NOW + timedelta(minutes=62)  # type: ignore[attr-defined]
    assert len(lib.refresh(due=True).feeds) == 4
    # Per-feed interval and pause.
    lib.set_schedule(feeds["latest"], paused=True)
    lib.set_schedule(feeds["kinh-te"], interval_minutes=600)
    lib.clock.now = NOW + timedelta(hours=5)  # type: ignore[attr-defined]
    fetched = {f.feed_id for f in lib.refresh(due=True).feeds}
    assert fetched == {feeds["the-thao"], feeds["thoi-su"]}
    assert feeds["latest"] not in {f.feed_id for f in lib.refresh().feeds}
    assert [f.feed_id for f in lib.refresh([feeds["latest"]]).feeds] == [feeds["latest"]]


def test_retry_after_and_ttl_set_the_next_fetch(lib: Library, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/busy.rss").respond_with_data(
        "slow down", status=503, headers={"Retry-After": "7200"}
    )
    busy = lib.subscribe(httpserver.url_for("/busy.rss"), fetch=False).feed
    ttl_feed = overlap.latest().replace(b"<channel>", b"<channel><ttl>180</ttl>")
    httpserver.expect_request("/ttl.rss").respond_with_data(
        ttl_feed, content_type="application/rss+xml"
    )
    slow = lib.subscribe(httpserver.url_for("/ttl.rss"), fetch=False).feed
    lib.refresh([slow.id])  # first: the 503 makes the client wait for the whole host
    lib.refresh([busy.id])
    assert lib.feed(busy.id).next_due == NOW + timedelta(hours=2)
    assert lib.feed(slow.id).next_due == NOW + timedelta(hours=3)


def test_sy_update_period_is_parsed() -> None:
    body = (
        overlap.latest()
        .replace(
            b'<rss version="2.0">',
            b'<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">',
        )
        .replace(
            b"<channel>",
            b"<channel><sy:updatePeriod>hourly</sy:updatePeriod>"
            b"<sy:updateFrequency>4</sy:updateFrequency>",
        )
    )
    assert parse_feed(body, url="https://vnexpress.net/rss").refresh_hint == timedelta(minutes=15)
