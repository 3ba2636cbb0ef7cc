"""Value types for bench/prototypes.py's "prepare" variant (a module of their own so both the
parser processes and the writer unpickle them by the same name)."""

from __future__ import annotations

from dataclasses import dataclass

from newsreader.core.models import ParsedEntry, ParsedFeed


@dataclass(frozen=True, slots=True)
class PreparedEntry(ParsedEntry):
    """A parsed entry with what `update.to_write` would compute from it."""

    index_title: str = ""
    index_summary: str = ""
    index_body: str = ""
    hash: str = ""


@dataclass(frozen=True, slots=True)
class PreparedFeed(ParsedFeed):
    pass
