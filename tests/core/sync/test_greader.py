"""Two machines converging through a Google Reader API server (tests/core/sync/greader_server.py):
read/saved both ways, subscriptions and folders changed from either side, incremental syncs,
continuation, an expired session, a wrong password and a server that answers HTML."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsreader.core.errors import NewsreaderError
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.core.retention import Retention
from newsreader.core.sync.remote import AccountAuthError
from tests.core.sync.conftest import MemoryKeyring
from tests.core.sync.greader_server import GReaderServer, State

PASSWORD = "s3cret-Pässword-42"
Machine = Callable[[str], Library]


@pytest.fixture
def server() -> Iterator[GReaderServer]:
    state = State("reader", PASSWORD)
    tech = state.add_feed("https://tech.example/feed.xml", "Tech news", "Tech")
    vn = state.add_feed("https://vn.example/rss", "Tin Việt", "Việt Nam")
    for n in range(3):
        state.add_item(tech, f"Tech story {n}")
        state.add_item(vn, f"Đột phá số {n}")
    srv = GReaderServer(state).start()
    yield srv
    srv.stop()


def connect(lib: Library, server: GReaderServer) -> int:
    account = lib.accounts.add(server.url, "reader", PASSWORD)
    assert account.kind == "greader"
    result = lib.accounts.sync([account.id])[0]
    assert result.status == "ok", result.error
    return account.id


def by_title(lib: Library) -> dict[str, tuple[bool, bool]]:
    return {a.title: (a.read, a.saved) for a in lib.articles()}


def test_first_sync_brings_feeds_folders_and_articles(
    machine: Machine, server: GReaderServer
) -> None:
    lib = machine("a")
    account_id = connect(lib, server)
    feeds = {f.title: f for f in lib.feeds()}
    assert set(feeds) == {"Tech news", "Tin Việt"}
    assert feeds["Tin Việt"].folder == "Việt Nam"
    assert feeds["Tech news"].url == "https://tech.example/feed.xml"
    assert all(f.account_id == account_id for f in feeds.values())
    assert len(lib.articles()) == 6
    assert lib.count_articles(ArticleQuery(account_id=account_id, folder="Tech")) == 3
    assert [h.article.title for h in lib.search("dot pha so 1")] == ["Đột phá số 1"]


def test_read_and_saved_converge_between_two_machines(
    machine: Machine, server: GReaderServer
) -> None:
    a, b = machine("a"), machine("b")
    connect(a, server)
    connect(b, server)
    arts = {x.title: x.id for x in a.articles()}
    a.mark_read([arts["Tech story 0"]])
    assert a.accounts.sync()[0].sent_changes == 1
    assert server.state.items[min(server.state.items)].read  # Tech story 0 is the first item
    b.accounts.sync()
    assert by_title(b)["Tech story 0"] == (True, False)

    b_ids = {x.title: x.id for x in b.articles()}
    b.mark_saved([b_ids["Đột phá số 2"]])
    b.accounts.sync()
    assert any(it.starred and it.title == "Đột phá số 2" for it in server.state.items.values())
    a.accounts.sync()
    assert by_title(a)["Đột phá số 2"] == (False, True)

    # mark all read on one machine: everything read on the other
    a.mark_all_read()
    a.accounts.sync()
    b.accounts.sync()
    assert all(read for read, _ in by_title(b).values())


def test_unsent_local_change_wins_over_the_server(machine: Machine, server: GReaderServer) -> None:
    a = machine("a")
    account_id = connect(a, server)
    target = next(x for x in a.articles() if x.title == "Tech story 1")
    a.mark_read([target.id])
    assert a.storage.outbox_count(account_id) == 1
    # Before the change is sent, the server still says unread: applying the server's state
    # must not undo the local change.
    unread = {it_id for it_id in map(str, server.state.items)}
    a.storage.apply_account_states(account_id, unread=unread, starred=set(), now=a.clock())
    assert a.article(target.id).read
    a.accounts.sync()
    assert a.storage.outbox_count(account_id) == 0
    assert next(it for it in server.state.items.values() if it.title == "Tech story 1").read


def test_subscriptions_and_folders_changed_on_the_server(
    machine: Machine, server: GReaderServer
) -> None:
    a = machine("a")
    connect(a, server)
    state = server.state
    science = state.add_feed("https://sci.example/atom", "Science", "Tech")
    state.add_item(science, "A comet")
    with state.lock:  # another client renames a folder and drops a feed
        for sub in state.subs.values():
            if "Việt Nam" in sub.labels:
                sub.labels = {"Tin tức"}
        del state.subs["feed/https://tech.example/feed.xml"]
    tech_id = next(x.id for x in a.articles() if x.title == "Tech story 2")
    a.mark_saved([tech_id])
    a.accounts.sync()
    feeds = {f.title: f.folder for f in a.feeds()}
    assert feeds == {"Tin Việt": "Tin tức", "Science": "Tech"}
    titles = {x.title for x in a.articles()}
    assert "A comet" in titles and "Tech story 0" not in titles
    kept = a.article(tech_id)  # saved articles of a dropped feed stay, without their feed
    assert kept.saved and kept.feed_id is None and kept.feed_title == "Tech news"
    server.state.requests.clear()
    assert a.accounts.sync()[0].new_articles == 0  # and it is not fetched again
    assert sum(1 for x in a.articles() if x.title == "Tech story 2") == 1


def test_subscriptions_and_folders_changed_here_reach_the_server(
    machine: Machine, server: GReaderServer
) -> None:
    a = machine("a")
    account_id = connect(a, server)
    feeds = {f.title: f.id for f in a.feeds()}
    a.move_feed(feeds["Tech news"], "Máy tính")
    a.rename_feed(feeds["Tin Việt"], "Báo Việt")
    a.unsubscribe(feeds["Tin Việt"])
    assert a.storage.outbox_count(account_id) == 3
    a.accounts.sync()
    subs = server.state.subs
    assert set(subs) == {"feed/https://tech.example/feed.xml"}
    assert subs["feed/https://tech.example/feed.xml"].labels == {"Máy tính"}
    a.accounts.rename_folder(account_id, "Máy tính", "Công nghệ")
    assert {f.folder for f in a.feeds()} == {"Công nghệ"}
    a.accounts.sync()
    assert subs["feed/https://tech.example/feed.xml"].labels == {"Công nghệ"}
    result = a.accounts.subscribe(account_id, "https://new.example/feed", "Mới")
    assert result.status == "ok"
    assert {f.title: f.folder for f in a.feeds()}["Quick feed"] == "Mới"
    # the server's other calls: rename-tag and disable-tag, as another client uses them
    b = machine("b")
    connect(b, server)
    assert {f.folder for f in b.feeds()} == {"Công nghệ", "Mới"}


def test_a_sync_with_nothing_new_is_a_handful_of_small_requests(
    machine: Machine, server: GReaderServer
) -> None:
    a = machine("a")
    connect(a, server)
    server.state.requests.clear()
    result = a.accounts.sync()[0]
    assert result.status == "ok" and result.new_articles == 0
    assert result.requests <= 5
    assert server.state.requests["stream/items/contents"] == 0
    new = server.state.add_item("feed/https://vn.example/rss", "Tin mới")
    server.state.requests.clear()
    result = a.accounts.sync()[0]
    assert result.new_articles == 1
    assert server.state.requests["stream/items/contents"] == 1
    assert any(x.title == "Tin mới" for x in a.articles())
    assert new


def test_continuation_pages_through_long_id_lists(machine: Machine, server: GReaderServer) -> None:
    state = server.state
    state.max_n = 100
    feed = "feed/https://vn.example/rss"
    for n in range(730):
        state.add_item(feed, f"Bài {n}")
    a = machine("a")
    connect(a, server)
    assert a.count_articles() == 736
    assert state.requests["stream/items/ids"] >= 8  # unread ids in pages of 100


def test_expired_session_logs_in_again(machine: Machine, server: GReaderServer) -> None:
    a = machine("a")
    connect(a, server)
    server.state.expire_sessions()
    server.state.requests.clear()
    item = next(x for x in a.articles())
    a.mark_read([item.id])
    result = a.accounts.sync()[0]
    assert result.status == "ok", result.error
    assert server.state.requests["/accounts/ClientLogin"] == 1


def test_wrong_password_and_html_answers_are_clear_errors(
    machine: Machine, server: GReaderServer
) -> None:
    a = machine("a")
    with pytest.raises(AccountAuthError, match="refused the user name or password"):
        a.accounts.add(server.url, "reader", "wrong", kind="greader")
    assert a.accounts.list() == []
    account_id = connect(a, server)
    item = a.articles()[0]
    a.mark_read([item.id])
    server.html_instead = True
    result = a.accounts.sync()[0]
    assert result.status == "error" and "is this" in (result.error or "")
    assert a.accounts.get(account_id).last_error == result.error
    assert a.storage.outbox_count(account_id) == 1  # nothing lost
    server.html_instead = False
    assert a.accounts.sync()[0].status == "ok"
    assert a.storage.outbox_count(account_id) == 0


def test_server_down_keeps_changes_until_it_is_back(
    machine: Machine, server: GReaderServer
) -> None:
    a = machine("a")
    account_id = connect(a, server)
    item = a.articles()[0]
    port = server.server_address[1]
    server.stop()
    a.mark_saved([item.id])
    result = a.accounts.sync()[0]
    assert result.status == "error"
    assert a.storage.outbox_count(account_id) == 1
    again = GReaderServer(server.state)
    again.server_close()
    restarted = _serve_on(server.state, port)
    try:
        assert a.accounts.sync()[0].status == "ok"
        assert any(it.starred for it in server.state.items.values())
    finally:
        restarted.stop()


def _serve_on(state: State, port: int) -> GReaderServer:
    import socketserver

    class Fixed(GReaderServer):
        def __init__(self) -> None:
            socketserver.TCPServer.allow_reuse_address = True
            super(GReaderServer, self).__init__(("127.0.0.1", port), type(self).handler_class)
            self.state = state
            self.prefix = "/api/greader.php"
            self.html_instead = False
            import threading

            self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    from tests.core.sync.greader_server import Handler

    Fixed.handler_class = Handler  # type: ignore[attr-defined]
    return Fixed().start()


def test_remove_account_keeps_saved_articles_and_forgets_secrets(
    machine: Machine, server: GReaderServer, tmp_path: Path
) -> None:
    a = machine("a")
    account_id = connect(a, server)
    saved = a.articles()[0]
    a.mark_saved([saved.id])
    a.accounts.remove(account_id)
    assert a.accounts.list() == [] and a.feeds() == []
    kept = a.articles()
    assert [x.id for x in kept] == [saved.id] and kept[0].account_id is None
    creds = tmp_path / "a" / "config" / "credentials.json"
    assert PASSWORD not in creds.read_text(encoding="utf-8")


def test_secrets_never_leave_the_keyring_or_the_0600_file(
    machine: Machine, server: GReaderServer, tmp_path: Path
) -> None:
    a = machine("a")
    connect(a, server)
    a.storage.close()
    creds = tmp_path / "a" / "config" / "credentials.json"
    assert creds.stat().st_mode & 0o777 == 0o600
    for path in (tmp_path / "a").rglob("*"):
        if path.is_file() and path != creds:
            data = path.read_bytes()
            assert PASSWORD.encode() not in data, path
            assert PASSWORD.encode("utf-16-le") not in data, path


def test_a_working_keyring_holds_the_secrets(
    machine: Machine, server: GReaderServer, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    a = machine("a")
    connect(a, server)
    assert PASSWORD in memory_keyring.values.values()
    assert not (tmp_path / "a" / "config" / "credentials.json").exists()


class OtherClient:
    """Another Google Reader API client of the same account (a phone app), over HTTP."""

    def __init__(self, server: GReaderServer) -> None:
        import requests

        self.http = requests.Session()
        self.base = server.url
        login = self.http.post(
            self.base + "/accounts/ClientLogin", data={"Email": "reader", "Passwd": PASSWORD}
        )
        auth = dict(line.split("=", 1) for line in login.text.split())["Auth"]
        self.http.headers["Authorization"] = f"GoogleLogin auth={auth}"
        self.token = self.http.get(self.base + "/reader/api/0/token").text

    def post(self, call: str, **form: str) -> None:
        answer = self.http.post(f"{self.base}/reader/api/0/{call}", data={**form, "T": self.token})
        assert answer.text == "OK", answer.text


def test_folders_renamed_and_removed_and_all_read_by_another_client(
    machine: Machine, server: GReaderServer
) -> None:
    a = machine("a")
    connect(a, server)
    phone = OtherClient(server)
    phone.post("rename-tag", s="user/-/label/Tech", dest="user/-/label/Công nghệ")
    phone.post("disable-tag", s="user/-/label/Việt Nam")
    phone.post("mark-all-as-read", s="user/-/state/com.google/reading-list", ts="0")
    a.accounts.sync()
    assert {f.title: f.folder for f in a.feeds()} == {"Tech news": "Công nghệ", "Tin Việt": None}
    assert a.count_articles(ArticleQuery(unread=True)) == 0


def test_hostile_slow_and_huge_answers_are_errors_with_nothing_lost(
    machine: Machine, server: GReaderServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    a = machine("a")
    account_id = connect(a, server)
    state = server.state
    feed = "feed/https://vn.example/rss"
    hostile = state.add_item(
        feed,
        "<script>alert(1)</script>Tin " + "rất dài " * 500,
        html='<p onclick="steal()">Chữ</p><script>alert(document.cookie)</script>'
        '<img src="http://127.0.0.1:1/track.gif" onerror="x()">',
    )
    assert a.accounts.sync()[0].new_articles == 1
    article = next(x for x in a.articles() if x.account_id == account_id and "Tin" in x.title)
    assert "<script" not in article.title and len(article.title) <= 1000
    from newsreader.core.pages.sanitize import sanitize_html

    shown = sanitize_html(a.article(article.id).content_html, base_url=article.link)
    assert "script" not in shown and "onclick" not in shown and "onerror" not in shown
    assert hostile

    # an answer larger than the cap: an error for the account, nothing half-stored
    monkeypatch.setattr("newsreader.core.sync.greader.API_MAX_BYTES", 20_000)
    state.add_item(feed, "Khổng lồ", html="<p>" + "x" * 100_000 + "</p>")
    held = a.count_articles()
    result = a.accounts.sync()[0]
    assert result.status == "error" and "larger than" in (result.error or "")
    assert a.count_articles() == held
    monkeypatch.undo()

    # a server slower than the deadline: a clear error in bounded time, the change kept
    from newsreader.core.feeds.update import default_parse
    from newsreader.core.storage import Storage
    from tests.guards import PermissiveGuard, client_with

    impatient = Library(
        Storage(tmp_path / "a" / "data" / "newsreader.sqlite3"),
        PermissiveGuard(),
        http=client_with(deadline=1.0, read_timeout=1.0),
        parse=default_parse,
        config_dir=tmp_path / "a" / "config",
    )
    try:
        impatient.mark_read([article.id])
        state.delay = 2.5
        import time

        started = time.monotonic()
        result = impatient.accounts.sync()[0]
        assert time.monotonic() - started < 10
        assert result.status == "error" and result.error
        assert impatient.storage.outbox_count(account_id) == 1
        state.delay = 0
        assert impatient.accounts.sync()[0].status == "ok"
        assert impatient.storage.outbox_count(account_id) == 0
    finally:
        state.delay = 0
        impatient.close()


def test_item_ids_have_one_form_whatever_the_server_uses() -> None:
    from newsreader.core.sync.greader import item_id
    from newsreader.core.sync.remote import SyncProtocolError

    assert item_id("tag:google.com,2005:reader/item/000000000000001f") == "31"
    assert item_id("31") == "31" and item_id(31) == "31"
    assert item_id("-1") == str((1 << 64) - 1)  # a signed 64-bit id
    oid = "00157a17b192950b65be3791"  # The Old Reader's ObjectIds stay as they are
    assert item_id(oid) == oid and item_id("tag:google.com,2005:reader/item/" + oid) == oid
    with pytest.raises(SyncProtocolError):
        item_id("<script>")


def test_a_starred_item_of_an_unsubscribed_feed_is_kept_and_not_asked_for_again(
    machine: Machine, server: GReaderServer
) -> None:
    state = server.state
    old = state.add_feed("https://old.example/rss", "Báo cũ")
    kept = state.add_item(old, "Bài đã lưu")
    state.item(kept).starred = True
    del state.subs[old]  # unsubscribed on the server; its starred item stays starred
    a = machine("a")
    connect(a, server)
    article = next(x for x in a.articles() if x.title == "Bài đã lưu")
    assert article.saved and article.feed_id is None and article.feed_title == "Báo cũ"
    state.requests.clear()
    assert a.accounts.sync()[0].new_articles == 0
    assert state.requests["stream/items/contents"] == 0


def test_moves_renames_and_a_deleted_folder_here_reach_the_server_and_another_machine(
    machine: Machine, server: GReaderServer
) -> None:
    a, b = machine("a"), machine("b")
    account_id = connect(a, server)
    connect(b, server)
    feeds = {f.title: f.id for f in a.feeds()}
    a.move_feed(feeds["Tin Việt"], "Tin tức")
    a.rename_feed(feeds["Tech news"], "Tin công nghệ")
    assert a.accounts.delete_folder(account_id, "Tech") == 1
    assert {f.title: f.folder for f in a.feeds()} == {"Tin công nghệ": None, "Tin Việt": "Tin tức"}
    queued = [(e.action, e.target) for e in a.storage.outbox_pending(account_id)]
    assert queued == [
        ("move", "feed/https://vn.example/rss"),
        ("rename", "feed/https://tech.example/feed.xml"),
        ("delete-folder", "Tech"),
    ]
    server.state.requests.clear()
    assert a.accounts.sync()[0].sent_changes == 3
    assert server.state.requests["disable-tag"] == 1
    subs = server.state.subs
    assert subs["feed/https://tech.example/feed.xml"].title == "Tin công nghệ"
    assert subs["feed/https://tech.example/feed.xml"].labels == set()
    assert subs["feed/https://vn.example/rss"].labels == {"Tin tức"}
    assert a.storage.outbox_count(account_id) == 0
    assert {f.title: f.folder for f in a.feeds()} == {"Tin công nghệ": None, "Tin Việt": "Tin tức"}
    b.accounts.sync()  # the other machine sees all three
    assert {f.title: f.folder for f in b.feeds()} == {"Tin công nghệ": None, "Tin Việt": "Tin tức"}
    assert b.count_articles(ArticleQuery(account_id=account_id, folder="Tin tức")) == 3


def test_mark_listed_read_queues_the_change_for_the_server(
    machine: Machine, server: GReaderServer
) -> None:
    a = machine("a")
    account_id = connect(a, server)
    marked = a.mark_listed_read(ArticleQuery(account_id=account_id, folder="Tech"))
    assert len(marked) == 3 and a.storage.outbox_count(account_id) == 3
    a.accounts.sync()
    read = {it.title for it in server.state.items.values() if it.read}
    assert read == {"Tech story 0", "Tech story 1", "Tech story 2"}
    a.mark_read(marked, False)  # its undo reaches the server too
    a.accounts.sync()
    assert not any(it.read for it in server.state.items.values())


def test_what_the_servers_content_points_at_is_guarded(
    machine: Machine, server: GReaderServer
) -> None:
    """A server listing a "feed" on a local address does not open that address: only the
    server's own host, which the user typed, is reachable though local."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    from newsreader.core.errors import BlockedAddressError, NetworkError

    inside = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)  # a LAN device
    Thread(target=inside.serve_forever, daemon=True).start()
    try:
        private = f"http://127.0.0.1:{inside.server_address[1]}"
        feed = server.state.add_feed(private + "/admin/feed", "Router", "Nhà")
        server.state.add_item(feed, "Bẫy", html=f'<img src="{private}/reboot.cgi">')
        a = machine("a")
        connect(a, server)
        assert any(f.url == private + "/admin/feed" for f in a.feeds())
        with pytest.raises(BlockedAddressError):
            a.client.get(private + "/reboot.cgi")
        with pytest.raises(NetworkError) as reached:  # the server itself: reached (401)
            a.client.request("GET", server.url + "/reader/api/0/token")
        assert reached.value.status == 401
    finally:
        inside.shutdown()
        inside.server_close()


def test_retention_never_drops_what_the_server_reports_unread_or_starred(
    machine: Machine, server: GReaderServer
) -> None:
    from datetime import timedelta

    a = machine("a")
    account_id = connect(a, server)
    arts = {x.title: x.id for x in a.articles()}
    a.mark_read([arts["Tech story 0"], arts["Tech story 1"], arts["Đột phá số 0"]])
    a.mark_saved([arts["Đột phá số 0"]])
    a.accounts.sync()  # read on the server: these may go
    with server.state.lock:  # starred elsewhere, and read: the server keeps reporting it
        for it in server.state.items.values():
            if it.title == "Đột phá số 1":
                it.starred = it.read = True
    a.accounts.sync()
    a.mark_read([arts["Đột phá số 2"]])  # read here, not sent: the server still says unread
    a.mark_read([arts["Tech story 2"]])
    a.mark_saved([arts["Tech story 2"]])
    a.mark_saved([arts["Tech story 2"]], False)  # unsaved here, never starred: may go
    a.clock.now += timedelta(days=400)  # type: ignore[attr-defined]
    a.prune(Retention(keep_read_days=30, keep_per_feed=0, keep_unread_per_feed=0))
    left = by_title(a)
    assert left == {
        "Đột phá số 0": (True, True),  # saved
        "Đột phá số 1": (True, True),  # starred on the server
        "Đột phá số 2": (True, False),  # its read is not sent yet
        "Tech story 2": (True, False),  # its changes are not sent yet
    }
    a.accounts.sync()  # sent now: the server reports them read, unstarred
    a.prune(Retention(keep_read_days=30, keep_per_feed=0, keep_unread_per_feed=0))
    assert set(by_title(a)) == {"Đột phá số 0", "Đột phá số 1"}
    assert a.accounts.sync()[0].new_articles == 0  # dropped ones do not come back (tombstones)
    assert a.storage.outbox_count(account_id) == 0


def test_the_credentials_file_is_never_readable_by_others_not_even_while_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import stat

    from newsreader.core.secrets import Credentials

    creds = Credentials(tmp_path, use_keyring=False)
    stale = tmp_path / "credentials.json.tmp"  # left by a crash, with a umask's permissions
    stale.write_text("{}")
    stale.chmod(0o644)
    modes: list[int] = []
    fsync = os.fsync

    def watching(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # the file, not its directory
            modes.append(os.fstat(fd).st_mode & 0o777)
        fsync(fd)

    monkeypatch.setattr("newsreader.core.atomic.os.fsync", watching)  # the one atomic write
    creds.set("account-1-password", PASSWORD)
    assert modes == [0o600]  # the secret was never in a file others could read
    assert (tmp_path / "credentials.json").stat().st_mode & 0o777 == 0o600
    assert creds.get("account-1-password") == PASSWORD


def test_tls_certificates_are_always_verified(
    machine: Machine, server: GReaderServer, tmp_path: Path
) -> None:
    import shutil
    import ssl
    import subprocess

    assert shutil.which("openssl"), "openssl is needed (installed by .ci/run)"
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tls = GReaderServer(server.state)
    tls.socket = context.wrap_socket(tls.socket, server_side=True)
    tls.start()
    try:
        url = f"https://127.0.0.1:{tls.server_address[1]}/api/greader.php"
        a = machine("a")
        with pytest.raises(NewsreaderError, match="TLS error"):
            a.accounts.add(url, "reader", PASSWORD, kind="greader")
        assert a.accounts.list() == []
        assert not server.state.requests  # not even the login was sent
    finally:
        tls.stop()


def test_a_folder_change_made_during_a_sync_is_not_undone_by_it(
    machine: Machine, server: GReaderServer
) -> None:
    a = machine("a")
    account_id = connect(a, server)
    a.accounts.rename_folder(account_id, "Tech", "Công nghệ")
    a.accounts.delete_folder(account_id, "Việt Nam")
    # the server's list, fetched before those reached it, still has the old folders
    subscriptions = a.accounts.engine.adapter(
        "greader", server.url, "reader", account_id=account_id
    ).subscriptions()
    a.storage.apply_subscriptions(account_id, subscriptions, now=a.clock())
    assert {f.title: f.folder for f in a.feeds()} == {"Tech news": "Công nghệ", "Tin Việt": None}
    a.accounts.sync()
    assert {f.title: f.folder for f in a.feeds()} == {"Tech news": "Công nghệ", "Tin Việt": None}
    assert {s.title: s.labels for s in server.state.subs.values()} == {
        "Tech news": {"Công nghệ"},
        "Tin Việt": set(),
    }


def test_a_cancelled_sync_stops_between_batches_and_keeps_the_rest_queued(
    machine: Machine, server: GReaderServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from newsreader.core.sync.greader import GReaderAdapter

    a = machine("a")
    account_id = connect(a, server)
    a.mark_read([x.id for x in a.articles()])
    monkeypatch.setattr(GReaderAdapter, "batch_size", 2)
    cancel = threading.Event()
    original = GReaderAdapter.mark

    def mark_then_cancel(self: GReaderAdapter, action: str, ids: list[str]) -> None:
        original(self, action, ids)
        cancel.set()  # the reader pressed Cancel during the first batch

    monkeypatch.setattr(GReaderAdapter, "mark", mark_then_cancel)
    server.state.requests.clear()
    result = a.accounts.sync(cancel=cancel)[0]
    assert result.status == "ok" and result.sent_changes == 2
    assert a.storage.outbox_count(account_id) == 4
    assert server.state.requests["stream/items/ids"] == 0  # nothing pulled either
    monkeypatch.undo()
    assert a.accounts.sync()[0].sent_changes == 4
    assert all(it.read for it in server.state.items.values())
