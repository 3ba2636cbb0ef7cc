"""Private feeds from the command line: the password is read from stdin (or taken out of a typed
URL), kept by the secrets store, and found in no file of the home directory but the keyring's
0600 fallback — not the database (nor its WAL), settings, OPML export or JSON output."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.core.secrets import split_login
from tests.clitools import Cli
from tests.feedgen import Item, rss

USER, PASSWORD = "doc-gia", "bí-mật:p@ss/42"
NEEDLES = (PASSWORD.encode(), "bí-mật".encode(), b"p@ss/42", b"p%40ss")


def private_feed(server: HTTPServer) -> None:
    import base64

    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def handler(request: Request) -> Response:
        if request.headers.get("Authorization") != expected:
            return Response("login required", 401, {"WWW-Authenticate": 'Basic realm="x"'})
        body = rss([Item("Tin riêng cho thành viên", "rieng")], host="https://rieng.example.vn")
        return Response(body, content_type="application/rss+xml")

    server.expect_request("/private.rss").respond_with_handler(handler)


def files_with_secrets(home: Path) -> list[str]:
    found = []
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in NEEDLES):
                found.append(path.name)
    return sorted(found)


def test_password_from_stdin_is_only_in_the_keyring_fallback(
    cli: Cli, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    private_feed(httpserver)
    url = httpserver.url_for("/private.rss")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, err = cli("add", url, "--user", USER, "--password-stdin", "--json")
    assert code == 0, err
    assert "no system keyring is available" in err  # the fallback is announced
    assert json.loads(out)["new_articles"] == 1
    refreshed = cli.json("refresh", "--no-content")
    assert refreshed["errors"] == 0
    feeds = cli.json("feeds")
    assert feeds[0]["url"] == url and feeds[0]["last_error"] is None
    code, opml, _ = cli("export")
    assert code == 0 and url in opml
    outputs = out + json.dumps(refreshed) + json.dumps(feeds) + opml + err
    assert not any(n.decode("utf-8", "replace") in outputs for n in NEEDLES)
    fallback = cli.home / "config" / "credentials.json"
    assert files_with_secrets(cli.home) == ["credentials.json"]
    assert stat.S_IMODE(os.stat(fallback).st_mode) == 0o600


def test_a_login_typed_in_the_url_is_moved_to_the_keyring(cli: Cli, httpserver: HTTPServer) -> None:
    private_feed(httpserver)
    plain = httpserver.url_for("/private.rss")
    typed = plain.replace("://", f"://{USER}:{PASSWORD.replace('@', '%40').replace('/', '%2F')}@")
    assert split_login(typed) == (plain, (USER, PASSWORD))
    code, out, err = cli("add", typed, "--json")
    assert code == 0, err
    assert json.loads(out)["url"] == plain
    assert cli.json("refresh", "--no-content")["errors"] == 0
    assert files_with_secrets(cli.home) == ["credentials.json"]
    # Removing the feed forgets its login.
    assert cli("remove", str(json.loads(out)["id"]))[0] == 0
    assert files_with_secrets(cli.home) == []


def test_opml_import_moves_logins_out_of_urls(
    cli: Cli, httpserver: HTTPServer, tmp_path: Path
) -> None:
    private_feed(httpserver)
    plain = httpserver.url_for("/private.rss")
    typed = plain.replace("://", f"://{USER}:{PASSWORD.replace('@', '%40').replace('/', '%2F')}@")
    outline = tmp_path / "feeds.opml"
    outline.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        f'<outline type="rss" text="Riêng" xmlUrl="{typed.replace("&", "&amp;")}"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    assert cli("import", str(outline))[0] == 0
    outline.unlink()
    assert cli.json("feeds")[0]["url"] == plain
    assert cli.json("refresh", "--no-content")["errors"] == 0
    assert files_with_secrets(cli.home) == ["credentials.json"]


def test_user_without_password_stdin_is_a_usage_error(cli: Cli) -> None:
    code, _out, err = cli("add", "https://rieng.example.vn/rss", "--user", USER)
    assert code == 1 and "--password-stdin" in err


def test_a_feed_keeps_its_own_user_agent(cli: Cli, httpserver: HTTPServer) -> None:
    body = rss([Item("Tin", "tin")], host="https://tin.example.vn")
    httpserver.expect_request("/feed.rss").respond_with_data(
        body, content_type="application/rss+xml"
    )
    url = httpserver.url_for("/feed.rss")
    assert cli("add", url, "--user-agent", "Mozilla/5.0 (X11; Linux x86_64)")[0] == 0
    assert cli.json("refresh", "--no-content")["errors"] == 0
    assert [r.headers["User-Agent"] for r, _ in httpserver.log] == [
        "Mozilla/5.0 (X11; Linux x86_64)"
    ] * 2


def test_a_login_never_falls_back_to_plain_http(
    cli: Cli, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An address typed without a scheme tries https, then http — but not with a password."""
    private_feed(httpserver)
    typed = httpserver.url_for("/private.rss").removeprefix("http://")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, _out, err = cli("add", typed, "--user", USER, "--password-stdin")
    assert code == 1 and err.startswith("newsreader:")
    assert all("Authorization" not in r.headers for r, _ in httpserver.log)
    assert not any(n.decode("utf-8", "replace") in err for n in NEEDLES)
