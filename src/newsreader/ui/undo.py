"""Undo for what the reader does to many articles or to the subscriptions, in one key (Ctrl+Z).

Reading-state changes (mark read/unread, save/unsave, mark all read, mark older/newer read) are
undone by writing the opposite state back to exactly the articles that changed. Removing feeds
or folders cannot be written back (their articles are gone), so a removal is *deferred*: the
sections disappear at once, and the library removes them only when the offer to undo ends — after
`REMOVAL_GRACE_MS`, when another removal starts, or when the window closes (`commit_all`).

Every change is offered in the status bar with an "Undo" button (`offered` carries its text);
`undo()` takes back the newest change still on the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from newsreader.ui.signals import emit

MAX_STEPS = 30  # older reading-state changes fall off the stack
REMOVAL_GRACE_MS = 12_000  # how long a removal can be taken back before it is carried out
OFFER_MS = 10_000  # how long the status bar shows the "Undo" button for a reading change


@dataclass(eq=False)
class UndoStep:
    """One change that can be taken back.

    `revert` takes it back; `commit`, when given, carries out a deferred change for good (then
    the step can no longer be undone)."""

    text: str
    revert: Callable[[], None]
    commit: Callable[[], None] | None = None
    timer: QTimer | None = field(default=None, repr=False)


class UndoStack(QObject):
    """The window's undo history."""

    offered = Signal(str, int)  # text of the change, how long to offer undoing it (ms)
    undone = Signal(str)  # text of the change taken back
    changed = Signal()  # something can (or can no longer) be undone

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: list[UndoStep] = []

    def can_undo(self) -> bool:
        return bool(self._steps)

    def push(self, text: str, revert: Callable[[], None]) -> None:
        """A change already made; `revert` takes it back."""
        self._add(UndoStep(text, revert), OFFER_MS)

    def push_deferred(
        self, text: str, commit: Callable[[], None], revert: Callable[[], None]
    ) -> None:
        """A change shown but not made yet: `commit` makes it when the offer ends, `revert`
        restores what was shown. Earlier deferred changes are carried out first."""
        self.commit_all()
        step = UndoStep(text, revert, commit)
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(REMOVAL_GRACE_MS)
        timer.timeout.connect(lambda: self._commit(step))
        step.timer = timer
        self._add(step, REMOVAL_GRACE_MS)
        timer.start()

    def _add(self, step: UndoStep, offer_ms: int) -> None:
        self._steps.append(step)
        while len(self._steps) > MAX_STEPS:
            oldest = self._steps[0]
            if oldest.commit is not None:
                self._commit(oldest)
            else:
                self._steps.pop(0)
        emit(self.offered, step.text, offer_ms)
        emit(self.changed)

    def undo(self) -> bool:
        """Take back the newest change; False when there is none."""
        if not self._steps:
            return False
        step = self._steps.pop()
        if step.timer is not None:
            step.timer.stop()
            step.timer.deleteLater()
        step.revert()
        emit(self.undone, step.text)
        emit(self.changed)
        return True

    def _commit(self, step: UndoStep) -> None:
        if step not in self._steps:
            return
        self._steps.remove(step)
        if step.timer is not None:
            step.timer.stop()
            step.timer.deleteLater()
        if step.commit is not None:
            step.commit()
        emit(self.changed)

    def commit_all(self) -> None:
        """Carry out every deferred change now (a new removal, or the window closes)."""
        for step in [s for s in self._steps if s.commit is not None]:
            self._commit(step)
