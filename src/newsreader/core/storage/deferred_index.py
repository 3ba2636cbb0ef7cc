"""Search-index rows of a refresh batch, written once just before the batch commits.

FTS5 flushes its pending index work at every savepoint, and each feed's write is a savepoint
inside the refresh batch (`Database.batch`): writing the rows of all of a batch's feeds with one
`executemany` at its commit, in the same transaction, costs the writer ~13% less CPU (see
docs/perf.md). A feed whose savepoint is rolled back takes its rows with it (`mark`/`undo`); an
article indexed again in the same batch replaces its pending row. Nothing reads `articles_fts`
inside a refresh batch (rules and stories work on the articles table), so the index is complete
whenever the batch's writes become visible.
"""

from __future__ import annotations

import sqlite3

INSERT_ROW = "INSERT INTO articles_fts(rowid, title, summary, body, source) VALUES (?, ?, ?, ?, ?)"

IndexRow = tuple[str, str, str, str]  # title, summary, body, source (folded)


class DeferredIndex:
    """The index rows a batch has yet to write, by article id."""

    def __init__(self) -> None:
        self._rows: dict[int, IndexRow] = {}
        self._journal: list[tuple[int, IndexRow | None]] = []  # (id, its row before) per add

    def __contains__(self, article_id: int) -> bool:
        return article_id in self._rows

    def add(self, article_id: int, row: IndexRow) -> None:
        self._journal.append((article_id, self._rows.get(article_id)))
        self._rows[article_id] = row

    def mark(self) -> int:
        """Where a savepoint starts (see `undo`)."""
        return len(self._journal)

    def undo(self, mark: int) -> None:
        """Forget what was added since `mark` (its savepoint was rolled back)."""
        while len(self._journal) > mark:
            article_id, before = self._journal.pop()
            if before is None:
                del self._rows[article_id]
            else:
                self._rows[article_id] = before

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write the pending rows (inside the batch's transaction, before it commits)."""
        if self._rows:
            conn.executemany(INSERT_ROW, [(i, *row) for i, row in self._rows.items()])
        self.clear()

    def clear(self) -> None:
        self._rows.clear()
        self._journal.clear()
