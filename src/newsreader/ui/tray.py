"""The system tray: an icon with the unread count, a menu, and one notification per refresh.

`TrayController` outlives windows (the app owns it). Its logic — the count on the icon and in
the tooltip, which articles a notification names and how it sums them up — does not depend on a
tray being there: where the desktop has none (or offscreen), the icon is simply never shown and
`notified` is still emitted, so the behaviour is testable anywhere. Which new articles deserve a
notification is the library's decision (`Library.articles_to_notify`: feeds with "notify" on, and
whatever else adds to that hook); the notification names at most three, summed up by feed.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from newsreader import APP_NAME
from newsreader.core.library import Library
from newsreader.core.models import Article, RefreshResult
from newsreader.ui.icons import app_icon
from newsreader.ui.signals import emit
from newsreader.ui.text import plain_line
from newsreader.ui.workers import Workers

log = logging.getLogger("newsreader.ui.tray")

NOTIFICATION_MS = 10_000
TITLES_SHOWN = 3
FEEDS_NAMED = 3
ICON_PX = 64


def notification_text(articles: Sequence[Article]) -> tuple[str, str] | None:
    """(title, body) summing up `articles` (newest first), or None when there are none."""
    if not articles:
        return None
    title = QCoreApplication.translate("Tray", "%n new articles", None, len(articles))
    per_feed = Counter(a.feed_title for a in articles).most_common()
    named = [f"{plain_line(name, 40)} {count}" for name, count in per_feed[:FEEDS_NAMED]]
    if len(per_feed) > FEEDS_NAMED:
        named.append("…")
    lines = [" · ".join(named)]
    lines += [f"• {plain_line(a.title, 90)}" for a in articles[:TITLES_SHOWN]]
    return title, "\n".join(lines)


def badge_text(unread: int) -> str:
    return "" if unread <= 0 else ("999+" if unread > 999 else str(unread))


def badge_icon(unread: int) -> QIcon:
    """The app icon with the unread count in a round badge (the plain icon at zero)."""
    base = app_icon()
    text = badge_text(unread)
    if not text:
        return base
    pixmap = base.pixmap(ICON_PX, ICON_PX)
    if pixmap.isNull():
        pixmap = QPixmap(ICON_PX, ICON_PX)
        pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    height = ICON_PX // 2
    width = max(height, int(height * (0.5 + 0.3 * len(text))))
    rect = QRect(ICON_PX - width, 0, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#c62828"))
    painter.drawRoundedRect(rect, height / 2, height / 2)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(height * 0.7))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class TrayController(QObject):
    """The tray icon and its notifications, whether or not the desktop shows a tray."""

    notified = Signal(str, str)  # title, body: emitted for every notification (tray or not)
    open_requested = Signal()
    refresh_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        library: Library,
        workers: Workers,
        *,
        available: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`available` overrides what Qt says about the desktop's tray (tests, settings)."""
        super().__init__(parent)
        self._library = library
        self._workers = workers
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.unread = -1
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self._open = self.menu.addAction("")
        self._open.triggered.connect(lambda: emit(self.open_requested))
        self._refresh = self.menu.addAction("")
        self._refresh.triggered.connect(lambda: emit(self.refresh_requested))
        self.menu.addSeparator()
        self._quit = self.menu.addAction("")
        self._quit.triggered.connect(lambda: emit(self.quit_requested))
        self.retranslate()
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)

    def show(self) -> None:
        """Put the icon in the tray (the app calls this once its window has painted: the icon is
        rendered from SVG in 8 sizes)."""
        if self.unread < 0:
            self.set_unread(0)
        if self.available:
            self.icon.show()

    def retranslate(self) -> None:
        self._open.setText(QCoreApplication.translate("Tray", "&Open Newsreader"))
        self._refresh.setText(QCoreApplication.translate("Tray", "&Refresh all feeds"))
        self._quit.setText(QCoreApplication.translate("Tray", "&Quit"))
        self.icon.setToolTip(self.tooltip())

    def tooltip(self) -> str:
        if self.unread <= 0:
            return APP_NAME
        return f"{APP_NAME} — " + QCoreApplication.translate("Tray", "%n unread", None, self.unread)

    def set_unread(self, count: int) -> None:
        """Show `count` unread articles on the icon and in its tooltip."""
        count = max(0, count)
        if count == self.unread:
            return
        self.unread = count
        self.icon.setIcon(badge_icon(count))
        self.icon.setToolTip(self.tooltip())

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            emit(self.open_requested)

    # -- notifications ----------------------------------------------------------------------

    def on_refresh_finished(self, result: RefreshResult) -> None:
        """After a refresh: one notification naming the new articles worth telling about."""
        if not result.new_articles:
            return
        library = self._library

        def failed(exc: BaseException) -> None:
            log.info("no notification: %s", exc)

        self._workers.run(lambda: library.articles_to_notify(result), self.notify, failed)

    def notify(self, articles: Sequence[Article]) -> None:
        text = notification_text(articles)
        if text is None:
            return
        title, body = text
        emit(self.notified, title, body)
        if self.available and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, body, app_icon(), NOTIFICATION_MS)

    def close(self) -> None:
        self.icon.hide()
        self.menu.deleteLater()
