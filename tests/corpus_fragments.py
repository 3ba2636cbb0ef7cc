"""The HTML fragments feeds of the shared corpus carry: oracle material for the parser's helpers.

Every element text with markup or a reference in it (descriptions, summaries, contents, titles)
of every corpus file lxml can read, once each, in a stable order.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

_MAX_FILE_BYTES = 4_000_000
_MAX_FRAGMENT_CHARS = 200_000


@functools.cache
def corpus_fragments(corpus: Path) -> tuple[str, ...]:
    """The fragments of every feed-like file under *corpus* (sorted, de-duplicated)."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    found: set[str] = set()
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.stat().st_size > _MAX_FILE_BYTES:
            continue
        if path.suffix.lower() not in (".xml", ".rss", ".atom", ".rdf", ".feed", ""):
            continue
        try:
            root = etree.fromstring(path.read_bytes(), parser)
        except (etree.XMLSyntaxError, ValueError):
            continue
        if root is None:
            continue
        for element in root.iter():
            text = element.text
            if text and ("<" in text or "&" in text) and len(text) < _MAX_FRAGMENT_CHARS:
                found.add(str(text))
    return tuple(sorted(found))
