"""Keyboard-first reading: every default key, sent as key presses to the window."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.ui.articles_model import ArticleRole
from newsreader.ui.sections_model import SectionRole
from tests.ui.conftest import WindowKit, wait_idle

Key = Qt.Key
Mod = Qt.KeyboardModifier


def press(qtbot: Any, kit: WindowKit, key: Key, modifier: Mod = Mod.NoModifier) -> None:
    target = QApplication.focusWidget() or kit.window
    qtbot.keyClick(target, key, modifier)


def current_id(kit: WindowKit) -> int | None:
    index = kit.window.article_list.currentIndex()
    return index.data(ArticleRole.ID) if index.isValid() else None


def unread_count(kit: WindowKit, key: str) -> int:
    return kit.window.sections_model.unread_of(key)


@pytest.fixture
def kit(make_window: Callable[..., WindowKit], news_library: Library) -> WindowKit:
    return make_window(news_library)


def test_j_and_k_move_through_the_list_and_opening_marks_read(
    qtbot: Any, kit: WindowKit, news_library: Library
) -> None:
    window = kit.window
    assert window.current_section.kind == "latest"
    first, second = (a.id for a in news_library.articles(ArticleQuery(limit=2)))
    press(qtbot, kit, Key.Key_J)
    assert current_id(kit) == first
    assert unread_count(kit, "unread") == 56  # opened: marked read at once
    press(qtbot, kit, Key.Key_J)
    assert current_id(kit) == second
    press(qtbot, kit, Key.Key_K)
    assert current_id(kit) == first
    wait_idle(qtbot, kit)
    assert {a.id for a in news_library.articles(ArticleQuery(unread=True))}.isdisjoint(
        {first, second}
    )


def test_opening_does_not_mark_read_when_turned_off(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = make_window(news_library, open_marks_read=False)
    press(qtbot, kit, Key.Key_J)
    wait_idle(qtbot, kit)
    assert news_library.totals()[1] == 57


def test_n_and_p_skip_read_articles(qtbot: Any, kit: WindowKit, news_library: Library) -> None:
    ids = [a.id for a in news_library.articles(ArticleQuery(limit=4))]
    news_library.mark_read([ids[1], ids[2]])
    kit.window.show_section(kit.window.current_section)
    press(qtbot, kit, Key.Key_N)
    assert current_id(kit) == ids[0]
    press(qtbot, kit, Key.Key_N)
    assert current_id(kit) == ids[3]
    kit.window.set_read([ids[0]], False)
    press(qtbot, kit, Key.Key_P)
    assert current_id(kit) == ids[0]


def test_m_toggles_read_and_s_toggles_saved(
    qtbot: Any, kit: WindowKit, news_library: Library
) -> None:
    press(qtbot, kit, Key.Key_J)
    article_id = current_id(kit)
    assert article_id is not None
    press(qtbot, kit, Key.Key_M)  # opened (read) -> unread again
    assert kit.window.current_article().read is False  # type: ignore[union-attr]
    press(qtbot, kit, Key.Key_S)
    assert kit.window.current_article().saved is True  # type: ignore[union-attr]
    assert kit.window.sections_model.index_for_key("saved").data(SectionRole.COUNT) == 1
    wait_idle(qtbot, kit)
    stored = news_library.article(article_id)
    assert stored.saved and not stored.read
    press(qtbot, kit, Key.Key_S)
    wait_idle(qtbot, kit)
    assert not news_library.article(article_id).saved


def test_g_chords_go_to_the_smart_views(qtbot: Any, kit: WindowKit) -> None:
    window = kit.window
    press(qtbot, kit, Key.Key_G)
    press(qtbot, kit, Key.Key_U)
    assert window.current_section.kind == "unread"
    press(qtbot, kit, Key.Key_G)
    press(qtbot, kit, Key.Key_S)
    assert window.current_section.kind == "saved"
    assert window.articles_model.rowCount() == 0
    assert "No saved articles" in window.article_list.empty_text
    press(qtbot, kit, Key.Key_G)
    press(qtbot, kit, Key.Key_L)
    assert window.current_section.kind == "latest"
    assert window.articles_model.rowCount() == 57


def test_space_pages_then_moves_to_the_next_unread(qtbot: Any, kit: WindowKit) -> None:
    press(qtbot, kit, Key.Key_Space)  # nothing open yet: opens the first unread
    first = current_id(kit)
    assert first is not None
    pages = 0
    while current_id(kit) == first and pages < 50:  # short article: soon at its end
        press(qtbot, kit, Key.Key_Space)
        pages += 1
    assert current_id(kit) != first
    press(qtbot, kit, Key.Key_Space, Mod.ShiftModifier)  # page up never changes article
    assert current_id(kit) is not None


def test_o_and_enter_open_http_links_only(
    qtbot: Any, kit: WindowKit, news_library: Library
) -> None:
    press(qtbot, kit, Key.Key_J)
    press(qtbot, kit, Key.Key_O)
    press(qtbot, kit, Key.Key_Return)
    link = kit.window.current_article().link  # type: ignore[union-attr]
    assert kit.opened == [link, link]
    from tests.ui.conftest import add_feed, entries

    bad = entries("bad", 1)[0]
    from dataclasses import replace

    add_feed(news_library, "Xấu", [replace(bad, link="javascript:alert(1)", guid="x")])
    kit.window.show_section(kit.window.current_section)
    kit.window.articles_model.fetchMore(kit.window.article_list.rootIndex())
    row = next(
        r
        for r in range(kit.window.articles_model.rowCount())
        if kit.window.articles_model.article(r).link == "javascript:alert(1)"  # type: ignore[union-attr]
    )
    kit.window.article_list.setCurrentIndex(kit.window.articles_model.index(row))
    press(qtbot, kit, Key.Key_O)
    assert len(kit.opened) == 2
    assert "no web address" in kit.window.status_text()


def test_shift_a_marks_the_section_read(qtbot: Any, kit: WindowKit, news_library: Library) -> None:
    window = kit.window
    feed = next(f for f in news_library.feeds() if f.title == "Thời sự")
    window.select_section(
        window.sections_model.section(window.sections_model.index_for_key(f"feed:{feed.id}"))
    )  # type: ignore[arg-type]
    press(qtbot, kit, Key.Key_A, Mod.ShiftModifier)
    assert unread_count(kit, f"feed:{feed.id}") == 0
    assert unread_count(kit, "folder:VnExpress") == 15
    wait_idle(qtbot, kit)
    assert news_library.feed(feed.id).unread == 0
    assert news_library.totals()[1] == 37


def test_ctrl_down_and_up_walk_the_sections(qtbot: Any, kit: WindowKit) -> None:
    window = kit.window
    order = [s.key for s in window.sections_model.sections_in_order()]
    press(qtbot, kit, Key.Key_Down, Mod.ControlModifier)
    assert window.current_section.key == order[1]
    press(qtbot, kit, Key.Key_Down, Mod.ControlModifier)
    press(qtbot, kit, Key.Key_Down, Mod.ControlModifier)
    assert window.current_section.key == order[3]
    press(qtbot, kit, Key.Key_Up, Mod.ControlModifier)
    assert window.current_section.key == order[2]


def test_text_size_keys(qtbot: Any, kit: WindowKit) -> None:
    press(qtbot, kit, Key.Key_Equal, Mod.ControlModifier)
    press(qtbot, kit, Key.Key_Equal, Mod.ControlModifier)
    assert kit.settings.value.text_scale == 120
    press(qtbot, kit, Key.Key_Minus, Mod.ControlModifier)
    assert kit.settings.value.text_scale == 110


def test_slash_searches_and_escape_restores_the_section(
    qtbot: Any, kit: WindowKit, news_library: Library
) -> None:
    window = kit.window
    window.reading.go_unread()
    press(qtbot, kit, Key.Key_Slash)
    assert QApplication.focusWidget() is window.search_box
    qtbot.keyClicks(window.search_box, "dot pha")  # no marks: finds "Đột phá"
    qtbot.waitUntil(lambda: window.search_active and 0 < window.articles_model.rowCount() < 57)
    titles = {
        window.articles_model.article(r).title for r in range(window.articles_model.rowCount())
    }  # type: ignore[union-attr]
    assert all("Đột phá" in t for t in titles)
    press(qtbot, kit, Key.Key_Escape)
    assert not window.search_active and window.search_box.text() == ""
    assert window.current_section.kind == "unread"
    assert window.articles_model.rowCount() == 57


def test_bad_search_shows_one_line_message(qtbot: Any, kit: WindowKit) -> None:
    window = kit.window
    window.focus_search()
    qtbot.keyClicks(window.search_box, "***")
    qtbot.waitUntil(lambda: bool(window.article_list.empty_text) and window.search_active)
    qtbot.waitUntil(lambda: "\n" not in window.status_text() and window.status_text() != "")
    assert window.articles_model.rowCount() == 0


def test_question_mark_shows_the_shortcut_help(qtbot: Any, kit: WindowKit) -> None:
    seen: list[int] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        seen.append(dialog.model.rowCount())  # type: ignore[attr-defined]
        dialog.reject()

    QTimer.singleShot(50, close_dialog)
    press(qtbot, kit, Key.Key_Question)
    assert seen and seen[0] > 20
