"""The one ``srcset`` policy: how a ``srcset`` is read and which of its pictures is used.

Every reader of ``srcset`` in the core (the list thumbnail, the sanitizer, full-text extraction,
section pages) goes through :func:`pick_from_srcset`, and reads lazy images from the same
attributes (:data:`LAZY_SRC_ATTRS`, :data:`LAZY_SRCSET_ATTRS`), so one page gives one picture
everywhere.

Parsing follows the HTML standard's algorithm, simplified: a candidate is a URL (a run of
non-whitespace characters) followed by optional descriptors up to the next comma. Commas *inside*
a URL therefore stay part of it — CDN URLs such as ``https://cdn/img/w_300,h_200/a.jpg`` are common
— and only a comma that follows a descriptor, or that ends the URL run, separates candidates.
Commas inside parentheses of a descriptor do not end it.

The policy, chosen on purpose: the widest candidate no wider than :data:`MAX_WIDTH` pixels (``w``
descriptors), else the densest no denser than :data:`MAX_DENSITY` (``x`` descriptors; no descriptor
means ``1x``); when none fits, the smallest. A retina-sized picture is sharp in the reader and in
the offline copy, and a 4000-pixel original is never downloaded when a smaller one exists.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "LAZY_SRCSET_ATTRS",
    "LAZY_SRC_ATTRS",
    "MAX_DENSITY",
    "MAX_WIDTH",
    "SrcsetCandidate",
    "parse_srcset",
    "pick_from_srcset",
]

MAX_WIDTH = 1600.0
MAX_DENSITY = 2.0
# Lazy-loading scripts keep the real picture in these attributes (first found wins) until it
# scrolls into view; ``src`` then holds a placeholder (a 1x1 GIF, a quality(0) copy).
LAZY_SRC_ATTRS = (
    "data-src", "data-original", "data-lazy-src", "data-lazy", "data-original-src",
    "data-full-src", "data-url", "data-img-src", "data-img", "lazy-src",
)  # fmt: skip
LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset")
_SPACE = " \t\n\r\f"


@dataclass(frozen=True)
class SrcsetCandidate:
    """One picture of a ``srcset``: its URL and its width (``w``) or density (``x``)."""

    url: str
    width: float | None = None
    density: float | None = None


def parse_srcset(text: str) -> list[SrcsetCandidate]:
    """The candidates of *text*, in order; malformed descriptors are ignored, never raised."""
    candidates: list[SrcsetCandidate] = []
    pos, end = 0, len(text)
    while pos < end:
        while pos < end and (text[pos] in _SPACE or text[pos] == ","):
            pos += 1
        start = pos
        while pos < end and text[pos] not in _SPACE:
            pos += 1
        url = text[start:pos]
        if not url:
            break
        descriptors = ""
        if url.endswith(","):  # "a.jpg, b.jpg": the comma ends the candidate, no descriptors
            url = url.rstrip(",")
        else:
            start, depth = pos, 0
            while pos < end:
                char = text[pos]
                if char == "(":
                    depth += 1
                elif char == ")" and depth:
                    depth -= 1
                elif char == "," and not depth:
                    break
                pos += 1
            descriptors = text[start:pos]
            pos += 1  # past the comma
        if url:
            candidates.append(_candidate(url, descriptors.split()))
    return candidates


def _candidate(url: str, descriptors: list[str]) -> SrcsetCandidate:
    width = density = None
    for descriptor in descriptors:
        number, unit = descriptor[:-1], descriptor[-1:].lower()
        try:
            value = float(number)
        except ValueError:
            continue
        if value <= 0 or value != value or value == float("inf"):
            continue
        if unit == "w":
            width = value
        elif unit == "x":
            density = value
    return SrcsetCandidate(url, width, density)


def pick_from_srcset(text: str | None) -> str:
    """The URL :mod:`srcset`'s policy picks from *text* (see the module docstring), or ""."""
    if not text:
        return ""
    candidates = parse_srcset(text)
    widths = [(c.width, c.url) for c in candidates if c.width is not None]
    if widths:
        fitting = [w for w in widths if w[0] <= MAX_WIDTH]
        return max(fitting, key=lambda w: w[0])[1] if fitting else min(widths)[1]
    densities = [(c.density or 1.0, c.url) for c in candidates]
    if not densities:
        return ""
    fitting = [d for d in densities if d[0] <= MAX_DENSITY]
    return max(fitting, key=lambda d: d[0])[1] if fitting else min(densities)[1]
