"""Oracle for `extract._norm`: the split/join form gives what the regex form gave."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

from newsreader.core.pages.extract import _norm

_WS = re.compile(r"\s+")


def _norm_by_regex(text: str | None) -> str:
    """`_norm` as it was written before (the oracle)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ")
    return _WS.sub(" ", text).strip()


def test_every_code_point_is_whitespace_to_both_or_neither() -> None:
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert c.isspace() == bool(_WS.fullmatch(c)), hex(code)


def test_random_texts_with_every_kind_of_space_agree() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    pieces = [*spaces, "\u200b", "\ufeff", "\xa0", "a", "Hà", "Nội", "e\u0301", ".", "", "  "]
    rng = random.Random(15)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert _norm(text) == _norm_by_regex(text), repr(text)
    for text in (None, "", " ", "\n\t x \r\n y \u3000", "Thủ tướng\u00a0 Phạm"):
        assert _norm(text) == _norm_by_regex(text)
