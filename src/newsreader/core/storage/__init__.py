"""Storage: the SQLite database (schema, migrations, queries). All SQL lives in this package."""

from newsreader.core.storage.db import ArticleWrite, FeedState, Storage, StoredEntry

__all__ = ["ArticleWrite", "FeedState", "Storage", "StoredEntry"]
