"""One thread fires every request's deadline: in time order, never a stopped one, and a new
earlier deadline is not kept waiting behind a later one."""

from __future__ import annotations

import threading
import time

from newsreader.core.fetch.deadlines import DeadlineTimer


class _Request:
    def __init__(self, name: str, fired: list[str], done: threading.Event | None = None) -> None:
        self.name = name
        self.fired = fired
        self.done = done
        self.stopped = False

    def fire(self) -> None:
        self.fired.append(self.name)
        if self.done is not None:
            self.done.set()


def test_deadlines_fire_in_time_order_and_stopped_ones_never() -> None:
    timer = DeadlineTimer()
    fired: list[str] = []
    last = threading.Event()
    slow = _Request("slow", fired, last)
    stopped = _Request("stopped", fired)
    timer.add(0.6, slow)
    timer.add(0.1, stopped)
    started = time.monotonic()
    timer.add(0.3, _Request("soon", fired))  # earlier than the one the thread waits for
    timer.add(0.05, _Request("first", fired))
    stopped.stopped = True
    assert last.wait(5)
    assert fired == ["first", "soon", "slow"]
    assert time.monotonic() - started >= 0.55
    assert timer.pending() == 0


def test_many_requests_share_one_thread() -> None:
    timer = DeadlineTimer()
    fired: list[str] = []
    before = threading.active_count()
    requests = [_Request(str(n), fired) for n in range(200)]
    for r in requests:
        timer.add(30, r)
    assert threading.active_count() <= before + 1
    for r in requests:
        r.stopped = True
    done = threading.Event()
    timer.add(0.01, _Request("last", fired, done))
    assert done.wait(5)
    assert fired == ["last"]
