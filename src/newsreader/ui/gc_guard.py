"""Python's cycle collector runs on the GUI thread only.

When the automatic collector fires, it runs in whichever thread happens to allocate; if that is a
worker and the garbage holds a widget (a closed dialog, a window rebuilt for another language,
a lambda connected to a signal), the widget is destroyed off the GUI thread and the process
crashes. `GuiThreadCollector` turns automatic collection off and collects from a timer on the GUI
thread instead, with the same generation thresholds. Reference counting (most freeing) is
unaffected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, *, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
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
        return gc.collect(generation) if generation >= 0 else 0

    def stop(self) -> None:
        """Collect once more and give the collector back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
