"""Feed icons: the feed's own image, else the site's favicon.ico, through the guarded client
into the image cache; a feed without either is not asked again."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from newsreader.app import open_library
from newsreader.core.feeds.document import parse_feed
from newsreader.core.feeds.jsonfeed import parse_json_feed
from newsreader.core.library import Library
from newsreader.core.offline.feedicons import icon_candidates
from newsreader.core.offline.images import sniff_image_type
from newsreader.paths import app_paths
from tests.clock import FakeClock
from tests.core.offline.test_fulltext import png
from tests.feedgen import BASE_TIME


def ico() -> bytes:
    """A one-image .ico holding a PNG (what browsers and Qt read)."""
    image = png(16, 16)
    entry = struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(image), 6 + 16)
    return struct.pack("<HHH", 0, 1, 1) + entry + image


def rss(base: str, image: str | None) -> bytes:
    logo = f"<image><url>{image}</url><title>T</title><link>{base}/</link></image>" if image else ""
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>{base}/</link>'
        f"{logo}<item><title>A</title><link>{base}/a.html</link></item></channel></rss>"
    ).encode()


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(app_paths(tmp_path / "home"), clock=FakeClock(BASE_TIME))
    yield library
    library.close()


def test_feeds_name_their_images() -> None:
    feed = parse_feed(rss("https://a.vn", "/logo.png"), url="https://a.vn/rss")
    assert feed.image == "https://a.vn/logo.png"
    atom = parse_feed(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>x</id>'
        b"<icon>https://b.vn/icon.png</icon><logo>https://b.vn/logo.png</logo></feed>",
        url="https://b.vn/atom",
    )
    assert atom.image == "https://b.vn/icon.png"
    json_feed = parse_json_feed(
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [],'
        b' "favicon": "/fav.png", "icon": "/big.png"}',
        url="https://c.vn/feed.json",
    )
    assert json_feed.image == "https://c.vn/fav.png"
    assert sniff_image_type(ico()) == "image/x-icon"


def test_icons_come_from_the_feed_image_or_the_favicon(
    lib: Library, httpserver: HTTPServer
) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/with-logo.rss").respond_with_data(
        rss(base, f"{base}/logo.png"), content_type="application/rss+xml"
    )
    httpserver.expect_request("/logo.png").respond_with_data(png(32, 32), content_type="image/png")
    with_logo = lib.subscribe(httpserver.url_for("/with-logo.rss")).feed
    assert icon_candidates(lib.feed(with_logo.id)) == [f"{base}/logo.png", f"{base}/favicon.ico"]
    assert lib.fetch_feed_icons() == 1
    assert lib.feed_icon(lib.feed(with_logo.id)) == f"{base}/logo.png"
    assert lib.cached_image(f"{base}/logo.png") == png(32, 32)
    # Another feed of the site without an image: the site's favicon.ico.
    httpserver.expect_request("/plain.rss").respond_with_data(
        rss(base, None), content_type="application/rss+xml"
    )
    httpserver.expect_request("/favicon.ico").respond_with_data(ico(), content_type="image/x-icon")
    plain = lib.subscribe(httpserver.url_for("/plain.rss")).feed
    assert lib.fetch_feed_icons() == 1
    assert lib.feed_icon(lib.feed(plain.id)) == f"{base}/favicon.ico"
    # Nothing more to do until a new feed comes.
    requests_before = len(httpserver.log)
    assert lib.fetch_feed_icons() == 0
    assert len(httpserver.log) == requests_before


def test_a_feed_without_icon_is_not_asked_again(lib: Library, httpserver: HTTPServer) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.rss").respond_with_data(
        rss(base, f"{base}/logo.svg"), content_type="application/rss+xml"
    )
    httpserver.expect_request("/logo.svg").respond_with_data(
        b"<svg/>", content_type="image/svg+xml"
    )
    feed = lib.subscribe(httpserver.url_for("/feed.rss")).feed
    assert lib.fetch_feed_icons() == 0  # an SVG is not cached; no favicon (404)
    assert lib.feed(feed.id).option("icon") == "-" and lib.feed_icon(lib.feed(feed.id)) is None
    asked = len(httpserver.log)
    lib.fetch_feed_icons()
    assert len(httpserver.log) == asked
