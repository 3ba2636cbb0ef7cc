"""The default refresh makes every new lead-only article read offline (issue 15).

Local sites on loopback addresses (one host each, so per-host politeness acts as on the web),
more articles than the old per-refresh cap of 200: after `newsreader refresh` each of them has
its page's text and its picture; a host never serves more than the client's per-host
connections at once; a host that asks to wait is left alone and its articles wait for the next
run; a refresh killed half-way resumes where it stopped; the `offline_per_refresh` setting caps
a refresh.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from newsreader.app import open_library
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.core.offline.fulltext import OfflineReport
from newsreader.paths import app_paths
from tests.clitools import Cli
from tests.core.offline.farmsite import Site, serve_site

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")
PER_SITE = 80  # 240 articles in all: more than the 200 the step used to stop at


@pytest.fixture
def sites() -> Iterator[list[Site]]:
    with ExitStack() as stack:
        yield [stack.enter_context(serve_site(h, PER_SITE, delay=0.005)) for h in HOSTS]


def subscribe(cli: Cli, sites: list[Site]) -> None:
    for site in sites:
        code, _out, err = cli("add", f"{site.base}/feed.rss")
        assert code == 0, err


def reads_offline(lib: Library, article_id: int) -> bool:
    """The article's page text is stored and every picture it shows is in the image cache."""
    article = lib.article(article_id)
    urls = lib.storage.article_image_urls([article_id])
    return article.full_text and bool(urls) and all(lib.cached_image(u) for u in urls)


def offline_count(home: Path) -> tuple[int, int]:
    with open_library(app_paths(home)) as lib:
        ids = [a.id for a in lib.articles(ArticleQuery(limit=10_000))]
        return sum(reads_offline(lib, i) for i in ids), len(ids)


def test_default_refresh_makes_every_new_article_read_offline(cli: Cli, sites: list[Site]) -> None:
    subscribe(cli, sites)
    code, out, err = cli("refresh")
    assert code == 0, err
    total = PER_SITE * len(HOSTS)
    assert f"Kept for offline reading: {total} full texts of {total} pages" in out
    assert f"offline content: {total}/{total} articles" in err  # progress on stderr
    assert offline_count(cli.home) == (total, total)
    for site in sites:
        # Each page fetched once, never more than the client's two connections at once.
        assert site.pages_fetched() == PER_SITE
        assert max(n for p, n in site.hits.items() if p.startswith("/bai-")) == 1
        assert site.most_at_once <= 2
    code, out, err = cli("refresh")  # nothing new and nothing left: no page fetched again
    assert code == 0 and "Kept for offline reading" not in out
    assert sum(s.pages_fetched() for s in sites) == total


def test_a_host_that_asks_to_wait_is_left_alone_until_the_next_run(
    cli: Cli, sites: list[Site]
) -> None:
    subscribe(cli, sites)
    busy = sites[1]
    busy.busy = 3600.0  # 429, Retry-After: an hour
    doc = cli.json("refresh")
    assert doc["offline_content"]["pending"] == PER_SITE
    # One answer said "wait": the client asked that host for no other page in this run.
    assert busy.pages_fetched() <= 2
    with open_library(app_paths(cli.home)) as lib:
        waiting = [a.id for a in lib.articles(ArticleQuery(feed_id=2, limit=1000))]
        assert len(waiting) == PER_SITE
        assert all(lib.storage.fulltext(i) is None for i in waiting)  # no failure recorded
    busy.busy = None  # the hour has passed (a new process: the wait is not remembered)
    doc = cli.json("refresh")
    assert doc["offline_content"]["full_text"] == PER_SITE
    assert offline_count(cli.home) == (PER_SITE * 3, PER_SITE * 3)


def test_a_killed_refresh_resumes_where_it_stopped(cli: Cli, sites: list[Site]) -> None:
    subscribe(cli, sites)
    for site in sites:
        site.delay = 0.1  # slow pages (60 a second in all): the kill lands half-way
    total = PER_SITE * len(HOSTS)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsreader", "--home", str(cli.home), "refresh"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert proc.stderr is not None
    try:
        for line in proc.stderr:
            if line.startswith("offline content:") and int(line.split()[2].split("/")[0]) >= 70:
                time.sleep(1.0)  # past the writer's half-second batch
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with open_library(app_paths(cli.home)) as lib:
        stored = [
            a.link for a in lib.articles(ArticleQuery(limit=1000)) if reads_offline(lib, a.id)
        ]
    assert 70 <= len(stored) < total
    code, _out, err = cli("refresh")  # no new article: the step runs for what still waits
    assert code == 0, err
    assert offline_count(cli.home) == (total, total)
    # The second run fetched only what the first had not stored: those pages were asked once.
    hits = {f"{s.base}{path}": n for s in sites for path, n in s.hits.items()}
    assert all(hits[link or ""] == 1 for link in stored)


def test_the_cap_setting_bounds_one_refresh_and_the_next_takes_the_rest(
    cli: Cli, sites: list[Site]
) -> None:
    subscribe(cli, sites)
    settings = cli.home / "config" / "settings.json"
    settings.write_text(json.dumps({"offline_per_refresh": 100}), encoding="utf-8")
    doc = cli.json("refresh")
    assert doc["offline_content"]["full_text"] == 100
    with open_library(app_paths(cli.home)) as lib:
        newest = lib.articles(ArticleQuery(limit=1000))  # newest first
        done = [a.id for a in newest if lib.storage.fulltext(a.id) is not None]
        # The newest article of every host first (hosts take turns), newest first within each.
        assert len(done) == 100
        for feed_id in (1, 2, 3):
            of_feed = [a.id for a in newest if a.feed_id == feed_id]
            got = [i for i in of_feed if i in done]
            assert got == of_feed[: len(got)]
    assert cli.json("refresh")["offline_content"]["full_text"] == 100
    assert cli.json("refresh")["offline_content"]["full_text"] == 40
    assert offline_count(cli.home) == (240, 240)


def test_a_second_call_while_one_runs_leaves_the_work_to_it(cli: Cli, sites: list[Site]) -> None:
    subscribe(cli, sites[:1])
    sites[0].delay = 0.02
    with open_library(app_paths(cli.home)) as lib:
        second: list[OfflineReport] = []
        started = threading.Event()

        def progress(done: int, total: int) -> None:
            if done == 10:
                started.set()

        def call_again() -> None:
            started.wait(30)
            t = time.monotonic()
            second.append(lib.fetch_offline_content())
            assert time.monotonic() - t < 1.0  # returned at once: the running one does it

        other = threading.Thread(target=call_again)
        other.start()
        first = lib.fetch_offline_content(progress=progress)
        other.join()
        assert second == [OfflineReport()]
        assert first.extracted == PER_SITE
    assert sites[0].pages_fetched() == PER_SITE
    assert offline_count(cli.home) == (PER_SITE, PER_SITE)
