"""The search index merges its segments 8 at a time (migration 8): new and migrated libraries
carry the setting, and an index built by many small writes answers every search as the same
index fully merged does (FTS5's own integrity check passes on it)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader.core.models import ArticleQuery
from newsreader.core.search import parse_query
from newsreader.core.storage import FeedState, Storage
from newsreader.core.storage.schema import LATEST_VERSION
from tests.core.storage.test_db import NOW, add_feed, write


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    s = Storage(tmp_path / "db.sqlite3")
    yield s
    s.close()


def _automerge(path: Path) -> str | None:
    with sqlite3.connect(path) as raw:
        row = raw.execute("SELECT v FROM articles_fts_config WHERE k = 'automerge'").fetchone()
    return None if row is None else str(row[0])


def test_a_new_library_merges_eight_segments_at_a_time(storage: Storage) -> None:
    assert _automerge(storage.path) == "8"


def test_a_library_of_schema_7_gets_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    Storage(path).close()
    with sqlite3.connect(path) as raw:  # as schema 7 left it: FTS5's default
        raw.execute("DELETE FROM articles_fts_config WHERE k = 'automerge'")
        raw.execute("PRAGMA user_version = 7")
    assert _automerge(path) is None
    s = Storage(path)
    try:
        assert s.schema_version() == LATEST_VERSION
        assert _automerge(path) == "8"
    finally:
        s.close()


_WORDS = [
    "ha",
    "noi",
    "kinh",
    "te",
    "thi",
    "truong",
    "bong",
    "da",
    "viet",
    "nam",
    "gia",
    "vang",
    "chung",
    "khoan",
    "tin",
    "moi",
]


def _search(storage: Storage, text: str) -> list[tuple[int, float]]:
    hits = storage.search(parse_query(text).match, ArticleQuery(limit=500), limit=500)
    return [(a.id, round(rank, 9)) for a, rank in hits]


def test_many_small_writes_search_as_one_merged_index(storage: Storage) -> None:
    # 60 feeds, one write each: 60 segments, merged as the setting says.
    for n in range(60):
        feed_id = add_feed(storage, f"https://example.vn/{n}.rss")
        writes = [
            write(
                f"f{n}-{k}",
                " ".join(_WORDS[(n * 7 + k * j) % len(_WORDS)] for j in range(1, 6)),
                minutes_ago=n * 20 + k,
            )
            for k in range(15)
        ]
        storage.store_refresh(feed_id, FeedState(checked=NOW), writes, [], now=NOW)
    queries = ["ha noi", "kinh t", "k", "th", '"viet nam"', "gia vang", "bong da tin"]
    before = {q: _search(storage, q) for q in queries}
    assert sum(1 for hits in before.values() if hits) >= 5
    with sqlite3.connect(storage.path) as raw:
        segments = raw.execute("SELECT COUNT(*) FROM articles_fts_data").fetchone()[0]
        raw.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        raw.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        assert raw.execute("SELECT COUNT(*) FROM articles_fts_data").fetchone()[0] < segments
    assert {q: _search(storage, q) for q in queries} == before
