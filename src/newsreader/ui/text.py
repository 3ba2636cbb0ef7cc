"""Plain-text helpers: every title, name and tooltip the window shows is untrusted plain text.

Feed and article titles come from anyone. They are drawn as plain text only (delegates draw
strings, never HTML); control characters and bidi overrides are removed so a title cannot hide
or reorder what is around it; tooltips are escaped and wrapped so Qt never reads them as markup.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# C0/C1 controls (except tab/newline handled separately), bidi embeddings/overrides/isolates,
# and zero-width marks that can hide text.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")

MAX_LINE = 1_000


def plain_line(text: str | None, max_chars: int = MAX_LINE) -> str:
    """`text` as one clean line: no controls, bidi overrides or runs of white space."""
    if not text:
        return ""
    line = _SPACES.sub(" ", _INVISIBLE.sub(" ", text)).strip()
    if len(line) > max_chars:
        line = line[: max_chars - 1].rstrip() + "…"
    return line


def plain_tooltip(text: str | None) -> str:
    """A tooltip that shows `text` literally (Qt would otherwise guess it is rich text)."""
    if not text:
        return ""
    lines = [plain_line(part, 400) for part in text.splitlines()[:20]]
    body = "<br>".join(html.escape(line, quote=False) for line in lines if line)
    return f"<qt>{body}</qt>"


def is_web_url(text: str | None) -> bool:
    """Only http(s) addresses with a host are ever handed to the system browser."""
    if not text:
        return False
    try:
        parts = urlsplit(text.strip())
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)
