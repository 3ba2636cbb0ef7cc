"""Fuzzing the parsers of untrusted input: only the documented exceptions, never anything else.

Bounded: each property runs at most 200 examples (the whole file takes well under 30 s).
Documented outcomes: ``parse_feed`` returns a ParsedFeed or raises FeedError (NotAFeedError is
one); ``sanitize_html`` never raises and its output is inert; ``parse_query`` returns an
expression SQLite's FTS5 always accepts or raises SearchQueryError; ``parse_opml`` returns a
document of http(s) feeds or raises InvalidInputError; the address guard refuses with
BlockedAddressError or lets through, and never fails otherwise.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from html.parser import HTMLParser
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.errors import (
    BlockedAddressError,
    FeedError,
    InvalidInputError,
    SearchQueryError,
)
from newsreader.core.feeds.document import parse_feed
from newsreader.core.feeds.opml import parse_opml
from newsreader.core.fetch.addresses import AddressGuard, canonical_host, parse_host
from newsreader.core.models import ParsedFeed
from newsreader.core.pages.sanitize import decode_image_ref, plain_text_label, sanitize_html
from newsreader.core.search import parse_query

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
URL = "https://hostile.example/feed.xml"
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

# --- alphabets of trouble -----------------------------------------------------------------------

NASTY_TEXT = st.sampled_from(
    [
        "Hà Nội", "đột phá", "<b>bold</b>", "<script>alert(1)</script>", "&lt;i&gt;", "&amp;",
        "&#0;", "&#xD800;", "&#99999999;", "&nbsp;", "&unknown;", "\u202e", "\u200b", "\x1b[2J",
        "\x00", "\x07", "]]>", "<![CDATA[", "-->", "<!--", "\ufeff", "\r\n", "\t", " ",
        "<img src=/etc/passwd onerror=alert(1)>", "javascript:alert(1)", "W" * 300,
    ]
)  # fmt: skip
NASTY_URL = st.sampled_from(
    [
        "https://vnexpress.net/a.html", "http://x.example/b?c=1&d=2", "/relative/path",
        "javascript:alert(1)", "&#106;avascript:alert(1)", "jav\tascript:x", "data:text/html,x",
        "file:///etc/passwd", "/dev/zero", "//evil.example/x", "vbscript:x", "", " ", "http://",
        "http://[::1]/", "http://2130706433/", "mailto:a@b.vn", "feed://x.example/rss",
    ]
)  # fmt: skip
NASTY_HTML = st.lists(
    st.one_of(
        NASTY_TEXT,
        st.sampled_from(
            [
                "<p>", "</p>", "<table><tr><td>", "</td></tr></table>", "<div>", "<svg onload=x>",
                '<a href="javascript:alert(1)">', "</a>", '<img src="file:///dev/zero">',
                '<iframe src="https://evil.example/">', "<style>x{}</style>", "<math><mtext>",
                '<img srcset="/etc/passwd 1x">', '<a href="https://ok.example/">', "<br>",
                '<img data-src="https://ok.example/i.jpg">', "<base href=javascript:x>",
            ]
        ),
    ),
    max_size=30,
).map("".join)  # fmt: skip


def _text(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.one_of(NASTY_TEXT, st.text(max_size=8)), max_size=6)))


@st.composite
def feed_document(draw: st.DrawFn) -> bytes:
    """An RSS 2.0 or Atom document with hostile titles, links, bodies, ids and encodings."""
    atom = draw(st.booleans())
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        title = _text(draw)
        link = draw(NASTY_URL)
        guid = draw(st.one_of(st.none(), st.sampled_from(["same", "", " ", "x" * 500]), NASTY_URL))
        body = draw(NASTY_HTML)
        wrapped = f"<![CDATA[{body.replace(']]>', '')}]]>" if draw(st.booleans()) else escape(body)
        date = draw(st.sampled_from(["", "Mon, 01 Jan 2024 00:00:00 +0700", "GMT+7", "x" * 40]))
        if atom:
            entries.append(
                f"<entry><title type={quoteattr(draw(st.sampled_from(['text', 'html'])))}>"
                f"{escape(title)}</title><link href={quoteattr(link)}/>"
                f"<id>{escape(guid or '')}</id><updated>{escape(date)}</updated>"
                f'<content type="html">{wrapped}</content></entry>'
            )
        else:
            entries.append(
                f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
                + (f"<guid>{escape(guid)}</guid>" if guid is not None else "")
                + f"<pubDate>{escape(date)}</pubDate><description>{wrapped}</description>"
                + f'<enclosure url={quoteattr(draw(NASTY_URL))} type="image/jpeg"/></item>'
            )
    feed_title = escape(_text(draw))
    if atom:
        doc = (
            f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{feed_title}</title>'
            f"{''.join(entries)}</feed>"
        )
    else:
        doc = (
            f'<rss version="2.0"><channel><title>{feed_title}</title>'
            f"<link>{escape(draw(NASTY_URL))}</link>{''.join(entries)}</channel></rss>"
        )
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "windows-1258", "iso-8859-1", "bogus"]))
    prolog = f'<?xml version="1.0" encoding="{encoding}"?>' if draw(st.booleans()) else ""
    codec = encoding if encoding in ("utf-8", "utf-16") else "utf-8"
    data = (prolog + doc).encode(codec, "surrogatepass")
    if draw(st.booleans()) and data:  # damage: cut it short or flip a byte
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] if draw(st.booleans()) else data[:at] + b"\xff" + data[at + 1 :]
    return data


# --- checking results ---------------------------------------------------------------------------


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs]
        assert tag not in ("script", "style", "svg", "iframe", "object", "embed", "base")


def assert_inert(html: str) -> None:
    parser = _Attrs()
    parser.feed(html)
    parser.close()
    for tag, name, value in parser.found:
        assert not name.startswith("on"), (tag, name)
        if name == "href":
            assert value.startswith(("http://", "https://", "mailto:")), value
        elif name == "src":
            image = decode_image_ref(value)
            assert image is not None and image.startswith(("http://", "https://")), value
        else:
            assert name in ("alt", "title", "colspan", "rowspan"), (tag, name)


def assert_clean_feed(feed: ParsedFeed) -> None:
    assert not _UNWANTED.search(feed.title or ""), feed.title
    for entry in feed.entries:
        assert not _UNWANTED.search(entry.title), entry.title
        for url in (entry.link, entry.thumbnail, feed.site_url):
            assert url is None or url.startswith(("http://", "https://")), url
        assert_inert(sanitize_html(entry.content_html, base_url=entry.link))
        assert not _UNWANTED.search(plain_text_label(entry.title))


# --- the properties -----------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=3000))
def test_parse_feed_on_any_bytes(data: bytes) -> None:
    try:
        feed = parse_feed(data, url=URL)
    except FeedError:
        return
    assert_clean_feed(feed)


@FUZZ
@given(feed_document(), st.sampled_from([None, "application/rss+xml", "text/html", "text/xml"]))
def test_parse_feed_on_hostile_documents(data: bytes, content_type: str | None) -> None:
    try:
        feed = parse_feed(data, url=URL, content_type=content_type)
    except FeedError:
        return
    assert_clean_feed(feed)


@FUZZ
@given(st.one_of(NASTY_HTML, st.text(max_size=400)), NASTY_URL)
def test_sanitize_html_never_raises_and_is_inert(html: str, base: str) -> None:
    out = sanitize_html(html, base_url=base)
    assert isinstance(out, str)
    assert_inert(out)


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, summary, body, source,"
        " tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3')"
    )
    conn.execute("INSERT INTO t VALUES ('ha noi dot pha', 'a', 'b', 'c')")
    yield conn
    conn.close()


@FUZZ
@given(
    st.one_of(
        st.text(max_size=80),
        st.lists(
            st.sampled_from(
                ['"', "*", "-", ":", "(", ")", "NEAR", "AND", "OR", "NOT", "^", "đột", "phá",
                 "title:", "{", "}", "+", "\x00", " ", "'", "ộ", "A" * 50]
            ),
            max_size=20,
        ).map("".join),
    )
)  # fmt: skip
def test_parse_query_gives_valid_fts_or_a_clear_error(fts: sqlite3.Connection, text: str) -> None:
    try:
        parsed = parse_query(text)
    except SearchQueryError as exc:
        assert str(exc)
        return
    fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (parsed.match,)).fetchall()


@st.composite
def opml_document(draw: st.DrawFn) -> bytes:
    outlines = []
    for _ in range(draw(st.integers(0, 6))):
        attrs = {
            draw(st.sampled_from(["xmlUrl", "xmlurl", "url", "htmlUrl"])): draw(NASTY_URL),
            "text": _text(draw),
            "type": draw(st.sampled_from(["rss", "atom", "include", "link", ""])),
        }
        inner = "<outline text='inner' xmlUrl='https://n.example/rss'/>" * draw(st.integers(0, 2))
        attr_text = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items())
        outlines.append(f"<outline {attr_text}>{inner}</outline>")
    head = draw(st.sampled_from(["", "<!DOCTYPE opml [<!ENTITY a 'b'>]>", "\ufeff", "  "]))
    doc = f"{head}<opml version='2.0'><body>{''.join(outlines)}</body></opml>"
    return doc.encode("utf-8", "surrogatepass")


@FUZZ
@given(st.one_of(st.binary(max_size=2000), opml_document()))
def test_parse_opml_gives_http_feeds_or_a_clear_error(data: bytes) -> None:
    try:
        doc = parse_opml(data)
    except InvalidInputError as exc:
        assert str(exc).startswith("not an OPML file")
        return
    for feed in doc.feeds:
        assert feed.url.startswith(("http://", "https://")), feed.url
        assert feed.site_url is None or feed.site_url.startswith(("http://", "https://"))
        assert not _UNWANTED.search(feed.title or "")
    for skip in doc.skipped:
        assert skip.reason


@FUZZ
@given(st.text(max_size=60))
def test_address_guard_only_refuses_or_allows(host: str) -> None:
    canonical_host(host)
    parse_host(host)
    try:
        AddressGuard()(f"http://{host}/feed")
    except BlockedAddressError as exc:
        assert str(exc).startswith("refused to connect to ")
