"""The "go to…" switcher, back/forward and "mark read, next unread" from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.ui.goto import destinations, match
from newsreader.ui.sections_model import Section, SectionsModel
from newsreader.ui.theme import ThemeManager
from tests.ui.conftest import WindowKit, wait_idle

Key = Qt.Key
Mod = Qt.KeyboardModifier


def press(qtbot: Any, kit: WindowKit, key: Key, modifier: Mod = Mod.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or kit.window, key, modifier)


def active_window(qtbot: Any, kit: WindowKit) -> WindowKit:
    """Window shortcuts need the window active (offscreen, activation arrives as an event)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is kit.window)
    return kit


def test_match_folds_accents_and_puts_title_starts_first(news_library: Library) -> None:
    model = SectionsModel()
    model.set_library_state(news_library.feeds(), news_library.folders(), news_library.totals())
    choices = destinations(model)
    titles = [d.title for d in match(choices, "thoi su")]
    assert titles == ["Thời sự"]
    assert [d.title for d in match(choices, "DO THI")][:1] == ["Đô thị"]
    # A word of the folder finds its feeds too; the folder itself comes first (title match).
    assert [d.title for d in match(choices, "vnexp")] == ["VnExpress", "Thời sự", "Kinh doanh"]
    assert match(choices, "no such place") == []
    assert len(match(choices, "")) == len(choices)


def test_go_to_switcher_selects_the_typed_feed(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = active_window(qtbot, make_window(news_library))
    window = kit.window
    press(qtbot, kit, Key.Key_K, Mod.ControlModifier)
    dialog = window.goto_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.text_box, "tuoi tre")
    assert dialog.shown_titles() == ["Tuổi Trẻ"]
    qtbot.keyClick(dialog.text_box, Key.Key_Return)
    assert window.current_section.kind == "feed"
    assert window.sections_model.index_for_key(window.current_section.key).data() == "Tuổi Trẻ"
    assert not dialog.isVisible()


def test_g_g_opens_the_switcher_and_arrows_choose(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = active_window(qtbot, make_window(news_library))
    window = kit.window
    press(qtbot, kit, Key.Key_G)
    press(qtbot, kit, Key.Key_G)
    dialog = window.goto_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.text_box, "vnexpress")
    qtbot.keyClick(dialog.text_box, Key.Key_Down)
    qtbot.keyClick(dialog.text_box, Key.Key_Enter)
    assert window.sections_model.index_for_key(window.current_section.key).data() == "Thời sự"


def test_back_and_forward_through_the_articles_read(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = active_window(qtbot, make_window(news_library))
    window = kit.window
    first, second, third = (a.id for a in news_library.articles(ArticleQuery(limit=3)))
    for _ in range(3):
        press(qtbot, kit, Key.Key_J)
    assert window.shown_article_id == third
    press(qtbot, kit, Key.Key_Left, Mod.AltModifier)
    assert window.shown_article_id == second
    press(qtbot, kit, Key.Key_Left, Mod.AltModifier)
    assert window.shown_article_id == first
    press(qtbot, kit, Key.Key_Right, Mod.AltModifier)
    assert window.shown_article_id == second
    # An article the list no longer holds (another section) still comes back, in the view.
    feed = next(f for f in news_library.feeds() if f.title == "Đô thị")
    window.select_section(Section("feed", feed_id=feed.id))
    press(qtbot, kit, Key.Key_J)
    opened = window.shown_article_id
    assert opened not in (first, second, third)
    press(qtbot, kit, Key.Key_Left, Mod.AltModifier)
    assert window.shown_article_id == second
    shown = window.article_view.current_article()
    assert shown is not None and shown.id == second
    press(qtbot, kit, Key.Key_Right, Mod.AltModifier)
    assert window.shown_article_id == opened
    wait_idle(qtbot, kit)


def test_mark_read_and_next_unread_on_one_key(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = active_window(qtbot, make_window(news_library, open_marks_read=False))
    window = kit.window
    first, second = (a.id for a in news_library.articles(ArticleQuery(limit=2)))
    press(qtbot, kit, Key.Key_J)
    assert window.shown_article_id == first
    press(qtbot, kit, Key.Key_N, Mod.ShiftModifier)
    assert window.shown_article_id == second
    wait_idle(qtbot, kit)
    unread = {a.id for a in news_library.articles(ArticleQuery(unread=True))}
    assert first not in unread and second in unread


def test_go_to_finds_saved_searches(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    news_library.searches.save("Giá vàng", "giá vàng")
    kit = active_window(qtbot, make_window(news_library))
    window = kit.window
    press(qtbot, kit, Key.Key_K, Mod.ControlModifier)
    dialog = window.goto_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.text_box, "gia vang")
    assert dialog.shown_titles()[:1] == ["Giá vàng"]
    qtbot.keyClick(dialog.text_box, Key.Key_Return)
    assert window.current_section.kind == "search"


def test_switcher_rows_have_room_to_breathe(
    qtbot: Any, qapp: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    # Rows were set solid at the font's height (15 px), tighter than any other list in the app.
    ThemeManager(qapp, "light").apply()
    kit = active_window(qtbot, make_window(news_library))
    press(qtbot, kit, Key.Key_K, Mod.ControlModifier)
    dialog = kit.window.goto_dialog
    assert dialog is not None
    view = dialog.list_view
    row = view.visualRect(dialog.model.index(0)).height()
    assert row >= view.fontMetrics().height() + 8
