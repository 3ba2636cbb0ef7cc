"""Refreshing in the background: on demand and every N minutes, with progress and a cancel.

`RefreshController` runs `Library.refresh` in a worker and reports each feed as it is done
(queued signals); the window updates counts and lists from those reports. Only one refresh runs
at a time; asking again while one runs does nothing (and says so).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from newsreader.core.library import Library
from newsreader.core.models import FeedRefresh, RefreshResult
from newsreader.ui.signals import emit
from newsreader.ui.workers import Report, Workers


class RefreshController(QObject):
    started = Signal()
    progressed = Signal(object, int, int)  # FeedRefresh, done, total
    finished = Signal(object)  # RefreshResult (cancelled refreshes too)
    failed = Signal(object)  # the exception
    scheduled_changed = Signal(bool)  # a refresh will start soon (start_after) / no longer

    def __init__(
        self,
        library: Library,
        workers: Workers,
        interval_minutes: int = 30,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._workers = workers
        self._cancel: threading.Event | None = None
        self.cancelled = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer)
        self.set_interval(interval_minutes)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self._on_soon)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def set_interval(self, minutes: int) -> None:
        """Refresh everything every `minutes` (0 = only on demand)."""
        if minutes <= 0:
            self._timer.stop()
            return
        self._timer.start(minutes * 60_000)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval() if self._timer.isActive() else 0

    @property
    def scheduled(self) -> bool:
        """A refresh of everything starts in a moment (see `start_after`)."""
        return self._soon.isActive()

    def start_after(self, delay_ms: int) -> None:
        """Refresh everything in `delay_ms` (the window says so meanwhile)."""
        self._soon.start(delay_ms)
        emit(self.scheduled_changed, True)

    def _on_soon(self) -> None:
        if not self.running:
            self.start(None)
        emit(self.scheduled_changed, False)

    def _on_timer(self) -> None:
        if not self.running:
            self.start(None, due=True)  # in the background: only the feeds that are due

    def start(self, feed_ids: Sequence[int] | None = None, *, due: bool = False) -> bool:
        """Refresh these feeds (None = all; `due`: those whose schedule says it is time);
        False if a refresh is already running."""
        if self.running:
            return False
        cancel = self._cancel = threading.Event()
        self.cancelled = False
        library = self._library
        ids = list(feed_ids) if feed_ids is not None else None

        def work(report: Report) -> RefreshResult:
            def progress(outcome: FeedRefresh, done: int, total: int) -> None:
                report((outcome, done, total))

            return library.refresh(ids, progress=progress, cancel=cancel, due=due)

        self._workers.run_reporting(work, self._on_progress, self._on_done, self._on_error)
        emit(self.started)
        return True

    def cancel(self) -> None:
        if self._soon.isActive():
            self._soon.stop()
            emit(self.scheduled_changed, False)
        if self._cancel is not None:
            self.cancelled = True
            self._cancel.set()

    def _on_progress(self, value: tuple[FeedRefresh, int, int]) -> None:
        outcome, done, total = value
        emit(self.progressed, outcome, done, total)

    def _on_done(self, result: RefreshResult) -> None:
        self._cancel = None
        emit(self.finished, result)

    def _on_error(self, exc: BaseException) -> None:
        self._cancel = None
        emit(self.failed, exc)
