"""Articles: writing what a refresh decided, and reading lists, one article, and totals."""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime

from newsreader.core.errors import NotFoundError, SearchQueryError
from newsreader.core.models import Article, ArticleQuery
from newsreader.core.storage import stories
from newsreader.core.storage.article_rows import (
    ARTICLE_BODY_COLUMNS,
    ARTICLE_COLUMNS,
    ARTICLE_FROM,
    article_reader,
    article_where,
)
from newsreader.core.storage.connection import Database, chunks, to_ts, translate
from newsreader.core.storage.enclosures import write_enclosures
from newsreader.core.storage.feeds import write_fetch_state
from newsreader.core.storage.records import ArticleWrite, FeedState, StoredEntry
from newsreader.core.storage.search import index_article

_MANY_MATCHES = 2_000  # a saved search's page walks the list from at least this many matches


class ArticleStore(Database):
    """Articles as a refresh writes them and as lists read them."""

    # -- refresh support -------------------------------------------------------------------

    def stored_entries(self, feed_id: int) -> dict[str, StoredEntry]:
        columns, rows = self._read_columns(
            "SELECT key, id, content_hash FROM articles WHERE feed_id = ?", (feed_id,)
        )
        key, id_, content_hash = columns["key"], columns["id"], columns["content_hash"]
        return {r[key]: StoredEntry(r[id_], r[content_hash]) for r in rows}

    def store_refresh(
        self,
        feed_id: int,
        state: FeedState,
        inserts: Sequence[ArticleWrite],
        updates: Sequence[tuple[int, ArticleWrite]],
        *,
        now: datetime,
    ) -> list[int]:
        """Record a successful fetch and write its new and changed entries, in one transaction.
        Returns the ids of the articles inserted."""
        seen = to_ts(now)
        inserted: list[int] = []
        with self.transaction() as c:
            write_fetch_state(c, feed_id, state)
            feed = c.execute(
                "SELECT f.title AS title, d.name AS folder FROM feeds f"
                " LEFT JOIN folders d ON d.id = f.folder_id WHERE f.id = ?",
                (feed_id,),
            ).fetchone()
            if feed is None:
                return inserted  # the feed was removed while it was being fetched
            source, folder = feed["title"], feed["folder"]
            deferred = self._deferred_index()  # in a refresh batch: index rows at its commit
            # Ids given here (the write lock is held), so each row is written once with its
            # story: a new story's id is its first article's.
            next_id = int(c.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM articles").fetchone()[0])
            for w in inserts:
                story = stories.joining(c, w.link, w.marks, w.story_key)
                cur = c.execute(
                    "INSERT INTO articles(id, feed_id, source_title, source_folder, key, guid,"
                    " link, title, author, published, updated, first_seen, sort_time, summary,"
                    " content_html, thumbnail, categories, content_hash, story_key, story_id,"
                    " read, saved, hidden, highlighted, notify, read_at, saved_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                    " ON CONFLICT(feed_id, key) DO NOTHING",
                    (
                        next_id, feed_id, source, folder, w.key, w.guid, w.link, w.title,
                        w.author, to_ts(w.published), to_ts(w.updated), seen,
                        to_ts(w.sort_time), w.summary, w.content_html, w.thumbnail,
                        json.dumps(w.categories), w.content_hash, story.key,
                        story.story_id or next_id, int(story.read), int(story.saved),
                        int(story.hidden), int(story.highlighted), int(story.notify),
                        seen if story.read else None, seen if story.saved else None,
                    ),
                )  # fmt: skip
                if cur.rowcount:
                    inserted.append(next_id)
                    if w.enclosures:
                        write_enclosures(c, next_id, w.enclosures)
                    if story.story_id is not None:
                        stories.spread(c, story.story_id, story.added)
                    index_article(
                        c, next_id, w.index_title, w.index_summary, w.index_body, source,
                        replace=False, deferred=deferred,
                    )  # fmt: skip
                    next_id += 1
            for article_id, w in updates:
                c.execute(
                    "UPDATE articles SET guid = ?, link = ?, title = ?, author = ?, published = ?,"
                    " updated = ?, summary = ?, content_html = ?, thumbnail = ?, categories = ?,"
                    " content_hash = ? WHERE id = ?",
                    (
                        w.guid, w.link, w.title, w.author, to_ts(w.published),
                        to_ts(w.updated), w.summary, w.content_html, w.thumbnail,
                        json.dumps(w.categories), w.content_hash, article_id,
                    ),
                )  # fmt: skip
                write_enclosures(c, article_id, w.enclosures, replace=True)
                index_article(
                    c, article_id, w.index_title, w.index_summary, w.index_body, source,
                    replace=True, deferred=deferred,
                )  # fmt: skip
        return inserted

    # -- reading ---------------------------------------------------------------------------

    def articles(self, query: ArticleQuery) -> list[Article]:
        # A page of a saved search: with few matches read them all (an index lookup each);
        # with very many, walk the list in order and test each row ("ha noi", 50,000 of
        # 100,000 articles: ~10-25 ms a page instead of ~250 ms).
        walk = (
            query.search is not None and query.limit is not None and self._many_match(query.search)
        )
        where, params = article_where(query, walk_search=walk)
        # `before`: the rows nearest above that place, read upwards (keyset, as `after`).
        order = "ASC" if query.before is not None else "DESC"
        sql = (
            f"SELECT {ARTICLE_COLUMNS} {ARTICLE_FROM} {where}"
            f" ORDER BY a.sort_time {order}, a.id {order}"
        )
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [query.limit, query.offset]
        columns, rows = self._read_columns(sql, params)
        if query.before is not None:
            rows = rows[::-1]  # list order: newest first
        return self._annotate(list(map(article_reader(columns), rows)))

    def _annotate(self, articles: list[Article]) -> list[Article]:
        """With each story's other feeds and rule marks (stories.annotate)."""
        try:
            return stories.annotate(self._conn(), articles)
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    def _many_match(self, match: str) -> bool:
        """Whether so many articles match that walking the list beats reading every match.

        Reading n matches costs ~5 µs each; walking tests ~50·N/n rows at ~0.3 ms each (N
        articles): they break even near n = sqrt(3000·N), 17,000 of 100,000."""
        conn = self._conn()
        try:
            articles = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0])
            enough = max(_MANY_MATCHES, math.isqrt(3000 * articles))
            found = conn.execute(
                "SELECT COUNT(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
                " LIMIT ?)",
                (match, enough + 1),
            ).fetchone()[0]
            return int(found) > enough
        except sqlite3.OperationalError as exc:
            raise SearchQueryError(f"cannot search for that: {exc}") from exc

    def count_articles(self, query: ArticleQuery) -> int:
        where, params = article_where(query)
        return int(self._read(f"SELECT COUNT(*) AS n {ARTICLE_FROM} {where}", params)[0]["n"])

    def article(self, article_id: int) -> Article:
        """One article with its body and categories."""
        columns, rows = self._read_columns(
            f"SELECT {ARTICLE_COLUMNS}, {ARTICLE_BODY_COLUMNS} {ARTICLE_FROM} WHERE a.id = ?",
            (article_id,),
        )
        if not rows:
            raise NotFoundError(f"no article with id {article_id}")
        return self._annotate([article_reader(columns)(rows[0])])[0]

    def articles_by_ids(self, ids: Sequence[int]) -> list[Article]:
        """Articles in the order of `ids` (missing ids are left out)."""
        found: dict[int, Article] = {}
        for chunk, marks in chunks(ids):
            columns, rows = self._read_columns(
                f"SELECT {ARTICLE_COLUMNS} {ARTICLE_FROM} WHERE a.id IN ({marks})", chunk
            )
            found.update((a.id, a) for a in map(article_reader(columns), rows))
        return self._annotate([found[i] for i in ids if i in found])

    def marked_to_notify(self, ids: Iterable[int]) -> set[int]:
        """Those of `ids` a notify rule matched when they were stored."""
        out: set[int] = set()
        for chunk, marks in chunks(list(ids)):
            rows = self._read(
                f"SELECT id FROM articles WHERE notify = 1 AND id IN ({marks})", chunk
            )
            out.update(int(r["id"]) for r in rows)
        return out

    def existing_ids(self, ids: Iterable[int]) -> set[int]:
        out: set[int] = set()
        for chunk, marks in chunks(list(ids)):
            out.update(
                r["id"] for r in self._read(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
            )
        return out

    def totals(self) -> tuple[int, int, int]:
        """(all stories, unread, saved) across the library (hidden ones left out)."""
        r = self._read(
            "SELECT COUNT(*) AS total, COALESCE(SUM(read = 0), 0) AS unread,"
            " COALESCE(SUM(saved = 1), 0) AS saved FROM articles"
            " WHERE id = story_id AND hidden = 0"
        )[0]
        return int(r["total"]), int(r["unread"]), int(r["saved"])

    def unread_counts(self) -> dict[int, int]:
        rows = self._read(
            "SELECT feed_id, COUNT(*) AS unread FROM articles WHERE read = 0"
            " AND feed_id IS NOT NULL AND hidden = 0 GROUP BY feed_id"
        )
        return {int(r["feed_id"]): int(r["unread"]) for r in rows}
