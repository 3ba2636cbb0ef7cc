"""Background work: run callables off the GUI thread; results come back only through queued signals.

`Workers` owns two thread pools: a general one (network, searches, big queries) and a writer with
one thread, so writes such as "mark read" happen in the order the user made them and never wait
on the GUI thread for the database lock. A task may carry a `key`: when a newer task with the same
key is submitted, the older one's result is dropped (typing in the search box, switching sections).

The worker thread emits signals of `Workers`, which lives in the GUI thread, so Qt queues the call
and every callback runs on the GUI thread.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from newsreader.ui.signals import emit

log = logging.getLogger("newsreader.ui.workers")

T = TypeVar("T")
Report = Callable[[object], None]
ErrorHandler = Callable[[BaseException], None]


@dataclass(slots=True)
class _Pending:
    on_done: Callable[[Any], None] | None
    on_error: ErrorHandler | None
    on_progress: Callable[[Any], None] | None
    key: str | None
    runnable: QRunnable


class _Task(QRunnable):
    def __init__(self, owner: Workers, task_id: int, fn: Callable[[], object]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Workers keeps it until its result is delivered
        self._owner = owner
        self._task_id = task_id
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread, never lost in a thread
            emit(self._owner.task_failed, self._task_id, exc)
        else:
            emit(self._owner.task_succeeded, self._task_id, result)


class Workers(QObject):
    """Runs tasks in background threads and calls back on the GUI thread."""

    task_succeeded = Signal(int, object)
    task_failed = Signal(int, object)
    task_progressed = Signal(int, object)
    idle_changed = Signal(bool)  # True when the last pending task finished

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        threads: int = 4,
        on_unhandled_error: ErrorHandler | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        # Threads never expire: each keeps its own SQLite connection for the app's lifetime.
        self._pool.setExpiryTimeout(-1)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._writer.setExpiryTimeout(-1)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._latest: dict[str, int] = {}
        self._closed = False
        self.on_unhandled_error = on_unhandled_error
        self.task_succeeded.connect(self._deliver_result)
        self.task_failed.connect(self._deliver_error)
        self.task_progressed.connect(self._deliver_progress)

    # -- submitting ------------------------------------------------------------------------

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorHandler | None = None,
        *,
        key: str | None = None,
        writer: bool = False,
    ) -> int:
        """Run `fn()` in a worker; `on_done(result)` or `on_error(exc)` then run on this thread."""
        return self._submit(fn, on_done, on_error, None, key, writer)

    def run_reporting(
        self,
        fn: Callable[[Report], T],
        on_progress: Callable[[Any], None],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorHandler | None = None,
        *,
        key: str | None = None,
    ) -> int:
        """Like `run`, but `fn(report)` may call `report(value)` to reach `on_progress(value)`."""
        task_id_box: list[int] = []
        ready = threading.Event()

        def report(value: object) -> None:
            ready.wait()
            emit(self.task_progressed, task_id_box[0], value)

        def call() -> T:
            return fn(report)

        task_id = self._submit(call, on_done, on_error, on_progress, key, False)
        task_id_box.append(task_id)
        ready.set()
        return task_id

    def _submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None,
        on_error: ErrorHandler | None,
        on_progress: Callable[[Any], None] | None,
        key: str | None,
        writer: bool,
    ) -> int:
        task_id = next(self._ids)
        if self._closed:  # shutting down: late requests (timers, closing windows) are dropped
            log.debug("dropped a task submitted after shutdown")
            return task_id
        runnable = _Task(self, task_id, fn)
        was_idle = not self._pending
        self._pending[task_id] = _Pending(on_done, on_error, on_progress, key, runnable)
        if key is not None:
            self._latest[key] = task_id
        (self._writer if writer else self._pool).start(runnable)
        if was_idle:
            emit(self.idle_changed, False)
        return task_id

    # -- state -----------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """How many tasks have not delivered their result yet."""
        return len(self._pending)

    def forget(self, key: str) -> None:
        """Drop the result of the running task with `key`, if any (e.g. a search left with Esc)."""
        self._latest.pop(key, None)

    def shutdown(self, timeout_ms: int = 5_000) -> bool:
        """Stop accepting tasks, drop queued ones, wait for running ones; True if all finished."""
        self._closed = True
        self._pool.clear()
        self._writer.waitForDone(timeout_ms)  # writes are never dropped
        finished = self._pool.waitForDone(timeout_ms)
        self._pending.clear()
        return finished

    # -- delivery (GUI thread) -------------------------------------------------------------

    def _take(self, task_id: int) -> _Pending | None:
        pending = self._pending.pop(task_id, None)
        if not self._pending:
            emit(self.idle_changed, True)
        if pending is None or self._closed:
            return None
        if pending.key is not None:
            if self._latest.get(pending.key) != task_id:
                return None  # superseded by a newer task with the same key
            del self._latest[pending.key]
        return pending

    @staticmethod
    def _call(callback: Callable[[Any], None], value: object) -> None:
        try:
            callback(value)
        except RuntimeError as exc:
            # The widget that asked was closed meanwhile (its C++ side is gone): nobody to tell.
            if "already deleted" not in str(exc):
                raise
            log.debug("dropped a result for a deleted object: %s", exc)

    @Slot(int, object)
    def _deliver_result(self, task_id: int, result: object) -> None:
        pending = self._take(task_id)
        if pending is not None and pending.on_done is not None:
            self._call(pending.on_done, result)

    @Slot(int, object)
    def _deliver_error(self, task_id: int, exc: BaseException) -> None:
        pending = self._take(task_id)
        if pending is None:
            return
        if pending.on_error is not None:
            self._call(pending.on_error, exc)
        elif self.on_unhandled_error is not None:
            self.on_unhandled_error(exc)
        else:
            log.error("background task failed", exc_info=exc)

    @Slot(int, object)
    def _deliver_progress(self, task_id: int, value: object) -> None:
        pending = self._pending.get(task_id)
        if pending is None or self._closed or pending.on_progress is None:
            return
        if pending.key is not None and self._latest.get(pending.key) != task_id:
            return
        self._call(pending.on_progress, value)
