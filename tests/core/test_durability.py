"""Durability: damaged, newer and full databases, removed feeds, and a refresh killed at random.

Nothing the user stored may be lost silently: a damaged database is backed up, salvaged and
reported; a newer one is refused untouched; a full disk is a clear error that loses nothing; saved
articles outlive their feed in any order of operations; and ``kill -9`` during a refresh never
corrupts the database or loses a saved article.
"""

from __future__ import annotations

import http.server
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.app import open_library
from newsreader.core.errors import DatabaseCorruptError, DatabaseTooNewError, StorageError
from newsreader.core.feeds.update import to_write
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery, ParsedEntry
from newsreader.core.retention import Retention
from newsreader.core.storage import FeedState, Storage
from newsreader.core.storage.recovery import (
    QUICK_CHECK_MAX_BYTES,
    RecoveryReport,
    check_database,
    open_storage,
)
from newsreader.paths import app_paths
from tests.clitools import Cli
from tests.feedgen import Item, rss
from tests.guards import PermissiveGuard, client_with

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


# --- building and damaging databases ------------------------------------------------------------


def populate(db: Path, *, feeds: int = 3, per_feed: int = 120) -> dict[str, Any]:
    """A library with `feeds` feeds of `per_feed` articles; the first 5 of each feed saved."""
    storage = Storage(db)
    saved: list[int] = []
    for f in range(feeds):
        feed_id = storage.add_feed(f"https://tin{f}.example/rss", title=f"Báo {f}", now=NOW).id
        entries = [
            ParsedEntry(
                guid=f"g{f}-{i}",
                link=f"https://tin{f}.example/bai-{i}.html",
                title=f"Bài {i} của báo {f}: đột phá hạ tầng",
                published=NOW - timedelta(minutes=i),
                summary=f"Tóm tắt {i}",
                content_html="<p>" + "Nội dung dài của bài báo. " * 40 + "</p>",
            )
            for i in range(per_feed)
        ]
        storage.store_refresh(
            feed_id,
            FeedState(checked=NOW, title=f"Báo {f}"),
            [to_write(e, NOW) for e in entries],
            [],
            now=NOW,
        )
        ids = [a.id for a in storage.articles(ArticleQuery(feed_id=feed_id))]
        saved += sorted(ids)[:5]
    storage.set_saved(saved, True, now=NOW)
    totals = storage.totals()
    storage.close()
    return {"saved": sorted(saved), "articles": totals[0], "feeds": feeds}


def leaf_pages(db: Path, table: str) -> list[int]:
    """The b-tree leaf pages of `table`, in key order (SQLite's dbstat table)."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path",
            (table,),
        ).fetchall()
        return [int(r[0]) for r in rows]
    finally:
        conn.close()


def smash(db: Path, pages: list[int], page_size: int = 4096) -> None:
    with db.open("r+b") as f:
        for page in pages:
            f.seek((page - 1) * page_size)
            f.write(bytes(range(256)) * (page_size // 256))


def snapshot(path: Path) -> bytes:
    return path.read_bytes()


# --- a damaged database -------------------------------------------------------------------------


def test_a_damaged_database_is_backed_up_salvaged_and_reported(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "home").ensure()
    db = paths.database
    before = populate(db)
    leaves = leaf_pages(db, "articles")
    assert len(leaves) >= 4
    smash(db, leaves[-3:-1])  # two pages of unsaved articles near the end; the last one survives
    damaged = snapshot(db)
    assert check_database(db) is not None

    lib = open_library(paths)
    try:
        report = getattr(lib, "recovery", None)
        assert isinstance(report, RecoveryReport)
        assert lib.storage.integrity_check() == "ok"
        assert len(lib.feeds()) == before["feeds"]
        saved = [a.id for a in lib.articles(ArticleQuery(saved=True))]
        assert saved == sorted(before["saved"], reverse=True) or set(saved) == set(before["saved"])
        articles = lib.count_articles()
        assert before["articles"] - 60 < articles < before["articles"]
        last = max(a.id for a in lib.articles(ArticleQuery()))
        assert last == before["articles"]  # rows after the damage were found again
        assert lib.search("dot pha")  # the search index was rebuilt, folded
        # The library keeps working.
        lib.mark_read([saved[0]])
    finally:
        lib.close()

    assert report.feeds == 3 and report.saved == 15 and report.saved_before == 15
    assert report.articles == articles and not report.complete
    assert report.backup.read_bytes() == damaged  # the damaged file, untouched
    assert report.backup.name.startswith("newsreader.sqlite3.corrupt-")
    assert str(report.backup) in report.message
    assert "\n" not in report.message
    assert report.message.startswith("The library database was damaged (")
    assert check_database(db) is None
    # Nothing is left half-done next to the database.
    names = sorted(p.name for p in paths.data_dir.iterdir() if p.is_file())
    assert [n for n in names if "salvage" in n] == []


def test_lost_saved_articles_are_counted_in_the_report(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    populate(db, feeds=1, per_feed=200)
    smash(db, leaf_pages(db, "articles")[:1])  # the first page: saved articles live there
    storage, report = open_storage(db)
    storage.close()
    assert report is not None
    assert report.saved_before == 5 and report.saved < 5
    assert report.lost_saved == 5 - report.saved
    assert f"{report.lost_saved} saved articles could not be recovered" in report.message


def test_a_file_that_is_not_a_database_is_kept_and_replaced_by_an_empty_library(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.sqlite3"
    garbage = os.urandom(20_000)
    db.write_bytes(garbage)
    Path(f"{db}-wal").write_bytes(b"not a log either")
    storage, report = open_storage(db)
    try:
        assert storage.feeds() == []
        assert storage.integrity_check() == "ok"
    finally:
        storage.close()
    assert report is not None and report.problem == "the file is not an SQLite database"
    assert report.backup.read_bytes() == garbage
    assert Path(f"{report.backup}-wal").read_bytes() == b"not a log either"
    assert (report.feeds, report.articles, report.saved) == (0, 0, 0)


def test_damage_found_by_the_schema_check_is_recovered(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    populate(db, feeds=2, per_feed=10)
    smash(db, [1 + 1])  # page 2: part of the schema's tables, whatever they are
    assert check_database(db) is not None
    storage, report = open_storage(db)
    storage.close()
    assert report is not None


def test_nothing_is_replaced_when_the_backup_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.sqlite3"
    populate(db, feeds=1, per_feed=50)
    smash(db, leaf_pages(db, "articles")[:1])
    damaged = snapshot(db)

    def disk_full(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
        Path(dst).write_bytes(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("shutil.copyfile", disk_full)
    with pytest.raises(DatabaseCorruptError, match="could not be backed up") as e:
        open_storage(db)
    assert "No space left on device" in str(e.value)
    assert snapshot(db) == damaged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.sqlite3"]


def test_a_healthy_database_is_opened_without_a_report(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    populate(db, feeds=1, per_feed=5)
    storage, report = open_storage(db)
    storage.close()
    assert report is None
    # the record of the integrity check (sessions.py) and nothing else; no session marker left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.sqlite3", "db.sqlite3.checked"]
    assert QUICK_CHECK_MAX_BYTES >= 64 * 1024 * 1024


def test_the_command_line_reports_a_recovered_database(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = app_paths(home).ensure().database
    populate(db, feeds=2, per_feed=60)
    smash(db, leaf_pages(db, "articles")[-2:-1])
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", "--home", str(home), "feeds"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert "The library database was damaged" in done.stderr
    assert ".corrupt-" in done.stderr
    assert "Báo 0" in done.stdout and "Báo 1" in done.stdout


# --- a database from a newer Newsreader ---------------------------------------------------------


def test_a_newer_database_is_refused_untouched(tmp_path: Path, cli: Cli) -> None:
    db = app_paths(cli.home).ensure().database
    populate(db, feeds=1, per_feed=3)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = snapshot(db)
    with pytest.raises(DatabaseTooNewError):
        open_storage(db)
    code, out, err = cli("feeds")
    assert code == 1 and out == ""
    assert err.startswith("newsreader: ") and err.count("\n") == 1
    assert "newer Newsreader" in err and "upgrade" in err
    assert snapshot(db) == before
    assert [p.name for p in db.parent.iterdir() if ".corrupt-" in p.name] == []


# --- a full disk --------------------------------------------------------------------------------


def test_a_full_disk_is_a_clear_error_and_loses_nothing(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    host = httpserver.url_for("").rstrip("/")
    generation = [0]

    def feed(_: Request) -> Response:
        n = generation[0]
        items = [Item(f"Bài {n}-{i} " + "chữ " * 200, f"bai-{n}-{i}") for i in range(40)]
        return Response(rss(items, host=host), content_type="application/rss+xml")

    httpserver.expect_request("/rss").respond_with_handler(feed)
    lib = open_library(app_paths(tmp_path / "home"))
    try:
        lib.subscribe(httpserver.url_for("/rss"))
        first = lib.articles()
        lib.mark_saved([a.id for a in first[:3]])
        totals = lib.totals()
        # SQLite reports SQLITE_FULL ("database or disk is full") exactly as on a full disk.
        with lib.storage.transaction() as c:
            pages = c.execute("PRAGMA page_count").fetchone()[0]
            c.execute(f"PRAGMA max_page_count = {pages + 2}")
        generation[0] = 1
        result = lib.refresh()
        assert result.errors == 1
        assert result.feeds[0].error == (
            "the disk is full: nothing new was saved (free some space and retry)"
        )
        with pytest.raises(StorageError, match="disk is full"), lib.storage.transaction() as c:
            c.execute("INSERT INTO folders(name) VALUES (?)", ("x" * 100_000,))
        # Nothing stored was lost and the library keeps working.
        assert lib.totals() == totals
        assert lib.storage.integrity_check() == "ok"
        assert [a.id for a in lib.articles(ArticleQuery(saved=True))] == [a.id for a in first[:3]]
        assert lib.mark_read([first[0].id]) == 1
        assert lib.search("bai")
        # Space comes back: the next refresh stores what was missed.
        with lib.storage.transaction() as c:
            c.execute("PRAGMA max_page_count = 1073741823")
        again = lib.refresh()
        assert again.errors == 0 and again.new_articles == 40
    finally:
        lib.close()


# --- removing feeds -----------------------------------------------------------------------------


def test_saved_articles_survive_their_feed_in_any_order(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    host = httpserver.url_for("").rstrip("/")
    release = threading.Event()
    slow = [False]

    def feed(_: Request) -> Response:
        if slow[0]:
            release.wait(5)
        items = [Item(f"Bài {i}", f"bai-{i}") for i in range(10)]
        return Response(rss(items, host=host), content_type="application/rss+xml")

    httpserver.expect_request("/rss").respond_with_handler(feed)
    url = httpserver.url_for("/rss")
    lib = Library(
        Storage(tmp_path / "db.sqlite3"), PermissiveGuard(), http=client_with(deadline=10)
    )
    try:
        feed_id = lib.subscribe(url, folder="Tin").feed.id
        keep = [a.id for a in lib.articles()[:3]]
        lib.mark_saved(keep)
        lib.mark_read([a.id for a in lib.articles()])

        # Prune as hard as possible, then remove the folder, then the feed.
        lib.prune(Retention(keep_read_days=1, keep_per_feed=1, keep_unread_per_feed=1))
        lib.delete_folder(lib.folders()[0].id)
        assert lib.unsubscribe(feed_id) == 3

        # Subscribe again and remove it while its refresh is still downloading.
        feed_id = lib.subscribe(url).feed.id
        slow[0] = True
        done: list[Any] = []
        worker = threading.Thread(target=lambda: done.append(lib.refresh([feed_id])))
        worker.start()
        time.sleep(0.3)
        lib.unsubscribe(feed_id)
        release.set()
        worker.join(10)
        assert done, "the refresh did not finish"
        lib.prune(Retention(keep_read_days=1, keep_per_feed=1, keep_unread_per_feed=1))

        saved = lib.articles(ArticleQuery(saved=True))
        assert sorted(a.id for a in saved) == sorted(keep)
        assert all(a.feed_id is None and a.feed_title for a in saved)
        assert lib.feeds() == []
    finally:
        lib.close()


# --- kill -9 during refresh ---------------------------------------------------------------------

FEEDS = 50
ITEMS = 10


class _FeedFarm(http.server.BaseHTTPRequestHandler):
    """Fifty feeds whose entries change on every request, so every refresh writes."""

    protocol_version = "HTTP/1.1"
    counter = 0
    lock = threading.Lock()

    def do_GET(self) -> None:
        with self.lock:
            type(self).counter += 1
            n = type(self).counter
        feed = self.path.strip("/").split("/")[-1]
        items = "".join(
            f"<item><title>Bài {feed}-{n}-{i} đột phá</title><guid>{feed}-{n}-{i}</guid>"
            f"<description>{'Tin tức Hà Nội hôm nay. ' * 10}</description></item>"
            for i in range(ITEMS)
        )
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Báo {feed}</title>{items}</channel></rss>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def farm() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FeedFarm)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _state(db: Path) -> tuple[str, int, int, list[Any]]:
    conn = sqlite3.connect(db, timeout=10)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        saved, total = conn.execute(
            "SELECT COALESCE(SUM(saved), 0), COUNT(*) FROM articles"
        ).fetchone()
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        return str(check), int(saved), int(total), fk
    finally:
        conn.close()


def _run_refresh(home: Path) -> subprocess.Popen[bytes]:
    # Keep what PYTHONPATH already holds (the date-proof run puts its clock shift there).
    paths = [str(REPO / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    return subprocess.Popen(
        [sys.executable, "-m", "newsreader", "--home", str(home), "refresh", "--no-content"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # its own process group: the parser processes die with it
    )


def test_killing_a_refresh_at_random_moments_never_corrupts_or_loses(
    farm: str, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    paths = app_paths(home).ensure()
    lib = Library(Storage(paths.database), PermissiveGuard(), http=client_with(deadline=10))
    try:
        for n in range(FEEDS):
            lib.subscribe(f"{farm}/feed/{n}", fetch=False)
        assert lib.refresh().errors == 0
        articles = lib.articles()
        lib.mark_saved([a.id for a in articles[::20]])
    finally:
        lib.close()
    check, saved, total, _ = _state(paths.database)
    assert check == "ok" and saved >= 25

    # One undisturbed run gives the time scale of a refresh (start-up included).
    started = time.monotonic()
    assert _run_refresh(home).wait(60) == 0
    full = time.monotonic() - started
    rng = random.Random(1234)
    kills = partial = 0
    budget = time.monotonic() + max(50.0, 25 * (full + 0.5))  # about 20 s on an idle machine
    while kills < 20:
        assert time.monotonic() < budget, f"only {kills} kills in the time budget"
        proc = _run_refresh(home)
        # Any moment from start-up to the end of the writes (start-up alone is ~0.4 s).
        time.sleep(rng.uniform(0.2, full))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the process group we started, and only it
            kills += 1
        proc.wait(10)
        check, now_saved, now_total, fk = _state(paths.database)
        assert check == "ok", f"after {kills} kills: {check}"
        assert fk == []
        assert now_saved == saved, f"saved articles went from {saved} to {now_saved}"
        assert now_total >= total, f"articles went from {total} to {now_total}"
        partial += 0 < now_total - total < FEEDS * ITEMS  # killed between two feeds' writes
        total = now_total
    assert kills >= 20
    # A refresh commits every 0.5 s (Storage.batch), so only a few kills can land between two
    # commits with some feeds stored and others not; every other kill hit an open transaction.
    assert partial >= 2, f"only {partial} of {kills} kills landed while feeds were being stored"
    # The survivor opens normally: no damage found, nothing was ever recovered behind our back.
    storage, report = open_storage(paths.database)
    storage.close()
    assert report is None
    assert [p.name for p in paths.data_dir.iterdir() if ".corrupt-" in p.name] == []
