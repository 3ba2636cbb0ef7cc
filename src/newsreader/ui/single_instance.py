"""One window per library: a second launch on the same data dir wakes the first and exits.

The first instance listens on a QLocalServer whose name is derived from the data directory (and
the user), so two libraries in different homes can be open at once. A stale socket left by a
crash is detected (nobody answers) and replaced.

Who runs is decided by a lock file next to the socket (an exclusive `flock`, which the system
drops with the process, so a crash leaves nothing stale): `claim(listen=False)` takes it without
loading QtNetwork, and the window's start-up calls `listen()` after its first paint (QtNetwork's
import and the socket cost ~10 ms of the start; docs/perf.md). A second launch in that short
while finds the lock taken and waits for the socket to wake the first.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from newsreader.ui.signals import emit

if TYPE_CHECKING:  # QtNetwork loads when the instance listens (after the first paint)
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

try:
    import fcntl
except ImportError:  # not on POSIX: the socket alone decides, as it always did
    fcntl = None  # type: ignore[assignment]

_MESSAGE = b"activate\n"
_TIMEOUT_MS = 500
_WAKE_WAIT_S = 5.0  # a first instance that holds the lock listens within its first paint


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
        self._lock: IO[bytes] | None = None

    def _lock_path(self) -> Path:
        runtime = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
        return Path(runtime) / f"{self.name}.lock"

    def _take_lock(self) -> bool | None:
        """True: this process holds the library's lock; False: another one does; None: no
        lock here (not POSIX, or the file cannot be made): the socket decides alone."""
        if fcntl is None:
            return None
        try:
            handle = self._lock_path().open("ab")
        except OSError:
            return None
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._lock = handle
        return True

    def _listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

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
        from PySide6.QtNetwork import QLocalSocket

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

    def claim(self, *, listen: bool = True) -> bool:
        """Become the running instance, or wake the one that is (and return False).

        With `listen=False` only the lock is taken; call `listen()` later (then QtNetwork
        loads)."""
        locked = self._take_lock()
        if locked is False:  # another instance runs: wake it (its socket may come shortly)
            deadline = time.monotonic() + _WAKE_WAIT_S
            while not self._wake_running() and time.monotonic() < deadline:
                time.sleep(0.05)
            return False
        if locked and not listen:
            return True
        return self.listen()

    def listen(self) -> bool:
        """Listen for later launches; False when another instance answers on the socket."""
        if self._server is not None:
            return True
        if self._listen():
            return True
        if self._lock is None and self._wake_running():
            return False
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.name)  # a stale socket (the lock says nobody runs)
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
        if self._lock is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

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
            if socket.state() == socket.LocalSocketState.UnconnectedState:
                self._drop(socket)

    def _drop(self, socket: QLocalSocket) -> None:
        self._clients.discard(socket)
        socket.readyRead.disconnect(self._on_ready_read)
        socket.disconnected.disconnect(self._on_disconnected)
        socket.abort()
        socket.deleteLater()
