"""Saved searches: searches kept by name and shown as sections (counts are the library's)."""

from __future__ import annotations

from datetime import datetime

from newsreader.core.errors import NotFoundError
from newsreader.core.models import SavedSearch
from newsreader.core.storage.connection import Database, to_ts


class SavedSearchStore(Database):
    """Keeping, listing, finding and forgetting saved searches."""

    def add_saved_search(self, name: str, query: str, *, now: datetime) -> int:
        """Keep `query` as `name`; saving an existing name replaces its query."""
        with self.transaction() as c:
            row = c.execute("SELECT id FROM saved_searches WHERE name = ?", (name,)).fetchone()
            if row is not None:
                c.execute("UPDATE saved_searches SET query = ? WHERE id = ?", (query, row["id"]))
                return int(row["id"])
            cur = c.execute(
                "INSERT INTO saved_searches(name, query, created_at) VALUES (?, ?, ?)",
                (name, query, to_ts(now)),
            )
            return int(cur.lastrowid or 0)

    def saved_searches(self) -> list[SavedSearch]:
        rows = self._read(
            "SELECT id, name, query FROM saved_searches ORDER BY name COLLATE NOCASE, id"
        )
        return [SavedSearch(id=r["id"], name=r["name"], query=r["query"]) for r in rows]

    def saved_search(self, name_or_id: str) -> SavedSearch:
        """A saved search by its name, or by its id."""
        rows = self._read(
            "SELECT id, name, query FROM saved_searches WHERE name = ? OR CAST(id AS TEXT) = ?"
            " ORDER BY name = ? DESC LIMIT 1",
            (name_or_id, name_or_id, name_or_id),
        )
        if not rows:
            raise NotFoundError(f"no saved search named {name_or_id!r}")
        r = rows[0]
        return SavedSearch(id=r["id"], name=r["name"], query=r["query"])

    def remove_saved_search(self, search_id: int) -> None:
        with self.transaction() as c:
            if c.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,)).rowcount == 0:
                raise NotFoundError(f"no saved search with id {search_id}")
