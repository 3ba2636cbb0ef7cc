"""Tray and notifications: the unread count on the icon, one notification per refresh naming
the new articles of chosen feeds, close to the tray, refresh while hidden and when the network
comes back. The controller's logic runs whether or not the desktop has a tray (offscreen has
none), so these tests pass `tray=True/False` and watch its `notified` signal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from newsreader.core.library import Library
from newsreader.core.models import Article, ArticleQuery
from newsreader.core.storage import Storage
from newsreader.settings import SettingsStore
from newsreader.ui.main import NewsreaderApp
from newsreader.ui.network_watch import NetworkWatch
from newsreader.ui.tray import badge_icon, badge_text, notification_text
from tests.clock import FakeClock
from tests.feedgen import BASE_TIME, Item, rss
from tests.guards import PermissiveGuard
from tests.ui.conftest import NOW


def article(i: int, feed: str, title: str) -> Article:
    return Article(
        i, 1, feed, None, f"k{i}", None, title, None, None, None, "", None, False, False,
        NOW - timedelta(minutes=i),
    )  # fmt: skip


def test_notification_sums_up_by_feed_and_names_three_titles(qapp: Any) -> None:
    articles = [
        article(1, "Thời sự", "Hà Nội mở rộng phố đi bộ"),
        article(2, "Kinh doanh", "Giá vàng tăng mạnh"),
        article(3, "Thời sự", "Đường sắt đô thị chạy thử"),
        article(4, "Thời sự", "Mưa lớn"),
    ]
    title, body = notification_text(articles) or ("", "")
    assert title == "4 new articles"
    assert body.splitlines() == [
        "Thời sự 3 · Kinh doanh 1",
        "• Hà Nội mở rộng phố đi bộ",
        "• Giá vàng tăng mạnh",
        "• Đường sắt đô thị chạy thử",
    ]
    assert notification_text([]) is None
    many = [article(i, f"Nguồn {i}", "x") for i in range(5)]
    assert (notification_text(many) or ("", ""))[1].splitlines()[0].endswith("· …")
    assert [badge_text(n) for n in (0, 7, 1000)] == ["", "7", "999+"]
    assert not badge_icon(12).isNull()


@pytest.fixture
def app_on(qtbot: Any, qapp: Any, library: Library, tmp_path: Path) -> Iterator[Any]:
    made: list[NewsreaderApp] = []

    def make(*, tray: bool, **settings: Any) -> NewsreaderApp:
        store = SettingsStore(tmp_path / f"settings-{len(made)}.json")
        store.update(**{"refresh_minutes": 0, "language": "en", **settings})
        controller = NewsreaderApp(qapp, library, store, tray=tray, watch_network=False)
        window = controller.build_window()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: controller.tray.unread >= 0)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.shutdown()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(BASE_TIME + timedelta(hours=1))  # an hour after the fixture feeds' items


@pytest.fixture
def library(tmp_path: Path, clock: FakeClock) -> Iterator[Library]:
    lib = Library(Storage(tmp_path / "db.sqlite3"), PermissiveGuard(), clock=clock)
    yield lib
    lib.close()


def serve(server: HTTPServer, slugs: list[str]) -> str:
    items = [Item(f"Tin {s}", s, minutes_ago=i) for i, s in enumerate(slugs)]
    server.expect_request("/tin.rss").respond_with_data(
        rss(items, host="https://tin.example.vn", title="Thời sự"),
        content_type="application/rss+xml",
    )
    return server.url_for("/tin.rss")


def test_tray_count_follows_unread_and_a_refresh_notifies_once(
    qtbot: Any, app_on: Any, library: Library, httpserver: HTTPServer
) -> None:
    feed = library.subscribe(serve(httpserver, ["a", "b"])).feed
    controller = app_on(tray=False)
    tray, window = controller.tray, controller.window
    qtbot.waitUntil(lambda: tray.unread == 2)
    assert tray.tooltip() == "Newsreader — 2 unread"
    window.set_read([library.articles(ArticleQuery(limit=1))[0].id], True)
    assert tray.unread == 1  # the optimistic count, at once
    # The user asks to be told about this feed; three new articles arrive in one refresh.
    window.set_notify(feed.id, True)
    qtbot.waitUntil(lambda: library.feed(feed.id).option("notify") == "on")
    httpserver.clear()
    serve(httpserver, ["e", "d", "c", "b", "a"])
    notes: list[tuple[str, str]] = []
    controller.tray.notified.connect(lambda title, body: notes.append((title, body)))
    with qtbot.waitSignal(tray.notified, timeout=10_000):
        assert controller.refresher.start(None)
    assert notes == [("3 new articles", "Thời sự 3\n• Tin e\n• Tin d\n• Tin c")]
    qtbot.waitUntil(lambda: tray.unread == 4)
    # A refresh with nothing new says nothing.
    with qtbot.waitSignal(controller.refresher.finished, timeout=10_000):
        controller.refresher.start(None)
    qtbot.wait(100)
    assert len(notes) == 1


def test_feeds_not_chosen_do_not_notify(
    qtbot: Any, app_on: Any, library: Library, httpserver: HTTPServer
) -> None:
    library.subscribe(serve(httpserver, ["a"]))
    controller = app_on(tray=False)
    httpserver.clear()
    serve(httpserver, ["b", "a"])
    notes: list[str] = []
    controller.tray.notified.connect(lambda title, _body: notes.append(title))
    with qtbot.waitSignal(controller.refresher.finished, timeout=10_000):
        controller.refresher.start(None)
    qtbot.waitUntil(lambda: controller.workers.pending == 0)
    assert notes == []


def test_close_to_tray_hides_refreshes_notifies_and_reopens(
    qtbot: Any, app_on: Any, library: Library, httpserver: HTTPServer, clock: FakeClock
) -> None:
    feed = library.subscribe(serve(httpserver, ["a"])).feed
    library.set_notify(feed.id, True)
    controller = app_on(tray=True, close_to_tray=True, refresh_minutes=30)
    window = controller.window
    closed: list[bool] = []
    controller.window_closed.connect(lambda: closed.append(True))
    window.close()
    assert not window.isVisible() and closed == []  # hidden in the tray, still running
    # While hidden: the network comes back, a refresh runs, a notification tells of it.
    httpserver.clear()
    serve(httpserver, ["b", "a"])
    clock.advance(timedelta(hours=3))  # the laptop slept: the feed is due again
    with qtbot.waitSignal(controller.tray.notified, timeout=10_000) as note:
        controller.network.set_online(False)
        controller.network.set_online(True)
    assert note.args[0] == "1 new article"
    controller.tray.open_requested.emit()
    assert window.isVisible()
    controller.tray.quit_requested.emit()  # Quit really quits
    assert closed == [True]


def test_back_online_does_not_refresh_when_only_by_hand(qtbot: Any, app_on: Any) -> None:
    controller = app_on(tray=False)  # refresh_minutes=0: "Only when I ask"
    controller.network.set_online(False)
    controller.network.set_online(True)
    assert not controller.refresher.running


def test_without_a_tray_closing_closes(qtbot: Any, app_on: Any) -> None:
    controller = app_on(tray=False, close_to_tray=True)
    closed: list[bool] = []
    controller.window_closed.connect(lambda: closed.append(True))
    controller.window.close()
    assert closed == [True]


def test_network_watch_only_speaks_when_the_network_comes_back(qtbot: Any) -> None:
    watch = NetworkWatch(use_backend=False)
    seen: list[bool] = []
    watch.back_online.connect(lambda: seen.append(True))
    watch.set_online(True)  # online at start: nothing to catch up
    watch.set_online(None)
    watch.set_online(False)
    watch.set_online(None)  # unknown: still offline as far as we know
    assert seen == []
    watch.set_online(True)
    watch.set_online(True)
    assert seen == [True]
    NetworkWatch()  # whatever backend the machine has (or none): loading never fails
