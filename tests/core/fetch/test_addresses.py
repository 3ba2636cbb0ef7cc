"""The address guard: which addresses a feed may make Newsreader connect to, however spelled."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from newsreader.app import open_library
from newsreader.core.errors import BlockedAddressError
from newsreader.core.fetch.addresses import AddressGuard, blocked_reason, canonical_host, parse_host
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.core.offline.images import ImageCache
from newsreader.core.storage import Storage
from newsreader.paths import app_paths
from tests.guards import client_with

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


# --- classifying addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("10.0.0.1", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("ff02::1", "multicast"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("100.127.255.254", "carrier-grade NAT"),
        ("255.255.255.255", "broadcast"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.1", "documentation"),
        ("2001:db8::1", "documentation"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.1.2.3", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a9fe:a9fe", "link-local address (embedded in IPv6)"),
        ("2002:7f00:1::", "loopback address (6to4)"),
        ("::127.0.0.1", "loopback address (embedded in IPv6)"),
        ("fec0::1", "site-local"),
        ("100::1", "discard"),
    ],
)
def test_non_public_addresses_are_blocked(address: str, reason: str) -> None:
    found = blocked_reason(ipaddress.ip_address(address))
    assert found is not None and reason in found


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "172.15.255.255",
     "2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)  # fmt: skip
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


# --- the spellings of an address ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7F.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("00000177.0.0.1", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("2852039166", "169.254.169.254"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("169.16689662", "169.254.169.254"),
        ("012.0.0.1", "10.0.0.1"),
        ("::1", "::1"),
        ("[::1]", "::1"),
        ("[0:0:0:0:0:0:0:1]", "::1"),
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("[::ffff:7f00:1]", "127.0.0.1"),
        ("fe80::1%25eth0", "fe80::1"),
    ],
)
def test_every_spelling_of_an_address_is_recognised(host: str, address: str) -> None:
    assert parse_host(host) == ipaddress.ip_address(address)
    assert canonical_host(host) == address


@pytest.mark.parametrize(
    ("host", "canonical"),
    [
        ("%31%32%37.0.0.1", "127.0.0.1"),
        ("１２７.０.０.１", "127.0.0.1"),  # full-width digits: IDNA maps them to ASCII
        ("LOCALHOST.", "localhost"),
        ("VnExpress.NET", "vnexpress.net"),
        ("báo.vn", "xn--bo-mia.vn"),
    ],
)
def test_hosts_are_canonicalised_like_requests_sends_them(host: str, canonical: str) -> None:
    assert canonical_host(host) == canonical


@pytest.mark.parametrize("host", ["example.com", "1.2.3.256", "256.1", "1.2.3.4.5", "0x1g", "a.1"])
def test_names_are_not_addresses(host: str) -> None:
    assert parse_host(host) is None


@st.composite
def spelled_ipv4(draw: st.DrawFn) -> tuple[str, int]:
    """An IPv4 address and one of its spellings: 1-4 parts, each in decimal, octal or hex."""
    value = draw(st.integers(0, 2**32 - 1))
    count = draw(st.integers(1, 4))
    octets = value.to_bytes(4, "big")
    parts = [*octets[: count - 1], int.from_bytes(octets[count - 1 :], "big")]
    spelled = []
    for part in parts:
        style = draw(st.sampled_from(["dec", "oct", "hex", "HEX"]))
        if style == "dec":
            spelled.append(str(part))
        elif style == "oct":
            spelled.append("0" + format(part, "o"))
        else:
            spelled.append(("0x" if style == "hex" else "0X") + format(part, "x"))
    return ".".join(spelled), value


@settings(max_examples=200, deadline=None)
@given(spelled_ipv4())
def test_spellings_agree_with_inet_aton(case: tuple[str, int]) -> None:
    # What the C library would connect to is what the guard vets.
    text, value = case
    expected = ipaddress.IPv4Address(value)
    assert parse_host(text) == expected
    assert ipaddress.IPv4Address(socket.inet_aton(text)) == expected


# --- the URL check ------------------------------------------------------------------------------

BLOCKED_URLS = [
    "http://127.0.0.1/",
    "http://localhost/admin",
    "http://api.localhost:8080/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://0x7f.1/",
    "http://127.1:631/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://0/",
    "http://%31%32%37.0.0.1/",
    "http://10.0.0.1/feed",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "https://169.254.169.254/latest/meta-data/",
    "http://2852039166/",
    "http://100.64.1.1/",
    "http://224.0.0.1/",
    "http://[fe80::1%25eth0]/",
    "http://[fd00::1]/",
    "http://user:pass@127.0.0.1:80/",
]


@pytest.mark.parametrize("url", BLOCKED_URLS)
def test_literal_and_localhost_urls_are_refused_before_any_lookup(url: str) -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise AssertionError("no lookup for a literal address")

    guard = AddressGuard(resolver=resolver)
    with pytest.raises(BlockedAddressError, match=r"^refused to connect to .*: it is (a|an) "):
        guard(url)


@pytest.mark.parametrize(
    "url", ["https://vnexpress.net/rss/tin-moi-nhat.rss", "http://8.8.8.8/", "http://[2606::1]/"]
)
def test_public_urls_pass_the_url_check(url: str) -> None:
    AddressGuard()(url)  # names are vetted when connecting, not here


def test_the_users_own_hosts_are_allowed_with_their_port() -> None:
    guard = AddressGuard(
        lambda: ["http://192.168.1.5/feed.xml", "http://127.0.0.1:8080/rss", "nas.local:8000"]
    )
    guard("http://192.168.1.5/other/page.html")
    guard("https://192.168.1.5/feed.xml")  # http -> https on the default ports
    guard("http://127.0.0.1:8080/image.png")
    guard("http://2130706433:8080/same-address-other-spelling")
    with pytest.raises(BlockedAddressError):
        guard("http://192.168.1.5:8080/")  # another service on that machine
    with pytest.raises(BlockedAddressError):
        guard("http://192.168.1.6/")
    with pytest.raises(BlockedAddressError):
        guard("http://127.0.0.1:8081/")
    with pytest.raises(BlockedAddressError):
        guard("http://127.0.0.1/")


def test_user_chosen_lasts_for_the_block_and_the_thread() -> None:
    guard = AddressGuard()
    url = "http://192.168.7.7:9000/feed"
    results: list[bool] = []

    def other_thread() -> None:
        try:
            guard(url)
            results.append(True)
        except BlockedAddressError:
            results.append(False)

    with guard.user_chosen(url):
        guard(url)
        guard("http://192.168.7.7:9000/article")
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert results == [False]
    with pytest.raises(BlockedAddressError):
        guard(url)


def test_user_hosts_are_read_lazily_and_cached() -> None:
    calls: list[int] = []
    now = [0.0]

    def user_urls() -> list[str]:
        calls.append(1)
        return ["http://10.1.1.1/feed"]

    guard = AddressGuard(user_urls, clock=lambda: now[0])
    guard("https://example.org/")
    guard("http://8.8.8.8/")
    assert calls == []  # public addresses never need the list
    for _ in range(5):
        guard("http://10.1.1.1/a")
    assert len(calls) == 1  # the user's hosts are cached...
    now[0] = 11.0
    guard("http://10.1.1.1/b")
    assert len(calls) == 2  # ...for a while
    with pytest.raises(BlockedAddressError):
        guard("http://10.9.9.9/")
    assert len(calls) == 3  # a refusal always looks again: the feed may be new


# --- resolving and connecting -------------------------------------------------------------------


def fake_dns(table: dict[str, Sequence[str]]) -> AddressGuard:
    def resolver(host: str, port: int) -> Sequence[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return AddressGuard(resolver=resolver)


def test_names_are_vetted_on_what_they_resolve_to() -> None:
    guard = fake_dns(
        {
            "news.example": ["93.184.216.34", "2606:2800:220:1::1"],
            "rebind.example": ["127.0.0.1"],
            "metadata.example": ["169.254.169.254"],
            "mixed.example": ["10.0.0.8", "93.184.216.34"],
        }
    )
    assert guard.connect_addresses("news.example", 443) == ["93.184.216.34", "2606:2800:220:1::1"]
    assert guard.connect_addresses("mixed.example", 80) == ["93.184.216.34"]
    with pytest.raises(BlockedAddressError, match=r"rebind\.example: it resolves to 127\.0\.0\.1"):
        guard.connect_addresses("rebind.example", 80)
    with pytest.raises(BlockedAddressError, match="link-local"):
        guard.connect_addresses("metadata.example", 80)
    with pytest.raises(socket.gaierror):
        guard.connect_addresses("missing.example", 80)
    # A literal is connected to in its canonical spelling, never re-read by the C library.
    assert guard.connect_addresses("93.184.216.34", 80) == ["93.184.216.34"]
    with pytest.raises(BlockedAddressError):
        guard.connect_addresses("0x7f.1", 80)


def test_the_connected_peer_is_checked() -> None:
    guard = AddressGuard(lambda: ["http://lan.example:8000/"])
    guard.check_connected("news.example", 443, "93.184.216.34")
    guard.check_connected("lan.example", 8000, "192.168.1.20")
    with pytest.raises(BlockedAddressError, match=r"it resolves to 127\.0\.0\.1"):
        guard.check_connected("news.example", 443, "127.0.0.1")
    with pytest.raises(BlockedAddressError):
        guard.check_connected("news.example", 443, "::ffff:10.0.0.1")


# --- the app's library, end to end --------------------------------------------------------------


def rss(host: str, links: list[str], image: str | None = None) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{link}</link><guid>{link}</guid>"
        f"<description><![CDATA[<p>Lead {i}</p>"
        + (f'<img src="{image}">' if image and i == 0 else "")
        + "]]></description></item>"
        for i, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local feed</title>'
        f"<link>{host}</link>{items}</channel></rss>"
    ).encode()


# A real article page (images on other hosts, which no test can reach).
PAGE = (
    Path(__file__).resolve().parents[2] / "data" / "articles" / "pages" / "dantri_2025-12-14.html"
).read_bytes()


@pytest.fixture(scope="module")
def _second_server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def second_server(_second_server: HTTPServer) -> HTTPServer:
    """Another loopback server (another port): nothing may be redirected to it."""
    _second_server.clear()
    return _second_server


def test_a_feed_the_user_subscribed_to_on_loopback_works(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    base = f"http://127.0.0.1:{httpserver.port}"
    httpserver.expect_request("/feed").respond_with_data(
        rss(base, [f"{base}/a1"], image=f"{base}/img.png"), content_type="application/rss+xml"
    )
    httpserver.expect_request("/a1").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/img.png").respond_with_data(PNG, content_type="image/png")
    lib = open_library(app_paths(tmp_path / "home"))
    try:
        # Not yet subscribed: the app's client refuses loopback.
        with pytest.raises(BlockedAddressError):
            lib.client.get(f"{base}/feed")
        sub = lib.subscribe(f"{base}/feed")  # typed by the user: allowed
        assert sub.first_refresh is not None and sub.first_refresh.new_articles == 1
        assert lib.refresh().errors == 0
        article = lib.articles()[0]
        assert lib.fetch_full_text(article.id).full_text
        assert lib.fetch_image(f"{base}/img.png") == PNG
    finally:
        lib.close()


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{other}/feed",
        "http://localhost:{port}/feed",  # same port, another name for the host: not chosen
        "http://127.0.0.2:{port}/feed",
        "http://2130706433:{other}/feed",
        "http://0x7f.1:{other}/feed",
        "http://[::ffff:127.0.0.1]:{other}/feed",
        "http://10.0.0.1/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://2852039166/latest/meta-data/",
        "http://167772161/",
    ],
)
def test_redirects_of_a_local_feed_may_not_go_elsewhere_locally(
    httpserver: HTTPServer, second_server: HTTPServer, tmp_path: Path, target: str
) -> None:
    base = f"http://127.0.0.1:{httpserver.port}"
    location = target.format(other=second_server.port, port=httpserver.port)
    httpserver.expect_request("/feed").respond_with_data(rss(base, [f"{base}/a"]))
    second_server.expect_request("/feed").respond_with_data(rss(base, [f"{base}/secret"]))
    lib = open_library(app_paths(tmp_path / "home"))
    try:
        feed = lib.subscribe(f"{base}/feed").feed
        httpserver.clear()
        httpserver.expect_request("/feed").respond_with_data("", 302, {"Location": location})
        result = lib.refresh()
        error = result.feeds[0].error or ""
    finally:
        lib.close()
    assert error.startswith("refused to connect to "), error
    assert "(redirected from http://127.0.0.1:" in error
    assert second_server.log == []
    assert feed.id == result.feeds[0].feed_id


def test_article_pages_and_images_of_a_public_feed_may_not_reach_loopback(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A feed on a (fake) public name whose links and images point at local addresses.

    The resolver is injected: ``news.test`` and ``rebind.test`` both resolve to the loopback
    server, but only ``news.test`` is the user's; every other spelling of 127.0.0.1 is refused.
    """
    port = httpserver.port
    home = f"http://news.test:{port}"
    links = [
        f"{home}/ok-page",
        f"http://127.0.0.1:{port}/loopback-page",
        f"http://localhost:{port}/localhost-page",
        f"http://rebind.test:{port}/rebind-page",
        f"http://[::ffff:127.0.0.1]:{port}/mapped-page",
    ]
    httpserver.expect_request("/feed").respond_with_data(
        rss(home, links, image=f"http://0x7f.1:{port}/pixel.png"),
        content_type="application/rss+xml",
    )
    for path in ("/ok-page", "/loopback-page", "/localhost-page", "/rebind-page", "/mapped-page"):
        httpserver.expect_request(path).respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/pixel.png").respond_with_data(PNG, content_type="image/png")

    def resolver(host: str, port: int) -> list[str]:
        if host in ("news.test", "rebind.test"):
            return ["127.0.0.1"]
        raise socket.gaierror(socket.EAI_NONAME, "not found")

    storage = Storage(tmp_path / "db.sqlite3")
    guard = AddressGuard(lambda: [f.url for f in storage.feeds()], resolver=resolver)
    lib = Library(
        storage,
        guard,
        http=client_with(deadline=5),
        images=ImageCache(tmp_path / "images"),
        saved_dir=tmp_path / "saved",
    )
    try:
        lib.subscribe(f"{home}/feed", fetch=False)
        assert lib.refresh().errors == 0
        by_link = {a.link: a for a in lib.articles(ArticleQuery())}
        assert lib.fetch_full_text(by_link[links[0]].id).full_text
        for link in links[1:]:
            article = lib.fetch_full_text(by_link[link].id)
            assert not article.full_text
            stored = lib.storage.fulltext(article.id)
            assert stored is not None and stored.status == "failed"
            assert (stored.error or "").startswith("refused to connect"), stored.error
        with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.1"):
            lib.fetch_image(f"http://0x7f.1:{port}/pixel.png")
    finally:
        lib.close()
    fetched = {request.path for request, _ in httpserver.log}
    assert fetched == {"/feed", "/ok-page"}
