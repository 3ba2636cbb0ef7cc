"""The window built in two stages (`MainWindow(staged=True)`, what the application starts): the
first frame shows the three panes with the list's first page; the menus, the actions with their
keys, the tool bar with the search box and the status bar are added to the same window once that
frame is painted, and the keys work from then on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.settings import SettingsStore
from newsreader.ui.articles_model import ArticleRole
from newsreader.ui.messages import MessageBridge
from newsreader.ui.refresh import RefreshController
from newsreader.ui.window import MainWindow
from newsreader.ui.workers import Workers
from tests.ui.conftest import NOW, FakePrompts


@pytest.fixture
def workers() -> Iterator[Workers]:
    pool = Workers(threads=2)
    yield pool
    pool.shutdown(10_000)


def staged_window(
    qtbot: Any, library: Library, workers: Workers, tmp_path: Path, **kwargs: Any
) -> MainWindow:
    window = MainWindow(
        library,
        SettingsStore(tmp_path / "settings.json"),
        workers=workers,
        refresher=RefreshController(library, workers, 0),
        messages=kwargs.pop("messages", None) or MessageBridge(),
        prompts=FakePrompts(),  # type: ignore[arg-type]
        clock=lambda: NOW,
        counts_later=True,
        staged=True,
        **kwargs,
    )
    qtbot.addWidget(window)
    return window


def test_the_first_frame_has_the_panes_and_the_commands_follow_its_paint(
    qtbot: Any, news_library: Library, workers: Workers, tmp_path: Path
) -> None:
    window = staged_window(qtbot, news_library, workers, tmp_path)
    # Before the first paint: the panes and the list's first page, no commands yet.
    assert not window.commands_ready
    assert window.articles_model.rowCount() > 0
    assert window.menuBar().actions() == []
    assert not hasattr(window, "actions_by_id")
    with qtbot.waitSignal(window.commands_built, timeout=5_000):
        window.show()
    assert window.commands_ready
    assert len(window.menuBar().actions()) == len(window.menus) > 0
    assert window.actions_by_id["refresh_all"].shortcut().toString()
    qtbot.waitUntil(lambda: window.toolbar.isVisible() and window.statusBar().isVisible())
    assert window.menuBar().isVisible()
    # The keys work now, on the same window: J (an action's key) opens the first article.
    first = news_library.articles(ArticleQuery(limit=1))[0].id
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_J)
    assert window.article_list.currentIndex().data(ArticleRole.ID) == first
    window.finish_building()  # once only
    assert len(window.menuBar().actions()) == len(window.menus)


def test_a_message_from_before_the_status_bar_is_shown_with_it(
    qtbot: Any, news_library: Library, workers: Workers, tmp_path: Path
) -> None:
    messages = MessageBridge()
    window = staged_window(qtbot, news_library, workers, tmp_path, messages=messages)
    messages.error("Không đọc được thư viện")
    assert not window.commands_ready
    with qtbot.waitSignal(window.commands_built, timeout=5_000):
        window.show()
    assert window.status_text() == "Không đọc được thư viện"


def test_a_window_closed_before_its_first_paint_closes_whole(
    qtbot: Any, news_library: Library, workers: Workers, tmp_path: Path
) -> None:
    window = staged_window(qtbot, news_library, workers, tmp_path)
    with qtbot.waitSignal(window.closed, timeout=2_000):
        window.quit()
    assert window.commands_ready
    assert window.settings.value.last_section == "latest"


def test_without_stages_the_window_is_whole_at_once(
    qtbot: Any, news_library: Library, workers: Workers, tmp_path: Path
) -> None:
    window = MainWindow(
        news_library,
        SettingsStore(tmp_path / "settings.json"),
        workers=workers,
        refresher=RefreshController(news_library, workers, 0),
        messages=MessageBridge(),
        prompts=FakePrompts(),  # type: ignore[arg-type]
        clock=lambda: NOW,
    )
    qtbot.addWidget(window)
    assert window.commands_ready
    assert len(window.menuBar().actions()) == len(window.menus)
    assert window.actions_by_id["rename_feed"].isEnabled() is False  # Latest: not editable
