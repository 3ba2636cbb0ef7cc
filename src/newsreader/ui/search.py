"""The search box's engine: debounced, in a worker, newest query wins.

Results come best first (or newest first, `newest_first`) with the true number of matches,
counted up to `COUNT_CAP` when there are more than the list shows: then the hits are shown at
once (`results` with the count unknown, `COUNTING`) and the count follows (`counted`), so the
list never waits for it.

Each keystroke restarts a short timer; when it fires, `Library.search` runs in a worker under the
key "search", so a slow older query can never overwrite the results of a newer one. A query the
core rejects (`SearchQueryError`) comes back as a one-line message.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from newsreader.core.errors import SearchQueryError
from newsreader.core.library import Library
from newsreader.core.models import Article, ArticleQuery, SearchHit
from newsreader.core.search import ParsedQuery, make_snippet, parse_query
from newsreader.core.textfold import fold
from newsreader.ui.messages import describe_error
from newsreader.ui.signals import emit
from newsreader.ui.workers import Workers

DEBOUNCE_MS = 150
RESULT_LIMIT = 200
LEAD_SHOWN_CHARS = 90  # about what a row shows of a lead: a match further on gets a snippet
COUNT_CAP = 10_000  # counted no further: "more than 10,000 articles found"
COUNTING = -1  # `results`' count while it is still being counted
_KEY = "search"
_COUNT_KEY = "search-count"


class SearchController(QObject):
    results = Signal(str, object, int)  # text, list[SearchHit], how many match, or COUNTING
    counted = Signal(str, int)  # text, how many match (see COUNT_CAP), after results COUNTING
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
        self.newest_first = False  # sort by date instead of relevance
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
        self._workers.forget(_COUNT_KEY)

    def run_now(self) -> None:
        self._timer.stop()
        self._run()

    def _run(self) -> None:
        text = self._text
        if not text.strip():
            return
        library = self._library
        newest_first = self.newest_first

        self._workers.forget(_COUNT_KEY)

        def found(hits: list[SearchHit]) -> None:
            if len(hits) < RESULT_LIMIT:
                emit(self.results, text, hits, len(hits))
                return
            emit(self.results, text, hits, COUNTING)  # more may match than are shown: count
            self._workers.run(
                lambda: library.count_search(text, ArticleQuery(), cap=COUNT_CAP),
                lambda total: emit(self.counted, text, total),
                lambda exc: self._on_error(text, exc),
                key=_COUNT_KEY,
            )

        self._workers.run(
            lambda: search_for_list(library, text, newest_first=newest_first),
            found,
            lambda exc: self._on_error(text, exc),
            key=_KEY,
        )

    def _on_error(self, text: str, exc: BaseException) -> None:
        if isinstance(exc, SearchQueryError):
            emit(self.failed, text, str(exc).splitlines()[0] if str(exc) else "")
        else:
            emit(self.failed, text, describe_error(exc))


def search_for_list(library: Library, text: str, *, newest_first: bool = False) -> list[SearchHit]:
    """What the search box runs in its worker before the list shows: the hits (at most
    `RESULT_LIMIT`). Their snippets are made as rows are drawn (`lead_snippets`)."""
    return library.search(
        text, ArticleQuery(), limit=RESULT_LIMIT, snippets=False, newest_first=newest_first
    )


def lead_snippets(text: str) -> Callable[[Article], str | None] | None:
    """For the list's rows, drawn lazily (only rows on screen pay): an article's snippet of its
    lead around the first word of `text` matched, when that match lies beyond what a row shows
    of the lead; None for a lead shown as it is. (None: `text` marks nothing.)"""
    query = search_terms(text)
    if query is None:
        return None
    return lambda article: lead_snippet(article.summary, query)


def lead_snippet(summary: str, query: ParsedQuery) -> str | None:
    """The part of a lead around its first word matched, when the row would not show it (no
    article body is read); None when the lead has no match or shows it anyway."""
    folded = fold(summary)
    at = [i for i in (folded.find(term) for term in query.terms) if i >= 0]
    if not at or min(at) < LEAD_SHOWN_CHARS:
        return None
    return make_snippet(summary, query, width=220)


def search_terms(text: str) -> ParsedQuery | None:
    """The words of a search, to mark in the results (None when nothing can be searched)."""
    try:
        return parse_query(text)
    except SearchQueryError:
        return None


def search_summary(shown: int, total: int, newest_first: bool) -> str:
    """ "362 articles found · the 200 best shown", "More than 10000 articles found · …";
    "Counting the matches…" while `total` is `COUNTING`."""
    translate = QCoreApplication.translate
    if total == COUNTING:
        return translate("SearchController", "Counting the matches…")
    if total <= shown:
        return translate("SearchController", "%n articles found", None, shown)
    if total > COUNT_CAP:
        found = translate("SearchController", "More than %1 articles found")
        found = found.replace("%1", str(COUNT_CAP))
    else:
        found = translate("SearchController", "%n articles found", None, total)
    if newest_first:
        return found + " · " + translate("SearchController", "the %n newest shown", None, shown)
    return found + " · " + translate("SearchController", "the %n best shown", None, shown)
