"""Start-up import guard: what the window may load before it shows its first page.

The window starts in well under half a second only because the network stack, the feed parsers,
full-text extraction, OPML and export load on first use. This test starts the real application
(``newsreader.ui.main.run``, what ``newsreader`` with no command runs) in a fresh interpreter on
a library with articles, waits until the window has painted, and lists what was imported; a
module below that is imported by then means a lazy import was made eager again -- import it
inside the function that needs it instead.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

# Imported on first use, never before the first paint.
LAZY = (
    "feedparser",
    "requests",
    "urllib3",
    "charset_normalizer",
    "chardet",
    "trafilatura",
    "justext",
    "htmldate",
    "courlan",
    "lxml",
    "lxml.html",
    "lxml.etree",
    "cssselect",
    "keyring",
    "multiprocessing",
    "newsreader.core.feeds.parsepool",
    "newsreader.core.feeds.parse",
    "newsreader.core.feeds.fastparse",
    "newsreader.core.feeds.update",
    "newsreader.core.feeds.opml",
    "newsreader.core.fetch.http",
    "newsreader.core.fetch.discover",
    "newsreader.core.pages.extract",
    "newsreader.core.pages.listings",
    "newsreader.core.offline.fulltext",
    "newsreader.core.offline.export",
)

NOW = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
FEED = (
    "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Thời sự</title>"
    + "".join(
        f"<item><title>Tin số {n}</title><link>https://vnexpress.net/tin-{n}.html</link>"
        f"<description><![CDATA[<img src='https://i.vnecdn.net/{n}.jpg'>Tin ngắn {n}]]>"
        f"</description><pubDate>Thu, 26 Nov 2026 0{n % 10}:00:00 +0700</pubDate></item>"
        for n in range(40)
    )
    + "</channel></rss>"
).encode()

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGNocFAAIgYIBQAaDgOBnA45xwAAAABJRU5ErkJggg=="
)

PROBE = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from newsreader.paths import app_paths
    import newsreader.ui.main as ui_main

    imported_at_import = sorted(sys.modules)
    app = QApplication(["newsreader"])

    def done():
        shown = [w for w in app.topLevelWidgets() if w.isVisible()]
        print(json.dumps({"import": imported_at_import, "shown": sorted(sys.modules),
                          "windows": len(shown)}), flush=True)
        app.closeAllWindows()
        app.quit()

    QTimer.singleShot(1000, done)  # the window is shown, its list and thumbnails painted
    ui_main.run(app_paths(sys.argv[1]), [])
    """
)


@pytest.fixture
def library_home(tmp_path: Path) -> Path:
    """A home with a feed, its articles and their cached thumbnails; bundled feeds already
    offered and no refresh at start (a returning user who refreshes by hand)."""
    from newsreader.app import open_library
    from newsreader.core.feeds.document import parse_feed
    from newsreader.core.feeds.update import to_write
    from newsreader.core.storage import FeedState
    from newsreader.paths import app_paths

    home = tmp_path / "home"
    paths = app_paths(home).ensure()
    paths.settings_file.write_text(json.dumps({"defaults_imported": True, "refresh_minutes": 0}))
    url = "https://vnexpress.net/rss/thoi-su.rss"
    parsed = parse_feed(FEED, url=url)
    library = open_library(paths)
    try:
        storage = library.storage
        feed_id = storage.add_feed(url, title="Thời sự", now=NOW).id
        writes = [to_write(entry, NOW) for entry in parsed.entries]
        storage.store_refresh(feed_id, FeedState(checked=NOW), writes, [], now=NOW)
        for entry in parsed.entries:
            assert entry.thumbnail is not None
            library.images.put(entry.thumbnail, PNG, "image/png")
    finally:
        library.close()
    return home


def test_the_window_shows_without_the_lazy_modules(library_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(library_home)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stdout + done.stderr
    result = json.loads(lines[-1])
    assert result["windows"] >= 1, "the window did not show"
    for moment in ("import", "shown"):
        eager = sorted(set(LAZY) & set(result[moment]))
        assert not eager, f"loaded by the time of {moment}: {eager}"
