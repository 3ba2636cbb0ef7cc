"""The article list's model: one page at a time, newest first, with fine-grained updates.

`show` replaces the list with a first page and a function that reads the next ones
(`canFetchMore`/`fetchMore` page through 100,000 articles without loading them). Reading state
changes are `dataChanged` on one row; new articles from a refresh are merged in place with
`beginInsertRows` (`merge_head`), so the view keeps its selection and scroll position.

Paging counts only the loaded rows that still match the filter: in "Unread", rows the user has
read stay visible, but the next page starts where the unread articles in the database continue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from newsreader.core.models import Article, ArticleQuery
from newsreader.ui.signals import emit
from newsreader.ui.text import plain_line, plain_tooltip

PAGE_SIZE = 200
ALL_ARTICLES = ArticleQuery()
PageFetcher = Callable[[int, int], list[Article]]  # (offset, limit) -> articles
AnyIndex = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()  # the invisible root, as a default argument


class ArticleRole(IntEnum):
    ARTICLE = Qt.ItemDataRole.UserRole + 1  # Article
    ID = Qt.ItemDataRole.UserRole + 2  # int
    TITLE = Qt.ItemDataRole.UserRole + 3  # str, one clean line
    SOURCE = Qt.ItemDataRole.UserRole + 4  # str: feed title
    SECTION = Qt.ItemDataRole.UserRole + 5  # str: folder (the site) or ""
    TIME = Qt.ItemDataRole.UserRole + 6  # datetime (UTC): published, else first seen
    LEAD = Qt.ItemDataRole.UserRole + 7  # str: the lead, or the search snippet
    THUMBNAIL = Qt.ItemDataRole.UserRole + 8  # str: image URL or ""
    READ = Qt.ItemDataRole.UserRole + 9  # bool
    SAVED = Qt.ItemDataRole.UserRole + 10  # bool
    LINK = Qt.ItemDataRole.UserRole + 11  # str or ""


def _order_key(article: Article) -> tuple[float, int]:
    return (article.sort_time.timestamp(), article.id)


def matches(query: ArticleQuery, article: Article) -> bool:
    """Whether `article` still belongs to `query` (only the state filters can change)."""
    return not (query.unread and article.read) and not (query.saved and not article.saved)


class ArticleListModel(QAbstractListModel):
    """A page-wise list of articles; roles in `ArticleRole`."""

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self._rows: list[Article] = []
        self._ids: dict[int, int] | None = {}  # id -> row; None when it must be rebuilt
        self._fetch: PageFetcher | None = None
        self._query = ArticleQuery()
        self._has_more = False
        self._snippets: dict[int, str] = {}

    # -- content ---------------------------------------------------------------------------

    def show(
        self,
        articles: Sequence[Article],
        fetch_page: PageFetcher | None = None,
        query: ArticleQuery = ALL_ARTICLES,
        *,
        snippets: dict[int, str] | None = None,
    ) -> None:
        """Replace the list with `articles` (a first page when `fetch_page` reads more)."""
        self.beginResetModel()
        self._rows = _unique(articles)
        self._ids = None
        self._fetch = fetch_page
        self._query = query
        self._has_more = fetch_page is not None and len(articles) >= self.page_size
        self._snippets = dict(snippets or {})
        self.endResetModel()

    @property
    def query(self) -> ArticleQuery:
        return self._query

    @property
    def is_paged(self) -> bool:
        return self._fetch is not None

    def article(self, row: int) -> Article | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def articles(self) -> list[Article]:
        return list(self._rows)

    def row_of(self, article_id: int) -> int | None:
        if self._ids is None:
            self._ids = {a.id: i for i, a in enumerate(self._rows)}
        return self._ids.get(article_id)

    def matching_rows(self) -> int:
        """Loaded rows that still match the query: the database offset of the next page."""
        return sum(1 for a in self._rows if matches(self._query, a))

    def update_articles(self, changed: Iterable[Article]) -> None:
        """Replace rows by id with these versions (state changes); one dataChanged per row."""
        for article in changed:
            row = self.row_of(article.id)
            if row is None or self._rows[row] == article:
                continue
            # Keep the list's own view of content-less fields (the list never holds bodies).
            self._rows[row] = replace(article, content_html=None)
            index = self.index(row)
            emit(self.dataChanged, index, index)

    def set_flags(
        self, ids: Iterable[int], *, read: bool | None = None, saved: bool | None = None
    ) -> list[Article]:
        """Set read and/or saved on the rows with these ids; returns the rows that changed."""
        changed = []
        for article_id in ids:
            row = self.row_of(article_id)
            if row is None:
                continue
            old = self._rows[row]
            new = replace(
                old,
                read=old.read if read is None else read,
                saved=old.saved if saved is None else saved,
            )
            if new != old:
                changed.append(old)
                self._rows[row] = new
                index = self.index(row)
                emit(self.dataChanged, index, index)
        return changed

    def merge_head(self, head: Sequence[Article]) -> int:
        """Merge a fresh first stretch of the query's results: new articles are inserted at their
        place (newest first), known ones take the stored state. Returns how many were inserted."""
        self.update_articles(a for a in head if self.row_of(a.id) is not None)
        fresh = sorted(
            (a for a in _unique(head) if self.row_of(a.id) is None), key=_order_key, reverse=True
        )
        if not fresh:
            return 0
        inserted = 0
        row = 0
        pending = list(fresh)
        while pending:
            # Find the first row older than the newest pending article.
            while row < len(self._rows) and _order_key(self._rows[row]) > _order_key(pending[0]):
                row += 1
            run = []
            limit = _order_key(self._rows[row]) if row < len(self._rows) else None
            while pending and (limit is None or _order_key(pending[0]) > limit):
                run.append(pending.pop(0))
            self.beginInsertRows(QModelIndex(), row, row + len(run) - 1)
            self._rows[row:row] = run
            self._ids = None
            self.endInsertRows()
            row += len(run)
            inserted += len(run)
        return inserted

    # -- paging ------------------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = NO_PARENT) -> bool:
        return not parent.isValid() and self._has_more

    def fetchMore(self, parent: AnyIndex = NO_PARENT) -> None:
        if parent.isValid() or not self._has_more or self._fetch is None:
            return
        page = self._fetch(self.matching_rows(), self.page_size)
        self._has_more = len(page) >= self.page_size
        known = {a.id for a in self._rows}
        new = [a for a in _unique(page) if a.id not in known]
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self._ids = None
        self.endInsertRows()

    # -- QAbstractListModel ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        article = self.article(index.row())
        if article is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, ArticleRole.TITLE):
            return plain_line(article.title, 400) or "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(article.title)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return plain_line(f"{article.title}, {article.feed_title}", 500)
        if role == ArticleRole.ARTICLE:
            return article
        if role == ArticleRole.ID:
            return article.id
        if role == ArticleRole.SOURCE:
            return plain_line(article.feed_title, 200)
        if role == ArticleRole.SECTION:
            return plain_line(article.folder, 200)
        if role == ArticleRole.TIME:
            return article.published or article.sort_time
        if role == ArticleRole.LEAD:
            return plain_line(self._snippets.get(article.id) or article.summary, 600)
        if role == ArticleRole.THUMBNAIL:
            return article.thumbnail or ""
        if role == ArticleRole.READ:
            return article.read
        if role == ArticleRole.SAVED:
            return article.saved
        if role == ArticleRole.LINK:
            return article.link or ""
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({int(r): QByteArray(r.name.lower().encode()) for r in ArticleRole})
        return names


def _unique(articles: Iterable[Article]) -> list[Article]:
    seen: set[int] = set()
    out = []
    for a in articles:
        if a.id not in seen:
            seen.add(a.id)
            out.append(a)
    return out
