"""The one atomic file write: whole or nothing, fsynced, the rename made durable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsreader.core.atomic import TMP_PREFIX, atomic_write


def test_replaces_the_file_and_fsyncs_file_and_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sub" / "settings.json"
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert len(synced) == 4  # the file, then its directory, each time
    assert [p.name for p in target.parent.iterdir()] == ["settings.json"]
    atomic_write(target, b"three", durable=False)  # a cache's write: atomic, not fsynced
    assert target.read_bytes() == b"three" and len(synced) == 4
    assert [p.name for p in target.parent.iterdir()] == ["settings.json"]


def test_a_failed_write_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "feeds.opml"
    atomic_write(target, b"old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TMP_PREFIX)]


def test_one_home() -> None:
    """No other module writes a temporary file and renames it (grep for the pattern)."""
    src = Path(__file__).resolve().parents[2] / "src" / "newsreader"
    others = [
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if p.name != "atomic.py"
        and "storage" not in p.parts  # SQLite's own files
        and any(w in p.read_text(encoding="utf-8") for w in ("os.replace(", "fsync("))
    ]
    assert others == []


def test_new_files_are_the_owners_only_unless_told(tmp_path: Path) -> None:
    atomic_write(tmp_path / "secret.json", b"{}")
    atomic_write(tmp_path / "page.html", b"<p>", mode=0o644)
    assert (tmp_path / "secret.json").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "page.html").stat().st_mode & 0o777 == 0o644
