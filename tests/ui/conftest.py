"""Fixtures for the window tests: a temporary library with Vietnamese articles, and a window on it.

Articles are stored through the real pipeline (`Library.subscribe(fetch=False)` then
`Updater.store_fetched` with parsed entries), so the search index and counts are real; nothing
touches the network.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget
from pytest_httpserver import HTTPServer

from newsreader.core.library import Library
from newsreader.core.models import Feed, FetchResult, ParsedEntry, ParsedFeed
from newsreader.core.storage import Storage
from newsreader.settings import SettingsStore
from newsreader.ui.messages import MessageBridge
from newsreader.ui.refresh import RefreshController
from newsreader.ui.window import MainWindow
from newsreader.ui.workers import Workers
from tests.guards import PermissiveGuard

NOW = datetime(2025, 10, 22, 9, 30, tzinfo=UTC)

TITLES = (
    "Đột phá hạ tầng giao thông Thủ đô",
    "Hà Nội mở rộng không gian đi bộ quanh hồ Hoàn Kiếm",
    "Giá vàng trong nước tăng mạnh phiên sáng",
    "Người dân đổ về phố cổ ngắm đèn Trung thu",
    "Đường sắt đô thị Nhổn - ga Hà Nội chạy thử đoạn ngầm",
    "Ngân hàng Nhà nước điều chỉnh lãi suất điều hành",
    "Đội tuyển Việt Nam thắng đậm trong trận giao hữu",
    "Học sinh Hà Nội được nghỉ học do mưa lớn",
)
LEAD = "Kinhtedothi - Thành phố đặt mục tiêu hoàn thành các công trình trọng điểm trước năm 2030, ưu tiên đường sắt đô thị và vành đai."  # noqa: E501


def entries(
    prefix: str, count: int, *, start: datetime = NOW, step: timedelta = timedelta(minutes=7)
) -> list[ParsedEntry]:
    """`count` Vietnamese entries, newest first, with distinct guids under `prefix`."""
    out = []
    for i in range(count):
        when = start - step * i
        title = f"{TITLES[i % len(TITLES)]} ({prefix} {i})"
        out.append(
            ParsedEntry(
                guid=f"{prefix}-{i}",
                link=f"https://example.vn/{prefix}/{i}.html",
                title=title,
                published=when,
                summary=LEAD,
                content_html=f"<p>{LEAD}</p><p>Nội dung bài {i} của {prefix}.</p>",
                thumbnail=None,
            )
        )
    return out


def add_feed(
    library: Library,
    title: str,
    items: Sequence[ParsedEntry],
    *,
    folder: str | None = None,
    url: str | None = None,
) -> Feed:
    """Subscribe without fetching, then store `items` as if a refresh had fetched them."""
    feed_url = url or f"https://example.vn/rss/{abs(hash(title)) % 10**8}.rss"
    sub = library.subscribe(feed_url, folder=folder, title=title, fetch=False)
    store_entries(library, sub.feed, items, title)
    return library.feed(sub.feed.id)


def store_entries(
    library: Library, feed: Feed, items: Sequence[ParsedEntry], title: str | None = None
) -> None:
    body = repr([e.guid for e in items]).encode()
    parsed = ParsedFeed(
        title=title or feed.title, site_url="https://example.vn", entries=tuple(items)
    )
    library.updater.store_fetched(library.feed(feed.id), FetchResult(feed.url, 200, body), parsed)


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """Like the app (ui/gc_guard.py): no automatic cycle collection, which could run in a worker
    thread and destroy a widget there; collect at the end of each test, on this thread."""
    enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if enabled:
        gc.enable()


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A local HTTP server answering requests in parallel (slow handlers do not queue up)."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library(Storage(tmp_path / "db.sqlite3"), PermissiveGuard(), clock=lambda: NOW)
    yield lib
    lib.close()


@pytest.fixture
def news_library(library: Library) -> Library:
    """Two folders of feeds plus one loose feed; about 60 articles, all unread."""
    add_feed(library, "Thời sự", entries("thoisu", 20), folder="VnExpress")
    add_feed(
        library,
        "Kinh doanh",
        entries("kinhdoanh", 15, start=NOW - timedelta(minutes=3)),
        folder="VnExpress",
    )
    add_feed(
        library,
        "Đô thị",
        entries("dothi", 12, start=NOW - timedelta(minutes=5)),
        folder="Kinh tế & Đô thị",
    )
    add_feed(library, "Tuổi Trẻ", entries("tuoitre", 10, start=NOW - timedelta(minutes=1)))
    return library


@dataclass
class FakePrompts:
    """Answers the window's questions in tests; records what was asked."""

    answers: dict[str, Any] = field(default_factory=dict)
    asked: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)

    def _answer(self, name: str, default: Any, *args: Any) -> Any:
        self.asked.append((name, args))
        return self.answers.get(name, default)

    def open_opml_path(self, parent: QWidget) -> str | None:
        return self._answer("open_opml_path", None)  # type: ignore[no-any-return]

    def save_opml_path(self, parent: QWidget) -> str | None:
        return self._answer("save_opml_path", None)  # type: ignore[no-any-return]

    def text(self, parent: QWidget, title: str, label: str, value: str) -> str | None:
        return self._answer("text", None, title, value)  # type: ignore[no-any-return]

    def folder(
        self, parent: QWidget, folders: Sequence[str], current: str | None
    ) -> tuple[bool, str | None]:
        return self._answer("folder", (False, None), tuple(folders))  # type: ignore[no-any-return]

    def confirm(self, parent: QWidget, title: str, text: str, action: str) -> bool:
        return self._answer("confirm", False, text)  # type: ignore[no-any-return]

    def inform(self, parent: QWidget, title: str, text: str, details: str = "") -> None:
        self._answer("inform", None, text, details)


@dataclass
class WindowKit:
    window: MainWindow
    workers: Workers
    refresher: RefreshController
    prompts: FakePrompts
    opened: list[str]
    settings: SettingsStore


@pytest.fixture
def make_window(qtbot: Any, tmp_path: Path) -> Iterator[Callable[..., WindowKit]]:
    made: list[WindowKit] = []

    def make(library: Library, *, counts_later: bool = False, **settings: Any) -> WindowKit:
        store = SettingsStore(tmp_path / f"settings-{len(made)}.json")
        if settings:
            store.update(**settings)
        messages = MessageBridge()
        workers = Workers(threads=4, on_unhandled_error=messages.report_exception)
        refresher = RefreshController(library, workers, store.value.refresh_minutes)
        prompts = FakePrompts()
        opened: list[str] = []

        def open_url(url: QUrl) -> bool:
            opened.append(url.toString())
            return True

        window = MainWindow(
            library,
            store,
            workers=workers,
            refresher=refresher,
            messages=messages,
            open_url=open_url,
            prompts=prompts,  # type: ignore[arg-type]
            clock=lambda: NOW + timedelta(minutes=5),
            counts_later=counts_later,
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        kit = WindowKit(window, workers, refresher, prompts, opened, store)
        made.append(kit)
        return kit

    yield make
    for kit in made:
        kit.refresher.cancel()
        kit.workers.shutdown(10_000)


def wait_idle(qtbot: Any, kit: WindowKit, timeout: int = 5_000) -> None:
    """Wait until every background task of the window delivered its result."""
    qtbot.waitUntil(lambda: kit.workers.pending == 0, timeout=timeout)
