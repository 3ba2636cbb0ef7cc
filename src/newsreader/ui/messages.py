"""The one place messages reach the user: the status bar, and errors that must not crash the app.

Every part of the window reports through a `MessageBridge`; the window shows what it emits.
`install_excepthook` routes uncaught exceptions (GUI thread, slots, other threads) to the log and
to a one-line message instead of aborting the process.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Signal

from newsreader.core.errors import NetworkError, NewsreaderError
from newsreader.ui.network_errors import describe_network_error
from newsreader.ui.signals import emit
from newsreader.ui.text import plain_line

log = logging.getLogger("newsreader.ui")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def describe_error(exc: BaseException) -> str:
    """A one-line message for the user (our own errors carry one; others get their type)."""
    if isinstance(exc, NetworkError):
        return plain_line(describe_network_error(exc), 300)
    if isinstance(exc, NewsreaderError):
        return plain_line(str(exc), 300)
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return plain_line(f"{exc.strerror}{where}", 300)
    detail = plain_line(str(exc), 200)
    text = QCoreApplication.translate(
        "MessageBridge", "Unexpected error: %1 (details are in the log)"
    )
    return text.replace("%1", f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__)


class MessageBridge(QObject):
    """Status and error messages; the window connects `posted` to its status bar."""

    posted = Signal(str, bool, int)  # text, is_error, timeout in ms (0 = until replaced)

    def info(self, text: str, timeout_ms: int = 6_000) -> None:
        emit(self.posted, plain_line(text, 300), False, timeout_ms)

    def error(self, text: str, timeout_ms: int = 12_000) -> None:
        log.warning("%s", text)
        emit(self.posted, plain_line(text, 300), True, timeout_ms)

    def report_exception(self, exc: BaseException) -> None:
        """An error from a background task nobody handled: log it and show one line."""
        if not isinstance(exc, NewsreaderError):
            log.error("unexpected error", exc_info=exc)
        self.error(describe_error(exc))


class ExceptHookGuard:
    """Installs hooks that turn uncaught exceptions into messages; `uninstall` restores them."""

    def __init__(self, bridge: MessageBridge) -> None:
        self._bridge = bridge
        self._previous: ExceptHook | None = None
        self._previous_thread: Callable[[threading.ExceptHookArgs], object] | None = None

    def install(self) -> None:
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook = self._previous
        if self._previous_thread is not None:
            threading.excepthook = self._previous_thread
        self._previous = self._previous_thread = None

    def _hook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        log.error("uncaught exception", exc_info=(kind, exc, tb))
        with contextlib.suppress(RuntimeError):  # the bridge is already gone (shutting down)
            self._bridge.error(describe_error(exc))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        log.error(
            "uncaught exception in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
        # Signals are thread-safe: the message is queued to the GUI thread.
        self._bridge.error(describe_error(args.exc_value))
