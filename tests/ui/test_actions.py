"""The actions table: one declaration drives menus, keys, toolbar, help and remapping."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtGui import QKeySequence

from newsreader.ui.actions import ACTIONS, MENUS, conflicts, handler_of, keys_for, parse_keys
from newsreader.ui.window import MainWindow


def test_ids_are_unique_and_every_handler_exists(make_window: Any, library: Any) -> None:
    assert len({a.id for a in ACTIONS}) == len(ACTIONS)
    window = make_window(library).window
    for spec in ACTIONS:
        assert callable(handler_of(window, spec)), spec.handler
    assert isinstance(window, MainWindow)


def test_no_two_actions_share_a_default_key() -> None:
    keys = Counter(
        QKeySequence(k, QKeySequence.SequenceFormat.PortableText).toString(
            QKeySequence.SequenceFormat.PortableText
        )
        for spec in ACTIONS
        for k in spec.keys
    )
    assert [k for k, n in keys.items() if n > 1] == []
    assert conflicts({}) == {}


def test_every_default_key_parses_and_every_action_is_in_a_menu() -> None:
    menus = {m for m, _ in MENUS}
    for spec in ACTIONS:
        assert spec.menu in menus
        assert len(parse_keys(spec.keys)) == len(spec.keys), spec.id


def test_required_defaults() -> None:
    by_id = {a.id: a for a in ACTIONS}
    expected = {
        "next_article": ("J",),
        "previous_article": ("K",),
        "next_unread": ("N",),
        "previous_unread": ("P",),
        "page_down": ("Space",),
        "page_up": ("Shift+Space",),
        "toggle_read": ("M",),
        "toggle_saved": ("S",),
        "mark_all_read": ("Shift+A",),
        "refresh_feed": ("R",),
        "go_latest": ("G, L",),
        "go_unread": ("G, U",),
        "go_saved": ("G, S",),
        "next_section": ("Ctrl+Down",),
        "previous_section": ("Ctrl+Up",),
        "text_smaller": ("Ctrl+-",),
        "shortcuts": ("?",),
        "leave_search": ("Esc",),
    }
    for action_id, keys in expected.items():
        assert by_id[action_id].keys == keys
    assert by_id["open_in_browser"].keys[:2] == ("O", "Return")
    assert by_id["search"].keys == ("/", "Ctrl+F")
    assert by_id["refresh_all"].keys[0] == "Shift+R"
    assert by_id["text_bigger"].keys[0] == "Ctrl+="


def test_user_remaps_replace_defaults_and_conflicts_are_found() -> None:
    spec = next(a for a in ACTIONS if a.id == "toggle_saved")
    assert keys_for(spec, {"toggle_saved": ["Ctrl+S"]}) == ("Ctrl+S",)
    assert keys_for(spec, {"toggle_saved": []}) == ()
    assert conflicts({"toggle_saved": ["J"]}) == {"J": ["next_article", "toggle_saved"]}


def test_menus_and_toolbar_come_from_the_table(make_window: Any, library: Any) -> None:
    kit = make_window(library, keys={"toggle_saved": ["Ctrl+S"]})
    window = kit.window
    in_menus = {a.objectName() for m in window.menus.values() for a in m.actions()}
    assert {f"action_{a.id}" for a in ACTIONS} <= in_menus
    toolbar = [a.objectName() for a in window.toolbar.actions() if a.objectName()]
    assert toolbar == [
        f"action_{a.id}" for a in sorted(ACTIONS, key=lambda a: a.toolbar) if a.toolbar
    ]
    saved = window.actions_by_id["toggle_saved"]
    assert [s.toString() for s in saved.shortcuts()] == ["Ctrl+S"]
    assert "Ctrl+S" in saved.toolTip()
    window.apply_settings({"keys": {}})
    assert [s.toString() for s in saved.shortcuts()] == ["S"]
