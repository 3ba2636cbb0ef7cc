"""News sites whose sections have no feed: section pages as sources, adding a whole site."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from tests.clitools import Cli
from tests.feedgen import rss

LISTING = Path(__file__).resolve().parents[2] / "data" / "listing"


def kinhtedothi_page(server: HTTPServer) -> str:
    base = server.url_for("").rstrip("/")
    html = (LISTING / "kinhtedothi.vn_kinh-te.html").read_text(encoding="utf-8")
    return html.replace("https://kinhtedothi.vn", base)


def expected_links(server: HTTPServer, key: str) -> set[str]:
    base = server.url_for("").rstrip("/")
    doc = json.loads((LISTING / "kinhtedothi.vn_kinh-te.expected.json").read_text(encoding="utf-8"))
    return {
        (h if isinstance(h, str) else h["url"]).replace("https://kinhtedothi.vn", base)
        for h in doc[key]
    }


def test_section_page_refreshed_twice_adds_no_duplicates(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    page = {"html": kinhtedothi_page(httpserver)}
    httpserver.expect_request("/kinh-te").respond_with_handler(
        lambda r: Response(page["html"], content_type="text/html; charset=utf-8")
    )
    lib = Library.open(tmp_path / "db.sqlite3")
    try:
        sub = lib.subscribe_section(
            httpserver.url_for("/kinh-te"), folder="Kinh tế & Đô thị", title="Kinh tế"
        )
        assert sub.feed.title == "Kinh tế" and sub.feed.option("kind") == "listing"
        links = {a.link for a in lib.articles(ArticleQuery())}
        # Every headline, and nothing but articles (a related-article link may come along).
        assert expected_links(httpserver, "headlines") <= links
        assert links <= expected_links(httpserver, "headlines") | expected_links(
            httpserver, "other_articles"
        )
        # The page changes (an ad rotates, one headline is new): only that one is added.
        page["html"] = (
            page["html"].replace(
                "</main>",
                '<article class="story"><h3 class="story__title">'
                '<a href="/them-mot-tin-moi-ve-kinh-te-thu-do.html">'
                "Thêm một tin mới về kinh tế Thủ đô trong quý IV năm nay</a></h3></article></main>",
                1,
            )
            + "<!-- ad 2 -->"
        )
        first = lib.refresh()
        second = lib.refresh()
        assert second.feeds[0].status == "unchanged"
        assert lib.count_articles() == len(links) + first.new_articles
        assert first.new_articles <= 1
    finally:
        lib.close()


def test_add_site_creates_its_sections(cli: Cli, httpserver: HTTPServer) -> None:
    html = kinhtedothi_page(httpserver)
    served: list[str] = []

    def any_page(request: Request) -> Response:
        served.append(request.path)
        return Response(html, content_type="text/html; charset=utf-8")

    httpserver.expect_request("/rss/home.rss").respond_with_data(
        rss([], host=httpserver.url_for("").rstrip("/"), title="Kinh tế & Đô thị"),
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/").respond_with_handler(any_page)
    for slug in ("thoi-su", "chinh-tri", "kinh-te", "doanh-nghiep", "do-thi"):
        httpserver.expect_request(f"/{slug}").respond_with_handler(any_page)
    httpserver.expect_request(re.compile(r"/.+")).respond_with_handler(any_page)
    doc = cli.json("add", httpserver.url_for("/"), "--sections")
    names = [s["title"] for s in doc["sections"]]
    for wanted in ("Thời sự", "Chính trị", "Kinh tế", "Doanh nghiệp", "Đô thị"):
        assert any(n == wanted or n.startswith(wanted) for n in names), (wanted, names)
    assert {s["folder"] for s in doc["sections"]} == {doc["folder"]}
    assert all(s["total"] > 0 for s in doc["sections"])
    feeds = cli.json("feeds")
    assert len(feeds) == len(doc["sections"]) + len(doc["feeds"])
    # The site's own feed is empty: the reader says so and offers the sections.
    assert [f["url"] for f in doc["feeds"]] == [httpserver.url_for("/rss/home.rss")]
    code, out, _ = cli("feeds")
    assert code == 0 and "the feed has no articles" in out and "--sections" in out


def test_empty_feed_says_so(cli: Cli, httpserver: HTTPServer) -> None:
    url = httpserver.url_for("/rss/feed/4.rss")
    httpserver.expect_request("/rss/feed/4.rss").respond_with_data(
        rss([], title="Kinh tế & Đô thị"), content_type="application/rss+xml"
    )
    assert cli("add", url)[0] == 0
    code, out, _ = cli("feeds")
    assert code == 0 and "note: the feed has no articles" in out
    assert "try: newsreader add https://vnexpress.net/thoi-su --sections" in out
    assert cli.json("feeds")[0]["last_error"] is None


def test_a_site_cannot_make_us_subscribe_to_local_addresses(
    cli: Cli, httpserver: HTTPServer
) -> None:
    home = """<html><head><title>Báo Mẫu - Tin tức</title>
      <link rel="alternate" type="application/rss+xml" href="http://192.168.1.1/rss">
      <link rel="alternate" type="application/rss+xml" href="http://169.254.169.254/latest">
      <link rel="alternate" type="application/rss+xml" href="/rss/home.rss">
    </head><body><nav><a href="http://10.0.0.1/thoi-su">Thời sự</a></nav></body></html>"""
    httpserver.expect_request("/").respond_with_data(home, content_type="text/html")
    httpserver.expect_request("/rss/home.rss").respond_with_data(
        rss([], title="Báo Mẫu"), content_type="application/rss+xml"
    )
    doc = cli.json("add", httpserver.url_for("/"), "--sections")
    assert [f["url"] for f in doc["feeds"]] == [httpserver.url_for("/rss/home.rss")]
    reasons = {s["what"]: s["reason"] for s in doc["skipped"]}
    assert reasons["http://192.168.1.1/rss"] == "points to a local address"
    assert reasons["http://169.254.169.254/latest"] == "points to a local address"
