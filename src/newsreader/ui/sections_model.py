"""The sections pane's model: smart views, then folders holding feeds, then feeds outside folders.

A `Section` names what the article list shows and turns into an `ArticleQuery`. The model is
refreshed from `Library.feeds()`/`folders()`/`totals()`: when only counts or errors changed it
emits `dataChanged` for those rows (the selection and expansion stay); when feeds were added,
removed, moved or renamed it resets, and the view restores its selection by section key.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Literal, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from newsreader.core.library import Library
from newsreader.core.models import Account, ArticleQuery, Feed, Folder, SavedSearch
from newsreader.ui.network_errors import describe_error_text
from newsreader.ui.signals import emit
from newsreader.ui.text import plain_line, plain_tooltip

SectionKind = Literal["latest", "unread", "saved", "search", "folder", "feed", "account"]
SMART_KINDS: tuple[SectionKind, ...] = ("latest", "unread", "saved")
AnyIndex = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()  # the invisible root, as a default argument
# dataChanged signals sent per event-loop turn; the rest follow in the next turns. Each one makes
# the tree view call back into Python for every row of its range, and while a refresh keeps a
# worker busy in Python each call back waits for the interpreter lock (docs/perf.md).
CHANGES_PER_TURN = 16


@dataclass(frozen=True, slots=True)
class Section:
    """Something the article list can show."""

    kind: SectionKind
    feed_id: int | None = None
    folder: str | None = None  # folder name (for "folder"; the feed's folder for "feed")
    folder_id: int | None = None
    search_id: int | None = None  # a saved search ("search")
    search: str | None = None  # its FTS5 expression
    account_id: int | None = None  # a sync account, or a folder of one (None: local)

    @property
    def key(self) -> str:
        if self.kind == "search":
            return f"search:{self.search_id}"
        if self.kind == "feed":
            return f"feed:{self.feed_id}"
        if self.kind == "account":
            return f"account:{self.account_id}"
        if self.kind == "folder" and self.account_id is not None:
            return f"account:{self.account_id}/folder:{self.folder}"
        if self.kind == "folder":
            return f"folder:{self.folder}"
        return self.kind

    @property
    def is_smart(self) -> bool:
        return self.kind in SMART_KINDS

    def query(self) -> ArticleQuery:
        if self.kind == "unread":
            return ArticleQuery(unread=True)
        if self.kind == "saved":
            return ArticleQuery(saved=True)
        if self.kind == "account":
            return ArticleQuery(account_id=self.account_id)
        if self.kind == "folder":
            return ArticleQuery(folder=self.folder, account_id=self.account_id)
        if self.kind == "feed":
            return ArticleQuery(feed_id=self.feed_id)
        if self.kind == "search":
            return ArticleQuery(search=self.search or '""')
        return ArticleQuery()

    @staticmethod
    def from_key(key: str) -> Section | None:
        if key in SMART_KINDS:
            return Section(key)
        kind, _, rest = key.partition(":")
        if kind == "feed" and rest.isdigit():
            return Section("feed", feed_id=int(rest))
        if kind == "folder" and rest:
            return Section("folder", folder=rest)
        if kind == "account":
            account, _, folder = rest.partition("/folder:")
            if account.isdigit():
                if folder:
                    return Section("folder", folder=folder, account_id=int(account))
                return Section("account", account_id=int(account))
        return None


LATEST = Section("latest")
UNREAD = Section("unread")
SAVED = Section("saved")


class SectionRole(IntEnum):
    SECTION = Qt.ItemDataRole.UserRole + 1  # Section
    KEY = Qt.ItemDataRole.UserRole + 2  # str
    KIND = Qt.ItemDataRole.UserRole + 3  # str
    UNREAD = Qt.ItemDataRole.UserRole + 4  # int
    COUNT = Qt.ItemDataRole.UserRole + 5  # int: the number shown next to the name (0 = none)
    ERROR = Qt.ItemDataRole.UserRole + 6  # str: the feed's last error, "" if none
    ICON_NAME = Qt.ItemDataRole.UserRole + 7  # str: resources/icons name
    FEED_ID = Qt.ItemDataRole.UserRole + 8  # int, -1 for non-feeds
    FEED_ICON = Qt.ItemDataRole.UserRole + 9  # str: the feed icon's image-cache URL, "" if none


@dataclass(eq=False, slots=True)
class _Node:
    uid: int
    section: Section
    title: str
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    unread: int = 0
    total: int = 0
    error: str = ""
    url: str = ""
    notice: str = ""  # e.g. the feed answers with no articles
    site_url: str = ""
    icon: str = ""  # the feed icon's image-cache URL

    def row(self) -> int:
        siblings = self.parent.children if self.parent is not None else []
        return siblings.index(self)

    def walk(self) -> Iterator[_Node]:
        for child in self.children:
            yield child
            yield from child.walk()


def _smart_title(kind: SectionKind) -> str:
    return {
        "latest": QCoreApplication.translate("Sections", "Latest"),
        "unread": QCoreApplication.translate("Sections", "Unread"),
        "saved": QCoreApplication.translate("Sections", "Saved"),
    }.get(kind, "")


def read_only_text() -> str:
    return QCoreApplication.translate(
        "Sections", "A Fever server's subscriptions can only be changed on the server itself."
    )


class SectionsModel(QAbstractItemModel):
    """Tree of sections with unread counts; roles in `SectionRole`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._uids: dict[str, int] = {}
        self._next_uid = itertools.count(1)
        self._by_uid: dict[int, _Node] = {}
        self._root = _Node(0, LATEST, "")
        self._feeds: list[Feed] = []
        self._folders: list[Folder] = []
        self._accounts: list[Account] = []
        self._totals = (0, 0, 0)
        self._searches: list[SavedSearch] = []
        self._shown_shape: tuple[object, ...] | None = None  # `_shape` of what is shown
        self._pending_changes: list[tuple[int, int, int]] = []  # (parent uid, first, last row)
        self._changes_timer = QTimer(self)
        self._changes_timer.setSingleShot(True)
        self._changes_timer.setInterval(0)
        self._changes_timer.timeout.connect(self._send_changes)
        self._build()

    # -- building ------------------------------------------------------------------------

    def _uid(self, key: str) -> int:
        uid = self._uids.get(key)
        if uid is None:
            uid = self._uids[key] = next(self._next_uid)
        return uid

    def _node(self, section: Section, title: str, parent: _Node) -> _Node:
        node = _Node(self._uid(section.key), section, title, parent)
        parent.children.append(node)
        self._by_uid[node.uid] = node
        return node

    def _build(self) -> None:
        self._by_uid = {}
        root = self._root = _Node(0, LATEST, "")
        for kind in SMART_KINDS:
            self._node(Section(kind), _smart_title(kind), root)
        for search in self._searches:  # saved searches, after the smart views
            section = Section("search", search_id=search.id, search=search.match)
            self._node(section, plain_line(search.name, 200), root)
        folder_nodes: dict[str, _Node] = {}
        for folder in self._folders:
            section = Section("folder", folder=folder.name, folder_id=folder.id)
            folder_nodes[folder.name] = self._node(section, plain_line(folder.name, 200), root)
        loose: list[Feed] = []
        for feed in self._feeds:
            if feed.account_id is not None:
                continue  # under its account, below
            if feed.folder is not None and feed.folder not in folder_nodes:
                section = Section("folder", folder=feed.folder, folder_id=feed.folder_id)
                folder_nodes[feed.folder] = self._node(section, plain_line(feed.folder, 200), root)
            if feed.folder is None:
                loose.append(feed)
                continue
            self._feed_node(feed, folder_nodes[feed.folder])
        for feed in loose:
            self._feed_node(feed, root)
        self._build_accounts(root)
        self._apply_counts()

    def _build_accounts(self, root: _Node) -> None:
        """Each sync account a top-level group: its folders with their feeds, then the rest."""
        for account in self._accounts:
            group = self._node(
                Section("account", account_id=account.id), plain_line(account.name, 200), root
            )
            group.url = account.url
            feeds = [f for f in self._feeds if f.account_id == account.id]
            folders: dict[str, _Node] = {}
            for feed in sorted(feeds, key=lambda f: (f.folder or "").casefold()):
                if feed.folder and feed.folder not in folders:
                    section = Section("folder", folder=feed.folder, account_id=account.id)
                    folders[feed.folder] = self._node(section, plain_line(feed.folder, 200), group)
            for feed in feeds:
                self._feed_node(feed, folders[feed.folder] if feed.folder else group)

    def _feed_node(self, feed: Feed, parent: _Node) -> _Node:
        section = Section("feed", feed_id=feed.id, folder=feed.folder, folder_id=feed.folder_id)
        node = self._node(section, plain_line(feed.title or feed.url, 200), parent)
        node.url = feed.url
        return node

    def _apply_counts(self, nodes: list[_Node] | None = None) -> None:
        """Copy counts and errors from the stored feeds and totals onto the nodes (`nodes`:
        every node, in `walk` order, when the caller has them)."""
        by_id = {f.id: f for f in self._feeds}
        searches = {s.id: s for s in self._searches}
        folders = {f.id: f for f in self._folders}
        total, unread, saved = self._totals
        nodes = list(self._root.walk()) if nodes is None else nodes
        for node in nodes:  # feeds first: folders add up their children
            feed = by_id.get(node.section.feed_id or -1) if node.section.kind == "feed" else None
            if feed is not None:
                node.unread, node.total = feed.unread, feed.total
                shown = describe_error_text(feed.last_error) if feed.last_error else ""
                node.error = plain_line(shown, 500)
                node.notice = "" if feed.last_error or not feed.notice else "empty"
                node.site_url = feed.site_url or ""
                node.icon = Library.feed_icon(feed) or ""
        for node in nodes:
            kind = node.section.kind
            if kind == "folder":
                # Stories: a story in two of the folder's feeds counts once.
                copies = folders.get(node.section.folder_id or -1)
                node.unread = sum(c.unread for c in node.children)
                node.total = sum(c.total for c in node.children)
                if copies is not None:
                    node.unread = max(0, node.unread - copies.copies_unread)
                    node.total = max(0, node.total - copies.copies_total)
                failed = sum(1 for c in node.children if c.error)
                node.error = (
                    QCoreApplication.translate(
                        "Sections", "%n feeds failed to refresh", None, failed
                    )
                    if failed
                    else ""
                )
            elif kind == "account":
                continue  # below, once its folders have their sums
            elif kind == "latest":
                node.unread, node.total = unread, total
            elif kind == "unread":
                node.unread, node.total = unread, unread
            elif kind == "saved":
                node.unread, node.total = 0, saved
            elif kind == "search" and node.section.search_id in searches:
                found = searches[node.section.search_id or 0]
                node.unread, node.total = found.unread, found.total
        accounts = {a.id: a for a in self._accounts}
        for node in self._root.children:
            if node.section.kind == "account":
                node.unread = sum(c.unread for c in node.children)
                node.total = sum(c.total for c in node.children)
                account = accounts.get(node.section.account_id or -1)
                error = account.last_error if account is not None else None
                node.error = plain_line(describe_error_text(error), 500) if error else ""

    @staticmethod
    def _shape(
        feeds: Sequence[Feed],
        folders: Sequence[Folder],
        accounts: Sequence[Account],
        searches: Sequence[SavedSearch] = (),
    ) -> tuple[object, ...]:
        return (
            tuple((f.name, f.id) for f in folders),
            tuple((f.id, f.folder, f.title, f.url, f.account_id) for f in feeds),
            tuple((a.id, a.name) for a in accounts),
            tuple((s.id, s.name, s.match) for s in searches),
        )

    def set_library_state(
        self,
        feeds: Sequence[Feed],
        folders: Sequence[Folder],
        totals: tuple[int, int, int],
        accounts: Sequence[Account] | None = None,
        searches: Sequence[SavedSearch] | None = None,
    ) -> None:
        """Show these feeds and counts, with the least disruptive change signals (`accounts`:
        the sync accounts, each a group; `searches`: the saved searches; None keeps the ones
        shown)."""
        accounts = list(self._accounts if accounts is None else accounts)
        searches = list(self._searches if searches is None else searches)
        shape = self._shape(feeds, folders, accounts, searches)
        if self._shown_shape is None:
            self._shown_shape = self._shape(
                self._feeds, self._folders, self._accounts, self._searches
            )
        same_shape = shape == self._shown_shape
        self._feeds, self._folders, self._totals = list(feeds), list(folders), totals
        self._accounts = accounts
        self._searches = searches
        self._shown_shape = shape
        if not same_shape:
            self.beginResetModel()
            self._pending_changes = []
            self._build()
            self.endResetModel()
            return
        nodes = list(self._root.walk())
        before = [(n.unread, n.total, n.error, n.icon) for n in nodes]
        self._apply_counts(nodes)
        # One dataChanged per changed row (a range would make the tree view measure every row
        # in it, changed or not: it asks the delegate's size hint of each), a few per turn.
        self._pending_changes += [
            (node.parent.uid, row, row)
            for node, old in zip(nodes, before, strict=True)
            if old != (node.unread, node.total, node.error, node.icon) and node.parent is not None
            for row in (node.row(),)
        ]
        self._send_changes()

    def _send_changes(self) -> None:
        """Send up to CHANGES_PER_TURN of the pending dataChanged signals (the data itself is
        already new: the view only learns which rows to repaint); the rest next turn."""
        now = self._pending_changes[:CHANGES_PER_TURN]
        del self._pending_changes[:CHANGES_PER_TURN]
        for parent_uid, first, last in now:
            parent = self._root if parent_uid == 0 else self._by_uid.get(parent_uid)
            if parent is None or last >= len(parent.children):
                continue  # rebuilt meanwhile (a reset told the view everything)
            emit(
                self.dataChanged,
                self.createIndex(first, 0, parent.children[first].uid),
                self.createIndex(last, 0, parent.children[last].uid),
            )
        if self._pending_changes:
            self._changes_timer.start()

    def adjust_counts(self, feed_deltas: dict[int, int], saved_delta: int = 0) -> None:
        """Apply local changes at once (the user marked articles) until the next full update."""
        if not feed_deltas and not saved_delta:
            return
        feeds = []
        for feed in self._feeds:
            delta = feed_deltas.get(feed.id, 0)
            if delta:
                feed = replace(feed, unread=max(0, feed.unread + delta))
            feeds.append(feed)
        total, unread, saved = self._totals
        unread = max(0, unread + sum(feed_deltas.values()))
        self.set_library_state(feeds, self._folders, (total, unread, max(0, saved + saved_delta)))

    # -- queries -------------------------------------------------------------------------

    @property
    def feeds(self) -> list[Feed]:
        return list(self._feeds)

    @property
    def folders(self) -> list[Folder]:
        return list(self._folders)

    @property
    def read_only_accounts(self) -> set[int]:
        """Accounts whose subscriptions only their server changes (Fever)."""
        return {a.id for a in self._accounts if a.kind == "fever"}

    @property
    def totals(self) -> tuple[int, int, int]:
        return self._totals

    @property
    def searches(self) -> list[SavedSearch]:
        return list(self._searches)

    def feed_count(self) -> int:
        return len(self._feeds)

    def section(self, index: AnyIndex) -> Section | None:
        node = self._node_at(index)
        return node.section if node is not None else None

    def index_for_key(self, key: str) -> QModelIndex:
        uid = self._uids.get(key)
        node = self._by_uid.get(uid) if uid is not None else None
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node.uid)

    def unread_of(self, key: str) -> int:
        uid = self._uids.get(key)
        node = self._by_uid.get(uid) if uid is not None else None
        return node.unread if node is not None else 0

    def sections_in_order(self) -> list[Section]:
        """Every section, top to bottom as the tree shows them (folders before their feeds)."""
        return [n.section for n in self._root.walk()]

    def feed_ids_of(self, section: Section) -> list[int] | None:
        """The feeds a refresh of `section` covers (None = all)."""
        if section.kind == "feed" and section.feed_id is not None:
            return [section.feed_id]
        if section.kind == "folder":
            return [
                f.id
                for f in self._feeds
                if f.folder == section.folder and f.account_id == section.account_id
            ]
        if section.kind == "account":
            return None  # a sync account is synced by the refresh of everything
        return None

    def _node_at(self, index: AnyIndex) -> _Node | None:
        if not index.isValid():
            return None
        return self._by_uid.get(index.internalId())

    # -- QAbstractItemModel ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = NO_PARENT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        node = self._node_at(parent) if parent.isValid() else self._root
        if node is None or row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row].uid)

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: AnyIndex) -> QModelIndex: ...

    def parent(self, child: AnyIndex | None = None) -> QModelIndex | QObject | None:
        if child is None:
            return super().parent()
        node = self._node_at(child)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row(), 0, node.parent.uid)

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        if parent.column() > 0:
            return 0
        node = self._node_at(parent) if parent.isValid() else self._root
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 1

    def hasChildren(self, parent: AnyIndex = NO_PARENT) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        node = self._node_at(index)
        if node is None:
            return None
        kind = node.section.kind
        if role == Qt.ItemDataRole.DisplayRole:
            return node.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{node.title}, {node.unread}" if node.unread else node.title
        if role == SectionRole.SECTION:
            return node.section
        if role == SectionRole.KEY:
            return node.section.key
        if role == SectionRole.KIND:
            return kind
        if role == SectionRole.UNREAD:
            return node.unread
        if role == SectionRole.COUNT:
            return node.total if kind in ("latest", "saved") else node.unread
        if role == SectionRole.ERROR:
            return node.error
        if role == SectionRole.ICON_NAME:
            if node.error and kind in ("feed", "account"):
                return "error"
            if kind == "account":
                return "folder"
            return {"latest": "latest", "unread": "unread", "saved": "star"}.get(kind, kind)
        if role == SectionRole.FEED_ICON:
            return node.icon
        if role == SectionRole.FEED_ID:
            return node.section.feed_id if node.section.feed_id is not None else -1
        return None

    def _tooltip(self, node: _Node) -> str:
        lines = [node.title]
        if node.url:
            lines.append(node.url)
        if node.section.kind in ("feed", "folder", "account"):
            lines.append(QCoreApplication.translate("Sections", "%n unread", None, node.unread))
        if node.section.kind == "account" and any(
            a.kind == "fever" and a.id == node.section.account_id for a in self._accounts
        ):
            lines.append(read_only_text())
        if node.error:
            lines.append(
                QCoreApplication.translate("Sections", "Last refresh failed: %1").replace(
                    "%1", node.error
                )
            )
        elif node.notice:
            lines.append(
                QCoreApplication.translate(
                    "Sections",
                    "This feed has no articles: the site may list them only on its web pages."
                    " Right-click → Add the site's sections.",
                )
            )
        return plain_tooltip("\n".join(lines))

    def empty_feed_site(self, index: QModelIndex) -> str | None:
        """The site address of an empty feed at `index` (to offer its sections), else None."""
        node = self._node_at(index)
        if node is None or not node.notice:
            return None
        return node.site_url or node.url or None

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({int(r): QByteArray(r.name.lower().encode()) for r in SectionRole})
        return names
