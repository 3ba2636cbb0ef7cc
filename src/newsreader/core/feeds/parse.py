"""Feed bytes -> :class:`ParsedFeed`: feedparser plus the normalisation the app relies on.

What this module guarantees, whatever the input:

* it raises nothing but :class:`FeedError` (broken beyond use) or its subclass
  :class:`NotAFeedError` (a web page, an OPML list, JSON that is not a JSON Feed, ...);
* every text is NFC with control and bidi-override characters removed; titles, authors and
  categories are plain one-line text (entities decoded, tags stripped);
* every date is timezone-aware UTC (or None); every URL it returns is absolute http(s) (or None);
* ``summary`` is the plain-text lead (without the thumbnail markup and the outlet's dateline),
  ``content_html`` the fullest HTML the entry carries, unsanitized (``sanitize`` cleans it for
  display).

feedparser only ever gets bytes wrapped in :class:`io.BytesIO` (a bare ``bytes`` value that happens
to name a file would be *opened* by ``feedparser.parse``), with the feed URL as Content-Location so
relative links resolve. Feeds of any format (JSON Feed too) enter through
:mod:`newsreader.core.feeds.document`. No I/O, no global state:
``feedparser.registerDateHandler`` is deliberately not used; raw date strings feedparser cannot read
(or misreads, such as ``GMT+7`` / ``UTC+7``) are parsed here by :func:`parse_date`.
"""

from __future__ import annotations

import html
import io
import logging
import re
import zlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypeGuard

import feedparser

from newsreader.core.errors import FeedError, NotAFeedError
from newsreader.core.feeds.enclosures import enclosures
from newsreader.core.fetch.schedule import feed_hint
from newsreader.core.models import Enclosure, ParsedEntry, ParsedFeed
from newsreader.core.pages.dates import (
    from_struct_time,
    has_named_offset,
    parse_date,
    strip_dateline,
)
from newsreader.core.pages.htmltext import (
    SUMMARY_MAX_CHARS,
    absolute_http_url,
    clean_text,
    first_image,
    html_to_text,
    text_and_image,
    truncate_text,
)

__all__ = [
    "build_feed",
    "clean_categories",
    "clean_title",
    "decompress",
    "index_body_text",
    "lead_text",
    "parse_xml_feed",
]

log = logging.getLogger("newsreader.parse")

_MAX_DECOMPRESSED = 64 * 1024 * 1024  # a gzip body larger than this once inflated is refused
_MAX_TITLE_CHARS = 1000
_MAX_AUTHOR_CHARS = 200

# --- text ---------------------------------------------------------------------------------------

_MARKUP = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*[\s/>]|/[A-Za-z]|!--)")
# Only entities with a terminating ";" are decoded in plain text: "AT&T" or "&not here" must stay.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decode_entities(text: str) -> str:
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text) if "&" in text else text


def clean_title(text: str, *, html_type: bool) -> str:
    """A title (or author/category) as plain one-line text.

    *html_type* says the feed declared the value as HTML; even a "plain" value is stripped of tags
    when it plainly carries markup (many RSS feeds put ``<b>`` or entities in CDATA titles).
    """
    if not text:
        return ""
    if html_type or _MARKUP.search(text):
        text = html_to_text(text)
        # Double-escaped titles ("Ng&amp;ocirc;i sao") are common in CMS output: decode once more.
        text = _decode_entities(text)
    else:
        text = _decode_entities(text)
    return clean_text(text)[:_MAX_TITLE_CHARS]


def clean_categories(terms: Iterable[str]) -> tuple[str, ...]:
    """Clean category/tag terms; empty ones dropped, de-duplicated case-insensitively, in order."""
    seen: set[str] = set()
    result: list[str] = []
    for term in terms:
        cleaned = clean_title(term, html_type=False)[:_MAX_AUTHOR_CHARS]
        key = cleaned.casefold()
        if cleaned and key not in seen:
            seen.add(key)
            result.append(cleaned)
    return tuple(result)


def lead_text(html_fragment: str, max_chars: int = SUMMARY_MAX_CHARS) -> str:
    """The lead of an entry: the plain text of its description HTML, on one line.

    The thumbnail markup contributes no text, entities are decoded, whitespace is collapsed, a
    leading dateline is removed and the result is capped at *max_chars* on a word boundary with "…".
    """
    if not html_fragment:
        return ""
    return _lead_of(html_to_text(html_fragment, max_chars=max_chars * 4), max_chars)


def _lead_of(text: str, max_chars: int = SUMMARY_MAX_CHARS) -> str:
    """The lead made of ``html_to_text(fragment, max_chars=max_chars * 4)``."""
    return truncate_text(strip_dateline(clean_text(text)), max_chars)


# --- dates --------------------------------------------------------------------------------------


def _entry_date(entry: Mapping[str, Any], key: str) -> datetime | None:
    raw = _get(entry, key)
    raw = raw if isinstance(raw, str) else None
    if raw and has_named_offset(raw):
        return parse_date(raw)  # feedparser misreads or drops these offsets
    parsed = from_struct_time(_get(entry, key + "_parsed"))
    if parsed is not None:
        return parsed
    return parse_date(raw) if raw else None


# --- feedparser result helpers ------------------------------------------------------------------


def _get(mapping: Mapping[str, Any], key: str) -> Any:
    """``mapping[key]`` or None, bypassing FeedParserDict's key aliases.

    feedparser 6 answers ``entry.get("updated")`` with the *published* date (with a deprecation
    warning) when there is no updated date; plain ``dict.get`` sees only what the feed said.
    """
    if isinstance(mapping, dict):
        return dict.get(mapping, key)
    return mapping.get(key)


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if _is_mapping(value):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if _is_mapping(v)]
    return []


def _is_mapping(value: Any) -> TypeGuard[Mapping[str, Any]]:
    """``isinstance(value, Mapping)``, answered first for dicts (the ABC check costs more)."""
    return type(value) is dict or isinstance(value, Mapping)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _is_html_type(detail: Any) -> bool:
    kind = _str(_get(detail, "type")) if _is_mapping(detail) else ""
    return "html" in kind.lower()


def _text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs if p)


_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])", re.IGNORECASE)


def _is_image(kind: str, medium: str, url: str) -> bool:
    kind, medium = kind.lower(), medium.lower()
    if medium:
        return medium == "image"
    if kind:
        return kind.startswith("image/")
    return bool(_IMAGE_EXT.search(url))


def _thumbnail(
    entry: Mapping[str, Any],
    base: str,
    summary_html: str,
    content_html: str | None,
    summary_image: str | None,
) -> str | None:
    """The entry's picture; *summary_image* is ``first_image(summary_html, base)``."""
    for thumb in _dicts(_get(entry, "media_thumbnail")):
        url = absolute_http_url(_str(_get(thumb, "url")), base)
        if url:
            return url
    for media in _dicts(_get(entry, "media_content")):
        raw = _str(_get(media, "url"))
        if _is_image(_str(_get(media, "type")), _str(_get(media, "medium")), raw):
            url = absolute_http_url(raw, base)
            if url:
                return url
    for link in _dicts(_get(entry, "links")):
        raw = _str(_get(link, "href"))
        if _get(link, "rel") == "enclosure" and _is_image(_str(_get(link, "type")), "", raw):
            url = absolute_http_url(raw, base)
            if url:
                return url
    if summary_image:
        return summary_image
    if content_html and content_html != summary_html:  # the same HTML has the same image
        url = first_image(content_html, base)
        if url:
            return url
    image = _get(entry, "image")  # itunes:image on an episode
    if isinstance(image, Mapping):
        return absolute_http_url(_str(_get(image, "href")), base)
    return None


def _best_link(entry: Mapping[str, Any], base: str) -> str | None:
    alternates = [
        link
        for link in _dicts(_get(entry, "links"))
        if _str(_get(link, "rel") or "alternate") == "alternate" and _get(link, "href")
    ]
    ranked = [link for link in alternates if "html" in _str(_get(link, "type"))]
    ranked += [link for link in alternates if link not in ranked]
    candidates = [_str(_get(link, "href")) for link in ranked]
    candidates.append(_str(_get(entry, "link")))
    for candidate in candidates:
        url = absolute_http_url(candidate, base)
        if url:
            return url
    return None


_EMAIL_THEN_NAME = re.compile(r"^\s*[^\s()<>@]+@[^\s()<>]+\s*\((.+)\)\s*$")  # a@b.vn (Tên)
_TRAILING_EMAIL = re.compile(r"\s*\((?:mailto:)?[^\s()<>@]+@[^\s()<>]+\)\s*$")  # Tên (a@b.vn)
_NAME_THEN_EMAIL = re.compile(r"^\s*(.+?)\s*<[^\s<>@]+@[^\s<>]+>\s*$")  # Tên <a@b.vn>


def _person_name(raw: str) -> str:
    """The name in an RSS ``<author>`` value: "a@b.vn (Tên)" and "Tên <a@b.vn>" give "Tên"."""
    match = _EMAIL_THEN_NAME.match(raw) or _NAME_THEN_EMAIL.match(raw)
    return _TRAILING_EMAIL.sub("", match.group(1) if match else raw)


def _author(entry: Mapping[str, Any]) -> str | None:
    raw_author = _str(_get(entry, "author"))
    names: list[str] = []
    for person in _dicts(_get(entry, "authors")):
        name = _str(_get(person, "name"))
        if raw_author and (name.count("(") != name.count(")") or "@" in name):
            # feedparser mis-splits "email (Name)" when the name has non-ASCII letters
            # ("jonas@x.io (Jonas Große)" -> name "x.io (Jonas Große"): split it here instead.
            name = _person_name(raw_author)
        name = clean_title(_person_name(name), html_type=False)
        if name and name not in names:
            names.append(name)
    if not names and raw_author:
        name = clean_title(_person_name(raw_author), html_type=False)
        if name:
            names.append(name)
    return ", ".join(names)[:_MAX_AUTHOR_CHARS] or None


BODY_TEXT_MAX_CHARS = 20_000  # of an article's text goes into the search index


def index_body_text(content_html: str | None, lead: str, from_summary: bool) -> str:
    """The text to index as the body: nothing when the body is just the (whole) lead."""
    if not _has_body(content_html, lead, from_summary):
        return ""
    return html_to_text(content_html or "", max_chars=BODY_TEXT_MAX_CHARS)


def _has_body(content_html: str | None, lead: str, from_summary: bool) -> bool:
    """Whether ``index_body_text`` indexes the text of *content_html*."""
    if not content_html:
        return False
    # when the lead is the whole description, it is indexed already
    return not (from_summary and len(lead) < SUMMARY_MAX_CHARS - 20)


def _content_html(entry: Mapping[str, Any], summary: str, summary_is_html: bool) -> str | None:
    best: str | None = None
    for content in _dicts(_get(entry, "content")):
        value = _str(_get(content, "value"))
        if not value.strip():
            continue
        if not _is_html_type(content):
            value = _text_to_html(value)
        if best is None or len(value) > len(best):
            best = value
    if best is not None:
        return best
    if summary.strip():
        return summary if summary_is_html else _text_to_html(summary)
    return None


def _enclosures(entry: Mapping[str, Any], base: str) -> tuple[Enclosure, ...]:
    """RSS <enclosure> and Atom rel="enclosure" (feedparser keeps both as links), then
    <media:content>."""
    raw = [
        (_str(_get(link, "href")), _str(_get(link, "type")), _get(link, "length"))
        for link in _dicts(_get(entry, "links"))
        if _get(link, "rel") == "enclosure"
    ]
    raw += [
        (_str(_get(m, "url")), _str(_get(m, "type")), _get(m, "filesize"))
        for m in _dicts(_get(entry, "media_content"))
    ]
    return enclosures(raw, base)


def _entry(entry: Mapping[str, Any], *, base: str, feed_author: str | None) -> ParsedEntry:
    guid = _str(_get(entry, "id")).strip() or None
    title = clean_title(
        _str(_get(entry, "title")), html_type=_is_html_type(_get(entry, "title_detail"))
    )
    summary_detail = _get(entry, "summary_detail")
    summary_raw = _str(_get(entry, "summary"))
    # feedparser copies an Atom <content> into "summary" without a summary_detail: that is HTML.
    summary_is_html = not _is_mapping(summary_detail) or _is_html_type(summary_detail)
    content_html = _content_html(entry, summary_raw, summary_is_html)
    if summary_raw.strip():
        summary_html = summary_raw if summary_is_html else html.escape(summary_raw)
    else:
        summary_html = content_html or ""
    detail_base = _get(summary_detail, "base") if _is_mapping(summary_detail) else None
    img_base = detail_base if isinstance(detail_base, str) and detail_base else base
    published = (
        _entry_date(entry, "published")
        or _entry_date(entry, "created")
        or _entry_date(entry, "updated")  # Atom entries often carry only <updated>; RSS 1.0 dc:date
    )
    updated = _entry_date(entry, "updated")
    from_summary = not any(_str(_get(c, "value")).strip() for c in _dicts(_get(entry, "content")))
    # The lead, the first image and (when it is the same HTML) the body text in one pass:
    # what lead_text(summary_html), first_image(summary_html, img_base) and
    # index_body_text(content_html, lead, from_summary) give, one parse instead of three.
    same = content_html == summary_html
    texts, summary_image = text_and_image(
        summary_html,
        (SUMMARY_MAX_CHARS * 4, BODY_TEXT_MAX_CHARS) if same else (SUMMARY_MAX_CHARS * 4,),
        img_base,
    )
    lead = _lead_of(texts[0])
    if not _has_body(content_html, lead, from_summary):
        body_text = ""
    elif same:
        body_text = texts[1]
    else:
        body_text = html_to_text(content_html or "", max_chars=BODY_TEXT_MAX_CHARS)
    return ParsedEntry(
        guid=guid,
        link=_best_link(entry, base),
        title=title,
        author=_author(entry) or feed_author,
        published=published,
        updated=updated,
        summary=lead,
        content_html=content_html,
        body_text=body_text,
        thumbnail=_thumbnail(entry, img_base, summary_html, content_html, summary_image),
        categories=clean_categories(
            _str(_get(tag, "term")) or _str(_get(tag, "label"))
            for tag in _dicts(_get(entry, "tags"))
        ),
        enclosures=_enclosures(entry, base),
    )


# --- document-level detection -------------------------------------------------------------------

_HTML_PAGE = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
_OPML = re.compile(rb"<opml[\s>]", re.IGNORECASE)
# bozo exceptions that do not mean the document is damaged; the first is not even worth a warning
# (a server sending a feed as text/html or text/plain is common and harmless).
_NOT_BROKEN = ("NonXMLContentType", "CharacterEncodingOverride", "UndeclaredNamespace")


def _head(data: bytes) -> bytes:
    head = data[:4096]
    if b"\x00" in head[:64]:  # UTF-16/32: enough to find ASCII markup
        head = head.replace(b"\x00", b"")
    return head


def _looks_like_html(data: bytes, content_type: str | None) -> bool:
    ctype = (content_type or "").split(";")[0].strip().lower()
    return ctype in ("text/html", "application/xhtml+xml") or bool(_HTML_PAGE.search(_head(data)))


def _short_error(exc: Any) -> str:
    if exc is None:
        return "the feed is not well-formed"
    message = str(exc).strip() or type(exc).__name__
    match = re.match(r"^<unknown>:(\d+):(\d+):\s*(.*)$", message, re.DOTALL)
    if match:
        message = f"{match.group(3)} (line {match.group(1)}, column {match.group(2)})"
    return clean_text(message)[:200]


def decompress(data: bytes) -> bytes:
    """A gzip body (a server that compresses twice, or a saved ``.xml.gz``) inflated, capped."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, _MAX_DECOMPRESSED)
    except zlib.error as exc:
        raise FeedError("the feed is compressed and the compressed data is damaged") from exc
    if inflater.unconsumed_tail:
        raise FeedError("the feed is too large once decompressed")
    return out  # a truncated stream gives what could be inflated; feedparser copes or complains


_FEED_PATH = re.compile(r"(?:\.(?:rss|rdf|atom)|/(?:rss|feed|atom)(?:\.xml)?/?)(?:$|[?#])", re.I)


def _site_url(feed: Mapping[str, Any], url: str) -> str | None:
    site = _best_link(feed, url)
    if site is None or site.rstrip("/") == url.rstrip("/") or _FEED_PATH.search(site):
        # VnExpress links its channel to the feed itself; its <image><link> is the home page.
        image = _get(feed, "image")
        if isinstance(image, Mapping):
            site = absolute_http_url(_str(_get(image, "link")), url) or site
    return site


def _content_type_for_feedparser(content_type: str | None) -> str:
    """The Content-Type to show feedparser.

    Without one, feedparser flags every document as bozo. A ``text/*`` type without a charset
    makes it follow the obsolete RFC 3023 rule (us-ascii, whatever the XML declaration says) and
    warn "declared as us-ascii, but parsed as utf-8" for most real feeds, which are served as
    ``text/xml``. In both cases ``application/xml`` gives today's rule (RFC 7303): the encoding
    comes from the BOM or the XML declaration. A declared charset is always passed on.
    """
    if not content_type:
        return "application/xml"
    if content_type.lower().lstrip().startswith("text/") and "charset" not in content_type.lower():
        return "application/xml"
    return content_type


def parse_xml_feed(data: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse an XML feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0); feeds of any format,
    JSON Feed too, go through :func:`newsreader.core.feeds.document.parse_feed`.

    *url* is where the document came from (relative links resolve against it); *content_type* is
    the HTTP Content-Type, if known. Raises :class:`NotAFeedError` for a web page or another
    document that is not a feed and :class:`FeedError` for a feed broken beyond use; a feed that
    is not well-formed but still yields entries is returned with ``warning`` set. This is
    feedparser's reading; the lxml fast path (:mod:`newsreader.core.feeds.fastparse`) is tried
    before it by ``document.parse_feed``.
    """
    try:
        return _parse_feed(bytes(data), url=url, content_type=content_type)
    except FeedError:
        raise
    except Exception as exc:  # feedparser raises on some malformed input
        log.warning("unexpected error parsing %s: %r", url, exc)
        raise FeedError(f"the feed could not be read ({type(exc).__name__})") from exc


def _parse_feed(data: bytes, *, url: str, content_type: str | None) -> ParsedFeed:
    data = decompress(data)
    if not data.strip():
        raise FeedError("the document is empty")
    headers = {"content-location": url, "content-type": _content_type_for_feedparser(content_type)}
    result = feedparser.parse(
        io.BytesIO(data),
        response_headers=headers,
        resolve_relative_uris=True,
        sanitize_html=False,  # sanitizing for display is newsreader.core.pages.sanitize's job
    )
    version = _str(_get(result, "version"))
    raw_entries = _dicts(_get(result, "entries"))
    bozo_exc = _get(result, "bozo_exception") if _get(result, "bozo") else None
    bozo_name = type(bozo_exc).__name__ if bozo_exc is not None else ""
    feed = _get(result, "feed")
    feed = feed if isinstance(feed, Mapping) else {}
    title_raw = _str(_get(feed, "title"))

    if not raw_entries:
        if not version:
            if _looks_like_html(data, content_type):
                raise NotAFeedError("this is a web page, not a feed")
            if _OPML.search(_head(data)):
                raise NotAFeedError("this is an OPML subscription list, not a feed")
            if bozo_exc is None or bozo_name in _NOT_BROKEN:  # well-formed XML, just not a feed
                raise NotAFeedError("this document is not a feed")
            raise FeedError(f"the document is not a readable feed: {_short_error(bozo_exc)}")
        broken = bozo_exc is not None and bozo_name not in _NOT_BROKEN
        if broken and not title_raw.strip():
            raise FeedError(f"the feed is broken: {_short_error(bozo_exc)}")

    warning = (
        _short_error(bozo_exc)
        if bozo_exc is not None and bozo_name != "NonXMLContentType"
        else None
    )
    return build_feed(feed, raw_entries, version=version, url=url, warning=warning)


def build_feed(
    feed: Mapping[str, Any],
    raw_entries: Iterable[Mapping[str, Any]],
    *,
    version: str,
    url: str,
    warning: str | None,
) -> ParsedFeed:
    """The :class:`ParsedFeed` of a feed in feedparser's result shape (``feed``, ``entries``).

    The one place that turns that shape into the app's values: feedparser's result and the lxml
    fast path (:mod:`newsreader.core.feeds.fastparse`) both go through it.
    """
    title_raw = _str(_get(feed, "title"))
    feed_author = None
    if version.startswith("atom"):  # Atom: a feed-level author is the author of every entry
        feed_author = _author(feed)
    entries = tuple(_entry(e, base=url, feed_author=feed_author) for e in raw_entries)
    subtitle = _str(_get(feed, "subtitle"))
    description = (
        clean_text(
            html_to_text(subtitle) if _is_html_type(_get(feed, "subtitle_detail")) else subtitle
        )
        if subtitle
        else ""
    )
    image = _get(feed, "image")
    image_url = (
        _str(_get(image, "href") or _get(image, "url")) if isinstance(image, Mapping) else ""
    )
    return ParsedFeed(
        title=clean_title(title_raw, html_type=_is_html_type(_get(feed, "title_detail"))) or None,
        site_url=_site_url(feed, url),
        image=absolute_http_url(
            _str(_get(feed, "icon")) or image_url or _str(_get(feed, "logo")), url
        ),
        entries=entries,
        version=version,
        description=description or None,
        warning=warning,
        refresh_hint=feed_hint(
            _get(feed, "ttl"), _get(feed, "sy_updateperiod"), _get(feed, "sy_updatefrequency")
        ),
    )
