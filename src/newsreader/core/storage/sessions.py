"""Whether the library database needs its integrity check at this start.

``PRAGMA quick_check`` reads every page (~38 ms for the bench's 200-feed library, ~0.2 s per
128 MB): run at every start it was a tenth of a warm refresh. It is run only when it can find
something: after a session that did not close cleanly, and otherwise every `CHECK_EVERY`.

- Each open (`open_storage`) creates a marker ``<db>.open-<pid>-<n>`` next to the database,
  holding an advisory lock (``flock``) on it for as long as the session lasts (created under a
  temporary name, locked, renamed, fsynced with its directory); a clean close
  (`Database.close`) removes it. A marker nobody holds locked is an unclean end (killed,
  crashed, power lost: the kernel drops a dead process's locks, so a reused pid cannot fake a
  live session): the next start checks, then removes it. A locked marker is a session running
  now (the window and a CLI refresh at once), not a reason to check.
- A successful check is recorded in ``<db>.checked`` (the time, written atomically); a missing,
  unreadable or future record makes the check due.

Docs: docs/design/durability.md.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
from pathlib import Path

CHECK_EVERY = 7 * 24 * 3600.0  # seconds between checks of a library that always closed cleanly
_SLACK = 24 * 3600.0  # a record this far in the future means the clock moved back: check
_numbers = itertools.count(1)


class SessionMarker:
    """This session's marker: locked while open; `close` (a clean end) removes it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    def close(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None


def checked_path(db: Path) -> Path:
    return Path(f"{db}.checked")


def markers(db: Path) -> list[Path]:
    """The open-session markers of `db` (of running sessions and of unclean ends), with those
    still under their temporary name (locked from creation: one left unlocked is a session
    killed while it opened, counted and removed like any other unclean end)."""
    prefixes = (f"{db.name}.open-", f"{db.name}.opening-")
    try:
        return [p for p in db.parent.iterdir() if p.name.startswith(prefixes)]
    except OSError:
        return []


def _held(marker: Path) -> bool:
    """True if a live session holds `marker` locked."""
    try:
        fd = os.open(marker, os.O_RDONLY)
    except OSError:
        return True  # gone meanwhile (closed cleanly) or unreadable: not ours to judge
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also drops the lock just taken
    return False


def running(db: Path) -> bool:
    """True if another session (this process's or another's) has `db` open now."""
    return any(_held(m) for m in markers(db))


def unclean_ends(db: Path) -> list[Path]:
    """The markers left by sessions that ended without a clean close."""
    return [m for m in markers(db) if not _held(m)]


def check_due(db: Path, now: float) -> bool:
    """True when no successful check is recorded within `CHECK_EVERY` of `now`."""
    try:
        last = float(checked_path(db).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return True
    return not (now - CHECK_EVERY < last <= now + _SLACK)


def record_check(db: Path, now: float) -> None:
    """Record a successful check at `now` (atomically; best effort: unrecorded means due)."""
    target = checked_path(db)
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(f"{now:.0f}\n", encoding="ascii")
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def forget(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def mark_open(db: Path) -> SessionMarker | None:
    """This session's marker, locked and durable (a power cut must not lose it); None if it
    cannot be made (then the next start may skip a check it would have made: never fatal)."""
    n = next(_numbers)
    marker = Path(f"{db}.open-{os.getpid()}-{n}")
    tmp = Path(f"{db}.opening-{os.getpid()}-{n}")
    try:
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.fsync(fd)
        os.replace(tmp, marker)
        dir_fd = os.open(marker.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        os.close(fd)
        forget([tmp, marker])
        return None
    return SessionMarker(marker, fd)
