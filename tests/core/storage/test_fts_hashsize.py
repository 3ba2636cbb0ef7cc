"""The search index holds a batch's new index data in memory up to 8 MB (migration 10): new and
migrated libraries carry the setting, a refresh batch's rows become one segment instead of
several, and every search answers exactly as the same writes under FTS5's default (1 MB) do."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from newsreader.core.models import ArticleQuery
from newsreader.core.search import parse_query
from newsreader.core.storage import FeedState, Storage
from newsreader.core.storage.recovery import recover_database
from newsreader.core.storage.schema import LATEST_VERSION, MIGRATIONS
from newsreader.core.textfold import fold
from tests.core.storage.test_db import NOW, add_feed, write

_HASHSIZE = str(8 << 20)
_TEXT = (
    "Hà Nội thành phố kinh tế thị trường đường sắt đô thị người dân chuyển đổi số giá vàng"
    " thủ tướng cao tốc Bắc Nam nhà ở xã hội đột phá bóng đá Việt Nam chứng khoán tin mới"
    " đầu tư công nghệ giáo dục y tế môi trường giao thông Sài Gòn Đà Nẵng Huế lãi suất"
)
_WORDS = _TEXT.split()
_QUERIES = (
    "ha noi", "Hà Nội", "kinh t", "k", "th", "đ", "ng", "tru", '"duong sat" ha noi', "gia vang",
    "chuyen doi so", "cao toc bac nam", "nha o xa hoi", "viet nam", "lai suat", "zzz",
)  # fmt: skip


def _hashsize(path: Path) -> str | None:
    with sqlite3.connect(path) as raw:
        row = raw.execute("SELECT v FROM articles_fts_config WHERE k = 'hashsize'").fetchone()
    return None if row is None else str(row[0])


def _segments(path: Path) -> int:
    """How many segments the index has (FTS5's structure record: cookie, levels, segments)."""
    with sqlite3.connect(path) as raw:
        block: bytes = raw.execute("SELECT block FROM articles_fts_data WHERE id = 10").fetchone()[
            0
        ]
    at, values = 4, list[int]()
    for _ in range(2):  # two varints: the number of levels, then of segments
        value = 0
        while True:
            byte = block[at]
            at += 1
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values[1]


def test_a_new_library_holds_8_mb_of_index_data_in_memory(tmp_path: Path) -> None:
    Storage(tmp_path / "db.sqlite3").close()
    assert _hashsize(tmp_path / "db.sqlite3") == _HASHSIZE


_MIGRATION = next(n for n, sql in enumerate(MIGRATIONS) if "'hashsize'" in sql)  # 0-based


def test_a_library_from_before_the_setting_gets_it(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as raw:  # a library as the migrations before this one left it
        for sql in MIGRATIONS[:_MIGRATION]:
            raw.executescript(sql)
        raw.execute(f"PRAGMA user_version = {_MIGRATION}")
    assert _hashsize(path) is None
    s = Storage(path)
    try:
        assert s.schema_version() == LATEST_VERSION
        assert _hashsize(path) == _HASHSIZE
    finally:
        s.close()


def _fill(storage: Storage) -> None:
    """12 feeds x 60 articles of Vietnamese text, ~2.5 kB each, as one refresh batch (with one
    update, which replaces an index row), then a second batch."""
    rng = random.Random(15)
    feeds = [add_feed(storage, f"https://example.vn/{n}.rss") for n in range(12)]
    for start in (0, 8):
        with storage.batch() as batch:
            batch.begin()  # each feed's write a savepoint: its index rows wait for the commit
            for n, feed_id in enumerate(feeds[start : start + 8] if start == 0 else feeds[8:]):
                writes = []
                for k in range(60):
                    title = " ".join(rng.choices(_WORDS, k=8))
                    body = " ".join(rng.choices(_WORDS, k=400))
                    writes.append(
                        replace(
                            write(f"{start + n}-{k}", title, minutes_ago=rng.randrange(10_000)),
                            index_body=fold(body),
                        )
                    )
                state = FeedState(checked=NOW)
                storage.store_refresh(feed_id, state, writes, [], now=NOW)
    first = storage.stored_entries(feeds[0])["0-0"].id
    changed = replace(write("0-0", "Giá vàng hôm nay"), index_body=fold("Đường sắt đô thị"))
    storage.store_refresh(feeds[0], FeedState(checked=NOW), [], [(first, changed)], now=NOW)


def _search(storage: Storage, text: str) -> list[tuple[int, float]]:
    hits = storage.search(parse_query(text).match, ArticleQuery(limit=800), limit=800)
    return [(a.id, round(rank, 9)) for a, rank in hits]


def _answers(storage: Storage) -> dict[str, object]:
    """Every way a search reads the index: ranked, newest first, counted, a saved search's page."""
    match = {q: parse_query(q).match for q in _QUERIES}
    return {
        "ranked": {q: _search(storage, q) for q in _QUERIES},
        "newest": {
            q: [a.id for a, _ in storage.search_newest(m, ArticleQuery(), limit=800)]
            for q, m in match.items()
        },
        "counts": {
            q: storage.search_count(m, ArticleQuery(), cap=10_000) for q, m in match.items()
        },
        "pages": {
            q: [a.id for a in storage.articles(ArticleQuery(search=m, limit=50))]
            for q, m in match.items()
        },
    }


def test_a_batch_is_one_segment_and_searches_as_under_the_default(tmp_path: Path) -> None:
    old, new = tmp_path / "default.sqlite3", tmp_path / "8mb.sqlite3"
    Storage(old).close()
    with sqlite3.connect(old) as raw:  # FTS5's default: flush every 1 MB
        raw.execute("DELETE FROM articles_fts_config WHERE k = 'hashsize'")
    answers: dict[Path, dict[str, object]] = {}
    segments: dict[Path, int] = {}
    for path in (old, new):
        storage = Storage(path)
        try:
            _fill(storage)
            segments[path] = _segments(path)
            answers[path] = _answers(storage)
            # The deletes: a feed removed, then the read articles of another pruned.
            storage.remove_feed(storage.feeds()[3].id)
            listed = storage.articles(ArticleQuery(feed_id=storage.feeds()[5].id))
            storage.set_read([a.id for a in listed], True, now=NOW)
            pruned = storage.prune(
                now=NOW + timedelta(days=40),
                keep_read_days=30,
                keep_per_feed=1000,
                keep_unread_per_feed=1000,
            )
            assert pruned.articles == 60
            answers[path]["after deletes"] = _answers(storage)
        finally:
            storage.close()
        with sqlite3.connect(path) as raw:
            raw.execute(
                "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"
            )
    assert _hashsize(old) is None
    # Under the default each 480-article batch spilled into several segments; now one each
    # (the update outside the batches adds one), and nothing else differs.
    assert segments[new] <= 3 < segments[old]
    assert answers[new] == answers[old]
    after = answers[new]["after deletes"]
    assert isinstance(after, dict)
    assert after["counts"]["k"] == 719 - 120  # the removed feed's 60 and the pruned 60 gone
    ranked = answers[new]["ranked"]
    assert isinstance(ranked, dict)
    assert sum(1 for hits in ranked.values() if hits) >= 14
    assert len(ranked["k"]) == 719  # a one-letter prefix: all but the updated article


def test_a_salvaged_library_gets_the_setting_and_a_sound_index(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    storage = Storage(path)
    try:
        _fill(storage)
        before = _search(storage, "ha noi")
    finally:
        storage.close()
    recover_database(path, "a test", now=lambda: NOW)  # copies the rows, rebuilds the index
    assert _hashsize(path) == _HASHSIZE
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    storage = Storage(path)
    try:
        # Rebuilt from the stored HTML (only the titles here), so fewer words than _fill indexed.
        after = _search(storage, "ha noi")
        assert after and {i for i, _ in after} <= {i for i, _ in before}
    finally:
        storage.close()
