"""The opening of a feed description, laid out as a news page: the lead picture, then the lead.

The most common Vietnamese feed item (VnExpress, and many CMSs copying it) is a description of
the shape ``<a href=article><img src=thumb></a></br>Lead text`` — no block element at all. Given
to Qt as it is, the picture and the text continue whatever block came before them (the meta line:
"12:36 [image]"), and the tall inline picture stretches that line into an empty gap.

`split_lead_picture` takes the leading picture(s) off such a body and returns the first one as
the article's picture, with the rest of the body; `wrap_loose_start` puts any inline content at
the start of a body into a paragraph of its own, so nothing can ever join the meta line. Both work
on the sanitizer's canonical output (lowercase tags, well-formed, ``nrimg:`` image references).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from newsreader.core.pages.sanitize import image_urls

# One leading picture: an <img>, maybe inside a link, maybe inside a paragraph or div of its own,
# with line breaks and white space around it.
_SPACE = r"(?:\s|<br>|&nbsp;|&#160;)*"
_IMG = r"<img\b[^>]*>"
_LINKED_IMG = rf"(?:<a\b[^>]*>{_SPACE}{_IMG}{_SPACE}</a>|{_IMG})"
_LEADING_PICTURE = re.compile(
    rf"^{_SPACE}(?:<(p|div)>{_SPACE}{_LINKED_IMG}{_SPACE}</\1>|{_LINKED_IMG}){_SPACE}"
)
_BLOCK_OPEN = re.compile(r"<(?:p|div|figure|h[1-6]|blockquote|ul|ol|dl|pre|table)\b[^>]*>|<hr>")
_TAGS = re.compile(r"<[^>]*>")
_LEADING_BREAKS = re.compile(rf"^{_SPACE}")
_TRAILING_BREAKS = re.compile(r"(?:\s|<br>)*$")


@dataclass(frozen=True, slots=True)
class LeadParts:
    """A body split into its lead picture (an http(s) URL, or None) and what follows it."""

    picture: str | None
    rest: str


def split_lead_picture(safe_body: str) -> LeadParts:
    """Take the picture(s) the body opens with off it (the first becomes the lead picture).

    Only a picture that comes before any text counts: a picture further down belongs to the
    text around it and stays where it is."""
    picture: str | None = None
    rest = safe_body
    while match := _LEADING_PICTURE.match(rest):
        if picture is None:
            found = image_urls(match.group(0))
            picture = found[0] if found else None
        rest = rest[match.end() :]
    if picture is None:
        return LeadParts(None, safe_body)
    return LeadParts(picture, rest)


def wrap_loose_start(safe_body: str, css_class: str | None = None) -> str:
    """`safe_body` with the inline content it starts with (text, links, pictures, up to its
    first block element) in a paragraph of its own; leading and trailing breaks dropped."""
    body = _LEADING_BREAKS.sub("", safe_body)
    block = _BLOCK_OPEN.search(body)
    cut = block.start() if block else len(body)
    loose, rest = body[:cut], body[cut:]
    loose = _TRAILING_BREAKS.sub("", loose)
    if not _TAGS.sub("", loose).strip() and "<img" not in loose:
        return rest
    opening = f'<p class="{html.escape(css_class)}">' if css_class else "<p>"
    return f"{opening}{loose}</p>{rest}"


def visible_text(safe_fragment: str) -> str:
    """The text of a sanitized fragment, white space collapsed."""
    return " ".join(html.unescape(_TAGS.sub(" ", safe_fragment)).split())
