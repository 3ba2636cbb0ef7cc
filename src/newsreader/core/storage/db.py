"""`Storage`: the one object callers hold for a library's database, composed of its domain
parts (each a module of this package, each speaking SQL only about its own things):

- `connection.Database` — the connection per thread, transactions, batches, migrations;
- `feeds.FeedStore` — folders and feeds;
- `articles.ArticleStore` — what a refresh writes, article lists and one article;
- `search.SearchStore` — the full-text index;
- `state.StateStore` — read/saved marks, pruning, tombstones;
- `offline.OfflineStore` — full texts and article images;
- `accounts.AccountStore` — sync accounts, their feeds and items, and their outbox;
- `rules.RuleStore`, `searches.SavedSearchStore` — rules and saved searches;
- `enclosures.EnclosureStore` — the audio, video and PDF files of articles;
- `stories` (functions, no part of its own) — one story per canonical link, across the others.

A new domain is a new module with a `Database` subclass, added to `Storage`'s bases; its SQL reads
rows by column name (`self._read` gives `sqlite3.Row`s; long lists use `self._read_columns`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsreader.core.storage import stories
from newsreader.core.storage.accounts import AccountStore
from newsreader.core.storage.articles import ArticleStore
from newsreader.core.storage.connection import translate
from newsreader.core.storage.enclosures import EnclosureStore
from newsreader.core.storage.feeds import FeedStore
from newsreader.core.storage.offline import OfflineStore
from newsreader.core.storage.rules import RuleStore
from newsreader.core.storage.search import SearchStore
from newsreader.core.storage.searches import SavedSearchStore
from newsreader.core.storage.state import StateStore


class Storage(
    FeedStore,
    ArticleStore,
    SearchStore,
    StateStore,
    OfflineStore,
    AccountStore,
    RuleStore,
    SavedSearchStore,
    EnclosureStore,
):
    """All persistent state of one library. Safe to use from several threads."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path)
        try:  # articles stored before stories existed get theirs (once, after migrating)
            stories.backfill(self._conn())
        except sqlite3.Error as exc:
            raise translate(exc) from exc
