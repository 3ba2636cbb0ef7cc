"""HttpClient against local servers only: pytest-httpserver plus tiny socket servers."""

from __future__ import annotations

import errno
import http.server
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader import __version__
from newsreader.core.errors import BlockedAddressError, NetworkError, OfflineError
from newsreader.core.fetch.addresses import AddressGuard
from newsreader.core.fetch.http import (
    DEFAULT_USER_AGENT,
    FEED_ACCEPT,
    FEED_MAX_BYTES,
    HttpClient,
)

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    # requests honours *_proxy variables; a developer's proxy must not see the local test servers.
    for name in (
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with HttpClient(connect_timeout=2, read_timeout=3, deadline=5) as c:
        yield c


# --- small custom servers -----------------------------------------------------------------------


@contextmanager
def socket_server(
    handle: Callable[[socket.socket], object], *, tls: ssl.SSLContext | None = None
) -> Iterator[int]:
    """A threaded TCP server on 127.0.0.1 running `handle(conn)` per connection; yields the port."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve_one(conn: socket.socket) -> None:
        try:
            if tls is not None:
                conn = tls.wrap_socket(conn, server_side=True)
            handle(conn)
        except (OSError, ssl.SSLError):
            pass  # the client went away: expected in these tests
        finally:
            conn.close()

    def accept_loop() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        thread.join(2)
        listener.close()


def read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def gzip_bytes(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """200 MB of zeros, gzipped to about 200 KB (built in pieces so the test itself stays small)."""
    c = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    parts = [c.compress(zeros) for _ in range(200)]
    parts.append(c.flush())
    return b"".join(parts)


# --- plain fetches and headers ------------------------------------------------------------------


def test_200_returns_body_type_and_validators(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        RSS,
        content_type="application/rss+xml; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"},
    )
    result = client.get(httpserver.url_for("/feed"))
    assert result.status == 200
    assert not result.not_modified
    assert result.content == RSS
    assert result.content_type == "application/rss+xml; charset=utf-8"
    assert result.etag == '"v1"'
    assert result.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"
    assert result.url == httpserver.url_for("/feed")


def test_user_agent_accept_and_encoding_headers(httpserver: HTTPServer, client: HttpClient) -> None:
    assert DEFAULT_USER_AGENT.startswith(f"Newsreader/{__version__} (")
    httpserver.expect_request(
        "/ua",
        headers={
            "User-Agent": DEFAULT_USER_AGENT,
            "Accept": FEED_ACCEPT,
            "Accept-Encoding": "gzip, deflate",
        },
    ).respond_with_data(RSS)
    assert client.get(httpserver.url_for("/ua")).content == RSS
    # Callers may ask for something else (web pages, images) and name a referer.
    httpserver.expect_request(
        "/page", headers={"Accept": "text/html", "Referer": "https://example.org/"}
    ).respond_with_data("<html></html>", content_type="text/html")
    page = client.get(
        httpserver.url_for("/page"), accept="text/html", referer="https://example.org/"
    )
    assert page.content == b"<html></html>"


def test_non_ascii_path_and_unsendable_validator(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    httpserver.expect_request("/tin-tức/thời-sự.rss").respond_with_data(RSS)
    result = client.get(httpserver.url_for("/tin-tức/thời-sự.rss"), etag='"đ"\r\nX-Evil: 1')
    assert result.content == RSS
    sent = httpserver.log[-1][0].headers
    assert "If-None-Match" not in sent and "X-Evil" not in sent


@pytest.mark.parametrize("not_modified", [False, True], ids=["200", "304"])
def test_connections_are_kept_alive(not_modified: bool) -> None:
    """Also after a 304 (no body to read: a warm refresh is all 304s, one connection per host)."""
    peers: set[tuple[str, int]] = set()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            peers.add(self.client_address[:2])
            if not_modified and self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(RSS)))
            self.end_headers()
            self.wfile.write(RSS)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with HttpClient(deadline=5) as client:
            statuses = [
                client.get(f"http://127.0.0.1:{server.server_address[1]}/feed", etag='"v1"').status
                for _ in range(4)
            ]
    finally:
        server.shutdown()
        server.server_close()
    assert statuses == [304 if not_modified else 200] * 4
    assert len(peers) == 1


def test_cookies_are_never_stored(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/set").respond_with_data(
        RSS, headers={"Set-Cookie": "track=me; Path=/"}
    )
    httpserver.expect_request("/next").respond_with_data(RSS)
    client.get(httpserver.url_for("/set"))
    client.get(httpserver.url_for("/next"))
    second = httpserver.log[-1][0]
    assert second.path == "/next"
    assert "Cookie" not in second.headers


# --- conditional GET ----------------------------------------------------------------------------


def test_304_via_etag_keeps_old_validators(httpserver: HTTPServer, client: HttpClient) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)  # no validators repeated
        return Response(RSS, headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed").respond_with_handler(handler)
    first = client.get(httpserver.url_for("/feed"))
    assert first.status == 200 and first.etag == '"v1"'
    again = client.get(
        httpserver.url_for("/feed"), etag=first.etag, last_modified="Mon, 01 Jan 2024 00:00:00 GMT"
    )
    assert again.not_modified
    assert again.content == b""
    assert again.etag == '"v1"'
    assert again.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"
    assert again.url == httpserver.url_for("/feed")


def test_304_via_last_modified_takes_new_validators(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    stamp = "Tue, 02 Jan 2024 10:00:00 GMT"
    httpserver.expect_request("/feed", headers={"If-Modified-Since": stamp}).respond_with_data(
        "", status=304, headers={"Last-Modified": stamp, "ETag": '"fresh"'}
    )
    result = client.get(httpserver.url_for("/feed"), last_modified=stamp)
    assert result.status == 304
    assert result.last_modified == stamp
    assert result.etag == '"fresh"'
    assert "If-None-Match" not in httpserver.log[-1][0].headers


# --- compression and size caps ------------------------------------------------------------------


def test_gzip_body_is_decoded(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/gz").respond_with_data(
        gzip_bytes(RSS), headers={"Content-Encoding": "gzip"}
    )
    assert client.get(httpserver.url_for("/gz")).content == RSS


def test_multi_member_gzip_is_decoded_whole(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/gz2").respond_with_data(
        gzip_bytes(b"first ") + gzip_bytes(b"second"), headers={"Content-Encoding": "gzip"}
    )
    assert client.get(httpserver.url_for("/gz2")).content == b"first second"


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_deflate_body_is_decoded(httpserver: HTTPServer, client: HttpClient, wbits: int) -> None:
    c = zlib.compressobj(6, zlib.DEFLATED, wbits)
    httpserver.expect_request("/deflate").respond_with_data(
        c.compress(RSS) + c.flush(), headers={"Content-Encoding": "deflate"}
    )
    assert client.get(httpserver.url_for("/deflate")).content == RSS


def test_truncated_or_damaged_gzip_is_an_error(httpserver: HTTPServer, client: HttpClient) -> None:
    body = gzip_bytes(RSS * 50)
    httpserver.expect_request("/cut").respond_with_data(
        body[: len(body) // 2], headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(NetworkError, match="cut short"):
        client.get(httpserver.url_for("/cut"))
    httpserver.expect_request("/junk").respond_with_data(
        b"this is not gzip at all", headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(NetworkError, match="damaged gzip"):
        client.get(httpserver.url_for("/junk"))


def test_oversize_body_with_content_length(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000)
    with pytest.raises(NetworkError, match="response larger than 1000 bytes"):
        client.get(httpserver.url_for("/big"), max_bytes=1000)
    # Exactly at the cap is fine.
    assert len(client.get(httpserver.url_for("/big"), max_bytes=5000).content) == 5000


def test_oversize_streamed_body_without_length(httpserver: HTTPServer, client: HttpClient) -> None:
    def endless() -> Iterator[bytes]:
        for _ in range(2000):  # 2000 x 4 KB = 8 MB, but we stop at 64 KB
            yield b"y" * 4096

    httpserver.expect_request("/stream").respond_with_response(
        Response(endless(), content_type="application/rss+xml")
    )
    with pytest.raises(NetworkError, match="response larger than 64 KB"):
        client.get(httpserver.url_for("/stream"), max_bytes=64 * 1024)


def test_gzip_bomb_is_cut_off_with_bounded_memory(
    httpserver: HTTPServer, client: HttpClient, gzip_bomb: bytes
) -> None:
    assert len(gzip_bomb) < 1024 * 1024
    httpserver.expect_request("/bomb").respond_with_data(
        gzip_bomb, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"}
    )
    tracemalloc.start()
    try:
        with pytest.raises(NetworkError, match="response larger than 16 MB"):
            client.get(httpserver.url_for("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # We keep at most the 16 MB cap plus a chunk; the 200 MB never exist in memory.
    assert peak < 64 * 1024 * 1024
    assert peak < FEED_MAX_BYTES + 8 * 1024 * 1024


def test_unwanted_content_type_aborts_before_the_body(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(2 * 1024 * 1024)
    httpserver.expect_request("/img").respond_with_data(png, content_type="image/png")
    with pytest.raises(NetworkError, match="not a feed: server sent image/png"):
        client.get(httpserver.url_for("/img"))
    # An image fetch lifts the restriction.
    result = client.get(httpserver.url_for("/img"), reject_content_types=(), max_bytes=3 * 2**20)
    assert result.content == png


# --- redirects ----------------------------------------------------------------------------------


def test_redirect_chain_gives_final_url_and_vets_each_hop(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a/r1").respond_with_data("", 301, {"Location": "/a/r2"})
    httpserver.expect_request("/a/r2").respond_with_data(
        "", 302, {"Location": httpserver.url_for("/b/r3")}
    )
    httpserver.expect_request("/b/r3").respond_with_data("", 307, {"Location": "r4"})
    httpserver.expect_request("/b/r4").respond_with_data(RSS, content_type="application/rss+xml")
    seen: list[str] = []
    with HttpClient(deadline=5, address_policy=seen.append) as client:
        result = client.get(httpserver.url_for("/a/r1"))
    assert result.content == RSS
    assert result.url == httpserver.url_for("/b/r4")
    assert seen == [httpserver.url_for(p) for p in ("/a/r1", "/a/r2", "/b/r3", "/b/r4")]


def test_address_policy_can_refuse_a_redirect_hop(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/go").respond_with_data("", 302, {"Location": "/private"})
    httpserver.expect_request("/private").respond_with_data(RSS)

    def policy(url: str) -> None:
        if url.endswith("/private"):
            raise BlockedAddressError(f"refusing to fetch {url}")

    with (
        HttpClient(deadline=5, address_policy=policy) as client,
        pytest.raises(BlockedAddressError),
    ):
        client.get(httpserver.url_for("/go"))
    assert [r.path for r, _ in httpserver.log] == ["/go"]


def test_too_many_redirects(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/loop").respond_with_data("", 302, {"Location": "/loop"})
    with (
        HttpClient(deadline=5, max_redirects=3) as client,
        pytest.raises(NetworkError, match="too many redirects"),
    ):
        client.get(httpserver.url_for("/loop"))
    assert len(httpserver.log) == 4  # the first request and three redirects


@pytest.mark.parametrize("target", ["ftp://example.org/feed.xml", "file:///etc/passwd"])
def test_redirect_to_non_http_scheme_is_refused(
    httpserver: HTTPServer, client: HttpClient, target: str
) -> None:
    httpserver.expect_request("/odd").respond_with_data("", 301, {"Location": target})
    with pytest.raises(NetworkError, match="unsupported URL scheme"):
        client.get(httpserver.url_for("/odd"))


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/x", "file:///etc/passwd", "example.org/feed", "javascript:alert(1)"],
)
def test_non_http_urls_are_refused(client: HttpClient, url: str) -> None:
    with pytest.raises(NetworkError, match="unsupported URL scheme"):
        client.get(url)


@pytest.mark.parametrize("url", ["http://", "http://host:99999/", "https:///path-only"])
def test_invalid_urls_are_refused(client: HttpClient, url: str) -> None:
    with pytest.raises(NetworkError, match="invalid URL"):
        client.get(url)


# --- HTTP errors and back-off -------------------------------------------------------------------


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_status(httpserver: HTTPServer, client: HttpClient, status: int) -> None:
    httpserver.expect_request("/err").respond_with_data("nope", status=status)
    with pytest.raises(NetworkError) as info:
        client.get(httpserver.url_for("/err"))
    assert info.value.status == status
    assert str(info.value).startswith(f"HTTP {status} ")
    assert info.value.retry_after is None
    assert not isinstance(info.value, OfflineError)


def test_429_retry_after_is_remembered_per_host(httpserver: HTTPServer) -> None:
    now = [1000.0]
    httpserver.expect_oneshot_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    httpserver.expect_request("/busy").respond_with_data(RSS)
    with HttpClient(deadline=5, clock=lambda: now[0]) as client:
        with pytest.raises(NetworkError) as first:
            client.get(httpserver.url_for("/busy"))
        assert first.value.status == 429
        assert first.value.retry_after == 120
        # Before the time is up the host is not even asked.
        now[0] += 30
        with pytest.raises(NetworkError, match=r"try again in 90 s") as second:
            client.get(httpserver.url_for("/other-path-same-host"))
        assert second.value.retry_after == pytest.approx(90)
        assert len(httpserver.log) == 1
        now[0] += 91
        assert client.get(httpserver.url_for("/busy")).content == RSS


def test_503_retry_after_as_http_date(httpserver: HTTPServer, client: HttpClient) -> None:
    httpserver.expect_request("/maint").respond_with_data(
        "", status=503, headers={"Retry-After": formatdate(time.time() + 90, usegmt=True)}
    )
    with pytest.raises(NetworkError) as info:
        client.get(httpserver.url_for("/maint"))
    assert info.value.status == 503
    assert info.value.retry_after is not None
    assert 80 <= info.value.retry_after <= 91


def test_retry_after_date_is_read_on_the_servers_clock(
    httpserver: HTTPServer, client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server whose clock is a day ahead of ours still means "in 90 seconds"."""
    server_now = time.time() + 86_400
    # The test server stamps its Date header from this method: set its clock a day ahead.
    monkeypatch.setattr(
        BaseHTTPRequestHandler,
        "date_time_string",
        lambda self, timestamp=None: formatdate(server_now, usegmt=True),
    )
    httpserver.expect_request("/maint").respond_with_data(
        "", status=503, headers={"Retry-After": formatdate(server_now + 90, usegmt=True)}
    )
    with pytest.raises(NetworkError) as info:
        client.get(httpserver.url_for("/maint"))
    assert info.value.retry_after == pytest.approx(90, abs=1)


# --- timeouts and the deadline ------------------------------------------------------------------


def _drip_body(conn: socket.socket) -> None:
    read_request(conn)
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n"
    )
    for _ in range(60):  # a byte every 0.25 s: never trips a read timeout
        conn.sendall(b"x")
        time.sleep(0.25)


def _drip_headers(conn: socket.socket) -> None:
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(60):
        conn.sendall(b"z")
        time.sleep(0.25)


@pytest.mark.parametrize("drip", [_drip_body, _drip_headers], ids=["body", "headers"])
def test_slow_drip_is_stopped_by_the_deadline(drip: Callable[[socket.socket], None]) -> None:
    with (
        socket_server(drip) as port,
        HttpClient(connect_timeout=2, read_timeout=5, deadline=1.0) as client,
    ):
        start = time.monotonic()
        with pytest.raises(NetworkError, match="deadline"):
            client.get(f"http://127.0.0.1:{port}/feed")
        assert time.monotonic() - start < 2.0


def test_silent_server_times_out() -> None:
    def silent(conn: socket.socket) -> None:
        read_request(conn)
        time.sleep(3)

    with (
        socket_server(silent) as port,
        HttpClient(read_timeout=0.3, deadline=5) as client,
        pytest.raises(NetworkError, match=r"timed out waiting for 127\.0\.0\.1"),
    ):
        client.get(f"http://127.0.0.1:{port}/")


def test_client_still_works_after_a_deadline(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ok").respond_with_data(RSS)
    with socket_server(_drip_body) as port, HttpClient(deadline=0.5) as client:
        with pytest.raises(NetworkError, match="deadline"):
            client.get(f"http://127.0.0.1:{port}/")
        assert client.get(httpserver.url_for("/ok")).content == RSS


# --- politeness ---------------------------------------------------------------------------------


def test_per_host_concurrency_cap() -> None:
    lock = threading.Lock()
    active = 0
    peak = 0

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            nonlocal active, peak
            with lock:
                active += 1
                peak = max(peak, active)
            time.sleep(0.15)
            with lock:
                active -= 1
            self.send_response(200)
            self.send_header("Content-Length", str(len(RSS)))
            self.end_headers()
            self.wfile.write(RSS)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed"
    try:
        with HttpClient(per_host=2, deadline=10) as client, ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda _: client.get(url), range(8)))
    finally:
        server.shutdown()
        server.server_close()
    assert all(r.content == RSS for r in results)
    assert peak == 2


# --- connection failures ------------------------------------------------------------------------


def test_connection_refused(client: HttpClient) -> None:
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    with pytest.raises(
        NetworkError, match=r"could not connect to 127\.0\.0\.1: connection refused"
    ) as e:
        client.get(f"http://127.0.0.1:{port}/feed")
    assert not isinstance(e.value, OfflineError)


def test_dns_failure_is_offline(client: HttpClient) -> None:
    # tests/conftest.py makes every non-local name lookup fail like a missing DNS.
    with pytest.raises(OfflineError, match=r"name not found: feeds\.example\.invalid"):
        client.get("https://feeds.example.invalid/rss")


def test_network_unreachable_is_offline(
    client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(self: socket.socket, address: Any) -> None:
        raise OSError(errno.ENETUNREACH, "Network is unreachable")

    monkeypatch.setattr(socket.socket, "connect", unreachable)
    with pytest.raises(OfflineError, match="network is unreachable"):
        client.get("http://127.0.0.1:9/feed")


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    d = tmp_path_factory.mktemp("tls")
    key, cert = d / "key.pem", d / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return key, cert


def test_tls_error_is_reported(client: HttpClient, self_signed: tuple[Path, Path]) -> None:
    key, cert = self_signed
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    with (
        socket_server(read_request, tls=ctx) as port,
        pytest.raises(NetworkError, match=r"TLS error: .*certificate") as e,
    ):
        client.get(f"https://127.0.0.1:{port}/feed")
    assert not isinstance(e.value, OfflineError)


# --- the address guard inside connections (see core/fetch/addresses.py) ---------------------------


def guard_with(table: dict[str, list[str]], chosen: tuple[str, ...] = ()) -> AddressGuard:
    """An AddressGuard whose DNS is `table` and whose user-chosen URLs are `chosen`."""

    def resolver(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return AddressGuard(lambda: chosen, resolver=resolver)


def test_guard_connects_to_the_vetted_address_and_keeps_the_name(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(RSS)
    url = f"http://feed.test:{httpserver.port}/feed"
    guard = guard_with({"feed.test": ["127.0.0.1"]}, chosen=(url,))
    with HttpClient(deadline=5, address_policy=guard) as client:
        assert client.get(url).content == RSS
    assert httpserver.log[0][0].headers["Host"] == f"feed.test:{httpserver.port}"


def test_guard_refuses_a_name_that_resolves_to_loopback(httpserver: HTTPServer) -> None:
    # DNS rebinding and names like 127.0.0.1.nip.io: the URL says a name, the socket says loopback.
    httpserver.expect_request("/feed").respond_with_data(RSS)
    guard = guard_with({"rebind.test": ["127.0.0.1"]})
    with (
        HttpClient(deadline=5, address_policy=guard) as client,
        pytest.raises(BlockedAddressError, match=r"rebind\.test:\d+: it resolves to 127\.0\.0\.1"),
    ):
        client.get(f"http://rebind.test:{httpserver.port}/feed")
    assert httpserver.log == []


def test_guard_checks_the_peer_after_connecting(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even if the name looked public, the address actually connected to is what counts."""
    import urllib3.util.connection

    httpserver.expect_request("/feed").respond_with_data(RSS)
    real = urllib3.util.connection.create_connection

    def diverted(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        assert address[0] == "93.184.216.34"  # what the guard vetted...
        return real(("127.0.0.1", httpserver.port), *args, **kwargs)  # ...is not where it went

    monkeypatch.setattr(urllib3.util.connection, "create_connection", diverted)
    guard = guard_with({"public.test": ["93.184.216.34"]})
    with (
        HttpClient(deadline=5, address_policy=guard) as client,
        pytest.raises(BlockedAddressError, match=r"it resolves to 127\.0\.0\.1"),
    ):
        client.get("http://public.test/feed")
    assert httpserver.log == []


def test_guard_tries_the_next_allowed_address(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(RSS)
    url = f"http://dual.test:{httpserver.port}/feed"
    # 10.0.0.5 is chosen too (same name), but tests/conftest.py refuses to connect there.
    guard = guard_with({"dual.test": ["10.0.0.5", "127.0.0.1"]}, chosen=(url,))
    with HttpClient(deadline=5, address_policy=guard) as client:
        assert client.get(url).content == RSS


def test_guard_reports_unknown_names_as_offline() -> None:
    guard = guard_with({})
    with (
        HttpClient(deadline=5, address_policy=guard) as client,
        pytest.raises(OfflineError, match=r"name not found: nowhere\.test"),
    ):
        client.get("http://nowhere.test/feed")


def test_guard_rechecks_a_kept_alive_connection_before_reuse(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(RSS)
    url = f"http://lan.test:{httpserver.port}/feed"
    guard = guard_with({"lan.test": ["127.0.0.1"]})
    with HttpClient(deadline=5, address_policy=guard) as client:
        with client.user_chosen(url):  # as while subscribing: allowed
            assert client.get(url).content == RSS
        # The subscription did not happen: the pooled connection must not be reused.
        with pytest.raises(BlockedAddressError):
            client.get(url)
    assert len(httpserver.log) == 1


def test_guard_names_the_redirect_in_its_message(httpserver: HTTPServer) -> None:
    url = f"http://127.0.0.1:{httpserver.port}/feed"
    httpserver.expect_request("/feed").respond_with_data(
        "", 302, {"Location": "http://0xA9FEA9FE/latest/meta-data/"}
    )
    guard = AddressGuard(lambda: [url])
    with (
        HttpClient(deadline=5, address_policy=guard) as client,
        pytest.raises(BlockedAddressError) as e,
    ):
        client.get(url)
    assert str(e.value) == (
        "refused to connect to 169.254.169.254: it is a link-local address; only a feed you"
        f" subscribed to yourself may use such an address (redirected from {url})"
    )


def test_guard_keeps_the_tls_name_while_connecting_to_an_address(
    self_signed: tuple[Path, Path],
) -> None:
    key, cert = self_signed
    names: list[str | None] = []
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.sni_callback = lambda sock, name, context: names.append(name)  # type: ignore[assignment]
    with socket_server(read_request, tls=ctx) as port:
        url = f"https://secure.test:{port}/feed"
        guard = guard_with({"secure.test": ["127.0.0.1"]}, chosen=(url,))
        with (
            HttpClient(deadline=5, address_policy=guard) as client,
            pytest.raises(NetworkError, match="TLS error"),
        ):
            client.get(url)
    assert names == ["secure.test"]  # SNI and certificate checks use the name, not the IP


def test_default_client_has_no_guard(httpserver: HTTPServer) -> None:
    # Opt-in: tests (and tools) talk to 127.0.0.1; the app always passes an AddressGuard.
    httpserver.expect_request("/feed").respond_with_data(RSS)
    with HttpClient(deadline=5) as client, client.user_chosen("http://ignored/"):
        assert client.get(httpserver.url_for("/feed")).content == RSS
