"""What the window's command classes may use of it: two narrow interfaces instead of its insides.

`ReadingCommands` (ui/reading.py), `LibraryCommands` (ui/library_commands.py) and
`DailyCommands` (ui/daily_commands.py) are handed the main window typed as `ReadingHost`,
`LibraryHost` / `DailyHost`: mypy then allows them only the members
listed here, and neither module imports ui/window.py (no import circle). A new need is a new,
named line here, not another reach into the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QModelIndex, QUrl
from PySide6.QtWidgets import QLineEdit

from newsreader.core.library import Library
from newsreader.core.models import Article, Feed
from newsreader.settings import SettingsStore
from newsreader.ui.article_view import ArticleView
from newsreader.ui.articles_model import ArticleListModel
from newsreader.ui.history import ReadingHistory
from newsreader.ui.messages import MessageBridge
from newsreader.ui.panes import PaneLayout
from newsreader.ui.prompts import Prompts
from newsreader.ui.refresh import RefreshController
from newsreader.ui.sections_model import Section, SectionsModel
from newsreader.ui.undo import UndoStack
from newsreader.ui.views import ArticleListView, SectionsView
from newsreader.ui.workers import Workers

if TYPE_CHECKING:  # the dialog loads when the reader first opens it
    from newsreader.ui.goto import GoToDialog

__all__ = [
    "ArticleHost",
    "CommandHost",
    "DailyHost",
    "LibraryHost",
    "MessagesHost",
    "ReadingHost",
]


class CommandHost(Protocol):
    """What every command of the window uses: the library, its workers, messages, sections."""

    library: Library
    workers: Workers
    messages: MessageBridge
    sections_model: SectionsModel
    sections_view: SectionsView
    current_section: Section
    articles_model: ArticleListModel
    search_active: bool
    undo_stack: UndoStack  # changes that can be undone for a while

    def on_write_failed(self, exc: BaseException) -> None: ...

    def sync_library(self) -> None: ...


class ReadingHost(CommandHost, Protocol):
    """What the reading commands use: the list, the open article, the reading view, marks."""

    settings: SettingsStore
    article_list: ArticleListView
    article_view: ArticleView
    panes: PaneLayout
    history: ReadingHistory  # back/forward through the articles read
    goto_dialog: GoToDialog | None
    search_box: QLineEdit
    shown_article_id: int | None
    local_edits: int  # bumped by every optimistic change
    open_url: Callable[[QUrl], bool]

    def selected_index(self) -> QModelIndex: ...

    def current_article(self) -> Article | None: ...

    def select_section(self, section: Section) -> None: ...

    def set_read(self, ids: list[int], read: bool) -> None: ...

    def set_saved(self, ids: list[int], saved: bool) -> None: ...

    def key_text(self, action_id: str) -> str: ...

    def show_article_by_id(self, article_id: int) -> bool: ...

    def schedule_sync(self) -> None: ...


class SavedSearchCommands(Protocol):
    """The one everyday command the subscription commands call (ui/daily_commands.py)."""

    def remove_search(self, section: Section, name: str) -> None: ...


class LibraryHost(CommandHost, Protocol):
    """What the subscription commands use: questions, the refresher, reloading the sections."""

    prompts: Prompts
    refresher: RefreshController
    hidden_feeds: set[int]  # removed, but still undoable
    hidden_folders: set[int]

    @property
    def daily(self) -> SavedSearchCommands: ...  # made on first use (start-up time)

    def reload_sections(self, select: Section | None = None) -> None: ...

    def show_section(self, section: Section) -> None: ...

    def offer_start_empty(self, feeds: list[Feed]) -> None: ...

    def prepare_offline(self) -> None: ...


class DailyHost(CommandHost, Protocol):
    """What the everyday commands use: questions, the refresher, the search box, the sections."""

    prompts: Prompts
    refresher: RefreshController
    search_box: QLineEdit

    def reload_sections(self, select: Section | None = None) -> None: ...


class MessagesHost(Protocol):
    """What the desktop-menu command uses (ui/desktop_menu.py): the status messages."""

    messages: MessageBridge


class ArticleHost(MessagesHost, Protocol):
    """What the full-article and enclosure commands use (ui/full_article.py, ui/enclosures.py):
    the open article, its view, the library and the workers."""

    library: Library
    workers: Workers
    article_view: ArticleView
    shown_article_id: int | None
    open_url: Callable[[QUrl], bool]

    def current_article(self) -> Article | None: ...
