"""Offline reading end to end: refresh, then the server goes away and everything still reads."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.app import open_library
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.core.pages.sanitize import image_urls, sanitize_html
from newsreader.core.retention import Retention
from newsreader.paths import app_paths
from tests.clock import FakeClock
from tests.feedgen import BASE_TIME, Item, rss

PAGES = Path(__file__).resolve().parents[2] / "data" / "articles" / "pages"
SITES = (
    "https://vnexpress.net",
    "https://i1-vnexpress.vnecdn.net",
    "https://kinhtedothi.vn",
    "https://resource.kinhtedothi.vn",
    "https://cdnphoto.dantri.com.vn",
    "https://dantri.com.vn",
)


def png(width: int = 4, height: int = 3) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def localize(html: str, base: str) -> str:
    for site in SITES:
        host = site.removeprefix("https:")
        html = html.replace(site, base).replace("http:" + host, base)
        html = html.replace(f'"{host}', f'"{base.removeprefix("http:")}')  # protocol-relative
    return html


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    if srv.is_running():
        srv.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(BASE_TIME + timedelta(hours=1))  # an hour after the fixture feed's items


@pytest.fixture
def lib(tmp_path: Path, clock: FakeClock) -> Iterator[Library]:
    library = open_library(app_paths(tmp_path / "home"), clock=clock)
    yield library
    library.close()


def serve_site(server: HTTPServer) -> dict[str, int]:
    base = server.url_for("").rstrip("/")
    pages = {
        "vnexpress_2025-11-03": "xe-buyt",
        "kinhtedothi_2026-11-26": "kinh-te",
        "dantri_2025-12-14": "dan-tri",
    }
    hits: dict[str, int] = {"images": 0}
    for name, slug in pages.items():
        html = localize((PAGES / f"{name}.html").read_text(encoding="utf-8"), base)
        server.expect_request(f"/{slug}.html").respond_with_data(
            html, content_type="text/html; charset=utf-8"
        )

    def image(request: Request) -> Response:
        hits["images"] += 1
        return Response(png(), content_type="image/png")

    server.expect_request(re.compile(r".*\.(jpg|jpeg|png|webp)$")).respond_with_handler(image)
    items = [
        Item(
            f"Bài {slug}",
            slug,
            lead="Tin ngắn.",
            minutes_ago=n * 5,
            image=f"{base}/thumb/{slug}.jpg",
        )
        for n, slug in enumerate(pages.values())
    ]
    feed = rss(items, host=base, title="Tin mới - VnExpress")
    server.expect_request("/rss/tin-moi-nhat.rss").respond_with_data(
        feed, content_type="application/rss+xml"
    )
    return hits


def test_articles_read_fully_offline_after_refresh(
    server: HTTPServer, lib: Library, tmp_path: Path
) -> None:
    hits = serve_site(server)
    lib.subscribe(server.url_for("/rss/tin-moi-nhat.rss"), folder="VnExpress")
    report = lib.fetch_offline_content()
    assert report.pages == 3 and report.extracted == 3 and not report.offline
    assert report.images >= 5 and hits["images"] == report.images

    server.stop()  # the train enters the tunnel
    arts = lib.articles(ArticleQuery())
    assert len(arts) == 3
    for a in arts:
        full = lib.article(a.id)
        assert full.full_text, a.title
        assert full.content_html and "<p>" in full.content_html
        urls = image_urls(sanitize_html(full.content_html, base_url=full.link))
        assert urls, "the body has images"
        for url in [*urls, full.thumbnail]:
            assert url and lib.cached_image(url) is not None, url
    bus = next(lib.article(a.id) for a in arts if a.link and a.link.endswith("xe-buyt.html"))
    assert "Sở Xây dựng Hà Nội cho biết làn đường dành riêng" in (bus.content_html or "")
    assert bus.author == "Võ Hải"
    # Searching finds words that only the full text has.
    assert [h.article.id for h in lib.search('"phat nguoi"')] == [bus.id]
    # A refresh with the server gone is a per-feed error, nothing is lost.
    result = lib.refresh()
    assert result.errors == 1 and lib.count_articles() == 3


def test_saved_survive_pruning_and_feed_removal(
    server: HTTPServer, lib: Library, clock: FakeClock, tmp_path: Path
) -> None:
    serve_site(server)
    sub = lib.subscribe(server.url_for("/rss/tin-moi-nhat.rss"))
    arts = lib.articles(ArticleQuery())
    keep = arts[1]
    lib.mark_saved([keep.id])
    report = lib.keep_offline([keep.id])
    assert report.extracted == 1
    server.stop()

    lib.mark_all_read()
    pruned = lib.prune(Retention(keep_read_days=1, keep_per_feed=10, keep_unread_per_feed=10))
    assert pruned.articles == 0  # all arrived and were read just now
    clock.advance(timedelta(days=365))  # a year later
    pruned = lib.prune(Retention(keep_read_days=30, keep_per_feed=10, keep_unread_per_feed=10))
    assert pruned.articles == 2
    assert [a.id for a in lib.articles(ArticleQuery())] == [keep.id]

    lib.set_retention(Retention(image_cache_mb=0))
    lib.images.evict()  # everything evictable goes; pinned images stay
    assert lib.unsubscribe(sub.feed.id) == 1
    saved = lib.article(keep.id)
    assert saved.saved and saved.full_text and saved.feed_title == "Tin mới - VnExpress"
    for url in image_urls(sanitize_html(saved.content_html, base_url=saved.link)):
        assert lib.cached_image(url) is not None

    out = lib.export_saved(tmp_path / "export")
    assert out.articles == 1 and out.images >= 1 and out.missing_images == 0
    (page,) = [p for p in (tmp_path / "export").glob("*.html") if p.name != "index.html"]
    html = page.read_text(encoding="utf-8")
    assert saved.title in html and 'src="images/' in html
    assert not re.search(r'src="(https?:|nrimg:|file:|/)', html)  # opens offline, fetches nothing
    for src in re.findall(r'src="(images/[^"]+)"', html):
        assert (tmp_path / "export" / src).stat().st_size > 0
    assert "<script" not in html
    assert (tmp_path / "export" / "index.html").read_text(encoding="utf-8").count("<li>") == 1


def test_short_feed_policy_and_failures(server: HTTPServer, lib: Library) -> None:
    base = server.url_for("").rstrip("/")
    long_body = ("<p>" + "Nội dung đầy đủ của bài viết. " * 20 + "</p>") * 3
    server.expect_request("/full.rss").respond_with_data(
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
        <item><title>Bài dài</title><link>{base}/long.html</link><guid>1</guid>
        <description><![CDATA[{long_body}]]></description></item>
        <item><title>Bài hỏng</title><link>{base}/missing.html</link><guid>2</guid>
        <description>Ngắn.</description></item></channel></rss>""",
        content_type="application/rss+xml",
    )
    server.expect_request("/missing.html").respond_with_data("gone", status=404)
    lib.subscribe(server.url_for("/full.rss"))
    report = lib.fetch_offline_content()
    assert report.pages == 1 and report.failed == 1  # the long one is not fetched at all
    by_title = {a.title: lib.article(a.id) for a in lib.articles()}
    assert not by_title["Bài dài"].full_text and "Nội dung đầy đủ" in (
        by_title["Bài dài"].content_html or ""
    )
    assert not by_title["Bài hỏng"].full_text and by_title["Bài hỏng"].summary == "Ngắn."
    assert lib.fetch_offline_content().pages == 0  # attempts are remembered
