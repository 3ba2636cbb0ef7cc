"""Feeds are parsed in worker processes: a runaway or crashing parse becomes that feed's error."""

from __future__ import annotations

import threading
import time

import pytest

from newsreader.core.errors import FeedError, NotAFeedError
from newsreader.core.feeds.document import parse_feed
from newsreader.core.feeds.parsepool import ParserPool
from tests.feedgen import VN_ITEMS, rss

TARGETS = "tests.core.feeds.parsepool_targets"


def test_parses_like_in_process() -> None:
    pool = ParserPool(2)
    try:
        data = rss(VN_ITEMS)
        assert pool.parse(data, "https://vnexpress.net/rss", None) == parse_feed(
            data, url="https://vnexpress.net/rss"
        )
        with pytest.raises(NotAFeedError):
            pool.parse(b"<html><body>trang</body></html>", "https://x.vn/", "text/html")
    finally:
        pool.close()


def test_timeout_kills_worker_and_pool_recovers() -> None:
    pool = ParserPool(1, timeout=1.0, target=f"{TARGETS}:sleepy")
    try:
        started = time.monotonic()
        with pytest.raises(FeedError, match="longer than"):
            pool.parse(b"30", "u", None)
        assert time.monotonic() - started < 5
        assert pool.parse(b"0", "u", None).title == "slept"
    finally:
        pool.close()


def test_memory_limit_turns_into_feed_error() -> None:
    pool = ParserPool(1, memory_limit=512 * 1024 * 1024, target=f"{TARGETS}:hog")
    try:
        with pytest.raises(FeedError, match="memory"):
            pool.parse(b"", "u", None)
    finally:
        pool.close()


def test_crash_and_parser_bug_are_feed_errors() -> None:
    pool = ParserPool(1, target=f"{TARGETS}:crash")
    try:
        with pytest.raises(FeedError, match="crashed"):
            pool.parse(b"die", "u", None)
        assert pool.parse(b"alive", "u", None).title == "alive"
        # A worker killed from outside while idle is replaced.
        pool._all[0].process.kill()
        pool._all[0].process.join()
        assert pool.parse(b"again", "u", None).title == "again"
    finally:
        pool.close()
    buggy = ParserPool(1, target=f"{TARGETS}:raises")
    try:
        with pytest.raises(FeedError, match="ZeroDivisionError"):
            buggy.parse(b"", "u", None)
    finally:
        buggy.close()


def test_parallel_callers_share_the_workers() -> None:
    pool = ParserPool(2, target=f"{TARGETS}:sleepy")
    results: list[str | None] = []
    try:
        threads = [
            threading.Thread(target=lambda: results.append(pool.parse(b"0.3", "u", None).title))
            for _ in range(6)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        assert results == ["slept"] * 6
        assert len(pool._all) == 2
        assert elapsed < 1.8 * 1.5  # 6 jobs of 0.3 s on 2 workers ≈ 0.9 s, far less than serial
    finally:
        pool.close()
    with pytest.raises(FeedError, match="shut down"):
        pool.parse(b"0", "u", None)


def test_works_when_the_main_module_cannot_be_imported() -> None:
    import subprocess
    import sys

    script = (
        "from newsreader.core.feeds.parsepool import ParserPool\n"
        "p = ParserPool(1)\n"
        "feed = b'<rss version=\"2.0\"><channel><title>x</title><item><title>Tin</title>'"
        " b'</item></channel></rss>'\n"
        "print(p.parse(feed, 'http://x.vn/', None).entries[0].title)\n"
        "p.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-"], input=script, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "Tin", done.stderr[-2000:]


def test_abort_ends_running_and_waiting_parses_at_once() -> None:
    pool = ParserPool(1, target=f"{TARGETS}:sleepy")
    errors: list[BaseException] = []

    def parse() -> None:
        try:
            pool.parse(b"30", "u", None)
        except FeedError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=parse) for _ in range(3)]  # one runs, two wait
    try:
        for t in threads:
            t.start()
        time.sleep(1.0)
        started = time.monotonic()
        pool.abort()
        for t in threads:
            t.join(timeout=5)
        assert time.monotonic() - started < 1.0
        assert len(errors) == 3
        with pytest.raises(FeedError, match="shut down"):
            pool.parse(b"0", "u", None)
    finally:
        pool.close()


def _wait_for(condition: object, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


def test_start_forks_the_workers_before_the_first_parse() -> None:
    """`start` (a refresh that will parse) has every worker running before any parse, and the
    parses then use them: no more workers than the pool's size."""
    pool = ParserPool(2)
    try:
        pool.start()
        assert _wait_for(lambda: pool._idle.qsize() == 2)
        workers = {id(w) for w in pool._all}
        data = rss(VN_ITEMS)
        results = []
        threads = [
            threading.Thread(target=lambda: results.append(pool.parse(data, "https://x.vn/", None)))
            for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert len(results) == 4 and all(r.entries for r in results)
        assert {id(w) for w in pool._all} == workers and pool._started == 2
        pool.start()  # already full: starts nothing more
        time.sleep(0.2)
        assert len(pool._all) == 2
    finally:
        pool.close()


def test_a_pool_closed_while_starting_leaves_no_worker() -> None:
    pool = ParserPool(2)
    spawned = []
    spawn = pool._spawn

    def recording() -> object:
        worker = spawn()
        spawned.append(worker)
        return worker

    pool._spawn = recording  # type: ignore[method-assign]
    pool.start()
    assert _wait_for(lambda: spawned)
    pool.close()
    assert _wait_for(lambda: not any(w.process.is_alive() for w in spawned))
    time.sleep(0.5)  # a spawn in flight at the close ends too
    assert not any(w.process.is_alive() for w in spawned)
    with pytest.raises(FeedError, match="shut down"):
        pool.parse(rss(VN_ITEMS), "https://x.vn/", None)


@pytest.mark.parametrize("close_first", [True, False])
def test_start_and_close_racing_end_every_worker_once(close_first: bool) -> None:
    """`close` while `start` forks: a worker listed before the close is ended by `close`, one
    listed after it by `start` (each exactly once: a second close of its pipe raised EBADF)."""
    pool = ParserPool(1)
    spawned = []
    spawn = pool._spawn

    def racing() -> object:
        if close_first:
            pool.close()
        worker = spawn()
        if not close_first:
            pool.close()
        spawned.append(worker)
        return worker

    pool._spawn = racing  # type: ignore[method-assign]
    pool.start()
    assert _wait_for(lambda: spawned and spawned[0].conn.closed)
    worker = spawned[0]
    assert _wait_for(lambda: not worker.process.is_alive())
    assert pool._all == []
    pool.close()  # again: nothing left to end
