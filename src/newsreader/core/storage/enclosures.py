"""Enclosures: the audio, video and PDF files of each article, in feed order.

Written in the refresh's transaction (`write_enclosures`, called by `ArticleStore`); read for one
article. Rows go with their article (ON DELETE CASCADE), so pruning needs nothing here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from newsreader.core.models import Enclosure
from newsreader.core.storage.connection import Database


def write_enclosures(
    c: sqlite3.Connection,
    article_id: int,
    enclosures: Sequence[Enclosure],
    *,
    replace: bool = False,
) -> None:
    """Store an article's enclosures (inside the caller's transaction); `replace` drops the
    ones stored before (an updated entry)."""
    if replace:
        c.execute("DELETE FROM enclosures WHERE article_id = ?", (article_id,))
    c.executemany(
        "INSERT INTO enclosures(article_id, position, url, type, length) VALUES (?,?,?,?,?)",
        [(article_id, i, e.url, e.type, e.length) for i, e in enumerate(enclosures)],
    )


class EnclosureStore(Database):
    """Reading the enclosures of an article."""

    def enclosures(self, article_id: int) -> tuple[Enclosure, ...]:
        rows = self._read(
            "SELECT url, type, length FROM enclosures WHERE article_id = ? ORDER BY position",
            (article_id,),
        )
        return tuple(Enclosure(r["url"], r["type"], r["length"]) for r in rows)
