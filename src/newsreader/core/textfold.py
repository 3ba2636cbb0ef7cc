"""Search folding: the one way text is normalised for the search index and for queries.

Vietnamese readers type without marks ("ha noi", "dot pha"). Both the indexed text and the query
are folded the same way: NFD, drop every combining mark (so letters with two marks such as
"ộ" or "ự" fold fully), map đ/Đ to d (it is a letter, not a letter plus a mark, so NFD keeps it),
then casefold. SQLite's own remove_diacritics does neither of the last two.

Folding is per character (NFD decomposes each character on its own, marks are dropped whatever
their order, casefolding is context-free), so a text's fold is its characters' `fold_char`s one
after another, and folding is the largest cost of the parser processes in a refresh. Three ways
give exactly that, the fastest that can take the text is taken:

* a text of Vietnamese (with the Latin-1 letters and the punctuation news text has): lower-cased,
  encoded one byte a character with a charmap codec of those characters (as the `cp125x` codecs
  are, in C), the bytes mapped to their folds' bytes with `bytes.translate`, decoded back. Which
  characters take this way is decided when the tables are built, each checked there: its lower
  case has a byte, and that byte maps to the byte of the character's own `fold_char`;
* a text of the blocks news text is written in (Latin, combining marks, Greek, Cyrillic, Latin
  Extended Additional, punctuation and currency signs): `str.translate` over a plain dict built
  once (`translate` looks a plain dict up about a third faster than a dict subclass);
* any other text: `str.translate` over a table that fills itself one code point at a time.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Any

_EXTRA = {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"}


def fold_char(ch: str) -> str:
    """The folded form of one character ("" for a combining mark)."""
    if ch in _EXTRA:
        return _EXTRA[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class _FoldTable(dict[int, str]):
    """code point -> folded text, computed on first use."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()

# --- the byte way ---------------------------------------------------------------------------------

# The characters given a byte (the first 128 kept): Vietnamese's lower-case letters, Latin-1's
# and a few more, the spaces, punctuation and signs of news text. A candidate is kept only if it
# folds to itself or to one ASCII character (one byte out for one byte in).
_BYTE_CANDIDATES = (
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "\xa0\u200b\xad\u2009\u202f…“”‘’–—•«»°·×€£₫©®™′″±½¼¾²³§"
    "äåæçëîïñöøûüÿłœšžčćęńśźżőű"
)


class _ByteWay:
    """The byte way's tables, built (and each character checked) on first use."""

    def __init__(self) -> None:
        chars: list[str] = []
        for ch in _BYTE_CANDIDATES:
            folded = fold_char(ch)
            if ch not in chars and (folded == ch or (folded.isascii() and len(folded) == 1)):
                chars.append(ch)
        chars = chars[:128]
        self.decoding = "".join(map(chr, range(128))) + "".join(chars)
        self.decoding += "\ufffe" * (256 - len(self.decoding))  # bytes no character has
        self.encoding: Any = codecs.charmap_build(self.decoding)
        byte_of = {ch: index for index, ch in enumerate(self.decoding[: 128 + len(chars)])}
        self.fold_bytes = bytes(
            byte_of[fold_char(ch)] if index >= 128 else ord(ch.lower())
            for index, ch in enumerate(self.decoding[: 128 + len(chars)])
        ) + bytes(range(128 + len(chars), 256))
        # The characters a text may have: those whose lower case has a byte that folds as they do.
        taken = []
        for ch in {*self.decoding[: 128 + len(chars)], *(c.upper() for c in chars)}:
            lower = ch.lower()
            if lower in byte_of and self.decoding[self.fold_bytes[byte_of[lower]]] == fold_char(ch):
                taken.append(ch)
        self.outside = re.compile("[^" + "".join(f"\\U{ord(ch):08x}" for ch in sorted(taken)) + "]")

    def fold(self, text: str) -> str | None:
        """`text` folded, or None when it has a character this way does not take."""
        if self.outside.search(text) is not None:
            return None
        data = codecs.charmap_encode(text.lower(), "strict", self.encoding)[0]
        return codecs.charmap_decode(data.translate(self.fold_bytes), "strict", self.decoding)[0]


_byte_way: list[_ByteWay] = []  # the one _ByteWay, once built

# --- the prebuilt table -------------------------------------------------------------------------

# The blocks of the prebuilt table (inclusive code point ranges), and a text's first character
# outside them.
_COMMON_BLOCKS = ((0x0000, 0x04FF), (0x1E00, 0x1EFF), (0x2000, 0x20CF))
_OUTSIDE_COMMON = re.compile(
    "[^" + "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in _COMMON_BLOCKS) + "]"
)
_common: dict[int, str] = {}  # every code point of _COMMON_BLOCKS -> fold_char; built on first use


def _common_table() -> dict[int, str]:
    table = {code: fold_char(chr(code)) for a, b in _COMMON_BLOCKS for code in range(a, b + 1)}
    _common.update(table)  # complete before anyone else can see it (fold checks it is non-empty)
    return _common


# The last text folded, without its last character, and the fold of that (folding is per
# character, so it is the start of the text's fold). An entry's body text usually begins with its
# lead minus the lead's closing "…" (the lead is the body cut short), and the body is folded
# right after the lead: its start is not folded twice.
_last_head: tuple[str, str] = ("", "")


def fold(text: str) -> str:
    """Fold `text` for search: no marks, đ -> d, casefolded. Length may change."""
    global _last_head
    if text.isascii():
        return text.lower()
    head, folded_head = _last_head  # one read: another thread may replace it meanwhile
    if head and text.startswith(head):
        folded = folded_head + _fold(text[len(head) :])
    else:
        folded = _fold(text)
    _last_head = (text[:-1], folded[: len(folded) - len(_TABLE[ord(text[-1])])])
    return folded


def _fold(text: str) -> str:
    """`text` folded the fastest way that takes it."""
    if text.isascii():
        return text.lower()
    if not _byte_way:
        _byte_way.append(_ByteWay())
    folded = _byte_way[0].fold(text)
    if folded is not None:
        return folded
    if _OUTSIDE_COMMON.search(text) is None:
        return text.translate(_common or _common_table())
    return text.translate(_TABLE)
