"""One clean line of text for a title, name or tooltip shown in Qt (`plain_text_label`).

Its own small module (re-exported by `sanitize`) so the window can label things before the first
paint without loading the HTML sanitizer.
"""

from __future__ import annotations

import re
import unicodedata

# Every control, bidi marks too, and invisible separators.
_LABEL_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_SPACES = re.compile(r"\s+")


def plain_text_label(text: str | None, *, max_chars: int = 1_000) -> str:
    """`text` as one clean line for a title, name or tooltip shown in Qt.

    Controls, bidi overrides/isolates/marks and zero-width characters are removed and white space
    is collapsed, so a title can neither hide nor reorder what is around it. Callers still force
    ``Qt.PlainText``: this is the text side of that rule. Long labels end in "…".
    """
    if not text:
        return ""
    try:
        line = _SPACES.sub(" ", _LABEL_INVISIBLE.sub(" ", str(text))).strip()
        line = unicodedata.normalize("NFC", line)
    except Exception:  # never let a label break the window
        return ""
    if len(line) > max_chars:
        line = line[: max(0, max_chars - 1)].rstrip() + "…"
    return line
