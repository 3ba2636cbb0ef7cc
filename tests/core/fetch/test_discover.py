"""Feed autodiscovery: links in real saved pages, sniffing, URL rules, and discover() end to end
against a local HTTP server."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.core.errors import FeedError, InvalidInputError, NetworkError
from newsreader.core.feeds.document import parse_feed
from newsreader.core.fetch.discover import (
    COMMON_PATHS,
    MAX_PROBES,
    FeedCandidate,
    discover,
    feed_kind,
    feed_links_in_page,
    looks_like_html,
    normalize_url,
    normalize_user_url,
)
from newsreader.core.models import FetchResult
from tests.feedgen import VN_ITEMS, rss

PAGES = Path(__file__).resolve().parents[2] / "data" / "pages"
FEEDS = Path(__file__).resolve().parents[2] / "data" / "feeds"

RSS = "application/rss+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


# --- links in saved pages ---------------------------------------------------------------------

SAVED_PAGES = [
    (
        "DaringFireball.html",
        "https://daringfireball.net/",
        [
            FeedCandidate("https://daringfireball.net/feeds/main", None, "atom"),
            FeedCandidate("https://daringfireball.net/feeds/", "RSS Feed", "unknown"),
            FeedCandidate("https://daringfireball.net/feeds/sponsors/", "Sponsorship", "unknown"),
        ],
    ),
    (
        "coco.html",
        "https://www.theatlantic.com/",
        [
            FeedCandidate("https://www.theatlantic.com/feed/all/", "The Atlantic", "rss"),
            FeedCandidate(
                "https://www.theatlantic.com/feed/best-of/", "Best of The Atlantic", "rss"
            ),
        ],
    ),
    (
        "furbo.html",
        "http://furbo.org/",
        [
            FeedCandidate("http://furbo.org/feed/", "Iconfactory News Feed", "rss"),
            FeedCandidate("http://furbo.org/feed", "RSS", "unknown"),
        ],
    ),
    (
        # the <a href> to the same feed is not listed twice
        "inessential.html",
        "http://inessential.com/",
        [FeedCandidate("http://inessential.com/xml/rss.xml", "RSS", "rss")],
    ),
    (
        "sixcolors.html",
        "https://sixcolors.com/",
        [
            FeedCandidate("http://feedpress.me/sixcolors", "RSS", "rss"),
            FeedCandidate("http://feedpress.me/sixcolors?type=xml", "RSS", "unknown"),
        ],
    ),
    (
        # a link inside <script> and the sitemap do not count; the "/rss" link is a weak guess
        "vn-home-no-feeds.html",
        "https://tinmoi.example/",
        [FeedCandidate("https://tinmoi.example/rss", "RSS", "unknown")],
    ),
    (
        "vn-rss-directory.html",
        "https://tinmoi.example/rss",
        [
            FeedCandidate("https://tinmoi.example/rss/tin-moi-nhat.rss", "Tin mới nhất", "rss"),
            FeedCandidate("https://tinmoi.example/rss/thoi-su.rss", "Thời sự", "rss"),
            FeedCandidate("https://tinmoi.example/rss/the-gioi.rss", "Thế giới", "rss"),
            FeedCandidate("https://tinmoi.example/rss/kinh-doanh.rss", "Kinh doanh", "rss"),
            FeedCandidate("https://tinmoi.example/rss/huong-dan", "Hướng dẫn dùng RSS", "unknown"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "base", "expected"), SAVED_PAGES, ids=[p[0] for p in SAVED_PAGES])
def test_links_in_saved_pages(name: str, base: str, expected: list[FeedCandidate]) -> None:
    data = page(name)
    assert looks_like_html(data, None)
    assert feed_links_in_page(data, base) == expected
    assert feed_links_in_page(data.decode("utf-8", "replace"), base) == expected
    declared = feed_links_in_page(data, base, anchors=False)  # the first group alone
    assert declared == expected[: len(declared)]


def test_declared_links_only() -> None:
    got = feed_links_in_page(page("coco.html"), "https://www.theatlantic.com/", anchors=False)
    assert [c.url for c in got] == [
        "https://www.theatlantic.com/feed/all/",
        "https://www.theatlantic.com/feed/best-of/",
    ]
    assert feed_links_in_page(page("vn-rss-directory.html"), "https://x.vn/", anchors=False) == []


@pytest.mark.corpus
def test_youtube_channel_page(shared_corpus: Path) -> None:
    data = (shared_corpus / "world/html-discovery/rsparser/YouTubeTheVolvoRocks.html").read_bytes()
    # android-app:/ios-app: alternates and the handheld alternate (no type) are not feeds
    assert feed_links_in_page(data, "https://www.youtube.com/user/TheVolvorocks") == [
        FeedCandidate(
            "https://www.youtube.com/feeds/videos.xml?channel_id=UCct7QF2jcWRY6dhXWMSq9LQ",
            "RSS",
            "rss",
        )
    ]


@pytest.mark.corpus
def test_vnexpress_international_home_declares_no_feed(shared_corpus: Path) -> None:
    data = (shared_corpus / "vn/listing-pages/e.vnexpress.net_homepage_2025-12.html").read_bytes()
    assert looks_like_html(data, "text/html")
    assert feed_links_in_page(data, "https://e.vnexpress.net/") == []


# --- links in small pages ---------------------------------------------------------------------

BASE = "https://tinmoi.example/thoi-su/index.html"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # rel holds several tokens; names and values in any case; type parameters ignored
        (
            '<LINK REL="Alternate Home" TYPE="Application/RSS+XML; charset=UTF-8" HREF="a.rss">',
            [("https://tinmoi.example/thoi-su/a.rss", "rss")],
        ),
        (
            '<link rel="alternate" type="application/atom+xml" href="/atom" title=" Tin  mới ">',
            [("https://tinmoi.example/atom", "atom")],
        ),
        (
            '<link rel="alternate" type="application/feed+json" href="//cdn.example/f.json">',
            [("https://cdn.example/f.json", "json")],
        ),
        (
            '<link rel="alternate" type="application/rdf+xml" href="/index.rdf">',
            [("https://tinmoi.example/index.rdf", "rss")],
        ),
        (
            '<link rel="alternate" type="application/json" href="/feed.json">',
            [("https://tinmoi.example/feed.json", "json")],
        ),
        # WordPress REST and oEmbed alternates are JSON but not feeds
        (
            '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">'
            '<link rel="alternate" type="application/json+oembed" href="/wp-json/oembed/1.0/embed">'
            '<link rel="alternate" type="application/json" href="/oembed?url=x">',
            [],
        ),
        # not alternate, no type, wrong type, stylesheet, unsafe or empty href
        (
            '<link rel="stylesheet" type="application/rss+xml" href="/x.rss">'
            '<link rel="alternate" href="/en/" hreflang="en">'
            '<link rel="alternate" type="text/html" href="/m/">'
            '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
            '<link rel="alternate" type="application/rss+xml" href="data:text/xml,x">'
            '<link rel="alternate" type="application/rss+xml" href="">'
            '<link rel="alternate" type="application/rss+xml">',
            [],
        ),
        # rel="feed"
        ('<link rel="feed" href="/feed">', [("https://tinmoi.example/feed", "unknown")]),
        # duplicates (also after resolving) keep the first
        (
            '<link rel="alternate" type="application/rss+xml" href="/a.rss">'
            '<link rel="alternate" type="application/atom+xml" href="https://tinmoi.example/a.rss#x">',
            [("https://tinmoi.example/a.rss", "rss")],
        ),
        # feed:// links
        (
            '<link rel="alternate" type="application/rss+xml" href="feed://tinmoi.example/r.rss">',
            [("http://tinmoi.example/r.rss", "rss")],
        ),
    ],
)
def test_link_elements(html: str, expected: list[tuple[str, str]]) -> None:
    got = feed_links_in_page(f"<html><head>{html}</head><body></body></html>", BASE)
    assert [(c.url, c.kind) for c in got] == expected


def test_link_title_is_cleaned() -> None:
    html = '<link rel="alternate" type="application/atom+xml" href="/atom" title=" Tin \n mới ">'
    (found,) = feed_links_in_page(html, BASE)
    assert found.title == "Tin mới"


def test_base_href_applies_to_every_link_even_earlier_ones() -> None:
    html = (
        '<link rel="alternate" type="application/rss+xml" href="rss/a.rss">'
        '<base href="/mirror/"><base href="https://ignored.example/">'
        '<a href="rss/b.rss">b</a>'
    )
    assert [c.url for c in feed_links_in_page(html, BASE)] == [
        "https://tinmoi.example/mirror/rss/a.rss",
        "https://tinmoi.example/mirror/rss/b.rss",
    ]


def test_unusable_base_href_falls_back_to_the_page_url() -> None:
    html = (
        '<base href="javascript:x"><link rel="alternate" type="application/rss+xml" href="a.rss">'
    )
    assert [c.url for c in feed_links_in_page(html, BASE)] == [
        "https://tinmoi.example/thoi-su/a.rss"
    ]


@pytest.mark.parametrize(
    ("href", "kind"),
    [
        ("/rss/thoi-su.rss", "rss"),
        ("/tin.RSS", "rss"),
        ("/index.rdf", "rss"),
        ("/blog.atom", "atom"),
        ("/feeds/rss.xml", "rss"),
        ("/atom.xml", "atom"),
        ("/index.xml", "unknown"),
        ("/rss/", "unknown"),
        ("/feed", "unknown"),
        ("/blog/feed/", "unknown"),
        ("/feeds/posts/default", "unknown"),
        ("https://feeds.feedburner.com/TinMoi", "unknown"),
        ("https://feedpress.me/tinmoi", "unknown"),
        ("/?feed=rss2", "unknown"),
        ("/posts?format=RSS", "unknown"),
        ("/sitemap.xml", None),
        ("/sitemaps/news.xml", None),
        ("/feedback", None),
        ("/rss-la-gi-4954454.html", None),
        ("/thoi-su", None),
        ("mailto:toasoan@tinmoi.example", None),
        ("javascript:void(0)", None),
    ],
)
def test_anchor_heuristic(href: str, kind: str | None) -> None:
    got = feed_links_in_page(f'<p><a href="{href}">Tin</a></p>', BASE)
    assert [c.kind for c in got] == ([kind] if kind else [])
    if kind:
        assert got[0].title == "Tin"


def test_anchor_title_attribute_wins_and_text_is_cleaned() -> None:
    html = (
        '<a href="/a.rss" title="Thời sự">RSS</a>'
        '<a href="/b.rss"><img src="rss.png"> Thế   giới\n</a>'
        '<a href="/c.rss"><img src="rss.png"></a>'
        '<a href="/d.rss">Không đóng thẻ'
    )
    assert [c.title for c in feed_links_in_page(html, BASE)] == [
        "Thời sự",
        "Thế giới",
        None,
        "Không đóng thẻ",
    ]


def test_declared_links_come_before_anchors() -> None:
    html = (
        '<body><a href="/first.rss">a</a>'
        '<link rel="alternate" type="application/rss+xml" href="/declared.rss"></body>'
    )
    assert [c.url for c in feed_links_in_page(html, BASE)] == [
        "https://tinmoi.example/declared.rss",
        "https://tinmoi.example/first.rss",
    ]


def to_cp1258(text: str) -> bytes:
    """Vietnamese in windows-1258: base letters (ơ, ư, â, …) precomposed, tone marks combining."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        for n in range(len(marks), -1, -1):  # the longest precomposed base cp1258 has
            candidate = unicodedata.normalize("NFC", base + marks[:n])
            try:
                out += candidate.encode("cp1258") + marks[n:].encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return out


def test_page_encodings() -> None:
    title = "Thời sự – Tin mới"
    html = (
        '<html><head><meta charset="windows-1258">'
        '<link rel="alternate" type="application/rss+xml" href="/a.rss" title="{t}"></head></html>'
    )
    data = to_cp1258(html.format(t=title))
    assert data.decode("cp1258") != title  # really decomposed tone marks, as such pages have
    (found,) = feed_links_in_page(data, BASE)
    assert found.title == title
    utf16 = html.replace("windows-1258", "utf-16").format(t=title).encode("utf-16")
    assert feed_links_in_page(utf16, BASE)[0].title == title
    # undeclared non-UTF-8 bytes do not break anything
    broken = b'<link rel="alternate" type="application/rss+xml" href="/a.rss" title="Caf\xe9">'
    assert feed_links_in_page(broken, BASE)[0].title == "Café"


def test_broken_markup_never_raises() -> None:
    for junk in [
        "",
        "<",
        "<a href=",
        "<link rel=alternate type=application/rss+xml href=/x.rss",
        "<![CDATA[",
        "<!--",
        "\x00\x01",
        "<a href='/a.rss'>" * 5000,
    ]:
        feed_links_in_page(junk, BASE)
    html = "<link rel=alternate type=application/rss+xml href=/x.rss>"
    assert [c.url for c in feed_links_in_page(html, BASE)] == ["https://tinmoi.example/x.rss"]


# --- sniffing -----------------------------------------------------------------------------------

VN_RSS = rss(VN_ITEMS)


@pytest.mark.parametrize(
    ("data", "content_type", "expected"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", None, True),
        (b"\xef\xbb\xbf\n  <!doctype HTML>\n<title>x</title>", "application/octet-stream", True),
        (
            b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head/></html>',
            "application/xml",
            True,
        ),
        (b"<!-- x --><head><meta charset=utf-8></head>", None, True),
        (b"<p>Xin ch\xc3\xa0o</p>", "text/html", True),
        (b"plain words", "text/html", True),
        (b"plain words", "text/plain", False),
        (VN_RSS, "text/html", False),  # a feed served as HTML is still a feed
        (VN_RSS, RSS, False),
        (
            b'<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom"></feed>',
            "text/html",
            False,
        ),
        (b'<rdf:RDF xmlns:rdf="x"></rdf:RDF>', None, False),
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "x"}', "text/html", False),
        (b'<?xml version="1.0"?><opml version="2.0"/>', "text/html", False),
        (b"\x89PNG\r\n\x1a\n", "image/png", False),
        (b"", None, False),
        ('<html lang="vi"></html>'.encode("utf-16"), None, True),
    ],
)
def test_looks_like_html(data: bytes, content_type: str | None, expected: bool) -> None:
    assert looks_like_html(data, content_type) is expected


@pytest.mark.parametrize(
    ("data", "content_type", "kind"),
    [
        (VN_RSS, None, "rss"),
        (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"/>', None, "atom"),
        (b'<rdf:RDF xmlns:rdf="x"/>', None, "rss"),
        (b' {"version": "https://jsonfeed.org/version/1"}', None, "json"),
        (b"", "application/atom+xml", "atom"),
        (b"<html/>", "text/html", "unknown"),
    ],
)
def test_feed_kind(data: bytes, content_type: str | None, kind: str) -> None:
    assert feed_kind(data, content_type) == kind


# --- URLs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://vnexpress.net/rss/thoi-su.rss", "https://vnexpress.net/rss/thoi-su.rss"),
        ("  HTTPS://VnExpress.NET/rss/Thoi-Su.rss#x ", "https://vnexpress.net/rss/Thoi-Su.rss"),
        ("http://x.vn", "http://x.vn/"),
        ("https://x.vn/a b", "https://x.vn/a%20b"),
        ("https://x.vn/rss/\n  thoi-su.rss", "https://x.vn/rss/thoi-su.rss"),
        ("feed://x.vn/rss", "http://x.vn/rss"),
        ("feed:https://x.vn/rss", "https://x.vn/rss"),
        ("https://User:Pw@X.vn:8443/r?q=Tin&a=1", "https://User:Pw@x.vn:8443/r?q=Tin&a=1"),
        ("https://[::1]:8080/rss", "https://[::1]:8080/rss"),
        ("https://báo.vn/rss", "https://báo.vn/rss"),
    ],
)
def test_normalize_url(text: str, expected: str) -> None:
    assert normalize_url(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("javascript:alert(1)", "javascript:"),
        ("file:///etc/passwd", "file:"),
        ("data:text/html,x", "data:"),
        ("/rss", "relative"),
        ("rss.xml", "relative"),
        ("https://", "no host"),
        ("https://x.vn:port/", "malformed"),
        ("https://x.vn/\x00", "control"),
    ],
)
def test_normalize_url_refuses(text: str, reason: str) -> None:
    with pytest.raises(InvalidInputError, match=reason):
        normalize_url(text)


def test_normalize_url_resolves_against_a_base() -> None:
    assert normalize_url("../rss/a.rss", base_url=BASE) == "https://tinmoi.example/rss/a.rss"
    assert normalize_url("//cdn.vn/a", base_url=BASE) == "https://cdn.vn/a"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vnexpress.net", "https://vnexpress.net/"),
        ("vnexpress.net/rss/thoi-su.rss", "https://vnexpress.net/rss/thoi-su.rss"),
        ("localhost:8080/feed", "https://localhost:8080/feed"),
        ("http://kinhtedothi.vn", "http://kinhtedothi.vn/"),
        ("feed://kinhtedothi.vn/rss/home.rss", "http://kinhtedothi.vn/rss/home.rss"),
    ],
)
def test_normalize_user_url(text: str, expected: str) -> None:
    assert normalize_user_url(text) == expected


@pytest.mark.parametrize(
    "text", ["", "  ", "javascript:alert(1)", "mailto:a@b.vn", "file:///etc/passwd"]
)
def test_normalize_user_url_refuses(text: str) -> None:
    with pytest.raises(InvalidInputError):
        normalize_user_url(text)


# --- discover() against a local server ----------------------------------------------------------


@pytest.fixture
def fetch() -> Iterator[Callable[[str], FetchResult]]:
    """A minimal stand-in for HttpClient.get: requests, no proxies, errors as NetworkError."""
    session = requests.Session()
    session.trust_env = False

    def get(url: str) -> FetchResult:
        try:
            r = session.get(url, timeout=5)
        except requests.RequestException as exc:
            raise NetworkError(f"cannot reach {url}: {type(exc).__name__}") from exc
        if r.status_code >= 400:
            raise NetworkError(f"HTTP {r.status_code}", status=r.status_code)
        return FetchResult(
            url=r.url,
            status=r.status_code,
            content=r.content,
            content_type=r.headers.get("Content-Type"),
        )

    yield get
    session.close()


def is_feed(result: FetchResult) -> bool:
    try:
        parse_feed(result.content, url=result.url, content_type=result.content_type)
    except FeedError:
        return False
    return True


def requested(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def serve(
    server: HTTPServer, path: str, body: bytes, content_type: str = HTML, status: int = 200
) -> None:
    server.expect_request(path).respond_with_data(body, status=status, content_type=content_type)


def test_a_feed_is_its_own_answer(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    serve(httpserver, "/rss/thoi-su.rss", rss(VN_ITEMS, title="Thời sự - VnExpress RSS"), RSS)
    url = httpserver.url_for("/rss/thoi-su.rss")
    assert discover(url, fetch, is_feed) == [FeedCandidate(url, "Thời sự - VnExpress RSS", "rss")]
    assert requested(httpserver) == ["/rss/thoi-su.rss"]


def test_atom_and_json_feeds(httpserver: HTTPServer, fetch: Callable[[str], FetchResult]) -> None:
    atom = (FEEDS / "blog_atom10.atom").read_bytes()
    serve(httpserver, "/atom", atom, "application/atom+xml")
    json_feed = (FEEDS / "podcast_jsonfeed11.json").read_bytes()
    serve(httpserver, "/feed.json", json_feed, "application/feed+json")
    (a,) = discover(httpserver.url_for("/atom"), fetch, is_feed)
    (j,) = discover(httpserver.url_for("/feed.json"), fetch, is_feed)
    assert (a.kind, j.kind) == ("atom", "json")
    assert a.title and j.title


def test_declared_feeds_are_returned_without_fetching_them(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    serve(httpserver, "/", page("coco.html"))
    found = discover(httpserver.url_for("/"), fetch, is_feed)
    base = httpserver.url_for("/")
    assert found == [
        FeedCandidate(base + "feed/all/", "The Atlantic", "rss"),
        FeedCandidate(base + "feed/best-of/", "Best of The Atlantic", "rss"),
    ]
    assert requested(httpserver) == ["/"]


def test_redirect_gives_the_base(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    httpserver.expect_request("/").respond_with_response(
        Response(status=301, headers={"Location": "/blog/"})
    )
    serve(httpserver, "/blog/", page("DaringFireball.html"))
    found = discover(httpserver.url_for("/"), fetch, is_feed)
    assert found == [FeedCandidate(httpserver.url_for("/feeds/main"), None, "atom")]


def test_rss_directory_page_is_followed(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    """Home page declares nothing; its "RSS" link leads to the list of section feeds."""
    serve(httpserver, "/", page("vn-home-no-feeds.html"))
    serve(httpserver, "/rss", page("vn-rss-directory.html"))
    found = discover(httpserver.url_for("/"), fetch, is_feed)
    # The directory's absolute links point at tinmoi.example; its relative ones at this server.
    assert found == [
        FeedCandidate("https://tinmoi.example/rss/tin-moi-nhat.rss", "Tin mới nhất", "rss"),
        FeedCandidate(httpserver.url_for("/rss/thoi-su.rss"), "Thời sự", "rss"),
        FeedCandidate(httpserver.url_for("/rss/the-gioi.rss"), "Thế giới", "rss"),
        FeedCandidate(httpserver.url_for("/rss/kinh-doanh.rss"), "Kinh doanh", "rss"),
    ]
    assert requested(httpserver) == ["/", "/rss"]


def test_feed_looking_links_are_checked(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    html = (
        "<html><body><a href='/feeds/'>Các kênh</a> <a href='/tin-moi.rss'>Tin mới</a>"
        " <a href='/mat.rss'>Mất</a> <a href='/anh.xml'>Ảnh</a></body></html>"
    ).encode()
    serve(httpserver, "/", html)
    serve(httpserver, "/feeds/", b"<html><body>Danh sach</body></html>")
    serve(httpserver, "/tin-moi.rss", rss(VN_ITEMS, title="Tin mới nhất - Tin Mới"), RSS)
    serve(httpserver, "/mat.rss", b"gone", status=404)
    serve(httpserver, "/anh.xml", b"\x89PNG\r\n\x1a\n", "image/png")
    found = discover(httpserver.url_for("/"), fetch, is_feed)
    assert found == [FeedCandidate(httpserver.url_for("/tin-moi.rss"), "Tin mới", "rss")]
    assert requested(httpserver) == ["/", "/feeds/", "/tin-moi.rss", "/mat.rss", "/anh.xml"]


def test_common_paths_are_probed_in_order(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    serve(httpserver, "/", b"<!DOCTYPE html><html><head><title>Trang chu</title></head></html>")
    serve(httpserver, "/rss/home.rss", rss(VN_ITEMS, title="Kinh tế & Đô thị"), "text/xml")
    found = discover(httpserver.url_for("/"), fetch, is_feed)
    assert found == [FeedCandidate(httpserver.url_for("/rss/home.rss"), "Kinh tế & Đô thị", "rss")]
    probes = COMMON_PATHS[: COMMON_PATHS.index("/rss/home.rss") + 1]
    assert requested(httpserver) == ["/", *probes]  # and no more after the first hit


@pytest.mark.corpus
def test_vnexpress_international_falls_back_to_common_paths(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult], shared_corpus: Path
) -> None:
    data = (shared_corpus / "vn/listing-pages/e.vnexpress.net_homepage_2025-12.html").read_bytes()
    serve(httpserver, "/", data)
    serve(httpserver, "/feed", rss(VN_ITEMS, host="https://e.vnexpress.net", title="News"), RSS)
    found = discover(httpserver.url_for("/"), fetch, is_feed)
    assert found == [FeedCandidate(httpserver.url_for("/feed"), "News", "rss")]
    assert requested(httpserver) == ["/", "/rss", "/feed"]


def test_probe_redirected_to_a_feed_gives_the_final_url(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    serve(httpserver, "/", b"<html><body>Trang chu</body></html>")
    httpserver.expect_request("/rss").respond_with_response(
        Response(status=302, headers={"Location": "/rss/tin-moi.rss"})
    )
    serve(httpserver, "/rss/tin-moi.rss", VN_RSS, RSS)
    found = discover(httpserver.url_for("/"), fetch, is_feed)
    assert [c.url for c in found] == [httpserver.url_for("/rss/tin-moi.rss")]


def test_probe_redirected_home_is_not_rescanned(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    serve(httpserver, "/", page("vn-home-no-feeds.html"))

    def home(request: Request) -> Response:
        return Response(status=302, headers={"Location": "/"})

    for path in COMMON_PATHS:
        httpserver.expect_request(path).respond_with_handler(home)
    assert discover(httpserver.url_for("/"), fetch, is_feed) == []
    assert requested(httpserver).count("/") == 1 + len(COMMON_PATHS)  # one fetch, then redirects


def test_nothing_found(httpserver: HTTPServer, fetch: Callable[[str], FetchResult]) -> None:
    serve(httpserver, "/", b"<html><body>Xin chao</body></html>")
    assert discover(httpserver.url_for("/"), fetch, is_feed) == []
    assert requested(httpserver) == ["/", *COMMON_PATHS]  # all 404: ignored


def test_probe_errors_are_ignored(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/dead.rss"
    serve(httpserver, "/", f"<a href='{dead}'>x</a><a href='/slow.rss'>y</a>".encode())
    httpserver.expect_request("/slow.rss").respond_with_data("boom", status=500)
    serve(httpserver, "/index.xml", VN_RSS, RSS)
    found = discover(httpserver.url_for("/"), fetch, is_feed)
    assert [c.url for c in found] == [httpserver.url_for("/index.xml")]


def test_the_first_error_propagates(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    serve(httpserver, "/missing", b"not here", status=404)
    with pytest.raises(NetworkError) as info:
        discover(httpserver.url_for("/missing"), fetch, is_feed)
    assert info.value.status == 404
    with pytest.raises(InvalidInputError):
        discover("javascript:alert(1)", fetch, is_feed)


def test_not_a_page_and_not_a_feed(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    serve(httpserver, "/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
    serve(httpserver, "/api", b'{"ok": true}', "application/json")
    assert discover(httpserver.url_for("/logo.png"), fetch, is_feed) == []
    assert discover(httpserver.url_for("/api"), fetch, is_feed) == []
    assert requested(httpserver) == ["/logo.png", "/api"]


def test_probes_are_capped(httpserver: HTTPServer, fetch: Callable[[str], FetchResult]) -> None:
    links = "".join(f"<a href='/kenh-{n}.rss'>{n}</a>" for n in range(40))
    serve(httpserver, "/", f"<html><body>{links}</body></html>".encode())
    assert discover(httpserver.url_for("/"), fetch, is_feed) == []
    made = requested(httpserver)
    assert len(made) <= 1 + MAX_PROBES
    assert len(made) == 1 + 5 + len(COMMON_PATHS)  # 5 links, then the usual paths
    httpserver.clear_log()
    assert discover(httpserver.url_for("/"), fetch, is_feed, max_probes=3) == []
    assert len(requested(httpserver)) == 1 + 3


def test_is_feed_errors_count_as_no(
    httpserver: HTTPServer, fetch: Callable[[str], FetchResult]
) -> None:
    serve(httpserver, "/", b"<html></html>")
    serve(httpserver, "/rss", VN_RSS, RSS)

    def picky(result: FetchResult) -> bool:
        raise FeedError("cannot tell")

    assert discover(httpserver.url_for("/"), fetch, picky) == []
