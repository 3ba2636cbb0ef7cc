"""OPML subscription lists: read (1.0, 1.1, 2.0) and write (2.0), and the bundled defaults.

Reading is forgiving about what real exporters produce and strict about safety:

* an ``<outline>`` with an ``xmlUrl`` (any letter case; ``type`` "rss", "atom" or missing) is a
  feed; its title is its ``title`` attribute, else its ``text``; ``htmlUrl`` is the site;
* outlines without ``xmlUrl`` that hold other outlines are folders. The app's folders are flat,
  so a feed's folder is the path of folder titles from the top, joined with ``" / "``: a feed in
  "Tin tức" > "Thế giới" lands in the folder ``"Tin tức / Thế giới"`` (and is written back
  nested, so write → parse gives the same folders);
* only http(s) feed URLs are kept (``feed://host/x`` is read as ``http://host/x`` and
  ``feed:https://…`` as ``https://…``; that pseudo-scheme only ever meant "subscribe to this web
  address"). ``javascript:``, ``file:``, ``data:``, relative and empty URLs, later duplicates of a
  URL and OPML inclusions are *skipped*, each with the reason, and never opened or followed;
* titles are cleaned (NFC, control and bidi-override characters dropped, whitespace collapsed);
* the document goes through expat with entity declarations refused outright (no "billion
  laughs", no external entities) and external parameter entities never loaded.

Writing produces pretty-printed OPML 2.0 in UTF-8, folder paths as nested outlines again; a feed
without a title gets ``text=""`` (so a re-import does not mistake its URL for a title). No I/O
here except reading the bundled ``default-feeds.opml`` through :mod:`importlib.resources`.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from xml.parsers import expat

from newsreader.core.errors import InvalidInputError
from newsreader.core.fetch.discover import clean_label
from newsreader.core.pages.urls import normalize_url

__all__ = [
    "DEFAULT_FEEDS_RESOURCE",
    "FOLDER_SEPARATOR",
    "MAX_OPML_BYTES",
    "OpmlDocument",
    "OpmlFeed",
    "OpmlSkip",
    "default_feeds",
    "parse_opml",
    "write_opml",
]

MAX_OPML_BYTES = 32 * 1024 * 1024
FOLDER_SEPARATOR = " / "
DEFAULT_FEEDS_RESOURCE = "default-feeds.opml"
_MAX_WHAT_CHARS = 200


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription of an outline."""

    url: str
    title: str | None
    site_url: str | None
    folder: str | None


@dataclass(frozen=True, slots=True)
class OpmlSkip:
    """An outline that was not taken, and why (shown to the user after an import)."""

    what: str  # the URL as written, or the outline's title when it has no URL
    reason: str


@dataclass(frozen=True, slots=True)
class OpmlDocument:
    title: str | None
    feeds: tuple[OpmlFeed, ...]
    skipped: tuple[OpmlSkip, ...]


# --- reading ----------------------------------------------------------------------------------


class _Refused(Exception):
    """Raised from inside expat handlers to stop at a construct we do not accept."""


def _refuse_entities(*_: Any) -> None:
    raise _Refused("entity declarations are not allowed")


def _refuse_external(*_: Any) -> int:
    raise _Refused("external entities are not allowed")


def _parse_xml(data: bytes) -> ET.Element:
    """*data* as an element tree, via expat without entity declarations or external entities."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entities
    parser.UnparsedEntityDeclHandler = _refuse_entities
    parser.ExternalEntityRefHandler = _refuse_external
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
        return builder.close()
    except _Refused as exc:
        raise InvalidInputError(f"not an OPML file: {exc}") from None
    except (expat.ExpatError, ValueError, LookupError) as exc:
        raise InvalidInputError(f"not an OPML file: {exc}") from None


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1].rsplit("}", 1)[-1].lower()


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _attrs(element: ET.Element) -> dict[str, str]:
    """Attributes with lower-cased names (``xmlurl`` and ``XMLURL`` exist in the wild)."""
    attrs: dict[str, str] = {}
    for key, value in element.attrib.items():
        attrs.setdefault(_local(key), value)
    return attrs


def _what(text: str) -> str:
    shown = re.sub(r"\s+", " ", text).strip()
    shown = "".join(c for c in shown if c.isprintable())
    if len(shown) > _MAX_WHAT_CHARS:
        shown = shown[: _MAX_WHAT_CHARS - 1] + "…"
    return shown or "(empty)"


class _Reader:
    def __init__(self) -> None:
        self.feeds: list[OpmlFeed] = []
        self.skipped: list[OpmlSkip] = []
        self.seen: set[str] = set()

    def skip(self, what: str, reason: str) -> None:
        self.skipped.append(OpmlSkip(_what(what), reason))

    def walk(self, body: ET.Element) -> None:
        # Depth-first in document order, without recursion (the nesting depth is the file's).
        stack: list[tuple[ET.Element, tuple[str, ...]]] = [
            (child, ()) for child in reversed(_children(body, "outline"))
        ]
        while stack:
            outline, path = stack.pop()
            inner = self.outline(outline, path)
            stack.extend((child, inner) for child in reversed(_children(outline, "outline")))

    def outline(self, outline: ET.Element, path: tuple[str, ...]) -> tuple[str, ...]:
        """Take one outline; return the folder path its child outlines belong to."""
        attrs = _attrs(outline)
        kind = attrs.get("type", "").strip().lower()
        label = clean_label(attrs.get("title")) or clean_label(attrs.get("text"))
        raw_url = attrs.get("xmlurl")
        if raw_url is None and kind in ("rss", "atom"):
            raw_url = attrs.get("url", "")
        if raw_url is not None:
            self.feed(raw_url, label, attrs.get("htmlurl"), path)
            return path  # outlines inside a feed (rare) belong to the feed's folder
        if kind == "include":
            self.skip(attrs.get("url") or label or "", "an OPML inclusion (not followed)")
            return path
        if attrs.get("url") and not len(outline):
            self.skip(attrs["url"], f"not a feed (outline type {kind or 'missing'!r})")
            return path
        return (*path, label) if label else path

    def feed(
        self, raw_url: str, title: str | None, raw_site: str | None, path: tuple[str, ...]
    ) -> None:
        if not raw_url.strip():
            self.skip(title or "", "no feed URL (xmlUrl is empty)")
            return
        try:
            url = normalize_url(raw_url)
        except InvalidInputError as exc:
            self.skip(raw_url, str(exc))
            return
        if url in self.seen:
            self.skip(raw_url, "a duplicate of a feed earlier in the file")
            return
        self.seen.add(url)
        site_url = None
        if raw_site and raw_site.strip():
            try:
                site_url = normalize_url(raw_site)
            except InvalidInputError:
                site_url = None  # a bad site link is not a reason to drop the feed
        folder = FOLDER_SEPARATOR.join(path) or None
        self.feeds.append(OpmlFeed(url=url, title=title, site_url=site_url, folder=folder))


def _strip_leading_space(data: bytes) -> bytes:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.lstrip(b" \t\r\n")


def parse_opml(data: bytes) -> OpmlDocument:
    """Read an OPML subscription list (1.0, 1.1 or 2.0).

    Raises :class:`InvalidInputError` ("not an OPML file: …") for anything that is not a
    well-formed ``<opml>`` document, for documents that declare entities, and for files larger
    than :data:`MAX_OPML_BYTES`. Outlines that cannot be used are listed in ``skipped``.
    """
    if len(data) > MAX_OPML_BYTES:
        raise InvalidInputError("not an OPML file: it is too large")
    data = _strip_leading_space(bytes(data))
    if not data:
        raise InvalidInputError("not an OPML file: it is empty")
    root = _parse_xml(data)
    if _local(root.tag) != "opml":
        raise InvalidInputError(f"not an OPML file: the document is <{_what(root.tag)}>")
    title = None
    for head in _children(root, "head")[:1]:
        for title_element in _children(head, "title")[:1]:
            title = clean_label(title_element.text)
    reader = _Reader()
    for body in _children(root, "body")[:1]:
        reader.walk(body)
    return OpmlDocument(title=title, feeds=tuple(reader.feeds), skipped=tuple(reader.skipped))


# --- writing ----------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all, even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _folder_path(folder: str | None) -> tuple[str, ...]:
    """A flat folder name as the outline path it is written as: "A / B" -> ("A", "B")."""
    name = clean_label(folder)
    return tuple(part for part in name.split(FOLDER_SEPARATOR) if part) if name else ()


def write_opml(
    feeds: Iterable[OpmlFeed],
    *,
    title: str = "Newsreader subscriptions",
    created: datetime | None = None,
) -> bytes:
    """*feeds* as a pretty-printed OPML 2.0 document in UTF-8.

    Feeds without a folder come at the top level; each folder becomes one outline holding its
    feeds, placed where its first feed comes, and a folder named with the path separator
    ("Tin tức / Thế giới") becomes nested outlines again, so that parsing the result gives back the
    same feeds, folders and (for a list that came from :func:`parse_opml`) order. *created*, if
    given, is written as ``dateCreated`` (left out by default so that the output depends only on
    the input).
    """
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = clean_label(title) or "Newsreader subscriptions"
    if created is not None:
        ET.SubElement(head, "dateCreated").text = format_datetime(created)
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}
    for feed in feeds:
        path = _folder_path(feed.folder)
        for depth in range(1, len(path) + 1):
            if path[:depth] not in folders:
                name = path[depth - 1]
                folders[path[:depth]] = ET.SubElement(
                    folders[path[: depth - 1]], "outline", text=name, title=name
                )
        parent = folders[path]
        name = clean_label(feed.title) or ""
        attrs = {"type": "rss", "text": name}
        if name:
            attrs["title"] = name
        attrs["xmlUrl"] = _xml_text(feed.url.strip())
        if feed.site_url:
            attrs["htmlUrl"] = _xml_text(feed.site_url.strip())
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + text.encode("utf-8") + b"\n"


# --- the bundled subscriptions ----------------------------------------------------------------


@functools.cache
def default_feeds() -> OpmlDocument:
    """The Vietnamese news feeds shipped in ``resources/default-feeds.opml``."""
    resource = importlib.resources.files("newsreader.resources").joinpath(DEFAULT_FEEDS_RESOURCE)
    return parse_opml(resource.read_bytes())
