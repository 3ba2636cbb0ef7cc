"""Seeded random HTML fragments for the oracle tests of the parser's fast paths.

Built from the pieces feed markup is made of, and the ones that trip parsers: tags of every case
with quoted, unquoted and missing attribute values, relative and absolute URLs, void and
raw-text elements, known and unknown entities, numeric references (cp1252 ones too), bare ``&``
and ``<``, comments, declarations, CDATA, processing instructions, short tags, ``</br>``.
"""

from __future__ import annotations

import random

TAGS = [
    "a",
    "img",
    "br",
    "p",
    "b",
    "div",
    "script",
    "iframe",
    "source",
    "video",
    "A",
    "IMG",
    "Br",
    "x:y",
    "h1",
    "blockquote",
    "link",
    "area",
    "input",
    "q",
    "object",
    "pre",
    "style",
    "li",
    "noscript",
    "svg",
    "td",
    "figure",
]
ATTRS = [
    "data-original",
    "data-lazy-src",
    "data-srcset",
    "href",
    "src",
    "HREF",
    "Src",
    "rel",
    "type",
    "width",
    "height",
    "alt",
    "data-src",
    "srcset",
    "style",
    "poster",
    "cite",
    "longdesc",
    "usemap",
    "class",
    "x:y",
    "_a",
]
VALUES = [
    "1",
    "0px",
    "a.jpg 1x, b.jpg 2x",
    "http://a.vn/s.jpg 300w, http://a.vn/l.jpg 900w",
    "http://feeds.feedburner.com/~ff/x.gif",
    "https://s.w.org/images/core/emoji/1.png",
    "/a/b.jpg",
    "b.html",
    "http://example.com/x?a=1&b=2",
    "https://vnexpress.net/tin-4000000.html",
    "HTTP://EX.com/A",
    "javascript:alert(1)",
    "mailto:a@b.vn",
    "  /pad  ",
    "",
    "../up",
    "//cdn.x/y.png",
    "#frag",
    "?q=1",
    "a&amp;b",
    "a&b",
    "x&#38;y",
    "x&#38y",
    "Tên &quot;q&quot;",
    "a>b",
    "a<b",
    "TEXT/HTML",
    "NoFollow",
    "ftp://f/x",
    "data:image/gif;base64,R0lGOD",
    "http://127.0.1.1:18765/img/3.png",
    "http://h/p;x",
    "http://h/p?",
    "http://h/p#f",
    "đường/ảnh.jpg",
    "x y",
    "'",
    '"',
]
TEXTS = [
    "Hà Nội ",
    " đón ",
    "AT&T",
    "&amp;",
    "&nbsp;",
    "&#160;",
    "&#x1EA1;",
    "&#150;",
    "&#X96;",
    "&bogus;",
    "&bogus",
    "& ",
    "&#",
    "&#12",
    "&#xZZ;",
    "a < b",
    "c > d",
    "\n",
    "\t",
    "  ",
    "'",
    '"',
    "<!-- c -->",
    "<!--x",
    "<!DOCTYPE html>",
    "<![CDATA[x]]>",
    "<?pi x?>",
    "<!x>",
    "<>",
    "</>",
    "</ a >",
    "</br>",
    "<br/>",
    "<br />",
    "<p/>",
    "<img/>",
    "<a/b/",
    "<1>",
    "< p>",
    "&#39;",
    "&#34;",
    "]]>",
    "<",
    "&",
    "&apos;",
    "&copy",
    "&copy;",
    "é",
]


def _attr(rng: random.Random) -> str:
    name = rng.choice(ATTRS)
    r = rng.random()
    if r < 0.15:
        return " " + name
    v = rng.choice(VALUES)
    q = rng.choice(['"', "'", "", '"', '"'])
    if q == "" and (not v or any(c in v for c in " \"'<>")):
        q = '"'
    if q and q in v:
        q = '"' if q == "'" else "'"
    if q and q in v:
        return " " + name
    return " " + name + rng.choice(["=", " = ", "="]) + q + v + q


def _tag(rng: random.Random) -> str:
    t = rng.choice(TAGS)
    r = rng.random()
    if r < 0.3:
        return "</" + t + rng.choice([">", " >", ""])
    s = "<" + t + "".join(_attr(rng) for _ in range(rng.randint(0, 4)))
    return s + rng.choice([">", ">", " >", "/>", " />", ""])


def fragment(rng: random.Random) -> str:
    """One random fragment of 0-12 pieces."""
    parts: list[str] = []
    for _ in range(rng.randint(0, 12)):
        parts.append(_tag(rng) if rng.random() < 0.45 else rng.choice(TEXTS))
    return "".join(parts)
