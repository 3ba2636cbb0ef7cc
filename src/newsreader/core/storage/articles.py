"""Articles: writing what a refresh decided, and reading lists, one article, and totals."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from newsreader.core.errors import NotFoundError
from newsreader.core.models import Article, ArticleQuery
from newsreader.core.storage.article_rows import (
    ARTICLE_BODY_COLUMNS,
    ARTICLE_COLUMNS,
    ARTICLE_FROM,
    article_reader,
    article_where,
)
from newsreader.core.storage.connection import Database, chunks, to_ts
from newsreader.core.storage.feeds import write_fetch_state
from newsreader.core.storage.records import ArticleWrite, FeedState, StoredEntry
from newsreader.core.storage.search import index_article


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
    ) -> None:
        """Record a successful fetch and write its new and changed entries, in one transaction."""
        seen = to_ts(now)
        with self.transaction() as c:
            write_fetch_state(c, feed_id, state)
            feed = c.execute(
                "SELECT f.title AS title, d.name AS folder FROM feeds f"
                " LEFT JOIN folders d ON d.id = f.folder_id WHERE f.id = ?",
                (feed_id,),
            ).fetchone()
            if feed is None:
                return  # the feed was removed while it was being fetched
            source, folder = feed["title"], feed["folder"]
            for w in inserts:
                cur = c.execute(
                    "INSERT INTO articles(feed_id, source_title, source_folder, key, guid, link,"
                    " title, author, published, updated, first_seen, sort_time, summary,"
                    " content_html, thumbnail, categories, content_hash)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                    " ON CONFLICT(feed_id, key) DO NOTHING",
                    (
                        feed_id, source, folder, w.key, w.guid, w.link, w.title, w.author,
                        to_ts(w.published), to_ts(w.updated), seen, to_ts(w.sort_time),
                        w.summary, w.content_html, w.thumbnail, json.dumps(w.categories),
                        w.content_hash,
                    ),
                )  # fmt: skip
                if cur.rowcount:
                    index_article(
                        c, int(cur.lastrowid or 0), w.index_title, w.index_summary, w.index_body,
                        source, replace=False,
                    )  # fmt: skip
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
                index_article(
                    c, article_id, w.index_title, w.index_summary, w.index_body, source,
                    replace=True,
                )  # fmt: skip

    # -- reading ---------------------------------------------------------------------------

    def articles(self, query: ArticleQuery) -> list[Article]:
        where, params = article_where(query)
        sql = (
            f"SELECT {ARTICLE_COLUMNS} {ARTICLE_FROM} {where} ORDER BY a.sort_time DESC, a.id DESC"
        )
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [query.limit, query.offset]
        columns, rows = self._read_columns(sql, params)
        return list(map(article_reader(columns), rows))

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
        return article_reader(columns)(rows[0])

    def articles_by_ids(self, ids: Sequence[int]) -> list[Article]:
        """Articles in the order of `ids` (missing ids are left out)."""
        found: dict[int, Article] = {}
        for chunk, marks in chunks(ids):
            columns, rows = self._read_columns(
                f"SELECT {ARTICLE_COLUMNS} {ARTICLE_FROM} WHERE a.id IN ({marks})", chunk
            )
            found.update((a.id, a) for a in map(article_reader(columns), rows))
        return [found[i] for i in ids if i in found]

    def existing_ids(self, ids: Iterable[int]) -> set[int]:
        out: set[int] = set()
        for chunk, marks in chunks(list(ids)):
            out.update(
                r["id"] for r in self._read(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
            )
        return out

    def totals(self) -> tuple[int, int, int]:
        """(all articles, unread, saved) across the library."""
        r = self._read(
            "SELECT COUNT(*) AS total, COALESCE(SUM(read = 0), 0) AS unread,"
            " COALESCE(SUM(saved = 1), 0) AS saved FROM articles"
        )[0]
        return int(r["total"]), int(r["unread"]), int(r["saved"])

    def unread_counts(self) -> dict[int, int]:
        rows = self._read(
            "SELECT feed_id, COUNT(*) AS unread FROM articles WHERE read = 0"
            " AND feed_id IS NOT NULL GROUP BY feed_id"
        )
        return {int(r["feed_id"]): int(r["unread"]) for r in rows}
