"""Marking a whole list read returns the ids it changed (for undo), from a place on when asked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader.core.models import ArticleQuery
from newsreader.core.storage import FeedState, Storage
from tests.core.storage.test_db import NOW, add_feed, write


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    opened = Storage(tmp_path / "db.sqlite3")
    yield opened
    opened.close()


def test_mark_listed_read_returns_exactly_what_it_changed(storage: Storage) -> None:
    fid = add_feed(storage, "https://example.vn/a.rss")
    items = [write(f"k{i}", f"Bài {i}", minutes_ago=i) for i in range(6)]
    storage.store_refresh(fid, FeedState(checked=NOW), items, [], now=NOW)
    ids = [a.id for a in storage.articles(ArticleQuery())]  # newest first
    storage.set_read([ids[1]], True, now=NOW)
    third = storage.articles(ArticleQuery())[3]
    key = third.page_key
    older = storage.mark_listed_read(ArticleQuery(after=(key[0], key[1] + 1)), now=NOW)
    assert sorted(older) == sorted(ids[3:])  # the fourth and every older one
    rest = storage.mark_listed_read(ArticleQuery(feed_id=fid), now=NOW)
    assert sorted(rest) == sorted([ids[0], ids[2]])  # the one read before is not counted
    assert storage.mark_listed_read(ArticleQuery(), now=NOW) == []
