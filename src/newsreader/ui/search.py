"""The search box's engine: debounced, in a worker, newest query wins.

Each keystroke restarts a short timer; when it fires, `Library.search` runs in a worker under the
key "search", so a slow older query can never overwrite the results of a newer one. A query the
core rejects (`SearchQueryError`) comes back as a one-line message.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from newsreader.core.errors import SearchQueryError
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery, SearchHit
from newsreader.ui.messages import describe_error
from newsreader.ui.signals import emit
from newsreader.ui.workers import Workers

DEBOUNCE_MS = 150
RESULT_LIMIT = 200
_KEY = "search"


class SearchController(QObject):
    results = Signal(str, object)  # text, list[SearchHit]
    failed = Signal(str, str)  # text, one-line message

    def __init__(
        self,
        library: Library,
        workers: Workers,
        *,
        delay_ms: int = DEBOUNCE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._workers = workers
        self._text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._run)

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """The box now says `text`: search for it shortly (or stop, when it is empty)."""
        self._text = text
        if not text.strip():
            self.stop()
            return
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._workers.forget(_KEY)

    def run_now(self) -> None:
        self._timer.stop()
        self._run()

    def _run(self) -> None:
        text = self._text
        if not text.strip():
            return
        library = self._library

        def work() -> list[SearchHit]:
            return library.search(text, ArticleQuery(), limit=RESULT_LIMIT, snippets=False)

        self._workers.run(
            work,
            lambda hits: emit(self.results, text, hits),
            lambda exc: self._on_error(text, exc),
            key=_KEY,
        )

    def _on_error(self, text: str, exc: BaseException) -> None:
        if isinstance(exc, SearchQueryError):
            emit(self.failed, text, str(exc).splitlines()[0] if str(exc) else "")
        else:
            emit(self.failed, text, describe_error(exc))
