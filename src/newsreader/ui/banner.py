"""A strip above the panes for what stays true until it changes or the reader dismisses it.

The status bar is for passing news ("12 new articles"); Qt hides it whenever a menu shows a
status tip. What must stay — "you are offline", "this feed fails", "we added these feeds for you:
keep them or start empty" — goes here instead: one row per notice, each with its buttons and a
close button, until the notice is withdrawn (`withdraw`) or dismissed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsreader.ui.signals import emit
from newsreader.ui.text import plain_line

Action = tuple[str, Callable[[], object]]  # button text, what it does


class Notice(QFrame):
    """One row of the banner: a message, its buttons and a close button."""

    def __init__(
        self, key: str, text: str, actions: Sequence[Action], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"notice_{key}")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Window)
        accent = palette.color(QPalette.ColorRole.Accent)
        tint = base.toRgb()
        for_accent = 0.16
        tint.setRgbF(
            base.redF() + (accent.redF() - base.redF()) * for_accent,
            base.greenF() + (accent.greenF() - base.greenF()) * for_accent,
            base.blueF() + (accent.blueF() - base.blueF()) * for_accent,
        )
        palette.setColor(QPalette.ColorRole.Window, tint)
        self.setPalette(palette)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 8, 6)
        layout.setSpacing(8)
        self.label = QLabel()
        self.label.setObjectName("noticeText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        self.set_content(text, actions)
        self.close_button = QToolButton()
        self.close_button.setObjectName("dismiss")
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        layout.addWidget(self.close_button)

    def set_content(self, text: str, actions: Sequence[Action]) -> None:
        self.label.setText(plain_line(text, 600))
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        for button in self.buttons:
            layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for position, (caption, run) in enumerate(actions, start=1):
            button = QPushButton(caption)
            button.setObjectName("noticeAction")
            button.clicked.connect(lambda _checked=False, run=run: run())
            layout.insertWidget(position, button)
            self.buttons.append(button)

    def text(self) -> str:
        return self.label.text()


class Banner(QWidget):
    """Notices above the panes, newest last; hidden when there are none."""

    dismissed = Signal(str)  # key of a notice the reader closed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(1)
        self._notices: dict[str, Notice] = {}
        self.hide()

    def show_notice(self, key: str, text: str, actions: Sequence[Action] = ()) -> Notice:
        """Show (or update) the notice `key`."""
        notice = self._notices.get(key)
        if notice is None:
            notice = Notice(key, text, actions, self)
            notice.close_button.clicked.connect(lambda: self._dismiss(key))
            self._notices[key] = notice
            self._layout.addWidget(notice)
        else:
            notice.set_content(text, actions)
        self.show()
        return notice

    def withdraw(self, key: str) -> None:
        """The notice `key` is no longer true: remove it."""
        notice = self._notices.pop(key, None)
        if notice is not None:
            self._layout.removeWidget(notice)
            notice.hide()
            notice.deleteLater()
        if not self._notices:
            self.hide()

    def _dismiss(self, key: str) -> None:
        self.withdraw(key)
        emit(self.dismissed, key)

    def notice(self, key: str) -> Notice | None:
        return self._notices.get(key)

    def keys(self) -> list[str]:
        return list(self._notices)
