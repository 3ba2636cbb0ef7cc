"""The notification hook: which new articles of a refresh the user asked to be told about."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from newsreader.core.library import NOTIFY_OPTION, Library
from newsreader.core.storage import Storage
from tests.feedgen import BASE_TIME, Item, rss
from tests.guards import PermissiveGuard


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = Library(Storage(tmp_path / "db.sqlite3"), PermissiveGuard(), clock=lambda: BASE_TIME)
    yield library
    library.close()


def serve(server: HTTPServer, path: str, slugs: list[str], title: str) -> str:
    items = [Item(f"Tin {s}", s, minutes_ago=i) for i, s in enumerate(slugs)]
    server.expect_request(path).respond_with_data(
        rss(items, host="https://tin.example.vn", title=title), content_type="application/rss+xml"
    )
    return server.url_for(path)


def test_only_new_unread_articles_of_notify_feeds_are_named(
    lib: Library, httpserver: HTTPServer
) -> None:
    loud = lib.subscribe(serve(httpserver, "/a.rss", ["a1"], "Thời sự")).feed
    quiet = lib.subscribe(serve(httpserver, "/b.rss", ["b1"], "Thể thao")).feed
    lib.set_notify(loud.id, True)
    assert lib.feed(loud.id).option(NOTIFY_OPTION) == "on"
    httpserver.clear()
    serve(httpserver, "/a.rss", ["a3", "a2", "a1"], "Thời sự")
    serve(httpserver, "/b.rss", ["b2", "b1"], "Thể thao")
    result = lib.refresh()
    by_feed = {f.feed_id: f for f in result.feeds}
    assert len(by_feed[loud.id].new_ids) == 2 and len(by_feed[quiet.id].new_ids) == 1
    told = lib.articles_to_notify(result)
    assert [a.title for a in told] == ["Tin a3", "Tin a2"]  # newest first; not the quiet feed
    lib.mark_read([told[0].id])
    assert [a.title for a in lib.articles_to_notify(result)] == ["Tin a2"]
    lib.set_notify(loud.id, False)
    assert lib.articles_to_notify(result) == []


def test_notify_rules_name_their_articles_too(lib: Library, httpserver: HTTPServer) -> None:
    lib.subscribe(serve(httpserver, "/c.rss", ["c1"], "Kinh doanh"))
    lib.rules.add("gia vang", action="notify")
    lib.rules.add("xo so", action="hide")
    httpserver.clear()
    items = [
        Item("Giá vàng tăng mạnh phiên sáng", "gia-vang-2", minutes_ago=0),
        Item("Giá vàng và xổ số", "xo-so", minutes_ago=1),
        Item("Bóng đá", "bong-da-2", minutes_ago=2),
    ]
    httpserver.expect_request("/c.rss").respond_with_data(
        rss(items, host="https://tin.example.vn", title="Kinh doanh"),
        content_type="application/rss+xml",
    )
    result = lib.refresh()
    # The feed is not chosen, but a notify rule matched one; the hidden one is not told.
    assert [a.title for a in lib.articles_to_notify(result)] == ["Giá vàng tăng mạnh phiên sáng"]
