"""Is a two-character string in a long text: answered with `str.find` of one character.

CPython finds one character with a memchr-like scan, tens of times faster than it finds a
two-character string (about 2 ns a character in Vietnamese text, where a space, the usual first
character, starts a candidate at every word). The parser asks such questions of every feed
value ("is there a ``/>``, a ``<!``, a ``&#``?"); when one of the two characters is rare, looking
for it and then at its neighbour gives the same answer for a small part of the cost.
"""

from __future__ import annotations

import re

__all__ = ["has_pair", "has_space_by_newline", "has_two_spaces"]

_TWO_SPACES = re.compile("  ")


def has_pair(text: str, pair: str) -> bool:
    """``pair in text`` for a *pair* of two characters, found by its second (a rare one)."""
    first, second = pair[0], pair[1]
    at = text.find(second, 1)
    while at >= 0:
        if text[at - 1] == first:
            return True
        at = text.find(second, at + 1)
    return False


def has_space_by_newline(text: str) -> bool:
    """``" \\n" in text or "\\n " in text``, found by the newlines."""
    at = text.find("\n")
    while at >= 0:
        if text[at - 1 : at] == " " or text[at + 1 : at + 2] == " ":
            return True
        at = text.find("\n", at + 1)
    return False


def has_two_spaces(text: str) -> bool:
    """``"  " in text`` (a search for the literal: about twice as fast as ``in`` on text)."""
    return _TWO_SPACES.search(text) is not None
