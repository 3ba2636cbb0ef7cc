"""The database connection layer: one SQLite connection per thread, explicit transactions
(nested ones are savepoints), batched writes, and the migrations runner.

One SQLite database in WAL mode; SQLite connections must not be shared across threads, so each
thread opens its own. Rows are read by column name, never by position, so adding a column to a
query can never shift what another column means: `sqlite3.Row` for most reads, and for the long
lists (articles, feeds) `Database._read_columns`, whose caller looks each column's place up by
name once per query and then reads plain tuples (as cheap as reading by position). Times are
stored as integer Unix seconds (UTC) and come back as aware datetimes (`to_ts`, `from_ts`).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from newsreader.core.errors import DatabaseCorruptError, DatabaseTooNewError, StorageError
from newsreader.core.storage.deferred_index import DeferredIndex
from newsreader.core.storage.schema import LATEST_VERSION, MIGRATIONS
from newsreader.core.storage.sessions import SessionMarker

log = logging.getLogger("newsreader.storage")

_BUSY_TIMEOUT_MS = 10_000
# A batch's page cache (KiB; SQLite's default is 2 MB): a refresh's transaction dirties more
# pages than that (the articles' index pages all over their B-trees, the search index's
# segments) and would write them to the -wal and read them back mid-transaction: 16 MB takes
# ~7% off the writer's CPU (32 and 64 MB no more). Only while the batch runs: the connection
# goes back to its own size after it (docs/perf.md, "Session 4: the article row's write").
BATCH_CACHE_KIB = 16_384
ID_CHUNK = 500  # stay well below SQLite's bound-parameter limit

T = TypeVar("T")


def to_ts(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def from_ts(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def chunks(items: Sequence[T]) -> Iterator[tuple[list[T], str]]:
    """`items` in slices small enough to bind, each with its `?,?,…` placeholders."""
    for i in range(0, len(items), ID_CHUNK):
        chunk = list(items[i : i + ID_CHUNK])
        yield chunk, ",".join("?" * len(chunk))


def column_positions(cursor: sqlite3.Cursor) -> dict[str, int]:
    """Where each named column of a cursor's result sits in its rows."""
    return {d[0]: i for i, d in enumerate(cursor.description or ())}


def translate(exc: sqlite3.Error) -> StorageError:
    """The library's error for an sqlite3 one (full disk, damaged file, busy, other)."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and "disk is full" in text:
        return StorageError("the disk is full: nothing new was saved (free some space and retry)")
    if isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return DatabaseCorruptError(f"the database is damaged: {text}")
    if "locked" in text or "busy" in text:
        return StorageError("the database is busy (is another Newsreader running?)")
    return StorageError(f"database error: {text}")


class Database:
    """Connections, transactions and migrations of one library database; the base of every
    domain part of `Storage`. Safe to use from several threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._lock = threading.Lock()
        self._closed = False
        # set by recovery.open_storage: removed at a clean close (sessions.SessionMarker)
        self.session_marker: SessionMarker | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate(self._conn())

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
        me = threading.current_thread()
        with self._lock:
            # A thread Python did not start (a Qt pool thread) gets a new thread state, hence an
            # empty threading.local, for every task it runs: reuse the connection it opened for
            # an earlier task instead of leaking one connection (and its caches) per task.
            for thread, known in self._all:
                if thread is me:
                    self._local.conn = known
                    return known
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves (explicit transactions).
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10
            )
            conn.row_factory = sqlite3.Row  # rows are read by column name
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                log.warning("journal_mode is %s, not wal", mode)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise translate(exc) from exc
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
        if self.session_marker is not None:  # a clean end: no check needed at the next start
            self.session_marker.close()
            self.session_marker = None

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
            deferred: DeferredIndex | None = getattr(self._local, "deferred", None)
            mark = deferred.mark() if deferred is not None else 0
            try:
                conn.execute(f"SAVEPOINT {name}")
                try:
                    yield conn
                except BaseException as exc:
                    if deferred is not None:
                        deferred.undo(mark)  # this savepoint's index rows go with it
                    # Some errors (a full disk) make SQLite roll back the whole transaction,
                    # savepoints included: then there is nothing left to undo here.
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute(f"ROLLBACK TO {name}")
                            conn.execute(f"RELEASE {name}")
                    elif deferred is not None:
                        deferred.clear()
                    if isinstance(exc, sqlite3.Error):
                        raise translate(exc) from exc
                    raise
                else:
                    conn.execute(f"RELEASE {name}")
            finally:
                self._local.depth = depth - 1
            return
        try:
            conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        try:
            yield conn
        except BaseException as exc:
            conn.rollback()
            if isinstance(exc, sqlite3.Error):
                raise translate(exc) from exc
            raise
        else:
            try:
                conn.commit()
            except sqlite3.Error as exc:
                conn.rollback()
                raise translate(exc) from exc

    @contextmanager
    def batch(self, *, max_seconds: float = 0.5) -> Iterator[Batch]:
        """Many small writes on this thread as few transactions: `Batch.checkpoint()` commits
        when the current one has been open `max_seconds`. (One commit per feed made the commit
        itself a fifth of a refresh's writing time.)"""
        conn = self._conn()
        if conn.in_transaction:  # already inside a transaction: it decides when to commit
            yield Batch(None, max_seconds)
            return
        deferred = DeferredIndex()
        batch = Batch(conn, max_seconds, deferred)
        self._local.deferred = deferred
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {-BATCH_CACHE_KIB}")
        try:
            yield batch
        except BaseException:
            deferred.clear()
            if conn.in_transaction:
                conn.rollback()
            raise
        else:
            batch.commit()
        finally:
            self._local.deferred = None
            with contextlib.suppress(sqlite3.Error):  # its pages freed (never fails in practice)
                conn.execute(f"PRAGMA cache_size = {int(cache)}")

    def _deferred_index(self) -> DeferredIndex | None:
        """Where a write inside a batch's transaction puts its search-index rows (written at
        the batch's commit); None outside one (then they are written at once)."""
        if getattr(self._local, "depth", 0) == 0:
            return None  # not in a savepoint: this transaction commits by itself
        deferred: DeferredIndex | None = getattr(self._local, "deferred", None)
        return deferred

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            rows: list[sqlite3.Row] = self._conn().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        return rows

    def _read_columns(
        self, sql: str, params: Sequence[Any] = ()
    ) -> tuple[dict[str, int], list[tuple[Any, ...]]]:
        """Rows as plain tuples with where each named column sits in them (for long results:
        the caller looks a column's place up once, not once per row)."""
        try:
            cursor = self._tuples(sql, params)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        return column_positions(cursor), rows

    def _tuples(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """A query whose rows come as plain tuples (see `column_positions`); sqlite3 errors
        are the caller's to translate."""
        cursor = self._conn().cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise translate(exc) from exc
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


class Batch:
    """Writes grouped into few transactions (see `Database.batch`). Call `begin()` before a
    write (its own `transaction()` becomes a savepoint inside the batch), `checkpoint()` after
    it, and `commit()` before waiting: the write lock is never held while idle."""

    def __init__(
        self,
        conn: sqlite3.Connection | None,
        max_seconds: float,
        deferred: DeferredIndex | None = None,
    ) -> None:
        self._conn = conn
        self._max = max_seconds
        self._deferred = deferred  # search-index rows written just before each commit
        self._since = 0.0

    def begin(self) -> None:
        if self._conn is None or self._conn.in_transaction:
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        self._since = time.monotonic()

    @property
    def max_seconds(self) -> float:
        """How long a transaction of the batch stays open at most (see `checkpoint`)."""
        return self._max

    def checkpoint(self) -> None:
        """Commit if the open transaction is old enough."""
        if time.monotonic() - self._since >= self._max:
            self.commit()

    def commit(self) -> None:
        if self._conn is None or not self._conn.in_transaction:
            return
        try:
            if self._deferred is not None:
                self._deferred.flush(self._conn)
            self._conn.commit()
        except sqlite3.Error as exc:
            if self._deferred is not None:
                self._deferred.clear()
            self._conn.rollback()
            raise translate(exc) from exc


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (comments first: they may contain ';'); a
    CREATE TRIGGER keeps the statements of its BEGIN ... END body."""
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    out: list[str] = []
    pending = ""
    for part in "\n".join(lines).split(";"):
        pending = f"{pending};{part}" if pending else part
        statement = pending.strip()
        if not statement:
            pending = ""
            continue
        if statement.upper().startswith("CREATE TRIGGER") and not statement.upper().endswith("END"):
            continue
        out.append(statement)
        pending = ""
    return out
