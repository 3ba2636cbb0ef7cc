"""Start-up import guard: what the window may load before it shows its first page.

The window starts in well under half a second only because the network stack, the feed parsers,
full-text extraction, OPML and export, the HTML sanitizer, the dialogs and the window's command
helpers load on first use. This test starts the real application (``newsreader.ui.main.run``,
what ``newsreader`` with no command runs) in a fresh interpreter on a library with articles and
lists what was imported after the imports, at the article list's first paint (its rows on
screen), and a second later; a module below that is imported by then means a lazy import was
made eager again -- import it inside the function that needs it instead (docs/perf.md).
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
    # The article view's HTML: loaded with the first article shown.
    "nh3",
    "html.parser",
    "newsreader.core.pages.sanitize",
    "newsreader.core.pages.htmltext",
    "newsreader.ui.article_lead",
    # Dialogs, loaded when opened.
    "newsreader.ui.add_feed_dialog",
    "newsreader.ui.settings_dialog",
    "newsreader.ui.rules_dialog",
    "newsreader.ui.account_dialog",
    "newsreader.ui.shortcuts_dialog",
    # The window's command helpers, made on first use (the actions look up their handlers
    # when triggered).
    "newsreader.ui.library_commands",
    "newsreader.ui.daily_commands",
    "newsreader.ui.full_article",
    "newsreader.ui.enclosures",
    "newsreader.ui.reading",
    "newsreader.ui.goto",
)

# Not before the first paint; used right after it (the desktop-menu offer, MainWindow's
# `after_first_paint`).
LAZY_UNTIL_PAINTED = (
    "newsreader.ui.desktop_menu",
    "newsreader.ui.command_host",
    # The single-instance socket listens after the paint (the lock file decides before it).
    "PySide6.QtNetwork",
    # The window's second stage (`MainWindow.finish_building`): menus, actions and their keys,
    # the tool bar with the search box, the notices' banner, undo; questions when first asked.
    "newsreader.ui.actions",
    "newsreader.ui.keymap",
    "newsreader.ui.banner",
    "newsreader.ui.search",
    "newsreader.ui.undo",
    "newsreader.ui.prompts",
    # Needed only where PySide6's emit drops a reference, and for the once-a-minute heap trim.
    "ctypes",
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
    before_ours = sorted(sys.modules)  # the interpreter's and the harness's (e.g. the clock shift)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication
    from newsreader.paths import app_paths
    import newsreader.ui.main as ui_main
    from newsreader.ui.views import ArticleListView

    imported_at_import = sorted(sys.modules)
    app = QApplication(["newsreader"])
    painted = []

    class FirstPaint(QObject):  # the list's first paint with rows: what was loaded by then
        def eventFilter(self, obj, event):
            view = obj.parent()
            if (not painted and event.type() == QEvent.Type.Paint
                    and isinstance(view, ArticleListView) and view.model().rowCount() > 0):
                painted.append(sorted(sys.modules))
            return False

    first_paint = FirstPaint()
    app.installEventFilter(first_paint)

    def done():
        shown = [w for w in app.topLevelWidgets() if w.isVisible()]
        print(json.dumps({"import": imported_at_import, "painted": painted[0] if painted else [],
                          "shown": sorted(sys.modules), "windows": len(shown),
                          "was_painted": bool(painted), "before_ours": before_ours}),
              flush=True)
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
    assert result["was_painted"], "the article list did not paint its rows"
    # What was loaded before the probe imported anything (the CI's clock shift loads ctypes
    # through time-machine) is not the window's doing.
    harness = set(result["before_ours"])
    for moment in ("import", "painted", "shown"):
        eager = sorted(set(LAZY) & set(result[moment]) - harness)
        assert not eager, f"loaded by the time of {moment}: {eager}"
    for moment in ("import", "painted"):
        eager = sorted(set(LAZY_UNTIL_PAINTED) & set(result[moment]) - harness)
        assert not eager, f"loaded by the time of {moment}: {eager}"
