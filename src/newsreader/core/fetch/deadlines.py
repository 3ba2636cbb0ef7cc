"""One thread that fires the deadlines of every running HTTP request (core/fetch/http.py).

Each request's watchdog must fire at its deadline even while its own thread is blocked in a
read. A `threading.Timer` per request did that with a new thread per request: starting one
cost more CPU than a whole 304 answer (a warm refresh of 200 feeds started 200 threads). Here
one daemon thread waits for the earliest deadline of a heap; a stopped request is skipped when
its deadline comes up. Times are `time.monotonic()` seconds, as `threading.Timer` used.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from typing import Protocol


class Deadline(Protocol):
    """What the timer fires: `fire()` once the deadline passes, unless `stopped` by then."""

    @property
    def stopped(self) -> bool: ...

    def fire(self) -> None: ...


class DeadlineTimer:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()  # ties fire in the order they were added
        self._thread: threading.Thread | None = None

    def add(self, seconds: float, deadline: Deadline) -> None:
        """Fire `deadline` in `seconds` (from now) unless it is stopped by then."""
        at = time.monotonic() + seconds
        with self._cond:
            heapq.heappush(self._heap, (at, next(self._order), deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="http-deadlines", daemon=True
                )
                self._thread.start()
            elif self._heap[0][2] is deadline:  # the earliest now: wake the thread for it
                self._cond.notify()

    def pending(self) -> int:
        """How many deadlines are waiting (stopped ones included until their time comes)."""
        with self._cond:
            return len(self._heap)

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    while self._heap and self._heap[0][2].stopped:
                        heapq.heappop(self._heap)
                    if not self._heap:
                        self._cond.wait()
                        continue
                    at = self._heap[0][0]
                    now = time.monotonic()
                    if at <= now:
                        due = heapq.heappop(self._heap)[2]
                        break
                    self._cond.wait(at - now)
            due.fire()  # outside the lock: it shuts sockets down


TIMER = DeadlineTimer()
