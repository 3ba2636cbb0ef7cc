"""The integrity check at start runs after an unclean end (a real process killed with SIGKILL)
and every seven days, and is skipped after a clean close or while another session runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.core.storage import sessions
from newsreader.core.storage.recovery import open_storage
from tests.core.test_durability import leaf_pages, populate, smash

REPO = Path(__file__).resolve().parents[3]
T0 = 1_800_000_000.0  # a fixed time: the tests never depend on today's date
DAY = 24 * 3600.0

HOLD = """
import sys, time
from newsreader.core.storage.recovery import open_storage
from tests.core.test_durability import leaf_pages, populate, smash
storage, _ = open_storage(__import__("pathlib").Path(sys.argv[1]), now=float(sys.argv[2]))
with storage.transaction() as c:  # something in the -wal, as a working session has
    c.execute("INSERT INTO folders(name) VALUES ('giữ')")
print("ready", flush=True)
time.sleep(120)
"""


def _hold(db: Path, now: float) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), str(now)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)


def _checked(db: Path) -> float:
    return float(sessions.checked_path(db).read_text())


def _open_close(db: Path, now: float) -> None:
    storage, report = open_storage(db, now=now)
    storage.close()
    assert report is None


def test_the_check_runs_after_a_kill_and_every_seven_days_only(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    populate(db)
    _open_close(db, T0)  # never checked before: checked now
    assert _checked(db) == T0
    _open_close(db, T0 + 60)  # closed cleanly, checked a minute ago: skipped
    assert _checked(db) == T0
    assert sessions.markers(db) == []

    proc = _hold(db, T0 + 120)  # a real session, then kill -9
    try:
        assert len(sessions.markers(db)) == 1 and sessions.running(db)
        # Another session running now is no unclean end: a second one opens without the check.
        _open_close(db, T0 + 130)
        assert _checked(db) == T0
    finally:
        _kill(proc)
    assert len(sessions.unclean_ends(db)) == 1 and not sessions.running(db)
    _open_close(db, T0 + 180)  # the killed session's start gets its check
    assert _checked(db) == T0 + 180
    assert sessions.markers(db) == []  # and its marker is gone
    _open_close(db, T0 + 240)
    assert _checked(db) == T0 + 180

    _open_close(db, T0 + 180 + 7 * DAY + 1)  # a week later: checked again
    assert _checked(db) == T0 + 180 + 7 * DAY + 1
    _open_close(db, T0 - 30 * DAY)  # the clock went back a month: the record is in the future
    assert _checked(db) == T0 - 30 * DAY


def test_damage_after_a_kill_is_found_at_the_next_start(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    populate(db)
    _open_close(db, T0)
    proc = _hold(db, T0 + 60)
    _kill(proc)
    # what a lying disk may leave behind a crash: pages of articles overwritten
    smash(db, leaf_pages(db, "articles")[-3:-1])
    storage, report = open_storage(db, now=T0 + 120)
    try:
        assert report is not None  # found and salvaged
        assert storage.integrity_check() == "ok"
    finally:
        storage.close()
    assert sessions.markers(db) == []


def test_a_marker_that_cannot_be_written_is_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.sqlite3"
    populate(db)

    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "read-only directory")

    monkeypatch.setattr("newsreader.core.storage.sessions.os.open", refuse)
    storage, report = open_storage(db, now=T0)
    storage.close()
    assert report is None and storage.session_marker is None


def test_a_marker_left_under_its_temporary_name_is_an_unclean_end(tmp_path: Path) -> None:
    """Killed between creating its marker and renaming it: the next start checks and tidies."""
    db = tmp_path / "db.sqlite3"
    populate(db)
    _open_close(db, T0)
    stray = Path(f"{db}.opening-999999-1")
    stray.write_bytes(b"")
    assert sessions.unclean_ends(db) == [stray]
    _open_close(db, T0 + 60)  # checked a minute ago, but this start follows an unclean end
    assert _checked(db) == T0 + 60
    assert not stray.exists() and sessions.markers(db) == []
