"""feedparser's re-serialisation of entry HTML with relative URIs resolved, without its SGML parser.

feedparser runs every HTML value through ``feedparser.urls.resolve_relative_uris``: an
``sgmllib`` parser that writes each tag back out (attribute names lower-cased, de-duplicated and
sorted, ``rel``/``type`` values lower-cased, URI attributes joined to the base, values escaped,
void elements closed as ``<img ... />`` and their end tags dropped) and each reference back in its
canonical form. The lxml fast path must store exactly that string (content hashes must not change
when a feed moves between the two parsers), and feedparser's generic machinery costs a quarter of
the fast path's time.

:func:`resolve_relative_uris` does the same walk with the same regular expressions and the same
rules for what nearly every feed carries -- text, start and end tags, character and entity
references, comments -- and returns None for anything else (declarations, processing
instructions, CDATA sections, SGML short tags, XHTML content): the caller then runs feedparser's
own. ``tests/core/feeds/test_relative_uris.py`` holds it to feedparser's output on every corpus
value and on a few hundred thousand generated fragments.
"""

from __future__ import annotations

import re
from html.entities import name2codepoint

from feedparser.html import _BaseHTMLProcessor, _cp1252
from feedparser.urls import RelativeURIResolver, _urljoin, make_safe_absolute_uri

from newsreader.core.pages.plainurl import is_plain_absolute_url
from newsreader.core.pages.textscan import has_pair

__all__ = ["join_uri", "resolve_relative_uris"]

# feedparser's (and sgmllib's) own patterns, as it uses them
_NOT_A_DECLARATION = re.compile(r"<!((?!DOCTYPE|--|\[))", re.IGNORECASE)
_SHORT_TAG_FORM = re.compile(r"<([^<>\s]+?)\s*/>")
_INCOMPLETE = re.compile(
    "&([a-zA-Z][a-zA-Z0-9]*|#[0-9]*)?|<([a-zA-Z][^<>]*|/([a-zA-Z][^<>]*)?|![^<>]*)?"
)
_ENTITYREF = re.compile("&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]")
_CHARREF = re.compile("&#([0-9]+|[xX][0-9a-fA-F]+);")
_SHORTTAGOPEN = re.compile("<[a-zA-Z][-.a-zA-Z0-9]*/")
_TAGFIND = re.compile("[a-zA-Z][-_.:a-zA-Z0-9]*")
_ATTRFIND = re.compile(
    r"\s*([a-zA-Z_][-:.a-zA-Z_0-9]*)[$]?(\s*=\s*"
    r'(\'[^\']*\'|"[^"]*"|[][\-a-zA-Z0-9./,:;+*%?!&$\(\)_#=~\'"@]*))?'
)
_ENTITY_OR_CHARREF = re.compile("&(?:([a-zA-Z][-.a-zA-Z0-9]*)|#([0-9]+))(;?)")
# what feedparser's end-bracket pattern (see _end_bracket) wants after a quoted value
_AFTER_QUOTED = re.compile(r">|/|\s|\w+=")
_COMMENTCLOSE = re.compile(r"--\s*>")
_BARE_AMPERSAND = _BaseHTMLProcessor.bare_ampersand
_VOID = frozenset(_BaseHTMLProcessor.elements_no_end_tag)
_URI_ATTRIBUTES = frozenset(RelativeURIResolver.relative_uris)
_KNOWN_ENTITIES = frozenset(name2codepoint) | {"apos"}


def join_uri(base: str, uri: str) -> str:
    """feedparser's ``_urljoin(base, uri)``; a plain absolute http(s) URL is returned as it is."""
    if base and is_plain_absolute_url(uri):
        return uri
    return _urljoin(base, uri)  # type: ignore[no-any-return]


def _safe_absolute(base: str, uri: str) -> str:
    """feedparser's ``make_safe_absolute_uri(base, uri)``."""
    if base and is_plain_absolute_url(uri):
        return uri  # joined it is itself, and http(s) is an acceptable scheme
    return make_safe_absolute_uri(base, uri)  # type: ignore[no-any-return]


def _convert_ref(match: re.Match[str]) -> str:
    """sgmllib's ``_convert_ref`` with feedparser's converters (references kept, ``;`` added)."""
    if match.group(2):
        return f"&#{match.group(2)};"
    if match.group(3):
        return f"&{match.group(1)};"
    return f"&{match.group(1)}"


def _start_tag(tag: str, attrs: list[tuple[str, str]], base: str) -> str:
    """What ``RelativeURIResolver.unknown_starttag`` appends for one start tag."""
    if attrs:
        # _BaseHTMLProcessor.normalize_attrs
        by_name = dict(attrs)  # the last of a repeated name
        normal = sorted(
            (key, (key in ("rel", "type") and value.lower()) or value)
            for key, value in by_name.items()
        )
        pieces = []
        for key, value in normal:
            if (tag, key) in _URI_ATTRIBUTES:
                value = _safe_absolute(base, value.strip()) or value
            value = value.replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")
            if "&" in value:
                value = _BARE_AMPERSAND.sub("&amp;", value)
            pieces.append(f' {key}="{value}"')
        text = "".join(pieces)
    else:
        text = ""
    return f"<{tag}{text} />" if tag in _VOID else f"<{tag}{text}>"


def _charref(ref: str) -> str:
    """``_BaseHTMLProcessor.handle_charref``."""
    ref = ref.lower()
    value = int(ref[1:], 16) if ref.startswith("x") else int(ref)
    if value in _cp1252:
        return f"&#{hex(ord(_cp1252[value]))[1:]};"
    return f"&#{ref};"


def resolve_relative_uris(html: str, base: str, kind: str) -> str | None:
    """``feedparser.urls.resolve_relative_uris(html, base, encoding, kind)``, or None if declined.

    None means *html* has markup this walk does not reproduce (then run feedparser's).
    """
    if kind == "application/xhtml+xml":
        return None  # feedparser closes "<x/>" differently there
    # _BaseHTMLProcessor.feed's preparation of the text
    if has_pair(html, "<!"):
        html = _NOT_A_DECLARATION.sub(r"&lt;!\1", html)
    if has_pair(html, "/>"):
        html = _SHORT_TAG_FORM.sub(_short_tag, html)
    if has_pair(html, "&#"):
        html = html.replace("&#39;", "'").replace("&#34;", '"')
    out: list[str] = []
    append = out.append
    i = 0
    n = len(html)
    find = html.find
    # the next "<" and "&" at or after i (-1: none left): where a search for [&<] from i stops
    next_tag = find("<")
    next_ref = find("&")
    while i < n:
        if 0 <= next_tag < i:
            next_tag = find("<", i)
        if 0 <= next_ref < i:
            next_ref = find("&", i)
        if next_tag < 0:
            j = n if next_ref < 0 else next_ref
        else:
            j = next_tag if next_ref < 0 or next_tag < next_ref else next_ref
        if i < j:
            append(html[i:j])
        i = j
        if i == n:
            break
        if html[i] == "<":
            following = html[i + 1 : i + 2]
            if following.isascii() and following.isalpha():
                if _SHORTTAGOPEN.match(html, i):
                    return None  # SGML's <tag/data/
                j = _end_bracket(html, i)
                if j < 0:
                    append(html[i:])  # never closed: feedparser keeps the rest as text
                    break
                found = _TAGFIND.match(html, i + 1)
                if found is None:
                    return None
                k = found.end()
                tag = html[i + 1 : k].lower()
                attrs: list[tuple[str, str]] = []
                while k < j:
                    attr = _ATTRFIND.match(html, k)
                    if not attr:
                        break
                    name, rest, value = attr.group(1, 2, 3)
                    if not rest:
                        value = name
                    else:
                        if value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                            value = value[1:-1]
                        if "&" in value:
                            value = _ENTITY_OR_CHARREF.sub(_convert_ref, value)
                    attrs.append((name.lower(), value))
                    k = attr.end()
                if html[j] == ">":
                    j += 1
                append(_start_tag(tag, attrs, base))
                i = j
                continue
            if following == "/":
                j = _end_bracket(html, i)
                if j < 0:
                    append(html[i:])
                    break
                tag = html[i + 2 : j].strip().lower()
                if html[j] == ">":
                    j += 1
                name = _TAGFIND.match(tag)
                if name is not None:
                    tag = name.group(0)
                if tag not in _VOID:
                    append(f"</{tag}>")
                i = j
                continue
            if following == ">":
                return None  # SGML's <> (the last tag again)
            if html.startswith("<!--", i):
                close = _COMMENTCLOSE.search(html, i + 4)
                if close is None:
                    append(html[i:])
                    break
                append(f"<!--{html[i + 4 : close.start()]}-->")
                i = close.end()
                continue
            if following in ("!", "?"):
                return None  # declarations, CDATA, processing instructions
        else:
            ref = _CHARREF.match(html, i)
            if ref:
                append(_charref(ref.group(1)))
                i = ref.end()
                continue
            ref = _ENTITYREF.match(html, i)
            if ref:
                name = ref.group(1)
                append(f"&{name};" if name in _KNOWN_ENTITIES else f"&amp;{name}")
                i = ref.end()
                if html[i - 1] != ";":
                    i -= 1
                continue
        incomplete = _INCOMPLETE.match(html, i)
        if not incomplete:
            append(html[i])
            i += 1
            continue
        j = incomplete.end()
        if j == n:
            append(html[i:])  # sgmllib stops here, then its close() keeps the rest as text
            break
        append(html[i:j])
        i = j
    return "".join(out)


def _end_bracket(html: str, start: int) -> int:
    """Where feedparser's end-bracket search from the tag at *start* stops (-1: nowhere).

    That is feedparser's ``_EndBracketRegEx().endbracket.match(html, start + 1)`` (its
    replacement of sgmllib's), without the pattern, which steps through a tag one character at a
    time. Its first branch reads characters that are not quotes or brackets, and quoted values
    each followed by ``>``, ``/``, a space or ``name=``; it must then stand before a bracket.
    Which item a character starts is fixed by the character, and no position inside a tag is
    before a bracket, so no backtracking makes that branch match elsewhere: it matches at the
    bracket where those items end, or not at all. Its second branch reads up to the first
    bracket on the same line.
    """
    first = _next_bracket(html, start + 1)
    if first < 0:
        return -1  # the pattern needs a bracket ahead
    pos = start + 1
    bracket = first
    find = html.find
    while True:
        quote = _next_quote(html, pos, bracket)
        if quote < 0:
            return bracket  # the first branch: plain characters up to the bracket
        close = find(html[quote], quote + 1)
        if close < 0 or _AFTER_QUOTED.match(html, close + 1) is None:
            break  # the first branch fails here
        pos = close + 1
        if pos > bracket:  # the quoted value held the bracket: the next one counts
            bracket = _next_bracket(html, pos)
            if bracket < 0:
                break
    # the second branch: up to the first bracket, on the same line
    return first if find("\n", start + 1, first) < 0 else -1


def _next_bracket(html: str, pos: int) -> int:
    """The first "<" or ">" at or after *pos* (-1: none)."""
    close = html.find(">", pos)
    open_ = html.find("<", pos, close if close >= 0 else len(html))
    return open_ if open_ >= 0 else close


def _next_quote(html: str, pos: int, end: int) -> int:
    """The first quote (either kind) in ``html[pos:end]`` (-1: none)."""
    double = html.find('"', pos, end)
    single = html.find("'", pos, double if double >= 0 else end)
    return single if single >= 0 else double


def _short_tag(match: re.Match[str]) -> str:
    """``_BaseHTMLProcessor._shorttag_replace``."""
    tag = match.group(1)
    return f"<{tag} />" if tag in _VOID else f"<{tag}></{tag}>"
