"""Narrow windows: two panes (list + reader) under 1100 px with the sections as a drawer; panes
hidden and shown by keys from the actions table; the reader keeps a readable measure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication

from newsreader.core.library import Library
from newsreader.ui.article_html import column_width_px
from newsreader.ui.panes import FIRST_SIZE, NARROW_WIDTH, first_window_size
from newsreader.ui.sections_model import Section
from tests.ui.conftest import WindowKit

Key = Qt.Key


def press(qtbot: Any, kit: WindowKit, key: Key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or kit.window, key)


@pytest.fixture
def kit(make_window: Callable[..., WindowKit], news_library: Library) -> WindowKit:
    return make_window(news_library)


def resize(qtbot: Any, kit: WindowKit, width: int, height: int) -> None:
    kit.window.resize(width, height)
    qtbot.waitUntil(lambda: kit.window.width() == width, timeout=3_000)
    QApplication.processEvents()


def test_narrow_window_reads_in_two_panes(qtbot: Any, kit: WindowKit) -> None:
    window = kit.window
    resize(qtbot, kit, 1320, 820)
    assert window.sections_view.isVisible() and not window.panes.narrow
    resize(qtbot, kit, 1024, 700)
    assert window.panes.narrow and NARROW_WIDTH > 1024
    assert not window.sections_view.isVisible()
    assert window.article_list.isVisible()
    assert window.article_view.width() >= 600  # not ~310 px as with three panes
    # The reader's column: as wide as the pane allows, never wider than ~70 characters.
    assert 540 <= window.article_view._column_width() <= column_width_px(100)

    reader = window.article_view.width()
    press(qtbot, kit, Key.Key_F9)  # the sections drawer, in the list's place
    assert window.sections_view.isVisible() and not window.article_list.isVisible()
    assert QApplication.focusWidget() is window.sections_view
    assert abs(window.article_view.width() - reader) <= 2  # the reader keeps its width
    index = window.sections_model.index_for_key("folder:VnExpress")
    rect = window.sections_view.visualRect(index)
    qtbot.mouseClick(window.sections_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section.key == "folder:VnExpress"
    assert not window.sections_view.isVisible()  # chosen: the drawer closes
    assert window.article_list.isVisible()
    assert QApplication.focusWidget() is window.article_list

    resize(qtbot, kit, 1320, 820)  # wide again: three panes
    assert not window.panes.narrow and window.sections_view.isVisible()


def test_panes_hide_and_show_by_key(qtbot: Any, kit: WindowKit) -> None:
    window = kit.window
    resize(qtbot, kit, 1320, 820)
    window.article_list.setFocus()
    press(qtbot, kit, Key.Key_F9)
    assert not window.sections_view.isVisible()
    press(qtbot, kit, Key.Key_F8)
    assert not window.article_list.isVisible()  # the reader alone
    press(qtbot, kit, Key.Key_J)  # j still moves through the list
    assert QApplication.focusWidget() is window.article_view
    assert window.current_article() is not None
    press(qtbot, kit, Key.Key_F8)
    press(qtbot, kit, Key.Key_F9)
    assert window.sections_view.isVisible() and window.article_list.isVisible()
    assert window.actions_by_id["toggle_sections"].shortcut().toString() == "F9"


def test_narrow_layout_is_not_saved_as_the_wide_one(qtbot: Any, kit: WindowKit) -> None:
    window = kit.window
    resize(qtbot, kit, 1400, 820)  # the test screen is small: the window starts narrow
    resize(qtbot, kit, 1320, 820)
    wide = window.splitter.sizes()
    resize(qtbot, kit, 1000, 700)
    window.save_state()
    assert kit.settings.value.splitter_sizes == wide


def test_first_window_fits_a_small_screen() -> None:
    # A 1024x700 laptop screen (less its panels): the first window must not hang off it.
    assert first_window_size(QSize(1024, 672)) == QSize(1024, 672)
    assert first_window_size(QSize(1920, 1050)) == FIRST_SIZE
    assert first_window_size(QSize(1600, 700)) == QSize(FIRST_SIZE.width(), 700)
    assert first_window_size(QSize()) == FIRST_SIZE


def test_a_geometry_qt_refuses_gives_the_first_size(
    make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    # Saved on a 1024x700 screen, started on a bigger one: Qt's restoreGeometry() says no and
    # leaves the window at 200x100 under X11; the first size is used instead.
    kit = make_window(news_library, window_geometry="bm90IGEgZ2VvbWV0cnk=")
    available = kit.window.screen().availableGeometry().size()
    assert kit.window.size() == first_window_size(available)


def test_window_title_names_the_section_shown(qtbot: Any, kit: WindowKit) -> None:
    # In a narrow window the sections pane is hidden: the title says where the list comes from.
    window = kit.window
    assert window.windowTitle() == "Latest — Newsreader"
    feed = next(f for f in window.library.feeds() if f.title == "Kinh doanh")
    window.select_section(Section("feed", feed.id, folder="VnExpress"))
    assert window.windowTitle() == "Kinh doanh · VnExpress — Newsreader"
