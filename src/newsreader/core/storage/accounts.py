"""Sync accounts in the database: the accounts, the feeds and articles each owns, and the
server's view of them (ids, folders) applied in explicit transactions.

An account's feed keeps the server's id (`remote_id`), its real address (`remote_url`) and its
folder on the server (`remote_folder`); the `url` column holds an account-scoped key so that the
same feed may be both local and in an account. An account's article keeps the server's item id.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from newsreader.core.errors import InvalidInputError, NotFoundError
from newsreader.core.models import Account
from newsreader.core.storage import outbox
from newsreader.core.storage.connection import Database, chunks, from_ts, to_ts
from newsreader.core.storage.outbox import OutboxEntry
from newsreader.core.storage.records import ArticleWrite

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class RemoteFeedRow:
    """A subscription as the server lists it."""

    remote_id: str
    url: str
    title: str
    site_url: str | None
    folder: str | None


@dataclass(frozen=True, slots=True)
class ItemRow:
    """An item of the server to store."""

    remote_id: str
    remote_feed: str
    feed_title: str  # used when the account does not list that feed (a starred item kept)
    article: ArticleWrite
    read: bool
    saved: bool


@dataclass(frozen=True, slots=True)
class SubscriptionChanges:
    added: int
    removed: int
    changed: int


def _account(r: Any) -> Account:
    return Account(
        id=r["id"],
        kind=r["kind"],
        url=r["url"],
        user=r["user"],
        title=r["title"],
        last_sync=from_ts(r["last_sync"]),
        last_error=r["last_error"],
    )


def feed_key(account_id: int, remote_id: str) -> str:
    """What an account's feed holds in the (unique) `url` column."""
    return f"newsreader-account:{account_id}:{remote_id}"


def _remove_feed(c: sqlite3.Connection, feed_id: int) -> None:
    """Drop an account's feed: its unsaved articles go; saved ones stay, still the account's
    (the server keeps starred items of feeds one unsubscribed from) but without a feed."""
    c.execute(
        "DELETE FROM articles_fts WHERE rowid IN"
        " (SELECT id FROM articles WHERE feed_id = ? AND saved = 0)",
        (feed_id,),
    )
    c.execute("DELETE FROM articles WHERE feed_id = ? AND saved = 0", (feed_id,))
    c.execute(
        "UPDATE articles SET source_title = (SELECT COALESCE(NULLIF(title, ''), remote_url)"
        " FROM feeds WHERE id = ?), source_folder = (SELECT remote_folder FROM feeds WHERE id = ?)"
        " WHERE feed_id = ?",
        (feed_id, feed_id, feed_id),
    )
    c.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))


class AccountStore(Database):
    """Sync accounts, their feeds and items as the server knows them, and their outbox."""

    # -- accounts ----------------------------------------------------------------------------

    def add_account(self, *, kind: str, url: str, user: str, title: str, now: datetime) -> int:
        with self.transaction() as c:
            if c.execute(
                "SELECT 1 FROM accounts WHERE url = ? AND user = ?", (url, user)
            ).fetchone():
                raise InvalidInputError(f"there is already an account for {user} at {url}")
            cur = c.execute(
                "INSERT INTO accounts(kind, url, user, title, added_at) VALUES (?, ?, ?, ?, ?)",
                (kind, url, user, title, to_ts(now)),
            )
            return int(cur.lastrowid or 0)

    def accounts(self) -> list[Account]:
        return [_account(r) for r in self._read("SELECT * FROM accounts ORDER BY id")]

    def account(self, account_id: int) -> Account:
        rows = self._read("SELECT * FROM accounts WHERE id = ?", (account_id,))
        if not rows:
            raise NotFoundError(f"no account with id {account_id}")
        return _account(rows[0])

    def remove_account(self, account_id: int) -> int:
        """Remove an account with its feeds and articles; saved articles stay, as local ones.
        Returns how many were kept."""
        with self.transaction() as c:
            if not c.execute("SELECT 1 FROM accounts WHERE id = ?", (account_id,)).fetchone():
                raise NotFoundError(f"no account with id {account_id}")
            c.execute(
                "DELETE FROM articles_fts WHERE rowid IN"
                " (SELECT id FROM articles WHERE account_id = ? AND saved = 0)",
                (account_id,),
            )
            c.execute("DELETE FROM articles WHERE account_id = ? AND saved = 0", (account_id,))
            kept = c.execute(
                "UPDATE articles SET source_title = COALESCE((SELECT COALESCE(NULLIF(f.title, ''),"
                " f.remote_url) FROM feeds f WHERE f.id = articles.feed_id), source_title),"
                " source_folder = (SELECT f.remote_folder FROM feeds f WHERE f.id ="
                " articles.feed_id), account_id = NULL, remote_id = NULL, feed_id = NULL"
                " WHERE account_id = ?",
                (account_id,),
            ).rowcount
            c.execute("DELETE FROM outbox WHERE account_id = ?", (account_id,))
            c.execute("DELETE FROM feeds WHERE account_id = ?", (account_id,))
            c.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
            return int(kept)

    def sync_cursor(self, account_id: int) -> dict[str, Any]:
        rows = self._read("SELECT cursor FROM accounts WHERE id = ?", (account_id,))
        if not rows:
            raise NotFoundError(f"no account with id {account_id}")
        value = json.loads(rows[0]["cursor"] or "{}")
        return value if isinstance(value, dict) else {}

    def record_sync(
        self,
        account_id: int,
        *,
        now: datetime,
        error: str | None,
        cursor: dict[str, Any] | None = None,
    ) -> None:
        """Remember how the sync went (an error is kept for the user; the last success stays)."""
        with self.transaction() as c:
            if error is not None:
                c.execute("UPDATE accounts SET last_error = ? WHERE id = ?", (error, account_id))
                return
            c.execute(
                "UPDATE accounts SET last_sync = ?, last_error = NULL WHERE id = ?",
                (to_ts(now), account_id),
            )
            if cursor is not None:
                c.execute(
                    "UPDATE accounts SET cursor = ? WHERE id = ?", (json.dumps(cursor), account_id)
                )

    # -- feeds -------------------------------------------------------------------------------

    def apply_subscriptions(
        self, account_id: int, remote: Iterable[RemoteFeedRow], *, now: datetime
    ) -> SubscriptionChanges:
        """Make the account's feeds what the server lists, except where a local change to that
        feed is still waiting in the outbox (the local change wins until it is sent)."""
        wanted = {f.remote_id: f for f in remote}
        added = removed = changed = 0
        with self.transaction() as c:
            pending = {
                r["target"]
                for r in c.execute(
                    "SELECT target FROM outbox WHERE account_id = ? AND action IN"
                    " ('unsubscribe', 'move', 'rename')",
                    (account_id,),
                )
            }
            # A folder renamed or deleted here since the sync sent the outbox: the feeds keep
            # the folders they have here until that is sent too.
            folders_pending = c.execute(
                "SELECT 1 FROM outbox WHERE account_id = ? AND action IN"
                " ('rename-folder', 'delete-folder') LIMIT 1",
                (account_id,),
            ).fetchone()
            held = {
                r["remote_id"]: (
                    r["id"],
                    r["remote_url"],
                    r["title"],
                    r["remote_folder"],
                    r["site_url"],
                )
                for r in c.execute(
                    "SELECT id, remote_id, remote_url, title, remote_folder, site_url FROM feeds"
                    " WHERE account_id = ?",
                    (account_id,),
                )
            }
            for remote_id, (feed_id, *_rest) in held.items():
                if remote_id in wanted or remote_id in pending:
                    continue
                _remove_feed(c, feed_id)
                removed += 1
            for remote_id, f in wanted.items():
                if remote_id in pending:
                    continue
                if remote_id not in held:
                    c.execute(
                        "INSERT INTO feeds(url, title, site_url, added_at, account_id, remote_id,"
                        " remote_url, remote_folder) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            feed_key(account_id, remote_id), f.title, f.site_url, to_ts(now),
                            account_id, remote_id, f.url, f.folder,
                        ),
                    )  # fmt: skip
                    added += 1
                    continue
                feed_id, url, title, folder, site_url = held[remote_id]
                if folders_pending:
                    f = replace(f, folder=folder)
                if (url, title, folder, site_url) != (f.url, f.title, f.folder, f.site_url):
                    c.execute(
                        "UPDATE feeds SET remote_url = ?, title = ?, remote_folder = ?,"
                        " site_url = ? WHERE id = ?",
                        (f.url, f.title, f.folder, f.site_url, feed_id),
                    )
                    changed += 1
        return SubscriptionChanges(added, removed, changed)

    def account_feed(self, feed_id: int) -> tuple[int, str] | None:
        """(account id, server's feed id) of an account's feed; None for a local feed."""
        rows = self._read("SELECT account_id, remote_id FROM feeds WHERE id = ?", (feed_id,))
        if not rows:
            raise NotFoundError(f"no feed with id {feed_id}")
        r = rows[0]
        return None if r["account_id"] is None else (int(r["account_id"]), str(r["remote_id"]))

    def unsubscribe_account_feed(self, feed_id: int, *, now: datetime) -> int:
        """Remove an account's feed here and queue the unsubscription, in one transaction."""
        with self.transaction() as c:
            row = _account_feed_row(c, feed_id)
            kept = c.execute(
                "SELECT COUNT(*) AS n FROM articles WHERE feed_id = ? AND saved = 1", (feed_id,)
            ).fetchone()["n"]
            queued = to_ts(now) or 0
            outbox.queue(c, row["account_id"], "unsubscribe", row["remote_id"], None, queued)
            _remove_feed(c, feed_id)
            return int(kept)

    def move_account_feed(self, feed_id: int, folder: str | None, *, now: datetime) -> None:
        """Put an account's feed in another of the account's folders and queue the move."""
        with self.transaction() as c:
            row = _account_feed_row(c, feed_id)
            old = row["remote_folder"]
            c.execute("UPDATE feeds SET remote_folder = ? WHERE id = ?", (folder, feed_id))
            # from and to: the API removes one label and adds one
            move = f"{old or ''}\n{folder or ''}"
            queued = to_ts(now) or 0
            outbox.queue(c, row["account_id"], "move", row["remote_id"], move, queued)

    def rename_account_feed(self, feed_id: int, title: str, *, now: datetime) -> None:
        with self.transaction() as c:
            row = _account_feed_row(c, feed_id)
            c.execute("UPDATE feeds SET title = ?, user_title = 1 WHERE id = ?", (title, feed_id))
            queued = to_ts(now) or 0
            outbox.queue(c, row["account_id"], "rename", row["remote_id"], title, queued)

    def rename_account_folder(self, account_id: int, old: str, new: str, *, now: datetime) -> int:
        """Rename one of the account's folders here and queue the rename; returns its feeds."""
        with self.transaction() as c:
            moved = c.execute(
                "UPDATE feeds SET remote_folder = ? WHERE account_id = ? AND remote_folder = ?",
                (new, account_id, old),
            ).rowcount
            if not moved:
                raise NotFoundError(f"the account has no folder {old!r}")
            outbox.queue(c, account_id, "rename-folder", old, new, to_ts(now) or 0)
            return int(moved)

    def delete_account_folder(self, account_id: int, name: str, *, now: datetime) -> int:
        """Remove one of the account's folders here (its feeds stay, outside any folder) and
        queue its removal on the server; returns how many feeds it held."""
        with self.transaction() as c:
            moved = c.execute(
                "UPDATE feeds SET remote_folder = NULL WHERE account_id = ? AND remote_folder = ?",
                (account_id, name),
            ).rowcount
            outbox.queue(c, account_id, "delete-folder", name, None, to_ts(now) or 0)
            return int(moved)

    # -- articles ----------------------------------------------------------------------------

    def held_item_ids(self, account_id: int) -> set[str]:
        rows = self._read("SELECT remote_id FROM articles WHERE account_id = ?", (account_id,))
        return {r["remote_id"] for r in rows}

    def pruned_item_ids(self, account_id: int, remote_ids: Sequence[str]) -> set[str]:
        """Which of these items retention dropped here (their tombstones): a server listing
        them again among its recent items does not bring them back."""
        found: set[str] = set()
        for chunk, marks in chunks(["remote:" + i for i in remote_ids]):
            rows = self._read(
                "SELECT t.key FROM tombstones t JOIN feeds f ON f.id = t.feed_id"
                f" WHERE f.account_id = ? AND t.key IN ({marks})",
                (account_id, *chunk),
            )
            found.update(r["key"].removeprefix("remote:") for r in rows)
        return found

    def store_account_items(
        self, account_id: int, items: Sequence[ItemRow], *, now: datetime
    ) -> int:
        """Insert items not held yet. An item of a feed the account does not list (a starred item
        of a feed since unsubscribed) is kept without a feed, under its source's name, so it is not
        asked for again. Returns how many were stored."""
        stored = 0
        seen = to_ts(now)
        with self.transaction() as c:
            feeds = {
                r["remote_id"]: (r["id"], r["source"])
                for r in c.execute(
                    "SELECT remote_id, id, COALESCE(NULLIF(title, ''), remote_url) AS source"
                    " FROM feeds WHERE account_id = ?",
                    (account_id,),
                )
            }
            for item in items:
                feed_id, source = feeds.get(item.remote_feed, (None, item.feed_title))
                w = item.article
                cur = c.execute(
                    "INSERT INTO articles(feed_id, source_title, key, guid, link, title, author,"
                    " published, updated, first_seen, sort_time, summary, content_html, thumbnail,"
                    " categories, content_hash, read, saved, read_at, saved_at, account_id,"
                    " remote_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                    " ON CONFLICT DO NOTHING",
                    (
                        feed_id, source, "remote:" + item.remote_id, w.guid, w.link, w.title,
                        w.author, to_ts(w.published), to_ts(w.updated), seen, to_ts(w.sort_time),
                        w.summary, w.content_html, w.thumbnail, json.dumps(w.categories),
                        w.content_hash, int(item.read), int(item.saved),
                        seen if item.read else None, seen if item.saved else None, account_id,
                        item.remote_id,
                    ),
                )  # fmt: skip
                if cur.rowcount:
                    stored += 1
                    c.execute(
                        "INSERT INTO articles_fts(rowid, title, summary, body, source)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (cur.lastrowid, w.index_title, w.index_summary, w.index_body, source),
                    )
        return stored

    def apply_account_states(
        self,
        account_id: int,
        *,
        unread: set[str] | None,
        starred: set[str] | None,
        now: datetime,
    ) -> int:
        """Make read/saved of the account's articles follow the server (`unread`: every item the
        server reports unread, `starred`: every starred one; None leaves that flag alone), except
        for articles with a change still in the outbox. Returns how many articles changed."""
        changed = 0
        ts = to_ts(now)
        with self.transaction() as c:
            c.execute("CREATE TEMP TABLE IF NOT EXISTS sync_ids(id TEXT PRIMARY KEY) WITHOUT ROWID")
            pending_sql = (
                " AND remote_id NOT IN (SELECT target FROM outbox WHERE account_id = ? AND action"
                " IN ({}))"
            )
            for column, ids, actions in (
                ("read", unread, "'read', 'unread'"),
                ("saved", starred, "'saved', 'unsaved'"),
            ):
                if ids is None:
                    continue
                c.execute("DELETE FROM sync_ids")
                c.executemany("INSERT OR IGNORE INTO sync_ids(id) VALUES (?)", ((i,) for i in ids))
                member = "remote_id IN (SELECT id FROM sync_ids)"
                # read follows "not in unread"; saved follows "in starred"
                on, off = (
                    (f"NOT ({member})", member) if column == "read" else (member, f"NOT ({member})")
                )
                pending = pending_sql.format(actions)
                changed += c.execute(
                    f"UPDATE articles SET {column} = 1, {column}_at = ? WHERE account_id = ?"
                    f" AND {column} = 0 AND {on}{pending}",
                    (ts, account_id, account_id),
                ).rowcount
                changed += c.execute(
                    f"UPDATE articles SET {column} = 0, {column}_at = NULL WHERE account_id = ?"
                    f" AND {column} = 1 AND {off}{pending}",
                    (account_id, account_id),
                ).rowcount
            c.execute("DELETE FROM sync_ids")
        return changed

    # -- the outbox ------------------------------------------------------------------------

    def outbox_pending(self, account_id: int) -> list[OutboxEntry]:
        """The account's queued changes, oldest first."""
        rows = self._read(
            "SELECT id, account_id, action, target, argument FROM outbox"
            " WHERE account_id = ? ORDER BY id",
            (account_id,),
        )
        return [
            OutboxEntry(r["id"], r["account_id"], r["action"], r["target"], r["argument"])
            for r in rows
        ]

    def outbox_confirm(self, entry_ids: Sequence[int]) -> None:
        """The server has these changes: drop them from the outbox."""
        with self.transaction() as c:
            for chunk, marks in chunks(list(entry_ids)):
                c.execute(f"DELETE FROM outbox WHERE id IN ({marks})", chunk)

    def outbox_count(self, account_id: int | None = None) -> int:
        if account_id is None:
            return int(self._read("SELECT COUNT(*) AS n FROM outbox")[0]["n"])
        rows = self._read("SELECT COUNT(*) AS n FROM outbox WHERE account_id = ?", (account_id,))
        return int(rows[0]["n"])


def _account_feed_row(c: sqlite3.Connection, feed_id: int) -> sqlite3.Row:
    """The account, server id and server folder of an account's feed (NotFoundError if none)."""
    row: sqlite3.Row | None = c.execute(
        "SELECT account_id, remote_id, remote_folder FROM feeds"
        " WHERE id = ? AND account_id IS NOT NULL",
        (feed_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no account feed with id {feed_id}")
    return row
