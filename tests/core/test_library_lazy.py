"""Library parts built on first use: the updater, then (on the first parse, not before: a refresh
of unchanged feeds parses nothing) the parser pool, without a deadlock."""

from __future__ import annotations

import threading
from pathlib import Path

from newsreader.core.library import Library
from newsreader.core.storage import Storage
from tests.guards import PermissiveGuard


class _NoNetwork:
    def __init__(self, guard: object) -> None:
        self.address_policy = guard  # built around the library's guard, as every client is

    def get(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("no network in this test")

    def close(self) -> None:
        pass


def test_the_updater_builds_the_parser_pool_on_first_use(tmp_path: Path) -> None:
    library = Library(Storage(tmp_path / "db.sqlite3"), PermissiveGuard(), http=_NoNetwork)  # type: ignore[arg-type]
    assert library._pool is None  # nothing started when the library opens
    built: list[object] = []
    worker = threading.Thread(target=lambda: built.append(library.updater), daemon=True)
    worker.start()
    worker.join(timeout=20)
    try:
        assert built, "building the updater deadlocked"
        assert library._pool is None  # built by the first parse, not by the updater
        parsed: list[object] = []
        data = b"<rss version='2.0'><channel><title>T</title></channel></rss>"
        worker = threading.Thread(
            target=lambda: parsed.append(built[0].parse(data, "https://vnexpress.net/rss", None)),  # type: ignore[attr-defined]
            daemon=True,
        )
        worker.start()
        worker.join(timeout=60)
        assert parsed, "the first parse deadlocked"
        assert library._pool is not None and library.parse is library._pool
    finally:
        library.close()
