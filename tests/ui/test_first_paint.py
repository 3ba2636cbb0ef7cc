"""`AfterFirstPaint`: work waits for the window's first paint (or a fallback), then runs once."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from newsreader.ui import first_paint
from newsreader.ui.first_paint import AfterFirstPaint


def test_work_runs_after_the_first_paint_not_before(qtbot: Any) -> None:
    window = QWidget()
    label = QLabel("Thời sự", window)
    qtbot.addWidget(window)
    later = AfterFirstPaint(label, parent=window)
    ran: list[str] = []
    later.add(lambda: ran.append("counts"))
    qtbot.wait(50)
    assert ran == []  # nothing painted yet
    window.show()
    qtbot.waitUntil(lambda: ran == ["counts"], timeout=1_000)
    later.add(lambda: ran.append("late"))  # after the paint: runs on the next turn
    qtbot.waitUntil(lambda: ran == ["counts", "late"], timeout=1_000)
    label.repaint()
    qtbot.wait(50)
    assert ran == ["counts", "late"]  # once


def test_a_window_that_never_paints_runs_the_work_after_the_fallback(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_paint, "FALLBACK_MS", 100)
    window = QWidget()  # never shown (hidden in the tray)
    qtbot.addWidget(window)
    later = AfterFirstPaint(window, parent=window)
    ran: list[str] = []
    later.add(lambda: ran.append("tray"))
    qtbot.waitUntil(lambda: ran == ["tray"], timeout=1_000)
