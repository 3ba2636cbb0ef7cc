"""Opening the library database safely: a damaged one is backed up, salvaged and reported.

SQLite in WAL mode with explicit transactions survives the process being killed at any moment;
what it cannot survive is a disk that lies, a copy taken while the app was writing, or a file that
was never a database. Then, on start:

1. `check_database` looks for damage: the header, the schema, the version, and ``PRAGMA
   quick_check`` when it can find something: after a session that did not close cleanly (its
   marker left unlocked, or a ``-wal`` file left behind with no session running) and every
   seven days otherwise (`newsreader.core.storage.sessions`); never for a large database that
   was closed cleanly (it reads every page, about 0.2 s per 128 MB).
2. `recover_database` *copies* the database and its ``-wal``/``-shm`` files to
   ``newsreader.sqlite3.corrupt-<UTC time>`` (and ``…-wal``, ``…-shm``; SQLite opens the copy
   with its log), then reads whatever can still be read, table by table and row by row in rowid
   order, stepping over unreadable pages, into a fresh database that replaces the damaged one.
   Nothing is dropped for being orphaned except unsaved articles of a feed that could not be
   recovered (saved ones stay, detached, as after an unsubscribe). The search index is rebuilt.
3. The result is a `RecoveryReport` whose `message` the command line prints and the window
   shows. Nothing is ever replaced silently, and nothing is replaced at all when the backup
   cannot be written (then opening fails with `DatabaseCorruptError`).

A database written by a newer Newsreader is never touched: `Storage` refuses it with
`DatabaseTooNewError`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsreader.core.errors import DatabaseCorruptError, DatabaseTooNewError, StorageError
from newsreader.core.storage import sessions
from newsreader.core.storage.db import Storage
from newsreader.core.storage.schema import LATEST_VERSION
from newsreader.core.textfold import fold

__all__ = [
    "QUICK_CHECK_MAX_BYTES",
    "RecoveryReport",
    "check_database",
    "open_storage",
    "recover_database",
]

log = logging.getLogger("newsreader.recovery")

QUICK_CHECK_MAX_BYTES = 128 * 1024 * 1024
_HEADER = b"SQLite format 3\x00"
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_BATCH = 256
# Tables copied, parents first. The search index (articles_fts) is rebuilt, not copied.
_TABLES = ("folders", "feeds", "articles", "tombstones", "fulltext", "article_images")
_INDEX_BODY_CHARS = 20_000  # as the refresh pipeline indexes bodies
# How far to jump past an unreadable page when looking for the next readable row.
_SKIPS = (1, 8, 64, 512, 4_096, 32_768, 262_144, 1 << 21, 1 << 24, 1 << 32, 1 << 48)


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """What happened to a damaged database on open (`Library.recovery` in the app)."""

    problem: str  # what SQLite said was wrong
    backup: Path  # the untouched copy of the damaged database (its -wal/-shm alongside)
    feeds: int  # recovered
    articles: int
    saved: int
    saved_before: int | None  # saved articles the damaged database listed, when readable
    complete: bool  # False: some rows could not be read

    @property
    def lost_saved(self) -> int | None:
        if self.saved_before is None:
            return None
        return max(0, self.saved_before - self.saved)

    @property
    def message(self) -> str:
        """One line for the user."""
        text = (
            f"The library database was damaged ({self.problem}). The damaged file was kept as"
            f" {self.backup}; recovered {self.feeds} feeds and {self.articles} articles"
            f" ({self.saved} saved)."
        )
        lost = self.lost_saved
        if lost:
            text += f" {lost} saved articles could not be recovered."
        elif not self.complete:
            text += " Some data could not be read."
        return text


# --- detecting damage -------------------------------------------------------------------------


def _is_corruption(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _problem(exc: sqlite3.Error) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def check_database(path: Path, *, now: float | None = None) -> str | None:
    """What is wrong with the database at `path` (a short description), or None.

    None also for a missing or empty file (a new library), a database from a newer version
    (`Storage` refuses those itself) and errors that are not damage (locked, permissions).
    `now` (epoch seconds) decides whether the periodic check is due.
    """
    return _inspect(path, time.time() if now is None else now)[0]


def _inspect(path: Path, now: float) -> tuple[str | None, bool]:
    """(the problem or None, whether the full quick_check ran)."""
    try:
        size = path.stat().st_size
        if size == 0:
            return None, False
        with path.open("rb") as f:
            header = f.read(len(_HEADER))
    except FileNotFoundError:
        return None, False
    except OSError:
        return None, False  # unreadable: Storage reports it as it is
    if header != _HEADER:
        return "the file is not an SQLite database", False
    wal = Path(f"{path}-wal")
    # A session that did not close cleanly leaves its marker unlocked, and a non-empty -wal (a
    # clean close checkpoints and truncates it), which a session running now also has.
    unclean = bool(sessions.unclean_ends(path)) or (
        wal.exists() and wal.stat().st_size > 0 and not sessions.running(path)
    )
    full = unclean or (size <= QUICK_CHECK_MAX_BYTES and sessions.check_due(path, now))
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    except sqlite3.Error:
        return None, False
    try:
        conn.execute("PRAGMA query_only = 1")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > LATEST_VERSION:
            return None, False
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if full:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if [tuple(r) for r in rows] != [("ok",)]:
                return "; ".join(str(r[0]) for r in rows[:3]), True
        elif version >= 1:  # closed cleanly and checked lately: touch the tables at least
            conn.execute("SELECT count(*) FROM feeds").fetchone()
            conn.execute("SELECT max(id) FROM articles").fetchone()
    except sqlite3.Error as exc:
        return (_problem(exc) if _is_corruption(exc) else None), full
    finally:
        conn.close()
    return None, full


def open_storage(path: Path, *, now: float | None = None) -> tuple[Storage, RecoveryReport | None]:
    """Open the library database at `path`, recovering it first if it is damaged.

    Raises `DatabaseTooNewError` for a database from a newer Newsreader, `DatabaseCorruptError`
    when a damaged database could not even be backed up, and `StorageError` for the rest.
    The session is marked open until the storage is closed (see `sessions`).
    """
    now = time.time() if now is None else now
    left = sessions.unclean_ends(path)
    problem, checked = _inspect(path, now)
    if problem is None:
        try:
            storage = Storage(path)
        except DatabaseTooNewError:
            raise
        except DatabaseCorruptError as exc:
            problem = str(exc).removeprefix("the database is damaged: ")
        else:
            return _opened(storage, path, now, checked, left), None
    report = recover_database(path, problem)
    return _opened(Storage(path), path, now, True, left), report


def _opened(storage: Storage, path: Path, now: float, checked: bool, left: list[Path]) -> Storage:
    if checked:  # sound (or just rebuilt): the unclean ends are dealt with
        sessions.record_check(path, now)
        sessions.forget(left)
    storage.session_marker = sessions.mark_open(path)
    return storage


# --- backing up -------------------------------------------------------------------------------


def _companions(path: Path) -> list[tuple[str, Path]]:
    return [(suffix, Path(f"{path}{suffix}")) for suffix in ("", "-wal", "-shm")]


def _backup(path: Path, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while any(Path(f"{target}{s}").exists() for s in ("", "-wal", "-shm")):
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    written: list[Path] = []
    try:
        for suffix, source in _companions(path):
            if not source.exists():
                continue
            copy = Path(f"{target}{suffix}")
            written.append(copy)
            shutil.copyfile(source, copy)
            with copy.open("rb+") as f:
                os.fsync(f.fileno())
    except OSError as exc:
        for copy in written:
            with contextlib.suppress(OSError):
                copy.unlink()
        reason = exc.strerror or str(exc)
        raise DatabaseCorruptError(
            f"the database {path} is damaged and could not be backed up ({reason}); it was left"
            " as it is: free some space or copy it elsewhere, then start Newsreader again"
        ) from exc
    _fsync_dir(path.parent)
    return target


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- salvaging --------------------------------------------------------------------------------


class _Salvage:
    """Copies what can be read from a damaged database into a fresh one."""

    def __init__(self, source: sqlite3.Connection, target: sqlite3.Connection) -> None:
        self.src = source
        self.dst = target
        self.complete = True

    def tables(self) -> set[str]:
        for attempt in range(2):
            try:
                rows = self.src.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                ).fetchall()
                return {str(r[0]) for r in rows}
            except sqlite3.Error:
                self.complete = False
                if attempt == 0:
                    # Lets SQLite read a schema it considers malformed (read-only use here).
                    with contextlib.suppress(sqlite3.Error):
                        self.src.execute("PRAGMA writable_schema = ON")
        return set()

    def columns(self, conn: sqlite3.Connection, table: str) -> list[str]:
        try:
            return [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]
        except sqlite3.Error:
            self.complete = False
            return []

    def copy(self, table: str) -> None:
        wanted = self.columns(self.dst, table)
        present = set(self.columns(self.src, table))
        cols = [c for c in wanted if c in present]
        if not cols:
            return
        names = ", ".join(cols)
        insert = f"INSERT OR IGNORE INTO {table}({names}) VALUES ({', '.join('?' * len(cols))})"
        rows = (
            self._rowid_scan(table, names) if self._has_rowid(table) else self._scan(table, names)
        )
        for batch in rows:
            try:
                self.dst.executemany(insert, batch)
            except sqlite3.Error:
                for row in batch:  # find the rows that do not fit (damaged values)
                    try:
                        self.dst.execute(insert, row)
                    except sqlite3.Error:
                        self.complete = False

    def _has_rowid(self, table: str) -> bool:
        try:
            self.src.execute(f"SELECT rowid FROM {table} LIMIT 0")
        except sqlite3.Error:
            return False
        return True

    def _scan(self, table: str, names: str) -> Iterator[list[Any]]:
        """A WITHOUT ROWID table: read in order until the first unreadable page."""
        try:
            cursor = self.src.execute(f"SELECT {names} FROM {table}")
            while batch := cursor.fetchmany(_BATCH):
                yield list(batch)
        except sqlite3.Error:
            self.complete = False

    def _rowid_scan(self, table: str, names: str) -> Iterator[list[Any]]:
        """Rows in rowid order; on an unreadable page, go row by row, then jump past it."""
        last = -(1 << 63)
        single = False
        while True:
            try:
                rows = self.src.execute(
                    f"SELECT rowid, {names} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                    (last, 1 if single else _BATCH),
                ).fetchall()
            except sqlite3.Error:
                self.complete = False
                if not single:
                    single = True  # read up to the damage one row at a time
                    continue
                found = self._next_readable(table, last)
                if found is None:
                    return
                last, single = found - 1, False
                continue
            if not rows:
                return
            last = int(rows[-1][0])
            yield [tuple(r[1:]) for r in rows]

    def _probe(self, table: str, after: int) -> tuple[bool, int | None]:
        """(readable, the first rowid above `after` or None) for one b-tree seek."""
        try:
            row = self.src.execute(
                f"SELECT rowid FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT 1", (after,)
            ).fetchone()
        except sqlite3.Error:
            return False, None
        return True, None if row is None else int(row[0])

    def _next_readable(self, table: str, last: int) -> int | None:
        """The first readable rowid past the damage after `last`, or None at the end.

        Seeks just past a damaged page fail, seeks beyond it succeed: jump ahead in growing
        steps until one succeeds, then narrow down to the first seek that does, so the rows
        right after the damage are not skipped too.
        """
        bad, good, found = last, None, None
        for step in _SKIPS:
            if last + step >= 1 << 63:
                break
            ok, rowid = self._probe(table, last + step)
            if ok:
                good, found = last + step, rowid
                break
            bad = last + step
        if good is None:
            return None
        while good - bad > 1:
            middle = (good + bad) // 2
            ok, rowid = self._probe(table, middle)
            if ok:
                good, found = middle, rowid
            else:
                bad = middle
        return found

    def saved_before(self) -> int | None:
        try:
            return int(
                self.src.execute("SELECT count(*) FROM articles WHERE saved = 1").fetchone()[0]
            )
        except sqlite3.Error:
            return None

    def repair(self) -> None:
        """Make the salvaged rows consistent (foreign keys were off while copying)."""
        d = self.dst
        d.execute(
            "UPDATE feeds SET folder_id = NULL WHERE folder_id IS NOT NULL"
            " AND folder_id NOT IN (SELECT id FROM folders)"
        )
        orphan = "feed_id IS NOT NULL AND feed_id NOT IN (SELECT id FROM feeds)"
        # Unsaved articles of a feed that was lost go; saved ones stay, detached, as after an
        # unsubscribe (their source_title was stored with them).
        d.execute(f"DELETE FROM articles WHERE saved = 0 AND {orphan}")
        d.execute(f"UPDATE articles SET feed_id = NULL WHERE {orphan}")
        d.execute("DELETE FROM tombstones WHERE feed_id NOT IN (SELECT id FROM feeds)")
        d.execute("DELETE FROM fulltext WHERE article_id NOT IN (SELECT id FROM articles)")
        d.execute("DELETE FROM article_images WHERE article_id NOT IN (SELECT id FROM articles)")

    def reindex(self) -> None:
        """Rebuild the search index, folded as the refresh pipeline folds it."""
        # Only a salvage needs html.parser: not loaded on every start (docs/perf.md).
        from newsreader.core.pages.htmltext import html_to_text

        rows = self.dst.execute(
            "SELECT a.id, a.title, a.summary, a.content_html, t.html,"
            " COALESCE(NULLIF(f.title, ''), f.url, a.source_title)"
            " FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id"
            " LEFT JOIN fulltext t ON t.article_id = a.id AND t.status = 'ok'"
        ).fetchall()
        for article_id, title, summary, content, full, source in rows:
            html = full or content
            body = html_to_text(html, max_chars=_INDEX_BODY_CHARS) if html else ""
            self.dst.execute(
                "INSERT INTO articles_fts(rowid, title, summary, body, source)"
                " VALUES (?, ?, ?, ?, ?)",
                (article_id, fold(title or ""), fold(summary or ""), fold(body), source or ""),
            )

    def count(self, sql: str) -> int:
        return int(self.dst.execute(sql).fetchone()[0])


def _remove(path: Path) -> None:
    for _, p in _companions(path):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def recover_database(
    path: Path, problem: str, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> RecoveryReport:
    """Back up the damaged database at `path`, salvage it into a fresh one in its place.

    Raises `DatabaseCorruptError` (and changes nothing) when the backup cannot be written, and
    `StorageError` when salvaging fails; the damaged database and its backup are then left as
    they are.
    """
    log.warning("the database %s is damaged (%s): backing it up and recovering it", path, problem)
    backup = _backup(path, now())
    fresh = path.with_name(f"{path.name}.salvage")
    _remove(fresh)
    try:
        Storage(fresh).close()  # the current schema, through the normal migrations
        report = _salvage_into(path, fresh, problem, backup)
        # The damaged log must go before the new file takes the name, or SQLite would try to
        # apply it to the new database.
        for suffix, p in _companions(path):
            if suffix:
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
        os.replace(fresh, path)
        _remove(fresh)  # an empty -wal/-shm of the fresh file, if SQLite left one
        _fsync_dir(path.parent)
    except (OSError, sqlite3.Error) as exc:
        _remove(fresh)
        raise StorageError(
            f"the database {path} is damaged and could not be recovered ({exc});"
            f" the damaged file was kept as {backup}"
        ) from exc
    except BaseException:
        _remove(fresh)
        raise
    log.info("%s", report.message)  # the CLI and the window show report.message themselves
    return report


def _salvage_into(path: Path, fresh: Path, problem: str, backup: Path) -> RecoveryReport:
    source = sqlite3.connect(path, isolation_level=None, timeout=10)
    # Damaged text may not be valid UTF-8: keep it, with replacement characters.
    source.text_factory = lambda b: b.decode("utf-8", "replace")
    target = sqlite3.connect(fresh, isolation_level=None, timeout=10)
    try:
        with contextlib.suppress(sqlite3.Error):
            source.execute("PRAGMA query_only = 1")
        target.execute("PRAGMA foreign_keys = OFF")
        salvage = _Salvage(source, target)
        present = salvage.tables()
        saved_before = salvage.saved_before() if "articles" in present else None
        target.execute("BEGIN IMMEDIATE")
        for table in _TABLES:
            if table in present:
                salvage.copy(table)
        salvage.repair()
        salvage.reindex()
        target.execute("COMMIT")
        check = target.execute("PRAGMA integrity_check").fetchall()
        if [tuple(r) for r in check] != [("ok",)]:
            raise sqlite3.DatabaseError(f"the salvaged copy is not sound: {check[0][0]}")
        report = RecoveryReport(
            problem=problem,
            backup=backup,
            feeds=salvage.count("SELECT count(*) FROM feeds"),
            articles=salvage.count("SELECT count(*) FROM articles"),
            saved=salvage.count("SELECT count(*) FROM articles WHERE saved = 1"),
            saved_before=saved_before,
            complete=salvage.complete,
        )
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return report
    finally:
        source.close()
        target.close()
