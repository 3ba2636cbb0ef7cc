"""Search folding: the one way text is normalised for the search index and for queries.

Vietnamese readers type without marks ("ha noi", "dot pha"). Both the indexed text and the query
are folded the same way: NFD, drop every combining mark (so letters with two marks such as
"ộ" or "ự" fold fully), map đ/Đ to d (it is a letter, not a letter plus a mark, so NFD keeps it),
then casefold. SQLite's own remove_diacritics does neither of the last two.
"""

from __future__ import annotations

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"})


def fold(text: str) -> str:
    """Fold `text` for search: no marks, đ -> d, casefolded. Length may change."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()
