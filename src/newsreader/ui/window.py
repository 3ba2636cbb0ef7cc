"""The main window: sections | article list | article view, and every command's handler.

The window holds no data of its own beyond the two models; it reads through `Library` and does
slow or writing work in `Workers`. Reading state changes show at once (the models are updated
optimistically) and are written in the background, in order; counts and new articles are then
synchronised from the library without resetting the article list. All signals are wired in
`_wire`; every command is an `ActionSpec` in `actions.py` whose handler is a method here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QPalette,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsreader import APP_NAME, __version__
from newsreader.core.errors import NewsreaderError
from newsreader.core.library import NOTIFY_OPTION, Library
from newsreader.core.models import (
    Account,
    Article,
    ArticleQuery,
    Feed,
    Folder,
    RefreshResult,
    SavedSearch,
    SearchHit,
)
from newsreader.settings import SettingsStore
from newsreader.ui.article_delegate import ArticleDelegate
from newsreader.ui.article_html import labels_for_language
from newsreader.ui.article_view import ArticleView
from newsreader.ui.articles_model import (
    PAGE_SIZE,
    ArticleListModel,
    HeadDiff,
    PageKey,
    diff_head,
)
from newsreader.ui.first_paint import AfterFirstPaint
from newsreader.ui.history import ReadingHistory
from newsreader.ui.icons import IconSet
from newsreader.ui.messages import MessageBridge, describe_error
from newsreader.ui.network_errors import describe_error_text, describe_offline_reason
from newsreader.ui.panes import PaneLayout, first_window_size
from newsreader.ui.refresh import RefreshController
from newsreader.ui.sections_delegate import ICON as SECTION_ICON
from newsreader.ui.sections_delegate import SectionDelegate
from newsreader.ui.sections_model import LATEST, Section, SectionsModel
from newsreader.ui.signals import emit
from newsreader.ui.text import is_web_url, plain_line
from newsreader.ui.thumbnails import ThumbnailCache
from newsreader.ui.views import ArticleListView, SectionsView
from newsreader.ui.workers import Workers

if TYPE_CHECKING:  # the command helpers load when first used (start-up time: docs/perf.md)
    from newsreader.ui.banner import Banner
    from newsreader.ui.daily_commands import DailyCommands
    from newsreader.ui.desktop_menu import DesktopMenuCommands
    from newsreader.ui.enclosures import EnclosureCommands
    from newsreader.ui.full_article import FullArticleCommands
    from newsreader.ui.goto import GoToDialog
    from newsreader.ui.library_commands import LibraryCommands
    from newsreader.ui.prompts import Prompts
    from newsreader.ui.reading import ReadingCommands
    from newsreader.ui.search import SearchController
    from newsreader.ui.undo import UndoStack

log = logging.getLogger("newsreader.ui.window")
PRUNE_EVERY_SECONDS = 6 * 3600

UrlOpener = Callable[[QUrl], bool]
Clock = Callable[[], datetime]

SYNC_DELAY_MS = 400  # coalesce count updates while a refresh reports feed after feed
# A sync re-reads at most this many loaded rows (+ a page); paging goes back over the rest.
SYNC_HEAD_ROWS = 2_000
PROGRESS_EVERY_MS = 250  # refresh progress shown at most this often
DEFAULT_SPLIT = (250, 460, 730)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class LibraryState:
    """What a background sync read: the sections' data and a fresh head of the article list."""

    feeds: list[Feed]
    folders: list[Folder]
    totals: tuple[int, int, int]
    query: ArticleQuery | None
    head: HeadDiff | None  # the re-read head compared with the rows the list had
    accounts: list[Account] | None = None  # the sync accounts (groups of the sections pane)
    searches: list[SavedSearch] | None = None  # saved searches with their counts


class MainWindow(QMainWindow):
    """Three panes and the commands of `actions.ACTIONS`."""

    language_change_requested = Signal(str)  # the app rebuilds the window in that language
    theme_change_requested = Signal(str)
    library_synced = Signal()  # counts and list are up to date (tests wait on it)
    closed = Signal()  # really closed (not hidden to the tray, not replaced by a rebuilt window)
    commands_built = Signal()  # the second stage ran: menus, keys, search box, status bar
    after_first_paint: AfterFirstPaint  # made with the panes (see `_build`)
    section_shown = Signal(object)  # Section

    def __init__(
        self,
        library: Library,
        settings: SettingsStore,
        *,
        workers: Workers,
        refresher: RefreshController,
        messages: MessageBridge,
        image_workers: Workers | None = None,
        open_url: UrlOpener | None = None,
        prompts: Prompts | None = None,
        clock: Clock = utc_now,
        dark: bool = False,
        counts_later: bool = False,
        staged: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """With `counts_later` the feeds and counts (which scan every article) are read in a
        worker after construction, so the window shows with the first page of the list at once;
        `library_synced` tells when they are in.

        `staged` (the application's start): the window is built in two stages. The first
        makes what its first frame shows -- the three panes with the first page of the list;
        the second (`finish_building`, `commands_built` fires) runs once that frame is painted
        (`after_first_paint`) and adds the menus, the actions with their keys, the tool bar
        with the search box and the status bar. Without it both run here."""
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.workers = workers
        self.image_workers = image_workers or workers
        self.refresher = refresher
        self.messages = messages
        self.open_url: UrlOpener = open_url or QDesktopServices.openUrl
        self._prompts = prompts
        self.clock = clock
        self.dark = dark
        self.current_section: Section = LATEST
        self._last_prune: float | None = None
        self.search_active = False
        self._section_before_search: Section = LATEST
        self.local_edits = 0  # bumped by every optimistic change; a sync older than it re-runs
        self._sync_pending = False
        self._images_wanted: set[str] = set()
        self.shown_article_id: int | None = None
        self.history = ReadingHistory()  # back/forward through the articles read
        self.goto_dialog: GoToDialog | None = None
        self.hides_to_tray: Callable[[], bool] = lambda: False  # set by the app (ui/tray.py)
        self.replaced = False  # closed to make way for a rebuilt window: the app goes on
        self._quitting = False
        self._restoring_selection = False
        self._sync_again = False
        self._pane_sizes: list[int] = []
        self.hidden_feeds: set[int] = set()  # removed, but still undoable (see undo.py)
        self.hidden_folders: set[int] = set()
        self.library_loaded = not counts_later  # feeds and counts are in (else: "loading")
        self.offline = False  # the last refresh reached no feed at all
        self.commands_ready = False  # the second stage ran (see `finish_building`)
        self._held_message: tuple[str, bool, int] | None = None  # posted before the status bar

        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self._build()
        self._wire()
        self.section_shown.connect(self._title_for_section)
        if staged:  # first in the queue: before the sync and the app's own work
            self.after_first_paint.add(self.finish_building)
        else:
            self.finish_building()
        self._load_initial(counts_later)

    # == construction ==========================================================================

    def _icon_color(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _build(self) -> None:
        """The first stage: the three panes (what the first frame shows)."""
        s = self.settings.value
        self.icons = IconSet(self._icon_color(), scale=self.devicePixelRatioF())
        self.panes = PaneLayout(self, parent=self)

        # Sections pane.
        self.sections_model = SectionsModel(self)
        self.sections_view = SectionsView()
        self.sections_view.setModel(self.sections_model)
        self.feed_icons = ThumbnailCache(
            self.image_workers,
            getattr(self.library, "cached_image", None),
            size=QSize(SECTION_ICON, SECTION_ICON),
            scale=self.devicePixelRatioF(),
            parent=self,
        )
        self.sections_view.setItemDelegate(
            SectionDelegate(self.icons, self.sections_view, feed_icons=self.feed_icons)
        )

        # Article list.
        cached = getattr(self.library, "cached_image", None)
        fetch = getattr(self.library, "fetch_image", None)
        self.thumbnails = ThumbnailCache(
            self.image_workers, cached, fetch, scale=self.devicePixelRatioF(), parent=self
        )
        self.articles_model = ArticleListModel(self)
        self.article_list = ArticleListView()
        self.article_list.setModel(self.articles_model)
        self.article_delegate = ArticleDelegate(
            self.thumbnails, self.icons, self.clock, self.article_list
        )
        self.article_delegate.show_thumbnails = s.show_thumbnails
        self.article_list.setItemDelegate(self.article_delegate)

        # Article view.
        self.article_view = ArticleView(
            image_source=self._cached_image,
            link_opener=self._open_link,
            labels=labels_for_language(QLocale().name()),
        )
        self.article_view.set_text_scale(s.text_scale)
        self.article_view.set_dark(self.dark)
        self.article_view.setFrameShape(QFrame.Shape.NoFrame)
        # What can wait until the reader sees the window (ui/first_paint.py): any pane's paint
        # (the list's may be hidden, F8).
        self.after_first_paint = AfterFirstPaint(
            self.sections_view.viewport(),
            self.article_list.viewport(),
            self.article_view.viewport(),
            parent=self,
        )

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("panes")
        self.splitter.setHandleWidth(1)
        self.splitter.setChildrenCollapsible(False)
        for widget in (self.sections_view, self.article_list, self.article_view):
            self.splitter.addWidget(widget)
        self.sections_view.setMinimumWidth(160)
        self.article_list.setMinimumWidth(260)
        self.article_view.setMinimumWidth(320)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 1)
        central = QWidget()
        self._column = QVBoxLayout(central)  # the notices' banner goes on top (second stage)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._retitle_empty_states()

    def finish_building(self) -> None:
        """The second stage (once; see `__init__`'s `staged`): the commands -- menus, actions
        and their keys, tool bar, search box, status bar -- and their signals."""
        if self.commands_ready:
            return
        self.commands_ready = True
        from newsreader.ui import actions as action_table
        from newsreader.ui.banner import Banner
        from newsreader.ui.undo import UndoStack

        self.banner: Banner = Banner()  # hidden until a notice: the panes do not move
        self._column.insertWidget(0, self.banner)
        self.undo_stack: UndoStack = UndoStack(self)
        self.actions_by_id: dict[str, QAction] = action_table.build_actions(
            self, self.settings.value.keys, self.icons.icon
        )
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._wire_commands()
        self._update_action_state()
        self._update_feed_notice()
        self._retitle_empty_states()  # a refresh may have been scheduled meanwhile
        if self._held_message is not None:
            self._show_message(*self._held_message)
            self._held_message = None
        emit(self.commands_built)

    # The command helpers, each made (and its module imported) when first used: the actions
    # resolve their handlers when triggered, so none of these loads before the first paint.

    @property
    def prompts(self) -> Prompts:
        """The window's questions and notices (made, and its module loaded, when first used)."""
        if self._prompts is None:
            from newsreader.ui.prompts import Prompts

            self._prompts = Prompts()
        return self._prompts

    @prompts.setter
    def prompts(self, prompts: Prompts) -> None:
        self._prompts = prompts

    @cached_property
    def library_commands(self) -> LibraryCommands:
        from newsreader.ui.library_commands import LibraryCommands

        return LibraryCommands(self, parent=self)

    @cached_property
    def desktop_menu(self) -> DesktopMenuCommands:
        from newsreader.ui.desktop_menu import DesktopMenuCommands

        return DesktopMenuCommands(self, parent=self)

    @cached_property
    def full_article(self) -> FullArticleCommands:
        from newsreader.ui.full_article import FullArticleCommands

        return FullArticleCommands(self, parent=self)

    @cached_property
    def daily(self) -> DailyCommands:
        """Rules, saved searches, refreshing what is due."""
        from newsreader.ui.daily_commands import DailyCommands

        return DailyCommands(self, parent=self)

    @cached_property
    def reading(self) -> ReadingCommands:
        from newsreader.ui.reading import ReadingCommands

        return ReadingCommands(self, parent=self)

    @cached_property
    def enclosures(self) -> EnclosureCommands:
        from newsreader.ui.enclosures import EnclosureCommands

        return EnclosureCommands(self, parent=self)

    def _build_menus(self) -> None:
        from newsreader.ui import actions as action_table

        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        for menu_id, title in action_table.MENUS:
            menu = bar.addMenu(action_table.translated(title))
            menu.setObjectName(f"menu_{menu_id}")
            self.menus[menu_id] = menu
            for spec in action_table.ACTIONS:
                if spec.menu != menu_id:
                    continue
                if spec.separator_before and not menu.isEmpty():
                    menu.addSeparator()
                menu.addAction(self.actions_by_id[spec.id])

    def _build_toolbar(self) -> None:
        from newsreader.ui import actions as action_table

        bar = QToolBar(self.tr("Toolbar"))
        bar.setObjectName("toolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setIconSize(QSize(18, 18))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        group = None
        for spec in sorted((s for s in action_table.ACTIONS if s.toolbar), key=lambda s: s.toolbar):
            if group is not None and spec.toolbar // 10 != group:
                bar.addSeparator()
            group = spec.toolbar // 10
            bar.addAction(self.actions_by_id[spec.id])
        self._update_tooltips()
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.search_order = QComboBox()
        self.search_order.setObjectName("searchOrder")
        self.search_order.addItems([self.tr("Best match"), self.tr("Newest first")])
        self.search_order.setToolTip(self.tr("Order of the search results"))
        self._search_order_action = bar.addWidget(self.search_order)
        self._search_order_action.setVisible(False)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("search")
        self.search_box.setPlaceholderText(self.tr("Search articles  ( / )"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setFixedWidth(300)
        self._search_icon_action = self.search_box.addAction(
            self.icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        bar.addWidget(self.search_box)
        self.toolbar = bar
        self.addToolBar(bar)

    def _update_tooltips(self) -> None:
        """Toolbar tooltips name the action and its key: "Refresh all feeds (Shift+R)"."""
        from newsreader.ui import actions as action_table

        for spec in action_table.ACTIONS:
            if spec.toolbar:
                key = self.key_text(spec.id)
                tip = action_table.plain_label(spec)
                self.actions_by_id[spec.id].setToolTip(f"{tip} ({key})" if key else tip)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusMessage")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        status.addWidget(self.status_label)
        self.offline_label = QLabel(self.tr("Offline"))
        self.offline_label.setObjectName("offline")
        self.offline_label.setTextFormat(Qt.TextFormat.PlainText)
        self.offline_label.hide()
        self.refresh_progress = QProgressBar()
        self.refresh_progress.setTextVisible(False)
        self.refresh_progress.hide()
        self.cancel_button = QToolButton()
        self.cancel_button.setObjectName("cancelRefresh")
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.cancel_button.setToolTip(self.tr("Stop refreshing"))
        self.cancel_button.hide()
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("undoButton")
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+Z is the key
        self.undo_button.hide()
        status.addWidget(self.undo_button)
        status.addWidget(QWidget(), 1)  # the message and its "Undo" stay together, left
        status.addPermanentWidget(self.offline_label)
        status.addPermanentWidget(self.refresh_progress)
        status.addPermanentWidget(self.cancel_button)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self._clear_message)

    def _wire(self) -> None:
        """The panes' signal connections (the commands': `_wire_commands`)."""
        self.messages.posted.connect(self._show_message)
        self.sections_view.selectionModel().currentChanged.connect(self._on_section_changed)
        self.sections_view.customContextMenuRequested.connect(self._section_menu)
        self.sections_view.clicked.connect(lambda _index: self.panes.section_chosen())
        self.splitter.splitterMoved.connect(lambda _pos, _index: self.panes.remember_wide())
        self.sections_model.modelReset.connect(self._restore_section_selection)
        self.article_list.selectionModel().selectionChanged.connect(self._on_article_selected)
        self.articles_model.modelReset.connect(self._on_list_reset)
        self.thumbnails.ready.connect(self._on_thumbnail_ready)
        self.feed_icons.ready.connect(lambda _url: self.sections_view.viewport().update())
        self.article_view.image_wanted.connect(self._fetch_article_image)
        self.article_view.enclosure_wanted.connect(
            lambda action, position: self.enclosures.handle(action, position)
        )
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(SYNC_DELAY_MS)
        self._sync_timer.timeout.connect(self.sync_library)
        self._thumbs_ready: set[str] = set()
        self._thumbs_timer = QTimer(self)
        self._thumbs_timer.setSingleShot(True)
        self._thumbs_timer.setInterval(0)
        self._thumbs_timer.timeout.connect(self._repaint_thumbnails)
        self._clock_timer = QTimer(self)  # relative times ("5 min ago") move on
        self._clock_timer.timeout.connect(self.article_list.viewport().update)
        self._clock_timer.start(60_000)

    def _wire_commands(self) -> None:
        """The commands' signal connections (the second stage)."""
        self.undo_stack.offered.connect(self._offer_undo)
        self.undo_stack.undone.connect(self._on_undone)
        self.undo_button.clicked.connect(self.undo)
        self.search_box.textChanged.connect(self._on_search_text)
        self.search_box.returnPressed.connect(self._focus_results)
        from newsreader.ui.search import SearchController

        self.search: SearchController = SearchController(self.library, self.workers, parent=self)
        self.search.results.connect(self._on_search_results)
        self.search.counted.connect(self._on_search_counted)
        self.search.failed.connect(self._on_search_failed)
        self.search_order.currentIndexChanged.connect(self._on_search_order)
        self.refresher.started.connect(self._on_refresh_started)
        self.refresher.progressed.connect(self._on_refresh_progress)
        self.refresher.finished.connect(self._on_refresh_finished)
        self.refresher.failed.connect(self._on_refresh_failed)
        self.cancel_button.clicked.connect(self.refresher.cancel)
        self.refresher.scheduled_changed.connect(lambda _soon: self._retitle_empty_states())
        self._progress: tuple[int, int] | None = None
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_EVERY_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        if self.refresher.running:
            self._on_refresh_started()

    def _load_initial(self, counts_later: bool) -> None:
        s = self.settings.value
        if not counts_later:
            try:
                self.set_sections(
                    self.library.feeds(),
                    self.library.folders(),
                    self.library.totals(),
                    self.library.account_list(),
                    self.library.searches.all(),
                )
            except Exception as exc:
                self.messages.report_exception(exc)
        self.sections_view.expandAll()
        self._retitle_empty_states()
        # Qt refuses (returns False on) a geometry saved on another screen size: start afresh.
        saved = QByteArray.fromBase64(s.window_geometry.encode("ascii"))
        if not (s.window_geometry and self.restoreGeometry(saved)):
            self.resize(first_window_size(self.screen().availableGeometry().size()))
        self._pane_sizes = s.splitter_sizes if len(s.splitter_sizes) == 3 else list(DEFAULT_SPLIT)
        self.splitter.setSizes(self._pane_sizes)  # again once shown (see showEvent)
        self.panes.remember_wide(self._pane_sizes)
        start = Section.from_key(s.last_section) if s.last_section else None
        if counts_later and start is not None and start.kind in ("feed", "folder"):
            # Its row comes with the feeds: list its articles now; the sync selects it (or
            # shows Latest if it is gone).
            self.current_section = start
            self.show_section(start)
        else:
            if start is None or not self.sections_model.index_for_key(start.key).isValid():
                start = LATEST
            self.select_section(start)
        self.article_list.setFocus()
        if counts_later:  # the list paints first; then the feeds and counts, in a worker
            self.after_first_paint.add(self.sync_library)

    # == messages ===============================================================================

    def _show_message(self, text: str, is_error: bool, timeout_ms: int) -> None:
        if not self.commands_ready:  # no status bar yet: shown when the second stage made it
            self._held_message = (text, is_error, timeout_ms)
            return
        self.undo_button.hide()  # shown again by _offer_undo when this message offers it
        self.status_label.setText(text)
        accent = self.palette().color(QPalette.ColorRole.BrightText).name()
        self.status_label.setStyleSheet(f"color: {accent};" if is_error else "")
        if timeout_ms > 0:
            self._message_timer.start(timeout_ms)
        else:
            self._message_timer.stop()

    def _clear_message(self) -> None:
        self.undo_button.hide()
        self.status_label.clear()
        self.status_label.setStyleSheet("")

    def _offer_undo(self, text: str, timeout_ms: int) -> None:
        self.messages.info(text, timeout_ms)
        self.undo_button.setToolTip(f"{self.tr('Undo')} ({self.key_text('undo')})")
        self.undo_button.show()

    def _on_undone(self, text: str) -> None:
        self.messages.info(self.tr("Undone: %1").replace("%1", text), 4_000)

    def undo(self) -> None:
        if not self.undo_stack.undo():
            self.messages.info(self.tr("Nothing to undo"), 3_000)

    def set_sections(
        self,
        feeds: list[Feed],
        folders: list[Folder],
        totals: Any,
        accounts: Sequence[Account] | None = None,
        searches: Sequence[SavedSearch] | None = None,
    ) -> None:
        """Give the sections pane the library's feeds (and sync accounts, saved searches; None
        keeps the ones shown), without those removed but undoable."""
        if self.hidden_feeds or self.hidden_folders:
            feeds = [f for f in feeds if f.id not in self.hidden_feeds]
            folders = [f for f in folders if f.id not in self.hidden_folders]
        self.sections_model.set_library_state(feeds, folders, totals, accounts, searches)

    def status_text(self) -> str:
        return self.status_label.text()

    def _title_for_section(self, section: Section) -> None:
        """The window's title names the section shown ("Thời sự · VnExpress — Newsreader"): the
        one place it shows when the sections pane is hidden (a narrow window)."""
        index = self.sections_model.index_for_key(section.key)
        name = plain_line(str(index.data() or ""), 80) if index.isValid() else ""
        if name and index.parent().isValid():
            name += " · " + plain_line(str(index.parent().data() or ""), 80)
        self.setWindowTitle(f"{name} — {APP_NAME}" if name else APP_NAME)

    def _retitle_empty_states(self) -> None:
        if not self.library_loaded:
            self.sections_view.set_empty_text(self.tr("Loading your feeds…"))
        elif self.sections_model.feed_count() == 0:
            key = self.key_text("add_feed")
            text = self.tr("No feeds yet — press %1 or File → Add feed").replace("%1", key)
            self.sections_view.set_empty_text(text)
        else:
            self.sections_view.set_empty_text("")
        if not self.search_active:  # e.g. feeds just arrived: "add a feed" -> "refresh"
            self.article_list.set_empty_text(self._empty_list_text(self.current_section))

    def key_text(self, action_id: str) -> str:
        """The first key of an action as the user sees it ("Shift+R"), or ""."""
        from newsreader.ui import actions as action_table
        from newsreader.ui.keymap import key_label

        keys = action_table.keys_for(
            action_table.ACTIONS_BY_ID[action_id], self.settings.value.keys
        )
        return key_label(keys[0]) if keys else ""

    def _empty_list_text(self, section: Section) -> str:
        """What is true of an empty list: loading, fetching, offline, failing, or empty."""
        if not self.library_loaded and self.sections_model.feed_count() == 0:
            return self.tr("Loading…")
        if section.kind == "feed" and self._feed_error(section) is not None:
            return self.tr("This feed could not be refreshed (see above)")
        if section.kind in ("latest", "feed", "folder") and (
            self.refresher.running or self.refresher.scheduled
        ):
            return self.tr("Fetching the latest articles…")
        if self.offline and section.kind in ("latest", "feed", "folder"):
            return self.tr("You are offline: articles arrive with the next refresh online")
        if section.kind == "unread":
            return self.tr("No unread articles")
        if section.kind == "saved":
            text = self.tr("No saved articles — press %1 on an article to keep it")
            return text.replace("%1", self.key_text("toggle_saved"))
        if section.kind == "feed":
            return self.tr("No articles in this feed yet")
        if section.kind == "folder":
            return self.tr("No articles in this folder yet")
        if self.sections_model.feed_count() == 0:
            return self.tr("Add a feed to start reading")
        return self.tr("No articles yet — press %1 to refresh").replace(
            "%1", self.key_text("refresh_all")
        )

    # == sections ================================================================================

    def select_section(self, section: Section) -> None:
        """Show `section` (selecting it in the tree)."""
        index = self.sections_model.index_for_key(section.key)
        if not index.isValid():
            return
        parent = index.parent()
        if parent.isValid():
            self.sections_view.expand(parent)
        if self.sections_view.currentIndex() == index:
            self.show_section(self.sections_model.section(index) or section)
        else:
            self._select_only(index)
        self.sections_view.scrollTo(index)

    def _select_only(self, index: QModelIndex) -> None:
        """Make `index` the current and only selected section, whatever modifier keys are
        held (Ctrl+Down must not add to a multiple selection)."""
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.sections_view.selectionModel().setCurrentIndex(index, flags)

    def _on_section_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        section = self.sections_model.section(current)
        if section is None or self._restoring_selection:
            return
        self.show_section(section)

    def show_section(self, section: Section) -> None:
        """Fill the article list with the first page of `section`."""
        if self.search_active:
            self._end_search()
        self.current_section = section
        query = section.query()
        library = self.library

        def fetch(after: PageKey | None, limit: int) -> list[Article]:
            return library.articles(replace(query, limit=limit, after=after))

        def fetch_before(before: PageKey | None, limit: int) -> list[Article]:
            return library.articles(replace(query, limit=limit, before=before))

        try:
            first = fetch(None, self.articles_model.page_size)
        except Exception as exc:
            self.messages.report_exception(exc)
            first = []
        self.article_list.set_empty_text(self._empty_list_text(section))
        self.articles_model.show(first, fetch, query, fetch_before=fetch_before)
        self._update_action_state()
        self._update_feed_notice()
        emit(self.section_shown, section)

    def _restore_section_selection(self) -> None:
        """After the tree was rebuilt: expand folders, reselect the current section (the list
        stays as it is unless that section is gone)."""
        self.sections_view.expandAll()
        index = self.sections_model.index_for_key(self.current_section.key)
        gone = not index.isValid()
        if gone:
            index = self.sections_model.index_for_key(LATEST.key)
        self._restoring_selection = True
        try:
            self._select_only(index)
        finally:
            self._restoring_selection = False
        if gone and not self.search_active:
            self.show_section(LATEST)

    def _section_menu(self, pos: QPoint) -> None:
        self.finish_building()  # (a right-click in the moment before the second stage ran)
        index = self.sections_view.indexAt(pos)
        selection = self.sections_view.selectionModel()
        if index.isValid() and selection.isSelected(index):
            # Right-click inside a multiple selection keeps it (to remove them all at once).
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        elif index.isValid():
            self._select_only(index)
        menu = QMenu(self)
        for action_id in ("add_feed", None, "refresh_feed", "mark_all_read", None,
                          "rename_feed", "move_feed", "remove_feed"):  # fmt: skip
            if action_id is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions_by_id[action_id])
        self._add_notify_toggle(menu)
        site = self.sections_model.empty_feed_site(index) if index.isValid() else None
        if site:
            menu.addSeparator()
            offer = menu.addAction(self.tr("Add the site's sections…"))
            offer.triggered.connect(
                lambda: self.library_commands.add_feed(url=site, whole_site=True)
            )
        menu.popup(self.sections_view.viewport().mapToGlobal(pos))

    def _add_notify_toggle(self, menu: QMenu) -> None:
        """A feed's "notify of new articles" option (the tray's notification names them)."""
        feed_id = self.current_section.feed_id
        feed = next((f for f in self.sections_model.feeds if f.id == feed_id), None)
        if self.current_section.kind != "feed" or feed is None:
            return
        menu.addSeparator()
        toggle = menu.addAction(self.tr("Notify of new articles"))
        toggle.setObjectName("notifyToggle")
        toggle.setCheckable(True)
        toggle.setChecked(feed.option(NOTIFY_OPTION) == "on")
        toggle.toggled.connect(lambda on: self.set_notify(feed.id, on))
        agent = menu.addAction(self.tr("User-Agent…"))
        agent.setObjectName("userAgent")
        agent.triggered.connect(lambda: self.library_commands.set_user_agent(feed))

    def set_notify(self, feed_id: int, notify: bool) -> None:
        library = self.library
        self.workers.run(
            lambda: library.set_notify(feed_id, notify),
            lambda _none: self.sync_library(),
            self.on_write_failed,
            writer=True,
        )

    def _update_action_state(self) -> None:
        if not self.commands_ready:  # the second stage sets it when it runs
            return
        from newsreader.ui import actions as action_table

        kind = self.current_section.kind
        editable = kind in ("feed", "folder") and not self.search_active
        self.actions_by_id["rename_feed"].setEnabled(editable)
        self.actions_by_id["remove_feed"].setEnabled(editable or kind == "search")
        self.actions_by_id["move_feed"].setEnabled(kind == "feed" and not self.search_active)
        self._search_order_action.setVisible(self.search_active)
        refresh = self.actions_by_id["refresh_feed"]
        if kind == "folder":
            refresh.setText(self.tr("&Refresh this folder"))
        else:
            refresh.setText(
                action_table.translated(action_table.ACTIONS_BY_ID["refresh_feed"].label)
            )

    # == articles ================================================================================

    def selected_index(self) -> QModelIndex:
        """The open article's row. (Qt may set a current index without selecting it, e.g. when
        the list gets focus; only a selected row counts as opened.)"""
        selected = self.article_list.selectionModel().selectedIndexes()
        return selected[0] if selected else QModelIndex()

    def current_article(self) -> Article | None:
        index = self.selected_index()
        return self.articles_model.article(index.row()) if index.isValid() else None

    def _on_list_reset(self) -> None:
        self.shown_article_id = None
        if self.articles_model.rowCount() == 0:
            self.article_view.show_message("")  # the list says why it is empty
        else:
            self.article_view.show_message(self.tr("Choose an article to read it."))

    def _on_article_selected(self) -> None:
        article = self.current_article()
        if article is None:
            return
        if article.id == self.shown_article_id:
            return
        self.history.visit(article.id)
        shown = self.show_article_by_id(article.id)
        if shown and self.settings.value.open_marks_read and not article.read:
            self.set_read([article.id], True)

    def show_article_by_id(self, article_id: int) -> bool:
        """Show one article in the view (fetching its full text if it has only a lead)."""
        self.shown_article_id = article_id
        try:
            full = self.library.article(article_id)
        except Exception as exc:
            self.messages.report_exception(exc)
            self.article_view.show_message(describe_error(exc))
            return False
        self.article_view.show_article(full)
        if not full.full_text and full.link:
            self._fetch_full_text(article_id)
        return True

    def _fetch_full_text(self, article_id: int) -> None:
        """Lead-only article: fetch and extract its page in a worker, then show the full text."""
        library = self.library

        def done(full: Article) -> None:
            if full.full_text and self.shown_article_id == article_id:
                self.article_view.show_article(full)

        def failed(exc: BaseException) -> None:  # the feed's content stays on screen
            log.info("full text of %s: %s", article_id, exc)

        self.workers.run(lambda: library.fetch_full_text(article_id), done, failed, key="fulltext")

    def _prune_if_due(self) -> None:
        """Apply the retention settings at most every few hours (in the background)."""
        now = time.monotonic()
        if self._last_prune is not None and now - self._last_prune < PRUNE_EVERY_SECONDS:
            return
        self._last_prune = now
        library, retention = self.library, self.settings.value.retention()

        def prune() -> object:
            return library.prune(retention)

        def failed(exc: BaseException) -> None:
            log.warning("pruning failed: %s", exc)

        self.workers.run(prune, lambda _r: self.sync_library(), failed, writer=True)

    def _fetch_feed_icons(self) -> None:
        """After a refresh: the icons of feeds that have none yet (then shown in the sidebar)."""
        fetch = getattr(self.library, "fetch_feed_icons", None)
        if fetch is None:
            return

        def done(found: object) -> None:
            if found:
                self.sync_library()

        def failed(exc: BaseException) -> None:
            log.info("feed icons: %s", exc)

        self.workers.run(fetch, done, failed, key="feed-icons")

    def prepare_offline(self) -> None:
        """Full text and pictures of articles that still lack them (after adding a feed)."""
        self._fetch_offline_content()

    def _fetch_offline_content(self) -> None:
        """After a refresh: full text and pictures of the new articles, for reading offline."""
        library = self.library

        def done(_report: object) -> None:
            self.thumbnails.retry_missing()
            self._prune_if_due()
            shown = self.article_view.current_article()
            if shown is None or shown.full_text:
                return  # never reset the page someone is reading
            try:
                full = library.article(shown.id)
            except NewsreaderError:  # removed meanwhile: nothing to re-show
                return
            if full.full_text and self.shown_article_id == shown.id:
                self.article_view.show_article(full)

        def failed(exc: BaseException) -> None:
            log.info("offline content: %s", exc)

        self.workers.run(library.fetch_offline_content, done, failed, key="offline-content")

    # == optimistic state changes ================================================================

    def set_read(self, ids: list[int], read: bool) -> None:
        old = self.articles_model.set_flags(ids, read=read)
        deltas: dict[int, int] = {}
        for article in old:
            if article.feed_id is not None and article.read != read:
                deltas[article.feed_id] = deltas.get(article.feed_id, 0) + (-1 if read else 1)
        self.sections_model.adjust_counts(deltas)
        self.local_edits += 1
        library = self.library
        self.workers.run(
            lambda: library.mark_read(ids, read), None, self.on_write_failed, writer=True
        )

    def set_saved(self, ids: list[int], saved: bool) -> None:
        old = self.articles_model.set_flags(ids, saved=saved)
        delta = sum((1 if saved else -1) for a in old if a.saved != saved)
        self.sections_model.adjust_counts({}, saved_delta=delta)
        self.local_edits += 1
        library = self.library

        def saved_now(_count: int) -> None:
            if saved:
                self._keep_offline(ids)

        self.workers.run(
            lambda: library.mark_saved(ids, saved), saved_now, self.on_write_failed, writer=True
        )

    def _keep_offline(self, ids: list[int]) -> None:
        """Pin a saved article's full text and pictures for offline reading (network: worker)."""
        keep = getattr(self.library, "keep_offline", None)
        if keep is None:
            return

        def failed(exc: BaseException) -> None:  # saving worked; only the offline copy did not
            log.info("could not keep %s offline: %s", ids, exc)

        self.workers.run(lambda: keep(ids), None, failed)

    def on_write_failed(self, exc: BaseException) -> None:
        self.messages.report_exception(exc)
        self.sync_library()

    # == syncing with the library ================================================================

    def schedule_sync(self) -> None:
        if not self._sync_timer.isActive():
            self._sync_timer.start()

    def sync_library(self, extra_rows: int = PAGE_SIZE) -> None:
        """Re-read counts, feeds and the head of the list in the background, then merge them."""
        self._sync_timer.stop()
        if self._sync_pending:
            self._sync_again = True
            return
        self._sync_pending = True
        self._sync_again = False
        library = self.library
        edits = self.local_edits
        model = self.articles_model
        query = model.query if model.is_paged and not self.search_active else None
        rows = model.snapshot() if query is not None else ()
        limit = min(len(rows), SYNC_HEAD_ROWS) + min(extra_rows, SYNC_HEAD_ROWS)
        start = model.window_after  # the list's rows held start there (None: at the top)

        def read() -> LibraryState:
            head = None
            if query is not None:  # compared here, not on the GUI thread
                articles = library.articles(replace(query, limit=limit, after=start))
                head = diff_head(rows, articles, limit)
            return LibraryState(
                library.feeds(), library.folders(), library.totals(), query, head,
                library.account_list(), library.searches.all(),
            )  # fmt: skip

        # On the writer thread: it runs after every write the user already made.
        self.workers.run(
            read,
            lambda state: self._apply_sync(state, edits),
            self._on_sync_failed,
            writer=True,
        )

    def _on_sync_failed(self, exc: BaseException) -> None:
        self._sync_pending = False
        self.messages.report_exception(exc)

    def _apply_sync(self, state: LibraryState, edits: int) -> None:
        self._sync_pending = False
        if edits != self.local_edits or self._sync_again:
            self.sync_library()  # the user changed something meanwhile: read again
            return
        self.set_sections(state.feeds, state.folders, state.totals, state.accounts, state.searches)
        self.library_loaded = True
        self._retitle_empty_states()
        self._update_feed_notice()
        # The list in the next event-loop turn: counts and list never share one (a refresh
        # syncs every 400 ms while the reader scrolls; see docs/perf.md).
        QTimer.singleShot(0, self, lambda: self._apply_head(state))

    def _apply_head(self, state: LibraryState) -> None:
        model = self.articles_model
        same_list = state.query is not None and state.query == model.query and model.is_paged
        head = state.head
        if head is not None and self.hidden_feeds:  # removed (undoable): their rows stay out
            head = replace(
                head, fresh=[a for a in head.fresh if a.feed_id not in self.hidden_feeds]
            )
        if same_list and not self.search_active and head is not None and head.changes:
            with self.article_list.keep_position():
                model.apply_head(head)
        emit(self.library_synced)

    # == refresh =================================================================================

    def _on_refresh_started(self) -> None:
        self._progress = None
        self.refresh_progress.setRange(0, 0)
        self.refresh_progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.actions_by_id["refresh_all"].setEnabled(False)
        self.actions_by_id["refresh_feed"].setEnabled(False)
        self.actions_by_id["refresh_due"].setEnabled(False)
        self.messages.info(self.tr("Refreshing…"), 0)
        self._retitle_empty_states()

    def _on_refresh_progress(self, outcome: Any, done: int, total: int) -> None:
        """Per feed: only remember; the progress bar and text change at most every
        PROGRESS_EVERY_MS (a refresh of 1000 feeds reports hundreds of feeds a second)."""
        first = self._progress is None
        self._progress = (done, total)
        if first:
            self._show_progress()
        elif not self._progress_timer.isActive():
            self._progress_timer.start()
        if outcome.new_articles or outcome.status == "error":
            self.schedule_sync()

    def _show_progress(self) -> None:
        if self._progress is None or not self.refresh_progress.isVisible():
            return
        done, total = self._progress
        if self.refresh_progress.maximum() != max(1, total):
            self.refresh_progress.setRange(0, max(1, total))
        self.refresh_progress.setValue(done)
        text = self.tr("Refreshing %1 of %2 feeds…").replace("%1", str(done))
        self.messages.info(text.replace("%2", str(total)), 0)

    def _refresh_ended(self) -> None:
        self._progress_timer.stop()
        self._progress = None
        self.refresh_progress.hide()
        self.cancel_button.hide()
        self.actions_by_id["refresh_all"].setEnabled(True)
        self.actions_by_id["refresh_feed"].setEnabled(True)
        self.actions_by_id["refresh_due"].setEnabled(True)

    def _on_refresh_finished(self, result: RefreshResult) -> None:
        self._refresh_ended()
        self.offline_label.setVisible(result.offline)
        if not self.refresher.cancelled:
            self._show_offline(result)
        self._retitle_empty_states()
        self.thumbnails.retry_missing()
        self.sync_library(extra_rows=max(PAGE_SIZE, result.new_articles))
        if not self.refresher.cancelled and not result.offline:
            self._fetch_offline_content()  # new articles, and any that still wait (see Library)
            self._fetch_feed_icons()
        if self.refresher.cancelled:
            self.messages.info(self.tr("Refresh cancelled"))
        elif result.offline:  # the offline notice says it, with the reason: not twice
            log.warning("You are offline: no feed could be reached.")
            self._clear_message()
        else:
            text = self.tr("%n new articles", "", result.new_articles)
            if result.feed_errors:
                text += " · " + self.tr("%n feeds failed", "", result.feed_errors)
            if result.account_errors:
                text += " · " + self.tr("%n accounts failed to sync", "", result.account_errors)
            self.messages.info(text)

    def _show_offline(self, result: RefreshResult) -> None:
        """Offline: a notice that stays (with the reason and a retry) until a refresh reaches
        the network again or the reader closes it."""
        self.offline = result.offline
        if not result.offline:
            self.banner.withdraw("offline")
            return
        reason = next((f.error for f in result.feeds if f.error), "")
        if reason:
            text = self.tr("You are offline: no feed could be reached (%1).")
            text = text.replace("%1", plain_line(describe_offline_reason(reason).rstrip("."), 160))
        else:
            text = self.tr("You are offline: no feed could be reached.")
        if self.sections_model.totals[0]:
            text += " " + self.tr("The articles already here can still be read.")
        self.banner.show_notice("offline", text, [(self.tr("Retry"), self.refresh_all)])

    def _feed_error(self, section: Section) -> Feed | None:
        """The stored feed behind `section` when its last refresh failed."""
        if section.kind != "feed":
            return None
        for feed in self.sections_model.feeds:
            if feed.id == section.feed_id:
                return feed if feed.last_error else None
        return None

    def _update_feed_notice(self) -> None:
        """A failing feed says so where the reader looks: its error, its address, a retry."""
        if not self.commands_ready:  # the second stage shows it with the banner
            return
        feed = self._feed_error(self.current_section)
        if feed is None or self.search_active:
            self.banner.withdraw("feed-error")
            return
        text = self.tr("“%1” could not be refreshed: %2 — %3")
        text = text.replace("%1", plain_line(feed.title or feed.url, 80))
        error = describe_error_text(feed.last_error or "")
        text = text.replace("%2", plain_line(error, 200)).replace("%3", feed.url)
        self.banner.show_notice("feed-error", text, [(self.tr("Retry"), self.refresh_section)])

    def offer_start_empty(self, feeds: list[Feed]) -> None:
        """First start: the bundled feeds were added; offer to keep them or start empty."""
        text = self.tr("%n Vietnamese news feeds were added to get you started.", "", len(feeds))
        feed_ids = {f.id for f in feeds}

        def start_empty() -> None:
            self.banner.withdraw("defaults")
            self.refresher.cancel()
            folder_ids = {f.folder_id for f in feeds if f.folder_id is not None}
            self.library_commands.remove_later(feed_ids, folder_ids)

        self.banner.show_notice(
            "defaults",
            text,
            [
                (self.tr("Keep them"), lambda: self.banner.withdraw("defaults")),
                (self.tr("Start empty"), start_empty),
            ],
        )

    def _on_refresh_failed(self, exc: BaseException) -> None:
        self._refresh_ended()
        self.messages.report_exception(exc)
        self.sync_library()

    # == search ==================================================================================

    def _on_search_text(self, text: str) -> None:
        if text.strip():
            if not self.search_active:
                self.search_active = True
                self._section_before_search = self.current_section
                self._update_action_state()
            self.search.set_text(text)
        elif self.search_active:
            self._leave_search_to(self._section_before_search)

    def _on_search_results(self, text: str, hits: list[SearchHit], total: int) -> None:
        if not self.search_active or text != self.search_box.text():
            return
        articles = [h.article for h in hits]
        empty = self.tr("No articles match “%1”").replace("%1", plain_line(text, 80))
        self.article_list.set_empty_text(empty)
        from newsreader.ui.search import lead_snippets, search_summary, search_terms

        self.article_delegate.highlight = search_terms(text)
        self.articles_model.show(articles, None, ArticleQuery(), lead_for=lead_snippets(text))
        self.messages.info(search_summary(len(hits), total, self.search.newest_first), 0)

    def _on_search_counted(self, text: str, total: int) -> None:
        if not self.search_active or text != self.search_box.text():
            return
        from newsreader.ui.search import search_summary

        shown = self.articles_model.rowCount()
        self.messages.info(search_summary(shown, total, self.search.newest_first), 0)

    def _on_search_order(self, index: int) -> None:
        self.search.newest_first = index == 1
        if self.search_active:
            self.search.run_now()

    def _on_search_failed(self, text: str, message: str) -> None:
        if not self.search_active or text != self.search_box.text():
            return
        self.article_list.set_empty_text(message)
        self.articles_model.show([], None, ArticleQuery())
        self.messages.error(message)

    def _end_search(self) -> None:
        self.search_active = False
        self.search.stop()
        self.article_delegate.highlight = None
        if self.status_label.text() and not self._message_timer.isActive():
            self._clear_message()  # the count of a search that is over
        if self.search_box.text():
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
        self._update_action_state()

    def _leave_search_to(self, section: Section) -> None:
        self._end_search()
        self.current_section = section
        self.show_section(section)

    def _focus_results(self) -> None:
        self.search.run_now()
        self.article_list.setFocus()

    # == images ==================================================================================

    def _on_thumbnail_ready(self, url: str) -> None:
        """Repaint only the visible rows showing this picture, once per event-loop turn for
        all the pictures that arrived meanwhile (not the whole list per picture)."""
        self._thumbs_ready.add(url)
        if not self._thumbs_timer.isActive():
            self._thumbs_timer.start()

    def _repaint_thumbnails(self) -> None:
        urls, self._thumbs_ready = self._thumbs_ready, set()
        view = self.article_list
        first = view.first_visible_row()
        if first < 0:
            return
        viewport = view.viewport()
        model = self.articles_model
        bottom = viewport.rect().bottom()
        for row in range(first, model.rowCount()):
            index = model.index(row)
            rect = view.visualRect(index)
            if rect.top() > bottom:
                break
            article = model.article(row)
            if article is not None and article.thumbnail in urls:
                viewport.update(rect)

    def _cached_image(self, url: str) -> bytes | None:
        cached = getattr(self.library, "cached_image", None)
        if cached is None:
            return None
        try:
            data = cached(url)
        except Exception:
            log.debug("image cache failed for %s", url, exc_info=True)
            return None
        return data if isinstance(data, bytes) else None

    def _fetch_article_image(self, url: str) -> None:
        fetch = getattr(self.library, "fetch_image", None)
        if fetch is None or url in self._images_wanted or not is_web_url(url):
            return
        self._images_wanted.add(url)

        def done(_data: object) -> None:
            self._images_wanted.discard(url)
            self.article_view.image_ready(url)

        def failed(exc: BaseException) -> None:
            self._images_wanted.discard(url)  # asked again when the article is opened again
            log.debug("image %s: %s", url, exc)

        self.image_workers.run(lambda: fetch(url), done, failed)

    def _open_link(self, url: QUrl) -> bool:
        """A link clicked in the article (the view already allows only http, https, mailto)."""
        if url.scheme().lower() in ("http", "https", "mailto"):
            return self.open_url(url)
        self.messages.error(self.tr("Only web links (http, https) are opened."))
        return False

    # == theme ===================================================================================

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        self.article_view.set_dark(dark)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "icons"):
            self._recolor_icons()

    def _recolor_icons(self) -> None:
        self.icons = IconSet(self._icon_color(), scale=self.devicePixelRatioF())
        if self.commands_ready:  # else the second stage makes them in the new colour
            from newsreader.ui import actions as action_table

            for spec in action_table.ACTIONS:
                if spec.icon:
                    self.actions_by_id[spec.id].setIcon(self.icons.icon(spec.icon))
            self._search_icon_action.setIcon(self.icons.icon("search"))
        delegate = self.sections_view.itemDelegate()
        if isinstance(delegate, SectionDelegate):
            delegate.icons = self.icons
        self.article_delegate.icons = self.icons
        self.sections_view.viewport().update()
        self.article_list.viewport().update()

    # == window ==================================================================================

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def save_state(self) -> None:
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.settings.update(
            window_geometry=geometry,
            splitter_sizes=self.panes.sizes_to_save(),
            last_section=self._section_before_search.key
            if self.search_active
            else self.current_section.key,
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pane_sizes:
            # Sizes are only kept as given once the splitter has its real width.
            layout = self.layout()
            if layout is not None:
                layout.activate()
            self.splitter.setSizes(self._pane_sizes)
            self._pane_sizes = []
        self.panes.fit_width(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self.panes.fit_width(self.width())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finish_building()  # closed before its first paint: close as a whole window
        if not self._quitting and not self.replaced and self.hides_to_tray():
            self.save_state()  # close to the tray: keep refreshing, notify, reopen from there
            event.ignore()
            self.hide()
            return
        self.undo_stack.commit_all()  # removals waiting for an undo happen now
        self.save_state()
        self._sync_timer.stop()
        self._progress_timer.stop()
        self._clock_timer.stop()
        super().closeEvent(event)
        if not self.replaced:
            emit(self.closed)

    # == command handlers (named in actions.ACTIONS) =============================================

    def reload_sections(self, select: Section | None = None) -> None:
        """Feeds were added, removed or moved: re-read them now (small), then select."""
        try:
            self.set_sections(
                self.library.feeds(),
                self.library.folders(),
                self.library.totals(),
                self.library.account_list(),
                self.library.searches.all(),
            )
        except Exception as exc:
            self.messages.report_exception(exc)
        self._retitle_empty_states()
        if select is not None:
            self.select_section(select)
        elif not self.sections_model.index_for_key(self.current_section.key).isValid():
            self.select_section(LATEST)

    def open_settings(self) -> None:
        from newsreader.ui.settings_dialog import SettingsDialog  # loaded when first opened

        dialog = SettingsDialog(self.settings.value, self)
        accepted = dialog.exec()
        changes = dialog.changes() if accepted else {}
        dialog.deleteLater()
        if changes:
            self.apply_settings(changes)

    def apply_settings(self, changes: dict[str, Any]) -> None:
        """Save `changes` and apply what the window owns; theme and language go to the app."""
        old = self.settings.value
        new = self.settings.update(**changes)
        if new.refresh_minutes != old.refresh_minutes:
            self.refresher.set_interval(new.refresh_minutes)
        if (new.proxy_mode, new.proxy_url) != (old.proxy_mode, old.proxy_url):
            self.library.set_proxy(new.proxy_mode, new.proxy_url)
        if new.text_scale != old.text_scale:
            self.article_view.set_text_scale(new.text_scale)
        if new.show_thumbnails != old.show_thumbnails:
            self.article_delegate.show_thumbnails = new.show_thumbnails
            self.article_list.viewport().update()
        if new.keys != old.keys:
            from newsreader.ui import actions as action_table

            action_table.apply_keys(self.actions_by_id, new.keys)
            self._retitle_empty_states()
            self._update_tooltips()
        if new.theme != old.theme:
            emit(self.theme_change_requested, new.theme)
        if new.language != old.language:
            emit(self.language_change_requested, new.language)

    def quit(self) -> None:
        self._quitting = True
        self.close()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def leave_search(self) -> None:
        if self.search_active or self.search_box.text():
            self._leave_search_to(self._section_before_search)
        self.article_list.setFocus()

    def refresh_section(self) -> None:
        ids = self.sections_model.feed_ids_of(self.current_section)
        if ids == []:
            self.messages.info(self.tr("This folder has no feeds to refresh"), 3_000)
            return
        if not self.refresher.start(ids):
            self.messages.info(self.tr("A refresh is already running"), 3_000)

    def refresh_all(self) -> None:
        if not self.refresher.start(None):
            self.messages.info(self.tr("A refresh is already running"), 3_000)

    def show_shortcuts(self) -> None:
        from newsreader.ui.shortcuts_dialog import ShortcutsDialog  # loaded when first opened

        dialog = ShortcutsDialog(self.settings.value.keys, self)
        dialog.exec()
        dialog.deleteLater()

    def show_about(self) -> None:
        text = self.tr(
            "%1 %2\nA fast, keyboard-first newsreader that reads Vietnamese news well, online"
            " and offline."
        )
        self.prompts.inform(
            self,
            self.tr("About Newsreader"),
            text.replace("%1", APP_NAME).replace("%2", __version__),
        )
