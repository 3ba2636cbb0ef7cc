"""Search folding: the one way text is normalised for the search index and for queries.

Vietnamese readers type without marks ("ha noi", "dot pha"). Both the indexed text and the query
are folded the same way: NFD, drop every combining mark (so letters with two marks such as
"ộ" or "ự" fold fully), map đ/Đ to d (it is a letter, not a letter plus a mark, so NFD keeps it),
then casefold. SQLite's own remove_diacritics does neither of the last two.

Folding is per character (NFD decomposes each character on its own, marks are dropped whatever
their order, casefolding is context-free), so it is done with `str.translate` over a table that
fills itself one code point at a time: several times faster than a per-character generator, and
folding is the largest cost of indexing during a refresh.
"""

from __future__ import annotations

import unicodedata

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


def fold(text: str) -> str:
    """Fold `text` for search: no marks, đ -> d, casefolded. Length may change."""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)
