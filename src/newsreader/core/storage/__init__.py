"""Storage: the SQLite database (schema, migrations, queries). All SQL lives in this package."""

from newsreader.core.storage.db import (
    ArticleWrite,
    FeedState,
    FulltextCandidate,
    PruneResult,
    Storage,
    StoredEntry,
    StoredFulltext,
)

__all__ = [
    "ArticleWrite",
    "FeedState",
    "FulltextCandidate",
    "PruneResult",
    "Storage",
    "StoredEntry",
    "StoredFulltext",
]
