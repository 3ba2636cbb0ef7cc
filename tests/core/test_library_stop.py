"""Quitting: `Library.stop_background_work` ends an offline-content run at once, and the pages it
did not get are not recorded as failures (the next run fetches them)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

from pytest_httpserver import HTTPServer

from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.core.offline.images import ImageCache
from newsreader.core.storage import Storage
from tests.feedgen import BASE_TIME, VN_ITEMS, rss
from tests.guards import PermissiveGuard, client_with


def test_stop_ends_offline_content_without_recording_failures(
    httpserver: HTTPServer,
    silent_server: str,
    tmp_path: Path,
) -> None:
    pages = silent_server.rsplit("/", 1)[0]  # the articles' pages never answer
    httpserver.expect_request("/rss").respond_with_data(
        rss(VN_ITEMS, host=pages), content_type="application/rss+xml"
    )
    lib = Library(
        Storage(tmp_path / "db.sqlite3"),
        PermissiveGuard(),
        http=client_with(read_timeout=30, deadline=60),
        clock=lambda: BASE_TIME + timedelta(hours=1),
        images=ImageCache(tmp_path / "images"),
        saved_dir=tmp_path / "saved",
    )
    try:
        lib.subscribe(httpserver.url_for("/rss"))
        ids = [a.id for a in lib.articles(ArticleQuery())]
        assert len(ids) == len(VN_ITEMS)
        done = threading.Event()
        worker = threading.Thread(target=lambda: (lib.fetch_offline_content(), done.set()))
        worker.start()
        time.sleep(0.7)  # every page request is waiting on the silent server
        assert not done.is_set()
        started = time.monotonic()
        lib.stop_background_work()
        worker.join(timeout=5)
        assert done.is_set() and time.monotonic() - started < 1.5
        assert all(lib.storage.fulltext(i) is None for i in ids)  # not "failed": retried later
    finally:
        lib.close()
