"""One copy of each story: overlapping feeds (a "latest" feed plus section feeds) give one row
per story in every list that spans feeds, with shared state, counts and a single page fetch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from newsreader.core.canonical import story_key
from newsreader.core.feeds.update import Updater
from newsreader.core.fetch.http import HttpClient
from newsreader.core.models import ArticleQuery
from newsreader.core.storage import Storage
from tests import overlap

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


@pytest.fixture
def library(tmp_path: Path, httpserver: HTTPServer) -> Iterator[tuple[Storage, dict[str, int]]]:
    storage = Storage(tmp_path / "db.sqlite3")
    client = HttpClient(deadline=5, read_timeout=3, connect_timeout=2)
    updater = Updater(storage, client, clock=lambda: NOW)
    feeds: dict[str, int] = {}
    news = storage.folder_id("VnExpress")
    for name, body in [("latest", overlap.latest())] + [
        (s, overlap.section(s)) for s in overlap.SECTIONS
    ]:
        httpserver.expect_request(f"/{name}.rss").respond_with_data(
            body, content_type="application/rss+xml"
        )
        feeds[name] = storage.add_feed(
            httpserver.url_for(f"/{name}.rss"),
            folder_id=news if name != "the-thao" else storage.folder_id("Thể thao"),
            now=NOW,
        ).id
    for feed_id in feeds.values():  # one by one: the latest feed's copies are stored first
        updater.refresh([storage.feed(feed_id)])
    yield storage, feeds
    client.close()
    storage.close()


def test_lists_that_span_feeds_show_each_story_once(library) -> None:
    storage, feeds = library
    every = storage.articles(ArticleQuery(include_hidden=True, feed_id=None))
    assert len(every) == len(overlap.STORIES) == storage.count_articles(ArticleQuery())
    assert len({a.title for a in every}) == len(every)
    # The first-stored copy represents the story; the others are listed as also_in.
    gold = next(a for a in every if a.title.startswith("Giá vàng"))
    assert gold.feed_id == feeds["latest"] and gold.also_in == (feeds["kinh-te"],)
    bike = next(a for a in every if a.title.startswith("Người dân"))
    assert bike.also_in == (feeds["kinh-te"], feeds["thoi-su"])
    assert bike.also_in_titles == ("kinh-te - VnExpress", "thoi-su - VnExpress")
    # A feed lists its own copies; a folder one per story.
    assert len(storage.articles(ArticleQuery(feed_id=feeds["kinh-te"]))) == 3
    assert storage.count_articles(ArticleQuery(folder="VnExpress")) == 5
    assert storage.count_articles(ArticleQuery(folder="Thể thao")) == 1
    assert storage.totals() == (5, 5, 0)
    # The VnExpress folder's feeds carry 5 + 3 + 2 copies of 5 stories: 5 are further copies.
    copies = {f.name: (f.copies_unread, f.copies_total) for f in storage.counted_folders()}
    assert copies == {"VnExpress": (5, 5), "Thể thao": (0, 0)}
    # Keyset paging walks stories.
    page1 = storage.articles(ArticleQuery(limit=2))
    page2 = storage.articles(ArticleQuery(limit=10, after=page1[-1].page_key))
    assert [a.id for a in page1 + page2] == [a.id for a in every]


def test_read_and_saved_are_story_state(library) -> None:
    storage, feeds = library
    section_copy = next(
        a for a in storage.articles(ArticleQuery(feed_id=feeds["kinh-te"])) if "vàng" in a.title
    )
    assert storage.set_read([section_copy.id], True, now=NOW) == 2  # both copies
    assert storage.totals() == (5, 4, 0)
    latest = storage.articles(ArticleQuery(feed_id=feeds["latest"]))
    assert [a.read for a in latest if "vàng" in a.title] == [True]
    assert storage.feed(feeds["latest"]).unread == 4 and storage.feed(feeds["kinh-te"]).unread == 2
    storage.set_saved([latest[-1].id], True, now=NOW)
    assert storage.count_articles(ArticleQuery(saved=True)) == 1
    storage.mark_all_read(ArticleQuery(feed_id=feeds["the-thao"]), now=NOW)
    assert all(a.read for a in storage.articles(ArticleQuery()) if "bóng" in a.title)


def test_a_story_survives_its_first_copy(library) -> None:
    storage, feeds = library
    storage.remove_feed(feeds["latest"])
    stories = storage.articles(ArticleQuery())
    assert len(stories) == 5 and all(a.feed_id != feeds["latest"] for a in stories)
    bike = next(a for a in stories if a.title.startswith("Người dân"))
    assert bike.feed_id == feeds["kinh-te"] and bike.also_in == (feeds["thoi-su"],)
    assert storage.totals() == (5, 5, 0)


def test_pruning_a_representative_moves_the_story(library) -> None:
    storage, feeds = library
    storage.set_read([a.id for a in storage.articles(ArticleQuery())], True, now=NOW)
    # Keep one article per feed: the older copies go, the stories stay listed.
    storage.prune(now=NOW, keep_read_days=365, keep_per_feed=1, keep_unread_per_feed=1)
    stories = {a.title.split()[0]: a for a in storage.articles(ArticleQuery())}
    assert sorted(stories) == ["Giá", "Hà", "Đội"]  # each feed's newest story
    # The rail story's first copy (in the latest feed) was pruned: thoi-su's copy stands in.
    assert stories["Hà"].feed_id == feeds["thoi-su"] and stories["Hà"].also_in == ()


def test_the_page_of_a_story_is_fetched_once(library) -> None:
    storage, feeds = library
    since = NOW - timedelta(days=30)
    candidates = storage.fulltext_candidates(since=since, limit=100)
    assert len(candidates) == 5  # one per story, not one per copy
    first = candidates[0]
    storage.store_fulltext(first.article_id, status="ok", html="<p>Toàn văn</p>", now=NOW)
    assert len(storage.fulltext_candidates(since=since, limit=100)) == 4
    copies = [
        a.id
        for f in feeds.values()
        for a in storage.articles(ArticleQuery(feed_id=f))
        if story_key(a.link) == story_key(first.link)
    ]
    assert len(copies) >= 2
    for copy in copies:  # every copy of the story reads the one full text
        full = storage.fulltext(copy)
        assert full is not None and full.html == "<p>Toàn văn</p>"


def test_articles_stored_before_stories_get_them_on_open(library, tmp_path: Path) -> None:
    storage, _ = library
    conn = storage._conn()
    conn.execute("UPDATE articles SET story_id = NULL, story_key = NULL")
    conn.execute("UPDATE articles SET read = 1 WHERE feed_id = (SELECT MAX(feed_id) FROM articles)")
    storage.close()
    reopened = Storage(tmp_path / "db.sqlite3")
    try:
        assert reopened.count_articles(ArticleQuery()) == 5
        # Twins read in one feed are read everywhere.
        unread = reopened.count_articles(ArticleQuery(unread=True))
        assert unread == 3  # thoi-su's two stories were read
    finally:
        reopened.close()


def test_an_article_written_without_a_story_is_its_own(library) -> None:
    storage, feeds = library
    # A writer that knows nothing of stories (a sync account's items): the trigger steps in.
    with storage.transaction() as c:
        cur = c.execute(
            "INSERT INTO articles(feed_id, key, link, title, first_seen, sort_time,"
            " content_hash) VALUES (?, 'remote:1', ?, 'Giá vàng hôm nay tăng mạnh', 0, 0, 'h')",
            (feeds["latest"], "https://vnexpress.net/gia-vang-49548.html"),
        )
        new_id = int(cur.lastrowid or 0)
        row = c.execute("SELECT story_id, story_key FROM articles WHERE id = ?", (new_id,))
        assert tuple(row.fetchone()) == (new_id, None)
    assert new_id in {a.id for a in storage.articles(ArticleQuery(include_hidden=True))}
