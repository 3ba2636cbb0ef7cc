"""Article pages are read (extracted and sanitized) in the parser processes, under their limits.

A hostile page for each bound: one whose extraction takes too long, one that needs too much
memory. Each becomes a clear error for that article; the reader and the app carry on.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from newsreader.core.errors import PageError, PageMemoryError
from newsreader.core.feeds.parsepool import ParserPool
from newsreader.core.library import Library
from newsreader.core.offline.pagework import read_page, read_page_in
from newsreader.core.storage import Storage
from tests.feedgen import Item, rss
from tests.guards import PermissiveGuard

_MB = 1024 * 1024
URL = "https://tin.example/bai-viet.html"


def page(body: str) -> bytes:
    return (
        "<html><head><title>Tin</title></head><body><article><h1>Tiêu đề bài báo</h1>"
        f"{body}</article></body></html>"
    ).encode()


NORMAL_PAGE = page(
    "".join(
        f"<p>Đoạn {i}: người dân phường {i * 7} cho biết con đường số {i * 13} đã được sửa xong"
        ' hôm qua. <img src="/anh.jpg" alt="ảnh"></p>'
        for i in range(12)
    )
)
# Thousands of paragraphs full of links: the extractor weighs every link (seconds of work).
SLOW_PAGE = page(("<p>" + '<a href="https://tin.example/a">tin</a> ' * 20 + "</p>") * 5000)
# A 5 MB table of 260,000 cells: a few hundred MB of tree while it is read.
HUNGRY_PAGE = page(
    "<table>" + ("<tr>" + "<td>ô</td>" * 50 + "</tr>") * (5 * _MB // 500) + "</table>"
)


def test_a_page_is_read_in_a_worker_like_in_process() -> None:
    pool = ParserPool(1)
    try:
        read = read_page_in(pool)(NORMAL_PAGE, URL, URL)
        assert read == read_page(NORMAL_PAGE, url=URL, link=URL)
        assert read is not None and read.image_urls == ("https://tin.example/anh.jpg",)
        assert "Đoạn 11" in read.index_text
        assert read_page_in(pool)(b"<html><body>menu</body></html>", URL, URL) is None
    finally:
        pool.close()


def test_a_page_too_slow_to_read_is_a_clear_error_and_the_reader_recovers() -> None:
    pool = ParserPool(1, timeout=1.0)
    read = read_page_in(pool)
    try:
        started = time.monotonic()
        with pytest.raises(PageError, match="page took longer than 1 s to read"):
            read(SLOW_PAGE, URL, URL)
        assert time.monotonic() - started < 5
        assert read(NORMAL_PAGE, URL, URL) is not None
    finally:
        pool.close()


def test_a_page_too_big_for_memory_is_a_clear_error_and_the_reader_recovers() -> None:
    pool = ParserPool(1, memory_limit=300 * _MB, timeout=60)
    read = read_page_in(pool)
    try:
        with pytest.raises(PageError, match="memory") as caught:
            read(HUNGRY_PAGE, URL, URL)
        # Reported as such when the worker survived it; as a crash "(it may need too much
        # memory)" when the limit hit the interpreter itself.
        assert isinstance(caught.value, PageMemoryError) or "crashed" in str(caught.value)
        assert read(NORMAL_PAGE, URL, URL) is not None
    finally:
        pool.close()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library(Storage(tmp_path / "db.sqlite3"), PermissiveGuard())
    yield lib
    lib.close()


def test_the_library_reads_pages_in_its_workers(library: Library, httpserver: HTTPServer) -> None:
    """The app's way: a slow page ends as that article's failed full text, with the reason."""
    base = httpserver.url_for("").rstrip("/")
    for name, body in (("slow", SLOW_PAGE), ("normal", NORMAL_PAGE)):
        httpserver.expect_request(f"/{name}.html").respond_with_data(
            body, content_type="text/html; charset=utf-8"
        )
    feed = rss([Item(name, name, lead="x") for name in ("slow", "normal")], host=base)
    httpserver.expect_request("/rss").respond_with_data(feed, content_type="text/xml")
    library.subscribe(httpserver.url_for("/rss"))
    assert library._pool is not None
    library._pool.timeout = 1.0  # the default (20 s) is too long to wait for in a test
    ids = {a.title: a.id for a in library.articles()}
    assert not library.fetch_full_text(ids["slow"]).full_text
    failed = library.storage.fulltext(ids["slow"])
    assert failed is not None and failed.status == "failed"
    assert "longer than 1 s to read" in (failed.error or "")
    assert library.fetch_full_text(ids["normal"]).full_text
