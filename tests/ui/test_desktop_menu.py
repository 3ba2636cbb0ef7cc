"""The window offers the application-menu entry once, and File ▸ Add to application menu adds it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from newsreader.core.library import Library
from newsreader.settings import SettingsStore
from tests.ui.conftest import WindowKit


def test_first_start_offers_the_menu_entry_once(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library, tmp_path: Path
) -> None:
    window = make_window(library).window
    env = {"XDG_DATA_HOME": str(tmp_path / "share")}
    window.desktop_menu.env = env
    settings = SettingsStore(tmp_path / "settings.json")
    box = window.desktop_menu.offer_once(settings)
    assert box is not None and box.isVisible()
    assert settings.value.desktop_entry_offered
    add = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    add.click()
    entry = tmp_path / "share" / "applications" / "newsreader.desktop"
    qtbot.waitUntil(entry.exists, timeout=5_000)
    assert "application menu" in window.status_text()
    assert window.desktop_menu.offer_once(SettingsStore(tmp_path / "other.json")) is None
    assert window.desktop_menu.offer_once(settings) is None  # asked once, whatever the answer


def test_not_now_is_remembered(
    make_window: Callable[..., WindowKit], library: Library, tmp_path: Path
) -> None:
    window = make_window(library).window
    window.desktop_menu.env = {"XDG_DATA_HOME": str(tmp_path / "share")}
    settings = SettingsStore(tmp_path / "settings.json")
    box = window.desktop_menu.offer_once(settings)
    assert box is not None
    box.reject()
    assert not (tmp_path / "share" / "applications").exists()
    assert window.desktop_menu.offer_once(SettingsStore(tmp_path / "settings.json")) is None


def test_file_menu_adds_to_the_application_menu(
    make_window: Callable[..., WindowKit], library: Library, tmp_path: Path
) -> None:
    window = make_window(library).window
    window.desktop_menu.env = {"XDG_DATA_HOME": str(tmp_path / "share")}
    action = window.actions_by_id["install_desktop"]
    assert action in window.menus["file"].actions()
    action.trigger()
    assert (tmp_path / "share" / "applications" / "newsreader.desktop").exists()
    assert (tmp_path / "share/icons/hicolor/scalable/apps/newsreader.svg").exists()
