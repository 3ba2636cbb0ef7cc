"""One window per library, decided by a lock file before the window exists; the socket that wakes
the running window opens after its first paint (`SingleInstance.claim(listen=False)`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from newsreader.ui import single_instance
from newsreader.ui.single_instance import SingleInstance, server_name


@pytest.fixture
def name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setattr(single_instance, "_WAKE_WAIT_S", 0.3)
    return server_name(tmp_path / "data")


def test_the_lock_decides_before_the_socket_listens(qtbot: Any, name: str) -> None:
    first = SingleInstance(name)
    assert first.claim(listen=False)
    try:
        started = time.monotonic()
        assert SingleInstance(name).claim() is False  # the lock is taken: another one runs
        assert time.monotonic() - started < 2  # it waited for the socket a while, no longer
        assert first.listen()
        with qtbot.waitSignal(first.activated, timeout=3_000):
            assert SingleInstance(name).claim(listen=False) is False  # woken now
    finally:
        first.release()
    again = SingleInstance(name)
    assert again.claim(listen=False)  # released: the next start owns the library
    assert again.listen()
    again.release()


def test_a_stale_socket_without_a_lock_holder_is_replaced(qtbot: Any, name: str) -> None:
    crashed = SingleInstance(name)
    assert crashed.claim()
    assert crashed._lock is not None
    crashed._lock.close()  # as if its process had died: the lock goes, the socket file stays
    crashed._lock = None
    try:
        second = SingleInstance(name)
        assert second.claim(listen=False)
        assert second.listen()  # took the socket over (the lock said nobody runs)
        second.release()
    finally:
        crashed.release()
