"""A private feed's login goes to its own origin only; a feed's own User-Agent; the proxy
setting (none, manual HTTP, SOCKS)."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from newsreader.core.errors import InvalidInputError, NetworkError
from newsreader.core.fetch.http import HttpClient
from newsreader.core.fetch.proxy import ProxySettings, check_proxy_url

RSS = b"<rss version='2.0'><channel><title>T</title></channel></rss>"
BASIC = "Basic " + base64.b64encode(b"ban:m\xe1\xba\xadt-kh\xe1\xba\xa9u").decode()


@pytest.fixture
def elsewhere() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


def test_login_goes_to_the_feeds_origin_and_never_across_a_redirect(
    httpserver: HTTPServer, elsewhere: HTTPServer
) -> None:
    httpserver.expect_request("/private.rss", headers={"Authorization": BASIC}).respond_with_data(
        RSS
    )
    httpserver.expect_request("/moved.rss").respond_with_data(
        "", 302, {"Location": elsewhere.url_for("/feed.rss")}
    )
    elsewhere.expect_request("/feed.rss").respond_with_data(RSS)
    login = ("ban", "mật-khẩu")
    with HttpClient(deadline=5) as client:
        assert client.get(httpserver.url_for("/private.rss"), auth=login).content == RSS
        assert client.get(httpserver.url_for("/moved.rss"), auth=login).content == RSS
        assert client.get(elsewhere.url_for("/feed.rss")).content == RSS  # no login: none sent
    assert httpserver.log[1][0].headers.get("Authorization") == BASIC
    assert all("Authorization" not in r.headers for r, _ in elsewhere.log)


def test_a_feed_may_have_its_own_user_agent(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.rss").respond_with_data(RSS)
    with HttpClient(deadline=5) as client:
        client.get(httpserver.url_for("/feed.rss"), user_agent="Mozilla/5.0 (X11; Linux)")
        client.get(httpserver.url_for("/feed.rss"))
    agents = [r.headers["User-Agent"] for r, _ in httpserver.log]
    assert agents[0] == "Mozilla/5.0 (X11; Linux)" and agents[1].startswith("Newsreader/")


def test_manual_http_proxy_carries_every_request(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The local server plays the proxy: it receives the absolute URL of the feed.
    httpserver.expect_request("/rss/tin-moi.rss").respond_with_data(RSS)
    proxy = ProxySettings("manual", f"http://127.0.0.1:{httpserver.port}")
    with HttpClient(deadline=5, proxy=proxy) as client:
        assert client.get("http://localhost:9/rss/tin-moi.rss").content == RSS
    assert httpserver.log[0][0].headers["Host"] == "localhost:9"


def test_no_proxy_ignores_the_environment(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/feed.rss").respond_with_data(RSS)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with HttpClient(deadline=5, proxy=ProxySettings("none")) as client:
        assert client.get(httpserver.url_for("/feed.rss")).content == RSS
    with (
        HttpClient(deadline=5, proxy=ProxySettings("system")) as client,
        pytest.raises(NetworkError),
    ):
        client.get(httpserver.url_for("/feed.rss").replace("localhost", "127.0.0.1"))


def test_socks_proxies_are_supported_and_bad_addresses_refused() -> None:
    # Nothing listens on port 9: the SOCKS handshake fails as a network error (PySocks loaded).
    socks = ProxySettings("manual", "socks5h://127.0.0.1:9")
    with HttpClient(deadline=5, proxy=socks) as client, pytest.raises(NetworkError):
        client.get("http://localhost:9/feed.rss")
    assert check_proxy_url(" http://proxy.lan:3128 ") == "http://proxy.lan:3128"
    for bad in ("ftp://proxy:21", "http://proxy.lan", "socks5://u:p@proxy:1080", "proxy:3128"):
        with pytest.raises(InvalidInputError):
            check_proxy_url(bad)


def test_a_request_may_have_a_longer_deadline(httpserver: HTTPServer) -> None:
    """An enclosure the user asked for may take longer than a feed may."""
    import time

    from werkzeug import Request, Response

    def slow(_request: Request) -> Response:
        time.sleep(0.6)
        return Response(RSS)

    httpserver.expect_request("/slow.rss").respond_with_handler(slow)
    with HttpClient(deadline=0.3) as client:
        with pytest.raises(NetworkError, match=r"within the 0\.3 s deadline"):
            client.get(httpserver.url_for("/slow.rss"))
        assert client.get(httpserver.url_for("/slow.rss"), deadline=5).content == RSS
