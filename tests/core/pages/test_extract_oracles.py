"""Oracles for the faster forms in `extract`: `_norm` (split/join instead of a regex) and the
selector index (one `items()` call an element instead of a look-up per name) give what the
earlier forms gave."""

from __future__ import annotations

import os
import random
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from newsreader.core.pages import extract
from newsreader.core.pages.extract import _norm

DATA = Path(__file__).resolve().parents[2] / "data" / "articles" / "pages"

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


def _index_by_lookups(root: Any) -> tuple[dict[str, list[Any]], ...]:
    """`_Index` as it was built before, one look-up per attribute name (the oracle)."""
    by_class: dict[str, list[Any]] = {}
    by_id: dict[str, list[Any]] = {}
    by_attr: dict[str, list[Any]] = {}
    by_tag: dict[str, list[Any]] = {}
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in ("meta", "link", "script", "style"):
            continue
        by_tag.setdefault(tag.lower(), []).append(el)
        for token in (el.get("class") or "").split():
            by_class.setdefault(token, []).append(el)
        ident = el.get("id")
        if ident:
            by_id.setdefault(ident, []).append(el)
        for name in ("itemprop", "data-role", "rel", "datetime"):
            if el.get(name) is not None:
                by_attr.setdefault(name, []).append(el)
    return by_class, by_id, by_attr, by_tag


def _pages() -> list[Path]:
    pages = sorted(DATA.glob("*.html"))
    corpus = os.environ.get("NEWSREADER_SHARED_CORPUS")
    if corpus:
        pages += sorted(Path(corpus).glob("vn/**/*.html"))
    return pages


def test_the_selector_index_is_what_the_lookups_built() -> None:
    tricky = (
        '<div class=" a  b a" id="" itemprop="" rel=x data-role=r datetime="2026">'
        '<p id="p1" class="">x</p><span ID="Big" CLASS="Up">y</span><meta itemprop=m></div>'
    )
    roots = [extract._parse(tricky)]
    roots += [extract._parse(p.read_text(encoding="utf-8", errors="replace")) for p in _pages()]
    assert len(roots) > 5
    for root in roots:
        index = extract._Index(root)
        assert (index.by_class, index.by_id, index.by_attr, index.by_tag) == _index_by_lookups(root)
