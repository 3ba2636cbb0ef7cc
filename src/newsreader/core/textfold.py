"""Search folding: the one way text is normalised for the search index and for queries.

Vietnamese readers type without marks ("ha noi", "dot pha"). Both the indexed text and the query
are folded the same way: NFD, drop every combining mark (so letters with two marks such as
"ộ" or "ự" fold fully), map đ/Đ to d (it is a letter, not a letter plus a mark, so NFD keeps it),
then casefold. SQLite's own remove_diacritics does neither of the last two.

Folding is per character (NFD decomposes each character on its own, marks are dropped whatever
their order, casefolding is context-free), so a text's fold is its characters' `fold_char`s one
after another, and folding is the largest cost of the parser processes in a refresh. Three ways
give exactly that, the fastest that can take the text is taken:

* a text of Vietnamese (ASCII, Vietnamese's letters, the spaces and punctuation of news text:
  256 characters): encoded one byte a character with a charmap codec of those characters (as
  the `cp125x` codecs are, in C; a character without a byte fails the encoding), the bytes
  mapped to their folds' bytes with `bytes.translate`, decoded back. A character gets a byte
  only if its `fold_char` is one character with a byte, checked when the tables are built;
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

# The characters given a byte: ASCII but its rarely written control characters (NUL, which must
# have byte 0 for `charmap_build` to make its fast C map rather than a dict, tab, newline and
# carriage return kept), then Vietnamese's letters in both cases, the spaces, punctuation and
# signs of news text, while bytes are left. A character is kept only if its fold is one
# character that has a byte (one byte out for one byte in).
_ASCII_KEPT = "\x00\t\n\r" + "".join(map(chr, range(0x20, 0x7F)))
_BYTE_CANDIDATES = (
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
    "\xa0…“”‘’–—\u200b\xad•«»°·×€₫©®™′″"
)


class _ByteWay:
    """The byte way's tables, built (and each character checked) on first use."""

    def __init__(self) -> None:
        kept = list(dict.fromkeys(_ASCII_KEPT + _BYTE_CANDIDATES))[:256]
        while True:  # each character's byte -> the byte of its fold; one without is left out
            byte_of = {ch: index for index, ch in enumerate(kept)}
            fewer = [ch for ch in kept if fold_char(ch) in byte_of]
            if len(fewer) == len(kept):
                break
            kept = fewer
        self.decoding = "".join(kept) + "\ufffe" * (256 - len(kept))  # \ufffe: no character
        self.encoding: Any = codecs.charmap_build(self.decoding)
        self.fold_bytes = bytes(byte_of[fold_char(ch)] for ch in kept) + bytes(
            range(len(kept), 256)
        )

    def fold(self, text: str) -> str | None:
        """`text` folded, or None when it has a character without a byte."""
        try:
            data = codecs.charmap_encode(text, "strict", self.encoding)[0]
        except UnicodeEncodeError:
            return None
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
