"""Full text when the reader wants it: a summary just over 500 characters is fetched, a page with
no more text than the feed keeps the feed's, "Load full article" fetches any page, and articles
stored by `add` get their pages at the next refresh even when it brings nothing new."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from newsreader.app import open_library
from newsreader.core.errors import FeedError, NetworkError
from newsreader.core.library import Library
from newsreader.paths import app_paths
from tests.clitools import Cli

PARAGRAPHS = "".join(
    f"<p>Đoạn {n}: Thành phố đặt mục tiêu hoàn thành các công trình trọng điểm trước năm 2030, "
    "ưu tiên đường sắt đô thị, vành đai và các tuyến xe buýt nhanh nối trung tâm.</p>"
    for n in range(12)
)
PAGE = (
    "<html><head><title>Bài</title></head><body><article><h1>Bài đầy đủ</h1>"
    f"{PARAGRAPHS}</article></body></html>"
)
SUMMARY = "Một bản tóm tắt dài hơn thường lệ, nhưng vẫn chỉ là tóm tắt của bài. " * 9


def feed(base: str, items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><title>{title}</title><link>{base}/{slug}.html</link><guid>{slug}</guid>"
        f"<description><![CDATA[{description}]]></description></item>"
        for title, slug, description in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Báo</title>{body}</channel></rss>'
    )


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(app_paths(tmp_path / "home"))
    yield library
    library.close()


def test_summary_over_500_chars_is_fetched_and_a_shorter_page_keeps_the_feed(
    httpserver: HTTPServer, lib: Library
) -> None:
    base = httpserver.url_for("").rstrip("/")
    long_feed = "".join(f"<p>{SUMMARY}</p>" for _ in range(3))  # more than the page has
    block = SUMMARY * 2  # one block of text: fetched, but the page has less
    httpserver.expect_request("/rss").respond_with_data(
        feed(
            base,
            [("Tóm tắt", "tom-tat", SUMMARY), ("Dài", "dai", long_feed), ("Khối", "khoi", block)],
        ),
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/tom-tat.html").respond_with_data(PAGE, content_type="text/html")
    short_page = "".join(
        f"<p>Đoạn ngắn {n} trên trang: thành phố đặt mục tiêu hoàn thành công trình, ít chữ "
        "hơn bản tin của nguồn tin.</p>"
        for n in range(10)
    )
    httpserver.expect_request("/dai.html").respond_with_data(
        f"<html><head><title>Dài</title></head><body><article><h1>Dài</h1>{short_page}"
        "</article></body></html>",
        content_type="text/html",
    )
    httpserver.expect_request("/khoi.html").respond_with_data(
        f"<html><head><title>Khối</title></head><body><article><h1>Khối</h1>{short_page}"
        "</article></body></html>",
        content_type="text/html",
    )
    lib.subscribe(httpserver.url_for("/rss"))
    assert 500 < len(SUMMARY) < 1_500
    lib.fetch_offline_content()
    by_title = {a.title: a.id for a in lib.articles()}
    summary = lib.article(by_title["Tóm tắt"])
    assert summary.full_text and "Đoạn 11" in (summary.content_html or "")
    longer = lib.article(by_title["Dài"])
    assert not longer.full_text  # the page had less: the feed's text stays
    stored = lib.storage.fulltext(by_title["Dài"])
    assert stored is not None and stored.status == "skipped"
    fetched = lib.storage.fulltext(by_title["Khối"])
    assert fetched is not None and fetched.status == "skipped"
    assert fetched.error == "the page has no more text than the feed"
    assert not lib.article(by_title["Khối"]).full_text
    # The reader asks anyway: the page is fetched and shown, "skipped" was not for good.
    loaded = lib.load_full_article(by_title["Dài"])
    assert loaded.full_text and "Đoạn ngắn 9" in (loaded.content_html or "")


def test_load_full_article_retries_a_failure_and_reports_errors(
    httpserver: HTTPServer, lib: Library
) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/rss").respond_with_data(
        feed(base, [("Bài", "bai", "Ngắn."), ("Trống", "trong", "Ngắn.")]),
        content_type="application/rss+xml",
    )
    answers = [Response("", status=503), Response(PAGE, content_type="text/html")]
    httpserver.expect_request("/bai.html").respond_with_handler(lambda _r: answers.pop(0))
    httpserver.expect_request("/trong.html").respond_with_data(
        "<html><body></body></html>", content_type="text/html"
    )
    lib.subscribe(httpserver.url_for("/rss"))
    ids = {a.title: a.id for a in lib.articles()}
    with pytest.raises(NetworkError) as busy:
        lib.load_full_article(ids["Bài"])
    assert busy.value.status == 503
    assert lib.load_full_article(ids["Bài"]).full_text  # a failed attempt is no verdict
    with pytest.raises(FeedError, match="no article text"):
        lib.load_full_article(ids["Trống"])


def test_articles_stored_by_add_are_prepared_by_the_next_refresh(
    httpserver: HTTPServer, cli: Cli
) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/rss").respond_with_data(
        feed(base, [("Bài", "bai", "Ngắn.")]), content_type="application/rss+xml"
    )
    httpserver.expect_request("/bai.html").respond_with_data(PAGE, content_type="text/html")
    code, _out, err = cli("add", httpserver.url_for("/rss"))
    assert code == 0, err
    result = cli.json("refresh")
    assert result["new_articles"] == 0  # nothing new: add stored them already
    assert result["offline_content"]["full_text"] == 1
