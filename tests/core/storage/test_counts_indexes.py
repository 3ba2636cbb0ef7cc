"""The sections pane's counts come from a small covering index (migration 7), not a pass over
every article row: the query plans name the index, and the counts equal a brute-force count over
the rows (read, saved, hidden, several feeds)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsreader.core.storage import FeedState, Storage
from tests.core.storage.sqltrace import query_plan, traced_statements
from tests.core.storage.test_db import NOW, add_feed, write


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    s = Storage(tmp_path / "db.sqlite3")
    yield s
    s.close()


def _fill(storage: Storage) -> None:
    for n in range(3):
        feed_id = add_feed(storage, f"https://example.vn/{n}.rss")
        writes = [write(f"f{n}-{k}", f"Tin {n} {k}", minutes_ago=k) for k in range(12)]
        storage.store_refresh(feed_id, FeedState(checked=NOW), writes, [], now=NOW)
    ids = _all_ids(storage)
    storage.set_read(ids[::3], True, now=NOW)
    storage.set_saved(ids[::5], True, now=NOW)
    with sqlite3.connect(storage.path) as raw:  # hidden by a rule: left out of every count
        raw.execute("UPDATE articles SET hidden = 1 WHERE id IN (?, ?)", (ids[1], ids[7]))


def _all_ids(storage: Storage) -> list[int]:
    with sqlite3.connect(storage.path) as raw:
        return [int(r[0]) for r in raw.execute("SELECT id FROM articles ORDER BY id")]


def _plans(storage: Storage, call: Callable[[], object]) -> list[str]:
    """The query plan of every SELECT the call runs on this thread's connection."""
    return [
        query_plan(storage, sql)
        for sql in traced_statements(storage, call)
        if sql.lstrip().upper().startswith("SELECT")
    ]


def test_feed_counts_and_totals_use_the_count_index(storage: Storage) -> None:
    _fill(storage)
    for call in (storage.feeds, storage.totals, storage.unread_counts):
        plans = _plans(storage, call)
        assert any("COVERING INDEX articles_" in p for p in plans), plans
        # Never the table itself (its rows hold the articles' text: hundreds of MB at 100k).
        assert not any(re.search(r"SCAN articles(?! USING COVERING)", p) for p in plans), plans


def test_counts_equal_a_count_of_the_rows(storage: Storage) -> None:
    _fill(storage)
    with sqlite3.connect(storage.path) as raw:
        rows = raw.execute(
            "SELECT id, story_id, feed_id, read, saved, hidden FROM articles"
        ).fetchall()
    shown = [r for r in rows if r[5] == 0]
    for feed in storage.feeds():
        mine = [r for r in shown if r[2] == feed.id]
        assert (feed.total, feed.unread) == (len(mine), sum(1 for r in mine if r[3] == 0))
    stories = [r for r in shown if r[0] == r[1]]
    assert storage.totals() == (
        len(stories),
        sum(1 for r in stories if r[3] == 0),
        sum(1 for r in stories if r[4] == 1),
    )
    assert storage.unread_counts() == {
        feed.id: feed.unread for feed in storage.feeds() if feed.unread
    }
