"""The window's everyday parts: saved searches as sections, the rules editor with its live
preview, refreshing only what is due, one row per story."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsreader.core.library import Library
from newsreader.ui.rules_dialog import RulesDialog
from newsreader.ui.sections_model import Section, SectionRole
from tests.ui.conftest import WindowKit, add_feed, entries, wait_idle


def test_saved_search_is_a_section_with_unread_counts(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = make_window(news_library)
    window = kit.window
    qtbot.keyClicks(window.search_box, "gia vang")
    qtbot.waitUntil(lambda: window.search_active and window.articles_model.rowCount() > 0)
    kit.prompts.answers["text"] = "Giá vàng"
    window.actions_by_id["save_search"].trigger()
    wait_idle(qtbot, kit)
    saved = news_library.searches.find("Giá vàng")
    index = window.sections_model.index_for_key(f"search:{saved.id}")
    assert index.isValid() and index.data() == "Giá vàng"
    assert index.data(SectionRole.COUNT) == saved.unread == saved.total > 0
    assert window.current_section.kind == "search"
    qtbot.waitUntil(lambda: window.articles_model.rowCount() == saved.total)
    titles = [window.articles_model.article(r).title for r in range(saved.total)]  # type: ignore[union-attr]
    assert all("Giá vàng" in t for t in titles)
    # Reading one lowers the section's count at the next sync.
    news_library.mark_read([window.articles_model.article(0).id])  # type: ignore[union-attr]
    window.reload_sections()
    index = window.sections_model.index_for_key(f"search:{saved.id}")
    assert index.data(SectionRole.COUNT) == saved.unread - 1
    # Removing it forgets the search, not the articles.
    kit.prompts.answers["confirm"] = True
    window.actions_by_id["remove_feed"].trigger()
    wait_idle(qtbot, kit)
    assert news_library.searches.all() == []
    assert not window.sections_model.index_for_key(f"search:{saved.id}").isValid()


def test_rules_editor_previews_then_adds_and_removes(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = make_window(news_library)
    dialog = RulesDialog(news_library, kit.workers, ["VnExpress"], kit.window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.match_edit, "doi tuyen")
    qtbot.waitUntil(lambda: dialog.preview_model.rowCount() > 0, timeout=5_000)
    preview = dialog.preview_model.stringList()
    assert all("Đội tuyển" in line for line in preview)
    dialog.action_box.setCurrentIndex(dialog.action_box.findData("hide"))
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.rules_model.rowCount() == 1, timeout=5_000)
    assert [r.match for r in news_library.rules.all()] == ["doi tuyen"]
    assert "doi tuyen" in dialog.rules_model.item(0).text()
    dialog.match_edit.setText("/(/")
    qtbot.waitUntil(lambda: "regular expression" in dialog.preview_label.text(), timeout=5_000)
    dialog.rules_view.setCurrentIndex(dialog.rules_model.index(0, 0))
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.rules_model.rowCount() == 0, timeout=5_000)
    assert news_library.rules.all() == []


def test_refresh_due_fetches_nothing_just_fetched(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = make_window(news_library)
    with qtbot.waitSignal(kit.refresher.finished, timeout=5_000) as blocker:
        kit.window.actions_by_id["refresh_due"].trigger()
    assert blocker.args[0].feeds == ()  # every feed was fetched at NOW: none is due


def test_one_row_per_story_with_its_other_feeds(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    items = entries("tin", 4)
    first = add_feed(library, "Tin mới nhất", items, folder="VnExpress")
    second = add_feed(library, "Kinh doanh", items[:2], folder="VnExpress")
    kit = make_window(library)
    window = kit.window
    assert window.articles_model.rowCount() == 4
    article = window.articles_model.article(0)
    assert article is not None and article.feed_id == first.id
    assert article.also_in == (second.id,)
    latest = window.sections_model.index_for_key("latest")
    assert latest.data(SectionRole.COUNT) == 4
    folder = window.sections_model.index_for_key("folder:VnExpress")
    assert folder.data(SectionRole.UNREAD) == 4  # stories, not 4 + 2 copies
    window.select_section(Section("folder", folder="VnExpress"))
    assert window.articles_model.rowCount() == 4
    window.select_section(Section("feed", feed_id=second.id, folder="VnExpress"))
    assert window.articles_model.rowCount() == 2


def test_pause_and_interval_of_a_feed(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = make_window(news_library)
    window = kit.window
    feed = next(f for f in news_library.feeds() if f.title == "Tuổi Trẻ")
    window.select_section(Section("feed", feed_id=feed.id))
    window.actions_by_id["pause_feed"].trigger()
    wait_idle(qtbot, kit)
    assert news_library.feed(feed.id).option("paused") == "1"
    window.actions_by_id["pause_feed"].trigger()
    wait_idle(qtbot, kit)
    assert news_library.feed(feed.id).option("paused") is None
    kit.prompts.answers["text"] = "45"
    window.actions_by_id["feed_interval"].trigger()
    wait_idle(qtbot, kit)
    assert news_library.feed(feed.id).option("interval") == "45"
