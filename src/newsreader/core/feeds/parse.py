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
relative links resolve. JSON Feed goes to :mod:`newsreader.core.feeds.jsonfeed`. No I/O, no global
state:
``feedparser.registerDateHandler`` is deliberately not used; raw date strings feedparser cannot read
(or misreads, such as ``GMT+7`` / ``UTC+7``) are parsed here by :func:`parse_date`.
"""

from __future__ import annotations

import html
import io
import logging
import re
import time
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from typing import Any

import feedparser

from newsreader.core.errors import FeedError, NotAFeedError
from newsreader.core.models import ParsedEntry, ParsedFeed
from newsreader.core.pages.htmltext import (
    absolute_http_url,
    first_image,
    html_to_text,
    truncate_text,
)

__all__ = [
    "SUMMARY_MAX_CHARS",
    "clean_categories",
    "clean_text",
    "clean_title",
    "decompress",
    "lead_text",
    "parse_date",
    "parse_xml_feed",
    "strip_dateline",
]

log = logging.getLogger("newsreader.parse")

SUMMARY_MAX_CHARS = 600
_MAX_DECOMPRESSED = 64 * 1024 * 1024  # a gzip body larger than this once inflated is refused
_MAX_TITLE_CHARS = 1000
_MAX_AUTHOR_CHARS = 200

# --- text ---------------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")
# C0/C1 controls (whitespace ones are turned into spaces first), bidi embeddings/overrides
# (U+202A-U+202E) and isolates (U+2066-U+2069), a stray BOM, and lone surrogates (which could not
# even be stored as UTF-8).
_UNWANTED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]+")
_DOUBLE_SPACE = re.compile(" {2,}")
_MARKUP = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*[\s/>]|/[A-Za-z]|!--)")
# Only entities with a terminating ";" are decoded in plain text: "AT&T" or "&not here" must stay.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def clean_text(text: str) -> str:
    """One line of clean text: NFC, whitespace collapsed, controls and bidi overrides removed.

    Every run of whitespace (newlines and tabs included) becomes one space and the ends are
    stripped, so the result is always a single line.
    """
    if not text:
        return ""
    text = _WHITESPACE.sub(" ", text)
    text = _UNWANTED.sub("", text)
    text = _DOUBLE_SPACE.sub(" ", text)
    return unicodedata.normalize("NFC", text).strip()


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


# Datelines that Vietnamese outlets put in front of the lead ("Kinhtedothi - Sáng 26/11, ...").
# A small, known list without parentheses, plus any short "(Xxx) - " at the very start, which is
# the house style of Dân trí "(Dân trí) - ", Chinhphu.vn "(Chinhphu.vn) - ", NLĐ "(NLĐO) - ", ...
_KNOWN_DATELINES = (
    "Kinhtedothi",
    "KTĐT",
    "TPO",
    "TTO",
    "VOV.VN",
    "VTV.vn",
    "ANTĐ",
    "ANTD.VN",
    "GDVN",
    "SGGP",
    "SGGPO",
    "NDO",
    "VietNamNet",
    "Vietnam+",
    "VTC News",
)
_DASH = r"(?:\s*[-–—]\s+|\s+[-–—]\s*)"
_DATELINE = re.compile(
    r"^(?:(?:"
    + "|".join(re.escape(name) for name in _KNOWN_DATELINES)
    + r")|\([^()\n]{2,30}\))"
    + _DASH,
    re.IGNORECASE,
)


def strip_dateline(text: str) -> str:
    """*text* without a leading outlet dateline such as ``Kinhtedothi - `` or ``(Dân trí) - ``."""
    match = _DATELINE.match(text)
    return text[match.end() :].lstrip() if match else text


def lead_text(html_fragment: str, max_chars: int = SUMMARY_MAX_CHARS) -> str:
    """The lead of an entry: the plain text of its description HTML, on one line.

    The thumbnail markup contributes no text, entities are decoded, whitespace is collapsed, a
    leading dateline is removed and the result is capped at *max_chars* on a word boundary with "…".
    """
    if not html_fragment:
        return ""
    text = clean_text(html_to_text(html_fragment, max_chars=max_chars * 4))
    return truncate_text(strip_dateline(text), max_chars)


# --- dates --------------------------------------------------------------------------------------

_MIN_YEAR, _MAX_YEAR = 1900, 2200  # anything outside is a broken CMS default, not a news date
# "GMT+7", "GMT+07:00", "UTC+0700", "(GMT+7)", "UTC -5": feedparser returns None for some of these
# and silently drops the offset of others ("UTC+7" comes back as 7 hours wrong).
_NAMED_OFFSET = re.compile(
    r"\(?\b(?:GMT|UTC|UT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b\)?", re.IGNORECASE
)
_ZONE_COMMENT = re.compile(r"\s*\(?\b[A-Z]{2,5}\)?\s*$")
_ICT = re.compile(r"\(?\bICT\)?\s*$")  # Indochina Time, +07:00 (Vietnam, Thailand, Cambodia, Laos)
_VN_WEEKDAY = re.compile(r"^\s*(?:thứ\s+\w+|chủ\s+nhật|cn|t[2-7])\s*[,-]?\s*", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2})[:h](\d{2})(?::(\d{2}))?\b")
_ISO_LIKE = re.compile(r"^\d{4}-?\d{2}-?\d{2}")
_RFC822_NO_ZONE = re.compile(r"(?:\d{1,2}:\d{2}(?::\d{2})?|(?<![+\-\d])\d{4})\s*$")
_RFC822_SHAPE = re.compile(r"^(?:[^\W\d]+\.?,?\s*)?\d{1,2}\s+[^\W\d]{3,}\.?\s+\d{2,4}\b")
_PM = re.compile(r"\b(?:pm|p\.m\.|ch)\s*$", re.IGNORECASE)  # "CH" = chiều (afternoon)


def _offset(sign: str, hours: str, minutes: str | None) -> timezone | None:
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m > 59:
        return None
    delta = timedelta(hours=h, minutes=m)
    return timezone(-delta if sign == "-" else delta)


def _from_rfc822(text: str) -> datetime | None:
    if not _RFC822_SHAPE.match(text):  # parsedate_tz makes dates out of almost anything
        return None
    parts = parsedate_tz(text)
    if parts is None:
        return None
    year, month, day, hour, minute, second = parts[:6]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    # parsedate_tz reports offset 0 both for "GMT" and for no zone at all: tell them apart.
    zone_less = parts[9] is None or _RFC822_NO_ZONE.search(text) is not None
    tz = None if zone_less else timezone(timedelta(seconds=parts[9] or 0))
    return datetime(year, month, day, hour, minute, second, tzinfo=tz)


def _from_numeric(text: str) -> datetime | None:
    """``26/11/2026 08:15``, ``08:15 26/11/2026``, ``26-11-2026``: Vietnamese day-first order.

    Day first is the order of Vietnamese (and most non-US) sites; only when the second number
    cannot be a month (US ``11/26/2026``) are the two swapped.
    """
    date_match = _NUMERIC_DATE.search(text)
    if date_match is None:
        return None
    day, month, year = (int(g) for g in date_match.groups())
    if month > 12 and day <= 12:
        day, month = month, day
    rest = text[: date_match.start()] + " " + text[date_match.end() :]
    hour = minute = second = 0
    time_match = _TIME.search(rest)
    if time_match:
        hour, minute = int(time_match.group(1)), int(time_match.group(2))
        second = int(time_match.group(3) or 0)
        if hour < 12 and _PM.search(rest.strip()):
            hour += 12
    return datetime(year, month, day, hour, minute, second)


def _from_iso(text: str) -> datetime | None:
    if not _ISO_LIKE.match(text):
        return None
    candidate = text.replace(" ", "T", 1) if len(text) > 10 and text[10] == " " else text
    if candidate.endswith(("z", "Z")):
        candidate = candidate[:-1] + "+00:00"
    return datetime.fromisoformat(candidate)


def _from_feedparser(text: str) -> datetime | None:
    # feedparser's own multi-format parser (W3DTF, localized month names, Korean/Greek/Hungarian
    # formats, ...). It is private API, so it is looked up defensively.
    parse = getattr(getattr(feedparser, "datetimes", None), "_parse_date", None)
    if parse is None:
        return None
    parsed = parse(text)
    return _from_struct(parsed) if parsed else None


def _from_struct(value: Any) -> datetime | None:
    """feedparser's ``*_parsed`` struct_time (always UTC) as an aware datetime."""
    if not isinstance(value, time.struct_time | tuple) or len(value) < 6:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        result = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
    except (ValueError, OverflowError, TypeError):
        return None
    return result if _MIN_YEAR <= result.year <= _MAX_YEAR else None


def parse_date(text: str, *, assume_tz: tzinfo = UTC) -> datetime | None:
    """Parse a date as found in feeds and Vietnamese news pages; aware UTC, or None.

    Reads RFC 822 (``Thu, 26 Nov 2026 08:15:00 +0700``, two-digit years, US zone names),
    ISO 8601 / RFC 3339, ``GMT+7`` / ``GMT+07:00`` / ``UTC+7`` style offsets, Vietnamese forms
    (``26/11/2026 08:15``, ``Thứ năm, 26/11/2026, 08:15 (GMT+7)``) and, last, whatever feedparser's
    own date parser knows.

    A date without a zone is taken to be in *assume_tz*, UTC by default. UTC is the choice because
    it is what feedparser does for every zone-less date it parses itself, so entries of one feed
    are never shifted against each other depending on which parser read them; a caller that knows
    better (a page from a Vietnamese site, whose times are +07:00) passes ``assume_tz``.
    """
    if not text:
        return None
    text = clean_text(text)[:120]
    if not text:
        return None
    zone: tzinfo | None = None
    named = _NAMED_OFFSET.search(text)
    if named:
        zone = _offset(named.group(1), named.group(2), named.group(3))
        if zone is None:
            return None
        text = (text[: named.start()] + " " + text[named.end() :]).strip(" ,")
        text = _ZONE_COMMENT.sub("", text)  # "GMT+7 (ICT)": the name only repeats the offset
    elif _ICT.search(text):
        zone = timezone(timedelta(hours=7))
        text = _ICT.sub("", text).strip(" ,")
    text = _VN_WEEKDAY.sub("", text)
    result: datetime | None = None
    for reader in (_from_iso, _from_rfc822, _from_numeric):
        try:
            result = reader(text)
        except (ValueError, OverflowError, TypeError, IndexError):
            result = None
        if result is not None:
            break
    if result is None and zone is None:
        try:
            result = _from_feedparser(text)
        except Exception:  # a private helper of a third-party library
            result = None
    if result is None:
        return None
    if zone is not None and result.tzinfo is None:
        result = result.replace(tzinfo=zone)
    elif result.tzinfo is None:
        result = result.replace(tzinfo=assume_tz)
    try:
        result = result.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return result if _MIN_YEAR <= result.year <= _MAX_YEAR else None


def _entry_date(entry: Mapping[str, Any], key: str) -> datetime | None:
    raw = _get(entry, key)
    raw = raw if isinstance(raw, str) else None
    if raw and _NAMED_OFFSET.search(raw):
        return parse_date(raw)  # feedparser misreads or drops these offsets
    parsed = _from_struct(_get(entry, key + "_parsed"))
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
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, Mapping)]
    return []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _is_html_type(detail: Any) -> bool:
    kind = _str(_get(detail, "type")) if isinstance(detail, Mapping) else ""
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
    entry: Mapping[str, Any], base: str, summary_html: str, content_html: str | None
) -> str | None:
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
    for fragment in (summary_html, content_html):
        if fragment:
            url = first_image(fragment, base)
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


def _body_text(content_html: str | None, lead: str, from_summary: bool) -> str:
    """The text to index as the body: nothing when the body is just the (whole) lead."""
    if not content_html:
        return ""
    if from_summary and len(lead) < SUMMARY_MAX_CHARS - 20:
        return ""  # the lead is the whole description and is indexed already
    return html_to_text(content_html, max_chars=BODY_TEXT_MAX_CHARS)


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


def _entry(entry: Mapping[str, Any], *, base: str, feed_author: str | None) -> ParsedEntry:
    guid = _str(_get(entry, "id")).strip() or None
    title = clean_title(
        _str(_get(entry, "title")), html_type=_is_html_type(_get(entry, "title_detail"))
    )
    summary_detail = _get(entry, "summary_detail")
    summary_raw = _str(_get(entry, "summary"))
    # feedparser copies an Atom <content> into "summary" without a summary_detail: that is HTML.
    summary_is_html = not isinstance(summary_detail, Mapping) or _is_html_type(summary_detail)
    content_html = _content_html(entry, summary_raw, summary_is_html)
    if summary_raw.strip():
        summary_html = summary_raw if summary_is_html else html.escape(summary_raw)
    else:
        summary_html = content_html or ""
    detail_base = _get(summary_detail, "base") if isinstance(summary_detail, Mapping) else None
    img_base = detail_base if isinstance(detail_base, str) and detail_base else base
    published = (
        _entry_date(entry, "published")
        or _entry_date(entry, "created")
        or _entry_date(entry, "updated")  # Atom entries often carry only <updated>; RSS 1.0 dc:date
    )
    updated = _entry_date(entry, "updated")
    lead = lead_text(summary_html)
    from_summary = not any(_str(_get(c, "value")).strip() for c in _dicts(_get(entry, "content")))
    return ParsedEntry(
        guid=guid,
        link=_best_link(entry, base),
        title=title,
        author=_author(entry) or feed_author,
        published=published,
        updated=updated,
        summary=lead,
        content_html=content_html,
        body_text=_body_text(content_html, lead, from_summary),
        thumbnail=_thumbnail(entry, img_base, summary_html, content_html),
        categories=clean_categories(
            _str(_get(tag, "term")) or _str(_get(tag, "label"))
            for tag in _dicts(_get(entry, "tags"))
        ),
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
    is not well-formed but still yields entries is returned with ``warning`` set.
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
    return ParsedFeed(
        title=clean_title(title_raw, html_type=_is_html_type(_get(feed, "title_detail"))) or None,
        site_url=_site_url(feed, url),
        entries=entries,
        version=version,
        description=description or None,
        warning=(
            _short_error(bozo_exc)
            if bozo_exc is not None and bozo_name != "NonXMLContentType"
            else None
        ),
    )
