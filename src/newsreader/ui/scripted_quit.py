"""Scripted runs of the real window (CI's xcb smoke test, benchmarks): quit by the Quit action after
a delay, and say how long quitting took.

`NEWSREADER_QUIT_AFTER_MS=N` triggers the window's Quit action (what Ctrl+Q does) N ms after the
window showed; when the process is about to return, one line on stderr gives the time from that
trigger to the end of shutdown (`newsreader: quit took 123 ms`).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Mapping

from PySide6.QtCore import QTimer

log = logging.getLogger("newsreader.ui")

QUIT_AFTER_ENV = "NEWSREADER_QUIT_AFTER_MS"


class ScriptedQuit:
    """Quits after the delay the environment asks for (nothing when it asks for none)."""

    def __init__(self, env: Mapping[str, str] = os.environ) -> None:
        text = env.get(QUIT_AFTER_ENV, "").strip()
        try:
            self.delay_ms: int | None = max(0, int(text)) if text else None
        except ValueError:
            log.warning("%s=%r is not a number of milliseconds: ignored", QUIT_AFTER_ENV, text)
            self.delay_ms = None
        self.started: float | None = None
        self._phases: list[tuple[str, float]] = []

    def phase(self, name: str) -> None:
        """Mark the end of one step of quitting (reported with the total)."""
        if self.started is not None:
            self._phases.append((name, time.monotonic()))

    def arm(self, quit_action: Callable[[], object]) -> None:
        if self.delay_ms is None:
            return

        def fire() -> None:
            self.started = time.monotonic()
            # Wall clock, so a script can time the whole exit (interpreter teardown included).
            sys.stderr.write(f"newsreader: quitting at {time.time():.3f}\n")
            quit_action()

        QTimer.singleShot(self.delay_ms, fire)

    def elapsed_ms(self) -> float | None:
        return None if self.started is None else (time.monotonic() - self.started) * 1000

    def report(self) -> None:
        elapsed = self.elapsed_ms()
        if elapsed is None or self.started is None:
            return
        steps, before = [], self.started
        for name, at in self._phases:
            steps.append(f"{name} {(at - before) * 1000:.0f}")
            before = at
        detail = f" ({', '.join(steps)} ms)" if steps else ""
        sys.stderr.write(f"newsreader: quit took {elapsed:.0f} ms{detail}\n")
