"""Qt pool threads run each task with a fresh Python thread state (so an empty threading.local):
the storage must still give each thread one connection, not one per task (a leak of ~1 MB an
article opened: 2 GB after 1,500 articles in bench/probe_window.py reading)."""

from __future__ import annotations

from typing import Any

from newsreader.core.library import Library
from newsreader.ui.workers import Workers


def test_many_tasks_on_few_threads_share_few_connections(qtbot: Any, news_library: Library) -> None:
    workers = Workers(threads=3)
    results: list[int] = []
    try:
        for _ in range(60):
            workers.run(lambda: len(news_library.feeds()), results.append)
        qtbot.waitUntil(lambda: len(results) == 60, timeout=20_000)
        assert set(results) == {len(news_library.feeds())}
        # The GUI thread's connection, and at most one for each pool thread.
        assert news_library.storage.open_connections() <= 1 + 3
    finally:
        workers.shutdown()
