"""The one HTML page decoder: bytes as fetched -> text, with one charset fallback rule.

Feed discovery, full-text extraction and section pages all decode pages here, so a page reads the
same whichever of them fetched it. The rule, in order:

1. A byte-order mark wins (UTF-8, UTF-16 LE/BE).
2. Else a ``<meta charset=…>`` (or ``http-equiv`` ``content="…; charset=…"``) in the first 8 KiB,
   if Python knows the name and it is not UTF-16/32 (an ASCII-readable page that says UTF-16 is
   lying); ``latin-1``/``ascii``/``iso-8859-1`` mean ``cp1252``, as in browsers. The declared
   charset is used only if the bytes decode with it cleanly.
3. Else UTF-8, if the bytes are valid UTF-8 (most pages, declared or not).
4. Else, if the bytes that are not UTF-8 outnumber the non-ASCII characters that are (a stray
   byte in a Vietnamese UTF-8 page is not; ``Caf\\xe9`` is), the page is a legacy 8-bit one:
   ``cp1258`` (Vietnamese Windows) when it has the byte 0xD2 (the combining hook above,
   "dấu hỏi", in nearly every Vietnamese text), else ``cp1252``.
5. Else UTF-8 with the few broken bytes replaced.

Never raises: the worst page decodes to text with replacement characters.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_page"]

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BROWSER_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}


def _declared(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if "utf-16" in name or "utf-32" in name:
        return None
    return _BROWSER_ALIASES.get(name, name)


def decode_page(data: bytes) -> str:
    """The text of the HTML page *data*, decoded by the module's rule."""
    data = bytes(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _declared(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if broken > non_ascii - broken:
        return data.decode("cp1258" if b"\xd2" in data else "cp1252", errors="replace")
    return text
