"""The saved_searches table: searches kept by name and shown as sections."""

from __future__ import annotations

from datetime import datetime

from newsreader.core.errors import InvalidInputError, NotFoundError
from newsreader.core.models import SavedSearch
from newsreader.core.storage.db import Storage, to_ts


class SavedSearchStore:
    """Keep, list, find and forget saved searches (counts are the library's job)."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def add(self, name: str, query: str, *, now: datetime) -> int:
        """Keep `query` as `name`; saving an existing name replaces its query."""
        with self.storage.transaction() as c:
            row = c.execute("SELECT id FROM saved_searches WHERE name = ?", (name,)).fetchone()
            if row is not None:
                c.execute("UPDATE saved_searches SET query = ? WHERE id = ?", (query, row[0]))
                return int(row[0])
            cur = c.execute(
                "INSERT INTO saved_searches(name, query, created_at) VALUES (?, ?, ?)",
                (name, query, to_ts(now)),
            )
            return int(cur.lastrowid or 0)

    def all(self) -> list[SavedSearch]:
        rows = self.storage.rows(
            "SELECT id, name, query FROM saved_searches ORDER BY name COLLATE NOCASE, id"
        )
        return [SavedSearch(id=r["id"], name=r["name"], query=r["query"]) for r in rows]

    def find(self, name_or_id: str) -> SavedSearch:
        """A saved search by its name, or by its id."""
        rows = self.storage.rows(
            "SELECT id, name, query FROM saved_searches WHERE name = ? OR CAST(id AS TEXT) = ?"
            " ORDER BY name = ? DESC LIMIT 1",
            (name_or_id, name_or_id, name_or_id),
        )
        if not rows:
            raise NotFoundError(f"no saved search named {name_or_id!r}")
        r = rows[0]
        return SavedSearch(id=r["id"], name=r["name"], query=r["query"])

    def remove(self, search_id: int) -> None:
        with self.storage.transaction() as c:
            if c.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,)).rowcount == 0:
                raise NotFoundError(f"no saved search with id {search_id}")

    def rename(self, search_id: int, name: str) -> None:
        with self.storage.transaction() as c:
            if c.execute(
                "SELECT 1 FROM saved_searches WHERE name = ? AND id != ?", (name, search_id)
            ).fetchone():
                raise InvalidInputError(f"a saved search named {name!r} already exists")
            c.execute("UPDATE saved_searches SET name = ? WHERE id = ?", (name, search_id))
