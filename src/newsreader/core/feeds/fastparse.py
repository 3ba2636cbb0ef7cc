"""The lxml fast path of :func:`newsreader.core.feeds.document.parse_feed`.

feedparser spends most of a refresh's parsing time in Python SAX callbacks, one per element. For
the documents nearly every news site serves -- a well-formed UTF-8 RSS 2.0 or Atom 1.0 feed made of
the common elements -- lxml builds the tree in C, and this module turns it into *exactly* the
mapping feedparser would have returned (``entries[i]["title"]``, ``summary_detail``, ``links``,
``tags``, ``*_parsed`` dates ...), using feedparser's own helpers for what feedparser does to each
value (URI joining, the re-serialisation of HTML with its relative URIs resolved, the HTML guess
for RSS titles, the author split, the cp1252 and double-UTF-8 repairs, its date parser -- with
exact fast paths for the common markup, URLs and dates: ``relative_uris``, ``feeddates``). That
mapping then goes through :func:`~newsreader.core.feeds.parse.build_feed` like feedparser's, so
every normalisation (leads, dates, thumbnails, authors) stays in one place and the entries are the
same as feedparser's, field for field (``tests/core/feeds/test_fastparse_corpus.py`` checks every
file of the shared corpus).

It declines -- :func:`parse_well_formed` returns None and feedparser parses the document -- for
anything it does not map one to one: another format or version, another encoding than UTF-8, a
DTD or entities, ``xml:base``, XHTML or base64 content, markup inside a text element, an element
or a namespace it does not know (media RSS, iTunes, ``<source>`` ...), or a repeated element whose
repetition feedparser resolves by order. Declining is always safe; mapping wrongly is not, so the
lists below are allow-lists.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import resolve_relative_uris
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from newsreader.core.feeds.feeddates import parse_feed_date
from newsreader.core.feeds.parse import build_feed
from newsreader.core.feeds.relative_uris import join_uri
from newsreader.core.feeds.relative_uris import resolve_relative_uris as fast_resolve_relative_uris
from newsreader.core.models import ParsedFeed

__all__ = ["parse_well_formed"]

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC = "{http://purl.org/dc/elements/1.1/}"
# Item elements feedparser stores under keys the app never reads: skipped.
_IGNORED_ITEM = frozenset(
    {
        "comments",
        "{http://purl.org/rss/1.0/modules/slash/}comments",
        "{http://wellformedweb.org/CommentAPI/}commentRss",
        "{http://purl.org/syndication/thread/1.0}total",
    }
)
_SY = "{http://purl.org/rss/1.0/modules/syndication/}"
# Channel elements stored under their own (feedparser) key, as stripped text.
_CHANNEL_TEXT = {
    "ttl": "ttl",
    _SY + "updatePeriod": "sy_updateperiod",
    _SY + "updateFrequency": "sy_updatefrequency",
}
_IGNORED_CHANNEL = frozenset(
    {
        "language",
        "copyright",
        "managingEditor",
        "webMaster",
        "pubDate",
        "lastBuildDate",
        "category",
        "generator",
        "docs",
        "cloud",
        "rating",
        "textInput",
        "skipHours",
        "skipDays",
        _SY + "updateBase",
    }
)
_IGNORED_ATOM_FEED = frozenset({"updated", "generator", "rights", "category", "contributor"})
_IGNORED_ATOM_ENTRY = frozenset({"rights", "contributor"})
_SINGLE_ITEM = frozenset({"title", "link", "description", "guid", "pubDate", _CONTENT_ENCODED})
_SINGLE_ENTRY = frozenset({"title", "id", "summary", "content", "published", "updated"})
_ATOM_TEXT_TYPES = {"text": "text/plain", "html": "text/html"}
_CAN_BE_RELATIVE = _FeedParserMixin.can_be_relative_uri
_CAN_CONTAIN_RELATIVE = _FeedParserMixin.can_contain_relative_uris
_HTML_TYPES = _FeedParserMixin.html_types
_looks_like_html: Callable[[str], bool] = _FeedParserMixin.looks_like_html
_ENTITY_LIKE = re.compile("&([A-Za-z0-9_]+);")
_C1 = re.compile("[\x80-\x9f]")
_XML_DECL = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    recover=False,
    remove_comments=True,
    remove_pis=True,
)


class _Decline(Exception):
    """This document is not one the fast path maps exactly: feedparser parses it."""


class _Context:
    """Just enough of feedparser's parser object to run its author helpers on one mapping."""

    _save_author = _FeedParserMixin._save_author
    _sync_author_detail = _FeedParserMixin._sync_author_detail

    def __init__(self, mapping: dict[str, Any]) -> None:
        self.mapping = mapping

    def _get_context(self) -> dict[str, Any]:
        return self.mapping


def parse_well_formed(data: bytes, *, url: str, content_type: str | None) -> ParsedFeed | None:
    """*data* parsed as feedparser would, or None when the fast path declines the document.

    *data* is already decompressed; *url* and *content_type* are as for ``parse_feed``.
    """
    if not _acceptable_bytes(data, content_type):
        return None
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    try:
        reader = _Reader(url)
        if root.tag == "rss":
            feed, entries, version = reader.rss(root)
        elif root.tag == _ATOM + "feed":
            feed, entries, version = reader.atom(root)
        else:
            return None
    except _Decline:
        return None
    return build_feed(feed, entries, version=version, url=url, warning=None)


def _acceptable_bytes(data: bytes, content_type: str | None) -> bool:
    """UTF-8 without DTD or xml:base, served (if at all) as an XML type without another charset."""
    if content_type is not None:
        ctype = content_type.lower()
        if not any(kind in ctype for kind in ("xml", "rss", "atom")):
            return False
        if "charset" in ctype and not re.search(r"charset\s*=\s*[\"']?utf-?8\b", ctype):
            return False
    head = data[:1024]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    elif head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        return False  # UTF-16/32
    declared = _XML_DECL.match(head)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    return b"<!DOCTYPE" not in data[:4096] and b"<!ENTITY" not in data and b"xml:base" not in data


def _own_text(element: Any) -> str:
    """The text of an element without child elements (markup inside it: decline)."""
    if len(element):
        raise _Decline
    return str(element.text or "")


def _attributes(element: Any) -> dict[str, str]:
    """Attributes by lower-cased name, as feedparser sees them (namespaced ones: decline)."""
    attrs = {str(k).lower(): str(v) for k, v in element.attrib.items()}
    if any(k.startswith("{") for k in attrs):
        raise _Decline
    return attrs


def _has_own_text(element: Any) -> bool:
    return bool((element.text or "").strip()) or any(
        (child.tail or "").strip() for child in element
    )


@functools.cache
def _map_type(kind: str) -> str:
    return _FeedParserMixin.map_content_type(kind)  # type: ignore[no-any-return]


class _Reader:
    """Builds feedparser's mapping for one document, the way feedparser's parser object does."""

    def __init__(self, url: str) -> None:
        self.base = url

    # -- what feedparser's ``pop`` does to every value -------------------------------------------

    def value(
        self, text: str, element: str, *, kind: str | None = None, atom: bool, resolve: bool = True
    ) -> tuple[str, str | None]:
        """(the stored value, the content type after feedparser's HTML guess)."""
        output = text.strip()
        if element in _CAN_BE_RELATIVE and output and resolve:
            output = join_uri(self.base, output)
        if (
            not atom
            and kind == "text/plain"
            and ("<" in output or "&" in output)  # feedparser's test needs a tag or a reference
            and _looks_like_html(output)
        ):
            kind = "text/html"
        effective = kind or "text/html"
        if _map_type(effective) in _HTML_TYPES and element in _CAN_CONTAIN_RELATIVE:
            resolved = fast_resolve_relative_uris(output, self.base, effective)
            if resolved is None:  # markup the fast walk does not reproduce: feedparser's own
                resolved = resolve_relative_uris(output, self.base, "utf-8", effective)
            output = resolved
        # feedparser's repair of UTF-8 that was decoded as Latin-1 and encoded again (ASCII: none)
        if not output.isascii():
            try:
                repaired = output.encode("iso-8859-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                repaired = output  # not such a double encoding
            output = repaired
        # feedparser maps C1 controls to the cp1252 characters they stand for (none in ASCII or
        # in a printable text: a C1 control is not printable)
        if not output.isascii() and not output.isprintable() and _C1.search(output):
            output = output.translate(_cp1252)
        return output, kind

    def detail(self, kind: str) -> dict[str, Any]:
        return {"type": kind, "language": None, "base": self.base}

    def href_link(self, element: Any, mapping: dict[str, Any]) -> None:
        """An Atom-style ``<link rel type href>`` (feedparser's ``_start_link``)."""
        attrs = _attributes(element)
        attrs.setdefault("rel", "alternate")
        attrs.setdefault("type", "application/atom+xml" if attrs["rel"] == "self" else "text/html")
        attrs = _FeedParserMixin._enforce_href(attrs)
        if "href" not in attrs or len(element) or (element.text or "").strip():
            raise _Decline  # a link with text: feedparser's other path
        attrs["href"] = join_uri(self.base, attrs["href"])
        mapping.setdefault("links", []).append(attrs)
        if attrs["rel"] == "alternate" and _map_type(attrs["type"]) in _HTML_TYPES:
            mapping["link"] = attrs["href"]

    def text_link(self, element: Any, mapping: dict[str, Any], *, in_entry: bool) -> None:
        """An RSS ``<link>URL</link>``."""
        if element.attrib:
            raise _Decline
        mapping.setdefault("links", []).append({"rel": "alternate", "type": "text/html"})
        output, _ = self.value(_own_text(element), "link", atom=False)
        if in_entry:
            output = output.replace("&amp;", "&")
        output = _ENTITY_LIKE.sub(r"&\g<1>", output)
        mapping["link"] = output
        if output or not in_entry:
            mapping["links"][-1]["href"] = output

    def category(self, element: Any, mapping: dict[str, Any], *, atom: bool) -> None:
        attrs = _attributes(element)
        self.add_tag(
            mapping, attrs.get("term"), attrs.get("scheme", attrs.get("domain")), attrs.get("label")
        )
        value, _ = self.value(_own_text(element), "category", atom=atom)
        if not value:
            return
        tags = mapping["tags"]
        if tags and not tags[-1]["term"]:
            tags[-1]["term"] = value
        else:
            self.add_tag(mapping, value, None, None)

    @staticmethod
    def add_tag(mapping: dict[str, Any], term: Any, scheme: Any, label: Any) -> None:
        tags = mapping.setdefault("tags", [])
        if not term and not scheme and not label:
            return
        value = {"term": term, "scheme": scheme, "label": label}
        if value not in tags:
            tags.append(value)

    def date(self, element: Any, mapping: dict[str, Any], key: str, *, atom: bool) -> None:
        value, _ = self.value(_own_text(element), key, atom=atom)
        mapping[key] = value
        mapping[key + "_parsed"] = parse_feed_date(value)

    def rss_author(self, element: Any, mapping: dict[str, Any]) -> None:
        mapping.setdefault("authors", []).append({})
        value, _ = self.value(_own_text(element), "author", atom=False)
        mapping["author"] = value
        _Context(mapping)._sync_author_detail()

    def atom_author(self, element: Any, mapping: dict[str, Any]) -> None:
        if _has_own_text(element):
            raise _Decline
        context = _Context(mapping)
        mapping.setdefault("authors", []).append({})
        for child in element:
            tag = child.tag
            if tag == _ATOM + "name":  # feedparser keeps these as written (only stripped)
                context._save_author("name", _own_text(child).strip())
            elif tag == _ATOM + "email":
                context._save_author("email", _own_text(child).strip())
            elif tag == _ATOM + "uri":
                context._save_author("href", self.value(_own_text(child), "href", atom=True)[0])
            else:
                raise _Decline
        mapping["author"] = ""
        context._sync_author_detail()

    def text_construct(
        self, element: Any, mapping: dict[str, Any], key: str, kind: str, *, atom: bool
    ) -> None:
        """A title, description, subtitle or summary and its ``*_detail``."""
        value, kind_after = self.value(_own_text(element), key, kind=kind, atom=atom)
        mapping[key] = value
        mapping[key + "_detail"] = {**self.detail(kind_after or kind), "value": value}

    # -- RSS 2.0 ---------------------------------------------------------------------------------

    def rss(self, root: Any) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
        if root.get("version") != "2.0" or len(root) != 1 or root[0].tag != "channel":
            raise _Decline
        feed: dict[str, Any] = {}
        entries: list[dict[str, Any]] = []
        seen: set[str] = set()
        for child in root[0]:
            tag = child.tag
            if tag == "item":
                entries.append(self.rss_item(child))
                continue
            if tag in ("title", "link", "description", "image"):
                if tag in seen:
                    raise _Decline
                seen.add(tag)
            if tag == "title":
                self.text_construct(child, feed, "title", self.rss_type(child), atom=False)
            elif tag == "link":
                self.text_link(child, feed, in_entry=False)
            elif tag == "description":
                self.text_construct(child, feed, "subtitle", self.rss_type(child, "text/html"),
                                    atom=False)  # fmt: skip
            elif tag == "image":
                feed["image"] = self.rss_image(child)
            elif tag == _ATOM + "link":
                self.href_link(child, feed)
            elif tag in _CHANNEL_TEXT:
                key = _CHANNEL_TEXT[tag]
                if key in feed or child.attrib:
                    raise _Decline
                feed[key] = self.value(_own_text(child), key, atom=False)[0]
            elif tag not in _IGNORED_CHANNEL:
                raise _Decline
        return feed, entries, "rss20"

    @staticmethod
    def rss_type(element: Any, default: str = "text/plain") -> str:
        if element.attrib:
            raise _Decline
        return default

    def rss_image(self, element: Any) -> dict[str, Any]:
        image: dict[str, Any] = {}
        for child in element:
            if child.tag == "link":
                if "link" in image:
                    raise _Decline
                self.text_link(child, image, in_entry=False)
            elif child.tag == "url":  # feedparser keeps it as the image's "href"
                if "href" in image:
                    raise _Decline
                image["href"] = self.value(_own_text(child), "href", atom=False)[0]
            elif child.tag not in ("title", "width", "height", "description"):
                raise _Decline
        return image

    def rss_item(self, item: Any) -> dict[str, Any]:
        if item.attrib:
            raise _Decline
        entry: dict[str, Any] = {}
        seen: set[str] = set()
        has_content = False
        for child in item:
            tag = child.tag
            if tag in _SINGLE_ITEM:
                if tag in seen:
                    raise _Decline
                seen.add(tag)
            if tag == "title":
                value, kind = self.value(
                    _own_text(child), "title", kind=self.rss_type(child), atom=False
                )
                entry["title"] = value
                entry["title_detail"] = {**self.detail(kind or "text/plain"), "value": value}
            elif tag == "link":
                self.text_link(child, entry, in_entry=True)
            elif tag == "description":
                if "summary" in entry and not has_content:
                    raise _Decline  # feedparser would take it as content
                self.text_construct(child, entry, "summary", self.rss_type(child, "text/html"),
                                    atom=False)  # fmt: skip
            elif tag == _CONTENT_ENCODED:
                has_content = True
                value, _ = self.value(
                    _own_text(child), "content", kind=self.rss_type(child, "text/html"), atom=False
                )
                entry.setdefault("content", []).append({**self.detail("text/html"), "value": value})
                entry.setdefault("summary", value)
            elif tag == "guid":
                self.guid(child, entry)
            elif tag == "pubDate":
                self.date(child, entry, "published", atom=False)
            elif tag == _DC + "date":
                if "dc:date" in seen:
                    raise _Decline
                seen.add("dc:date")
                self.date(child, entry, "updated", atom=False)
            elif tag == "category":
                self.category(child, entry, atom=False)
            elif tag in ("author", _DC + "creator"):
                self.rss_author(child, entry)
            elif tag == "enclosure":
                attrs = _FeedParserMixin._enforce_href(_attributes(child))
                attrs["rel"] = "enclosure"
                entry.setdefault("links", []).append(attrs)
            elif tag not in _IGNORED_ITEM:
                raise _Decline
        return entry

    def guid(self, element: Any, entry: dict[str, Any]) -> None:
        is_link = _attributes(element).get("ispermalink", "true") == "true"
        value, _ = self.value(_own_text(element), "id", atom=False, resolve=is_link)
        entry["id"] = value
        entry.setdefault("guidislink", is_link and "link" not in entry)
        if is_link:
            entry.setdefault("link", value)

    # -- Atom 1.0 --------------------------------------------------------------------------------

    def atom(self, root: Any) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
        feed: dict[str, Any] = {}
        entries: list[dict[str, Any]] = []
        seen: set[str] = set()
        for child in root:
            tag = child.tag
            name = tag[len(_ATOM) :] if tag.startswith(_ATOM) else ""
            if name == "entry":
                entries.append(self.atom_entry(child))
                continue
            if name in ("title", "subtitle"):
                if name in seen:
                    raise _Decline
                seen.add(name)
                self.text_construct(child, feed, name, self.atom_type(child), atom=True)
            elif name == "link":
                self.href_link(child, feed)
            elif name == "author":
                self.atom_author(child, feed)
            elif name == "id":
                if name in seen:
                    raise _Decline
                seen.add(name)
                self.atom_id(child, feed)
            elif name in ("icon", "logo"):  # stored as resolved URIs under their own names
                if name in seen or child.attrib:
                    raise _Decline
                seen.add(name)
                feed[name] = self.value(_own_text(child), name, atom=True)[0]
            elif name not in _IGNORED_ATOM_FEED:
                raise _Decline
        return feed, entries, "atom10"

    def atom_id(self, element: Any, mapping: dict[str, Any]) -> None:
        """An Atom ``<id>``: feedparser takes it as a permalink guid (the link if there is none)."""
        if element.attrib:
            raise _Decline
        value, _ = self.value(_own_text(element), "id", atom=True)
        mapping["id"] = value
        mapping.setdefault("guidislink", "link" not in mapping)
        mapping.setdefault("link", value)

    @staticmethod
    def atom_type(element: Any) -> str:
        if any(key not in ("type",) for key in element.attrib):
            raise _Decline  # src=, mode=, xml:lang ... : feedparser's other paths
        kind = _ATOM_TEXT_TYPES.get(str(element.get("type", "text")).lower())
        if kind is None:
            raise _Decline  # xhtml, or a media type (base64)
        return kind

    def atom_entry(self, element: Any) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        seen: set[str] = set()
        has_content = False
        for child in element:
            tag = child.tag
            name = tag[len(_ATOM) :] if tag.startswith(_ATOM) else ""
            if name in _SINGLE_ENTRY:
                if name in seen:
                    raise _Decline
                seen.add(name)
            if name == "title":
                value, _ = self.value(
                    _own_text(child), "title", kind=self.atom_type(child), atom=True
                )
                entry["title"] = value
                entry["title_detail"] = {**self.detail(self.atom_type(child)), "value": value}
            elif name == "link":
                self.href_link(child, entry)
            elif name == "id":
                self.atom_id(child, entry)
            elif name == "summary":
                if "summary" in entry and not has_content:
                    raise _Decline  # feedparser would take it as content
                self.text_construct(child, entry, "summary", self.atom_type(child), atom=True)
            elif name == "content":
                has_content = True
                kind = self.atom_type(child)
                value, _ = self.value(_own_text(child), "content", kind=kind, atom=True)
                entry["content"] = [{**self.detail(kind), "value": value}]
                entry.setdefault("summary", value)
            elif name in ("published", "updated"):
                self.date(child, entry, name, atom=True)
            elif name == "category":
                self.category(child, entry, atom=True)
            elif name == "author":
                self.atom_author(child, entry)
            elif name not in _IGNORED_ATOM_ENTRY:
                raise _Decline
        return entry
