"""The GUI-thread collector hands freed heap memory back to the system at most once a minute,
and never while the app is busy (glibc's malloc_trim)."""

from __future__ import annotations

import sys
from typing import Any

from newsreader.ui.gc_guard import BUSY_CHECK_MS, CHECK_MS, TRIM_EVERY_S, GuiThreadCollector


def test_trims_once_a_minute_when_idle(qapp: Any) -> None:
    now = [0.0]
    busy = [False]
    collector = GuiThreadCollector(busy=lambda: busy[0], clock=lambda: now[0])
    try:
        if sys.platform.startswith("linux"):
            assert collector._trim is not None  # glibc has malloc_trim
        trims: list[float] = []
        collector._trim = lambda: trims.append(now[0])
        assert not collector.trim_if_due()  # just started
        now[0] = TRIM_EVERY_S + 1
        busy[0] = True
        assert not collector.trim_if_due()  # a refresh is running
        busy[0] = False
        collector.check()  # the timer's check trims when due
        assert trims == [TRIM_EVERY_S + 1]
        now[0] += 30
        assert not collector.trim_if_due()
        now[0] += 31
        assert collector.trim_if_due() and len(trims) == 2
    finally:
        collector.stop()


def test_checks_ten_times_as_often_while_busy(qapp: Any) -> None:
    """A refresh's workers allocate fast: collecting every 50 ms keeps each pause small."""
    busy = [False]
    collector = GuiThreadCollector(busy=lambda: busy[0])
    try:
        assert collector._timer.interval() == CHECK_MS
        busy[0] = True
        collector.check()
        assert collector._timer.interval() == BUSY_CHECK_MS < CHECK_MS
        busy[0] = False
        collector.check()
        assert collector._timer.interval() == CHECK_MS
    finally:
        collector.stop()
