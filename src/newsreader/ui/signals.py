"""Emitting signals from Python without corrupting the interpreter (PySide6 6.12 workaround).

PySide6 6.12.0's `SignalInstance.emit()` returns `True` without taking a reference to it. On
CPython before 3.12, where `True` is an ordinary reference-counted object, every emit from Python
code drops one reference, and after some thousands of signals the process dies with "Fatal Python
error: bool_dealloc". (Signals emitted by Qt's C++ side are not affected.)

All Python-side emits in the UI go through `emit`, which gives back the reference the binding
forgot. A probe at first use checks whether this PySide6 still has the bug, so nothing is
compensated once it is fixed (and on CPython 3.12+, whose booleans are immortal, nothing needs to
be).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBES = 16


class _Probe(QObject):
    fired = Signal()


def _emit_drops_a_reference() -> bool:
    if sys.version_info >= (3, 12):
        return False
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.fired.emit()
    dropped = before - sys.getrefcount(True)
    if dropped >= _PROBES:
        import ctypes  # only where the binding has the bug (start-up time: docs/perf.md)

        for _ in range(dropped):  # give back what the probe itself cost
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
        return True
    return False


_compensate: bool | None = None


def emit(signal: SignalInstance, *args: Any) -> None:
    """`signal.emit(*args)`, keeping the interpreter's reference counts right."""
    global _compensate
    if _compensate is None:
        _compensate = _emit_drops_a_reference()
    emitter: Callable[..., object] = signal.emit  # typed as returning None; it returns a bool
    result = emitter(*args)
    if _compensate and isinstance(result, bool):
        import ctypes

        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
