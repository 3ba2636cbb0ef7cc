"""Prototype of a proposed fast path for core/feeds/parse.py (not used by the product).

feedparser spends most of a refresh's parsing time in Python SAX callbacks, URI resolution and
HTML re-serialisation. For the common case -- a well-formed RSS 2.0 or Atom 1.0 document -- lxml
(already a dependency) builds the tree in C; this module turns it into the same mapping shape
feedparser returns (``entries[i]["title"]``, ``summary_detail``, ``links``, ``tags`` ...) and
hands that to the product's own ``_entry``/``_site_url``/``clean_title``, so every normalisation
(leads, dates, thumbnails, authors) stays in one place. Anything else -- not XML, not well-formed,
another format, DTDs/entities -- falls back to ``parse_feed`` (feedparser).

Known differences from feedparser (to settle before adopting it): ``content_html`` is the feed's
HTML as written (feedparser re-serialises it: sorted, quoted attributes, ``</br>`` dropped), so
content hashes differ once after an upgrade; relative URLs inside HTML are not made absolute here
(the sanitizer resolves them against the article link when displaying).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from newsreader.core import parse as P
from newsreader.core.models import ParsedFeed
from newsreader.core.pages.htmltext import html_to_text

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
MEDIA = "{http://search.yahoo.com/mrss/}"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, recover=False
)


class _Fallback(Exception):
    pass


def _text(el: Any) -> str:
    return "".join(el.itertext()) if el is not None else ""


def _rss_entry(item: Any, base: str) -> dict[str, Any]:
    e: dict[str, Any] = {}
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == "title":
            e["title"] = _text(child)
            e["title_detail"] = {"type": "text/plain"}
        elif tag == "link":
            e["link"] = _text(child).strip()
            e.setdefault("links", []).append(
                {"rel": "alternate", "type": "text/html", "href": e["link"]}
            )
        elif tag == "guid":
            e["id"] = _text(child)
        elif tag == "description":
            e["summary"] = _text(child)
            e["summary_detail"] = {"type": "text/html", "base": base}
        elif tag == "pubDate":
            e["published"] = _text(child).strip()
        elif tag == "category":
            e.setdefault("tags", []).append({"term": _text(child)})
        elif tag in ("author", DC_CREATOR):
            e["author"] = _text(child).strip()
            e["authors"] = [{"name": e["author"]}]
        elif tag == CONTENT:
            e.setdefault("content", []).append({"type": "text/html", "value": _text(child)})
        elif tag == "enclosure":
            e.setdefault("links", []).append(
                {"rel": "enclosure", "href": child.get("url", ""), "type": child.get("type", "")}
            )
        elif tag.startswith(MEDIA):
            raise _Fallback  # media RSS: leave it to feedparser
    return e


def _atom_entry(entry: Any, base: str) -> dict[str, Any]:
    e: dict[str, Any] = {}
    for child in entry:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = tag[len(ATOM) :] if tag.startswith(ATOM) else None
        if name == "title":
            kind = child.get("type", "text")
            e["title"] = _text(child)
            e["title_detail"] = {"type": "text/html" if "html" in kind else "text/plain"}
        elif name == "link":
            rel = child.get("rel", "alternate")
            link = {"rel": rel, "type": child.get("type", ""), "href": child.get("href", "")}
            e.setdefault("links", []).append(link)
            if rel == "alternate" and "link" not in e:
                e["link"] = link["href"]
        elif name == "id":
            e["id"] = _text(child)
        elif name in ("summary", "content"):
            kind = child.get("type", "text")
            if kind == "xhtml":
                raise _Fallback
            html_kind = "text/html" if "html" in kind else "text/plain"
            if name == "summary":
                e["summary"] = _text(child)
                e["summary_detail"] = {"type": html_kind, "base": base}
            else:
                e.setdefault("content", []).append({"type": html_kind, "value": _text(child)})
        elif name in ("published", "updated"):
            e[name] = _text(child).strip()
        elif name == "category":
            e.setdefault("tags", []).append({"term": child.get("term", "")})
        elif name == "author":
            person = {"name": _text(child.find(ATOM + "name")).strip()}
            e.setdefault("authors", []).append(person)
            e["author"] = person["name"]
        elif tag.startswith(MEDIA):
            raise _Fallback
    if "summary" not in e and e.get("content"):
        # feedparser copies <content> into "summary" without a summary_detail
        e["summary"] = e["content"][0]["value"]
    return e


def _feed_dict(root: Any, url: str) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    if root.tag == "rss" and root.get("version") in ("2.0", "0.92", "0.91"):
        channel = root.find("channel")
        if channel is None:
            raise _Fallback
        feed: dict[str, Any] = {}
        title = channel.find("title")
        if title is not None:
            feed["title"] = _text(title)
            feed["title_detail"] = {"type": "text/plain"}
        link = channel.find("link")
        if link is not None:
            feed["link"] = _text(link).strip()
            feed["links"] = [{"rel": "alternate", "type": "text/html", "href": feed["link"]}]
        desc = channel.find("description")
        if desc is not None:
            feed["subtitle"] = _text(desc)
            feed["subtitle_detail"] = {"type": "text/html"}
        image = channel.find("image")
        if image is not None:
            feed["image"] = {"link": _text(image.find("link")).strip()}
        entries = [_rss_entry(item, url) for item in channel.iterfind("item")]
        return feed, entries, "rss20"
    if root.tag == ATOM + "feed":
        feed = {}
        for child in root:
            if child.tag == ATOM + "title":
                feed["title"] = _text(child)
                kind = child.get("type", "text")
                feed["title_detail"] = {"type": "text/html" if "html" in kind else "text/plain"}
            elif child.tag == ATOM + "link":
                feed.setdefault("links", []).append(
                    {
                        "rel": child.get("rel", "alternate"),
                        "type": child.get("type", ""),
                        "href": child.get("href", ""),
                    }
                )
            elif child.tag == ATOM + "subtitle":
                feed["subtitle"] = _text(child)
                feed["subtitle_detail"] = {"type": "text/plain"}
            elif child.tag == ATOM + "author":
                name = _text(child.find(ATOM + "name")).strip()
                feed.setdefault("authors", []).append({"name": name})
        entries = [_atom_entry(e, url) for e in root.iterfind(ATOM + "entry")]
        return feed, entries, "atom10"
    raise _Fallback


def parse_feed_fast(data: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    head = data[:512].lstrip()
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data[:4096]:
        return P.parse_feed(data, url=url, content_type=content_type)
    if not (head.startswith((b"<?xml", b"<rss", b"<feed", b"\xef\xbb\xbf"))):
        return P.parse_feed(data, url=url, content_type=content_type)
    try:
        root = etree.fromstring(data, _PARSER)
        feed, raw_entries, version = _feed_dict(root, url)
    except (etree.XMLSyntaxError, _Fallback, ValueError):
        return P.parse_feed(data, url=url, content_type=content_type)
    feed_author = P._author(feed) if version.startswith("atom") else None
    entries = tuple(P._entry(e, base=url, feed_author=feed_author) for e in raw_entries)
    subtitle = P._str(P._get(feed, "subtitle"))
    description = (
        P.clean_text(
            html_to_text(subtitle) if P._is_html_type(feed.get("subtitle_detail")) else subtitle
        )
        if subtitle
        else ""
    )
    title_raw = P._str(feed.get("title"))
    return ParsedFeed(
        title=P.clean_title(title_raw, html_type=P._is_html_type(feed.get("title_detail"))) or None,
        site_url=P._site_url(feed, url),
        entries=entries,
        version=version,
        description=description or None,
        warning=None,
    )


def compare(paths: list[Any]) -> None:
    """Speed and differences against parse_feed on these feed files."""
    import time

    from newsreader.core.pages.htmltext import html_to_text

    slow = fast = 0.0
    same = differ = fell_back = failed = 0
    notes: dict[str, int] = {}
    for path in paths:
        data = path.read_bytes()
        url = "http://example.vn/feed.rss"
        t = time.perf_counter()
        try:
            a = P.parse_feed(data, url=url)
        except Exception:
            failed += 1
            continue
        slow += time.perf_counter() - t
        t = time.perf_counter()
        b = parse_feed_fast(data, url=url)
        fast += time.perf_counter() - t
        if b.warning is None and a.warning is not None:
            pass
        diffs = set()
        if (a.title, a.site_url, a.version[:3]) != (b.title, b.site_url, b.version[:3]):
            diffs.add("feed")
        if len(a.entries) != len(b.entries):
            diffs.add("count")
        for x, y in zip(a.entries, b.entries, strict=False):
            for f in ("guid", "link", "title", "author", "published", "updated", "summary",
                      "thumbnail", "categories"):  # fmt: skip
                if getattr(x, f) != getattr(y, f):
                    diffs.add(f)
            if html_to_text(x.content_html or "") != html_to_text(y.content_html or ""):
                diffs.add("content text")
        if b is a or (a.version and not b.version):
            fell_back += 1
        if diffs:
            differ += 1
            for d in diffs:
                notes[d] = notes.get(d, 0) + 1
        else:
            same += 1
    print(
        f"{len(paths)} files: {same} identical, {differ} differ {notes}, {failed} not feeds;"
        f" parse_feed {slow:.2f} s, fast path {fast:.2f} s ({slow / max(fast, 1e-9):.1f}x)"
    )


if __name__ == "__main__":
    import sys
    from pathlib import Path

    compare([Path(p) for p in sys.argv[1:]])
