"""Search folding: the one way text is normalised for the search index and for queries.

Vietnamese readers type without marks ("ha noi", "dot pha"). Both the indexed text and the query
are folded the same way: NFD, drop every combining mark (so letters with two marks such as
"ộ" or "ự" fold fully), map đ/Đ to d (it is a letter, not a letter plus a mark, so NFD keeps it),
then casefold. SQLite's own remove_diacritics does neither of the last two.

Folding is per character (NFD decomposes each character on its own, marks are dropped whatever
their order, casefolding is context-free), so it is done with `str.translate` over a table of
code point -> folded text: several times faster than a per-character generator, and folding is
the largest cost of the parser processes in a refresh. Two tables give the same values
(`fold_char`): a plain dict built once for the blocks news text is written in (Latin with
Vietnamese's letters, combining marks, Greek, Cyrillic, Latin Extended Additional, punctuation
and currency signs), taken when one scan finds no other character in the text -- `translate`
looks a plain dict up about a third faster than a dict subclass -- and, for any other text, a
table that fills itself one code point at a time.
"""

from __future__ import annotations

import re
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


# The last text folded through a table, without its last character, and the fold of that
# (folding is per character, so it is the start of the text's fold). An entry's body text usually
# begins with its lead minus the lead's closing "…" (the lead is the body cut short), and the
# body is folded right after the lead: its start is not folded twice.
_last_head: tuple[str, str] = ("", "")


def fold(text: str) -> str:
    """Fold `text` for search: no marks, đ -> d, casefolded. Length may change."""
    global _last_head
    if text.isascii():
        return text.lower()
    head, folded_head = _last_head  # one read: another thread may replace it meanwhile
    if head and text.startswith(head):
        folded = folded_head + _translate(text[len(head) :])
    else:
        folded = _translate(text)
    last = _translate(text[-1])
    _last_head = (text[:-1], folded[: len(folded) - len(last)])
    return folded


def _translate(text: str) -> str:
    """`text` folded with the prebuilt table when it holds every character, else the other."""
    if text.isascii():
        return text.lower()
    if _OUTSIDE_COMMON.search(text) is None:
        return text.translate(_common or _common_table())
    return text.translate(_TABLE)
