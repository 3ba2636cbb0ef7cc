"""An address typed without a scheme: https first, then http, and one plain error naming both."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from newsreader.app import open_library
from newsreader.core.errors import NetworkError
from newsreader.core.fetch.netmessages import network_error
from newsreader.core.fetch.typed_address import https_then_http, typed_without_scheme
from newsreader.core.library import Library
from newsreader.paths import app_paths

RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Tin mới</title>'
    "<link>http://example.vn/</link><item><title>Một</title><guid>a1</guid>"
    "<link>http://example.vn/a1</link></item></channel></rss>"
)


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(app_paths(tmp_path / "home"))
    try:
        yield library
    finally:
        library.close()


def test_which_addresses_have_no_scheme() -> None:
    assert typed_without_scheme("vnexpress.net")
    assert typed_without_scheme(" 127.0.0.1:8080/rss ")
    assert not typed_without_scheme("https://vnexpress.net")
    assert not typed_without_scheme("http://vnexpress.net")
    assert not typed_without_scheme("feed:https://vnexpress.net/rss")


def test_a_plain_http_server_is_reached_after_https_fails(
    httpserver: HTTPServer, lib: Library
) -> None:
    httpserver.expect_request("/rss").respond_with_data(RSS, content_type="application/rss+xml")
    sub = lib.subscribe(f"127.0.0.1:{httpserver.port}/rss")  # https: a TLS error, then http
    assert sub.feed.url == f"http://127.0.0.1:{httpserver.port}/rss"
    assert sub.feed.total == 1
    assert lib.discover(f"127.0.0.1:{httpserver.port}/rss") == [
        f"http://127.0.0.1:{httpserver.port}/rss"
    ]


def test_when_both_fail_the_error_names_both_attempts(lib: Library) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(NetworkError) as caught:
        lib.subscribe(f"127.0.0.1:{port}/rss")
    error = caught.value
    assert error.kind == "no_scheme_worked"
    assert error.params["host"] == "127.0.0.1"
    assert [c.kind for c in error.causes] == ["refused", "refused"]
    assert str(error) == (
        "could not reach 127.0.0.1 over https (could not connect to 127.0.0.1: connection "
        "refused) nor over http (could not connect to 127.0.0.1: connection refused)"
    )


def test_an_explicit_scheme_is_never_changed(httpserver: HTTPServer, lib: Library) -> None:
    httpserver.expect_request("/rss").respond_with_data(RSS, content_type="application/rss+xml")
    with pytest.raises(NetworkError) as caught:
        lib.subscribe(f"https://127.0.0.1:{httpserver.port}/rss")
    assert caught.value.kind == "tls"


def test_answers_that_http_would_repeat_are_not_retried() -> None:
    tried: list[str] = []

    def attempt(url: str) -> str:
        tried.append(url)
        raise network_error("name_not_found", host="nosuch.example")

    with pytest.raises(NetworkError) as caught:
        https_then_http("nosuch.example", "https://nosuch.example/", attempt)
    assert caught.value.kind == "name_not_found"
    assert tried == ["https://nosuch.example/"]

    def answered(url: str) -> str:
        tried.append(url)
        raise network_error("http_status", status=404, reason="Not Found")

    tried.clear()
    with pytest.raises(NetworkError):
        https_then_http("example.vn", "https://example.vn/", answered)
    assert tried == ["https://example.vn/"]
