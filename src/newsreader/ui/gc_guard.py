"""Python's cycle collector runs on the GUI thread only, and its full collections rarely.

When the automatic collector fires, it runs in whichever thread happens to allocate; if that is a
worker and the garbage holds a widget (a closed dialog, a window rebuilt for another language,
a lambda connected to a signal), the widget is destroyed off the GUI thread and the process
crashes. `GuiThreadCollector` turns automatic collection off and collects from a timer on the GUI
thread instead, with the same generation thresholds. Reference counting (most freeing) is
unaffected.

A full (generation 2) collection visits every tracked object — with 50,000 articles listed that
is tens of milliseconds on the GUI thread. Python itself runs one only when the objects that
survived since the last one are a quarter of all long-lived ones; an explicit `gc.collect(2)`
skips that rule. So generation 2 is collected at most every `full_every_s` seconds and not while
`busy()` says background work is streaming results in (a refresh); `settle()` moves what exists
after start-up out of the collector's sight for good (`gc.freeze`).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500
# While busy (a refresh: workers allocate fast), check ten times as often: a generation-0 or -1
# collection walks every object that generation holds, so collecting 50 ms of garbage at a time
# instead of 500 ms cut the longest pause of a 200-feed refresh from ~40 ms to a few (docs/perf.md).
BUSY_CHECK_MS = 50
FULL_EVERY_S = 60.0
# glibc keeps freed memory in its per-thread arenas; handing it back now and then kept an hour of
# reading 25 MB lower (docs/perf.md). A few milliseconds, at most once a minute, never when busy.
TRIM_EVERY_S = 60.0


def _malloc_trim() -> Callable[[], object] | None:
    """glibc's malloc_trim(0), or None where there is no such function (musl, macOS, Windows)."""
    import ctypes  # looked up at the first trim, not during the start-up

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return lambda: trim(0)


class GuiThreadCollector(QObject):
    def __init__(
        self,
        parent: QObject | None = None,
        *,
        interval_ms: int = CHECK_MS,
        full_every_s: float = FULL_EVERY_S,
        busy: Callable[[], bool] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.full_every_s = full_every_s
        self.busy = busy
        self._clock = clock
        self._last_full = self._last_trim = clock()
        self._trim_fn: Callable[[], object] | None = None
        self._trim_known = False  # `_malloc_trim` is looked up at the first trim
        self._idle_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> int:
        """Collect the generations whose thresholds were passed; returns objects found."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        generation = -1
        for number in range(3):
            if thresholds[number] and counts[number] > thresholds[number]:
                generation = number
        if generation == 2 and not self._full_allowed():
            generation = 1
        if generation == 2:
            self._last_full = self._clock()
        found = gc.collect(generation) if generation >= 0 else 0
        self.trim_if_due()
        interval = BUSY_CHECK_MS if self.busy is not None and self.busy() else self._idle_ms
        if self._timer.interval() != interval:
            self._timer.setInterval(interval)
        return found

    @property
    def _trim(self) -> Callable[[], object] | None:
        if not self._trim_known:
            self._trim_fn, self._trim_known = _malloc_trim(), True
        return self._trim_fn

    @_trim.setter
    def _trim(self, trim: Callable[[], object] | None) -> None:
        self._trim_fn, self._trim_known = trim, True

    def trim_if_due(self) -> bool:
        """Give freed heap memory back to the system, at most every TRIM_EVERY_S when idle."""
        if self._clock() - self._last_trim < TRIM_EVERY_S or self._trim is None:
            return False
        if self.busy is not None and self.busy():
            return False
        self._last_trim = self._clock()
        self._trim()
        return True

    def _full_allowed(self) -> bool:
        if self._clock() - self._last_full < self.full_every_s:
            return False
        return not (self.busy is not None and self.busy())

    @staticmethod
    def settle() -> None:
        """Once start-up is done: exempt every object alive now from later collections
        (modules, classes, the window: they live as long as the process). Instant: no
        collection runs first (the few cycles of start-up garbage stay)."""
        gc.freeze()

    def stop(self) -> None:
        """Collect once more and give the collector back to Python."""
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()
