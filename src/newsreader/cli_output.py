"""What every command of the command line prints with: exit codes, JSON shapes, local times.

Shared by cli.py and cli_sync.py (so neither imports the other back). The output contract is
in cli.py's docstring.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TextIO

from newsreader.core.models import Feed

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def feed_json(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "title": feed.title,
        "url": feed.url,
        "site_url": feed.site_url,
        "folder": feed.folder,
        "unread": feed.unread,
        "total": feed.total,
        "last_error": feed.last_error,
        "last_checked": iso(feed.last_checked),
        "account": feed.account_id,
    }


def dump(doc: Any, out: TextIO) -> None:
    """One JSON document on `out` (UTF-8 text, not escaped), in one write (`json.dump` writes
    each token on its own: thousands of system calls when the stream is unbuffered)."""
    out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def local_time(value: datetime | None) -> str:
    """A time in the reader's time zone for a terminal, "—" when unknown."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "—"


def one_line(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
