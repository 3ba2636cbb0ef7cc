"""Command line: save keeps articles offline, prune never touches them, export-saved writes HTML."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.clitools import Cli, serve
from tests.feedgen import VN_ITEMS, rss


def test_save_prune_export(cli: Cli, httpserver: HTTPServer, tmp_path: Path) -> None:
    assert cli("add", serve(httpserver, "/f.rss", rss(VN_ITEMS)), "--folder", "VnExpress")[0] == 0
    arts = cli.json("articles")
    code, out, err = cli("save", str(arts[0]["id"]))
    assert code == 0, err
    assert out.startswith("Saved: 1 article (")
    cli("read", *[str(a["id"]) for a in arts])
    settings = cli.home / "config" / "settings.json"
    settings.write_text(json.dumps({"keep_read_days": 1, "keep_per_feed": 10}), encoding="utf-8")
    assert cli.json("prune") == {"articles": 0, "images": 0}  # everything is recent
    code, out, _ = cli("prune", "--per-feed", "10", "--days", "1")
    assert code == 0 and out.startswith("Pruned 0 articles")

    code, out, err = cli("export-saved", str(tmp_path / "out"))
    assert code == 0, err
    assert "Exported 1 saved article with" in out
    files = sorted(p.name for p in (tmp_path / "out").glob("*.html"))
    assert "index.html" in files and len(files) == 2
    page = next(p for p in (tmp_path / "out").glob("*.html") if p.name != "index.html")
    assert VN_ITEMS[0].title in page.read_text(encoding="utf-8")

    code, _, err = cli("export-saved", "/proc/newsreader-cannot-write-here")
    assert code == 1 and "cannot write" in err and "Traceback" not in err
