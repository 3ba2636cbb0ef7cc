"""Back and forward through the articles read, like a browser's history.

Opening an article records it; going back or forward moves through the record without changing
it; opening a new article after going back drops the forward part. Plain Python (no Qt): the
window asks it which article to reopen.
"""

from __future__ import annotations

HISTORY_LIMIT = 500


class ReadingHistory:
    """The articles opened, in order, and where we are in them."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._ids: list[int] = []
        self._here = -1
        self._limit = limit

    def visit(self, article_id: int) -> None:
        """An article was opened (not by going back or forward)."""
        if 0 <= self._here < len(self._ids) and self._ids[self._here] == article_id:
            return
        del self._ids[self._here + 1 :]
        self._ids.append(article_id)
        if len(self._ids) > self._limit:
            del self._ids[: len(self._ids) - self._limit]
        self._here = len(self._ids) - 1

    @property
    def current(self) -> int | None:
        return self._ids[self._here] if 0 <= self._here < len(self._ids) else None

    def can_go_back(self) -> bool:
        return self._here > 0

    def can_go_forward(self) -> bool:
        return self._here < len(self._ids) - 1

    def back(self) -> int | None:
        """The article before the current one (and move there), or None."""
        if not self.can_go_back():
            return None
        self._here -= 1
        return self._ids[self._here]

    def forward(self) -> int | None:
        """The article after the current one (and move there), or None."""
        if not self.can_go_forward():
            return None
        self._here += 1
        return self._ids[self._here]
