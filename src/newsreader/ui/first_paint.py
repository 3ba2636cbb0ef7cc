"""Work that waits until the window has painted once: start-up shows the articles first.

`AfterFirstPaint(*widgets)` runs the callables given to `add`, each in a zero-delay timer of its
own (an exception goes to the excepthook as in any slot), after the first paint event of any of
the widgets (at once if that has already happened) -- the whole window paints in one go, so the
timer runs once it is on screen; a window that does not paint (hidden in the tray, minimised)
runs them after `FALLBACK_MS`. The main window has one on its three panes
(`MainWindow.after_first_paint`) for what a start does not need before the reader sees the
list: the window's second stage (`MainWindow.finish_building`: menus, actions and their keys,
tool bar, status bar; first in the queue), the feeds and counts (read in a worker), the
single-instance socket, the network-reachability backend, the tray, the desktop-menu offer
(`ui.main.run`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 2_000


class AfterFirstPaint(QObject):
    """Runs queued callables once `widget` has painted."""

    def __init__(self, *widgets: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._widgets = widgets
        self._pending: list[Callable[[], object]] = []
        self.done = False
        self._painted = False
        for widget in widgets:
            widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._run)

    def add(self, work: Callable[[], object]) -> None:
        if self.done:
            QTimer.singleShot(0, self, work)
        else:
            self._pending.append(work)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._run)  # after this paint has reached the screen
        return False

    def _run(self) -> None:
        if self.done:
            return
        self.done = True
        for widget in self._widgets:
            widget.removeEventFilter(self)
        pending, self._pending = self._pending, []
        for work in pending:
            QTimer.singleShot(0, self, work)
