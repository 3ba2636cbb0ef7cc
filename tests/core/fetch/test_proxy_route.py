"""The proxy route: the system setting gives exactly what `requests` worked out from the
environment on every request (proxies, NO_PROXY bypass, CA bundle, ~/.netrc login), now once
per client and host; "none" and "manual" (HTTP and SOCKS) never read the environment."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import requests
import requests.utils
from pytest_httpserver import HTTPServer

from newsreader.core.fetch.http import HttpClient
from newsreader.core.fetch.proxy import ProxyRoute, ProxySettings

RSS = b"<rss version='2.0'><channel><title>T</title></channel></rss>"
PROXY_VARS = (
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
)  # fmt: skip
ENVIRONMENTS: list[dict[str, str]] = [
    {},
    {"HTTP_PROXY": "http://proxy.lan:3128"},
    {"http_proxy": "http://lower.lan:3128", "HTTP_PROXY": "http://upper.lan:3128"},
    {"HTTPS_PROXY": "http://s.lan:8080", "NO_PROXY": "vnexpress.net, .tuoitre.vn,10.0.0.0/8"},
    {"ALL_PROXY": "socks5h://127.0.0.1:1080", "no_proxy": "localhost:8080,127.0.0.1"},
    {"HTTP_PROXY": "http://p.lan:1", "NO_PROXY": "*"},
    {"HTTP_PROXY": "http://p.lan:1", "REQUESTS_CA_BUNDLE": "/etc/ssl/bundle.pem"},
    {"HTTPS_PROXY": "http://p.lan:1", "CURL_CA_BUNDLE": "/etc/ssl/curl.pem"},
]
URLS = [
    "http://vnexpress.net/rss/tin-moi-nhat.rss",
    "https://vnexpress.net/rss",
    "https://news.tuoitre.vn/rss/thoi-su.rss",
    "http://tuoitre.vn/rss",
    "http://10.1.2.3/feed",
    "http://11.1.2.3/feed",
    "http://localhost:8080/feed",
    "http://localhost:8081/feed",
    "http://127.0.0.1/feed",
    "https://example.org:8443/atom.xml",
]


def _clear(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.mark.parametrize("environ", ENVIRONMENTS)
def test_system_route_is_what_requests_reads_from_the_environment(
    environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _clear(monkeypatch)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    oracle = requests.Session()  # trust_env=True: the old per-request behaviour
    for setting in (None, ProxySettings("system")):
        route = ProxyRoute(setting)
        for _ in range(2):  # the cached answer is the same answer
            for url in URLS:
                settings = oracle.merge_environment_settings(url, {}, None, None, None)
                assert route.proxies_for(url) == settings["proxies"], (environ, url)
                assert route.verify == settings["verify"], (environ, url)


def test_none_and_manual_routes_ignore_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.lan:3128")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/bundle.pem")
    for url in URLS:
        none = ProxyRoute(ProxySettings("none"))
        assert none.proxies_for(url) == {} and none.verify is True
        assert none.login_for(url) is None
        for manual in ("http://proxy.lan:3128", "socks5h://127.0.0.1:1080"):
            route = ProxyRoute(ProxySettings("manual", manual))
            assert route.proxies_for(url) == {"http": manual, "https": manual}
            assert route.verify is True and route.login_for(url) is None
    session = requests.Session()
    ProxyRoute(ProxySettings("manual", "socks5h://127.0.0.1:1080")).apply(session)
    assert not session.trust_env
    assert session.proxies == {
        "http": "socks5h://127.0.0.1:1080",
        "https": "socks5h://127.0.0.1:1080",
    }


def test_no_proxy_bypass_reaches_the_server_directly(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/feed.rss").respond_with_data(RSS)
    _clear(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "localhost")
    with HttpClient(deadline=5, proxy=ProxySettings("system")) as client:
        for _ in range(3):
            assert client.get(httpserver.url_for("/feed.rss")).content == RSS
    assert len(httpserver.log) == 3


def test_the_environment_is_read_once_per_host(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/feed.rss").respond_with_data(RSS)
    _clear(monkeypatch)
    calls: list[str] = []
    real_bypass = requests.utils.should_bypass_proxies

    def counting(url: str, no_proxy: str | None) -> bool:
        calls.append(url)
        return real_bypass(url, no_proxy=no_proxy)

    monkeypatch.setattr(requests.utils, "should_bypass_proxies", counting)
    with HttpClient(deadline=5) as client:
        for path in ("/feed.rss", "/feed.rss?a", "/feed.rss?b"):
            assert client.get(httpserver.url_for(path)).content == RSS
    assert len(calls) == 1


def test_system_route_sends_the_netrc_login_as_before(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    httpserver.expect_request("/feed.rss").respond_with_data(RSS)
    _clear(monkeypatch)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine localhost login ban password bi-mat\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    url = httpserver.url_for("/feed.rss")
    assert requests.utils.get_netrc_auth(url) == ("ban", "bi-mat")
    with HttpClient(deadline=5) as client:
        client.get(url)
    with HttpClient(deadline=5, proxy=ProxySettings("none")) as client:
        client.get(url)
    sent = [r.headers.get("Authorization") for r, _ in httpserver.log]
    assert sent == ["Basic " + base64.b64encode(b"ban:bi-mat").decode(), None]
