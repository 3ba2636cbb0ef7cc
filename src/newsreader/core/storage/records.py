"""The records storage exchanges with the rest of the core (besides the models): what a refresh
writes and learns, full-text work, and what pruning removed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsreader.core.models import Enclosure


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """What the refresh decision needs to know about an entry already stored."""

    id: int
    content_hash: str


@dataclass(frozen=True, slots=True)
class ArticleWrite:
    """One article to insert or update, as decided by the refresh pipeline."""

    key: str
    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: datetime | None
    updated: datetime | None
    summary: str
    content_html: str | None
    thumbnail: str | None
    categories: tuple[str, ...]
    content_hash: str
    sort_time: datetime
    index_title: str  # folded text for the search index
    index_summary: str
    index_body: str
    enclosures: tuple[Enclosure, ...] = ()
    marks: frozenset[str] = frozenset()  # actions of the rules that matched (stories.py)
    # Its story: `canonical.story_key(link)`, made where the feed was parsed; "": not made yet
    # (the writer makes it). Not compared: derived from `link`.
    story_key: str | None = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class FeedState:
    """What one fetch learned about a feed."""

    checked: datetime
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    title: str | None = None  # the feed's own title (ignored when the user named the feed)
    site_url: str | None = None
    validators_changed: bool = True  # False: keep the stored ETag/Last-Modified/hash
    notice: str | None = None  # not an error, but worth telling (e.g. an empty feed)
    image: str | None = None  # the feed's own icon (kept as the feed option "image")
    next_due: datetime | None = None  # the schedule's next fetch (fetch/schedule.py)
    unchanged_runs: int | None = None  # None: keep the stored count


@dataclass(frozen=True, slots=True)
class FulltextCandidate:
    """An article whose page may be fetched for its full text."""

    article_id: int
    feed_id: int | None
    link: str
    content_html: str | None
    summary: str
    policy: str  # the feed's "fulltext" option: auto, always or never
    thumbnail: str | None = None  # the article's own picture (shown in the list and offline)


@dataclass(frozen=True, slots=True)
class StoredFulltext:
    status: str  # ok, failed or skipped
    html: str | None
    lead: str | None
    author: str | None
    published: datetime | None
    error: str | None


@dataclass(frozen=True, slots=True)
class PruneResult:
    articles: int
    orphan_images: tuple[str, ...]  # image URLs no remaining article refers to
