"""The one sanitizer policy for everything Newsreader shows as HTML (article bodies, leads).

Feed HTML comes from anyone. What leaves this module is inert, bounded and self-contained:

* an explicit allow-list of tags and attributes (nh3); scripts, styles, frames, SVG, MathML and
  forms are removed *with* their content; no ``style``/``class``/``id``/``on*`` attribute survives;
* links are absolute http/https/mailto URLs resolved against the article URL, anything else
  (``javascript:`` however it is spelled, ``data:``, ``file:``, relative without a base) loses its
  link and keeps its text;
* images are only http(s) and are rewritten to ``nrimg:<ref>`` references, so the viewer serves
  them from the cache and Qt itself never fetches or reads a file; lazy-loading attributes are
  resolved, tracking pixels dropped;
* guards that keep Qt's rich-text layout fast: nesting depth, nested tables (layout time doubles
  per level), table size, unbreakable words, image count and total output size are capped;
* control characters, bidi overrides and lone surrogates are stripped.

``sanitize_html`` never raises: when anything goes wrong the input degrades to escaped text.
This module never imports Qt.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import html
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import nh3

from newsreader.core.pages.plainlabel import plain_text_label
from newsreader.core.pages.srcset import LAZY_SRC_ATTRS, LAZY_SRCSET_ATTRS, pick_from_srcset

__all__ = [
    "IMAGE_SCHEME",
    "MAX_OUTPUT_CHARS",
    "TRUNCATION_NOTE",
    "decode_image_ref",
    "encode_image_ref",
    "image_urls",
    "plain_text_label",
    "safe_url",
    "sanitize_html",
    "strip_invisible",
]

log = logging.getLogger("newsreader.sanitize")

IMAGE_SCHEME = "nrimg"

# --- limits -------------------------------------------------------------------------------------
MAX_INPUT_CHARS = 1_500_000  # cut before parsing at all
MAX_TREE_CHARS = 640_000  # nh3 output handed to the tree builder (the output is capped lower)
MAX_OUTPUT_CHARS = 512 * 1024  # serialized HTML
MAX_DEPTH = 12  # nested elements in the output
MAX_TABLE_NESTING = 2  # a table in a table is fine; a third level is flattened
MAX_TABLE_CELLS = 600  # per table; a bigger table is flattened to rows
MAX_TABLE_COLUMNS = 24  # cells per row; a wider table is flattened to rows
MAX_DOCUMENT_CELLS = 3_000  # all tables together
MAX_COLSPAN = MAX_TABLE_COLUMNS
MAX_ROWSPAN = 200
MAX_IMAGES = 100
MAX_WORD = 64  # characters without a break opportunity before a U+200B is inserted
MAX_URL_CHARS = 4_096
# Qt lays out Han, kana and Hangul some 30 times slower than Latin or Vietnamese text (font
# fallback per character): each such character counts this many times against the output budget.
SLOW_SCRIPT_WEIGHT = 32
PRE_DEPTH_LIMIT = 48  # crude nesting bound applied before nh3 (html5ever is quadratic in depth)

TRUNCATION_NOTE = "<p><em>[…]</em></p>"
_SLOW_SCRIPT = re.compile("[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_ZWSP = "\u200b"

# --- the policy ---------------------------------------------------------------------------------
# What the output may contain.
_OUTPUT_TAGS = frozenset(
    {
        "p", "br", "a", "b", "strong", "i", "em", "u", "s", "blockquote", "q", "cite",
        "ul", "ol", "li", "dl", "dt", "dd", "h3", "h4", "h5", "h6", "pre", "code",
        "figure", "figcaption", "img", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
        "sub", "sup", "small", "hr", "span", "div",
    }
)  # fmt: skip
_OUTPUT_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
# Tags renamed on the way out: h1/h2 would compete with the article title; HTML5 sectioning and
# old presentational elements keep their block/inline role under a name Qt understands.
_RENAME = {
    "h1": "h3", "h2": "h3",
    "article": "div", "section": "div", "header": "div", "footer": "div", "aside": "div",
    "main": "div", "nav": "div", "center": "div", "address": "div", "details": "div",
    "summary": "div", "hgroup": "div",
    "strike": "s", "del": "s", "ins": "u", "tt": "code", "kbd": "code", "samp": "code",
    "var": "i", "dfn": "i",
}  # fmt: skip
_INPUT_TAGS = _OUTPUT_TAGS | {"h1", "h2", "caption"} | _RENAME.keys()
_INPUT_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {
        "src", "alt", "title", "width", "height", "srcset", *LAZY_SRC_ATTRS, *LAZY_SRCSET_ATTRS,
    },
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}  # fmt: skip
# Removed together with everything inside them.
# <noscript> too: html5ever reads its content as raw text, which would show as literal markup; it
# only ever repeats a lazy-loaded picture that the data-src rules already resolve.
_DROP_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
        "math", "form", "textarea", "select", "button", "template", "noembed", "noframes",
        "canvas", "video", "audio", "map", "xmp", "title", "noscript",
    }
)  # fmt: skip

_VOID = frozenset({"br", "hr", "img"})
_BLOCK = frozenset(
    {
        "p", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h3", "h4", "h5", "h6", "pre",
        "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "hr",
        "div", "br", "img", "caption",
    }
)  # fmt: skip
_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "caption"})

_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_IMAGE_SCHEMES = frozenset({"http", "https"})

_FIRST_PASS = nh3.Cleaner(
    tags=set(_INPUT_TAGS),
    clean_content_tags=set(_DROP_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in _INPUT_ATTRIBUTES.items()},
    url_schemes=set(_LINK_SCHEMES),
    link_rel=None,
    url_relative="pass_through",  # resolved (or dropped) by us against the article URL
    strip_comments=True,
)
# Defence in depth: whatever the tree walk below emits is cleaned once more against the output
# policy, so a bug there cannot let anything outside the allow-list through.
_LAST_PASS = nh3.Cleaner(
    tags=set(_OUTPUT_TAGS),
    clean_content_tags=set(_DROP_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in _OUTPUT_ATTRIBUTES.items()},
    url_schemes=set(_LINK_SCHEMES | {IMAGE_SCHEME}),
    link_rel=None,
    url_relative="deny",
    strip_comments=True,
)
_TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags=set(_DROP_WITH_CONTENT), attributes={})

# --- invisible characters -----------------------------------------------------------------------
# C0 controls except \t \n (\r is folded into \n first), DEL, C1 controls, bidi embeddings,
# overrides and isolates, lone surrogates (they cannot even be encoded), non-characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def strip_invisible(text: str) -> str:
    """`text` without control characters (except tab/newline), bidi overrides and surrogates."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE.sub("", text)


# --- URLs ---------------------------------------------------------------------------------------
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_STRIP = "".join(chr(c) for c in range(0x21))  # C0 controls and space, as browsers do
_URL_REMOVE = re.compile("[\t\n\r]")  # removed anywhere in a URL by browsers
_URL_CONTROLS = re.compile("[\x00-\x1f\x7f]")


def _http_base(base_url: str | None) -> str | None:
    if not base_url:
        return None
    return safe_url(base_url, base_url=None, schemes=_IMAGE_SCHEMES)


def safe_url(
    url: str | None,
    *,
    base_url: str | None,
    schemes: frozenset[str] = _LINK_SCHEMES,
) -> str | None:
    """`url` made absolute against `base_url`, or None unless its scheme is one of `schemes`.

    Tabs and newlines inside the URL are removed first and surrounding controls stripped (that is
    how browsers read ``jav\\tascript:``); entity references must already be decoded (the HTML
    parser does that). http(s) URLs need a host. Backslashes count as slashes, as in browsers.
    """
    if not url:
        return None
    try:
        text = _URL_REMOVE.sub("", url.strip(_URL_STRIP))
        if not text or len(text) > MAX_URL_CHARS or _URL_CONTROLS.search(text):
            return None
        match = _SCHEME.match(text)
        if match:
            scheme = match.group(1).lower()
            if scheme not in schemes:
                return None
            if scheme == "mailto":
                rest = text[match.end() :]
                return "mailto:" + rest.replace(" ", "%20") if rest else None
            absolute = scheme + ":" + text[match.end() :].replace("\\", "/")
        else:
            base = _http_base(base_url)
            if base is None:
                return None
            absolute = urljoin(base, text.replace("\\", "/"))
        parts = urlsplit(absolute)
        scheme = parts.scheme.lower()
        if scheme not in schemes or scheme not in _IMAGE_SCHEMES or not parts.hostname:
            return None
        cleaned = urlunsplit((scheme, parts.netloc, parts.path, parts.query, parts.fragment))
        return cleaned.replace(" ", "%20")
    except (ValueError, UnicodeError):
        return None


def encode_image_ref(url: str) -> str:
    """The ``nrimg:`` reference the sanitized HTML uses for the image at `url`."""
    token = base64.urlsafe_b64encode(url.encode("utf-8")).decode("ascii").rstrip("=")
    return f"{IMAGE_SCHEME}:{token}"


def decode_image_ref(ref: str) -> str | None:
    """The http(s) URL behind an ``nrimg:`` reference, or None for anything else."""
    try:
        scheme, sep, token = ref.partition(":")
        if not sep or scheme.lower() != IMAGE_SCHEME or not token or len(token) > 2 * MAX_URL_CHARS:
            return None
        padded = token + "=" * (-len(token) % 4)
        url = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (ValueError, UnicodeError, binascii.Error):
        return None
    # Only what the sanitizer could have produced: an absolute http(s) URL, unchanged by cleaning.
    return url if safe_url(url, base_url=None, schemes=_IMAGE_SCHEMES) == url else None


_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"(" + IMAGE_SCHEME + r":[A-Za-z0-9_\-]+)\"", re.I)


def image_urls(safe_html: str) -> list[str]:
    """The http(s) image URLs a sanitized fragment refers to, in document order, without repeats."""
    seen: dict[str, None] = {}
    for match in _IMG_SRC.finditer(safe_html or ""):
        url = decode_image_ref(match.group(1))
        if url is not None:
            seen.setdefault(url, None)
    return list(seen)


# --- images -------------------------------------------------------------------------------------
# Beacons and feed-flare buttons that are never part of an article.
_TRACKER = re.compile(
    r"^https?://(?:[^/]*\.)?(?:feedsportal\.com|pixel\.wp\.com|stats\.wordpress\.com|"
    r"pixel\.quantserve\.com|doubleclick\.net|google-analytics\.com|pheedo\.com|"
    r"feeds\.feedblitz\.com|pixel\.facebook\.com|b\.scorecardresearch\.com)(?:[:/?#]|$)"
    r"|^https?://feeds\.feedburner\.com/~[a-z]/"
    r"|^https?://feeds\.wordpress\.com/[\d.]+/(?:comments|gocomments)/",
    re.IGNORECASE,
)
# Names lazy-loading scripts use for the picture shown until the real one loads.
_PLACEHOLDER_NAME = re.compile(
    r"/(?:[\w-]*[-_])?(?:blank|spacer|pixel|placeholder|transparent|1x1|lazy|loading|grey|gray)"
    r"[\w-]*\.(?:gif|png|svg|jpe?g|webp)(?:$|[?#])",
    re.IGNORECASE,
)


def _dimension(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip().lower().removesuffix("px").strip()
    try:
        return int(float(text))
    except (ValueError, OverflowError):  # "abc", "nan", "1e999"
        return None


def _image_url(attrs: dict[str, str], base_url: str | None) -> str | None:
    """The real picture an <img> shows once its lazy-loading script ran, or None."""
    width, height = _dimension(attrs.get("width")), _dimension(attrs.get("height"))
    if (width is not None and width <= 1) or (height is not None and height <= 1):
        return None  # a tracking pixel (or a hidden image)
    candidates = [attrs.get(name, "") for name in LAZY_SRC_ATTRS]
    candidates += [pick_from_srcset(attrs.get(name, "")) for name in LAZY_SRCSET_ATTRS]
    candidates += [attrs.get("src", ""), pick_from_srcset(attrs.get("srcset", ""))]
    for candidate in candidates:
        url = safe_url(candidate, base_url=base_url, schemes=_IMAGE_SCHEMES)
        if url is None or _PLACEHOLDER_NAME.search(url):
            continue
        return None if _TRACKER.search(url) else url
    return None


# --- long words ---------------------------------------------------------------------------------
# Characters after which the layout may break a line. No-break spaces (U+00A0, U+2007, U+202F)
# are deliberately absent: a "word" glued with them is still one unbreakable run.
_BREAKS = " \t\n\u200b\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000"
_RUN = re.compile(f"[^{_BREAKS}]+")
_LONG_RUN = re.compile(f"[^{_BREAKS}]{{{MAX_WORD + 1},}}")
_TAIL_RUN = re.compile(f"[^{_BREAKS}]+$")


def _break_words(text: str, run: int) -> tuple[str, int]:
    """`text` with U+200B inserted so no run of non-breaking characters exceeds MAX_WORD.

    `run` is the length of the run carried over from the previous text node (a word split across
    inline elements is still one word to the layout); the new carried run is returned.
    """
    if not text:
        return text, run
    head = _RUN.match(text)
    head_len = head.end() if head else 0
    if run + head_len <= MAX_WORD and not _LONG_RUN.search(text):
        if head_len == len(text):
            return text, run + head_len
        tail = _TAIL_RUN.search(text)
        return text, (len(tail.group()) if tail else 0)
    out: list[str] = []
    pos = 0
    for match in _RUN.finditer(text):
        start, end = match.span()
        if start > 0:
            run = 0
        out.append(text[pos:start])
        word = match.group()
        if run + len(word) <= MAX_WORD:
            out.append(word)
            run += len(word)
        else:
            first = MAX_WORD - run
            pieces = [word[:first]] if first > 0 else [""]
            pieces += [word[i : i + MAX_WORD] for i in range(max(first, 0), len(word), MAX_WORD)]
            out.append(_ZWSP.join(pieces))
            run = len(pieces[-1])
        pos = end
    if pos < len(text):
        out.append(text[pos:])
        run = 0
    return "".join(out), run


# --- the tree -----------------------------------------------------------------------------------
@dataclass(slots=True)
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)


# nh3 serializes with html5ever: tags are lowercase, attribute values are always double-quoted
# (with '"' and '&' escaped) and text has '<', '>' and '&' escaped. A regex tokenizer is therefore
# exact on its output, and several times faster than html.parser on big inputs.
_TOKEN = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)\s*/?>')
_ATTR = re.compile(r'([^\s=>/"]+)(?:="([^"]*)")?')


def _build_tree(markup: str) -> _Node:
    """The element tree of `markup` (nh3's output). Unmatched end tags are ignored."""
    root = _Node("#root", {})
    stack = [root]
    pos = 0
    for match in _TOKEN.finditer(markup):
        if match.start() > pos:
            _add_text(stack[-1], html.unescape(markup[pos : match.start()]))
        pos = match.end()
        closing, tag = match.group(1), match.group(2).lower()
        if closing:
            for i in range(len(stack) - 1, 0, -1):
                if stack[i].tag == tag:
                    del stack[i:]
                    break
            continue
        attrs = {
            name.lower(): html.unescape(value or "")
            for name, value in _ATTR.findall(match.group(3))
        }
        node = _Node(tag, attrs)
        stack[-1].children.append(node)
        if tag not in _VOID:
            stack.append(node)
    if pos < len(markup):
        _add_text(stack[-1], html.unescape(markup[pos:]))
    return root


def _add_text(parent: _Node, data: str) -> None:
    children = parent.children
    if children and isinstance(children[-1], str):
        children[-1] += data
    else:
        children.append(data)


def _table_shape(table: _Node) -> tuple[int, int]:
    """(cells, widest row) of `table` itself, not counting tables nested in its cells."""
    cells = widest = 0
    rows: list[_Node] = []
    for child in table.children:
        if isinstance(child, _Node):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows += [r for r in child.children if isinstance(r, _Node) and r.tag == "tr"]
    for row in rows:
        n = sum(1 for c in row.children if isinstance(c, _Node) and c.tag in ("td", "th"))
        cells += n
        widest = max(widest, n)
    return cells, widest


class _Budget(Exception):
    """The output is full."""


_MAX_LEVEL = 3 * MAX_DEPTH  # tree levels walked recursively; deeper subtrees are walked flat


class _Writer:
    """Walks the tree and writes the output HTML, applying every layout guard.

    `depth` counts the elements written around the current node (the output's nesting), `tables`
    the real tables among them, `flat` whether the enclosing table is being flattened and `level`
    the tree levels walked (flattened elements still cost a level, so recursion stays bounded).
    """

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.out: list[str] = []
        self.size = 0
        self.run = 0
        self.images = 0
        self.seen_images: set[str] = set()
        self.cells = 0
        self.truncated = False

    def write(self, piece: str) -> None:
        if self.size + len(piece) > MAX_OUTPUT_CHARS:
            self.truncated = True
            raise _Budget
        self.out.append(piece)
        self.size += len(piece)

    def text(self, data: str) -> None:
        broken, self.run = _break_words(data, self.run)
        escaped = html.escape(broken, quote=False)
        cost = len(escaped)
        if _SLOW_SCRIPT.search(escaped):
            cost += (SLOW_SCRIPT_WEIGHT - 1) * len(_SLOW_SCRIPT.findall(escaped))
        if self.size + cost > MAX_OUTPUT_CHARS:
            room = (MAX_OUTPUT_CHARS - self.size) * len(escaped) // cost
            kept = _cut_text(escaped, room)
            self.out.append(kept)
            self.size = MAX_OUTPUT_CHARS
            self.truncated = True
            raise _Budget
        self.out.append(escaped)
        self.size += cost

    # -- elements --

    def children(self, node: _Node, depth: int, tables: int, flat: bool, level: int) -> None:
        if level >= _MAX_LEVEL:
            self.flat_children(node)
            return
        for child in node.children:
            if isinstance(child, str):
                self.text(child)
            else:
                self.element(child, depth, tables, flat, level + 1)

    def flat_children(self, node: _Node) -> None:
        """Text, images and line breaks of a (very deep) subtree, walked without recursion."""
        stack: list[_Node | str | None] = list(reversed(node.children))
        while stack:
            item = stack.pop()
            if item is None:
                self.text(" ")  # the end of a block element
            elif isinstance(item, str):
                self.text(item)
            elif item.tag == "img":
                self.image(item)
            elif item.tag == "br":
                self.run = 0
                self.write("<br>")
            else:
                if item.tag in _BLOCK:
                    stack.append(None)
                stack.extend(reversed(item.children))

    def element(self, node: _Node, depth: int, tables: int, flat: bool, level: int) -> None:
        tag = node.tag
        if tag == "img":
            self.image(node)
            return
        if tag in ("br", "hr"):
            self.run = 0
            self.write(f"<{tag}>")
            return
        if tag == "table":
            self.table(node, depth, tables, level)
            return
        if flat and tag in _TABLE_PARTS:
            # A flattened table: each row (and caption) becomes a block, cells run inline.
            if tag in ("tr", "caption"):
                self.wrapped("div", {}, node, depth, tables, flat, level)
            else:
                self.children(node, depth, tables, flat, level)
                if tag in ("td", "th"):
                    self.text(" ")
            return
        attrs: dict[str, str] = {}
        out_tag: str | None = _RENAME.get(tag, tag)
        if out_tag not in _OUTPUT_TAGS:
            out_tag = None
        elif tag == "a":
            href = safe_url(node.attrs.get("href"), base_url=self.base_url)
            if href is None:
                out_tag = None  # keep the text, lose the link
            else:
                attrs["href"] = href
                title = plain_text_label(node.attrs.get("title"), max_chars=300)
                if title:
                    attrs["title"] = title
        elif tag in ("td", "th"):
            for name, limit in (("colspan", MAX_COLSPAN), ("rowspan", MAX_ROWSPAN)):
                span = _dimension(node.attrs.get(name))
                if span is not None and span > 1:
                    attrs[name] = str(min(span, limit))
        if out_tag is None:
            self.children(node, depth, tables, flat, level)
        else:
            self.wrapped(out_tag, attrs, node, depth, tables, flat, level)

    def wrapped(
        self,
        tag: str,
        attrs: dict[str, str],
        node: _Node,
        depth: int,
        tables: int,
        flat: bool,
        level: int,
    ) -> None:
        # Parts of a real table are always written (the table reserved depth for them); any
        # other element past MAX_DEPTH gives way to its content.
        if depth >= MAX_DEPTH and (flat or tag not in _TABLE_PARTS):
            self.children(node, depth, tables, flat, level)
            if tag in _BLOCK:
                self.text(" ")
            return
        rendered = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
        if tag in _BLOCK:
            self.run = 0
        self.write(f"<{tag}{rendered}>")
        try:
            self.children(node, depth + 1, tables, flat, level)
        finally:
            # Always close what was opened, even when the budget ran out, so the output stays
            # well-formed (closing tags may overrun the budget by a few hundred characters).
            if tag in _BLOCK:
                self.run = 0
            self.out.append(f"</{tag}>")
            self.size += len(tag) + 3

    def table(self, node: _Node, depth: int, tables: int, level: int) -> None:
        cells, widest = _table_shape(node)
        real = (
            tables < MAX_TABLE_NESTING
            and depth + 4 <= MAX_DEPTH
            and cells <= MAX_TABLE_CELLS
            and widest <= MAX_TABLE_COLUMNS
            and self.cells + cells <= MAX_DOCUMENT_CELLS
        )
        if not real:
            # Qt's table layout is exponential in nesting and slow on huge grids: rows become
            # blocks of text instead.
            self.run = 0
            self.children(node, depth, tables, True, level)
            return
        self.cells += cells
        # Qt ignores <caption>: show it as a paragraph above the table instead.
        for child in node.children:
            if isinstance(child, _Node) and child.tag == "caption":
                self.wrapped("p", {}, child, depth, tables, True, level)
        body = _Node("table", {}, [c for c in node.children if not _is_caption(c)])
        self.wrapped("table", {}, body, depth, tables + 1, False, level)

    def image(self, node: _Node) -> None:
        url = _image_url(node.attrs, self.base_url)
        if url is None or url in self.seen_images or self.images >= MAX_IMAGES:
            return
        self.seen_images.add(url)
        self.images += 1
        attrs = {"src": encode_image_ref(url)}
        for name in ("alt", "title"):
            value = plain_text_label(node.attrs.get(name), max_chars=300)
            if value:
                attrs[name] = value
        rendered = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
        self.run = 0
        self.write(f"<img{rendered}>")


def _cut_text(escaped: str, room: int) -> str:
    """At most `room` characters of escaped text, cut at a break if one is near, never in an
    entity."""
    head = escaped[: max(room, 0)]
    for brk in (" ", "\n", _ZWSP):
        at = head.rfind(brk)
        if at >= 0 and at >= len(head) - 200:
            return head[:at]
    amp = head.rfind("&", max(0, len(head) - 8))
    if amp >= 0 and ";" not in head[amp:]:
        head = head[:amp]
    return head


def _is_caption(child: _Node | str) -> bool:
    return isinstance(child, _Node) and child.tag == "caption"


# --- before nh3 ---------------------------------------------------------------------------------
# The elements that make html5ever scan its stack of open elements (block elements close an open
# <p>, list items close list items): nesting *these* deeply is what costs quadratic time. Inline
# elements (b, i, span, a) and unknown ones nest cheaply and are not counted.
_DEEP_BLOCKS = (
    "address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset|figcaption|figure"
    "|footer|header|hgroup|main|menu|nav|ol|section|summary|ul|h[1-6]|pre|listing|form|search"
    "|optgroup|option|rb|rp|rtc|rt"
)
_BLOCK_TAG = re.compile(rf"<(/?)({_DEEP_BLOCKS})(?=[\s/>])[^>]*>", re.IGNORECASE)


def _limit_depth(text: str) -> str:
    """Drop block start tags that would nest deeper than PRE_DEPTH_LIMIT (roughly counted).

    html5ever (inside nh3) does work proportional to the depth of open elements for each new
    block element, so 100,000 nested <div>s take minutes. This regex pass is crude (it does not
    know about comments or raw text) but it only ever removes tags past a depth that no real
    article reaches, and nh3 still parses whatever is left.
    """
    if text.count("<") < PRE_DEPTH_LIMIT:
        return text
    open_counts: dict[str, int] = {}
    depth = 0
    pieces: list[str] = []
    pos = 0
    for match in _BLOCK_TAG.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        if closing:
            if open_counts.get(name, 0) > 0:
                open_counts[name] -= 1
                depth -= 1
            continue
        if depth >= PRE_DEPTH_LIMIT:
            pieces.append(text[pos : match.start()])
            pos = match.end()
            continue
        open_counts[name] = open_counts.get(name, 0) + 1
        depth += 1
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


def _cut_markup(markup: str, limit: int) -> str:
    """`markup` (nh3 output) cut to about `limit` characters, never inside a tag."""
    if len(markup) <= limit:
        return markup
    head = markup[:limit]
    lt, gt = head.rfind("<"), head.rfind(">")
    if lt > gt:
        head = head[:lt]
    return head


# --- the entry point ----------------------------------------------------------------------------


def _fallback(text: str) -> str:
    """Escaped text: what any input degrades to when sanitizing failed."""
    try:
        plain = _TEXT_ONLY.clean(text[:MAX_OUTPUT_CHARS])
        plain = html.unescape(plain)
    except Exception:
        plain = text[:MAX_OUTPUT_CHARS]
    try:
        plain = strip_invisible(plain)
        broken, _ = _break_words(plain, 0)
        escaped = html.escape(broken, quote=False)
        if len(escaped) > MAX_OUTPUT_CHARS - 16:
            escaped = _cut_text(escaped, MAX_OUTPUT_CHARS - 16)
        return f"<p>{escaped}</p>" if escaped.strip() else ""
    except Exception:
        return ""


def sanitize_html(html_text: str | None, *, base_url: str | None) -> str:
    """Safe, bounded HTML for `html_text` (an untrusted fragment) shown for the page at `base_url`.

    Never raises: hostile or broken input degrades to escaped text.
    """
    if not html_text:
        return ""
    try:
        text = html_text if isinstance(html_text, str) else str(html_text)
        text = strip_invisible(text[:MAX_INPUT_CHARS])
        text = unicodedata.normalize("NFC", text)
        cleaned = _FIRST_PASS.clean(_limit_depth(text))
        root = _build_tree(_cut_markup(cleaned, MAX_TREE_CHARS))
        writer = _Writer(_http_base(base_url))
        with contextlib.suppress(_Budget):  # the budget ran out: keep what was written
            writer.children(root, 0, 0, False, 0)
        if writer.truncated:
            writer.out.append(TRUNCATION_NOTE)
        return str(_LAST_PASS.clean("".join(writer.out)))
    except RecursionError:
        log.warning("sanitize: input nested too deeply; showing it as text")
    except Exception:
        log.exception("sanitize: unexpected failure; showing the input as text")
    return _fallback(html_text if isinstance(html_text, str) else "")
