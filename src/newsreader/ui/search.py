"""The search box's engine: debounced, in a worker, newest query wins.

Results come best first (or newest first, `newest_first`) with the true number of matches,
counted up to `COUNT_CAP` when there are more than the list shows.

Each keystroke restarts a short timer; when it fires, `Library.search` runs in a worker under the
key "search", so a slow older query can never overwrite the results of a newer one. A query the
core rejects (`SearchQueryError`) comes back as a one-line message.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from newsreader.core.errors import SearchQueryError
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery, SearchHit
from newsreader.core.search import ParsedQuery, make_snippet, parse_query
from newsreader.core.textfold import fold
from newsreader.ui.messages import describe_error
from newsreader.ui.signals import emit
from newsreader.ui.workers import Workers

DEBOUNCE_MS = 150
RESULT_LIMIT = 200
LEAD_SHOWN_CHARS = 90  # about what a row shows of a lead: a match further on gets a snippet
COUNT_CAP = 10_000  # counted no further: "more than 10,000 articles found"
_KEY = "search"


class SearchController(QObject):
    results = Signal(str, object, int)  # text, list[SearchHit], how many match (see COUNT_CAP)
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

    def run_now(self) -> None:
        self._timer.stop()
        self._run()

    def _run(self) -> None:
        text = self._text
        if not text.strip():
            return
        library = self._library
        newest_first = self.newest_first

        def work() -> tuple[list[SearchHit], int]:
            hits = library.search(
                text, ArticleQuery(), limit=RESULT_LIMIT, snippets=False, newest_first=newest_first
            )
            total = len(hits)
            if total >= RESULT_LIMIT:  # more may match than are shown: count them
                total = library.count_search(text, ArticleQuery(), cap=COUNT_CAP)
            return with_lead_snippets(hits, text), total

        self._workers.run(
            work,
            lambda found: emit(self.results, text, found[0], found[1]),
            lambda exc: self._on_error(text, exc),
            key=_KEY,
        )

    def _on_error(self, text: str, exc: BaseException) -> None:
        if isinstance(exc, SearchQueryError):
            emit(self.failed, text, str(exc).splitlines()[0] if str(exc) else "")
        else:
            emit(self.failed, text, describe_error(exc))


def with_lead_snippets(hits: list[SearchHit], text: str) -> list[SearchHit]:
    """Each hit with the part of its lead around the first word matched as its snippet (cheap:
    no article body is read); a lead without a match stays as it is."""
    query = search_terms(text)
    if query is None:
        return hits
    out = []
    for hit in hits:
        summary = hit.article.summary
        folded = fold(summary)
        at = [i for i in (folded.find(term) for term in query.terms) if i >= 0]
        if hit.snippet or not at or min(at) < LEAD_SHOWN_CHARS:
            out.append(hit)  # no match in the lead, or one the list shows anyway
            continue
        snippet = make_snippet(summary, query, width=220)
        out.append(replace(hit, snippet=snippet) if snippet else hit)
    return out


def search_terms(text: str) -> ParsedQuery | None:
    """The words of a search, to mark in the results (None when nothing can be searched)."""
    try:
        return parse_query(text)
    except SearchQueryError:
        return None


def search_summary(shown: int, total: int, newest_first: bool) -> str:
    """ "362 articles found · the 200 best shown", "More than 10000 articles found · …"."""
    translate = QCoreApplication.translate
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
