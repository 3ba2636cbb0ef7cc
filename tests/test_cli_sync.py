"""The command line of sync accounts, end to end against the Google Reader API test server:
account add/list/remove, sync, add --account, articles --account, the `account` JSON field,
refresh syncing every account, and errors as one line with exit 1."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest

from tests.clitools import Cli
from tests.core.sync.greader_server import GReaderServer, State

PASSWORD = "cli-Pässword-7"


@pytest.fixture
def server() -> Iterator[GReaderServer]:
    state = State("reader", PASSWORD)
    feed = state.add_feed("https://vn.example/rss", "Tin Việt", "Việt Nam")
    for n in range(4):
        state.add_item(feed, f"Tin {n}")
    srv = GReaderServer(state).start()
    yield srv
    srv.stop()


def add_account(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, url: str, password: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return cli("account", "add", url, "--user", "reader", "--password-stdin", "--json")


def test_account_add_sync_list_articles_remove(
    cli: Cli, server: GReaderServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = add_account(cli, monkeypatch, server.url, PASSWORD)
    assert code == 0, err
    assert "no system keyring" in err and err.count("\n") == 1  # announced in one line
    listed = cli.json("account", "list")
    assert listed == [
        {"id": 1, "kind": "greader", "url": server.url, "user": "reader", "title": "",
         "last_sync": None, "last_error": None}
    ]  # fmt: skip
    code, out, err = cli("sync", "--json")
    assert code == 0 and err == ""  # later syncs are quiet about the fallback
    doc = json.loads(out)
    assert doc == {
        "accounts": [
            {"id": 1, "status": "ok", "new_articles": 4, "sent_changes": 0, "error": None}
        ],
        "new_articles": 4, "errors": 0, "offline": False,
    }  # fmt: skip
    feeds = cli.json("feeds")
    assert [(f["title"], f["folder"], f["account"]) for f in feeds] == [("Tin Việt", "Việt Nam", 1)]
    arts = cli.json("articles", "--account", "1")
    assert len(arts) == 4 and all(a["account"] == 1 for a in arts)
    assert cli("read", str(arts[0]["id"]))[0] == 0
    refreshed = cli.json("refresh", "--no-content")  # refresh syncs every account
    assert refreshed["accounts"][0]["sent_changes"] == 1
    assert sum(it.read for it in server.state.items.values()) == 1

    code, out, err = cli("add", "https://other.example/feed", "--account", "1", "--folder", "Mới")
    assert code == 0, err
    assert "feed/https://other.example/feed" in server.state.subs

    code, out, err = cli("account", "remove", "1")
    assert code == 0 and "Removed account [1]" in out
    assert cli.json("account", "list") == [] and cli.json("feeds") == []
    for path in cli.home.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_wrong_password_and_unreachable_server_exit_1_with_one_line(
    cli: Cli, server: GReaderServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = add_account(cli, monkeypatch, server.url, "wrong")
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0 and "refused the user name or password" in err
    assert "wrong" not in err
    assert add_account(cli, monkeypatch, server.url, PASSWORD)[0] == 0
    server.stop()
    code, out, err = cli("sync")
    assert code == 1 and err.startswith("newsreader: account 1: ") and err.count("\n") == 1
    assert "Traceback" not in err and PASSWORD not in err
    code, out, err = cli("account", "list")
    assert "! " in out  # the error is kept on the account
