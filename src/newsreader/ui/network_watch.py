"""Tells when the network comes back, so a laptop that wakes up online refreshes at once.

Qt's `QNetworkInformation` reports reachability when a backend for the platform is available
(NetworkManager, connman or glib on Linux, the system's own elsewhere). Where none loads, or it
cannot tell reachability, the watch stays silent: the timed refresh still runs.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from newsreader.ui.signals import emit

log = logging.getLogger("newsreader.ui.network")


class NetworkWatch(QObject):
    """Emits `back_online` when reachability goes from offline (or unknown-after-offline) to
    online; never at start."""

    back_online = Signal()

    def __init__(self, parent: QObject | None = None, *, use_backend: bool = True) -> None:
        super().__init__(parent)
        self._offline = False
        self.backend = ""
        if use_backend:
            self.load_backend()

    def load_backend(self) -> None:
        """Follow Qt's reachability backend (a plugin; the app loads it after the first paint)."""
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:  # QtNetwork is part of PySide6-Essentials; be safe anyway
            return
        feature = QNetworkInformation.Feature.Reachability
        try:
            loaded = QNetworkInformation.loadBackendByFeatures(feature)
        except Exception:  # a broken platform plugin must not stop the window
            log.debug("network information backend failed to load", exc_info=True)
            return
        info = QNetworkInformation.instance() if loaded else None
        if info is None or not info.supports(feature):
            log.debug("no network information backend: no refresh when the network comes back")
            return
        self.backend = info.backendName()
        info.reachabilityChanged.connect(self._on_qt_reachability)
        self._on_qt_reachability(info.reachability())

    def _on_qt_reachability(self, reachability: object) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        online = reachability == QNetworkInformation.Reachability.Online
        unknown = reachability == QNetworkInformation.Reachability.Unknown
        self.set_online(None if unknown else online)

    def set_online(self, online: bool | None) -> None:
        """Record the network's state (None: unknown, which changes nothing)."""
        if online is None:
            return
        if online and self._offline:
            emit(self.back_online)
        self._offline = not online
