"""The hostile corpus through the real pipeline: nothing crashes, nothing leaks, nothing runs.

Every feed in ``tests/data/hostile/`` and every generated one (bombs, slow servers, redirects)
is subscribed to and refreshed by a Library wired like the app's (address guard, parser
processes, storage), then each stored article is sanitized and each title made a label, as the
window does. Each must end in a clear per-feed error or a harmless rendering, in bounded time and
memory, without opening a file outside the app's directories or starting a process.
"""

from __future__ import annotations

import os
import re
import resource
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.core.errors import NetworkError, NewsreaderError
from newsreader.core.feeds.document import parse_feed
from newsreader.core.fetch.addresses import AddressGuard
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.core.offline.images import ImageCache
from newsreader.core.pages.sanitize import decode_image_ref, plain_text_label, sanitize_html
from newsreader.core.storage.recovery import open_storage
from newsreader.paths import app_paths
from tests.clitools import Cli
from tests.guards import client_with

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "hostile"
_MB = 1024 * 1024

# --- watching what the process does (audit hooks) -----------------------------------------------

_SPAWN_EVENTS = ("os.system", "subprocess.Popen", "os.posix_spawn", "os.startfile", "pty.spawn")
_SPAWN_PREFIXES = ("os.exec", "os.spawn", "webbrowser")


class _Recorder:
    """Records file opens and process starts while active (audit hooks cannot be removed, so
    this one is installed once and does nothing when inactive)."""

    def __init__(self) -> None:
        self.active = False
        self.opened: list[str] = []
        self.spawned: list[tuple[str, str]] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
            self.opened.append(os.fsdecode(args[0]))
        elif event in _SPAWN_EVENTS or event.startswith(_SPAWN_PREFIXES):
            self.spawned.append((event, repr(args)[:200]))

    @contextmanager
    def recording(self) -> Iterator[_Recorder]:
        self.opened.clear()
        self.spawned.clear()
        self.active = True
        try:
            yield self
        finally:
            self.active = False


RECORDER = _Recorder()
sys.addaudithook(RECORDER)

# Where a running Newsreader may legitimately open files: its own directories and its code.
_CODE_DIRS = {
    os.path.realpath(p)
    for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, *sys.path)
    if p and os.path.isdir(p)
}


def outside(opened: list[str], app_dirs: list[Path]) -> list[str]:
    """The opened paths that are neither under the app's directories nor Python code."""
    allowed = [str(d.resolve()) for d in app_dirs] + sorted(_CODE_DIRS)
    bad = []
    for path in opened:
        real = os.path.realpath(path)
        if not any(real == a or real.startswith(a.rstrip("/") + "/") for a in allowed):
            bad.append(path)
    return bad


FORBIDDEN = re.compile(r"passwd|shadow|/dev/(zero|random|urandom)|canary")


# --- checking renderings ------------------------------------------------------------------------

_LINK_SCHEMES = ("http://", "https://", "mailto:")


class _Inspect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]


def assert_harmless_html(html: str) -> None:
    found = _Inspect()
    found.feed(html)
    found.close()
    assert not found.tags & {"script", "style", "svg", "iframe", "object", "embed", "base", "meta"}
    for tag, name, value in found.attrs:
        assert not name.startswith("on"), (tag, name)
        assert name in ("href", "src", "alt", "title", "colspan", "rowspan"), (tag, name)
        if name == "href":
            assert value.startswith(_LINK_SCHEMES), value
        if name == "src":
            # Only cache references to http(s) images: never a path, file: or data: URL.
            image = decode_image_ref(value)
            assert image is not None and image.startswith(("http://", "https://")), value
            assert urlsplit(image).hostname, image
    assert len(html) <= 600 * 1024


_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def assert_harmless_label(text: str) -> None:
    label = plain_text_label(text)
    assert not _INVISIBLE.search(label), repr(label[:80])
    assert len(label) <= 1000


# --- servers and libraries ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


def make_library(home: Path, *, deadline: float = 4.0) -> Library:
    """A Library wired as `app.open_library` wires it, with shorter network limits."""
    paths = app_paths(home).ensure()
    storage, _ = open_storage(paths.database)
    guard = AddressGuard(lambda: [f.url for f in storage.feeds()])
    images = ImageCache(paths.image_cache_dir, pinned_dirs=[paths.saved_images_dir])
    http = client_with(connect_timeout=2, read_timeout=2, deadline=deadline)
    return Library(storage, guard, http=http, images=images, saved_dir=paths.saved_images_dir)


@contextmanager
def drip_server(interval: float = 0.3) -> Iterator[int]:
    """Answers with headers, then one byte of body every `interval` seconds, forever."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        try:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss")
            while not stop.wait(interval):
                conn.sendall(b" ")
        except OSError:
            pass
        finally:
            conn.close()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()


def gzip_bomb(megabytes: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>bomb</title><description>'
    zeros = b" " * _MB
    return c.compress(head) + b"".join(c.compress(zeros) for _ in range(megabytes)) + c.flush()


def rss(title: str, items: str, prolog: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (
        f'{prolog}<rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://hostile.example/</link>{items}</channel></rss>"
    ).encode()


def quadratic_blowup() -> bytes:
    """About 130 KB: one 20 KB entity referenced 36 000 times (720 MB if expanded)."""
    entity = "A" * 20_000
    refs = "&a;" * 36_000
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{entity}">]><rss version="2.0">'
        f"<channel><title>Quadratic &a;</title><item><title>q</title><guid>q</guid>"
        f"<description>{refs}</description></item></channel></rss>"
    ).encode()


def external_entity(canary: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{canary}">'
        f'<!ENTITY % remote SYSTEM "file://{canary}"> %remote;]><rss version="2.0"><channel>'
        f"<title>XXE &xxe;</title><item><title>&xxe;</title><guid>x</guid>"
        f"<description>&xxe;</description></item></channel></rss>"
    ).encode()


CANARY_TEXT = "CANARY-SECRET-7f3a"

# name -> what the refresh must end in: "error", "ok" (articles stored) or "any".
FILE_FEEDS: dict[str, str] = {
    "scripts.rss": "ok",
    "titles-markup.rss": "ok",
    "titles-controls.rss": "any",
    "charrefs.rss": "any",
    "nested-tables.rss": "ok",
    "billion-laughs.rss": "any",
    "bad-utf8.rss": "any",
    "unknown-encoding.rss": "any",
    "utf16-no-bom.rss": "any",
    "declared-latin1-is-utf8.rss": "any",
    "duplicate-guids.rss": "ok",
    "web-page.html": "error",
}


def serve_corpus(
    httpserver: HTTPServer, canary: Path, other_port: int, drip_port: int
) -> dict[str, tuple[str, str, str | None]]:
    """Serve every hostile feed; returns name -> (url, expected outcome, expected error text)."""
    feeds: dict[str, tuple[str, str, str | None]] = {}
    for name, expected in FILE_FEEDS.items():
        kind = "text/html" if name.endswith(".html") else "application/rss+xml"
        httpserver.expect_request(f"/file/{name}").respond_with_data(
            (HOSTILE / name).read_bytes(), content_type=kind
        )
        feeds[name] = (httpserver.url_for(f"/file/{name}"), expected, None)

    def gen(name: str, body: bytes, expected: str, error: str | None = None, **kw: Any) -> None:
        httpserver.expect_request(f"/gen/{name}").respond_with_data(
            body, content_type=kw.pop("content_type", "application/rss+xml"), **kw
        )
        feeds[name] = (httpserver.url_for(f"/gen/{name}"), expected, error)

    word = "W" * (3 * _MB)
    gen("giant-word", rss("Giant", f"<item><title>{word}</title><guid>w</guid><description>"
        f"&lt;p&gt;{word}&lt;/p&gt;</description></item>"), "ok")  # fmt: skip
    gen("quadratic-blowup", quadratic_blowup(), "any")
    gen("external-entity", external_entity(canary), "any")
    gen("gzip-bomb", gzip_bomb(64), "error", "larger than", headers={"Content-Encoding": "gzip"})
    gen("image", b"\x89PNG\r\n\x1a\n" + bytes(64), "error", "not a feed", content_type="image/png")

    def huge(_: Request) -> Response:
        chunk = b"<!-- " + b"x" * _MB + b" -->"
        return Response((chunk for _ in range(20)), content_type="application/rss+xml")

    httpserver.expect_request("/gen/huge").respond_with_handler(huge)
    feeds["huge"] = (httpserver.url_for("/gen/huge"), "error", "larger than")

    counter = iter(range(1_000_000))

    def unstable(_: Request) -> Response:
        n = next(counter)
        items = "".join(
            f"<item><title>Item {i}</title><guid>{n}-{i}</guid></item>" for i in range(5)
        )
        return Response(rss("Unstable guids", items), content_type="application/rss+xml")

    httpserver.expect_request("/gen/unstable-guids").respond_with_handler(unstable)
    feeds["unstable-guids"] = (httpserver.url_for("/gen/unstable-guids"), "ok", None)

    def redirect(name: str, location: str, error: str) -> None:
        httpserver.expect_request(f"/gen/{name}").respond_with_data("", 302, {"Location": location})
        feeds[name] = (httpserver.url_for(f"/gen/{name}"), "error", error)

    refused = "refused to connect"
    redirect("redirect-loop", httpserver.url_for("/gen/redirect-loop"), "too many redirects")
    redirect("to-other-port", f"http://127.0.0.1:{other_port}/feed", refused)
    redirect("to-localhost-name", f"http://localhost:{other_port}/feed", refused)
    redirect("to-decimal-loopback", f"http://2130706433:{other_port}/feed", refused)
    redirect("to-hex-loopback", f"http://0x7f.1:{other_port}/feed", refused)
    redirect("to-mapped-loopback", f"http://[::ffff:127.0.0.1]:{other_port}/feed", refused)
    redirect("to-ipv6-loopback", f"http://[::1]:{other_port}/feed", refused)
    redirect("to-metadata", "http://169.254.169.254/latest/meta-data/", refused)
    redirect("to-decimal-metadata", "http://2852039166/latest/meta-data/", refused)
    redirect("to-private", "http://10.0.0.1/feed", refused)
    redirect("to-octal-private", "http://012.0.0.1/feed", refused)
    redirect("to-file", "file:///etc/passwd", "unsupported URL scheme")
    redirect("to-javascript", "javascript:alert(1)", "unsupported URL scheme")
    feeds["slow-drip"] = (f"http://127.0.0.1:{drip_port}/feed", "error", "deadline")
    return feeds


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "canary.txt"
    path.parent.mkdir()
    path.write_text(CANARY_TEXT)
    return path


@pytest.fixture
def other_server() -> Iterator[HTTPServer]:
    """A second loopback server that no redirect may reach."""
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.expect_request("/feed").respond_with_data(rss("Secret", ""), content_type="text/xml")
    srv.start()
    yield srv
    srv.stop()


# --- the corpus ---------------------------------------------------------------------------------


def test_the_recorder_sees_opens_and_process_starts(tmp_path: Path, canary: Path) -> None:
    # The checks below are only as good as this instrument: prove it sees what it must.
    with RECORDER.recording() as seen:
        canary.read_text()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
    assert str(canary) in seen.opened
    assert [e for e, _ in seen.spawned] == ["subprocess.Popen"]
    assert outside(seen.opened, [tmp_path / "home"]) == [str(canary)]


def test_every_hostile_feed_ends_in_an_error_or_a_harmless_rendering(
    httpserver: HTTPServer, other_server: HTTPServer, tmp_path: Path, canary: Path
) -> None:
    home = tmp_path / "home"
    with drip_server() as drip_port:
        feeds = serve_corpus(httpserver, canary, other_server.port, drip_port)
        lib = make_library(home, deadline=2.5)
        try:
            lib.parse(rss("warm-up", ""), "http://127.0.0.1/", None)  # start the parser pool
            ids: dict[int, str] = {}
            for name, (url, _, _) in feeds.items():
                ids[lib.subscribe(url, fetch=False).feed.id] = name
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.monotonic()
            with RECORDER.recording() as seen:
                result = lib.refresh()
                again = lib.refresh()  # a second pass: unchanged bodies, unstable guids
                rendered = render_everything(lib)
            elapsed = time.monotonic() - started
            grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
            stored = {f.id: f for f in lib.feeds()}
        finally:
            lib.close()

    assert elapsed < 40, elapsed
    assert grown_mb < 400, grown_mb
    outcomes = {ids[o.feed_id]: o for o in result.feeds}
    assert set(outcomes) == set(feeds)
    for name, (_, expected, error) in feeds.items():
        outcome = outcomes[name]
        if outcome.status == "error":
            message = outcome.error or ""
            assert expected != "ok", (name, message)
            assert message and "\n" not in message and len(message) < 400, (name, message)
            assert "Traceback" not in message
            if error is not None:
                assert error in message, (name, message)
        else:
            assert expected != "error", (name, outcome)
    # Nothing reached the other loopback server, whatever the spelling of its address.
    assert other_server.log == []
    # Duplicate guids collapse to one article; unstable guids add at most one batch per fetch.
    by_name = {ids[i]: f for i, f in stored.items()}
    assert by_name["duplicate-guids.rss"].total <= 5
    assert by_name["unstable-guids"].total == 10
    assert all(o.status in ("unchanged", "new", "error") for o in again.feeds)
    assert rendered > 20
    # Nothing outside the app's directories was opened, no process was started.
    assert [p for p in seen.opened if FORBIDDEN.search(p)] == []
    assert outside(seen.opened, [home]) == []
    assert seen.spawned == []


def render_everything(lib: Library) -> int:
    """Render every stored title, feed name and article body as the window would."""
    count = 0
    for feed in lib.feeds():
        assert_harmless_label(feed.title)
        assert_harmless_label(feed.last_error or "")
        for article in lib.articles(ArticleQuery(feed_id=feed.id)):
            full = lib.article(article.id)
            assert_harmless_label(full.title)
            assert_harmless_label(full.summary)
            started = time.monotonic()
            html = sanitize_html(full.content_html, base_url=full.link)
            assert time.monotonic() - started < 2
            assert_harmless_html(html)
            assert CANARY_TEXT not in html and CANARY_TEXT not in full.title
            count += 1
    return count


def test_hostile_image_and_page_urls_never_touch_the_disk(
    httpserver: HTTPServer, tmp_path: Path, canary: Path
) -> None:
    lib = make_library(tmp_path / "home")
    try:
        urls = [
            f"file://{canary}",
            str(canary),
            "file:///dev/zero",
            "/dev/zero",
            "../../../../etc/passwd",
            "qrc:/icons/app.png",
            "javascript:alert(1)",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "\\\\server\\share\\x.png",
        ]
        with RECORDER.recording() as seen:
            for url in urls:
                with pytest.raises(NetworkError):
                    lib.fetch_image(url)
            assert lib.cached_image(f"file://{canary}") is None
    finally:
        lib.close()
    assert [p for p in seen.opened if FORBIDDEN.search(p)] == []
    assert seen.spawned == []


def test_external_entities_are_never_read(tmp_path: Path, canary: Path) -> None:
    # In this process (the parser workers are other processes: audit hooks cannot see there).
    with RECORDER.recording() as seen:
        try:
            parsed = parse_feed(external_entity(canary), url="https://hostile.example/feed")
        except NewsreaderError:
            parsed = None
    assert str(canary) not in seen.opened
    if parsed is not None:
        text = repr(parsed)
        assert CANARY_TEXT not in text


@pytest.mark.parametrize("name", ["scripts.rss", "titles-controls.rss", "billion-laughs.rss"])
def test_subscribing_to_a_hostile_feed_is_harmless(
    httpserver: HTTPServer, tmp_path: Path, name: str
) -> None:
    httpserver.expect_request(f"/{name}").respond_with_data(
        (HOSTILE / name).read_bytes(), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path / "home")
    try:
        try:
            sub = lib.subscribe(httpserver.url_for(f"/{name}"))
        except NewsreaderError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
        assert_harmless_label(sub.feed.title)
        assert render_everything(lib) >= 1
    finally:
        lib.close()


# --- OPML and the command line never run anything -----------------------------------------------

SHELLISH = ["$(touch {m})", "`touch {m}`", "|touch {m}", "; touch {m}", "&& touch {m}"]


def _hostile_opml(tmp_path: Path, marker: Path, canary: Path) -> Path:
    text = (HOSTILE / "hostile.opml").read_text(encoding="utf-8")
    path = tmp_path / "hostile.opml"
    path.write_text(text.replace("@MARKER@", str(marker)).replace("@CANARY@", str(canary)))
    return path


def test_hostile_opml_import_runs_nothing_and_opens_nothing(
    cli: Cli, tmp_path: Path, canary: Path
) -> None:
    marker = tmp_path / "pwned"
    opml = _hostile_opml(tmp_path, marker, canary)
    with RECORDER.recording() as seen:
        doc = cli.json("import", str(opml))
        feeds = cli.json("feeds")
    assert [f["url"] for f in doc["added"]] == ["https://ok.example/feed.xml"]
    assert feeds[0]["title"] == plain_text_label(feeds[0]["title"])
    assert "\u202e" not in feeds[0]["title"]
    assert len(doc["skipped"]) == 17
    for skip in doc["skipped"]:
        assert skip["reason"], skip
    assert not marker.exists()
    assert seen.spawned == []
    assert str(canary) not in seen.opened
    assert [p for p in seen.opened if FORBIDDEN.search(p)] == []


@pytest.mark.parametrize(
    "url",
    [
        *SHELLISH,
        "file://{c}",
        "{c}",
        "file:///dev/zero",
        "javascript:alert(1)",
        "feed:javascript:alert(1)",
        "data:application/rss+xml,<rss/>",
        "ftp://hostile.example/feed.xml",
        "http://127.0.0.1:9/feed",  # not chosen... it is typed by the user: allowed, refused port
    ],
)
def test_add_command_runs_nothing_and_opens_nothing(
    cli: Cli, tmp_path: Path, canary: Path, url: str
) -> None:
    marker = tmp_path / "pwned"
    with RECORDER.recording() as seen:
        code, out, err = cli("add", url.format(m=marker, c=canary))
    assert code == 1, (out, err)
    assert err.startswith("newsreader: ") and err.count("\n") == 1, err
    assert "refused to connect" not in err  # what the user types is theirs to reach
    assert not marker.exists()
    assert seen.spawned == []
    assert str(canary) not in seen.opened
    assert [p for p in seen.opened if FORBIDDEN.search(p)] == []
