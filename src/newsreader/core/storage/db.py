"""The Storage repository: the only class that speaks SQL.

One SQLite database in WAL mode; one connection per thread (SQLite connections must not be shared
across threads); every write inside `with storage.transaction():`. Times are stored as integer
Unix seconds (UTC) and come back as aware datetimes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsreader.core.errors import (
    DatabaseCorruptError,
    DatabaseTooNewError,
    InvalidInputError,
    NotFoundError,
    SearchQueryError,
    StorageError,
)
from newsreader.core.models import Article, ArticleQuery, Feed, Folder
from newsreader.core.storage.schema import LATEST_VERSION, MIGRATIONS

log = logging.getLogger("newsreader.storage")

_BUSY_TIMEOUT_MS = 10_000
_ID_CHUNK = 500  # stay well below SQLite's bound-parameter limit
_RANK_ALL_BELOW = 2_000  # bm25-rank every match when at most this many articles match


def to_ts(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def from_ts(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """What the refresh decision needs to know about an entry already stored."""

    id: int
    content_hash: str


@dataclass(frozen=True, slots=True)
class ArticleWrite:
    """One article to insert or update, as decided by the refresh pipeline."""

    key: str
    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: datetime | None
    updated: datetime | None
    summary: str
    content_html: str | None
    thumbnail: str | None
    categories: tuple[str, ...]
    content_hash: str
    sort_time: datetime
    index_title: str  # folded text for the search index
    index_summary: str
    index_body: str


@dataclass(frozen=True, slots=True)
class FeedState:
    """What one fetch learned about a feed."""

    checked: datetime
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    title: str | None = None  # the feed's own title (ignored when the user named the feed)
    site_url: str | None = None
    validators_changed: bool = True  # False: keep the stored ETag/Last-Modified/hash
    notice: str | None = None  # not an error, but worth telling (e.g. an empty feed)


@dataclass(frozen=True, slots=True)
class FulltextCandidate:
    """An article whose page may be fetched for its full text."""

    article_id: int
    feed_id: int | None
    link: str
    content_html: str | None
    summary: str
    policy: str  # the feed's "fulltext" option: auto, always or never


@dataclass(frozen=True, slots=True)
class StoredFulltext:
    status: str  # ok, failed or skipped
    html: str | None
    lead: str | None
    author: str | None
    published: datetime | None
    error: str | None


@dataclass(frozen=True, slots=True)
class PruneResult:
    articles: int
    orphan_images: tuple[str, ...]  # image URLs no remaining article refers to


_ARTICLE_COLUMNS = """
    a.id, a.feed_id, COALESCE(f.title, a.source_title), COALESCE(d.name, a.source_folder),
    a.key, a.link, a.title, a.author, a.published, a.updated, a.summary, a.thumbnail,
    a.read, a.saved, a.sort_time
"""
_ARTICLE_FROM = """
    FROM articles a
    LEFT JOIN feeds f ON f.id = a.feed_id
    LEFT JOIN folders d ON d.id = f.folder_id
"""

_FEED_SELECT = """
    SELECT f.id, f.url, f.title, f.site_url, f.folder_id, d.name, f.etag, f.last_modified,
           f.body_hash, f.last_checked, f.last_success, f.last_error, f.user_title, f.options,
           COALESCE(c.unread, 0), COALESCE(c.total, 0), f.notice
    FROM feeds f
    LEFT JOIN folders d ON d.id = f.folder_id
    LEFT JOIN (
        SELECT feed_id, SUM(read = 0) AS unread, COUNT(*) AS total
        FROM articles WHERE feed_id IS NOT NULL GROUP BY feed_id
    ) c ON c.feed_id = f.id
"""


def _feed_from_row(r: Sequence[Any]) -> Feed:
    options = json.loads(r[13] or "{}")
    return Feed(
        id=r[0],
        url=r[1],
        title=r[2] or r[1],
        site_url=r[3],
        folder_id=r[4],
        folder=r[5],
        etag=r[6],
        last_modified=r[7],
        body_hash=r[8],
        last_checked=from_ts(r[9]),
        last_success=from_ts(r[10]),
        last_error=r[11],
        user_title=bool(r[12]),
        options=tuple(sorted((str(k), str(v)) for k, v in options.items())),
        unread=int(r[14]),
        total=int(r[15]),
        notice=r[16],
    )


def _article_from_row(r: Sequence[Any], extra: Sequence[Any] = ()) -> Article:
    content_html = extra[0] if extra else None
    categories = tuple(json.loads(extra[1])) if len(extra) > 1 and extra[1] else ()
    return Article(
        id=r[0],
        feed_id=r[1],
        feed_title=r[2] or "",
        folder=r[3],
        guid=r[4],
        link=r[5],
        title=r[6],
        author=r[7],
        published=from_ts(r[8]),
        updated=from_ts(r[9]),
        summary=r[10],
        thumbnail=r[11],
        read=bool(r[12]),
        saved=bool(r[13]),
        sort_time=from_ts(r[14]) or datetime.fromtimestamp(0, UTC),
        content_html=content_html,
        categories=categories,
    )


def _translate(exc: sqlite3.Error) -> StorageError:
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and "disk is full" in text:
        return StorageError("the disk is full: nothing new was saved (free some space and retry)")
    if isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return DatabaseCorruptError(f"the database is damaged: {text}")
    if "locked" in text or "busy" in text:
        return StorageError("the database is busy (is another Newsreader running?)")
    return StorageError(f"database error: {text}")


class Storage:
    """All persistent state of one library. Safe to use from several threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._lock = threading.Lock()
        self._closed = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate(self._conn())

    # -- connections and transactions ------------------------------------------------------

    def open_connections(self) -> int:
        with self._lock:
            return len(self._all)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if self._closed:
            if conn is not None:  # closed meanwhile: this thread closes its own connection
                self._local.conn = None
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            raise StorageError("the library is closed")
        if conn is not None:
            return conn
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves (explicit transactions).
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10
            )
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                log.warning("journal_mode is %s, not wal", mode)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        self._local.conn = conn
        with self._lock:
            # Worker threads come and go (thread pools): close the connections of dead ones.
            alive = []
            for thread, other in self._all:
                if thread.is_alive():
                    alive.append((thread, other))
                else:
                    with contextlib.suppress(sqlite3.Error):
                        other.close()
            alive.append((threading.current_thread(), conn))
            self._all = alive
        return conn

    def close(self) -> None:
        """Close this thread's connection and those of finished threads. A connection another
        live thread may be using right now is never closed under it (that crashes sqlite3):
        that thread closes it on its next call, which then fails with "the library is closed"."""
        me = threading.current_thread()
        with contextlib.suppress(sqlite3.Error, StorageError):
            # Empty the -wal now: a live worker's open connection keeps the file, and a
            # non-empty one at the next start means "unclean exit" (a full integrity check).
            conn = self._conn()
            if not conn.in_transaction:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with self._lock:
            self._closed = True
            still_used = []
            for thread, conn in self._all:
                if thread is me or not thread.is_alive():
                    with contextlib.suppress(sqlite3.Error):  # closing is best effort
                        conn.close()
                else:
                    still_used.append((thread, conn))
            self._all = still_used
        self._local.conn = None

    @contextmanager
    def transaction(self, *, immediate: bool = True) -> Iterator[sqlite3.Connection]:
        """A transaction on this thread's connection.

        Nested use is a savepoint inside the outer transaction: if the inner block fails, only
        its own writes are undone (one feed's failure never leaves half of it stored).
        """
        conn = self._conn()
        if conn.in_transaction:
            depth = getattr(self._local, "depth", 0) + 1
            self._local.depth = depth
            name = f"nested_{depth}"
            try:
                conn.execute(f"SAVEPOINT {name}")
                try:
                    yield conn
                except BaseException as exc:
                    # Some errors (a full disk) make SQLite roll back the whole transaction,
                    # savepoints included: then there is nothing left to undo here.
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute(f"ROLLBACK TO {name}")
                            conn.execute(f"RELEASE {name}")
                    if isinstance(exc, sqlite3.Error):
                        raise _translate(exc) from exc
                    raise
                else:
                    conn.execute(f"RELEASE {name}")
            finally:
                self._local.depth = depth - 1
            return
        try:
            conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        try:
            yield conn
        except BaseException as exc:
            conn.rollback()
            if isinstance(exc, sqlite3.Error):
                raise _translate(exc) from exc
            raise
        else:
            try:
                conn.commit()
            except sqlite3.Error as exc:
                conn.rollback()
                raise _translate(exc) from exc

    @contextmanager
    def batch(self, *, max_seconds: float = 0.5) -> Iterator[Batch]:
        """Many small writes on this thread as few transactions: `Batch.checkpoint()` commits
        when the current one has been open `max_seconds`. (One commit per feed made the commit
        itself a fifth of a refresh's writing time.)"""
        conn = self._conn()
        if conn.in_transaction:  # already inside a transaction: it decides when to commit
            yield Batch(None, max_seconds)
            return
        batch = Batch(conn, max_seconds)
        try:
            yield batch
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
        else:
            batch.commit()

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise _translate(exc) from exc
        if version > LATEST_VERSION:
            raise DatabaseTooNewError(
                f"{self.path} was written by a newer Newsreader (schema {version}, this version"
                f" knows {LATEST_VERSION}); upgrade Newsreader to open it"
            )
        if version == LATEST_VERSION:
            return
        with self.transaction() as c:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            version = c.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, LATEST_VERSION):
                log.info("migrating database to schema %d", number + 1)
                for statement in _split_sql(MIGRATIONS[number]):
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {number + 1}")

    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    def integrity_check(self) -> str:
        return str(self._read("PRAGMA integrity_check")[0][0])

    # -- folders ---------------------------------------------------------------------------

    def folders(self) -> list[Folder]:
        rows = self._read("SELECT id, name FROM folders ORDER BY position, name COLLATE NOCASE")
        return [Folder(r[0], r[1]) for r in rows]

    def folder_id(self, name: str, *, create: bool = True) -> int | None:
        rows = self._read("SELECT id FROM folders WHERE name = ?", (name,))
        if rows:
            return int(rows[0][0])
        if not create:
            return None
        with self.transaction() as c:
            c.execute("INSERT OR IGNORE INTO folders(name) VALUES (?)", (name,))
            return int(c.execute("SELECT id FROM folders WHERE name = ?", (name,)).fetchone()[0])

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
        now: datetime,
    ) -> int:
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone():
                raise InvalidInputError(f"already subscribed to {url}")
            cur = c.execute(
                "INSERT INTO feeds(url, title, user_title, site_url, folder_id, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (url, title, int(user_title), site_url, folder_id, to_ts(now)),
            )
            return int(cur.lastrowid or 0)

    def feeds(self) -> list[Feed]:
        rows = self._read(_FEED_SELECT + " ORDER BY d.position, d.name COLLATE NOCASE, f.id")
        return [_feed_from_row(r) for r in rows]

    def feed(self, feed_id: int) -> Feed:
        rows = self._read(_FEED_SELECT + " WHERE f.id = ?", (feed_id,))
        if not rows:
            raise NotFoundError(f"no feed with id {feed_id}")
        return _feed_from_row(rows[0])

    def feed_urls(self) -> list[str]:
        """Every subscribed URL (cheap: no counts)."""
        return [r[0] for r in self._read("SELECT url FROM feeds")]

    def feed_id_by_url(self, url: str) -> int | None:
        rows = self._read("SELECT id FROM feeds WHERE url = ?", (url,))
        return int(rows[0][0]) if rows else None

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
            options = json.loads(row[0] or "{}")
            if value is None:
                options.pop(name, None)
            else:
                options[name] = value
            c.execute("UPDATE feeds SET options = ? WHERE id = ?", (json.dumps(options), feed_id))

    def remove_feed(self, feed_id: int) -> int:
        """Unsubscribe. Saved articles stay (with their source's name); returns how many."""
        with self.transaction() as c:
            row = c.execute(
                "SELECT f.title, f.url, d.name FROM feeds f LEFT JOIN folders d"
                " ON d.id = f.folder_id WHERE f.id = ?",
                (feed_id,),
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no feed with id {feed_id}")
            c.execute(
                "DELETE FROM articles_fts WHERE rowid IN"
                " (SELECT id FROM articles WHERE feed_id = ? AND saved = 0)",
                (feed_id,),
            )
            c.execute("DELETE FROM articles WHERE feed_id = ? AND saved = 0", (feed_id,))
            kept = c.execute(
                "UPDATE articles SET source_title = ?, source_folder = ? WHERE feed_id = ?",
                (row[0] or row[1], row[2], feed_id),
            ).rowcount
            # ON DELETE SET NULL detaches the saved articles that remain.
            c.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            return int(kept)

    # -- refresh support -------------------------------------------------------------------

    def stored_entries(self, feed_id: int) -> dict[str, StoredEntry]:
        rows = self._read(
            "SELECT key, id, content_hash FROM articles WHERE feed_id = ?", (feed_id,)
        )
        return {r[0]: StoredEntry(r[1], r[2]) for r in rows}

    def tombstoned(self, feed_id: int, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        keys = list(keys)
        for i in range(0, len(keys), _ID_CHUNK):
            chunk = keys[i : i + _ID_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._read(
                f"SELECT key FROM tombstones WHERE feed_id = ? AND key IN ({marks})",
                (feed_id, *chunk),
            )
            found.update(r[0] for r in rows)
        return found

    def record_fetch(self, feed_id: int, state: FeedState) -> None:
        with self.transaction() as c:
            self._record_fetch(c, feed_id, state)

    def _record_fetch(self, c: sqlite3.Connection, feed_id: int, state: FeedState) -> None:
        checked = to_ts(state.checked)
        if state.error is not None:
            c.execute(
                "UPDATE feeds SET last_checked = ?, last_error = ? WHERE id = ?",
                (checked, state.error, feed_id),
            )
            return
        c.execute(
            "UPDATE feeds SET last_checked = ?, last_success = ?, last_error = NULL, notice = ?"
            " WHERE id = ?",
            (checked, checked, state.notice, feed_id),
        )
        if state.validators_changed:
            c.execute(
                "UPDATE feeds SET etag = ?, last_modified = ?, body_hash = ? WHERE id = ?",
                (state.etag, state.last_modified, state.body_hash, feed_id),
            )
        if state.title:
            c.execute(
                "UPDATE feeds SET title = ? WHERE id = ? AND user_title = 0",
                (state.title, feed_id),
            )
        if state.site_url:
            c.execute("UPDATE feeds SET site_url = ? WHERE id = ?", (state.site_url, feed_id))

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
            self._record_fetch(c, feed_id, state)
            title_row = c.execute(
                "SELECT f.title, d.name FROM feeds f LEFT JOIN folders d ON d.id = f.folder_id"
                " WHERE f.id = ?",
                (feed_id,),
            ).fetchone()
            if title_row is None:
                return  # the feed was removed while it was being fetched
            source, folder = title_row
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
                    c.execute(
                        "INSERT INTO articles_fts(rowid, title, summary, body, source)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (cur.lastrowid, w.index_title, w.index_summary, w.index_body, source),
                    )
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
                c.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
                c.execute(
                    "INSERT INTO articles_fts(rowid, title, summary, body, source)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (article_id, w.index_title, w.index_summary, w.index_body, source),
                )

    # -- articles --------------------------------------------------------------------------

    @staticmethod
    def _where(query: ArticleQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.feed_id is not None:
            clauses.append("a.feed_id = ?")
            params.append(query.feed_id)
        if query.folder is not None:
            clauses.append("COALESCE(d.name, a.source_folder) = ?")
            params.append(query.folder)
        if query.unread:
            clauses.append("a.read = 0")
        if query.saved:
            clauses.append("a.saved = 1")
        if query.after is not None:
            clauses.append("(a.sort_time, a.id) < (?, ?)")
            params += list(query.after)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def articles(self, query: ArticleQuery) -> list[Article]:
        where, params = self._where(query)
        sql = (
            f"SELECT {_ARTICLE_COLUMNS} {_ARTICLE_FROM} {where}"
            " ORDER BY a.sort_time DESC, a.id DESC"
        )
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [query.limit, query.offset]
        return [_article_from_row(r) for r in self._read(sql, params)]

    def count_articles(self, query: ArticleQuery) -> int:
        where, params = self._where(query)
        return int(self._read(f"SELECT COUNT(*) {_ARTICLE_FROM} {where}", params)[0][0])

    def article(self, article_id: int) -> Article:
        rows = self._read(
            f"SELECT {_ARTICLE_COLUMNS}, a.content_html, a.categories {_ARTICLE_FROM}"
            " WHERE a.id = ?",
            (article_id,),
        )
        if not rows:
            raise NotFoundError(f"no article with id {article_id}")
        return _article_from_row(rows[0][:15], rows[0][15:])

    def articles_by_ids(self, ids: Sequence[int]) -> list[Article]:
        """Articles in the order of `ids` (missing ids are left out)."""
        found: dict[int, Article] = {}
        for i in range(0, len(ids), _ID_CHUNK):
            chunk = list(ids[i : i + _ID_CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self._read(
                f"SELECT {_ARTICLE_COLUMNS} {_ARTICLE_FROM} WHERE a.id IN ({marks})", chunk
            )
            found.update((r[0], _article_from_row(r)) for r in rows)
        return [found[i] for i in ids if i in found]

    def existing_ids(self, ids: Iterable[int]) -> set[int]:
        ids = list(ids)
        out: set[int] = set()
        for i in range(0, len(ids), _ID_CHUNK):
            chunk = ids[i : i + _ID_CHUNK]
            marks = ",".join("?" * len(chunk))
            out.update(
                r[0] for r in self._read(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
            )
        return out

    def _set_flag(self, column: str, ids: Sequence[int], value: bool, now: datetime) -> int:
        changed = 0
        with self.transaction() as c:
            for i in range(0, len(ids), _ID_CHUNK):
                chunk = list(ids[i : i + _ID_CHUNK])
                marks = ",".join("?" * len(chunk))
                changed += c.execute(
                    f"UPDATE articles SET {column} = ?, {column}_at = ?"
                    f" WHERE id IN ({marks}) AND {column} != ?",
                    (int(value), to_ts(now) if value else None, *chunk, int(value)),
                ).rowcount
        return changed

    def set_read(self, ids: Sequence[int], read: bool, *, now: datetime) -> int:
        return self._set_flag("read", ids, read, now)

    def set_saved(self, ids: Sequence[int], saved: bool, *, now: datetime) -> int:
        return self._set_flag("saved", ids, saved, now)

    def mark_all_read(self, query: ArticleQuery, *, now: datetime) -> int:
        where, params = self._where(ArticleQuery(query.feed_id, query.folder, True, query.saved))
        with self.transaction() as c:
            return int(
                c.execute(
                    f"UPDATE articles SET read = 1, read_at = ? WHERE id IN (SELECT a.id"
                    f" {_ARTICLE_FROM} {where})",
                    (to_ts(now), *params),
                ).rowcount
            )

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
                return self._search_ranked(match, query, limit)
            return self._search_tiered(match, query, limit)
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "syntax" in str(exc):
                raise SearchQueryError(f"cannot search for that: {exc}") from exc
            raise _translate(exc) from exc
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    def _search_ranked(
        self, match: str, query: ArticleQuery, limit: int
    ) -> list[tuple[Article, float]]:
        where, params = self._where(query)
        where = (where + " AND" if where else " WHERE") + " articles_fts MATCH ?"
        sql = (
            f"SELECT {_ARTICLE_COLUMNS}, bm25(articles_fts, 8.0, 3.0, 1.0, 2.0) AS score"
            f" FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            f" LEFT JOIN feeds f ON f.id = a.feed_id LEFT JOIN folders d ON d.id = f.folder_id"
            f" {where} ORDER BY score, a.sort_time DESC, a.id DESC LIMIT ? OFFSET ?"
        )
        rows = self._conn().execute(sql, (*params, match, limit, query.offset)).fetchall()
        return [(_article_from_row(r[:15]), float(r[15])) for r in rows]

    def _search_tiered(
        self, match: str, query: ArticleQuery, limit: int
    ) -> list[tuple[Article, float]]:
        wanted = limit + query.offset
        where, params = self._where(replace(query, offset=0))
        where = (where + " AND" if where else " WHERE") + " articles_fts MATCH ?"
        sql = (
            f"SELECT {_ARTICLE_COLUMNS} FROM articles_fts"
            f" JOIN articles a ON a.id = articles_fts.rowid"
            f" LEFT JOIN feeds f ON f.id = a.feed_id LEFT JOIN folders d ON d.id = f.folder_id"
            f" {where} ORDER BY articles_fts.rowid DESC LIMIT ?"
        )
        conn = self._conn()
        # rowid order is fetch order, close to but not exactly recency: read a few more rows
        # than needed and sort them by time.
        title_rows = conn.execute(sql, (*params, f"title : ({match})", wanted * 2)).fetchall()
        found = sorted(
            (_article_from_row(r) for r in title_rows), key=lambda a: a.page_key, reverse=True
        )[:wanted]
        out: list[tuple[Article, float]] = [(a, -2.0) for a in found]
        if len(out) < wanted:
            seen = {a.id for a in found}
            rest = conn.execute(
                sql, (*params, match, (wanted - len(out)) * 2 + len(seen))
            ).fetchall()
            others = sorted(
                (a for a in map(_article_from_row, rest) if a.id not in seen),
                key=lambda a: a.page_key,
                reverse=True,
            )
            out += [(a, -1.0) for a in others[: wanted - len(out)]]
        return out[query.offset :]

    # -- offline reading -------------------------------------------------------------------

    def fulltext_candidates(
        self, *, since: datetime, limit: int, article_ids: Sequence[int] | None = None
    ) -> list[FulltextCandidate]:
        """Articles with a link and no full-text attempt yet, newest first."""
        sql = (
            "SELECT a.id, a.feed_id, a.link, a.content_html, a.summary, f.options"
            " FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id"
            " LEFT JOIN fulltext t ON t.article_id = a.id"
            " WHERE t.article_id IS NULL AND a.link IS NOT NULL"
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
        out = []
        for r in self._read(sql, params):
            policy = str(json.loads(r[5] or "{}").get("fulltext", "auto"))
            out.append(FulltextCandidate(r[0], r[1], r[2], r[3], r[4] or "", policy))
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
                row = c.execute(
                    "SELECT title, summary, source FROM articles_fts WHERE rowid = ?",
                    (article_id,),
                ).fetchone()
                if row is not None:
                    c.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
                    c.execute(
                        "INSERT INTO articles_fts(rowid, title, summary, body, source)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (article_id, row[0], row[1], index_body, row[2]),
                    )

    def fulltext(self, article_id: int) -> StoredFulltext | None:
        rows = self._read(
            "SELECT status, html, lead, author, published, error FROM fulltext"
            " WHERE article_id = ?",
            (article_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return StoredFulltext(r[0], r[1], r[2], r[3], from_ts(r[4]), r[5])

    def set_article_images(self, article_id: int, urls: Iterable[str]) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM article_images WHERE article_id = ?", (article_id,))
            c.executemany(
                "INSERT OR IGNORE INTO article_images(article_id, url) VALUES (?, ?)",
                [(article_id, u) for u in dict.fromkeys(urls)],
            )

    def article_image_urls(self, article_ids: Sequence[int]) -> list[str]:
        out: list[str] = []
        for i in range(0, len(article_ids), _ID_CHUNK):
            chunk = list(article_ids[i : i + _ID_CHUNK])
            marks = ",".join("?" * len(chunk))
            out += [
                r[0]
                for r in self._read(
                    f"SELECT url FROM article_images WHERE article_id IN ({marks})", chunk
                )
            ]
        return list(dict.fromkeys(out))

    def saved_image_urls(self) -> set[str]:
        rows = self._read(
            "SELECT DISTINCT i.url FROM article_images i JOIN articles a ON a.id = i.article_id"
            " WHERE a.saved = 1"
        )
        return {r[0] for r in rows}

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
            c.execute(
                "INSERT OR IGNORE INTO doomed SELECT id FROM articles"
                " WHERE saved = 0 AND read = 1 AND first_seen < ?"
                " AND COALESCE(read_at, first_seen) < ?",
                (cutoff, cutoff),
            )
            # Beyond the per-feed limits (newest kept): read ones past keep_per_feed, and
            # even unread ones past keep_unread_per_feed.
            c.execute(
                "INSERT OR IGNORE INTO doomed SELECT id FROM ("
                " SELECT id, read, saved, ROW_NUMBER() OVER ("
                "  PARTITION BY feed_id ORDER BY sort_time DESC, id DESC) AS n"
                " FROM articles WHERE feed_id IS NOT NULL)"
                " WHERE saved = 0 AND ((read = 1 AND n > ?) OR n > ?)",
                (keep_per_feed, max(keep_per_feed, keep_unread_per_feed)),
            )
            count = c.execute("SELECT COUNT(*) FROM doomed").fetchone()[0]
            if not count:
                return PruneResult(0, ())
            images = [
                r[0]
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
            c.execute("DELETE FROM articles_fts WHERE rowid IN (SELECT id FROM doomed)")
            c.execute("DELETE FROM articles WHERE id IN (SELECT id FROM doomed)")
            c.execute("DELETE FROM doomed")
        return PruneResult(int(count), tuple(images))

    def totals(self) -> tuple[int, int, int]:
        """(all articles, unread, saved) across the library."""
        r = self._read(
            "SELECT COUNT(*), COALESCE(SUM(read = 0), 0), COALESCE(SUM(saved = 1), 0) FROM articles"
        )[0]
        return int(r[0]), int(r[1]), int(r[2])

    def unread_counts(self) -> dict[int, int]:
        rows = self._read(
            "SELECT feed_id, COUNT(*) FROM articles WHERE read = 0 AND feed_id IS NOT NULL"
            " GROUP BY feed_id"
        )
        return {int(r[0]): int(r[1]) for r in rows}


class Batch:
    """Writes grouped into few transactions (see `Storage.batch`). Call `begin()` before a
    write (its own `transaction()` becomes a savepoint inside the batch), `checkpoint()` after
    it, and `commit()` before waiting: the write lock is never held while idle."""

    def __init__(self, conn: sqlite3.Connection | None, max_seconds: float) -> None:
        self._conn = conn
        self._max = max_seconds
        self._since = 0.0

    def begin(self) -> None:
        if self._conn is None or self._conn.in_transaction:
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        self._since = time.monotonic()

    def checkpoint(self) -> None:
        """Commit if the open transaction is old enough."""
        if time.monotonic() - self._since >= self._max:
            self.commit()

    def commit(self) -> None:
        if self._conn is None or not self._conn.in_transaction:
            return
        try:
            self._conn.commit()
        except sqlite3.Error as exc:
            self._conn.rollback()
            raise _translate(exc) from exc


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (comments first: they may contain ';')."""
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    return [stmt.strip() for stmt in "\n".join(lines).split(";") if stmt.strip()]
