"""The search-index rows of a refresh batch: held until the batch commits, written then in its
transaction; a rolled-back feed or batch leaves none; outside a batch they are written at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader.core.models import ArticleQuery
from newsreader.core.storage import FeedState, Storage
from newsreader.core.storage.deferred_index import DeferredIndex
from tests.core.storage.test_db import NOW, add_feed, write


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    s = Storage(tmp_path / "db.sqlite3")
    yield s
    s.close()


def index_rows(storage: Storage) -> int:
    return int(storage._read("SELECT COUNT(*) AS n FROM articles_fts")[0]["n"])


def test_marks_undo_what_a_rolled_back_savepoint_added() -> None:
    deferred = DeferredIndex()
    deferred.add(1, ("a", "", "", "s"))
    mark = deferred.mark()
    deferred.add(2, ("b", "", "", "s"))
    deferred.add(1, ("a2", "", "", "s"))  # indexed again: replaces the pending row
    deferred.undo(mark)
    assert 1 in deferred and 2 not in deferred
    deferred.add(3, ("c", "", "", "s"))
    deferred.clear()
    assert 1 not in deferred and 3 not in deferred


def test_a_batch_writes_its_index_rows_at_its_commit(storage: Storage) -> None:
    a = add_feed(storage, "https://a.vn/rss")
    b = add_feed(storage, "https://b.vn/rss")
    with storage.batch() as batch:
        batch.begin()
        storage.store_refresh(a, FeedState(checked=NOW), [write("1", "Một lần")], [], now=NOW)
        storage.store_refresh(b, FeedState(checked=NOW), [write("2", "Hai lần")], [], now=NOW)
        assert index_rows(storage) == 0  # held: one write for the whole batch
        batch.commit()  # what a checkpoint does when the batch is old enough
        assert index_rows(storage) == 2
        batch.begin()
        storage.store_refresh(a, FeedState(checked=NOW), [write("3", "Ba lần")], [], now=NOW)
    assert index_rows(storage) == 3
    found = storage.search('"lan"', ArticleQuery(), limit=10)
    assert sorted(x.title for x, _ in found) == ["Ba lần", "Hai lần", "Một lần"]


def test_a_failed_batch_leaves_no_index_rows(storage: Storage) -> None:
    a = add_feed(storage, "https://a.vn/rss")
    with pytest.raises(RuntimeError), storage.batch() as batch:
        batch.begin()
        storage.store_refresh(a, FeedState(checked=NOW), [write("1", "Một lần")], [], now=NOW)
        raise RuntimeError("the refresh stopped")
    storage.store_refresh(a, FeedState(checked=NOW), [write("2", "Hai lần")], [], now=NOW)
    assert index_rows(storage) == 1  # outside a batch: written with its own transaction
    assert [x.title for x, _ in storage.search('"lan"', ArticleQuery(), limit=10)] == ["Hai lần"]
