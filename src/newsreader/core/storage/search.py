"""The full-text index (FTS5 table `articles_fts`, rowid = articles.id): keeping it in step with
the articles (in the writer's transaction) and searching it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace as replaced

from newsreader.core.errors import SearchQueryError
from newsreader.core.models import Article, ArticleQuery
from newsreader.core.storage import stories
from newsreader.core.storage.article_rows import (
    ARTICLE_COLUMNS,
    article_reader,
    article_where,
)
from newsreader.core.storage.connection import Database, column_positions, translate

_RANK_ALL_BELOW = 2_000  # bm25-rank every match when at most this many articles match
_FROM_MATCHES = (
    " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
    " LEFT JOIN feeds f ON f.id = a.feed_id LEFT JOIN folders d ON d.id = f.folder_id"
)


class SearchStore(Database):
    """Searching the articles' folded text."""

    def search(self, match: str, query: ArticleQuery, *, limit: int) -> list[tuple[Article, float]]:
        """Articles matching an FTS5 expression (already folded and quoted), best first.

        When few articles match, they are ranked by bm25 (title 8, lead 3, body 1, source 2;
        recency breaks ties). Ranking every match costs time in proportion to how many there
        are (~200 ms for "ha noi" over 100,000 articles), so when many match, relevance comes
        in two tiers instead — articles whose title matches, then the rest — each newest
        first, reading only as many rows as the page needs.
        """
        try:
            probe = (
                self._conn()
                .execute(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?",
                    (match, _RANK_ALL_BELOW + 1),
                )
                .fetchall()
            )
            if len(probe) <= _RANK_ALL_BELOW:
                hits = self._search_ranked(match, query, limit)
            else:
                hits = self._search_tiered(match, query, limit)
            # One row per story came from the query; add each story's other feeds.
            annotated = stories.annotate(self._conn(), [a for a, _ in hits])
            return [(a, rank) for a, (_, rank) in zip(annotated, hits, strict=True)]
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "syntax" in str(exc):
                raise SearchQueryError(f"cannot search for that: {exc}") from exc
            raise translate(exc) from exc
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    def search_newest(
        self, match: str, query: ArticleQuery, *, limit: int
    ) -> list[tuple[Article, float]]:
        """Articles matching an FTS5 expression, newest first (rank 0)."""
        where, params = article_where(replaced(query, offset=0, limit=None))
        where = (where + " AND" if where else " WHERE") + " articles_fts MATCH ?"
        sql = (
            f"SELECT {ARTICLE_COLUMNS} {_FROM_MATCHES} {where}"
            " ORDER BY a.sort_time DESC, a.id DESC LIMIT ? OFFSET ?"
        )
        with _search_errors():
            cursor = self._tuples(sql, (*params, match, limit, query.offset))
            read = article_reader(column_positions(cursor))
            return [(read(r), 0.0) for r in cursor.fetchall()]

    def search_count(self, match: str, query: ArticleQuery, *, cap: int) -> int:
        """How many articles match an FTS5 expression, counting no further than `cap`."""
        where, params = article_where(replaced(query, offset=0, limit=None))
        where = (where + " AND" if where else " WHERE") + " articles_fts MATCH ?"
        sql = f"SELECT COUNT(*) AS matches FROM (SELECT a.id {_FROM_MATCHES} {where} LIMIT ?)"
        with _search_errors():
            row = self._conn().execute(sql, (*params, match, cap)).fetchone()
        return int(row["matches"])

    def _search_ranked(
        self, match: str, query: ArticleQuery, limit: int
    ) -> list[tuple[Article, float]]:
        where, params = article_where(query)
        where = (where + " AND" if where else " WHERE") + " articles_fts MATCH ?"
        sql = (
            f"SELECT {ARTICLE_COLUMNS}, bm25(articles_fts, 8.0, 3.0, 1.0, 2.0) AS score"
            f" {_FROM_MATCHES} {where} ORDER BY score, a.sort_time DESC, a.id DESC"
            " LIMIT ? OFFSET ?"
        )
        cursor = self._tuples(sql, (*params, match, limit, query.offset))
        columns = column_positions(cursor)
        read, score = article_reader(columns), columns["score"]
        return [(read(r), float(r[score])) for r in cursor.fetchall()]

    def _search_tiered(
        self, match: str, query: ArticleQuery, limit: int
    ) -> list[tuple[Article, float]]:
        wanted = limit + query.offset
        where, params = article_where(replaced(query, offset=0))
        where = (where + " AND" if where else " WHERE") + " articles_fts MATCH ?"
        sql = (
            f"SELECT {ARTICLE_COLUMNS} {_FROM_MATCHES} {where}"
            " ORDER BY articles_fts.rowid DESC LIMIT ?"
        )
        # rowid order is fetch order, close to but not exactly recency: read a few more rows
        # than needed and sort them by time.
        cursor = self._tuples(sql, (*params, f"title : ({match})", wanted * 2))
        read = article_reader(column_positions(cursor))
        found = sorted(map(read, cursor.fetchall()), key=lambda a: a.page_key, reverse=True)[
            :wanted
        ]
        out: list[tuple[Article, float]] = [(a, -2.0) for a in found]
        if len(out) < wanted:
            seen = {a.id for a in found}
            rest = self._tuples(sql, (*params, match, (wanted - len(out)) * 2 + len(seen)))
            others = sorted(
                (a for a in map(read, rest.fetchall()) if a.id not in seen),
                key=lambda a: a.page_key,
                reverse=True,
            )
            out += [(a, -1.0) for a in others[: wanted - len(out)]]
        return out[query.offset :]


@contextmanager
def _search_errors() -> Iterator[None]:
    """sqlite3 errors of a search as our errors (a query FTS5 rejects: SearchQueryError)."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc) or "syntax" in str(exc):
            raise SearchQueryError(f"cannot search for that: {exc}") from exc
        raise translate(exc) from exc
    except sqlite3.Error as exc:
        raise translate(exc) from exc


def index_article(
    c: sqlite3.Connection,
    article_id: int,
    title: str,
    summary: str,
    body: str,
    source: str,
    *,
    replace: bool,
) -> None:
    """Put an article's folded text in the index (inside the writer's transaction); `replace`
    when it may be there already."""
    if replace:
        c.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
    c.execute(
        "INSERT INTO articles_fts(rowid, title, summary, body, source) VALUES (?, ?, ?, ?, ?)",
        (article_id, title, summary, body, source),
    )


def reindex_body(c: sqlite3.Connection, article_id: int, body: str) -> None:
    """Replace the indexed body of an article (its full text arrived), keeping the rest."""
    row = c.execute(
        "SELECT title, summary, source FROM articles_fts WHERE rowid = ?", (article_id,)
    ).fetchone()
    if row is not None:
        index_article(
            c, article_id, row["title"], row["summary"], body, row["source"], replace=True
        )
