"""Offline reading: the full text extracted from each article's page, and the images each
article shows (kept in the image cache while an article refers to them)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from newsreader.core.storage.connection import Database, chunks, from_ts, to_ts
from newsreader.core.storage.records import FulltextCandidate, StoredFulltext
from newsreader.core.storage.search import reindex_body


class OfflineStore(Database):
    """Full texts and article images."""

    def fulltext_candidates(
        self, *, since: datetime, limit: int, article_ids: Sequence[int] | None = None
    ) -> list[FulltextCandidate]:
        """Articles with a link and no full-text attempt yet, newest first; one per story,
        none once any copy of the story had an attempt (a story's page is fetched once)."""
        sql = (
            "SELECT a.id AS id, a.feed_id AS feed_id, a.link AS link,"
            " a.content_html AS content_html, a.summary AS summary, f.options AS options,"
            " a.story_id AS story_id, a.thumbnail AS thumbnail"
            " FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id"
            " WHERE a.link IS NOT NULL AND NOT EXISTS (SELECT 1 FROM articles s"
            " JOIN fulltext t ON t.article_id = s.id WHERE s.story_id = a.story_id)"
        )
        params: list[Any] = []
        if article_ids is not None:
            if not article_ids:
                return []
            sql += f" AND a.id IN ({','.join('?' * len(article_ids))})"
            params += list(article_ids)
        else:
            sql += " AND a.first_seen >= ?"
            params.append(to_ts(since))
        sql += " ORDER BY a.sort_time DESC, a.id DESC LIMIT ?"
        params.append(limit)
        out: list[FulltextCandidate] = []
        story_seen: set[int] = set()
        for r in self._read(sql, params):
            if r["story_id"] in story_seen:
                continue
            story_seen.add(r["story_id"])
            out.append(
                FulltextCandidate(
                    article_id=r["id"],
                    feed_id=r["feed_id"],
                    link=r["link"],
                    content_html=r["content_html"],
                    summary=r["summary"] or "",
                    policy=str(json.loads(r["options"] or "{}").get("fulltext", "auto")),
                    thumbnail=r["thumbnail"],
                )
            )
        return out

    def store_fulltext(
        self,
        article_id: int,
        *,
        status: str,
        now: datetime,
        html: str | None = None,
        lead: str | None = None,
        author: str | None = None,
        published: datetime | None = None,
        error: str | None = None,
        index_body: str | None = None,
    ) -> None:
        """Record a full-text attempt; a successful one also re-indexes the article's body."""
        with self.transaction() as c:
            if not c.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
                return  # pruned or removed meanwhile
            c.execute(
                "INSERT OR REPLACE INTO fulltext(article_id, status, html, lead, author,"
                " published, fetched_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (article_id, status, html, lead, author, to_ts(published), to_ts(now), error),
            )
            if index_body is not None:
                reindex_body(c, article_id, index_body)

    def fulltext(self, article_id: int) -> StoredFulltext | None:
        # The page of a story is fetched once: any copy's attempt serves them all.
        rows = self._read(
            "SELECT t.status AS status, t.html AS html, t.lead AS lead, t.author AS author,"
            " t.published AS published, t.error AS error FROM fulltext t"
            " JOIN articles s ON s.id = t.article_id"
            " WHERE s.story_id = (SELECT story_id FROM articles WHERE id = ?)"
            " ORDER BY t.article_id = ? DESC, t.status = 'ok' DESC LIMIT 1",
            (article_id, article_id),
        )
        if not rows:
            return None
        r = rows[0]
        return StoredFulltext(
            status=r["status"],
            html=r["html"],
            lead=r["lead"],
            author=r["author"],
            published=from_ts(r["published"]),
            error=r["error"],
        )

    def set_article_images(self, article_id: int, urls: Iterable[str]) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM article_images WHERE article_id = ?", (article_id,))
            c.executemany(
                "INSERT OR IGNORE INTO article_images(article_id, url) VALUES (?, ?)",
                [(article_id, u) for u in dict.fromkeys(urls)],
            )

    def article_image_urls(self, article_ids: Sequence[int]) -> list[str]:
        out: list[str] = []
        for chunk, marks in chunks(article_ids):
            out += [
                r["url"]
                for r in self._read(
                    f"SELECT url FROM article_images WHERE article_id IN ({marks})", chunk
                )
            ]
        return list(dict.fromkeys(out))

    def saved_image_urls(self) -> set[str]:
        rows = self._read(
            "SELECT DISTINCT i.url AS url FROM article_images i"
            " JOIN articles a ON a.id = i.article_id WHERE a.saved = 1"
        )
        return {r["url"] for r in rows}
