"""Fever against the real Coldsweat server: two machines converge through one account, changes
made while the server is down reach it after a restart, and a kill -9 during a sync loses no
queued change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsreader.core.library import Library
from newsreader.core.sync.remote import AccountAuthError
from tests.core.sync.coldsweat import EMAIL, PASSWORD, REPO, Coldsweat, FeedSite

Machine = Callable[[str], Library]


@pytest.fixture
def coldsweat(tmp_path: Path) -> Iterator[Coldsweat]:
    site = FeedSite()
    site.entries = [(f"Tin số {n}", f"<p>Nội dung {n}</p>") for n in range(6)]
    root = tmp_path / "coldsweat"
    root.mkdir()
    server = Coldsweat(root, site)
    try:
        server.setup()
        server.start()
        yield server
    finally:
        server.stop()
        site.stop()


def connect(lib: Library, server: Coldsweat) -> int:
    account = lib.accounts.add(server.url, EMAIL, PASSWORD)
    assert account.kind == "fever"  # the Google Reader API was tried first and is not there
    result = lib.accounts.sync([account.id])[0]
    assert result.status == "ok", result.error
    return account.id


def states(lib: Library) -> dict[str, tuple[bool, bool]]:
    return {a.title: (a.read, a.saved) for a in lib.articles()}


def ids(lib: Library) -> dict[str, int]:
    return {a.title: a.id for a in lib.articles()}


def test_two_machines_converge_through_coldsweat(machine: Machine, coldsweat: Coldsweat) -> None:
    a, b = machine("a"), machine("b")
    with pytest.raises(AccountAuthError, match="refused the user name or password"):
        a.accounts.add(coldsweat.url, EMAIL, "not-the-password")
    connect(a, coldsweat)
    connect(b, coldsweat)
    assert len(states(a)) == 6 and not any(r for r, _ in states(a).values())
    assert {f.folder for f in a.feeds()} == {"Tin tức"}

    a.mark_read([ids(a)["Tin số 1"]])  # read on A -> read on B
    a.accounts.sync()
    assert coldsweat.read_titles() == {"Tin số 1"}
    b.accounts.sync()
    assert states(b)["Tin số 1"] == (True, False)

    b.mark_saved([ids(b)["Tin số 4"]])  # save on B -> saved on the server -> saved on A
    b.accounts.sync()
    assert coldsweat.saved_titles() == {"Tin số 4"}
    a.accounts.sync()
    assert states(a)["Tin số 4"] == (False, True)

    coldsweat.site.entries.append(("Tin mới", "<p>Mới</p>"))  # the server fetches a new story
    coldsweat.fetch()
    result = a.accounts.sync()[0]
    assert result.new_articles == 1 and states(a)["Tin mới"] == (False, False)
    assert [h.article.title for h in a.search("tin moi")] == ["Tin mới"]
    quiet = a.accounts.sync()[0]  # nothing new: feeds, unread ids, saved ids, items since
    assert quiet.status == "ok" and quiet.new_articles == 0 and quiet.requests == 4


def test_items_read_on_the_server_before_this_machine_saw_them_are_fetched(
    machine: Machine, coldsweat: Coldsweat
) -> None:
    a = machine("a")
    connect(a, coldsweat)
    a.mark_read(list(ids(a).values()))
    a.mark_saved([ids(a)["Tin số 5"]])
    a.accounts.sync()
    coldsweat.site.entries.append(("Đọc ở máy A", "<p>Đã đọc</p>"))
    coldsweat.fetch()
    a.accounts.sync()
    a.mark_read([ids(a)["Đọc ở máy A"]])
    a.accounts.sync()
    assert len(coldsweat.read_titles()) == 7

    b = machine("b")  # a new machine: the account reads like the server, read items included
    connect(b, coldsweat)
    assert len(states(b)) == 7 and all(read for read, _ in states(b).values())
    assert states(b)["Tin số 5"] == (True, True)
    coldsweat.site.entries.append(("Đọc trên web", "<p>Web</p>"))  # read elsewhere at once
    coldsweat.fetch()
    coldsweat.read_on_server("Đọc trên web")
    result = b.accounts.sync()[0]  # picked up by the high-water mark, not by its id
    assert result.new_articles == 1 and states(b)["Đọc trên web"] == (True, False)
    assert b.accounts.sync()[0].new_articles == 0


def test_a_first_sync_fetches_recent_read_items_only(
    machine: Machine, coldsweat: Coldsweat, monkeypatch: pytest.MonkeyPatch
) -> None:
    coldsweat.site.entries += [(f"Cũ {n}", "<p>x</p>") for n in range(40)]
    coldsweat.fetch()
    a = machine("a")
    connect(a, coldsweat)
    a.mark_read(list(ids(a).values()))
    a.mark_read([ids(a)["Tin số 0"]], False)  # the oldest item stays unread
    a.accounts.sync()
    monkeypatch.setattr("newsreader.core.sync.fever.FIRST_SYNC_SPAN", 10)
    b = machine("b")
    connect(b, coldsweat)
    held = states(b)
    assert 10 <= len(held) <= 22  # about the newest 10 ids, and the unread one
    assert held["Tin số 0"] == (False, False)
    assert coldsweat.newest_title() in held


def test_changes_made_while_the_server_is_down_reach_it_after_restart(
    machine: Machine, coldsweat: Coldsweat
) -> None:
    a, b = machine("a"), machine("b")
    account_id = connect(a, coldsweat)
    connect(b, coldsweat)
    coldsweat.stop()
    a.mark_read([ids(a)["Tin số 0"], ids(a)["Tin số 2"]])
    a.mark_saved([ids(a)["Tin số 3"]])
    result = a.accounts.sync()[0]
    assert result.status == "error" and result.error
    assert "Tin" not in result.error and PASSWORD not in result.error
    assert a.storage.outbox_count(account_id) == 3
    coldsweat.start()
    assert a.accounts.sync()[0].status == "ok"
    assert a.storage.outbox_count(account_id) == 0
    assert coldsweat.read_titles() == {"Tin số 0", "Tin số 2"}
    assert coldsweat.saved_titles() == {"Tin số 3"}
    b.accounts.sync()
    assert states(b)["Tin số 2"] == (True, False) and states(b)["Tin số 3"] == (False, True)


_CHILD = """
import sys, time
from newsreader.core.fetch.http import HttpClient
from newsreader.core.library import Library
from newsreader.core.storage import Storage
from newsreader.core.feeds.update import default_parse

home = sys.argv[1]
original = HttpClient.request
def slow(self, *args, **kwargs):
    time.sleep(0.05)  # slow enough that the parent's kill lands mid-sync
    return original(self, *args, **kwargs)
HttpClient.request = slow
lib = Library(Storage(home + "/data/newsreader.sqlite3"), parse=default_parse,  # the app's guard
              config_dir=__import__("pathlib").Path(home) / "config")
print("syncing", flush=True)
lib.accounts.sync()
print("done", flush=True)
"""


def test_kill_9_during_sync_loses_no_queued_change(
    machine: Machine, coldsweat: Coldsweat, tmp_path: Path
) -> None:
    coldsweat.site.entries += [(f"Thêm {n}", "<p>x</p>") for n in range(40)]
    coldsweat.fetch()
    a = machine("a")
    account_id = connect(a, coldsweat)
    everything = list(ids(a).values())
    assert len(everything) == 46
    a.mark_read(everything)
    assert a.storage.outbox_count(account_id) == 46
    a.storage.close()

    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(tmp_path / "a")],
        cwd=REPO, env=env, stdout=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while len(coldsweat.read_titles()) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert child.poll() is None, "the sync finished before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
    on_server = coldsweat.read_titles()
    assert 5 <= len(on_server) < 46

    again = machine("a")  # the same home, reopened after the crash
    waiting = again.storage.outbox_count(account_id)
    assert waiting + len(on_server) >= 46  # every change is either on the server or queued
    assert again.accounts.sync()[0].status == "ok"
    assert again.storage.outbox_count(account_id) == 0
    assert len(coldsweat.read_titles()) == 46
