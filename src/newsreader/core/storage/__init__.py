"""Storage: the SQLite database (schema, migrations, queries). All SQL lives in this package.

`Storage` (db.py) is composed of one part per domain: connection.py, feeds.py, articles.py
(with article_rows.py, how articles are selected and read), search.py, state.py, offline.py,
accounts.py (sync accounts; outbox.py queues their local changes), rules.py, searches.py;
stories.py holds the SQL of one story per canonical link that the others share.
"""

from newsreader.core.storage.db import Storage
from newsreader.core.storage.records import (
    ArticleWrite,
    FeedState,
    FulltextCandidate,
    PruneResult,
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
