"""Rows are read by column name: every field comes from its own column, and a column added to a
query (as a new migration's would be) shifts nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsreader.core.models import Article, ArticleQuery, Feed
from newsreader.core.storage import ArticleWrite, FeedState, Storage, articles, feeds, search
from newsreader.core.textfold import fold

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
PUBLISHED = NOW - timedelta(hours=3)
UPDATED = NOW - timedelta(hours=2)
SORTED = NOW - timedelta(hours=1)
CHECKED = NOW - timedelta(minutes=5)


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    s = Storage(tmp_path / "db.sqlite3")
    yield s
    s.close()


def distinct_write() -> ArticleWrite:
    """An article whose every field differs from every other (a field read from the wrong
    column cannot go unnoticed)."""
    return ArticleWrite(
        key="khoa-bai-1",
        guid="guid-bai-1",
        link="https://vnexpress.net/duong-vanh-dai-4.html",
        title="Đường Vành đai 4 thông xe",
        author="Đức Anh",
        published=PUBLISHED,
        updated=UPDATED,
        summary="Tóm tắt: Hà Nội thông xe đoạn đầu tiên.",
        content_html="<p>Nội dung đầy đủ</p>",
        thumbnail="https://vnexpress.net/anh.jpg",
        categories=("Thời sự", "Giao thông"),
        content_hash="bam-noi-dung",
        sort_time=SORTED,
        index_title=fold("Đường Vành đai 4 thông xe"),
        index_summary=fold("Hà Nội thông xe"),
        index_body=fold("Nội dung đầy đủ"),
    )


def stored(storage: Storage) -> tuple[Feed, Article]:
    folder_id = storage.folder_id("VnExpress")
    feed = storage.add_feed(
        "https://vnexpress.net/rss/thoi-su.rss",
        title="Thời sự",
        site_url="https://vnexpress.net/",
        folder_id=folder_id,
        user_title=True,
        options={"fulltext": "always"},
        now=NOW,
    )
    state = FeedState(
        checked=CHECKED,
        etag='"the-etag"',
        last_modified="Thu, 26 Nov 2026 07:00:00 GMT",
        body_hash="bam-tai-lieu",
        notice="thông báo",
    )
    storage.store_refresh(feed.id, state, [distinct_write()], [], now=NOW)
    article_id = storage.stored_entries(feed.id)["khoa-bai-1"].id
    storage.set_saved([article_id], True, now=NOW)
    storage.record_fetch(feed.id, FeedState(checked=CHECKED, error="lỗi gần nhất"))
    return storage.feed(feed.id), storage.article(article_id)


def test_add_feed_returns_the_feed_as_stored(storage: Storage) -> None:
    folder_id = storage.folder_id("Tuổi Trẻ")
    feed = storage.add_feed(
        "https://tuoitre.vn/rss/the-gioi.rss",
        title="Thế giới",
        site_url="https://tuoitre.vn/",
        folder_id=folder_id,
        user_title=True,
        options={"kind": "listing"},
        now=NOW,
    )
    assert feed == storage.feed(feed.id) == storage.feeds()[0]
    assert (feed.title, feed.folder, feed.folder_id, feed.site_url) == (
        "Thế giới",
        "Tuổi Trẻ",
        folder_id,
        "https://tuoitre.vn/",
    )
    assert feed.option("kind") == "listing" and feed.user_title
    assert (feed.unread, feed.total, feed.last_checked) == (0, 0, None)


def test_every_feed_field_reads_its_own_column(storage: Storage) -> None:
    feed, _ = stored(storage)
    assert feed == storage.feeds()[0]
    assert feed == Feed(
        id=feed.id,
        url="https://vnexpress.net/rss/thoi-su.rss",
        title="Thời sự",
        site_url="https://vnexpress.net/",
        folder_id=storage.folder_id("VnExpress", create=False),
        folder="VnExpress",
        etag='"the-etag"',
        last_modified="Thu, 26 Nov 2026 07:00:00 GMT",
        body_hash="bam-tai-lieu",
        last_checked=CHECKED,
        last_success=CHECKED,
        last_error="lỗi gần nhất",
        unread=1,
        total=1,
        user_title=True,
        notice="thông báo",
        options=(("fulltext", "always"),),
    )


def test_every_article_field_reads_its_own_column(storage: Storage) -> None:
    feed, article = stored(storage)
    assert article == Article(
        id=article.id,
        feed_id=feed.id,
        feed_title="Thời sự",
        folder="VnExpress",
        key="khoa-bai-1",  # the entry's key (here not its guid)
        link="https://vnexpress.net/duong-vanh-dai-4.html",
        title="Đường Vành đai 4 thông xe",
        author="Đức Anh",
        published=PUBLISHED,
        updated=UPDATED,
        summary="Tóm tắt: Hà Nội thông xe đoạn đầu tiên.",
        thumbnail="https://vnexpress.net/anh.jpg",
        read=False,
        saved=True,
        sort_time=SORTED,
        content_html="<p>Nội dung đầy đủ</p>",
        categories=("Thời sự", "Giao thông"),
    )
    in_list = replace(article, content_html=None, categories=())
    assert storage.articles(ArticleQuery()) == [in_list]
    assert storage.articles_by_ids([article.id]) == [in_list]
    assert [a for a, _ in storage.search('"vanh"', ArticleQuery(), limit=10)] == [in_list]


def test_a_column_added_to_every_query_shifts_nothing(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading by position, one more column at the front of a query would have moved every
    field to its neighbour's value."""
    stored(storage)
    before = (
        storage.feeds(),
        [storage.feed(f.id) for f in storage.feeds()],
        storage.articles(ArticleQuery()),
        [storage.article(a.id) for a in storage.articles(ArticleQuery())],
        storage.search('"vanh"', ArticleQuery(), limit=10),
    )
    extra = "a.content_hash AS content_hash, a.first_seen AS first_seen, "
    for module in (articles, search):
        monkeypatch.setattr(module, "ARTICLE_COLUMNS", extra + articles.ARTICLE_COLUMNS)
    for name in ("_ALL_FEEDS", "_ONE_FEED"):
        sql = getattr(feeds, name)
        monkeypatch.setattr(feeds, name, sql.replace("SELECT", "SELECT f.added_at AS added_at,", 1))
    after = (
        storage.feeds(),
        [storage.feed(f.id) for f in storage.feeds()],
        storage.articles(ArticleQuery()),
        [storage.article(a.id) for a in storage.articles(ArticleQuery())],
        storage.search('"vanh"', ArticleQuery(), limit=10),
    )
    assert after == before
