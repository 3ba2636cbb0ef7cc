"""`newsreader` as a script runs it: NEWSREADER_QUIT_AFTER_MS quits through the Quit action, the
phases of quitting are reported, and the process exits 0 (through the fast exit)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from newsreader.ui.scripted_quit import QUIT_AFTER_ENV, ScriptedQuit


def test_the_delay_is_read_from_the_environment() -> None:
    assert ScriptedQuit({QUIT_AFTER_ENV: "250"}).delay_ms == 250
    assert ScriptedQuit({}).delay_ms is None
    assert ScriptedQuit({QUIT_AFTER_ENV: "soon"}).delay_ms is None
    assert ScriptedQuit({}).elapsed_ms() is None


def test_the_window_quits_by_itself_and_reports_the_phases(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(
        json.dumps(
            {"defaults_imported": True, "refresh_minutes": 0, "desktop_entry_offered": True}
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NEWSREADER_HOME": str(home),
        QUIT_AFTER_ENV: "300",
    }
    done = subprocess.run(
        [sys.executable, "-m", "newsreader"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "newsreader: quitting at" in done.stderr
    phases = re.search(r"quit took \d+ ms \(window \d+, workers \d+, library \d+ ms\)", done.stderr)
    assert phases, done.stderr
    wal = home / "data" / "newsreader.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # closed cleanly before the fast exit
