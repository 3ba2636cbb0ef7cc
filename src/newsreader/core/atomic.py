"""Files written whole or not at all: the one way Newsreader replaces a file on disk.

`atomic_write` writes a temporary file in the target's own directory (so the rename never crosses
a file system), flushes and fsyncs it, renames it over the target with `os.replace` (atomic on
POSIX and Windows) and then fsyncs the directory, so after a crash or power cut the path holds
either the old content or the whole new one, and the rename itself is on disk. The temporary file
is removed when anything fails. A cache that can fetch again passes `durable=False`: still whole or
nothing, without the two fsyncs (about 10 ms an image on this machine's disk, for nothing a
re-fetch would not restore). Used for settings, cached and pinned images, exported articles,
OPML files and the sync credentials file (0600).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["SHARED_MODE", "TMP_PREFIX", "atomic_write"]

TMP_PREFIX = ".tmp-"  # temporary files start with this (readers of a directory skip them)
SHARED_MODE = 0o644  # for files the user hands on (OPML, exported articles)


def atomic_write(
    path: Path,
    data: bytes,
    *,
    prefix: str = TMP_PREFIX,
    mode: int | None = None,
    durable: bool = True,
) -> None:
    """Replace `path` with `data` atomically and durably (see the module docstring). The new
    file is readable by its owner only (0600) unless `mode` says otherwise; it has its mode
    before it holds any data."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=path.parent)  # created 0600
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (not possible, nor needed, on Windows)."""
    if os.name == "nt":  # pragma: no cover - directories cannot be opened there
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
