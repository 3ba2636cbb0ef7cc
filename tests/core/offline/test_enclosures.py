"""Enclosures stored with their articles, shown by `show --json`, downloaded within limits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from newsreader.app import open_library
from newsreader.core.errors import BlockedAddressError, NetworkError, NotFoundError
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery, Enclosure
from newsreader.core.retention import Retention
from newsreader.paths import app_paths
from tests.clitools import Cli
from tests.clock import FakeClock
from tests.feedgen import BASE_TIME

AUDIO = b"ID3" + bytes(range(256)) * 40  # about 10 KB of "MP3"


def podcast(base: str, other: str, *, length: int = len(AUDIO)) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Podcast</title><link>{base}/</link>
<item><title>Bản tin sáng</title><link>{base}/sang.html</link><guid>sang</guid>
<pubDate>Thu, 26 Nov 2026 08:00:00 +0700</pubDate>
<enclosure url="{base}/sang.mp3" length="{length}" type="audio/mpeg"/>
<enclosure url="{other}/elsewhere.pdf" type="application/pdf"/>
</item></channel></rss>""".encode()


@pytest.fixture
def other_server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(app_paths(tmp_path / "home"), clock=FakeClock(BASE_TIME))
    yield library
    library.close()


def subscribe(lib: Library, httpserver: HTTPServer, other: HTTPServer, **kw: int) -> int:
    base, elsewhere = httpserver.url_for("").rstrip("/"), other.url_for("").rstrip("/")
    httpserver.expect_request("/podcast.rss").respond_with_data(
        podcast(base, elsewhere, **kw), content_type="application/rss+xml"
    )
    httpserver.expect_request("/sang.mp3").respond_with_data(AUDIO, content_type="audio/mpeg")
    other.expect_request("/elsewhere.pdf").respond_with_data(
        b"%PDF-1.4", content_type="application/pdf"
    )
    lib.subscribe(httpserver.url_for("/podcast.rss"))
    return lib.articles(ArticleQuery())[0].id


def test_enclosures_are_stored_and_downloaded_through_the_guard(
    lib: Library, httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    article_id = subscribe(lib, httpserver, other_server)
    article = lib.article(article_id)
    base = httpserver.url_for("").rstrip("/")
    assert article.enclosures[0] == Enclosure(f"{base}/sang.mp3", "audio/mpeg", len(AUDIO))
    assert article.enclosures[1].type == "application/pdf"
    assert lib.enclosure_file(article_id, 0) is None
    path = lib.download_enclosure(article_id, 0)
    assert path.read_bytes() == AUDIO and path.suffix == ".mp3"
    assert lib.enclosure_file(article_id, 0) == path
    assert lib.download_enclosure(article_id, 0) == path  # cached: no second request
    assert sum(1 for r, _ in httpserver.log if r.path == "/sang.mp3") == 1
    # The second file is on a local address nobody subscribed to: the guard refuses it.
    with pytest.raises(BlockedAddressError):
        lib.download_enclosure(article_id, 1)
    assert other_server.log == []
    with pytest.raises(NotFoundError):
        lib.download_enclosure(article_id, 5)


def test_downloads_stay_within_the_image_cache_budget(
    lib: Library, httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    article_id = subscribe(lib, httpserver, other_server, length=50 * 1024 * 1024)
    lib.set_retention(Retention(image_cache_mb=1))
    with pytest.raises(NetworkError, match="more than the cache allows"):
        lib.download_enclosure(article_id, 0)  # declared too large: not even requested
    assert not any(r.path == "/sang.mp3" for r, _ in httpserver.log)
    lib.images.max_bytes = 4 * 1024  # the file is larger than it says: cut off while reading
    with pytest.raises(NetworkError):
        lib.enclosure_downloads.download(
            Enclosure(f"{httpserver.url_for('/sang.mp3')}", "audio/mpeg")
        )
    assert lib.enclosure_file(article_id, 0) is None


def test_updated_entry_replaces_its_enclosures_and_removal_drops_them(
    lib: Library, httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    article_id = subscribe(lib, httpserver, other_server)
    base = httpserver.url_for("").rstrip("/")
    httpserver.clear()
    httpserver.expect_request("/podcast.rss").respond_with_data(
        podcast(base, base, length=123), content_type="application/rss+xml"
    )
    lib.refresh()
    found = lib.article(article_id).enclosures
    assert [e.length for e in found] == [123, None] and found[1].url == f"{base}/elsewhere.pdf"
    lib.unsubscribe(lib.feeds()[0].id)
    assert lib.storage.enclosures(article_id) == ()


def test_cli_show_json_lists_enclosures(
    cli: Cli, httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    base, elsewhere = httpserver.url_for("").rstrip("/"), other_server.url_for("").rstrip("/")
    httpserver.expect_request("/podcast.rss").respond_with_data(
        podcast(base, elsewhere), content_type="application/rss+xml"
    )
    assert cli("add", httpserver.url_for("/podcast.rss"))[0] == 0
    article_id = cli.json("articles")[0]["id"]
    shown = cli.json("show", str(article_id))
    assert shown["enclosures"] == [
        {"url": f"{base}/sang.mp3", "type": "audio/mpeg", "length": len(AUDIO)},
        {"url": f"{elsewhere}/elsewhere.pdf", "type": "application/pdf", "length": None},
    ]
    code, out, _err = cli("show", str(article_id))
    assert code == 0 and f"[audio/mpeg ({len(AUDIO)} bytes)] {base}/sang.mp3" in out
