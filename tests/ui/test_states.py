"""Each state says what is true: loading, a refresh about to start, offline (a notice that stays,
with the reason and a retry), a failing feed (its error and address, with a retry), "start
empty" next to the bundled feeds, why `o` opened nothing, clamped headlines, keys as typed, and
the summary of an OPML import."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont
from pytest_httpserver import HTTPServer

from newsreader.core.library import Library
from newsreader.core.models import FeedRefresh, ParsedEntry, RefreshResult
from newsreader.settings import SettingsStore
from newsreader.ui.article_delegate import TITLE_LINES, layout_lines
from newsreader.ui.keymap import key_label, keys_text
from newsreader.ui.messages import MessageBridge
from newsreader.ui.refresh import RefreshController
from newsreader.ui.sections_model import Section
from newsreader.ui.window import MainWindow
from newsreader.ui.workers import Workers
from tests.ui.conftest import NOW, FakePrompts, WindowKit, add_feed, entries, wait_idle

OFFLINE = RefreshResult(
    (FeedRefresh(1, "https://vnexpress.net/rss/tin-moi-nhat.rss", "error", error="no network"),),
    offline=True,
)


def notice_text(kit: WindowKit, key: str) -> str:
    notice = kit.window.banner.notice(key)
    return notice.text() if notice is not None and notice.isVisible() else ""


def test_offline_notice_stays_with_reason_and_retry(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    library.subscribe("https://vnexpress.net/rss/tin-moi-nhat.rss", fetch=False)
    kit = make_window(library)
    window = kit.window
    kit.refresher.finished.emit(OFFLINE)
    assert "You are offline" in notice_text(kit, "offline")
    assert "no network" in notice_text(kit, "offline")  # the reason
    assert window.status_text() == ""  # said once, in the notice (the status bar said it too)
    assert window.article_list.empty_text.startswith("You are offline")
    assert "Shift+R" not in window.article_list.empty_text
    # A menu's status tips take the status bar over; the notice is not there.
    window.statusBar().showMessage("a menu's status tip")
    window.menus["file"].popup(window.mapToGlobal(window.rect().center()))
    qtbot.wait(50)
    window.menus["file"].close()
    window.statusBar().clearMessage()
    assert "You are offline" in notice_text(kit, "offline")
    # Retry refreshes; a refresh that reaches the network withdraws the notice.
    notice = window.banner.notice("offline")
    assert notice is not None and [b.text() for b in notice.buttons] == ["Retry"]
    with qtbot.waitSignal(kit.refresher.started, timeout=5_000):
        notice.buttons[0].click()
    kit.refresher.cancel()
    wait_idle(qtbot, kit, 20_000)
    kit.refresher.cancelled = False  # as for the next refresh, which reaches the network
    kit.refresher.finished.emit(RefreshResult(()))
    assert window.banner.notice("offline") is None
    # And the reader may close it.
    kit.refresher.finished.emit(OFFLINE)
    notice = window.banner.notice("offline")
    assert notice is not None
    notice.close_button.click()
    assert window.banner.notice("offline") is None and not window.banner.isVisible()


def test_failed_feed_shows_its_error_and_address_with_a_retry(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/gone.rss").respond_with_data("nope", status=500)
    url = httpserver.url_for("/gone.rss")
    feed = library.subscribe(url, title="Báo cũ", fetch=False).feed
    kit = make_window(library)
    window = kit.window
    window.select_section(Section("feed", feed_id=feed.id))
    assert window.banner.notice("feed-error") is None  # not failed yet
    window.refresh_section()
    qtbot.waitUntil(lambda: window.banner.notice("feed-error") is not None, timeout=10_000)
    text = notice_text(kit, "feed-error")
    assert "“Báo cũ” could not be refreshed" in text and url in text
    assert "500" in text
    assert window.article_list.empty_text == "This feed could not be refreshed (see above)"
    notice = window.banner.notice("feed-error")
    assert notice is not None
    with qtbot.waitSignal(kit.refresher.started, timeout=5_000):
        notice.buttons[0].click()  # Retry
    wait_idle(qtbot, kit, 10_000)
    window.reading.go_latest()  # another section: the notice goes
    assert window.banner.notice("feed-error") is None


def test_loading_says_loading_not_no_feeds(
    qtbot: Any, news_library: Library, tmp_path: Path
) -> None:
    workers = Workers(threads=2)
    gate = threading.Event()
    workers.run(gate.wait, None, None, writer=True)  # the library is slow to answer
    settings = SettingsStore(tmp_path / "settings.json")
    window = MainWindow(
        news_library,
        settings,
        workers=workers,
        refresher=RefreshController(news_library, workers, 0),
        messages=MessageBridge(),
        prompts=FakePrompts(),  # type: ignore[arg-type]
        clock=lambda: NOW,
        counts_later=True,
    )
    qtbot.addWidget(window)
    try:
        assert window.sections_view.empty_text == "Loading your feeds…"
        assert "Ctrl+N" not in window.sections_view.empty_text
        with qtbot.waitSignal(window.library_synced, timeout=5_000):
            gate.set()
        assert window.sections_view.empty_text == ""
        assert window.sections_model.feed_count() == 4
    finally:
        gate.set()
        workers.shutdown(5_000)


def test_refresh_about_to_start_says_so(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    library.subscribe("https://vnexpress.net/rss/thoi-su.rss", fetch=False)
    kit = make_window(library)
    window = kit.window
    assert window.article_list.empty_text == "No articles yet — press Shift+R to refresh"
    kit.refresher.start_after(60_000)
    assert window.article_list.empty_text == "Fetching the latest articles…"
    kit.refresher.cancel()
    assert window.article_list.empty_text == "No articles yet — press Shift+R to refresh"


def test_start_empty_next_to_the_bundled_feeds(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = make_window(news_library)
    window = kit.window
    window.offer_start_empty(news_library.feeds())
    text = notice_text(kit, "defaults")
    assert text == "4 Vietnamese news feeds were added to get you started."
    notice = window.banner.notice("defaults")
    assert notice is not None
    assert [b.text() for b in notice.buttons] == ["Keep them", "Start empty"]
    notice.buttons[1].click()
    assert window.sections_model.feed_count() == 0
    assert window.undo_button.isVisible()  # even this can be taken back
    window.undo_stack.commit_all()
    wait_idle(qtbot, kit)
    assert news_library.feeds() == [] and news_library.folders() == []


def test_o_says_why_nothing_opened(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = make_window(news_library)
    window = kit.window
    window.article_list.setFocus()
    window.reading.open_in_browser()
    assert window.status_text() == "Choose an article first (j / k), then open it in the browser"
    window.reading.next_article()
    window.open_url = lambda _url: False  # no browser could be started
    window.reading.open_in_browser()
    article = window.current_article()
    assert article is not None
    assert window.status_text() == f"No web browser could be opened for {article.link}"
    opened: list[str] = []
    window.open_url = lambda url: opened.append(QUrl(url).toString()) or True
    window.reading.open_in_browser()
    assert opened == [article.link]
    assert window.status_text() == "Opened in the web browser"


def test_long_headlines_are_clamped_in_the_list(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    long_title = ("Hà Nội đẩy nhanh tiến độ đường Vành đai 4 và các dự án trọng điểm " * 4)[:250]
    item = entries("dai", 1)[0]
    add_feed(library, "Dài", [ParsedEntry(**{**_fields(item), "title": long_title})])
    kit = make_window(library)
    window = kit.window
    view, delegate = window.article_list, window.article_delegate
    index = window.articles_model.index(0)
    option_font = QFont(view.font())
    assert view.visualRect(index).height() == delegate.row_height(option_font)
    width = view.viewport().width() * 0.6
    title_font = delegate.fonts(option_font)[1]
    _layout, lines, cut = layout_lines(long_title, title_font, width, TITLE_LINES)
    assert len(lines) == TITLE_LINES == 2 and cut  # two lines, the second ends in "…"


def _fields(entry: ParsedEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in entry.__dataclass_fields__}


def test_keys_are_shown_as_typed(make_window: Callable[..., WindowKit], library: Library) -> None:
    assert [key_label(k) for k in ("J", "G, L", "Shift+A", "Ctrl+N", "?")] == [
        "j",
        "g l",
        "Shift+A",
        "Ctrl+N",
        "?",
    ]
    assert keys_text(["O", "Return"]) == "o or Return"
    window = make_window(library).window
    assert window.actions_by_id["next_unread"].toolTip() == "Next unread (n)"
    # The toolbar's refresh fetches what is due (issue 17); "refresh all" is Shift+R / F5.
    assert window.actions_by_id["refresh_due"].toolTip() == "Refresh what is due (Ctrl+R)"


def test_opml_import_gives_a_summary(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library, tmp_path: Path
) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="Báo">'
        '<outline type="rss" text="Thời sự" xmlUrl="https://example.vn/rss/thoi-su.rss"/>'
        '<outline type="rss" text="Thế giới" xmlUrl="https://example.vn/rss/the-gioi.rss"/>'
        "</outline></body></opml>",
        encoding="utf-8",
    )
    kit = make_window(library)
    kit.prompts.answers["open_opml_path"] = str(opml)
    kit.window.actions_by_id["import_opml"].trigger()
    qtbot.waitUntil(lambda: any(name == "inform" for name, _ in kit.prompts.asked), timeout=5_000)
    text, details = next(args for name, args in kit.prompts.asked if name == "inform")
    assert text.startswith("2 feeds added") and "Folders: Báo" in text
    assert "+ Thời sự" in details and "+ Thế giới" in details
    kit.refresher.cancel()
    wait_idle(qtbot, kit, 20_000)
