"""The indexes of `articles` (migration 9 merged five of them into two): every statement the
hot paths run — list pages (latest, unread, saved, a feed, a folder; offsets and keysets), the
counts, one article, story joins, marking read and saved, search's joins, the refresh's writes,
full-text candidates and pruning — reads articles through an index at 100,000 rows, never by
a pass over the table (its rows hold the articles' text: hundreds of MB at that size)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from newsreader.core.models import ArticleQuery
from newsreader.core.storage import FeedState, Storage
from tests.core.storage.sqltrace import query_plan, traced_statements
from tests.core.storage.test_db import NOW, write

ARTICLES = 100_000
FEEDS = 40

# What the aliases of `articles` are called in core/storage's SQL (a, b, s) and the table's name.
_TABLE_SCAN = re.compile(r"\bSCAN (articles|a|b|s)\b(?! USING)")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Storage]:
    """100,000 articles in 40 feeds of 4 folders, 1 in 50 a copy of the story before it, 1 in
    7 read, 1 in 300 saved, a few hidden; each with a search-index row."""
    path: Path = tmp_path_factory.mktemp("indexes") / "db.sqlite3"
    storage = Storage(path)
    for n in range(FEEDS):
        folder_id = storage.folder_id(f"Mục {n % 4}")
        storage.add_feed(f"https://e{n}.vn/rss", title=f"Báo {n}", folder_id=folder_id, now=NOW)
    base = int(NOW.timestamp())
    with sqlite3.connect(path) as raw:
        raw.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO articles(id, feed_id, key, link, title, first_seen, sort_time,"
            " content_hash, story_key, story_id, read, saved, hidden, summary)"
            " SELECT i, 1 + i % ?, 'k' || i, 'https://e.vn/' || (i - (i % 50 = 0)),"
            " 'tin ' || i, ? - i, ? - i * 7, 'h', 'e.vn/' || (i - (i % 50 = 0)),"
            " i - (i % 50 = 0), i % 7 = 0, i % 300 = 0, i % 1000 = 0, 'lead' FROM n",
            (ARTICLES, FEEDS, base, base),
        )
        raw.execute(
            "INSERT INTO articles_fts(rowid, title, summary, body, source)"
            " SELECT id, title || ' ha noi', 'tom tat', '', 'bao' FROM articles"
        )
    yield storage
    storage.close()


def _statements(storage: Storage, call: Callable[[], object]) -> list[str]:
    """The statements on articles the call runs (with their values)."""
    return [
        s
        for s in traced_statements(storage, call)
        if re.match(r"\s*(SELECT|UPDATE|DELETE|INSERT|WITH)", s, re.I) and "articles" in s
    ]


def _hot_calls(storage: Storage) -> dict[str, Callable[[], object]]:
    q = ArticleQuery
    first = storage.articles(q(limit=200))
    key = first[-1].page_key
    return {
        "latest": lambda: storage.articles(q(limit=200)),
        "latest, deep offset": lambda: storage.articles(q(limit=200, offset=60_000)),
        "latest, after": lambda: storage.articles(q(limit=200, after=key)),
        "latest, before": lambda: storage.articles(q(limit=200, before=key)),
        "unread": lambda: storage.articles(q(limit=200, unread=True)),
        "saved": lambda: storage.articles(q(limit=200, saved=True)),
        "feed": lambda: storage.articles(q(limit=200, feed_id=3)),
        "feed, unread": lambda: storage.articles(q(limit=200, feed_id=3, unread=True)),
        "feed, after": lambda: storage.articles(q(limit=200, feed_id=3, after=key)),
        "folder": lambda: storage.articles(q(limit=200, folder="Mục 1")),
        "folder, unread": lambda: storage.articles(q(limit=200, folder="Mục 1", unread=True)),
        "counts": lambda: (
            storage.count_articles(q(unread=True)),
            storage.count_articles(q(feed_id=3)),
            storage.feeds(),
            storage.feed(3),
            storage.totals(),
            storage.unread_counts(),
            storage.counted_folders(),
        ),
        "one article": lambda: storage.article(5_000),
        "by ids": lambda: storage.articles_by_ids([10, 50, 4_000]),
        "search": lambda: (
            storage.search('"tin" "ha"', q(), limit=200),
            storage.search('"99999"', q(), limit=200),
            storage.search_newest('"ha" "noi"', q(unread=True), limit=200),
            storage.search_count('"ha"', q(), cap=10_000),
            storage.articles(q(limit=200, search='"ha" "noi"')),
            storage.articles(q(limit=200, search='"12345"')),
        ),
        "marking": lambda: (
            storage.set_read([100, 150, 7_000], True, now=NOW),
            storage.set_saved([100], True, now=NOW),
            storage.mark_all_read(q(feed_id=5), now=NOW),
            storage.mark_listed_read(q(limit=200, unread=True), now=NOW),
            storage.marked_to_notify([1, 2, 3]),
        ),
        "refresh": lambda: (
            storage.stored_entries(7),
            storage.store_refresh(
                7,
                FeedState(checked=NOW),
                [write("n1", "Tin mới"), write("n2", "Tin mới 2", minutes_ago=3)],
                [],
                now=NOW,
            ),
        ),
        "full text": lambda: (
            storage.fulltext_candidates(since=NOW - timedelta(hours=3), limit=100),
            storage.fulltext(50),
            storage.saved_image_urls(),
        ),
        "prune": lambda: storage.prune(
            now=NOW, keep_read_days=30, keep_per_feed=2_400, keep_unread_per_feed=2_500
        ),
    }


def test_hot_queries_read_articles_through_an_index(big: Storage) -> None:
    seen = 0
    for name, call in _hot_calls(big).items():
        statements = _statements(big, call)
        assert statements, name
        for sql in statements:
            plan = query_plan(big, sql)
            seen += 1
            assert not _TABLE_SCAN.search(plan), f"{name}: a pass over articles\n{sql}\n{plan}"
    assert seen > 40


def test_the_lists_walk_the_merged_indexes_in_order(big: Storage) -> None:
    """The list pages read their rows in order from the index (no sort of the matches), and
    the counts from an index alone."""
    q = ArticleQuery
    expect = {
        "latest": (lambda: big.articles(q(limit=200)), "articles_list"),
        "unread": (lambda: big.articles(q(limit=200, unread=True)), "articles_list"),
        "feed": (lambda: big.articles(q(limit=200, feed_id=3)), "articles_feed"),
        "feed, unread": (
            lambda: big.articles(q(limit=200, feed_id=3, unread=True)),
            "articles_feed",
        ),
        "folder": (lambda: big.articles(q(limit=200, folder="Mục 1")), "articles_list"),
        "feeds": (big.feeds, "COVERING INDEX articles_feed"),
        "unread counts": (big.unread_counts, "COVERING INDEX articles_feed"),
    }
    for name, (call, index) in expect.items():
        plan = query_plan(big, _statements(big, call)[0])
        assert index in plan, f"{name}: {plan}"
        if index.startswith("articles_"):  # a list page (the feeds' own order is sorted)
            assert "TEMP B-TREE FOR ORDER BY" not in plan, f"{name}: {plan}"


def test_migration_9_keeps_the_other_indexes(big: Storage) -> None:
    names = {
        r[0]
        for r in big._conn().execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles'"
            " AND sql IS NOT NULL"
        )
    }
    assert names == {
        "articles_feed_key",
        "articles_feed",
        "articles_list",
        "articles_saved",
        "articles_first_seen",
        "articles_remote",
        "articles_story_key",
        "articles_story",
        "articles_copies",
    }
