"""Undo (Ctrl+Z and the status bar's "Undo" button) for marking, saving and removing; marking
older or newer articles read; removing several sections (a folder with its feeds) at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.ui.sections_model import Section
from tests.ui.conftest import WindowKit, wait_idle

Key = Qt.Key
Mod = Qt.KeyboardModifier


def press(qtbot: Any, kit: WindowKit, key: Key, modifier: Mod = Mod.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or kit.window, key, modifier)


def unread_in_library(library: Library, query: ArticleQuery = ArticleQuery()) -> int:
    return library.count_articles(ArticleQuery(query.feed_id, query.folder, unread=True))


@pytest.fixture
def kit(make_window: Callable[..., WindowKit], news_library: Library) -> WindowKit:
    return make_window(news_library, open_marks_read=False)


def test_shift_a_then_ctrl_z_restores_exactly_the_unread_articles(
    qtbot: Any, kit: WindowKit, news_library: Library
) -> None:
    window = kit.window
    earlier_read = [a.id for a in news_library.articles(ArticleQuery(limit=3))]
    news_library.mark_read(earlier_read)
    window.show_section(window.current_section)
    assert unread_in_library(news_library) == 54
    press(qtbot, kit, Key.Key_A, Mod.ShiftModifier)
    qtbot.waitUntil(lambda: window.undo_stack.can_undo(), timeout=5_000)
    wait_idle(qtbot, kit)
    assert unread_in_library(news_library) == 0
    assert window.undo_button.isVisible()
    assert window.status_text() == "54 articles marked read"

    press(qtbot, kit, Key.Key_Z, Mod.ControlModifier)
    wait_idle(qtbot, kit)
    qtbot.waitUntil(lambda: window.sections_model.unread_of("unread") == 54, timeout=5_000)
    assert unread_in_library(news_library) == 54
    read_now = {a.id for a in news_library.articles() if a.read}
    assert read_now == set(earlier_read)  # the three read before stay read
    assert window.status_text().startswith("Undone: 54 articles marked read")
    assert not window.undo_button.isVisible()


def test_undo_button_takes_back_read_and_saved(
    qtbot: Any, kit: WindowKit, news_library: Library
) -> None:
    window = kit.window
    press(qtbot, kit, Key.Key_J)
    article = window.current_article()
    assert article is not None and not article.read
    press(qtbot, kit, Key.Key_M)
    press(qtbot, kit, Key.Key_S)
    assert window.undo_button.isVisible()
    window.undo_button.click()  # takes back the save
    wait_idle(qtbot, kit)
    assert not news_library.article(article.id).saved
    assert news_library.article(article.id).read
    press(qtbot, kit, Key.Key_Z, Mod.ControlModifier)  # then the read mark
    wait_idle(qtbot, kit)
    assert not news_library.article(article.id).read
    press(qtbot, kit, Key.Key_Z, Mod.ControlModifier)
    assert window.status_text() == "Nothing to undo"


def test_mark_older_and_newer_read(qtbot: Any, kit: WindowKit, news_library: Library) -> None:
    window = kit.window
    feed = next(f for f in news_library.feeds() if f.title == "Thời sự")
    window.select_section(Section("feed", feed_id=feed.id, folder="VnExpress"))
    window.article_list.setFocus()
    for _ in range(6):
        press(qtbot, kit, Key.Key_J)  # the sixth article (row 5) is open
    ids = [a.id for a in news_library.articles(ArticleQuery(feed_id=feed.id))]
    assert len(ids) == 20
    press(qtbot, kit, Key.Key_J, Mod.ShiftModifier)  # older: rows 5..19
    qtbot.waitUntil(lambda: window.undo_stack.can_undo(), timeout=5_000)
    wait_idle(qtbot, kit)
    read = {a.id for a in news_library.articles(ArticleQuery(feed_id=feed.id)) if a.read}
    assert read == set(ids[5:])
    assert window.status_text() == "15 articles marked read"
    press(qtbot, kit, Key.Key_K, Mod.ShiftModifier)  # newer: rows 0..4
    wait_idle(qtbot, kit)
    assert unread_in_library(news_library, ArticleQuery(feed_id=feed.id)) == 0
    press(qtbot, kit, Key.Key_Z, Mod.ControlModifier)
    wait_idle(qtbot, kit)
    read = {a.id for a in news_library.articles(ArticleQuery(feed_id=feed.id)) if a.read}
    assert read == set(ids[5:])


def test_removing_a_feed_can_be_undone(qtbot: Any, kit: WindowKit, news_library: Library) -> None:
    window = kit.window
    feed = next(f for f in news_library.feeds() if f.title == "Tuổi Trẻ")
    window.select_section(Section("feed", feed_id=feed.id))
    kit.prompts.answers["confirm"] = True
    window.actions_by_id["remove_feed"].trigger()
    assert not window.sections_model.index_for_key(f"feed:{feed.id}").isValid()
    assert "removed" in window.status_text()
    assert window.current_section.kind == "latest"
    listed = [window.articles_model.article(r) for r in range(window.articles_model.rowCount())]
    assert len(listed) == 47 and all(a and a.feed_id != feed.id for a in listed)
    window.set_read([listed[0].id], True)  # a write, then a sync: the rows stay out
    wait_idle(qtbot, kit)
    with qtbot.waitSignal(window.library_synced, timeout=5_000):
        window.sync_library()
    assert window.articles_model.rowCount() == 47
    assert window.undo_button.isVisible()
    window.undo_button.click()
    assert window.sections_model.index_for_key(f"feed:{feed.id}").isValid()
    assert window.articles_model.rowCount() == 57  # back in their places
    window.undo_stack.commit_all()  # nothing is left to carry out
    wait_idle(qtbot, kit)
    assert any(f.id == feed.id for f in news_library.feeds())


def test_several_sections_removed_with_one_question(
    qtbot: Any, kit: WindowKit, news_library: Library
) -> None:
    window = kit.window
    model, view = window.sections_model, window.sections_view
    loose = next(f for f in news_library.feeds() if f.title == "Tuổi Trẻ")
    window.select_section(Section("folder", folder="VnExpress"))
    view.selectionModel().select(
        model.index_for_key(f"feed:{loose.id}"), QItemSelectionModel.SelectionFlag.Select
    )
    kit.prompts.answers["confirm"] = True
    window.actions_by_id["remove_feed"].trigger()
    assert len(kit.prompts.asked) == 1
    assert "2 feeds and folders" in kit.prompts.asked[0][1][0]
    assert model.feed_count() == 1  # only "Đô thị" is left on screen
    window.undo_stack.commit_all()
    wait_idle(qtbot, kit)
    assert [f.title for f in news_library.feeds()] == ["Đô thị"]
    assert [f.name for f in news_library.folders()] == ["Kinh tế & Đô thị"]


def test_right_click_keeps_a_multiple_selection_and_names_the_folder(
    qtbot: Any, kit: WindowKit, news_library: Library
) -> None:
    from PySide6.QtWidgets import QMenu

    window = kit.window
    model, view = window.sections_model, window.sections_view
    folder = model.index_for_key("folder:VnExpress")
    loose = model.index_for_key(
        f"feed:{next(f.id for f in news_library.feeds() if f.title == 'Tuổi Trẻ')}"
    )
    window.select_section(Section("folder", folder="VnExpress"))
    view.selectionModel().select(loose, QItemSelectionModel.SelectionFlag.Select)
    view.customContextMenuRequested.emit(view.visualRect(folder).center())
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    assert len(view.selectionModel().selectedIndexes()) == 2
    assert window.actions_by_id["refresh_feed"].text() == "&Refresh this folder"
    menu.close()
    assert len(window.library_commands.selected_sections()) == 2


def test_ctrl_down_moves_the_selection_without_adding_to_it(qtbot: Any, kit: WindowKit) -> None:
    window = kit.window
    window.article_list.setFocus()
    for _ in range(3):
        press(qtbot, kit, Key.Key_Down, Mod.ControlModifier)
    assert len(window.sections_view.selectionModel().selectedIndexes()) == 1
    assert len(window.library_commands.selected_sections()) <= 1


def test_take_out_and_put_back_keep_the_model_valid(
    qtmodeltester: Any, news_library: Library
) -> None:
    from newsreader.ui.articles_model import ArticleListModel

    model = ArticleListModel()
    articles = news_library.articles(ArticleQuery())
    model.show(articles)
    qtmodeltester.check(model, force_py=True)  # watches the change signals that follow
    feed_ids = {a.feed_id for a in articles if a.feed_title in ("Thời sự", "Tuổi Trẻ")}
    taken = model.take_out({i for i in feed_ids if i is not None})
    assert len(taken) == 30 and model.rowCount() == 27
    assert all(model.article(r).feed_id not in feed_ids for r in range(27))  # type: ignore[union-attr]
    assert model.put_back(taken) == 30
    assert [model.article(r) for r in range(model.rowCount())] == articles
