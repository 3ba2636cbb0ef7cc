"""The real article pages (tests/data/vn-real) as a new user meets them: a feed of ours points at
the pages served from 127.0.0.1, the library keeps them offline, and the reader shows each one's
own text, pictures and author — no related box, no byline in the body."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.app import open_library
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.core.pages.sanitize import image_urls, sanitize_html
from newsreader.paths import app_paths
from tests.core.offline.test_fulltext import png
from tests.feedgen import Item, rss
from tests.vnreal import ARTICLES, norm, page_bytes

# The picture hosts of the real pages, served locally instead.
_IMAGE_HOSTS = re.compile(
    r"https?://(?:[\w-]+\.vnecdn\.net|vnn-imgs-f\.vgcloud\.vn|static-images\.vnncdn\.net|"
    r"sovhtt\.hanoi\.gov\.vn|media\.kinhtedothi\.vn)/"
)


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    if srv.is_running():
        srv.stop()


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(app_paths(tmp_path / "home"))
    yield library
    library.close()


def _slug(name: str) -> str:
    return name.replace("/", "-")


def test_real_articles_read_offline_as_on_the_site(server: HTTPServer, lib: Library) -> None:
    base = server.url_for("").rstrip("/")
    for name in ARTICLES:
        html = _IMAGE_HOSTS.sub(f"{base}/img/", page_bytes(name).decode("utf-8"))
        server.expect_request(f"/{_slug(name)}.html").respond_with_data(
            html, content_type="text/html; charset=utf-8"
        )

    def image(request: Request) -> Response:
        return Response(png(), content_type="image/png")

    server.expect_request(re.compile(r"^/img/.*")).respond_with_handler(image)
    items = [
        Item(f"Bài {n}", _slug(name), lead="Tin ngắn.", minutes_ago=n)
        for n, name in enumerate(ARTICLES)
    ]
    server.expect_request("/rss.xml").respond_with_data(
        rss(items, host=base, title="Tin thật"), content_type="application/rss+xml"
    )
    lib.subscribe(server.url_for("/rss.xml"))
    report = lib.fetch_offline_content()
    assert report.pages == len(ARTICLES) and report.extracted == len(ARTICLES)
    server.stop()

    by_link = {a.link: a for a in lib.articles(ArticleQuery())}
    for name, expected in ARTICLES.items():
        article = lib.article(by_link[f"{base}/{_slug(name)}.html"].id)
        assert article.full_text, name
        text = norm(unescape(re.sub(r"<[^>]+>", "", article.content_html or "")))
        for paragraph in expected["paragraphs"]:
            assert norm(paragraph) in text, (name, paragraph[:60])
        for snippet in expected["boilerplate"]:
            assert norm(snippet) not in text, (name, snippet)
        assert article.author == expected["author"], name
        pictures = image_urls(sanitize_html(article.content_html, base_url=article.link))
        assert len(pictures) == len(expected["images"]), name
        for url in pictures:
            assert lib.cached_image(url) is not None, (name, url)
