"""Every command of the window, declared once as data.

Menus, the toolbar, the shortcut help ("?") and the key remapping dialog are all built from
`ACTIONS`. Keys are written in Qt's portable text ("Shift+A", "G, L" for a two-key chord). Users'
remaps live in `Settings.keys` (action id -> key list) and replace the defaults of that action.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QWidget

CONTEXT = "Actions"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    label: str  # English source text, translated in the "Actions" context
    keys: tuple[str, ...]  # default key sequences, portable text
    handler: str  # the MainWindow method it calls, no arguments ("a.b": window.a.b)
    menu: str  # id of the menu it appears in (see MENUS)
    icon: str | None = None  # icon name in resources/icons (toolbar and menu)
    toolbar: int = 0  # place on the toolbar (0 = not there); a new tens digit starts a group
    separator_before: bool = False  # a line above it in its menu


# (id, title) in menu-bar order.
MENUS: tuple[tuple[str, str], ...] = (
    ("file", str(QT_TRANSLATE_NOOP("Actions", "&File"))),
    ("view", str(QT_TRANSLATE_NOOP("Actions", "&View"))),
    ("go", str(QT_TRANSLATE_NOOP("Actions", "&Go"))),
    ("article", str(QT_TRANSLATE_NOOP("Actions", "&Article"))),
    ("feed", str(QT_TRANSLATE_NOOP("Actions", "Fee&d"))),
    ("help", str(QT_TRANSLATE_NOOP("Actions", "&Help"))),
)

A = ActionSpec
ACTIONS: tuple[ActionSpec, ...] = (
    # File
    A("add_feed", str(QT_TRANSLATE_NOOP("Actions", "&Add feed…")), ("Ctrl+N",),
      "library_commands.add_feed", "file", icon="add", toolbar=10),
    A("add_account", str(QT_TRANSLATE_NOOP("Actions", "Add a&ccount…")), (),
      "library_commands.add_account", "file"),
    A("import_opml", str(QT_TRANSLATE_NOOP("Actions", "&Import OPML…")), (),
      "library_commands.import_opml", "file", separator_before=True),
    A("export_opml", str(QT_TRANSLATE_NOOP("Actions", "&Export OPML…")), (),
      "library_commands.export_opml", "file"),
    A("install_desktop", str(QT_TRANSLATE_NOOP("Actions", "Add to application &menu")), (),
      "desktop_menu.install", "file"),
    A("settings", str(QT_TRANSLATE_NOOP("Actions", "&Settings…")), ("Ctrl+,",), "open_settings",
      "file", icon="settings", separator_before=True),
    A("quit", str(QT_TRANSLATE_NOOP("Actions", "&Quit")), ("Ctrl+Q",), "quit", "file",
      separator_before=True),
    # View
    A("search", str(QT_TRANSLATE_NOOP("Actions", "&Search")), ("/", "Ctrl+F"), "focus_search",
      "view", icon="search"),
    A("leave_search", str(QT_TRANSLATE_NOOP("Actions", "&Leave search")), ("Esc",),
      "leave_search", "view"),
    A("toggle_sections", str(QT_TRANSLATE_NOOP("Actions", "S&ections pane")), ("F9",),
      "panes.toggle_sections", "view", separator_before=True),
    A("toggle_list", str(QT_TRANSLATE_NOOP("Actions", "Article list &pane")), ("F8",),
      "panes.toggle_list", "view"),
    A("text_bigger", str(QT_TRANSLATE_NOOP("Actions", "&Bigger text")), ("Ctrl+=", "Ctrl++"),
      "reading.text_bigger", "view", separator_before=True),
    A("text_smaller", str(QT_TRANSLATE_NOOP("Actions", "S&maller text")), ("Ctrl+-",),
      "reading.text_smaller", "view"),
    A("text_reset", str(QT_TRANSLATE_NOOP("Actions", "&Normal text size")), ("Ctrl+0",),
      "reading.text_reset", "view"),
    # Go
    A("next_article", str(QT_TRANSLATE_NOOP("Actions", "&Next article")), ("J",),
      "reading.next_article", "go"),
    A("previous_article", str(QT_TRANSLATE_NOOP("Actions", "&Previous article")), ("K",),
      "reading.previous_article", "go"),
    A("next_unread", str(QT_TRANSLATE_NOOP("Actions", "Next &unread")), ("N",),
      "reading.next_unread", "go", icon="next-unread", toolbar=20),
    A("previous_unread", str(QT_TRANSLATE_NOOP("Actions", "Previous u&nread")), ("P",),
      "reading.previous_unread", "go"),
    A("page_down", str(QT_TRANSLATE_NOOP("Actions", "Page down, then next unread")), ("Space",),
      "reading.page_down", "go", separator_before=True),
    A("page_up", str(QT_TRANSLATE_NOOP("Actions", "Page up")), ("Shift+Space",), "reading.page_up",
      "go"),
    A("mark_read_next_unread", str(QT_TRANSLATE_NOOP("Actions", "Mark read, next unrea&d")),
      ("Shift+N",), "reading.mark_read_next_unread", "go"),
    A("go_back", str(QT_TRANSLATE_NOOP("Actions", "&Back")), ("Alt+Left",), "reading.go_back",
      "go", separator_before=True),
    A("go_forward", str(QT_TRANSLATE_NOOP("Actions", "&Forward")), ("Alt+Right",),
      "reading.go_forward", "go"),
    A("go_to", str(QT_TRANSLATE_NOOP("Actions", "&Go to…")), ("Ctrl+K", "G, G"),
      "reading.go_to", "go", separator_before=True),
    A("go_latest", str(QT_TRANSLATE_NOOP("Actions", "Go to &Latest")), ("G, L",),
      "reading.go_latest", "go"),
    A("go_unread", str(QT_TRANSLATE_NOOP("Actions", "Go to U&nread")), ("G, U",),
      "reading.go_unread", "go"),
    A("go_saved", str(QT_TRANSLATE_NOOP("Actions", "Go to &Saved")), ("G, S",), "reading.go_saved",
      "go"),
    A("next_section", str(QT_TRANSLATE_NOOP("Actions", "Next &feed")), ("Ctrl+Down",),
      "reading.next_section", "go"),
    A("previous_section", str(QT_TRANSLATE_NOOP("Actions", "Previous f&eed")), ("Ctrl+Up",),
      "reading.previous_section", "go"),
    # Article
    A("open_in_browser", str(QT_TRANSLATE_NOOP("Actions", "&Open in browser")),
      ("O", "Return", "Enter"), "reading.open_in_browser", "article", icon="open"),
    A("load_full_article", str(QT_TRANSLATE_NOOP("Actions", "Load &full article")), ("F",),
      "full_article.load", "article"),
    A("toggle_read", str(QT_TRANSLATE_NOOP("Actions", "Mark &read / unread")), ("M",),
      "reading.toggle_read", "article"),
    A("toggle_saved", str(QT_TRANSLATE_NOOP("Actions", "&Save / unsave")), ("S",),
      "reading.toggle_saved", "article", icon="star", toolbar=22),
    A("mark_all_read", str(QT_TRANSLATE_NOOP("Actions", "Mark &all read")), ("Shift+A",),
      "reading.mark_all_read", "article", icon="check", toolbar=21, separator_before=True),
    A("mark_older_read", str(QT_TRANSLATE_NOOP("Actions", "Mark ol&der as read")), ("Shift+J",),
      "reading.mark_older_read", "article"),
    A("mark_newer_read", str(QT_TRANSLATE_NOOP("Actions", "Mark ne&wer as read")), ("Shift+K",),
      "reading.mark_newer_read", "article"),
    A("undo", str(QT_TRANSLATE_NOOP("Actions", "&Undo")), ("Ctrl+Z",), "undo", "article",
      separator_before=True),
    # Feed
    A("refresh_feed", str(QT_TRANSLATE_NOOP("Actions", "&Refresh this feed")), ("R",),
      "refresh_section", "feed"),
    A("refresh_all", str(QT_TRANSLATE_NOOP("Actions", "Refresh &all feeds")), ("Shift+R", "F5"),
      "refresh_all", "feed"),
    # The toolbar's refresh fetches what is due (schedules, Cache-Control, <ttl>...).
    A("refresh_due", str(QT_TRANSLATE_NOOP("Actions", "Refresh what is &due")), ("Ctrl+R",),
      "daily.refresh_due", "feed", icon="refresh", toolbar=11),
    A("pause_feed", str(QT_TRANSLATE_NOOP("Actions", "&Pause / resume this feed")), (),
      "daily.toggle_pause", "feed"),
    A("feed_interval", str(QT_TRANSLATE_NOOP("Actions", "Refresh &interval…")), (),
      "daily.set_interval", "feed"),
    A("save_search", str(QT_TRANSLATE_NOOP("Actions", "Save this searc&h…")), ("Ctrl+Shift+S",),
      "daily.save_search", "feed", separator_before=True),
    A("edit_rules", str(QT_TRANSLATE_NOOP("Actions", "R&ules…")), (), "daily.edit_rules",
      "feed"),
    A("rename_feed", str(QT_TRANSLATE_NOOP("Actions", "Re&name…")), ("F2",),
      "library_commands.rename_section", "feed", separator_before=True),
    A("move_feed", str(QT_TRANSLATE_NOOP("Actions", "&Move to folder…")), (),
      "library_commands.move_feed", "feed"),
    A("remove_feed", str(QT_TRANSLATE_NOOP("Actions", "Remo&ve…")), (),
      "library_commands.remove_section", "feed"),
    # Help
    A("shortcuts", str(QT_TRANSLATE_NOOP("Actions", "&Keyboard shortcuts")), ("?",),
      "show_shortcuts", "help"),
    A("about", str(QT_TRANSLATE_NOOP("Actions", "&About Newsreader")), (), "show_about",
      "help"),
)  # fmt: skip
del A

ACTIONS_BY_ID: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}


def translated(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def plain_label(spec: ActionSpec) -> str:
    """The translated label without its mnemonic ampersand or trailing ellipsis."""
    return translated(spec.label).replace("&", "").rstrip("…").strip()


def parse_keys(texts: Iterable[str]) -> list[QKeySequence]:
    """Key sequences from portable text, dropping the ones Qt cannot read."""
    out = []
    for text in texts:
        seq = QKeySequence(text, QKeySequence.SequenceFormat.PortableText)
        if not seq.isEmpty():
            out.append(seq)
    return out


def keys_for(spec: ActionSpec, overrides: Mapping[str, list[str]]) -> tuple[str, ...]:
    """The key sequences (portable text) in force for `spec`."""
    return tuple(overrides[spec.id]) if spec.id in overrides else spec.keys


def conflicts(overrides: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Key sequence (portable text) -> ids of the actions sharing it, for shared keys only."""
    owners: dict[str, list[str]] = {}
    for spec in ACTIONS:
        for text in keys_for(spec, overrides):
            seq = QKeySequence(text, QKeySequence.SequenceFormat.PortableText)
            norm = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if norm:
                owners.setdefault(norm, []).append(spec.id)
    return {k: v for k, v in owners.items() if len(v) > 1}


def handler_of(target: object, spec: ActionSpec) -> Callable[[], object]:
    """The method `spec.handler` names on `target` ("a.b" follows attributes)."""
    found = functools.reduce(getattr, spec.handler.split("."), target)
    if not callable(found):
        raise TypeError(f"{spec.handler} is not callable")
    return found


def build_actions(
    target: QWidget,
    overrides: Mapping[str, list[str]],
    icon_for: Callable[[str], QIcon] | None = None,
) -> dict[str, QAction]:
    """One QAction per spec, added to `target` (so keys work with menus hidden) and wired to
    `target.<handler>`, which is looked up when the action is triggered: the window's command
    helpers are made on first use (start-up time)."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(translated(spec.label), target)
        action.setObjectName(f"action_{spec.id}")
        action.setShortcuts(parse_keys(keys_for(spec, overrides)))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if spec.icon and icon_for is not None:
            action.setIcon(icon_for(spec.icon))
        action.setIconVisibleInMenu(False)
        # Handlers take no arguments: never let Qt pass `checked` into an optional parameter.
        action.triggered.connect(lambda _checked=False, spec=spec: handler_of(target, spec)())
        target.addAction(action)
        actions[spec.id] = action
    return actions


def apply_keys(actions: Mapping[str, QAction], overrides: Mapping[str, list[str]]) -> None:
    """Re-apply key sequences after the user remapped some."""
    for spec in ACTIONS:
        action = actions.get(spec.id)
        if action is not None:
            action.setShortcuts(parse_keys(keys_for(spec, overrides)))
