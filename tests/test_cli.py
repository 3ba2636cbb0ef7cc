"""The command line, end to end, against a local HTTP server: the exact contract of issue 2."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.cli import main
from tests.clitools import Cli, serve
from tests.feedgen import VN_ITEMS, Item, rss


def test_add_refresh_list_show_mark(cli: Cli, httpserver: HTTPServer) -> None:
    url = serve(httpserver, "/rss/thoi-su.rss", rss(VN_ITEMS))
    code, out, err = cli("add", url, "--folder", "VnExpress")
    assert code == 0, err
    assert "Subscribed [1] Thời sự - VnExpress in VnExpress" in out and "3 articles" in out

    feeds = cli.json("feeds")
    assert feeds == [
        {
            "id": 1,
            "title": "Thời sự - VnExpress",
            "url": url,
            "site_url": "https://vnexpress.net/thoi-su",
            "folder": "VnExpress",
            "unread": 3,
            "total": 3,
            "last_error": None,
            "last_checked": feeds[0]["last_checked"],
            "account": None,
        }
    ]
    assert feeds[0]["last_checked"].endswith("+00:00")

    arts = cli.json("articles")
    assert [a["title"] for a in arts] == [i.title for i in VN_ITEMS]  # newest first
    first = arts[0]
    assert set(first) == {
        "id",
        "feed_id",
        "feed_title",
        "folder",
        "title",
        "link",
        "published",
        "summary",
        "thumbnail",
        "read",
        "saved",
        "also_in",
        "highlighted",
        "account",
    }
    assert first["also_in"] == [] and first["highlighted"] is False
    assert first["published"] == "2026-11-26T00:55:00+00:00"
    assert first["summary"].startswith("Sáng nay, người dân Hà Nội")
    assert (first["read"], first["saved"], first["folder"]) == (False, False, "VnExpress")

    shown = cli.json("show", str(first["id"]))
    assert {"content_html", "author", "categories"} <= set(shown)
    code, out, _ = cli("show", str(first["id"]))
    assert code == 0 and out.startswith("Hà Nội đột phá hạ tầng đường sắt đô thị\n")

    assert cli("read", str(first["id"]))[0] == 0
    assert cli("save", str(first["id"]), str(arts[1]["id"]))[0] == 0
    assert [a["id"] for a in cli.json("articles", "--unread")] == [a["id"] for a in arts[1:]]
    assert [a["id"] for a in cli.json("articles", "--saved")] == [first["id"], arts[1]["id"]]
    assert cli("unread", str(first["id"]))[0] == 0
    assert cli("unsave", str(arts[1]["id"]))[0] == 0
    assert len(cli.json("articles", "--unread")) == 3
    assert len(cli.json("articles", "--limit", "1")) == 1
    assert cli.json("articles", "--folder", "Không có") == []
    assert cli.json("articles", "--feed", "1", "--saved")[0]["id"] == first["id"]

    code, out, _ = cli("articles")
    assert code == 0 and "Hà Nội đột phá" in out
    code, out, _ = cli("feeds")
    assert code == 0 and "VnExpress / Thời sự - VnExpress" in out


def test_refresh_statuses_and_conditional_get(cli: Cli, httpserver: HTTPServer) -> None:
    calls: dict[str, list[dict[str, str]]] = {"etag": [], "lm": []}

    def etag_handler(request: Request) -> Response:
        calls["etag"].append(dict(request.headers))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(rss(VN_ITEMS), headers={"ETag": '"v1"'}, content_type="application/rss+xml")

    def lm_handler(request: Request) -> Response:
        calls["lm"].append(dict(request.headers))
        stamp = "Wed, 25 Nov 2026 10:00:00 GMT"
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(
            rss(VN_ITEMS, host="https://kinhtedothi.vn", title="Kinh tế & Đô thị"),
            headers={"Last-Modified": stamp},
            content_type="application/rss+xml",
        )

    httpserver.expect_request("/etag.rss").respond_with_handler(etag_handler)
    httpserver.expect_request("/lm.rss").respond_with_handler(lm_handler)
    gz = gzip.compress(rss([Item("Tin nén gzip", "gzip-1")], host="https://dantri.com.vn"))
    httpserver.expect_request("/gz.rss").respond_with_data(
        gz, headers={"Content-Encoding": "gzip"}, content_type="application/rss+xml"
    )
    httpserver.expect_request("/old.rss").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/gz.rss")}
    )
    for path in ("/etag.rss", "/lm.rss", "/old.rss"):
        assert cli("add", httpserver.url_for(path))[0] == 0

    # --no-content: the pages of the articles `add` stored are another test's business.
    doc = cli.json("refresh", "--no-content")
    assert {f["url"].rsplit("/", 1)[1]: f["status"] for f in doc["feeds"]} == {
        "etag.rss": "unchanged",
        "lm.rss": "unchanged",
        "old.rss": "unchanged",
    }
    assert doc["new_articles"] == 0 and doc["errors"] == 0
    assert calls["etag"][-1].get("If-None-Match") == '"v1"'
    assert calls["lm"][-1].get("If-Modified-Since") == "Wed, 25 Nov 2026 10:00:00 GMT"
    assert any(a["title"] == "Tin nén gzip" for a in cli.json("articles"))
    assert set(doc) == {"feeds", "new_articles", "errors", "offline"}
    assert set(doc["feeds"][0]) == {"id", "url", "status", "new_articles", "error"}


def test_errors_are_per_feed_and_refresh_still_succeeds(cli: Cli, httpserver: HTTPServer) -> None:
    good = serve(httpserver, "/good.rss", rss(VN_ITEMS))
    assert cli("add", good)[0] == 0
    state = {"mode": "ok"}

    def flaky(request: Request) -> Response:
        if state["mode"] == "404":
            return Response("gone", status=404)
        if state["mode"] == "500":
            return Response("oops", status=500)
        if state["mode"] == "malformed":
            return Response(
                b"<rss><channel><title>x</title><item><title>a</ti", content_type="text/xml"
            )
        return Response(
            rss([Item("Một tin", "mot-tin")], host="https://vietnamplus.vn"),
            content_type="application/rss+xml",
        )

    httpserver.expect_request("/flaky.rss").respond_with_handler(flaky)
    assert cli("add", httpserver.url_for("/flaky.rss"))[0] == 0
    for mode, needle in (("404", "404"), ("500", "500"), ("malformed", "")):
        state["mode"] = mode
        code, out, err = cli("refresh", "--json")
        assert code == 0, err
        doc = json.loads(out)
        statuses = {f["id"]: f for f in doc["feeds"]}
        if mode != "malformed":
            assert statuses[2]["status"] == "error" and needle in statuses[2]["error"]
            assert doc["errors"] == 1
            assert needle in cli.json("feeds")[1]["last_error"]
        assert statuses[1]["status"] == "unchanged"
    code, out, _ = cli("refresh")
    assert code == 0 and "Refreshed 2 feeds" in out


def test_duplicate_guids_and_changed_entries(cli: Cli, httpserver: HTTPServer) -> None:
    version = {"n": 1}

    def handler(request: Request) -> Response:
        if version["n"] == 1:
            items = [
                Item("Bản tin số 1", "a", guid="id-1"),
                Item("Bản trùng", "b", guid="id-1"),
                Item("Tin không guid", "c", guid=None),
            ]
        else:
            items = [
                Item("Bản tin số 1 (cập nhật)", "a", guid="id-1", lead="Nội dung đã sửa."),
                Item("Tin không guid", "c", guid=None),
                Item("Tin mới", "d", guid="id-4"),
            ]
        return Response(rss(items), content_type="application/rss+xml")

    httpserver.expect_request("/dup.rss").respond_with_handler(handler)
    assert cli("add", httpserver.url_for("/dup.rss"))[0] == 0
    first = cli.json("articles")
    assert sorted(a["title"] for a in first) == ["Bản tin số 1", "Tin không guid"]
    target = next(a for a in first if a["title"] == "Bản tin số 1")
    cli("read", str(target["id"]))
    cli("save", str(target["id"]))
    version["n"] = 2
    doc = cli.json("refresh")
    assert doc["new_articles"] == 1
    after = {a["id"]: a for a in cli.json("articles")}
    assert len(after) == 3
    updated = after[target["id"]]
    assert (
        updated["title"] == "Bản tin số 1 (cập nhật)" and updated["summary"] == "Nội dung đã sửa."
    )
    assert updated["read"] and updated["saved"]
    assert cli.json("refresh")["new_articles"] == 0


def test_remove_keeps_saved(cli: Cli, httpserver: HTTPServer) -> None:
    assert cli("add", serve(httpserver, "/f.rss", rss(VN_ITEMS)))[0] == 0
    arts = cli.json("articles")
    cli("save", str(arts[2]["id"]))
    code, out, _ = cli("remove", "1")
    assert code == 0 and "1 saved article kept" in out
    assert cli.json("feeds") == []
    (kept,) = cli.json("articles")
    assert kept["id"] == arts[2]["id"] and kept["feed_id"] is None
    assert kept["feed_title"] == "Thời sự - VnExpress"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["add", "ftp://example.org/feed"], 1, "only http and https"),
        (["add", "javascript:alert(1)"], 1, "only http and https"),
        (["add", ""], 1, "no URL"),
        (["remove", "42"], 1, "no feed with id 42"),
        (["show", "7"], 1, "no article with id 7"),
        (["read", "7"], 1, "no article with id 7"),
        (["refresh", "9"], 1, "no feed with id 9"),
        (["articles", "--limit", "0"], 2, "at least 1"),
        (["show", "abc"], 2, "invalid int"),
        (["frobnicate"], 2, "invalid choice"),
        (["read"], 2, "required"),
    ],
)
def test_errors_exit_codes(cli: Cli, args: list[str], code: int, message: str) -> None:
    got, _, err = cli(*args)
    assert got == code
    assert message in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_add_dead_server_and_non_feed(cli: Cli, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/404").respond_with_data("no", status=404)
    code, _, err = cli("add", httpserver.url_for("/404"))
    assert code == 1 and "404" in err
    closed = "http://127.0.0.1:9/feed"  # discard port: nothing listens
    code, _, err = cli("add", closed)
    assert code == 1 and err.startswith("newsreader: ") and "Traceback" not in err
    httpserver.expect_request("/page").respond_with_data(
        "<html><head><title>Trang</title></head><body>Không có feed</body></html>",
        content_type="text/html",
    )
    code, _, err = cli("add", httpserver.url_for("/page"))
    assert code == 1 and "no feed" in err
    assert cli.json("feeds") == []


def test_add_web_page_discovers_feed(cli: Cli, httpserver: HTTPServer) -> None:
    feed = serve(httpserver, "/rss/tin-moi-nhat.rss", rss(VN_ITEMS))
    other = serve(httpserver, "/rss/the-gioi.rss", rss([Item("Thế giới", "tg")]))
    rss_type = "application/rss+xml"
    page = f"""<html><head>
      <link rel="alternate" type="{rss_type}" title="Tin mới nhất" href="/rss/tin-moi-nhat.rss">
      <link rel="alternate" type="application/rss+xml" title="Thế giới" href="{other}">
    </head><body>VnExpress</body></html>"""
    httpserver.expect_request("/").respond_with_data(page, content_type="text/html; charset=utf-8")
    code, out, err = cli("add", httpserver.url_for("/"))
    assert code == 0, err
    assert feed in out and f"also on that page: {other}" in out
    assert [f["url"] for f in cli.json("feeds")] == [feed]
    code, out, err = cli("add", httpserver.url_for("/"), "--all")
    assert code == 1 and "already subscribed" in err


def test_python_dash_m_runs_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSREADER_HOME": str(tmp_path / "h")}
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "feeds", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0 and json.loads(done.stdout) == []
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "show", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1 and done.stderr == "newsreader: no article with id 1\n"
    assert (tmp_path / "h" / "data" / "newsreader.sqlite3").exists()


def test_home_option_and_env_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSREADER_HOME", str(tmp_path / "env"))
    assert main(["feeds"]) == 0
    assert (tmp_path / "env" / "data" / "newsreader.sqlite3").exists()
    assert main(["--home", str(tmp_path / "opt"), "feeds"]) == 0
    assert (tmp_path / "opt" / "data" / "newsreader.sqlite3").exists()


def test_counts_are_written_in_the_singular_for_one(cli: Cli, httpserver: HTTPServer) -> None:
    # "Marked read: 1 articles" was what a newcomer read first.
    assert cli("add", serve(httpserver, "/one.rss", rss(VN_ITEMS[:1])))[0] == 0
    assert cli("read", "1")[1] == "Marked read: 1 article (1 changed)\n"
    assert cli("read", "1")[1] == "Marked read: 1 article (0 changed)\n"
    out = cli("refresh", "--no-content")[1]
    assert out.startswith("Refreshed 1 feed: 0 new articles, 0 errors")
