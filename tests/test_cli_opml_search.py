"""Command line: search, OPML import/export and the bundled defaults, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.clitools import Cli, serve
from tests.feedgen import Item, rss

DATA = Path(__file__).resolve().parent / "data"


def test_search_cli(cli: Cli, httpserver: HTTPServer) -> None:
    items = [
        Item("Hà Nội đột phá hạ tầng đường sắt", "a", lead="Người dân chờ đợi tuyến mới."),
        Item("Giá vàng hôm nay", "b", lead="Vàng miếng tăng nhẹ.", minutes_ago=10),
    ]
    assert cli("add", serve(httpserver, "/f.rss", rss(items)), "--folder", "VnExpress")[0] == 0
    hits = cli.json("search", "dot pha")
    assert [h["title"] for h in hits] == ["Hà Nội đột phá hạ tầng đường sắt"]
    assert "snippet" in hits[0] and {"id", "feed_id", "summary", "read", "saved"} <= set(hits[0])
    assert [h["title"] for h in cli.json("search", "HA NOI", "--folder", "VnExpress")] == [
        "Hà Nội đột phá hạ tầng đường sắt"
    ]
    assert cli.json("search", "gia v", "--limit", "1")[0]["title"] == "Giá vàng hôm nay"
    assert cli.json("search", "vang", "--feed", "99") == []
    code, out, _ = cli("search", "duong sat")
    assert code == 0 and "đường sắt" in out
    code, _, err = cli("search", '"*-:(')
    assert code == 1 and err.startswith("newsreader: ") and err.count("\n") == 1
    code, out, _ = cli("search", "khong co gi")
    assert code == 0 and "No articles match" in out


def test_import_export_round_trip(cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli("import", str(DATA / "opml" / "vn-nested.opml"))
    assert code == 0, err
    assert "Imported" in out
    exported = tmp_path / "out.opml"
    assert cli("export", str(exported))[0] == 0
    before = cli.json("feeds")
    assert before and all(f["last_checked"] is None for f in before)  # import never fetches

    other = Cli(tmp_path / "other-home", cli.capsys)
    doc = other.json("import", str(exported))
    assert doc["skipped"] == []
    after = other.json("feeds")
    key = lambda f: (f["url"], f["title"], f["folder"], f["site_url"])  # noqa: E731
    assert sorted(map(key, after)) == sorted(map(key, before))

    again = cli.json("import", str(exported))
    assert again["added"] == [] and {s["reason"] for s in again["skipped"]} == {
        "already subscribed"
    }
    code, out, _ = cli("export")
    assert code == 0 and out.startswith("<?xml") and "<opml" in out


def test_import_rejects_non_http_and_garbage(cli: Cli, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.opml"
    hostile.write_text(
        """<?xml version="1.0"?><opml version="1.0"><body>
        <outline text="Thời sự" xmlUrl="https://vnexpress.net/rss/thoi-su.rss"/>
        <outline text="pwn" xmlUrl="javascript:alert(1)"/>
        <outline text="local" xmlUrl="file:///etc/passwd"/>
        <outline text="cmd" xmlUrl="$(touch /tmp/pwned)"/>
        </body></opml>""",
        encoding="utf-8",
    )
    doc = cli.json("import", str(hostile))
    assert [f["url"] for f in doc["added"]] == ["https://vnexpress.net/rss/thoi-su.rss"]
    assert len(doc["skipped"]) == 3
    garbage = tmp_path / "garbage.opml"
    garbage.write_bytes(b"\x00\x01 not xml")
    code, _, err = cli("import", str(garbage))
    assert code == 1 and "OPML" in err
    code, _, err = cli("import", str(tmp_path / "missing.opml"))
    assert code == 1 and "cannot read" in err
    code, _, err = cli("import")
    assert code == 1 and "--defaults" in err


def test_defaults_only_on_request(cli: Cli) -> None:
    assert cli.json("feeds") == []  # the command line never adds them by itself
    doc = cli.json("import", "--defaults")
    urls = [f["url"] for f in doc["added"]]
    assert "https://kinhtedothi.vn/rss/home.rss" in urls
    assert any(u.startswith("https://vnexpress.net/rss/") for u in urls)
    folders = {f["folder"] for f in doc["added"]}
    assert len(folders) >= 4 and None not in folders
    assert cli.json("import", "--defaults")["added"] == []
    thoi_su = next(
        f for f in cli.json("feeds") if f["url"].endswith("vnexpress.net/rss/thoi-su.rss")
    )
    assert thoi_su["title"] == "Thời sự"


def test_empty_feed_is_not_an_error(cli: Cli, httpserver: HTTPServer) -> None:
    url = serve(httpserver, "/rss/feed/4.rss", rss([], title="Kinh tế & Đô thị"))
    code, out, err = cli("add", url)
    assert code == 0, err
    assert "0 articles" in out
    doc = json.loads(cli("refresh", "--json")[1])
    assert doc["feeds"][0]["status"] == "unchanged" and doc["errors"] == 0
