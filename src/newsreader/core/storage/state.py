"""What the reader did and what the cache forgets: read and saved marks, pruning old articles,
and the tombstones that keep pruned entries from coming back unread."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from newsreader.core.models import ArticleQuery
from newsreader.core.storage import outbox, stories
from newsreader.core.storage.article_rows import ARTICLE_FROM, article_where
from newsreader.core.storage.connection import Database, chunks, to_ts
from newsreader.core.storage.records import PruneResult


class StateStore(Database):
    """Read/saved state, pruning and tombstones."""

    def _set_flag(self, column: str, ids: Sequence[int], value: bool, now: datetime) -> int:
        with self.transaction() as c:
            for chunk, _marks in chunks(ids):
                # a sync account's article: the change goes to its outbox in this transaction
                outbox.queue_flag_change(c, column, chunk, value, int(now.timestamp()))
            # the whole story: its copies in other feeds too (an account's article is a story
            # of its own, so the outbox above covers every account article changed)
            return stories.set_flag(c, column, ids, value, to_ts(now))

    def set_read(self, ids: Sequence[int], read: bool, *, now: datetime) -> int:
        return self._set_flag("read", ids, read, now)

    def set_saved(self, ids: Sequence[int], saved: bool, *, now: datetime) -> int:
        return self._set_flag("saved", ids, saved, now)

    def mark_listed_read(self, query: ArticleQuery, *, now: datetime) -> list[int]:
        """Mark read every unread article `query` lists (`after` included); their ids, so that
        exactly those can be marked unread again (undo)."""
        where, params = article_where(replace(query, unread=True, limit=None, offset=0))
        with self.transaction() as c:
            outbox.queue_read_where(  # a sync account's articles: queued with the change
                c, f"SELECT a.id {ARTICLE_FROM} {where}", params, int(now.timestamp())
            )
            rows = c.execute(  # the listed stories, their copies in other feeds too
                f"UPDATE articles SET read = 1, read_at = ? WHERE read = 0 AND story_id IN"
                f" (SELECT a.story_id {ARTICLE_FROM} {where}) RETURNING id",
                (to_ts(now), *params),
            ).fetchall()
        return [int(row["id"]) for row in rows]

    def mark_all_read(self, query: ArticleQuery, *, now: datetime) -> int:
        where, params = article_where(replace(query, unread=True, limit=None, offset=0, after=None))
        with self.transaction() as c:
            outbox.queue_read_where(
                c, f"SELECT a.id {ARTICLE_FROM} {where}", params, int(now.timestamp())
            )
            return int(
                c.execute(
                    f"UPDATE articles SET read = 1, read_at = ? WHERE read = 0 AND story_id IN"
                    f" (SELECT a.story_id {ARTICLE_FROM} {where})",
                    (to_ts(now), *params),
                ).rowcount
            )

    def tombstoned(self, feed_id: int, keys: Iterable[str]) -> set[str]:
        """Which of a feed's entry keys were pruned before (and must stay gone)."""
        found: set[str] = set()
        for chunk, marks in chunks(list(keys)):
            rows = self._read(
                f"SELECT key FROM tombstones WHERE feed_id = ? AND key IN ({marks})",
                (feed_id, *chunk),
            )
            found.update(r["key"] for r in rows)
        return found

    def prune(
        self,
        *,
        now: datetime,
        keep_read_days: int,
        keep_per_feed: int,
        keep_unread_per_feed: int,
    ) -> PruneResult:
        """Remove old read articles and the excess beyond per-feed limits; never saved ones.

        An article's age counts from when it *arrived* here and when it was *read*, never from
        its published date: an archive feed, a slow blog or a site with wrong dates would
        otherwise lose everything just read at the next start. So a read article goes once
        both its arrival and its reading are older than `keep_read_days` (articles read before
        read times were kept count from their arrival). Pruned entries leave a tombstone so a
        feed that still lists them does not bring them back as unread.
        """
        cutoff = int(now.timestamp()) - keep_read_days * 86_400
        with self.transaction() as c:
            c.execute("CREATE TEMP TABLE IF NOT EXISTS doomed(id INTEGER PRIMARY KEY)")
            c.execute("DELETE FROM doomed")
            # A sync account's article whose read/saved change is not sent yet stays: the
            # server still reports it unread or starred (it goes once the change is sent).
            c.execute(
                "INSERT OR IGNORE INTO doomed SELECT id FROM articles"
                " WHERE saved = 0 AND read = 1 AND first_seen < ?"
                " AND COALESCE(read_at, first_seen) < ?"
                f" AND NOT (account_id IS NOT NULL AND {outbox.unsent_change('articles')})",
                (cutoff, cutoff),
            )
            # Beyond the per-feed limits (newest kept): read ones past keep_per_feed, and
            # even unread ones past keep_unread_per_feed.
            c.execute(
                "INSERT OR IGNORE INTO doomed SELECT id FROM ("
                " SELECT id, read, saved, account_id, remote_id, ROW_NUMBER() OVER ("
                "  PARTITION BY feed_id ORDER BY sort_time DESC, id DESC) AS n"
                " FROM articles WHERE feed_id IS NOT NULL) AS w"
                # a sync account's unread articles are the server's to drop, never ours
                " WHERE saved = 0 AND ((read = 1 AND n > ?) OR (n > ? AND account_id IS NULL))"
                f" AND NOT (account_id IS NOT NULL AND {outbox.unsent_change('w')})",
                (keep_per_feed, max(keep_per_feed, keep_unread_per_feed)),
            )
            count = c.execute("SELECT COUNT(*) AS n FROM doomed").fetchone()["n"]
            if not count:
                return PruneResult(0, ())
            images = [
                r["url"]
                for r in c.execute(
                    "SELECT DISTINCT url FROM article_images WHERE article_id IN"
                    " (SELECT id FROM doomed) AND url NOT IN (SELECT url FROM article_images"
                    " WHERE article_id NOT IN (SELECT id FROM doomed))"
                )
            ]
            c.execute(
                "INSERT OR REPLACE INTO tombstones(feed_id, key, pruned_at)"
                " SELECT feed_id, key, ? FROM articles WHERE id IN (SELECT id FROM doomed)"
                " AND feed_id IS NOT NULL",
                (to_ts(now),),
            )
            stories.plan_moves(c, "SELECT id FROM doomed")
            c.execute("DELETE FROM articles_fts WHERE rowid IN (SELECT id FROM doomed)")
            c.execute("DELETE FROM articles WHERE id IN (SELECT id FROM doomed)")
            stories.apply_moves(c)
            c.execute("DELETE FROM doomed")
        return PruneResult(int(count), tuple(images))
