"""The plain-GET short path against `requests` (the oracle): same targets, bytes sent, results and
errors, with local servers only."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests

from newsreader.core.errors import NetworkError
from newsreader.core.fetch.http import HttpClient
from newsreader.core.fetch.plainget import merged_headers, plain_target

PLAIN = [
    "http://example.com",
    "http://example.com/",
    "https://Example.COM/feed.xml",
    "http://example.com:8080/a/b.rss?x=1&y=2;z=3",
    "https://news.example.vn/rss/tin-moi-nhat.rss",
    "http://example.com/feed?format=rss&c=a,b+c!$'()*",
    "http://example.com/path:with:colons/~user/",
    "http://example.com.:81/x.y.z/",
    "http://a-b.c/?q=/x/y?",
]
NOT_PLAIN = [
    "HTTP://example.com/",
    "http://user:pw@example.com/",
    "http://example.com/a%7Eb",
    "http://example.com/#frag",
    "http://example.com/a/../b",
    "http://example.com/./b",
    "http://[::1]:8080/",
    "http://bücher.example/",
    "http://example.com/ä",
    "http://example.com/a b",
    "http://example.com/a|b",
    'http://example.com/a"b',
    "ftp://example.com/",
    "http://.example.com/",
    "http://*.example.com/",
    "http:///path",
]


@pytest.mark.parametrize("url", PLAIN)
def test_plain_urls_go_where_requests_sends_them(url: str) -> None:
    target = plain_target(url)
    assert target is not None
    prepared = requests.Request("GET", url).prepare()
    assert prepared.url is not None
    assert prepared.url in (url, url + "/", url.replace("://Example.COM", "://example.com"))
    assert target.target == prepared.path_url
    host_params, _ = requests.adapters.HTTPAdapter().build_connection_pool_key_attributes(
        prepared, True, None
    )
    assert (target.scheme, target.host, target.port) == (
        host_params["scheme"],
        host_params["host"],
        host_params["port"],
    )


@pytest.mark.parametrize("url", NOT_PLAIN)
def test_other_urls_take_the_requests_path(url: str) -> None:
    assert plain_target(url) is None


def test_headers_merge_like_requests() -> None:
    base = {"User-Agent": "ua", "Accept-Encoding": "gzip", "Accept": "a/b", "Connection": "k"}
    extra = {"accept": "text/html", "If-None-Match": '"e"', "user-agent": "feed's"}
    session = requests.Session()
    session.headers.clear()
    session.headers.update(base)
    prepared = session.prepare_request(requests.Request("GET", "http://x/", headers=extra))
    assert list(merged_headers(base, extra).items()) == list(prepared.headers.items())


@contextmanager
def recording_server(replies: dict[str, bytes]) -> Iterator[tuple[int, list[bytes]]]:
    """A keep-alive server answering each request by path (first line's target); yields the port
    and the raw request heads it received."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    heads: list[bytes] = []

    def serve(conn: socket.socket) -> None:
        buf = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, buf = buf.split(b"\r\n\r\n", 1)
                heads.append(head)
                target = head.split(b" ")[1].decode()
                conn.sendall(replies[target])

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield port, heads
    finally:
        listener.close()


REPLIES = {
    "/304": b'HTTP/1.1 304 Not Modified\r\nETag: "n"\r\nCache-Control: max-age=60\r\n'
    b"Date: Mon, 07 Dec 2026 10:00:00 GMT\r\nContent-Length: 0\r\n\r\n",
    "/304bare": b"HTTP/1.1 304 Not Modified\r\n\r\n",
    "/200?a=1": b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 5\r\n"
    b'Last-Modified: Sun, 06 Dec 2026 10:00:00 GMT\r\nX-A: 1\r\nx-a: 2\r\nETag: "t"\r\n\r\nhello',
    "/500": b"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n",
    "/503": b"HTTP/1.1 503 Busy\r\nRetry-After: 120\r\nContent-Length: 0\r\n\r\n",
    "/moved": b"HTTP/1.1 301 Moved\r\nLocation: /304\r\nContent-Length: 0\r\n\r\n",
    "/nolocation": b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n",
    "/broken": b"HTTP/1.1 2xx nonsense\r\n\r\n",
}
CALLS: list[dict[str, str | None]] = [
    {"path": "/304", "etag": '"o"', "last_modified": None},
    {"path": "/304bare", "etag": '"o"', "last_modified": "Sun, 06 Dec 2026 10:00:00 GMT"},
    {"path": "/200?a=1", "etag": None, "last_modified": None, "accept": "text/html"},
    {"path": "/200?a=1", "etag": "bad\nvalue", "user_agent": "Feed's own/1.0"},
    {"path": "/200?a=1", "referer": "http://example.com/a b"},
    {"path": "/500"},
    {"path": "/503"},
    {"path": "/moved", "etag": '"o"'},
    {"path": "/nolocation"},
    {"path": "/broken"},
]


def _outcome(client: HttpClient, port: int, call: dict[str, str | None]) -> object:
    kwargs = {k: v for k, v in call.items() if k != "path"}
    try:
        return client.get(f"http://127.0.0.1:{port}{call['path']}", **kwargs)  # type: ignore[arg-type]
    except NetworkError as exc:
        wait = getattr(exc, "retry_after", None)  # counted down by the clock: whole seconds
        return ("error", str(exc), exc.status, None if wait is None else round(wait))


@pytest.mark.parametrize("call", CALLS, ids=[str(c) for c in CALLS])
def test_plain_and_requests_paths_send_and_return_the_same(call: dict[str, str | None]) -> None:
    results = []
    sent = []
    with recording_server(REPLIES) as (port, heads):
        for plain in (True, False):
            with HttpClient(deadline=5) as client:
                client.plain_gets = plain
                results.append(_outcome(client, port, call))
                results.append(_outcome(client, port, call))  # the kept-alive connection
                sent.append(list(heads))
                heads.clear()
    assert results[:2] == results[2:]
    assert sent[0] == sent[1]
    assert sent[0]


def test_connection_refused_is_the_same_error() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    messages = []
    for plain in (True, False):
        with HttpClient(deadline=5) as client:
            client.plain_gets = plain
            with pytest.raises(NetworkError) as info:
                client.get(f"http://127.0.0.1:{port}/feed")
            messages.append(str(info.value))
    assert messages[0] == messages[1]
