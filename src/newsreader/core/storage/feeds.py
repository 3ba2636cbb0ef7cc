"""Folders and feeds: subscribing, naming, filing, options, and what each fetch learned."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from newsreader.core.errors import InvalidInputError, NotFoundError
from newsreader.core.models import Feed, Folder
from newsreader.core.storage import stories
from newsreader.core.storage.connection import Database, from_ts, to_ts, translate
from newsreader.core.storage.records import FeedState

_FEED_COLUMNS = """
    f.id AS id, f.url AS url, f.title AS title, f.site_url AS site_url,
    f.folder_id AS folder_id, d.name AS folder, f.etag AS etag,
    f.last_modified AS last_modified, f.body_hash AS body_hash,
    f.last_checked AS last_checked, f.last_success AS last_success,
    f.last_error AS last_error, f.user_title AS user_title, f.options AS options,
    f.notice AS notice, f.next_due AS next_due, f.unchanged_runs AS unchanged_runs,
    f.account_id AS account_id, f.remote_url AS remote_url, f.remote_folder AS remote_folder
"""
# Every feed with its counts (one pass over the articles).
_ALL_FEEDS = f"""
    SELECT {_FEED_COLUMNS}, COALESCE(c.unread, 0) AS unread, COALESCE(c.total, 0) AS total
    FROM feeds f
    LEFT JOIN folders d ON d.id = f.folder_id
    LEFT JOIN (
        SELECT feed_id, SUM(read = 0) AS unread, COUNT(*) AS total
        FROM articles WHERE feed_id IS NOT NULL AND hidden = 0 GROUP BY feed_id
    ) c ON c.feed_id = f.id
    ORDER BY d.position, d.name COLLATE NOCASE, f.id
"""
# One feed with its counts (from the indexes on feed_id, not a pass over every article).
_ONE_FEED = f"""
    SELECT {_FEED_COLUMNS},
           (SELECT COUNT(*) FROM articles WHERE feed_id = f.id AND read = 0 AND hidden = 0)
             AS unread,
           (SELECT COUNT(*) FROM articles WHERE feed_id = f.id AND hidden = 0) AS total
    FROM feeds f
    LEFT JOIN folders d ON d.id = f.folder_id
    WHERE f.id = ?
"""


def feed_reader(columns: Mapping[str, int]) -> Callable[[Sequence[Any]], Feed]:
    """A function making a `Feed` of a row, its columns found by name once (see
    `Database._read_columns`)."""
    id_, url, title, site_url = columns["id"], columns["url"], columns["title"], columns["site_url"]
    folder_id, folder, etag = columns["folder_id"], columns["folder"], columns["etag"]
    last_modified, body_hash = columns["last_modified"], columns["body_hash"]
    last_checked, last_success = columns["last_checked"], columns["last_success"]
    last_error, user_title, options = (
        columns["last_error"],
        columns["user_title"],
        columns["options"],
    )
    unread, total, notice = columns["unread"], columns["total"], columns["notice"]
    next_due, unchanged_runs = columns["next_due"], columns["unchanged_runs"]
    # A sync account's feed: its real address and its folder on the server (see accounts.py).
    account_id, remote_url = columns["account_id"], columns["remote_url"]
    remote_folder = columns["remote_folder"]

    def read(r: Sequence[Any]) -> Feed:
        return Feed(
            id=r[id_],
            url=r[remote_url] or r[url],
            title=r[title] or r[remote_url] or r[url],
            site_url=r[site_url],
            folder_id=r[folder_id],
            folder=r[folder] if r[account_id] is None else r[remote_folder],
            etag=r[etag],
            last_modified=r[last_modified],
            body_hash=r[body_hash],
            last_checked=from_ts(r[last_checked]),
            last_success=from_ts(r[last_success]),
            last_error=r[last_error],
            user_title=bool(r[user_title]),
            options=_options(r[options]),
            unread=int(r[unread]),
            total=int(r[total]),
            notice=r[notice],
            next_due=from_ts(r[next_due]),
            unchanged_runs=int(r[unchanged_runs] or 0),
            account_id=r[account_id],
        )

    return read


def _options(text: str | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in json.loads(text or "{}").items()))


def write_fetch_state(c: sqlite3.Connection, feed_id: int, state: FeedState) -> None:
    """Record what one fetch learned about a feed (inside the caller's transaction), with one
    UPDATE (a refresh writes one per feed: on a warm refresh that is most of its writing)."""
    checked = to_ts(state.checked)
    sets: list[str] = []
    params: list[object] = []
    if state.next_due is not None:
        sets.append("next_due = ?")
        params.append(to_ts(state.next_due))
    if state.unchanged_runs is not None:
        sets.append("unchanged_runs = ?")
        params.append(state.unchanged_runs)
    if state.error is not None:
        sets.append("last_checked = ?, last_error = ?")
        params += [checked, state.error]
    else:
        sets.append("last_checked = ?, last_success = ?, last_error = NULL, notice = ?")
        params += [checked, checked, state.notice]
        if state.validators_changed:
            sets.append("etag = ?, last_modified = ?, body_hash = ?")
            params += [state.etag, state.last_modified, state.body_hash]
        if state.title:
            sets.append("title = CASE WHEN user_title = 0 THEN ? ELSE title END")
            params.append(state.title)
        if state.site_url:
            sets.append("site_url = ?")
            params.append(state.site_url)
        if state.image:
            sets.append("options = json_set(options, '$.image', ?)")
            params.append(state.image)
    c.execute(f"UPDATE feeds SET {', '.join(sets)} WHERE id = ?", (*params, feed_id))


class FeedStore(Database):
    """Folders and feeds."""

    # -- folders ---------------------------------------------------------------------------

    def folders(self) -> list[Folder]:
        rows = self._read("SELECT id, name FROM folders ORDER BY position, name COLLATE NOCASE")
        return [Folder(r["id"], r["name"]) for r in rows]

    def counted_folders(self) -> list[Folder]:
        """The folders with the further copies of their stories counted (stories.py)."""
        try:
            copies = stories.folder_copies(self._conn())
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        return [
            replace(f, copies_unread=copies[f.id][0], copies_total=copies[f.id][1])
            if f.id in copies
            else f
            for f in self.folders()
        ]

    def folder_id(self, name: str, *, create: bool = True) -> int | None:
        rows = self._read("SELECT id FROM folders WHERE name = ?", (name,))
        if rows:
            return int(rows[0]["id"])
        if not create:
            return None
        with self.transaction() as c:
            c.execute("INSERT OR IGNORE INTO folders(name) VALUES (?)", (name,))
            return int(c.execute("SELECT id FROM folders WHERE name = ?", (name,)).fetchone()["id"])

    def rename_folder(self, folder_id: int, name: str) -> None:
        with self.transaction() as c:
            if c.execute(
                "SELECT 1 FROM folders WHERE name = ? AND id != ?", (name, folder_id)
            ).fetchone():
                raise InvalidInputError(f"a folder named {name!r} already exists")
            if (
                c.execute("UPDATE folders SET name = ? WHERE id = ?", (name, folder_id)).rowcount
                == 0
            ):
                raise NotFoundError(f"no folder {folder_id}")

    def delete_folder(self, folder_id: int) -> None:
        """Remove a folder; its feeds stay, outside any folder."""
        with self.transaction() as c:
            c.execute("DELETE FROM folders WHERE id = ?", (folder_id,))

    # -- feeds -----------------------------------------------------------------------------

    def add_feed(
        self,
        url: str,
        *,
        title: str = "",
        site_url: str | None = None,
        folder_id: int | None = None,
        user_title: bool = False,
        options: Mapping[str, str] | None = None,
        now: datetime,
    ) -> Feed:
        """Subscribe to `url`; returns the new feed (no articles yet)."""
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone():
                raise InvalidInputError(f"already subscribed to {url}")
            cur = c.execute(
                "INSERT INTO feeds(url, title, user_title, site_url, folder_id, options, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    url, title, int(user_title), site_url, folder_id,
                    json.dumps(dict(options or {})), to_ts(now),
                ),
            )  # fmt: skip
            return self._feed(c, int(cur.lastrowid or 0))

    def feeds(self) -> list[Feed]:
        columns, rows = self._read_columns(_ALL_FEEDS)
        return list(map(feed_reader(columns), rows))

    def feed(self, feed_id: int) -> Feed:
        return self._feed(self._conn(), feed_id)

    def _feed(self, c: sqlite3.Connection, feed_id: int) -> Feed:
        try:
            row: sqlite3.Row | None = c.execute(_ONE_FEED, (feed_id,)).fetchone()
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        if row is None:
            raise NotFoundError(f"no feed with id {feed_id}")
        return feed_reader({name: i for i, name in enumerate(row.keys())})(row)

    def feed_urls(self) -> list[str]:
        """Every URL the user chose (cheap: no counts): local feeds and sync accounts' servers.
        The address guard lets these hosts be reached even when they are local. An account's
        feeds are not among them: the server lists those, and what a server's content points
        at is guarded like any feed's content."""
        return [
            r["url"]
            for r in self._read(
                "SELECT url FROM feeds WHERE account_id IS NULL UNION ALL SELECT url FROM accounts"
            )
        ]

    def feed_id_by_url(self, url: str) -> int | None:
        rows = self._read("SELECT id FROM feeds WHERE url = ?", (url,))
        return int(rows[0]["id"]) if rows else None

    def set_feed_title(self, feed_id: int, title: str) -> None:
        with self.transaction() as c:
            if (
                c.execute(
                    "UPDATE feeds SET title = ?, user_title = 1 WHERE id = ?", (title, feed_id)
                ).rowcount
                == 0
            ):
                raise NotFoundError(f"no feed with id {feed_id}")

    def set_feed_folder(self, feed_id: int, folder_id: int | None) -> None:
        with self.transaction() as c:
            if (
                c.execute(
                    "UPDATE feeds SET folder_id = ? WHERE id = ?", (folder_id, feed_id)
                ).rowcount
                == 0
            ):
                raise NotFoundError(f"no feed with id {feed_id}")

    def set_feed_option(self, feed_id: int, name: str, value: str | None) -> None:
        with self.transaction() as c:
            row = c.execute("SELECT options FROM feeds WHERE id = ?", (feed_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no feed with id {feed_id}")
            options = json.loads(row["options"] or "{}")
            if value is None:
                options.pop(name, None)
            else:
                options[name] = value
            c.execute("UPDATE feeds SET options = ? WHERE id = ?", (json.dumps(options), feed_id))

    def set_feed_next_due(self, feed_id: int, when: datetime | None) -> None:
        with self.transaction() as c:
            c.execute("UPDATE feeds SET next_due = ? WHERE id = ?", (to_ts(when), feed_id))

    def remove_feed(self, feed_id: int) -> int:
        """Unsubscribe. Saved articles stay (with their source's name); returns how many."""
        with self.transaction() as c:
            row = c.execute(
                "SELECT f.title AS title, f.url AS url, d.name AS folder FROM feeds f"
                " LEFT JOIN folders d ON d.id = f.folder_id WHERE f.id = ?",
                (feed_id,),
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no feed with id {feed_id}")
            doomed = "SELECT id FROM articles WHERE feed_id = ? AND saved = 0"
            stories.plan_moves(c, doomed, (feed_id,))
            c.execute(
                "DELETE FROM articles_fts WHERE rowid IN"
                " (SELECT id FROM articles WHERE feed_id = ? AND saved = 0)",
                (feed_id,),
            )
            c.execute("DELETE FROM articles WHERE feed_id = ? AND saved = 0", (feed_id,))
            stories.apply_moves(c)
            kept = c.execute(
                "UPDATE articles SET source_title = ?, source_folder = ? WHERE feed_id = ?",
                (row["title"] or row["url"], row["folder"], feed_id),
            ).rowcount
            # ON DELETE SET NULL detaches the saved articles that remain.
            c.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            return int(kept)

    def record_fetches(self, states: Sequence[tuple[int, FeedState]]) -> None:
        """Record the fetches of several feeds, in one transaction (all or none)."""
        with self.transaction() as c:
            for feed_id, state in states:
                write_fetch_state(c, feed_id, state)

    def record_fetch(self, feed_id: int, state: FeedState) -> None:
        # One statement is atomic by itself: no transaction (or savepoint, inside a refresh's
        # batch) of its own is needed around it.
        conn = self._conn()
        try:
            write_fetch_state(conn, feed_id, state)
        except sqlite3.Error as exc:
            raise translate(exc) from exc
