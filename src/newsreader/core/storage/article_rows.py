"""How articles are selected and read: the one column list, joins and filter clause of every
article query (lists, one article, search, marking read), and the reader that turns their rows
into `Article`s by column name."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from newsreader.core.models import Article, ArticleQuery
from newsreader.core.storage import stories
from newsreader.core.storage.connection import from_ts

ARTICLE_COLUMNS = """
    a.id AS id, a.feed_id AS feed_id, COALESCE(f.title, a.source_title) AS feed_title,
    COALESCE(d.name, a.source_folder) AS folder, a.key AS key, a.link AS link,
    a.title AS title, a.author AS author, a.published AS published, a.updated AS updated,
    a.summary AS summary, a.thumbnail AS thumbnail, a.read AS read, a.saved AS saved,
    a.sort_time AS sort_time, a.account_id AS account_id
"""
# What only the query for one article reads (the list does not need the bodies).
ARTICLE_BODY_COLUMNS = "a.content_html AS content_html, a.categories AS categories"
ARTICLE_FROM = """
    FROM articles a
    LEFT JOIN feeds f ON f.id = a.feed_id
    LEFT JOIN folders d ON d.id = f.folder_id
"""
_EPOCH = datetime.fromtimestamp(0, UTC)


def article_reader(columns: Mapping[str, int]) -> Callable[[Sequence[Any]], Article]:
    """A function making an `Article` of a row of `ARTICLE_COLUMNS` (and, when the result has
    them, `ARTICLE_BODY_COLUMNS`), its columns found by name once per query."""
    id_, feed_id, feed_title = columns["id"], columns["feed_id"], columns["feed_title"]
    folder, key, link, title = columns["folder"], columns["key"], columns["link"], columns["title"]
    author, published, updated = columns["author"], columns["published"], columns["updated"]
    summary, thumbnail, read, saved = (
        columns["summary"], columns["thumbnail"], columns["read"], columns["saved"]
    )  # fmt: skip
    sort_time, account_id = columns["sort_time"], columns["account_id"]
    content_html, categories = columns.get("content_html"), columns.get("categories")

    def read_row(r: Sequence[Any]) -> Article:
        return Article(
            id=r[id_],
            feed_id=r[feed_id],
            feed_title=r[feed_title] or "",
            folder=r[folder],
            key=r[key],
            link=r[link],
            title=r[title],
            author=r[author],
            published=from_ts(r[published]),
            updated=from_ts(r[updated]),
            summary=r[summary],
            thumbnail=r[thumbnail],
            read=bool(r[read]),
            saved=bool(r[saved]),
            sort_time=from_ts(r[sort_time]) or _EPOCH,
            content_html=None if content_html is None else r[content_html],
            categories=(
                tuple(json.loads(r[categories])) if categories is not None and r[categories] else ()
            ),
            account_id=r[account_id],
        )

    return read_row


def article_where(query: ArticleQuery, *, walk_search: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause (over `ARTICLE_FROM`) of a query's filters, and its parameters.

    Lists that span feeds show one row per story (stories.py) and leave hidden articles out
    unless asked. `walk_search`: test a saved search's match row by row while walking the list
    in order (a page when very many match) instead of reading every match first."""
    clauses: list[str] = []
    params: list[Any] = []
    one_per_story, story_params = stories.scope(query)
    if one_per_story is not None:
        clauses.append(one_per_story)
        params += story_params
    if not query.include_hidden:
        clauses.append("a.hidden = 0")
    if query.search is not None and walk_search:
        clauses.append(
            "EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = a.id)"
        )
        params.append(query.search)
    elif query.search is not None:
        clauses.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(query.search)
    if query.feed_id is not None:
        clauses.append("a.feed_id = ?")
        params.append(query.feed_id)
    if query.account_id is not None:
        clauses.append("a.account_id = ?")
        params.append(query.account_id)
    if query.folder is not None:
        clauses.append(
            "COALESCE(d.name, a.source_folder) = ?"
            if query.account_id is None
            else "f.remote_folder = ?"  # one of a sync account's folders
        )
        params.append(query.folder)
    if query.unread:
        clauses.append("a.read = 0")
    if query.saved:
        clauses.append("a.saved = 1")
    if query.after is not None:
        clauses.append("(a.sort_time, a.id) < (?, ?)")
        params += list(query.after)
    if query.before is not None:
        clauses.append("(a.sort_time, a.id) > (?, ?)")
        params += list(query.before)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
