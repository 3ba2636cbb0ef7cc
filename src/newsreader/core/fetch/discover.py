"""Feed autodiscovery: from an address a user typed (a feed or a web page) to feed URLs.

Three steps, cheapest first:

1. the address is fetched; if it *is* a feed, that is the answer;
2. if it is a web page, the feeds it declares (``<link rel="alternate" type="application/rss+xml"
   …>`` and friends) are the answer, as declared (they are not fetched here);
3. if the page declares none, likely addresses are *probed* (fetched and kept only when
   ``is_feed`` accepts them): first the page's ``<a href>`` links that look like feeds, then
   :data:`COMMON_PATHS` on the page's origin. A probe that lands on another web page (an "RSS"
   directory page such as ``vnexpress.net/rss``, which lists every section feed) contributes the
   feeds *that* page declares or links with a feed extension. The number of probes is capped.

The module does no I/O of its own: the caller passes ``fetch`` (``HttpClient.get`` in the app) and
``is_feed`` (a wrapper around ``parse_feed``). It also holds the URL and label helpers shared with
:mod:`newsreader.core.feeds.opml`.
"""

from __future__ import annotations

import codecs
import html
import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from newsreader.core.errors import InvalidInputError, NewsreaderError
from newsreader.core.models import FetchResult
from newsreader.core.pages.decode import decode_page
from newsreader.core.pages.urls import normalize_url, normalize_user_url

__all__ = [
    "COMMON_PATHS",
    "MAX_LINK_PROBES",
    "MAX_PROBES",
    "FeedCandidate",
    "clean_label",
    "discover",
    "feed_kind",
    "feed_links_in_page",
    "looks_like_html",
    "normalize_url",
    "normalize_user_url",
]

log = logging.getLogger("newsreader.discover")

COMMON_PATHS = (
    "/rss",
    "/feed",
    "/rss.xml",
    "/atom.xml",
    "/rss/home.rss",
    "/feed.xml",
    "/index.xml",
)
MAX_PROBES = 12  # fetches made by one discover() call beyond the first one
MAX_LINK_PROBES = 5  # of which at most this many for <a href> links of the page
MAX_PAGE_BYTES = 4 * 1024 * 1024  # only this much of a page is scanned for links
_MAX_LABEL_CHARS = 300


@dataclass(frozen=True, slots=True)
class FeedCandidate:
    """A feed found for an address: its URL, a title if one is known, and its kind."""

    url: str
    title: str | None
    kind: str  # "rss" | "atom" | "json" | "unknown"


# --- text and URL helpers (shared with opml) ---------------------------------------------------

_WHITESPACE = re.compile(r"\s+")
# C0/C1 controls (whitespace ones became spaces first), bidi embeddings/overrides and isolates,
# stray BOMs and lone surrogates.
_UNWANTED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]+")


def clean_label(text: str | None, *, max_chars: int = _MAX_LABEL_CHARS) -> str | None:
    """A title or name as one clean line (NFC, no control characters, whitespace collapsed).

    Returns None when nothing is left.
    """
    if not text:
        return None
    text = _WHITESPACE.sub(" ", text)
    text = _UNWANTED.sub("", text)
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return text[:max_chars].rstrip() or None


def _url_or_none(text: str | None, base_url: str | None = None) -> str | None:
    if not text:
        return None
    try:
        return normalize_url(text, base_url=base_url)
    except InvalidInputError:
        return None


# --- sniffing ---------------------------------------------------------------------------------

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_FIRST_TAG = re.compile(rb"<([A-Za-z][A-Za-z0-9:._-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf", "channel"})
_HTML_TAGS = frozenset(
    {"html", "head", "body", "meta", "title", "link", "script", "style", "div", "p", "a", "br"}
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def _head(data: bytes, size: int = 4096) -> bytes:
    head = data[:size]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if b"\x00" in head[:64]:  # UTF-16/32: keep the ASCII markup
        head = head.replace(b"\x00", b"")
    return head.lstrip()


def _root_name(head: bytes) -> str | None:
    """Lower-case name of the first element in *head* (after declarations and comments)."""
    match = _FIRST_TAG.search(_COMMENT.sub(b"", head))
    return match.group(1).decode("ascii").lower() if match else None


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def looks_like_html(data: bytes, content_type: str | None) -> bool:
    """True when *data* is a web page rather than a feed (or JSON, or an image, …).

    The markup wins over the Content-Type header: a feed served as ``text/html`` is not a page and
    a page served as ``text/plain`` or ``application/octet-stream`` still is.
    """
    head = _head(data)
    if head[:1] in (b"{", b"["):
        return False
    root = _root_name(head)
    if root in _FEED_ROOTS or root == "opml":
        return False
    if root == "html" or head[:14].lower() == b"<!doctype html":
        return True
    if _media_type(content_type) in _HTML_TYPES:
        return True
    return root in _HTML_TAGS


def feed_kind(data: bytes, content_type: str | None = None) -> str:
    """The kind of a feed document ("rss", "atom", "json" or "unknown"), from markup and type."""
    head = _head(data)
    if head.startswith(b"{"):
        return "json"
    root = _root_name(head)
    if root in ("rss", "rdf:rdf", "rdf", "channel"):
        return "rss"
    if root == "feed":
        return "atom"
    ctype = _media_type(content_type)
    return _TYPE_KINDS.get(ctype, "unknown")


_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_CDATA = re.compile(r"^\s*<!\[CDATA\[(.*?)\]\]>\s*$", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _feed_title(data: bytes, kind: str) -> str | None:
    """The title a feed gives itself, found cheaply (the caller parses it properly later)."""
    if kind == "json":
        try:
            doc = json.loads(data[:MAX_PAGE_BYTES])
        except (ValueError, RecursionError):
            return None
        return clean_label(doc.get("title")) if isinstance(doc, dict) else None
    if kind not in ("rss", "atom"):
        return None
    head = data[:65536]
    declared = _XML_ENCODING.search(head[:200])
    try:
        encoding = codecs.lookup(declared.group(1).decode("ascii")).name if declared else "utf-8"
    except LookupError:
        encoding = "utf-8"
    text = head.decode(encoding, "replace")
    start = re.search(r"<channel[\s>]" if kind == "rss" else r"<feed[\s>]", text)
    if not start:
        return None
    match = re.search(r"<title(?:\s[^>]*)?>(.*?)</title>", text[start.end() :], re.DOTALL)
    if not match:
        return None
    raw = match.group(1)
    cdata = _CDATA.match(raw)
    raw = cdata.group(1) if cdata else html.unescape(raw)
    return clean_label(html.unescape(_TAG.sub("", raw)))


# --- links in a page ---------------------------------------------------------------------------

_TYPE_KINDS = {
    "application/rss+xml": "rss",
    "application/rdf+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
}
_FEED_HOSTS = frozenset({"feedpress.me", "feeds.feedburner.com", "feedburner.google.com"})
_FEED_SEGMENTS = frozenset({"rss", "feed", "feeds", "atom"})
_FEED_QUERY_VALUES = frozenset({"rss", "rss2", "atom", "xml", "json"})


class _LinkParser(HTMLParser):
    """Collects <base href>, feed <link>s and <a href>s (with their text) in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, str | None, str]] = []  # (href, title, kind)
        self.anchors: list[tuple[str, str | None]] = []  # (href, title)
        self._anchor: tuple[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr: dict[str, str] = {}
        for k, v in reversed(attrs):  # names come lower-cased; the first of duplicates wins
            attr[k] = v or ""
        if tag == "base":
            if self.base is None and attr.get("href", "").strip():
                self.base = attr["href"]
        elif tag == "link":
            self._link(attr)
        elif tag == "a":
            self._close_anchor()
            href = attr.get("href", "").strip()
            if href:
                self._anchor = (href, attr.get("title"))
                self._text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self._close_anchor()

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._close_anchor()

    def handle_data(self, data: str) -> None:
        if self._anchor is not None and sum(map(len, self._text)) < 1000:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._close_anchor()

    def _close_anchor(self) -> None:
        if self._anchor is not None:
            href, title = self._anchor
            self.anchors.append((href, clean_label(title) or clean_label("".join(self._text))))
            self._anchor = None
            self._text = []

    def _link(self, attr: dict[str, str]) -> None:
        href = attr.get("href", "").strip()
        if not href:
            return
        rels = set(attr.get("rel", "").lower().split())
        ctype = _media_type(attr.get("type"))
        kind = _TYPE_KINDS.get(ctype)
        if "alternate" in rels and kind is not None:
            if ctype == "application/json" and _is_json_api(href):
                return  # WordPress REST and oEmbed links are JSON, not feeds
            self.links.append((href, attr.get("title"), kind))
        elif "feed" in rels and ctype not in _HTML_TYPES:
            self.links.append((href, attr.get("title"), kind or "unknown"))


def _is_json_api(href: str) -> bool:
    lowered = href.lower()
    return "/wp-json/" in lowered or "oembed" in lowered


def _anchor_kind(url: str) -> str | None:
    """The feed kind an <a href> URL plainly points at ("unknown" if unsure), or None."""
    parts = urlsplit(url)
    path = parts.path.lower()
    if "sitemap" in path:
        return None
    name = path.rsplit("/", 1)[-1]
    if name.endswith((".rss", ".rdf")):
        return "rss"
    if name.endswith(".atom"):
        return "atom"
    if name.endswith(".xml"):
        return "rss" if "rss" in name else "atom" if "atom" in name else "unknown"
    segments = [s for s in path.split("/") if s]
    if any(s in _FEED_SEGMENTS or s.split(".", 1)[0] in _FEED_SEGMENTS for s in segments):
        return "unknown"  # "/rss" and "/feed" are as often directory pages as feeds
    host = (parts.hostname or "").lower()
    if host in _FEED_HOSTS or host.startswith(("feeds.", "feed.")):
        return "unknown"
    for key, value in parse_qsl(parts.query):
        if key.lower() in ("format", "type", "feed") and value.lower() in _FEED_QUERY_VALUES:
            return "unknown"
    return None


def _scan(html_doc: bytes | str, base_url: str) -> tuple[list[FeedCandidate], list[FeedCandidate]]:
    """The page's declared feeds and its feed-looking <a href> links, each de-duplicated."""
    text = (
        html_doc[:MAX_PAGE_BYTES]
        if isinstance(html_doc, str)
        else decode_page(html_doc[:MAX_PAGE_BYTES])
    )
    parser = _LinkParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # HTMLParser is lenient, but never let a page break discovery
        log.debug("HTML parser gave up on %s", base_url, exc_info=True)
    base = base_url
    if parser.base:
        base = _url_or_none(parser.base, base_url) or base_url
    seen: set[str] = set()
    declared: list[FeedCandidate] = []
    for href, title, kind in parser.links:
        url = _url_or_none(href, base)
        if url and url not in seen:
            seen.add(url)
            declared.append(FeedCandidate(url, clean_label(title), kind))
    linked: list[FeedCandidate] = []
    for href, title in parser.anchors:
        url = _url_or_none(href, base)
        if not url or url in seen:
            continue
        anchor_kind = _anchor_kind(url)
        if anchor_kind is not None:
            seen.add(url)
            linked.append(FeedCandidate(url, title, anchor_kind))
    return declared, linked


def feed_links_in_page(
    html: bytes | str, base_url: str, *, anchors: bool = True
) -> list[FeedCandidate]:
    """The feeds a web page points at, best first, as candidates (nothing is fetched).

    First the feeds it declares with ``<link rel="alternate">`` (types RSS, Atom, RDF, JSON Feed;
    ``rel`` may hold several tokens; attribute names and values are case-insensitive), in
    document order; then, unless *anchors* is False, ``<a href>`` links that plainly point at a
    feed (``.rss``/``.xml``/``.atom`` names, ``/rss/`` or ``/feed`` path segments, feed hosts such
    as feedpress.me) — a weaker group: those may turn out to be pages. URLs are resolved against
    the page's ``<base href>`` or *base_url*; only http(s) URLs are kept, each once.
    """
    declared, linked = _scan(html, base_url)
    return declared + linked if anchors else declared


# --- discovery ---------------------------------------------------------------------------------


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def _candidate(result: FetchResult, title: str | None = None) -> FeedCandidate:
    kind = feed_kind(result.content, result.content_type)
    url = _url_or_none(result.url) or result.url
    return FeedCandidate(url, title or _feed_title(result.content, kind), kind)


class _Prober:
    """Fetches candidate addresses within a budget; remembers what it has seen."""

    def __init__(
        self,
        fetch: Callable[[str], FetchResult],
        is_feed: Callable[[FetchResult], bool],
        budget: int,
        seen: Iterable[str],
    ) -> None:
        self.fetch = fetch
        self.is_feed = is_feed
        self.budget = budget
        self.seen = set(seen)

    def probe(self, url: str, title: str | None = None) -> list[FeedCandidate]:
        if self.budget <= 0 or url in self.seen:
            return []
        self.seen.add(url)
        self.budget -= 1
        try:
            result = self.fetch(url)
        except NewsreaderError as exc:
            log.debug("probe %s failed: %s", url, exc)
            return []
        final = _url_or_none(result.url) or url
        if final != url and final in self.seen:
            return []  # redirected back to something already looked at (often the home page)
        self.seen.add(final)
        if _accepts(self.is_feed, result):
            return [_candidate(result, title)]
        if not looks_like_html(result.content, result.content_type):
            return []
        # A page at a feed-looking address: an "RSS" directory. Take what it declares and the
        # links it has to feed documents (by extension), without fetching each of them.
        declared, linked = _scan(result.content, final)
        found = declared + [c for c in linked if c.kind != "unknown"]
        return [c for c in found if c.url not in self.seen]


def _accepts(is_feed: Callable[[FetchResult], bool], result: FetchResult) -> bool:
    if not result.content:
        return False
    try:
        return bool(is_feed(result))
    except NewsreaderError:
        return False


def discover(
    url: str,
    fetch: Callable[[str], FetchResult],
    is_feed: Callable[[FetchResult], bool],
    *,
    max_probes: int = MAX_PROBES,
) -> list[FeedCandidate]:
    """Feeds for the address *url*: itself if it is a feed, else what its page offers.

    *fetch* gets a URL and returns a :class:`FetchResult` or raises a ``NetworkError``; an error on
    the first fetch propagates, errors (any ``NewsreaderError``) on later probes are ignored.
    *is_feed* says whether a fetched document is a feed. See the module docstring for the order
    in which addresses are tried; at most *max_probes* fetches follow the first one. Returns an
    empty list when nothing was found (the address is neither a feed nor a page, or the page
    names no feed and none of the probes was one).
    """
    start = normalize_user_url(url)
    first = fetch(start)
    if _accepts(is_feed, first):
        return [_candidate(first)]
    if not looks_like_html(first.content, first.content_type):
        return []
    page_url = _url_or_none(first.url) or start
    declared, linked = _scan(first.content, page_url)
    if declared:
        return declared
    prober = _Prober(fetch, is_feed, max_probes, (start, page_url))
    found: list[FeedCandidate] = []
    for candidate in linked[:MAX_LINK_PROBES]:
        found.extend(prober.probe(candidate.url, candidate.title))
    if found:
        return _unique(found)
    origin = _origin(page_url)
    for path in COMMON_PATHS:
        found = prober.probe(origin + path)
        if found:
            return _unique(found)
    return []


def _unique(candidates: Iterable[FeedCandidate]) -> list[FeedCandidate]:
    seen: set[str] = set()
    out: list[FeedCandidate] = []
    for c in candidates:
        if c.url not in seen:
            seen.add(c.url)
            out.append(c)
    return out
