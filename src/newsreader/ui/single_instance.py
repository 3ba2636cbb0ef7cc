"""One window per library: a second launch on the same data dir wakes the first and exits.

The first instance listens on a QLocalServer whose name is derived from the data directory (and
the user), so two libraries in different homes can be open at once. A stale socket left by a
crash is detected (nobody answers) and replaced.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from newsreader.ui.signals import emit

_MESSAGE = b"activate\n"
_TIMEOUT_MS = 500


def server_name(data_dir: Path) -> str:
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{data_dir.resolve()}".encode()).hexdigest()[:20]
    return f"newsreader-{digest}"


class SingleInstance(QObject):
    """Call `claim()`: True if this process is the only one (then `activated` fires on relaunch)."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None
        self._clients: set[QLocalSocket] = set()

    def _listen(self) -> bool:
        # No socket options: with them Qt binds elsewhere and renames over an existing socket,
        # so a second instance would silently take over instead of failing to listen.
        server = QLocalServer(self)
        if not server.listen(self.name):
            server.deleteLater()
            return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def _wake_running(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(_TIMEOUT_MS):
            return False
        socket.write(_MESSAGE)
        socket.waitForBytesWritten(_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(_TIMEOUT_MS)
        return True

    def claim(self) -> bool:
        """Become the running instance, or wake the one that is (and return False)."""
        if self._listen():
            return True
        if self._wake_running():
            return False
        QLocalServer.removeServer(self.name)  # a stale socket from a crashed instance
        return self._listen()

    def release(self) -> None:
        """Stop listening (the next start becomes the running instance)."""
        for socket in list(self._clients):
            self._drop(socket)
        if self._server is not None:
            self._server.newConnection.disconnect(self._on_connection)
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _on_connection(self) -> None:
        if self._server is None:
            return
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setParent(None)  # owned here, not by the server: deleted only by _drop
            self._clients.add(socket)
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(self._on_disconnected)
        self._on_ready_read()

    def _on_ready_read(self) -> None:
        for socket in list(self._clients):
            if socket.bytesAvailable() and _MESSAGE.strip() in bytes(socket.readAll().data()):
                emit(self.activated)

    def _on_disconnected(self) -> None:
        self._on_ready_read()
        for socket in list(self._clients):
            if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                self._drop(socket)

    def _drop(self, socket: QLocalSocket) -> None:
        self._clients.discard(socket)
        socket.readyRead.disconnect(self._on_ready_read)
        socket.disconnected.disconnect(self._on_disconnected)
        socket.abort()
        socket.deleteLater()
