"""The Qt binding must not leak references to None/True (PySide6 6.12.0 does, and aborts)."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(bool)


def test_void_calls_do_not_leak_none() -> None:
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        obj.setObjectName("x")
    assert before - sys.getrefcount(None) < 50


def test_emit_does_not_leak_true() -> None:
    emitter = _Emitter()
    count = [0]

    def receive(value: bool) -> None:
        count[0] += int(value)

    emitter.fired.connect(receive)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emitter.fired.emit(True)
    assert count[0] == 2000
    assert abs(before - sys.getrefcount(True)) < 50
