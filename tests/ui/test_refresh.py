"""Refreshing from the window: counts update, new rows appear in place, the window never blocks."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from PySide6.QtCore import QPersistentModelIndex, QTimer
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.core.library import Library
from newsreader.core.models import RefreshResult
from newsreader.ui.articles_model import ArticleRole
from tests.ui.conftest import NOW, WindowKit, wait_idle


def rss(title: str, items: list[tuple[str, str, datetime]]) -> str:
    body = "".join(
        f"<item><title>{t}</title><link>https://example.vn/{g}.html</link><guid>{g}</guid>"
        f"<pubDate>{format_datetime(when)}</pubDate>"
        f'<description><![CDATA[<img src="https://example.vn/{g}.jpg"></br>Tóm tắt {t}]]>'
        f"</description></item>"
        for t, g, when in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://example.vn/</link>{body}</channel></rss>"
    )


def items(prefix: str, count: int, start: datetime) -> list[tuple[str, str, datetime]]:
    return [
        (
            f"Tin {prefix} số {i}: Hà Nội đẩy mạnh chuyển đổi số",
            f"{prefix}-{i}",
            start - timedelta(minutes=i),
        )
        for i in range(count)
    ]


def serve(httpserver: HTTPServer, path: str, text: str) -> str:
    httpserver.expect_request(path).respond_with_data(
        text.encode("utf-8"), content_type="application/rss+xml; charset=utf-8"
    )
    return httpserver.url_for(path)


def test_refresh_updates_counts_and_inserts_rows_keeping_the_selection(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library, httpserver: HTTPServer
) -> None:
    url = serve(
        httpserver, "/thoi-su.rss", rss("Thời sự", items("a", 10, NOW - timedelta(hours=1)))
    )
    feed = library.subscribe(url, folder="VnExpress", fetch=False).feed
    library.refresh([feed.id])
    kit = make_window(library)
    window = kit.window
    assert window.articles_model.rowCount() == 10
    window.reading.next_article()
    window.reading.next_article()
    selected_id = window.current_article().id  # type: ignore[union-attr]
    persistent = QPersistentModelIndex(window.article_list.currentIndex())
    resets: list[bool] = []
    window.articles_model.modelReset.connect(lambda: resets.append(True))

    httpserver.clear()
    newer = items("b", 4, NOW)
    serve(
        httpserver, "/thoi-su.rss", rss("Thời sự", newer + items("a", 10, NOW - timedelta(hours=1)))
    )
    with qtbot.waitSignal(kit.refresher.finished, timeout=10_000) as finished:
        window.refresh_all()
    result = finished.args[0]
    assert isinstance(result, RefreshResult) and result.new_articles == 4
    with qtbot.waitSignal(window.library_synced, timeout=5_000):
        pass
    wait_idle(qtbot, kit)
    assert not resets
    assert window.articles_model.rowCount() == 14
    assert window.articles_model.index(0).data(ArticleRole.TITLE).startswith("Tin b số 0")
    assert window.current_article().id == selected_id  # type: ignore[union-attr]
    assert persistent.row() == 5
    assert window.sections_model.unread_of(f"feed:{feed.id}") == 12  # 2 opened, 4 new
    assert window.sections_model.unread_of("folder:VnExpress") == 12


def test_a_failed_feed_shows_its_error(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/gone.rss").respond_with_data("nope", status=500)
    feed = library.subscribe(httpserver.url_for("/gone.rss"), fetch=False).feed
    kit = make_window(library)
    with qtbot.waitSignal(kit.window.library_synced, timeout=10_000):
        kit.window.refresh_all()
    index = kit.window.sections_model.index_for_key(f"feed:{feed.id}")
    from newsreader.ui.sections_model import SectionRole

    assert index.data(SectionRole.ICON_NAME) == "error"
    assert "500" in index.data(SectionRole.ERROR)


def test_window_keeps_responding_during_a_slow_refresh(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library, threaded_server: HTTPServer
) -> None:
    httpserver = threaded_server
    text = rss("Chậm", items("slow", 5, NOW))

    def slow(_request: Request) -> Response:
        time.sleep(1.5)
        return Response(text.encode("utf-8"), content_type="application/rss+xml")

    ids = []
    for n in range(3):
        httpserver.expect_request(f"/slow-{n}.rss").respond_with_handler(slow)
        ids.append(library.subscribe(httpserver.url_for(f"/slow-{n}.rss"), fetch=False).feed.id)
    kit = make_window(library)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    started = time.monotonic()
    with qtbot.waitSignal(kit.refresher.finished, timeout=20_000):
        kit.window.refresh_all()
        # While it runs the window still reacts to keys.
        qtbot.wait(200)
        kit.window.reading.go_unread()
        assert kit.window.current_section.kind == "unread"
        assert kit.refresher.running
    timer.stop()
    elapsed = time.monotonic() - started
    assert elapsed > 1.4
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > elapsed / 0.02 * 0.5  # the event loop kept ticking
    assert max(gaps) < 0.25
    wait_idle(qtbot, kit)


def test_cancel_stops_a_refresh(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library, threaded_server: HTTPServer
) -> None:
    httpserver = threaded_server
    text = rss("Chậm", items("slow", 2, NOW))

    def slow(_request: Request) -> Response:
        time.sleep(0.8)
        return Response(text.encode("utf-8"), content_type="application/rss+xml")

    for n in range(30):
        httpserver.expect_request(f"/c-{n}.rss").respond_with_handler(slow)
        library.subscribe(httpserver.url_for(f"/c-{n}.rss"), fetch=False)
    kit = make_window(library)
    kit.window.refresh_all()
    assert kit.window.cancel_button.isVisibleTo(kit.window)
    qtbot.wait(100)
    with qtbot.waitSignal(kit.refresher.finished, timeout=20_000) as finished:
        kit.window.cancel_button.click()
    result = finished.args[0]
    fetched = [f for f in result.feeds if f.error != "cancelled"]
    assert len(fetched) < 30  # the rest were never requested
    assert not kit.window.cancel_button.isVisibleTo(kit.window)
    assert "cancel" in kit.window.status_text().lower()


@pytest.mark.parametrize("minutes", [0, 45])
def test_refresh_interval_follows_the_setting(
    make_window: Callable[..., WindowKit], library: Library, minutes: int
) -> None:
    kit = make_window(library)
    assert kit.refresher.interval_ms == 30 * 60_000  # the default
    kit.window.apply_settings({"refresh_minutes": minutes})
    assert kit.refresher.interval_ms == minutes * 60_000


def test_new_rows_above_keep_what_the_reader_sees(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library, httpserver: HTTPServer
) -> None:
    old = items("o", 60, NOW - timedelta(hours=2))
    serve(httpserver, "/tin.rss", rss("Tin mới", old))
    feed = library.subscribe(httpserver.url_for("/tin.rss"), fetch=False).feed
    library.refresh([feed.id])
    kit = make_window(library)
    view = kit.window.article_list
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(20)
    row = view.first_visible_row()
    seen_id = kit.window.articles_model.index(row).data(ArticleRole.ID)
    offset = view.visualRect(kit.window.articles_model.index(row)).top()

    httpserver.clear()
    serve(httpserver, "/tin.rss", rss("Tin mới", items("n", 5, NOW) + old))
    with qtbot.waitSignal(kit.window.library_synced, timeout=10_000):
        kit.window.refresh_all()
    wait_idle(qtbot, kit)
    assert kit.window.articles_model.rowCount() == 65
    index = kit.window.articles_model.index(view.first_visible_row())
    assert index.data(ArticleRole.ID) == seen_id
    assert abs(view.visualRect(index).top() - offset) <= 1


def test_counts_can_arrive_after_the_window_shows_its_list(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    from tests.ui.conftest import add_feed, entries

    feed = add_feed(library, "Thời sự", entries("c", 12), folder="VnExpress")
    kit = make_window(library, counts_later=True, last_section=f"feed:{feed.id}")
    window = kit.window
    assert window.articles_model.rowCount() == 12  # the list did not wait for the counts
    if window.sections_model.feed_count() == 0:
        with qtbot.waitSignal(window.library_synced, timeout=5_000):
            pass
    assert window.sections_model.unread_of(f"feed:{feed.id}") == 12
    assert window.sections_model.unread_of("latest") == 12
    current = window.sections_model.section(window.sections_view.currentIndex())
    assert current is not None and current.key == f"feed:{feed.id}"


def test_refresh_progress_is_shown_at_most_a_few_times_a_second(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    from newsreader.core.models import FeedRefresh

    kit = make_window(library)
    window = kit.window
    shown: list[str] = []
    window.messages.posted.connect(lambda text, _error, _ms: shown.append(text))
    window._on_refresh_started()
    for done in range(1, 501):
        outcome = FeedRefresh(
            feed_id=done, url=f"https://example.vn/{done}.rss", status="unchanged"
        )
        window._on_refresh_progress(outcome, done, 500)
    assert len(shown) <= 3  # "Refreshing…" and the first feed, not 500 updates
    qtbot.waitUntil(lambda: window.refresh_progress.value() == 500, timeout=2_000)
    assert "500" in window.status_text()
    window._refresh_ended()
