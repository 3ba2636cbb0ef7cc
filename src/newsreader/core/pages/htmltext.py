"""Plain text and the lead image out of an HTML fragment, with the standard library only.

Feed descriptions are small, often broken HTML (``</br>``, unquoted attributes, raw ``&``), so this
module uses :class:`html.parser.HTMLParser`, which never raises on bad markup. It is *not* a
sanitizer: it only reads text and image URLs; making HTML safe to display is ``sanitize``'s job.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from newsreader.core.pages.plainurl import is_plain_absolute_url
from newsreader.core.pages.srcset import LAZY_SRC_ATTRS, LAZY_SRCSET_ATTRS, pick_from_srcset
from newsreader.core.pages.textscan import has_space_by_newline, has_two_spaces

SUMMARY_MAX_CHARS = 600  # characters of an entry's plain-text lead

# --- one line of clean text ---------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")
# C0/C1 controls (whitespace ones are turned into spaces first), bidi embeddings/overrides
# (U+202A-U+202E) and isolates (U+2066-U+2069), a stray BOM, and lone surrogates (which could not
# even be stored as UTF-8).
_UNWANTED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]+")
_DOUBLE_SPACE = re.compile(" {2,}")


def clean_text(text: str) -> str:
    """One line of clean text: NFC, whitespace collapsed, controls and bidi overrides removed.

    Every run of whitespace (newlines and tabs included) becomes one space and the ends are
    stripped, so the result is always a single line.
    """
    if not text:
        return ""
    line = _one_line_of_printable(text)
    if line is not None:  # printable: no _UNWANTED character (see below)
        return unicodedata.normalize("NFC", line).strip()
    text = " ".join(text.split())  # = _WHITESPACE.sub(" ", text), the ends go at the strip
    # Every _UNWANTED character is unprintable (Cc, Cf or Cs); and only a removal can leave
    # two spaces in a row after the join. So a printable text skips both replacements.
    if not text.isprintable():
        kept = _UNWANTED.sub("", text)
        if len(kept) != len(text):
            kept = _DOUBLE_SPACE.sub(" ", kept)
        text = kept
    return unicodedata.normalize("NFC", text).strip()


def _one_line_of_printable(text: str) -> str | None:
    """``" ".join(text.split())`` when that is printable, made without a list of every word;
    else None (or when the text is not of the shape this takes).

    Text made of lines (paragraphs: one or two newlines) with single spaces between words, as
    the text of HTML is, is done with two replacements: the only whitespace a printable text has
    is the space (every other whitespace character is Cc, Zs, Zl or Zp), so a printable result
    without two spaces in a row had only single spaces and runs of one or two newlines, each now
    one space.
    """
    line = text.replace("\n\n", "\n").replace("\n", " ") if "\n" in text else text
    if not has_two_spaces(line) and line.isprintable():
        return line.strip(" ")
    return None


__all__ = [
    "MarkupEvent",
    "absolute_http_url",
    "first_image",
    "html_to_text",
    "simple_markup_events",
    "text_and_image",
    "truncate_text",
]

# Elements whose end (and start) is a line break in the text.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# Elements that end a paragraph: followed by a blank line.
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table", "figure"}
)
# Elements whose content is never text.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "head", "title", "iframe", "object"}
)

_SPACES = re.compile(r"[^\S\n]+")  # whitespace except newlines
_NEWLINES = re.compile(r"\n{3,}")
_ELLIPSIS = "…"


class _Stop(Exception):
    """Raised inside the parser once enough text has been collected."""


class _TextHandler:
    """What :class:`_TextParser` does with the parser's events (also used without the parser)."""

    def __init__(self, limit: int | None) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.skip_depth = 0
        self.pre_depth = 0
        self.pending = 0  # line breaks owed before the next text

    def _block(self, tag: str) -> None:
        # Block boundaries do not stack ("</div><div>" is one break); <br>s do ("<br><br>").
        self.pending = max(self.pending, 2 if tag in _PARAGRAPH else 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "br":
            self.pending += 1
        elif tag in _BLOCK:
            self._block(tag)
            if tag == "pre":
                self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <img/>, <p/>: a start that is also an end; never opens a skipped element.
        if tag == "br":
            self.pending += 1
        elif tag in _BLOCK:
            self._block(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if self.skip_depth:
                self.skip_depth -= 1
            return
        if tag == "br":  # the bogus </br> of VnExpress descriptions: browsers treat it as <br>
            self.pending += 1
        elif tag in _BLOCK:
            self._block(tag)
            if tag == "pre" and self.pre_depth:
                self.pre_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            text = data.replace("\r\n", "\n").replace("\r", "\n")
            text = "\n".join(_SPACES.sub(" ", line) for line in text.split("\n"))
        else:
            text = _collapse(data)
        if not text.strip():
            if not self.pending:
                self.parts.append(" ")
            return
        if self.pending:
            self.parts.append("\n" * min(self.pending, 2))
            self.pending = 0
        self.parts.append(text)
        self.size += len(text)
        if self.limit is not None and self.size > self.limit:
            raise _Stop


class _TextParser(_TextHandler, HTMLParser):
    def __init__(self, limit: int | None) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        _TextHandler.__init__(self, limit)


def _collapse(data: str) -> str:
    """Every run of whitespace (newlines too) as one space, a space at either end kept.

    The same as ``_SPACES.sub(" ", data)`` with newlines made spaces first, several times faster
    (``str.split`` instead of one regex replacement per space between words); a printable text
    without two spaces in a row has no other whitespace than single spaces: it is kept as it is
    (see `_one_line_of_printable`)."""
    if not has_two_spaces(data) and data.isprintable():
        return data
    words = data.split()
    if not words:
        return " " if data else ""
    core = " ".join(words)
    if data[0].isspace():
        core = " " + core
    if data[-1].isspace():
        core += " "
    return core


def _assemble(parts: list[str]) -> str:
    text = "".join(parts)
    if (
        has_two_spaces(text)
        or has_space_by_newline(text)
        or not (text.replace("\n", " ") if "\n" in text else text).isprintable()
    ):
        lines = [" ".join(line.split()) for line in text.split("\n")]  # = _SPACES.sub + strip
        text = "\n".join(lines)
    # else every line is as that would make it already, but for a space at either end of the
    # text (only newlines and single spaces, none next to a newline): the strip below takes it
    return (_NEWLINES.sub("\n\n", text) if "\n\n\n" in text else text).strip()


def truncate_text(text: str, max_chars: int) -> str:
    """Cut *text* to at most *max_chars* characters on a word boundary, ending with "…"."""
    if max_chars <= 0:
        return ""
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= max_chars // 2:  # a word boundary not too far back; else cut inside the word
        cut = cut[:space]
    return cut.rstrip(" \n\t,;:-–—") + _ELLIPSIS


def html_to_text(html: str, *, max_chars: int | None = None) -> str:
    """The readable text of an HTML fragment.

    Block elements become line breaks (a blank line after paragraphs), ``<br>`` and the bogus
    ``</br>`` a single break; runs of spaces collapse; entities are decoded; the content of
    ``script``/``style`` and similar is dropped; images contribute nothing. With *max_chars* the
    result is cut on a word boundary and ends with "…" (parsing stops early for long inputs).
    """
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        text = _assemble([html.replace("\r", " ").replace("\n", " ")])
    else:
        # A few characters more than asked, so that the word-boundary cut has room to work.
        limit = None if max_chars is None else max_chars + 200
        parser = _TextParser(limit)
        try:
            parser.feed(html)
            parser.close()
        except _Stop:
            pass
        except Exception:  # HTMLParser is lenient, but never let markup crash a caller
            pass
        text = _assemble(parser.parts)
    if max_chars is not None:
        text = truncate_text(text, max_chars)
    return text


# --- images -------------------------------------------------------------------------------------


class _ImageHandler:
    """What :class:`_ImageParser` does with the parser's events (also used without the parser)."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.found: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        url = self.picture(attrs)
        if url:
            self.found = url
            raise _Stop

    handle_startendtag = handle_starttag

    def picture(self, attrs: list[tuple[str, str | None]]) -> str | None:
        """The picture an ``<img>`` with *attrs* gives, or None (then the next one is tried)."""
        values = {name: (value or "").strip() for name, value in attrs}
        if _is_pixel(values):
            return None
        for candidate in _image_candidates(values):
            if not candidate:
                continue
            url = absolute_http_url(candidate, self.base_url)
            if url and _not_a_picture(url):
                return None  # a tracker, a share button or an emoji: try the next <img>
            if url:
                return url
        return None


def _image_candidates(values: dict[str, str]) -> Iterator[str]:
    """An ``<img>``'s URLs in the order they are tried (a ``srcset`` read only when reached)."""
    # Lazy-loading attributes first: their `src` is usually a placeholder (a 1x1 data: GIF).
    for name in LAZY_SRC_ATTRS:
        yield values.get(name, "")
    yield values.get("src", "")
    for name in ("srcset", *LAZY_SRCSET_ATTRS):
        yield pick_from_srcset(values.get(name, ""))


class _ImageParser(_ImageHandler, HTMLParser):
    def __init__(self, base_url: str | None) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        _ImageHandler.__init__(self, base_url)


# Images that are never an article's picture: feed-flare buttons and trackers (FeedBurner,
# Feedsportal, Pheedo, WordPress stats, ad servers, share-button icons), WordPress emoji, avatars.
_NOT_A_PICTURE = re.compile(
    r"feeds\.feedburner\.com/~|feedsportal\.com/|pixel\.wp\.com/|stats\.wordpress\.com/"
    r"|doubleclick\.net/|pheedo\.com/|s\.w\.org/images/core/emoji/|gravatar\.com/avatar/"
    r"|/(?:facebook|twitter|email|share|digg|reddit|linkedin|rss)[\w-]*\.(?:gif|png)(?:$|\?)",
    re.IGNORECASE,
)


# Every alternative of _NOT_A_PICTURE holds one of these words. In an ASCII URL the pattern's
# letters match just their two ASCII cases, so an ASCII URL whose lower case has none of them
# does not match: found without trying the pattern at every position (6-22 us a URL).
_NOT_A_PICTURE_WORDS = (
    "feedburner", "feedsportal", "pixel.wp.com/", "stats.wordpress.com/", "doubleclick",
    "pheedo", "s.w.org/", "gravatar", "facebook", "twitter", "email", "share", "digg", "reddit",
    "linkedin", "rss",
)  # fmt: skip


def _not_a_picture(url: str) -> bool:
    """``_NOT_A_PICTURE.search(url)``: a tracker, a share button, an emoji or an avatar."""
    if url.isascii():
        lower = url.lower()
        for word in _NOT_A_PICTURE_WORDS:
            if word in lower:
                break
        else:
            return False
    return _NOT_A_PICTURE.search(url) is not None


def _is_pixel(attrs: dict[str, str]) -> bool:
    """A tracking pixel (width or height 0/1) is never a thumbnail."""
    for dim in ("width", "height"):
        if dim in attrs and attrs[dim].removesuffix("px").strip() in ("0", "1"):
            return True
    return False


def absolute_http_url(url: str | None, base_url: str | None = None) -> str | None:
    """*url* made absolute against *base_url*; None unless the result is an http(s) URL."""
    if not url:
        return None
    url = "".join(url.split()) if any(c in url for c in "\r\n\t") else url.strip()
    if not url or url.startswith("data:"):
        return None
    if is_plain_absolute_url(url):
        return url  # what the joining and checking below would give, without the parsing
    try:
        resolved = urljoin(base_url, url) if base_url else url
        parts = urlsplit(resolved)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        return None
    return (scheme + resolved[len(parts.scheme) :]).replace(" ", "%20")  # "HTTP://" -> "http://"


# "<img" in any case: the only characters whose lower case is "i", "m" or "g" are those letters
# ("İ" lowers to "i" and a combining dot, which no "m" follows), and none lowers to "<"
_IMG_TAG = re.compile("<[iI][mM][gG]")


def _has_img_tag(html: str) -> bool:
    """``"<img" in html.lower()``, without lower-casing a copy of *html*."""
    return "<img" in html or _IMG_TAG.search(html) is not None


def first_image(html: str, base_url: str | None = None) -> str | None:
    """The URL of the first real ``<img>`` of *html*, made absolute against *base_url*.

    ``data-src`` (and other lazy-loading attributes) win, then ``src``, then the
    ``srcset`` candidate :mod:`~newsreader.core.pages.srcset` picks; tracking pixels
    (width/height 0 or 1) are skipped; only http(s) URLs count.
    """
    if not html or not _has_img_tag(html):
        return None
    parser = _ImageParser(base_url)
    try:
        parser.feed(html)
        parser.close()
    except _Stop:
        pass
    except Exception:  # see html_to_text
        pass
    return parser.found


# --- text and the first image in one pass -------------------------------------------------------


class _ScanHandler(_TextHandler):
    """:class:`_TextParser` and :class:`_ImageParser` over the same events, in one pass.

    The text is collected as by ``_TextParser`` with no limit, noting how many parts there were
    when it first grew past each of *limits* (where that parser, given the limit, would have
    stopped); the image is looked for as ``_ImageParser`` does. Parsing stops once the text is past
    the last limit and the image is found (or not wanted).
    """

    def __init__(self, limits: tuple[int | None, ...], base_url: str | None, image: bool) -> None:
        _TextHandler.__init__(self, None)
        self.limits = limits
        self.marks: list[int] = []
        self.text_done = False
        self.found: str | None = None
        self.images: _ImageHandler | None = _ImageHandler(base_url) if image else None

    def _image(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        images = self.images
        if images is None or tag != "img":
            return
        try:
            url = images.picture(attrs)
        except Exception:  # where _ImageParser would have stopped, finding nothing
            self.images = None
            if self.text_done:
                raise _Stop from None
            return
        if url:  # found
            self.images = None
            self.found = url
            if self.text_done:
                raise _Stop

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._image(tag, attrs)
        if not self.text_done:
            super().handle_starttag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._image(tag, attrs)
        if not self.text_done:
            super().handle_startendtag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.text_done:
            super().handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.text_done:
            return
        super().handle_data(data)
        limits = self.limits
        while len(self.marks) < len(limits):
            limit = limits[len(self.marks)]
            if limit is None or self.size <= limit:
                return
            self.marks.append(len(self.parts))
        self.text_done = True
        if self.images is None:
            raise _Stop


class _ScanParser(_ScanHandler, HTMLParser):
    def __init__(self, limits: tuple[int | None, ...], base_url: str | None, image: bool) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        _ScanHandler.__init__(self, limits, base_url, image)


def text_and_image(
    html: str, max_chars: tuple[int | None, ...], base_url: str | None, *, image: bool = True
) -> tuple[list[str], str | None]:
    """``[html_to_text(html, max_chars=m) for m in max_chars]`` and ``first_image(html, base_url)``
    (None when *image* is false), from one pass of the parser instead of one pass each.

    *max_chars* must be in ascending order (None, no limit, last).
    """
    image = image and bool(html) and _has_img_tag(html)
    if not html:
        return ["" for _ in max_chars], None
    if "<" not in html and "&" not in html:
        whole = _assemble([html.replace("\r", " ").replace("\n", " ")])
        return [whole if m is None else truncate_text(whole, m) for m in max_chars], None
    limits = tuple(None if m is None else m + 200 for m in max_chars)  # as html_to_text's
    events = simple_markup_events(html)
    parser: _ScanHandler
    try:
        if events is None:
            parser = _ScanParser(limits, base_url, image)
            parser.feed(html)
            parser.close()
        else:  # what HTMLParser would call, without its tokenizer
            parser = _ScanHandler(limits, base_url, image)
            _replay(events, parser)
    except _Stop:
        pass
    except Exception:  # see html_to_text
        pass
    texts = []
    assembled: dict[int, str] = {}  # by the number of parts
    for index, most in enumerate(max_chars):
        count = parser.marks[index] if index < len(parser.marks) else len(parser.parts)
        text = assembled.get(count)
        if text is None:
            text = assembled[count] = _assemble(parser.parts[:count])
        texts.append(text if most is None else truncate_text(text, most))
    return texts, parser.found


def _replay(events: list[MarkupEvent], handler: _ScanHandler) -> None:
    for event in events:
        if isinstance(event, str):
            handler.handle_data(event)
        elif event[0] == "":
            handler.handle_endtag(event[1])
        elif event[0] == "/":
            handler.handle_startendtag(event[1], event[2])
        else:
            handler.handle_starttag(event[1], event[2])


# --- HTMLParser's events for simple markup, without HTMLParser ----------------------------------

_SPACE = "[ \t\n\r\f]"
# A start or end tag every version of HTMLParser reads the same way: an ASCII name, attributes
# separated by whitespace with a quoted (no brackets inside) or a plain unquoted value.
_SIMPLE_TAG = re.compile(
    rf"<(?:([a-zA-Z][a-zA-Z0-9]*)((?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    rf"(?:{_SPACE}*={_SPACE}*(?:\"[^\"<>]*\"|'[^'<>]*'|[^ \t\n\r\f\"'=<>`]+))?)*){_SPACE}*(/?)"
    rf"|/([a-zA-Z][a-zA-Z0-9]*){_SPACE}*)>"
)
_SIMPLE_ATTR = re.compile(
    rf"{_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)"
    rf"(?:{_SPACE}*={_SPACE}*(?:\"([^\"<>]*)\"|'([^'<>]*)'|([^ \t\n\r\f\"'=<>`]+)))?"
)
# Elements whose content HTMLParser (in some version) reads as raw text: not simple.
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
     "plaintext"}
)  # fmt: skip

MarkupEvent = str | tuple[str, str, list[tuple[str, str | None]]]


def simple_markup_events(html: str) -> list[MarkupEvent] | None:
    """The calls ``HTMLParser(convert_charrefs=True)`` makes for *html*, if its markup is simple.

    A text is a ``str`` (references decoded), a start tag ``("<", tag, attrs)``, a self-closed one
    ``("/", tag, attrs)``, an end tag ``("", tag, [])``; attributes are given for ``img`` only (the
    only element whose attributes are read here). None when a ``<`` starts anything but a simple
    tag (a comment, a declaration, a bracket in the text, an odd attribute ...) or a raw-text
    element opens: then HTMLParser itself must read *html*.
    """
    if "\x00" in html:
        return None
    events: list[MarkupEvent] = []
    append = events.append
    find = html.find
    match = _SIMPLE_TAG.match
    pos = 0
    while True:
        start = find("<", pos)
        if start < 0:
            if pos < len(html):
                text = html[pos:]
                append(unescape(text) if "&" in text else text)
            return events
        if start > pos:
            text = html[pos:start]
            append(unescape(text) if "&" in text else text)
        tag = match(html, start)
        if tag is None:
            return None
        name = tag.group(1)
        if name is None:
            append(("", tag.group(4).lower(), []))
        else:
            name = name.lower()
            closed = tag.group(3)
            if name in _RAW_TEXT and not closed:
                return None
            attrs: list[tuple[str, str | None]] = []
            if name == "img":
                for attr in _SIMPLE_ATTR.finditer(tag.group(2)):
                    quoted = attr.group(2)
                    value = quoted if quoted is not None else attr.group(3)
                    if value is None:
                        value = attr.group(4)
                    attrs.append((attr.group(1).lower(), unescape(value) if value else value))
            append(("/" if closed else "<", name, attrs))
        pos = tag.end()
