"""Frozen value types that cross layers (net -> parse -> update -> storage -> library -> UI/CLI).

All datetimes are timezone-aware UTC. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What the HttpClient got for one GET: a body (200) or nothing new (304)."""

    url: str  # final URL after redirects
    status: int  # 200 (or other 2xx) or 304
    content: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    # Freshness the server announced (raw header values; fetch/schedule.py reads them).
    cache_control: str | None = None
    expires: str | None = None
    date: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class Enclosure:
    """A file an entry carries: a podcast episode, a video, a PDF."""

    url: str
    type: str  # MIME type, e.g. "audio/mpeg" (guessed from the name when the feed omits it)
    length: int | None = None  # bytes, as the feed declares it (None: not said)

    @property
    def kind(self) -> str:
        """ "audio", "video" or "pdf"."""
        return "pdf" if self.type == "application/pdf" else self.type.split("/", 1)[0]

    def __reduce__(self) -> tuple[object, ...]:
        return Enclosure, (self.url, self.type, self.length)


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One feed entry as parsed, before it is matched against what is stored."""

    guid: str | None
    link: str | None
    title: str
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    summary: str = ""  # the lead, plain text, without the thumbnail markup
    content_html: str | None = None  # the fullest HTML body the feed carries (unsanitized)
    thumbnail: str | None = None
    categories: tuple[str, ...] = ()
    # Plain text of the body for the search index, computed where the feed is parsed (in a
    # worker process): "" when the body is only the lead, None when not computed.
    body_text: str | None = None
    enclosures: tuple[Enclosure, ...] = ()  # audio, video and PDF files (core/feeds/enclosures.py)
    # Key, content hash and folded index texts, made with the entry where the feed is parsed
    # (core/feeds/prepare.py): what the single writer would otherwise compute. Not compared:
    # derived from the fields above.
    prepared: PreparedEntry | None = field(default=None, compare=False, repr=False)

    def __reduce__(self) -> tuple[type[ParsedEntry], tuple[object, ...]]:
        # Pickled by value, as a plain tuple of the fields: a parser process sends every entry
        # to the writer, and the default of a slots dataclass (`_dataclass_getstate` and
        # `_dataclass_setstate`) calls `fields()` for each object on both sides.
        return ParsedEntry, (
            self.guid, self.link, self.title, self.author, self.published, self.updated,
            self.summary, self.content_html, self.thumbnail, self.categories, self.body_text,
            self.enclosures, self.prepared,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class PreparedEntry:
    """What the writer needs of a parsed entry besides the entry (core/feeds/prepare.py)."""

    key: str
    content_hash: str
    index_title: str
    index_summary: str
    index_body: str
    # The story the entry joins (core/canonical.py `story_key` of its link); "" when not made
    # (then the writer makes it), None when the link is no web link.
    story_key: str | None = ""
    # The actions of the rules that matched it, when they were matched where it was parsed
    # (with the rules in `ParseScope`); None: not matched there.
    marks: frozenset[str] | None = None

    def __reduce__(self) -> tuple[type[PreparedEntry], tuple[object, ...]]:
        return PreparedEntry, (
            self.key, self.content_hash, self.index_title, self.index_summary, self.index_body,
            self.story_key, self.marks,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A whole parsed feed document."""

    title: str | None
    site_url: str | None
    entries: tuple[ParsedEntry, ...]
    version: str = ""  # e.g. "rss20", "atom10", "json11"
    description: str | None = None
    warning: str | None = None  # parser complained but still produced entries (bozo)
    image: str | None = None  # the feed's own icon or logo (RSS <image>, Atom icon, JSON icon)
    # How often the feed says it changes (<ttl>, sy:updatePeriod/Frequency), if it says.
    refresh_hint: timedelta | None = None

    def __reduce__(self) -> tuple[type[ParsedFeed], tuple[object, ...]]:
        return ParsedFeed, (
            self.title, self.site_url, self.entries, self.version, self.description,
            self.warning, self.image, self.refresh_hint,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Folder:
    id: int
    name: str
    # Further copies of stories already in the folder (a story in two of its feeds): its
    # counts are its feeds' counts less these.
    copies_unread: int = 0
    copies_total: int = 0


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscription as stored, with its counts."""

    id: int
    url: str
    title: str
    site_url: str | None = None
    folder_id: int | None = None
    folder: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_checked: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    unread: int = 0
    total: int = 0
    user_title: bool = False  # the user named it; refresh must not rename it
    notice: str | None = None  # not an error but worth telling, e.g. "the feed has no articles"
    options: tuple[tuple[str, str], ...] = ()  # per-feed options (e.g. ("fulltext", "auto"))
    next_due: datetime | None = None  # when the schedule next wants it fetched (None: now)
    unchanged_runs: int = 0  # fetches in a row that brought nothing new (adaptive back-off)
    account_id: int | None = None  # the sync account that owns it; None for a local feed

    def option(self, name: str, default: str | None = None) -> str | None:
        return dict(self.options).get(name, default)


@dataclass(frozen=True, slots=True)
class Article:
    """An article as stored, with its state; `feed_id` is None once its (saved) feed is removed."""

    id: int
    feed_id: int | None
    feed_title: str
    folder: str | None
    key: str  # identifies the entry within its feed (its guid, else link, else a hash)
    link: str | None
    title: str
    author: str | None
    published: datetime | None
    updated: datetime | None
    summary: str
    thumbnail: str | None
    read: bool
    saved: bool
    sort_time: datetime
    content_html: str | None = None  # only filled by queries for one article

    @property
    def page_key(self) -> tuple[int, int]:
        """This article's place in list order, for `ArticleQuery(after=...)`."""
        return int(self.sort_time.timestamp()), self.id

    categories: tuple[str, ...] = ()
    full_text: bool = False  # content_html is the text extracted from the article's page
    enclosures: tuple[Enclosure, ...] = ()  # only filled for one article (Library.article)
    also_in: tuple[int, ...] = ()  # the other feeds that carry the same story
    also_in_titles: tuple[str, ...] = ()  # their names, in the same order
    highlighted: bool = False  # a highlight rule matched it
    hidden: bool = False  # a hide rule matched it (listed only when asked for)
    account_id: int | None = None  # the sync account it came from; None for a local article


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: Article
    snippet: str
    rank: float


RefreshStatus = Literal["new", "unchanged", "error"]


@dataclass(frozen=True, slots=True)
class FeedRefresh:
    """The outcome of refreshing one feed."""

    feed_id: int
    url: str
    status: RefreshStatus
    new_articles: int = 0
    updated_articles: int = 0
    error: str | None = None
    new_ids: tuple[int, ...] = ()  # the articles this refresh stored (what notifications name)


@dataclass(frozen=True, slots=True)
class AccountSync:
    """What one sync account's sync did."""

    account_id: int
    status: Literal["ok", "error"]
    new_articles: int = 0
    sent_changes: int = 0
    requests: int = 0
    error: str | None = None
    offline: bool = False


@dataclass(frozen=True, slots=True)
class RefreshResult:
    feeds: tuple[FeedRefresh, ...] = field(default_factory=tuple)
    offline: bool = False  # the network as a whole was unreachable
    accounts: tuple[AccountSync, ...] = ()  # the sync accounts synced with this refresh

    @property
    def new_articles(self) -> int:
        return sum(f.new_articles for f in self.feeds) + sum(a.new_articles for a in self.accounts)

    @property
    def errors(self) -> int:
        return self.feed_errors + self.account_errors

    @property
    def feed_errors(self) -> int:
        return sum(1 for f in self.feeds if f.status == "error")

    @property
    def account_errors(self) -> int:
        return sum(1 for a in self.accounts if a.status == "error")


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """Which articles to list; every filter is optional and they combine with AND."""

    feed_id: int | None = None
    folder: str | None = None
    unread: bool = False
    saved: bool = False
    limit: int | None = None
    offset: int = 0
    # Keyset paging: only articles after this one in list order (newest first). Pass the last
    # row's `page_key`; unlike `offset`, page 500 costs what page 1 costs.
    after: tuple[int, int] | None = None
    # The other way: only the `limit` articles just before this one in list order (newer),
    # returned in list order; for a list that dropped its rows above and scrolls back up.
    before: tuple[int, int] | None = None
    include_hidden: bool = False  # also articles a hide rule matched
    search: str | None = None  # only articles matching this FTS5 expression (search.parse_query)
    # Only one sync account's articles (then `folder` names one of that account's folders).
    account_id: int | None = None


RuleField = Literal["title", "lead", "body", "author", "any"]
RuleAction = Literal["read", "hide", "save", "highlight", "notify"]
RULE_FIELDS: tuple[RuleField, ...] = ("title", "lead", "body", "author", "any")
RULE_ACTIONS: tuple[RuleAction, ...] = ("read", "hide", "save", "highlight", "notify")


@dataclass(frozen=True, slots=True)
class Rule:
    """Applied to each article as it is stored: when `match` matches, do `action`.

    `match` is words (all must appear, accent marks optional), a "quoted phrase" or a /regex/;
    `feed_id` and `folder`, when set, limit the rule to that feed or folder.
    """

    id: int
    match: str
    field: RuleField = "any"
    feed_id: int | None = None
    folder: str | None = None
    action: RuleAction = "read"


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A search kept by name, shown as a section with its counts (stories, hidden left out)."""

    id: int
    name: str
    query: str
    unread: int = 0
    total: int = 0
    match: str = ""  # the query as an FTS5 expression (ArticleQuery.search)


AccountKind = Literal["greader", "fever"]


@dataclass(frozen=True, slots=True)
class Account:
    """A sync account: a server that owns some feeds of this library. Never holds a secret."""

    id: int
    kind: AccountKind
    url: str  # the API base the user typed
    user: str
    title: str
    last_sync: datetime | None = None
    last_error: str | None = None

    @property
    def name(self) -> str:
        return self.title or f"{self.user} @ {self.url}"
