"""Import guard for the command line's refresh: a refresh where every feed answers 304 needs the
network stack and the writer, never the parsers (feedparser, lxml), the parser processes
(multiprocessing) or the sanitizer. Like tests/ui/test_startup_imports.py for the window: a
module listed here that a warm refresh loads means a lazy import was made eager again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.clitools import Cli
from tests.feedgen import VN_ITEMS, rss

NOT_FOR_304 = (
    "feedparser",
    "lxml",
    "lxml.etree",
    "multiprocessing",
    "newsreader.core.feeds.parsepool",
    "newsreader.core.feeds.document",
    "newsreader.core.feeds.parse",
    "newsreader.core.feeds.fastparse",
    "newsreader.core.feeds.jsonfeed",
    "newsreader.core.pages.htmltext",
    "newsreader.core.pages.sanitize",
    "newsreader.core.pages.extract",
    "newsreader.core.offline.fulltext",
    "trafilatura",
)

PROBE = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from newsreader.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--home", sys.argv[1], "refresh", "--no-content", "--json"])
    print(json.dumps({"code": code, "doc": json.loads(out.getvalue()),
                      "modules": sorted(sys.modules)}))
    """
)


def _probe(home: Path) -> tuple[list[str], set[str]]:
    """A refresh in a fresh interpreter: the feeds' statuses and the modules it loaded."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(home)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["code"] == 0
    return [f["status"] for f in report["doc"]["feeds"]], set(report["modules"])


def test_a_refresh_of_unchanged_feeds_loads_no_parser(cli: Cli, httpserver: HTTPServer) -> None:
    version = {"tag": "v1"}

    def feed(request: Request) -> Response:
        tag = f'"{version["tag"]}"'
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304, headers={"ETag": tag})
        title = f"Thời sự {version['tag']}"
        body = rss(VN_ITEMS, title=title)
        return Response(body, headers={"ETag": tag}, content_type="application/rss+xml")

    for n in range(3):
        httpserver.expect_request(f"/f{n}.rss").respond_with_handler(feed)
        assert cli("add", httpserver.url_for(f"/f{n}.rss"))[0] == 0

    statuses, loaded = _probe(cli.home)
    assert statuses == ["unchanged"] * 3
    assert "newsreader.core.feeds.update" in loaded  # the probe did refresh
    assert sorted(m for m in NOT_FOR_304 if m in loaded) == []

    # The guard can fail: once a feed has changed, the same probe sees the parsers loaded.
    version["tag"] = "v2"
    statuses, loaded = _probe(cli.home)
    assert "unchanged" not in statuses
    assert {"multiprocessing", "newsreader.core.feeds.parsepool"} <= loaded
