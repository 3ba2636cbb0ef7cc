"""The article list's model: one page at a time, newest first, with fine-grained updates.

`show` replaces the list with a first page and a function that reads the next ones
(`canFetchMore`/`fetchMore` page through 100,000 articles without loading them). Reading state
changes are `dataChanged` on one row; new articles from a refresh are merged in place with
`beginInsertRows` (`merge_head`), so the view keeps its selection and scroll position.

Paging is by key, not by offset: the next page is the articles after the last paged one in list
order (`ArticleQuery.after`), so page 500 costs what page 1 costs, and in "Unread" rows the user
has read meanwhile stay visible without shifting where the next page starts.

The rows held are bounded: a window of the list around what the reader sees. The view
(`views.ArticleListView`) asks the model to drop pages far above or below the viewport
(`drop_above`, `drop_below`) and to read back the page above when the reader scrolls up to the
window's first row (`fetch_above`, `ArticleQuery.before`: by key too). So the view's layout,
which Qt redoes over every row on each insert, costs the same at row 100,000 as at row 0.

Merging a re-read head is split in two so the costly part can run off the GUI thread:
`diff_head` (pure, any thread) compares the re-read articles with a snapshot of the rows;
`apply_head` (GUI thread) applies only what changed.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
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
CATCH_UP_PAGES = 20  # fetchMore reads at most this many pages of already loaded rows
WINDOW_ROWS = 800  # rows held before pages far from the viewport are dropped
HARD_WINDOW_ROWS = 5000  # beyond this, the current row no longer keeps its page held
ALL_ARTICLES = ArticleQuery()
PageKey = tuple[int, int]
PageFetcher = Callable[[PageKey | None, int], list[Article]]  # (after, limit) -> articles
LeadFor = Callable[[Article], str | None]  # a row's lead instead of the summary (None: summary)
AnyIndex = QModelIndex | QPersistentModelIndex
_Shown = tuple[Article, str, str, str, str]  # the article, its title, source, section, summary
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


def _ascending_key(article: Article) -> tuple[float, int]:
    """Ascending along the list (which is newest first), for `bisect`."""
    return (-article.sort_time.timestamp(), -article.id)


@dataclass(frozen=True, slots=True)
class HeadDiff:
    """What a re-read head changes in a snapshot of the rows (see `diff_head`)."""

    changed: list[tuple[Article, Article]]  # (the snapshot's row, its re-read version)
    fresh: list[Article]  # not in the snapshot, newest first
    # When the head was cut off by its limit: the last re-read article's `page_key` (articles
    # older than it may have arrived between loaded rows too: see `apply_head`).
    end: PageKey | None = None

    @property
    def changes(self) -> bool:
        return bool(self.changed or self.fresh or self.end is not None)


def diff_head(
    rows: Sequence[Article], head: Sequence[Article], limit: int | None = None
) -> HeadDiff:
    """Compare re-read articles (the first `limit` of the list) with `rows` (a snapshot of the
    model's rows). Pure: runs in a worker so the GUI thread only applies rows that differ."""
    by_id = {a.id: a for a in rows}
    changed: list[tuple[Article, Article]] = []
    fresh: list[Article] = []
    for article in _unique(head):
        article = replace(article, content_html=None) if article.content_html else article
        old = by_id.get(article.id)
        if old is None:
            fresh.append(article)
        elif old != article:
            changed.append((old, article))
    fresh.sort(key=_order_key, reverse=True)
    end = head[-1].page_key if head and limit is not None and len(head) >= limit else None
    return HeadDiff(changed, fresh, end)


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
        self._cursor: PageKey | None = None  # the next page starts after this place
        self._query = ArticleQuery()
        self._has_more = False
        self._lead_for: LeadFor | None = None
        self._leads: dict[int, str] = {}  # id -> the lead shown, made by `_lead_for` when drawn
        self._texts: dict[int, _Shown] = {}  # id -> the texts a row shows (see `_shown`)
        self._fetch_before: PageFetcher | None = None  # (before, limit) -> the rows above
        self._more_above = False  # rows above the first were dropped (fetch_above reads them)
        self.rows_above = 0  # how many, as counted while paging (new articles not included)

    # -- content ---------------------------------------------------------------------------

    def show(
        self,
        articles: Sequence[Article],
        fetch_page: PageFetcher | None = None,
        query: ArticleQuery = ALL_ARTICLES,
        *,
        lead_for: LeadFor | None = None,
        fetch_before: PageFetcher | None = None,
    ) -> None:
        """Replace the list with `articles` (a first page when `fetch_page` reads more).
        `lead_for` gives the text a row shows instead of its article's summary (a search
        snippet; None: the summary), asked once per article when its row is first drawn.
        `fetch_before(key, limit)` reads the `limit` articles just above `key` (in list
        order): with it, rows far above the viewport may be dropped and read again."""
        self.beginResetModel()
        self._rows = _unique(articles)
        self._ids = None
        self._fetch = fetch_page
        self._cursor = self._rows[-1].page_key if self._rows else None
        self._query = query
        self._has_more = fetch_page is not None and len(articles) >= self.page_size
        self._lead_for = lead_for
        self._leads = {}
        self._texts = {}
        self._fetch_before = fetch_before if fetch_page is not None else None
        self._more_above = False
        self.rows_above = 0
        self.endResetModel()

    @property
    def query(self) -> ArticleQuery:
        return self._query

    @property
    def is_paged(self) -> bool:
        return self._fetch is not None

    def _lead(self, article: Article) -> str:
        if self._lead_for is None:
            return self._shown(article)[4]
        lead = self._leads.get(article.id)
        if lead is None:
            lead = plain_line(self._lead_for(article) or article.summary, 600)
            self._leads[article.id] = lead
        return lead

    def _shown(self, article: Article) -> _Shown:
        """A row's cleaned texts, made once per article version (each paint asks for them)."""
        found = self._texts.get(article.id)
        if found is None or found[0] is not article:
            if len(self._texts) > 4 * WINDOW_ROWS:
                self._texts.clear()
            found = self._texts[article.id] = (
                article,
                plain_line(article.title, 400) or "—",
                plain_line(article.feed_title, 200),
                plain_line(article.folder, 200),
                plain_line(article.summary, 600),
            )
        return found

    def article(self, row: int) -> Article | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def articles(self) -> list[Article]:
        return list(self._rows)

    def _id_map(self) -> dict[int, int]:
        if self._ids is None:
            self._ids = {a.id: i for i, a in enumerate(self._rows)}
        return self._ids

    def row_of(self, article_id: int) -> int | None:
        return self._id_map().get(article_id)

    def matching_rows(self) -> int:
        """Loaded rows that still match the query (in "Unread", rows read meanwhile stay listed)."""
        return sum(1 for a in self._rows if matches(self._query, a))

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

    def take_out(self, feed_ids: set[int]) -> list[Article]:
        """Remove the rows of these feeds (one `rowsRemoved` per run of rows); returns them,
        for `put_back`."""
        taken: list[Article] = []
        row = len(self._rows) - 1
        while row >= 0:
            if self._rows[row].feed_id not in feed_ids:
                row -= 1
                continue
            end = row
            while row > 0 and self._rows[row - 1].feed_id in feed_ids:
                row -= 1
            self.beginRemoveRows(NO_PARENT, row, end)
            taken[0:0] = self._rows[row : end + 1]
            del self._rows[row : end + 1]
            self._ids = None
            self.endRemoveRows()
            row -= 1
        return taken

    def put_back(self, articles: Iterable[Article]) -> int:
        """Insert rows `take_out` removed (those not listed again meanwhile) at their places."""
        back = [a for a in _unique(articles) if self.row_of(a.id) is None]
        if self._more_above and self._rows:  # above the window: read when scrolled to
            top = _ascending_key(self._rows[0])
            back = [a for a in back if _ascending_key(a) > top]
        back.sort(key=_order_key, reverse=True)
        return self._insert_in_order(back)

    def snapshot(self) -> tuple[Article, ...]:
        """The rows as they are now, for `diff_head` in another thread."""
        return tuple(self._rows)

    def merge_head(self, head: Sequence[Article]) -> int:
        """Merge a fresh first stretch of the query's results: new articles are inserted at their
        place (newest first), known ones take the stored state. Returns how many were inserted."""
        return self.apply_head(diff_head(self._rows, head))  # (untrimmed: rows stay)

    def apply_head(self, diff: HeadDiff) -> int:
        """Apply a `diff_head` result (computed from an earlier snapshot): rows still as they
        were in the snapshot take the re-read version; new articles are inserted in order, one
        `rowsInserted` per run. Returns how many rows were inserted.

        When the head was cut off (`diff.end`), articles older than its end may have arrived
        between loaded rows too: paging goes back to that point (known rows are skipped)."""
        for old, new in diff.changed:
            row = self.row_of(new.id)
            if row is None or self._rows[row] is not old:
                continue  # changed here meanwhile (the user's edit wins; a sync follows)
            self._rows[row] = new
            index = self.index(row)
            emit(self.dataChanged, index, index)
        fresh = [a for a in diff.fresh if self.row_of(a.id) is None]
        if self._more_above and self._rows:  # newer than the window: read when scrolled to
            top = _ascending_key(self._rows[0])
            fresh = [a for a in fresh if _ascending_key(a) > top]
        if self._has_more and self._fetch is not None and self._cursor is not None and self._rows:
            # Older than every row held and than where paging goes on: paging brings them, and
            # the window would drop them again at once (a refresh's last sync has thousands).
            below = min(self._cursor, self._rows[-1].page_key)
            fresh = [a for a in fresh if a.page_key > below]
        inserted = self._insert_in_order(fresh)
        newer = diff.end is not None and (self._cursor is None or diff.end > self._cursor)
        if newer and self._fetch is not None:  # diff.end is a newer place in the list
            self._cursor = diff.end
            self._has_more = True
        return inserted

    def _insert_in_order(self, fresh: list[Article]) -> int:
        """Insert articles (newest first, none of them loaded) at their places."""
        if not fresh:
            return 0
        rows = self._rows
        if not rows or _ascending_key(fresh[0]) > _ascending_key(rows[-1]):
            places = [len(rows)] * len(fresh)  # all older than the last row: one append
        else:
            places = [
                bisect.bisect_left(rows, _ascending_key(a), key=_ascending_key) for a in fresh
            ]
        runs: list[tuple[int, list[Article]]] = []
        for place, article in zip(places, fresh, strict=True):
            if runs and runs[-1][0] == place:
                runs[-1][1].append(article)
            else:
                runs.append((place, [article]))
        shift = 0
        for place, run in runs:
            row = place + shift
            self.beginInsertRows(QModelIndex(), row, row + len(run) - 1)
            rows[row:row] = run
            if row == len(rows) - len(run) and self._ids is not None:
                for i, article in enumerate(run, row):
                    self._ids[article.id] = i
            else:
                self._ids = None
            self.endInsertRows()
            shift += len(run)
        return shift

    # -- paging ------------------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = NO_PARENT) -> bool:
        return not parent.isValid() and self._has_more

    def fetchMore(self, parent: AnyIndex = NO_PARENT) -> None:
        if parent.isValid() or not self._has_more or self._fetch is None:
            return
        for _ in range(CATCH_UP_PAGES):  # pages of known rows (after a cut-off head) are skipped
            page = self._fetch(self._cursor, self.page_size)
            self._has_more = len(page) >= self.page_size
            if page:
                self._cursor = page[-1].page_key
            ids = self._id_map()
            new = sorted(
                (a for a in _unique(page) if a.id not in ids), key=_order_key, reverse=True
            )
            if new or not self._has_more:
                self._insert_in_order(new)
                return

    # -- the window of rows held -------------------------------------------------------------

    @property
    def more_above(self) -> bool:
        """Rows above the first were dropped (`fetch_above` reads them back)."""
        return self._more_above

    @property
    def window_after(self) -> PageKey | None:
        """Where the rows held start, as an `ArticleQuery.after` that includes the first row
        (None: at the top of the list). A sync re-reads the list from there."""
        if not self._more_above or not self._rows:
            return None
        time, article_id = self._rows[0].page_key
        return time, article_id + 1

    def fetch_above(self) -> int:
        """Read back the page above the first row (dropped earlier); returns the rows inserted
        at the top (the caller keeps the reader's place: `ArticleListView.keep_anchor`)."""
        if not self._more_above or self._fetch_before is None or not self._rows:
            return 0
        page = self._fetch_before(self._rows[0].page_key, self.page_size)
        near = {a.id for a in self._rows[: self.page_size]}  # (no id map rebuilt per page)
        new = [a for a in _unique(page) if a.id not in near]
        if len(page) < self.page_size:
            self._more_above = False
            self.rows_above = 0
        if not new:
            return 0
        self.beginInsertRows(NO_PARENT, 0, len(new) - 1)
        self._rows[0:0] = new
        self._ids = None
        self.endInsertRows()
        self.rows_above = max(0, self.rows_above - len(new)) if self._more_above else 0
        return len(new)

    def restart_at_top(self) -> bool:
        """Hold the list's first page again in place of the window (Home far down the list);
        False when the window already starts at the top."""
        if not self._more_above or self._fetch is None:
            return False
        page = _unique(self._fetch(None, self.page_size))
        if self._rows:
            self.beginRemoveRows(NO_PARENT, 0, len(self._rows) - 1)
            self._rows = []
            self._ids = None
            self.endRemoveRows()
        self._more_above = False
        self.rows_above = 0
        self._has_more = len(page) >= self.page_size
        self._cursor = page[-1].page_key if page else None
        if page:
            self.beginInsertRows(NO_PARENT, 0, len(page) - 1)
            self._rows = page
            self.endInsertRows()
        return True

    def _droppable(self, count: int, keep: int | None) -> int:
        """How many rows may go from one end: whole pages, none while the window is small, and
        not the row `keep` (the current one) unless the window grew very large."""
        if self._fetch is None or len(self._rows) <= WINDOW_ROWS:
            return 0
        if keep is not None and len(self._rows) <= HARD_WINDOW_ROWS:
            count = min(count, keep)
        return count // self.page_size * self.page_size

    def drop_above(self, first_kept: int, keep: int | None = None) -> int:
        """Drop rows above `first_kept` when the window holds too many (in whole pages; the
        row `keep` stays, see `_droppable`). Returns how many rows went."""
        if self._fetch_before is None:
            return 0
        count = self._droppable(first_kept, keep)
        if count <= 0:
            return 0
        self.beginRemoveRows(NO_PARENT, 0, count - 1)
        del self._rows[:count]
        self._ids = None
        self._more_above = True
        self.rows_above += count
        self.endRemoveRows()
        return count

    def drop_below(self, last_kept: int, keep: int | None = None) -> int:
        """Drop rows below `last_kept` when the window holds too many (paging reads them again).
        Returns how many rows went."""
        below = len(self._rows) - 1 - last_kept
        flipped = None if keep is None else len(self._rows) - 1 - keep
        count = self._droppable(below, flipped)
        if count <= 0:
            return 0
        start = len(self._rows) - count
        self.beginRemoveRows(NO_PARENT, start, len(self._rows) - 1)
        del self._rows[start:]
        self._ids = None
        self._cursor = self._rows[-1].page_key
        self._has_more = True
        self.endRemoveRows()
        return count

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
            return self._shown(article)[1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(article.title)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return plain_line(f"{article.title}, {article.feed_title}", 500)
        if role == ArticleRole.ARTICLE:
            return article
        if role == ArticleRole.ID:
            return article.id
        if role == ArticleRole.SOURCE:
            return self._shown(article)[2]
        if role == ArticleRole.SECTION:
            return self._shown(article)[3]
        if role == ArticleRole.TIME:
            return article.published or article.sort_time
        if role == ArticleRole.LEAD:
            return self._lead(article)
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
