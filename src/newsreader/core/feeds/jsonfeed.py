"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org) -> ParsedFeed.

feedparser 6.0.x (the PyPI release) does not read JSON Feed, so this module does, with the same
normalisation rules as :mod:`newsreader.core.feeds.parse` (clean text, UTC dates, absolute
http(s) URLs, plain-text leads). No I/O.
"""

from __future__ import annotations

import html
import json
import logging
from typing import Any

from newsreader.core.errors import FeedError, NotAFeedError
from newsreader.core.feeds.enclosures import enclosures
from newsreader.core.feeds.parse import clean_categories, clean_title, lead_text
from newsreader.core.models import ParsedEntry, ParsedFeed
from newsreader.core.pages.dates import parse_date
from newsreader.core.pages.htmltext import absolute_http_url, clean_text, first_image

__all__ = ["looks_like_json_feed", "parse_json_feed"]

log = logging.getLogger("newsreader.parse")

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _head(data: bytes, size: int = 512) -> bytes:
    head = data[:size]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if head[:1] == b"\x00" or head[1:2] == b"\x00":  # UTF-16/32 without BOM: look at ASCII only
        head = head.replace(b"\x00", b"")
    return head.lstrip()


def looks_like_json_feed(data: bytes, content_type: str | None) -> bool:
    """True when *data* should go to the JSON Feed parser rather than to feedparser.

    A body whose first non-blank character is ``{`` is JSON whatever the server says (XML cannot
    start that way); a ``*json*`` content type is believed unless the body starts like markup.
    """
    head = _head(data)
    if head.startswith(b"{"):
        return True
    ctype = (content_type or "").lower()
    return "json" in ctype and not head.startswith(b"<") and head[:1] not in (b"", b"[")


def _str(value: Any) -> str | None:
    """A JSON string, stripped; None for anything else or an empty string."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _id(value: Any) -> str | None:
    """An item id: a string, or a number written as one (some feeds use numbers)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _str(value)


def _version(doc: dict[str, Any]) -> str:
    raw = _str(doc.get("version")) or ""
    if "jsonfeed.org/version/" not in raw:
        return ""
    number = raw.rsplit("/version/", 1)[1].strip("/")
    if number in ("1", "1.0"):
        return "json10"
    if number == "1.1":
        return "json11"
    return "json" + "".join(ch for ch in number if ch.isdigit())


def _authors(obj: dict[str, Any]) -> list[str]:
    """Author names from 1.1 ``authors`` (a list) or 1.0 ``author`` (an object)."""
    found: list[Any] = []
    authors = obj.get("authors")
    if isinstance(authors, list):
        found.extend(authors)
    elif isinstance(authors, dict | str):  # not per the spec, but seen: one author, not a list
        found.append(authors)
    author = obj.get("author")
    if isinstance(author, dict | str):
        found.append(author)
    names: list[str] = []
    for item in found:
        name = _str(item.get("name")) if isinstance(item, dict) else _str(item)
        if name:
            name = clean_text(name)
            if name and name not in names:
                names.append(name)
    return names


def _text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs if p)


def _entry(item: dict[str, Any], *, base: str, feed_authors: list[str]) -> ParsedEntry:
    link = absolute_http_url(_str(item.get("url")), base) or absolute_http_url(
        _str(item.get("external_url")), base
    )
    content_html = _str(item.get("content_html"))
    content_text = _str(item.get("content_text"))
    summary_raw = _str(item.get("summary"))
    if content_html is None and content_text is not None:
        content_html = _text_to_html(content_text)
    # The lead: the summary if given, else the start of the text or of the HTML body.
    if summary_raw:
        summary = lead_text(html.escape(summary_raw))
    elif content_text:
        summary = lead_text(html.escape(content_text))
    else:
        summary = lead_text(content_html or "")
    thumbnail = (
        absolute_http_url(_str(item.get("image")), base)
        or absolute_http_url(_str(item.get("banner_image")), base)
        or (first_image(content_html, base) if content_html else None)
    )
    authors = _authors(item) or feed_authors
    tags = item.get("tags")
    attachments = item.get("attachments")
    published_raw = _str(item.get("date_published"))
    updated_raw = _str(item.get("date_modified"))
    return ParsedEntry(
        guid=_id(item.get("id")),
        link=link,
        title=clean_title(_str(item.get("title")) or "", html_type=False),
        author=", ".join(authors) or None,
        published=parse_date(published_raw) if published_raw else None,
        updated=parse_date(updated_raw) if updated_raw else None,
        summary=summary,
        content_html=content_html,
        thumbnail=thumbnail,
        categories=clean_categories(
            t for t in (tags if isinstance(tags, list) else ()) if isinstance(t, str)
        ),
        enclosures=enclosures(
            (
                (_str(a.get("url")) or "", _str(a.get("mime_type")) or "", a.get("size_in_bytes"))
                for a in (attachments if isinstance(attachments, list) else ())
                if isinstance(a, dict)
            ),
            base,
        ),
    )


def parse_json_feed(data: bytes, *, url: str) -> ParsedFeed:
    """Parse a JSON Feed document (version 1.0 or 1.1).

    Raises :class:`NotAFeedError` for JSON that is not a JSON Feed and :class:`FeedError` for a
    document that is not valid JSON.
    """
    try:
        doc = json.loads(data)  # bytes: UTF-8/16/32 (with or without BOM) detected by json
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise FeedError(f"the JSON feed is not valid JSON ({exc.__class__.__name__})") from exc
    if not isinstance(doc, dict):
        raise NotAFeedError("this is JSON data, not a feed")
    version = _version(doc)
    items = doc.get("items")
    if not version:
        if not isinstance(items, list):
            raise NotAFeedError("this is JSON data, not a feed")
        version = "json10"  # items but no (or an odd) version: read it as the first version
    if not isinstance(items, list):
        items = []
    base = url
    home = absolute_http_url(_str(doc.get("home_page_url")), url)
    feed_authors = _authors(doc)
    entries: list[ParsedEntry] = []
    skipped = 0
    for item in items:
        if not isinstance(item, dict):
            skipped += 1
            continue
        try:
            entries.append(_entry(item, base=base, feed_authors=feed_authors))
        except (TypeError, ValueError, AttributeError) as exc:  # a malformed item, not the feed
            log.debug("skipping a malformed JSON Feed item: %r", exc)
            skipped += 1
    title = _str(doc.get("title"))
    description = _str(doc.get("description"))
    return ParsedFeed(
        title=(clean_title(title, html_type=False) or None) if title else None,
        site_url=home,
        image=absolute_http_url(_str(doc.get("favicon")) or _str(doc.get("icon")), url),
        entries=tuple(entries),
        version=version,
        description=(clean_text(description) or None) if description else None,
        warning=f"{skipped} malformed item(s) skipped" if skipped else None,
    )
