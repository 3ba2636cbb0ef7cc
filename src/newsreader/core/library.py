"""The facade: everything the command line and the window may do with a library.

The UI and the CLI talk only to `Library`; it owns the Storage, the HttpClient and the Updater
and hands back frozen values from `models`. Its methods are thread-safe (Storage keeps one
connection per thread), so the window calls them from worker threads.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsreader.core.curation import Rules, SavedSearches
from newsreader.core.errors import InvalidInputError, NotAFeedError, NotFoundError
from newsreader.core.fetch.typed_address import https_then_http
from newsreader.core.models import (
    Account,
    Article,
    ArticleQuery,
    Enclosure,
    Feed,
    FeedRefresh,
    FetchResult,
    Folder,
    ParsedFeed,
    RefreshResult,
    SearchHit,
)
from newsreader.core.offline.feedicons import ICON_OPTION, NO_ICON
from newsreader.core.offline.images import ImageCache
from newsreader.core.pages.urls import normalize_user_url
from newsreader.core.retention import DEFAULT_RETENTION, Retention
from newsreader.core.search import ParsedQuery, make_snippet, parse_query
from newsreader.core.secrets import (
    Credentials,
    feed_login,
    set_feed_login,
    split_login,
    url_origin,
)
from newsreader.core.storage import PruneResult, Storage

if TYPE_CHECKING:  # the modules behind these are imported when first used (start-up time)
    from newsreader.core.feeds.opml import OpmlFeed, OpmlSkip
    from newsreader.core.feeds.parsepool import ParserPool
    from newsreader.core.feeds.update import ParseFn, ProgressFn, Updater
    from newsreader.core.fetch.http import AddressPolicy, HttpClient
    from newsreader.core.offline.enclosures import EnclosureDownloads
    from newsreader.core.offline.export import ExportResult
    from newsreader.core.offline.fulltext import OfflineContent, OfflineReport
    from newsreader.core.offline.pagework import PageReader
    from newsreader.core.storage.recovery import RecoveryReport
    from newsreader.core.sync.accounts import Accounts

# Per-feed option "kind" of a section page read as a feed (same value as update.LISTING).
LISTING = "listing"
OFFLINE_NO_CAP = 2**62  # the offline step's "every article": a LIMIT no library reaches
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"

log = logging.getLogger("newsreader.library")

# Builds the library's HTTP client around its address guard (tests: shorter deadlines).
ClientFactory = Callable[["AddressPolicy"], "HttpClient"]


NOTIFY_OPTION = "notify"  # per-feed option: "on" = a notification names its new articles


def utc_now() -> datetime:
    return datetime.now(UTC)


def default_client(guard: AddressPolicy) -> HttpClient:
    """The app's HTTP client around `guard` (imported here: the network stack loads late)."""
    from newsreader.core.fetch.http import HttpClient

    return HttpClient(address_policy=guard)


def _page_name(page: bytes) -> str | None:
    """A site's name from its home page <title> ("VnExpress - Báo tiếng Việt" -> "VnExpress")."""
    match = re.search(rb"<title[^>]*>(.*?)</title>", page[:200_000], re.IGNORECASE | re.DOTALL)
    if not match:
        return None
    from newsreader.core.pages.htmltext import html_to_text  # not needed before the window

    title = html_to_text(match.group(1).decode("utf-8", "replace"))
    name = re.split(r"\s+[-|–—:]\s+", title, maxsplit=1)[0].strip()
    return name[:80] or None


def _local_elsewhere(url: str, typed_host: str) -> bool:
    """Whether `url` names a loopback/private/link-local host other than the one typed."""
    from newsreader.core.fetch.addresses import blocked_reason, parse_host

    host = (urlsplit(url).hostname or "").lower()
    if not host or host == typed_host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    ip = parse_host(host)
    return ip is not None and blocked_reason(ip) is not None


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an OPML import did: feeds added, and what was skipped with the reason."""

    added: tuple[Feed, ...]
    skipped: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class SiteSubscription:
    """The result of adding a whole news site: its folder, the feeds and sections added."""

    folder: str
    feeds: tuple[Feed, ...]  # real feeds of the site
    sections: tuple[Feed, ...]  # section pages read as feeds
    skipped: tuple[tuple[str, str], ...]  # (url, reason)
    refresh: RefreshResult | None = None


@dataclass(frozen=True, slots=True)
class Subscription:
    """The result of subscribing: the new feed and what its first fetch stored."""

    feed: Feed
    first_refresh: FeedRefresh | None
    candidates: tuple[str, ...] = ()  # other feeds found on the page, when a page was given


class Library:
    """One user's library of feeds and articles."""

    # Set by the composition root when the database was damaged, backed up and salvaged.
    recovery: RecoveryReport | None = None

    def __init__(
        self,
        storage: Storage,
        guard: AddressPolicy | None = None,
        *,
        http: ClientFactory = default_client,
        clock: Callable[[], datetime] = utc_now,
        parse: ParseFn | None = None,
        images: ImageCache | None = None,
        saved_dir: Path | None = None,
        credentials: Credentials | None = None,
        config_dir: Path | None = None,
        retention: Retention = DEFAULT_RETENTION,
    ) -> None:
        """`guard` checks every address the library's client reaches; None means the app's
        `AddressGuard` (no loopback/private address but the subscribed feeds' hosts). There is
        no way to have no guard: tests pass an explicit permissive one. `http` builds the client
        around the guard, on first use, so a window that only reads its cache starts without
        importing the network stack."""
        if guard is not None and not callable(guard):  # e.g. an HttpClient, as before: say so
            raise TypeError(
                f"Library(storage, guard): the guard must be an address policy, not"
                f" {type(guard).__name__} (pass a client factory as http=...)"
            )
        self.storage = storage
        self.clock = clock
        self._guard = guard
        self._http = http
        self.stopping = threading.Event()  # set by stop_background_work (quitting)
        self._client: HttpClient | None = None
        # Untrusted feeds are parsed in worker processes with limits unless told otherwise
        # (the pool, and multiprocessing, are built on the first parse).
        self._pool: ParserPool | None = None
        self._parse = parse
        home = storage.path.parent
        self.saved_dir = saved_dir or home / "saved-images"
        self.images = images or ImageCache(home / "image-cache", pinned_dirs=[self.saved_dir])
        self.retention = retention
        self.images.max_bytes = retention.image_cache_bytes  # the library owns the cache's size
        self._updater: Updater | None = None
        self._offline: OfflineContent | None = None
        self._lazy_lock = threading.RLock()  # the updater builds the parser pool inside it
        self._refresh_lock = threading.Lock()
        self.rules = Rules(storage, lambda: self.clock())  # applied as articles are stored
        self.searches = SavedSearches(storage, lambda: self.clock())
        self.config_dir = config_dir or home  # where the credentials file fallback lives
        # Every secret (feed logins, sync accounts): the keyring, else a 0600 file there.
        self.credentials = credentials or Credentials(self.config_dir)
        self._accounts: Accounts | None = None

    # -- parts built on first use --------------------------------------------------------

    @property
    def client(self) -> HttpClient:
        if self._client is None:
            with self._lazy_lock:
                if self._client is None:
                    self._client = self._guarded_client()
        return self._client

    def _guarded_client(self) -> HttpClient:
        if self._guard is None:
            from newsreader.core.fetch.addresses import AddressGuard

            # No feed, redirect, page or image may reach a local address unless the user
            # subscribed to a feed there (see core/fetch/addresses.py).
            self._guard = AddressGuard(self.storage.feed_urls)
        client = self._http(self._guard)
        if client.address_policy is not self._guard:
            client.close()
            raise ValueError("the library's HTTP client must use the library's address guard")
        return client

    def _parser_pool(self) -> ParserPool | None:
        if self._parse is not None:
            return None
        if self._pool is None:
            from newsreader.core.feeds.parsepool import ParserPool

            with self._lazy_lock:
                if self._pool is None:
                    self._pool = ParserPool()
        return self._pool

    @property
    def parse(self) -> ParseFn:
        pool = self._parser_pool()
        if pool is not None:
            return pool
        assert self._parse is not None
        return self._parse

    @property
    def parse_listing(self) -> ParseFn:
        pool = self._parser_pool()
        if pool is not None:
            return pool.parse_listing
        from newsreader.core.feeds.update import default_parse_listing

        return default_parse_listing

    def _parse_on_demand(self, data: bytes, url: str, content_type: str | None) -> ParsedFeed:
        return self.parse(data, url, content_type)

    def _parse_listing_on_demand(
        self, data: bytes, url: str, content_type: str | None
    ) -> ParsedFeed:
        return self.parse_listing(data, url, content_type)

    @property
    def updater(self) -> Updater:
        if self._updater is None:
            from newsreader.core.feeds.update import Updater

            client = self.client
            with self._lazy_lock:
                if self._updater is None:
                    self._updater = Updater(
                        self.storage,
                        client,
                        clock=self.clock,
                        # Looked up per feed: a refresh where every feed answers 304
                        # never builds the parser pool (nor imports multiprocessing).
                        parse=self._parse or self._parse_on_demand,
                        parse_listing=self._parse_listing_on_demand,
                        login=lambda feed: feed_login(self.credentials, feed.id),
                    )
        return self._updater

    @property
    def offline(self) -> OfflineContent:
        if self._offline is None:
            from newsreader.core.offline.fulltext import OfflineContent

            client = self.client
            with self._lazy_lock:
                if self._offline is None:
                    self._offline = OfflineContent(
                        self.storage,
                        client,
                        self.images,
                        saved_dir=self.saved_dir,
                        clock=self.clock,
                        read_page=self._page_reader(),
                    )
        return self._offline

    def account_list(self) -> list[Account]:
        """The sync accounts, read without building the sync machinery (which imports the
        network stack and the parsers: the window reads this list at start-up)."""
        return self.storage.accounts()

    @property
    def accounts(self) -> Accounts:
        """Sync accounts: add/list/remove, sync, subscribe through a server (core/sync)."""
        if self._accounts is None:
            from newsreader.core.sync.accounts import Accounts

            with self._lazy_lock:
                if self._accounts is None:
                    self._accounts = Accounts(
                        self.storage,
                        lambda: self.client,
                        self.config_dir,
                        clock=self.clock,
                        credentials=self.credentials,
                    )
        return self._accounts

    def _page_reader(self) -> PageReader:
        """Article pages are read in the parser processes too, under their limits."""
        from newsreader.core.offline.pagework import read_page_here, read_page_in

        pool = self._parser_pool()
        return read_page_in(pool) if pool is not None else read_page_here

    @classmethod
    def open(
        cls,
        database: Path,
        guard: AddressPolicy | None = None,
        *,
        http: ClientFactory = default_client,
    ) -> Library:
        """A library on `database`, guarded like the constructor (the app's guard by default)."""
        return cls(Storage(database), guard, http=http)

    def stop_background_work(self) -> None:
        """Quitting: end running requests and parses now and refuse new ones (a cancelled
        refresh and offline-content runs stop without counting what they missed as failures).
        Cancel the refresh first (its `cancel` event), then call this, then `close`."""
        self.stopping.set()
        if self._client is not None:
            self._client.abort()
        if self._pool is not None:
            self._pool.abort()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._client is not None:
            self._client.close()
        self.storage.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- subscriptions -------------------------------------------------------------------

    def feeds(self) -> list[Feed]:
        return self.storage.feeds()

    def feed(self, feed_id: int) -> Feed:
        return self.storage.feed(feed_id)

    def folders(self) -> list[Folder]:
        """The folders, with what their story counts leave out (Folder.copies_*)."""
        return self.storage.counted_folders()

    def _fetch_feed(
        self, url: str, login: tuple[str, str] | None = None, user_agent: str | None = None
    ) -> tuple[FetchResult, ParsedFeed, tuple[str, ...]]:
        """Fetch `url`; if it is a web page, follow the feed it points to. `login` goes only to
        `url`'s own origin (the client makes sure of that for redirects too)."""
        result = self.client.get(url, auth=login, user_agent=user_agent)
        try:
            return result, self.parse(result.content, result.url, result.content_type), ()
        except NotAFeedError:
            candidates = self._candidates_in_page(result)
            if not candidates:
                raise NotAFeedError(f"{url} is a web page and no feed was found on it") from None
            feed_url = candidates[0]
            same = url_origin(feed_url) == url_origin(url)
            found = self.client.get(feed_url, auth=login if same else None, user_agent=user_agent)
            return found, self.parse(found.content, found.url, found.content_type), candidates

    def _candidates_in_page(self, page: FetchResult) -> tuple[str, ...]:
        from newsreader.core.fetch import discover  # imported late: only needed for web pages

        def fetch(u: str) -> FetchResult:
            return self.client.get(u)

        def is_feed(r: FetchResult) -> bool:
            try:
                self.parse(r.content, r.url, r.content_type)
            except Exception:
                return False
            return True

        # Only declared feeds here: a page's plain <a> links may lead to more web pages.
        found = discover.feed_links_in_page(page.content, page.url, anchors=False)
        if not found:
            found = discover.discover(page.url, fetch, is_feed)
        return tuple(c.url for c in found)

    def discover(self, url: str) -> list[str]:
        """Feed URLs for `url`: itself if it is a feed, else the feeds a web page names."""
        from newsreader.core.fetch import discover

        def is_feed(r: FetchResult) -> bool:
            try:
                self.parse(r.content, r.url, r.content_type)
            except Exception:
                return False
            return True

        def attempt(url: str) -> list[str]:
            with self.client.user_chosen(url):
                return [c.url for c in discover.discover(url, self.client.get, is_feed)]

        return https_then_http(url, normalize_user_url(url), attempt)

    def subscribe(
        self,
        url: str,
        *,
        folder: str | None = None,
        title: str | None = None,
        fetch: bool = True,
        login: tuple[str, str] | None = None,
        user_agent: str | None = None,
    ) -> Subscription:
        """Subscribe to a feed (or the feed a web page points to) and store its articles.

        A private feed's `login` (user, password), or one typed into the URL
        ("https://user:pass@host/…", which is taken out of it), goes to the secrets store,
        never into the database; `user_agent` is the feed's own, for sites refusing ours."""
        typed = url
        url, typed_login = split_login(normalize_user_url(url))
        login = login or typed_login
        agent = (user_agent or "").strip() or None

        def attempt(url: str) -> Subscription:
            with self.client.user_chosen(url):  # a local address the user typed is theirs to use
                return self._subscribe(
                    url, folder=folder, title=title, fetch=fetch, login=login, user_agent=agent
                )

        if not fetch or login:  # a login never falls back to plain http
            return attempt(url)
        return https_then_http(typed, url, attempt)

    def _feed_options(
        self, login: tuple[str, str] | None, user_agent: str | None
    ) -> dict[str, str]:
        from newsreader.core.feeds.update import AUTH_OPTION, USER_AGENT_OPTION

        options = {AUTH_OPTION: "on"} if login else {}
        if user_agent:
            options[USER_AGENT_OPTION] = user_agent
        return options

    @staticmethod
    def user_agent_of(feed: Feed) -> str | None:
        """The feed's own User-Agent, if it has one."""
        from newsreader.core.feeds.update import USER_AGENT_OPTION

        return feed.option(USER_AGENT_OPTION)

    def set_user_agent(self, feed_id: int, user_agent: str | None) -> None:
        from newsreader.core.feeds.update import USER_AGENT_OPTION

        value = (user_agent or "").strip() or None
        self.storage.set_feed_option(feed_id, USER_AGENT_OPTION, value)

    def _subscribe(
        self,
        url: str,
        *,
        folder: str | None,
        title: str | None,
        fetch: bool,
        login: tuple[str, str] | None = None,
        user_agent: str | None = None,
    ) -> Subscription:
        if self.storage.feed_id_by_url(url) is not None:
            raise InvalidInputError(f"already subscribed to {url}")
        title = title.strip() if title else None
        folder_id = self.storage.folder_id(folder.strip()) if folder and folder.strip() else None
        options = self._feed_options(login, user_agent)
        if not fetch:
            feed = self.storage.add_feed(
                url,
                title=title or "",
                folder_id=folder_id,
                user_title=bool(title),
                options=options,
                now=self.clock(),
            )
            if login:
                set_feed_login(self.credentials, feed.id, login)
            return Subscription(feed, None)
        result, parsed, candidates = self._fetch_feed(url, login, user_agent)
        # Subscribe to the URL the user gave unless it was a page that led to a feed.
        feed_url = candidates[0] if candidates else url
        if candidates and self.storage.feed_id_by_url(feed_url) is not None:
            raise InvalidInputError(f"already subscribed to {feed_url}")
        if login and url_origin(feed_url) != url_origin(url):
            login = None  # the page led to a feed elsewhere: the login was not for it
            options = self._feed_options(None, user_agent)
        feed = self.storage.add_feed(
            feed_url,
            title=title or parsed.title or "",
            site_url=parsed.site_url,
            folder_id=folder_id,
            user_title=bool(title),
            options=options,
            now=self.clock(),
        )
        if login:
            set_feed_login(self.credentials, feed.id, login)
        outcome = self.updater.store_fetched(feed, result, parsed)
        return Subscription(self.storage.feed(feed.id), outcome, candidates[1:])

    def subscribe_section(
        self, url: str, *, folder: str | None = None, title: str | None = None
    ) -> Subscription:
        """Follow a news site's section page (no feed needed): its headlines become articles."""
        typed, url = url, normalize_user_url(url)
        if self.storage.feed_id_by_url(url) is not None:
            raise InvalidInputError(f"already subscribed to {url}")

        def attempt(url: str) -> tuple[str, FetchResult]:
            with self.client.user_chosen(url):
                return url, self.client.get(url, accept=PAGE_ACCEPT)

        url, page = https_then_http(typed, url, attempt)
        parsed = self.parse_listing(page.content, page.url, page.content_type)
        if not parsed.entries:
            raise NotAFeedError(f"no article links found on {url}")
        folder_id = self.storage.folder_id(folder.strip()) if folder and folder.strip() else None
        feed = self.storage.add_feed(
            url,
            title=(title or parsed.title or url).strip(),
            site_url=url,
            folder_id=folder_id,
            user_title=True,
            options={"kind": LISTING},
            now=self.clock(),
        )
        outcome = self.updater.store_fetched(feed, page, parsed)
        return Subscription(self.storage.feed(feed.id), outcome)

    def site_sections(self, url: str) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
        """A site's name, its feeds and its sections as (name, url): from its recipe, else
        from the home page's <link rel=alternate> and navigation menu (network: worker)."""
        from newsreader.core.fetch import discover
        from newsreader.core.pages import listings as sections

        def attempt(url: str) -> FetchResult:
            with self.client.user_chosen(url):
                return self.client.get(url, accept=PAGE_ACCEPT)

        typed, url = url, normalize_user_url(url)
        page = https_then_http(typed, url, attempt)
        recipe = sections.recipe_for(page.url) or sections.recipe_for(url)
        found = sections.section_links(page.content, url=page.url, recipe=recipe)
        if recipe is not None:
            feeds = [(name, u) for name, u in recipe.feeds]
            name = recipe.name
        else:
            feeds = [
                (c.title or c.url, c.url)
                for c in discover.feed_links_in_page(page.content, page.url, anchors=False)
            ]
            name = _page_name(page.content) or (urlsplit(page.url).hostname or url)
        return name, feeds, found

    def add_site(
        self, url: str, *, folder: str | None = None, refresh: bool = True
    ) -> SiteSubscription:
        """Add a news site like its own website: its feeds and sections in one folder."""
        name, feeds, found = self.site_sections(url)
        typed_host = (urlsplit(normalize_user_url(url)).hostname or "").lower()
        folder_name = (folder or name).strip()
        folder_id = self.storage.folder_id(folder_name)
        added_feeds: list[Feed] = []
        added_sections: list[Feed] = []
        skipped: list[tuple[str, str]] = []
        for kind, items in (("feed", feeds), (LISTING, found)):
            for title, item_url in items:
                try:
                    item_url = normalize_user_url(item_url)
                    if self.storage.feed_id_by_url(item_url) is not None:
                        skipped.append((item_url, "already subscribed"))
                        continue
                    if _local_elsewhere(item_url, typed_host):
                        # Stored feeds count as the user's choice of host: a page must not
                        # make us subscribe to a local address the user did not type.
                        skipped.append((item_url, "points to a local address"))
                        continue
                    feed = self.storage.add_feed(
                        item_url,
                        title=title,
                        site_url=item_url if kind == LISTING else None,
                        folder_id=folder_id,
                        user_title=True,
                        options={"kind": LISTING} if kind == LISTING else None,
                        now=self.clock(),
                    )
                except InvalidInputError as exc:
                    skipped.append((item_url, str(exc)))
                    continue
                (added_sections if kind == LISTING else added_feeds).append(feed)
        if not added_feeds and not added_sections and not skipped:
            raise NotAFeedError(f"no feeds and no sections found on {url}")
        result = None
        new_ids = [f.id for f in (*added_feeds, *added_sections)]
        if refresh and new_ids:
            result = self.refresh(new_ids)
        return SiteSubscription(
            folder_name,
            tuple(self.storage.feed(f.id) for f in added_feeds),
            tuple(self.storage.feed(f.id) for f in added_sections),
            tuple(skipped),
            result,
        )

    def unsubscribe(self, feed_id: int) -> int:
        """Remove a feed (and its login); returns how many saved articles were kept."""
        if self.storage.feed(feed_id).account_id is not None:
            return self.accounts.unsubscribe(feed_id)
        kept = self.storage.remove_feed(feed_id)
        set_feed_login(self.credentials, feed_id, None)  # a private feed's login goes too
        return kept

    def rename_feed(self, feed_id: int, title: str) -> None:
        if not title.strip():
            raise InvalidInputError("a feed needs a name")
        if self.storage.feed(feed_id).account_id is not None:
            return self.accounts.rename_feed(feed_id, title.strip())
        self.storage.set_feed_title(feed_id, title.strip())

    def move_feed(self, feed_id: int, folder: str | None) -> None:
        if self.storage.feed(feed_id).account_id is not None:
            return self.accounts.move_feed(feed_id, folder.strip() if folder else None)
        folder_id = self.storage.folder_id(folder.strip()) if folder and folder.strip() else None
        self.storage.set_feed_folder(feed_id, folder_id)

    def rename_folder(self, folder_id: int, name: str) -> None:
        if not name.strip():
            raise InvalidInputError("a folder needs a name")
        self.storage.rename_folder(folder_id, name.strip())

    def delete_folder(self, folder_id: int) -> None:
        self.storage.delete_folder(folder_id)

    def set_feed_option(self, feed_id: int, name: str, value: str | None) -> None:
        self.storage.set_feed_option(feed_id, name, value)

    def set_proxy(self, mode: str, url: str) -> None:
        """Use this proxy from the next request on ("system", "none" or "manual" with `url`)."""
        from newsreader.core.fetch.proxy import PROXY_MODES, ProxySettings

        if mode not in PROXY_MODES:
            raise InvalidInputError(f"proxy mode must be one of {', '.join(PROXY_MODES)}")
        self.client.set_proxy(ProxySettings(mode, url))

    def set_notify(self, feed_id: int, notify: bool) -> None:
        """Tell (or stop telling) the user about this feed's new articles after a refresh."""
        self.storage.set_feed_option(feed_id, NOTIFY_OPTION, "on" if notify else None)

    def articles_to_notify(self, result: RefreshResult) -> list[Article]:
        """The new articles of a refresh the user asked to be told about, newest first, still
        unread and not hidden: those of feeds whose "notify" option is on, and those a notify
        rule matched as they were stored. (The one hook for notifications.)"""
        chosen = {f.id for f in self.storage.feeds() if f.option(NOTIFY_OPTION) == "on"}
        ids = [i for f in result.feeds if f.feed_id in chosen for i in f.new_ids]
        others = [i for f in result.feeds if f.feed_id not in chosen for i in f.new_ids]
        ids += sorted(self.storage.marked_to_notify(others))
        found = [a for a in self.storage.articles_by_ids(ids) if not a.read and not a.hidden]
        return sorted(found, key=lambda a: a.page_key, reverse=True)

    def set_schedule(
        self, feed_id: int, *, interval_minutes: int | None = None, paused: bool | None = None
    ) -> Feed:
        """A feed's own interval (0: automatic, from what the server and feed say) and pause."""
        if interval_minutes is not None:
            if interval_minutes < 0:
                raise InvalidInputError("an interval is a number of minutes (0: automatic)")
            value = str(interval_minutes) if interval_minutes else None
            self.storage.set_feed_option(feed_id, "interval", value)
            feed = self.storage.feed(feed_id)
            if feed.last_checked is not None:  # the new interval counts from the last fetch
                from newsreader.core.fetch import schedule

                due = schedule.next_due(
                    feed.last_checked,
                    schedule.Hints(),
                    interval=schedule.user_interval(value),
                    unchanged_runs=feed.unchanged_runs,
                )
                self.storage.set_feed_next_due(feed_id, due)
        if paused is not None:
            self.storage.set_feed_option(feed_id, "paused", "1" if paused else None)
        return self.storage.feed(feed_id)

    # -- refresh ---------------------------------------------------------------------------

    def refresh(
        self,
        feed_ids: Sequence[int] | None = None,
        *,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
        due: bool = False,
    ) -> RefreshResult:
        """Fetch feeds now: those named, else every feed not paused (`due`: only those whose
        schedule says it is time, fetch/schedule.py); with no feeds named every sync account is
        synced too. One refresh at a time per library. A sync account's feeds are its server's
        job."""
        from newsreader.core.fetch.schedule import is_due

        feeds = (
            [
                f
                for f in self.storage.feeds()
                if f.option("paused") is None and (not due or is_due(f.next_due, self.clock()))
            ]
            if feed_ids is None
            else [self.storage.feed(i) for i in dict.fromkeys(feed_ids)]
        )
        feeds = [f for f in feeds if f.account_id is None]
        if any(f.last_checked is None for f in feeds) and (pool := self._parser_pool()):
            pool.start()  # a feed never fetched will be parsed: start parsers while fetching
        with self._refresh_lock:
            result = self.updater.refresh(feeds, progress=progress, cancel=cancel)
        if feed_ids is None and self.account_list():
            result = replace(result, accounts=self.accounts.sync(cancel=cancel))
        return result

    # -- articles --------------------------------------------------------------------------

    def articles(self, query: ArticleQuery = ArticleQuery()) -> list[Article]:
        return self.storage.articles(query)

    def count_articles(self, query: ArticleQuery = ArticleQuery()) -> int:
        return self.storage.count_articles(query)

    def article(self, article_id: int) -> Article:
        """One article with its body: the extracted full text when there is one."""
        enclosures = self.storage.enclosures(article_id)
        article = replace(self.storage.article(article_id), enclosures=enclosures)
        full = self.storage.fulltext(article_id)
        if full is None or full.status != "ok" or not full.html:
            return article
        lead = " ".join((full.lead or "").split())
        return replace(
            article,
            enclosures=enclosures,
            content_html=full.html,
            summary=lead or article.summary,
            author=article.author or full.author,
            published=article.published or full.published,
            full_text=True,
        )

    def fetch_full_text(self, article_id: int) -> Article:
        """Fetch and extract the article's page now if that was not done (network: worker)."""
        if self.storage.fulltext(article_id) is None:
            self.offline.fill(
                since=datetime.fromtimestamp(0, UTC),
                article_ids=[article_id],
                limit=1,
                cancel=self.stopping,
            )
        return self.article(article_id)

    def load_full_article(self, article_id: int) -> Article:
        """The reader asked for the article's page: fetch and extract it now, whatever its feed's
        policy or an earlier attempt said (network: worker). Raises NetworkError, FeedError."""
        from newsreader.core.storage import FulltextCandidate

        article = self.storage.article(article_id)
        if not article.link:
            raise InvalidInputError("this article has no web address")
        candidate = FulltextCandidate(
            article.id,
            article.feed_id,
            article.link,
            article.content_html,
            article.summary or "",
            "always",
        )
        self.offline.load_now(candidate, self.stopping)
        return self.article(article_id)

    def offline_pending(self, *, days: int = 3) -> bool:
        """Whether recent articles still wait for their offline preparation (full text and
        images): those stored by `add`/import, or by a refresh whose content step did not run."""
        since = self.clock() - timedelta(days=days)
        return bool(self.storage.fulltext_candidates(since=since, limit=1))

    def fetch_offline_content(
        self,
        *,
        limit: int | None = None,
        days: int = 3,
        cancel: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> OfflineReport:
        """After a refresh: full text and images for every article of the last `days` that
        lacks them, newest first (network: worker). `limit` (default: the retention's
        `offline_per_refresh`, 0 = no cap) bounds one run; what a run leaves is the next's.
        One run at a time: called while one runs, it returns at once and that run also takes
        the articles stored since it started."""
        cap = self.retention.offline_per_refresh if limit is None else limit
        return self.offline.after_refresh(
            since=lambda: self.clock() - timedelta(days=days),
            limit=cap if cap > 0 else OFFLINE_NO_CAP,
            cancel=cancel or self.stopping,
            progress=progress,
        )

    def keep_offline(
        self, ids: Sequence[int], cancel: threading.Event | None = None
    ) -> OfflineReport:
        """Fetch full text and images of these articles now and pin them (network: worker)."""
        return self.offline.keep(self._check_ids(ids), cancel=cancel or self.stopping)

    def export_saved(self, directory: Path) -> ExportResult:
        from newsreader.core.offline import export

        """Write every saved article as a self-contained HTML file (images alongside)."""
        saved = self.storage.articles(ArticleQuery(saved=True))
        full = [self.article(a.id) for a in saved]
        return export.export_saved(
            full,
            self.images,
            directory,
            local_time=lambda a: (
                a.published.astimezone().strftime("%d/%m/%Y %H:%M") if a.published else ""
            ),
        )

    def cached_image(self, url: str) -> bytes | None:
        """An image from the cache (never the network): fast enough for the GUI thread."""
        return self.images.get(url)

    def fetch_image(self, url: str) -> bytes:
        """An image from the cache, else downloaded and cached (network: call from a worker)."""
        return self.offline.fetch_image(url)

    def fetch_feed_icons(self) -> int:
        """Fetch the icons of feeds that have none yet (network: call from a worker); returns
        how many were found. A feed's icon is then `feed_icon(feed)` in the image cache."""
        from newsreader.core.offline.feedicons import fetch_icons

        return fetch_icons(self.storage.feeds(), self.fetch_image, self.storage.set_feed_option)

    @staticmethod
    def feed_icon(feed: Feed) -> str | None:
        """The image-cache URL of the feed's icon, if it has one."""
        icon = feed.option(ICON_OPTION)
        return icon if icon and icon != NO_ICON else None

    def _enclosure(self, article_id: int, position: int) -> Enclosure:
        found = self.storage.enclosures(article_id)
        if not 0 <= position < len(found):
            raise NotFoundError(f"article {article_id} has no enclosure {position}")
        return found[position]

    @property
    def enclosure_downloads(self) -> EnclosureDownloads:
        from newsreader.core.offline.enclosures import EnclosureDownloads

        return EnclosureDownloads(
            self.images.directory.parent / "enclosures",
            self.client,
            budget=lambda: self.images.max_bytes,
        )

    def enclosure_file(self, article_id: int, position: int) -> Path | None:
        """The downloaded file of an article's enclosure, or None (no network)."""
        return self.enclosure_downloads.cached(self._enclosure(article_id, position))

    def download_enclosure(self, article_id: int, position: int) -> Path:
        """Download an article's enclosure for offline use (network: call from a worker), within
        the image cache's size budget and through the address guard; returns the file."""
        return self.enclosure_downloads.download(self._enclosure(article_id, position))

    def set_retention(self, retention: Retention) -> None:
        """Use `retention` from now on (the next prune applies it; the cache's size at once)."""
        self.retention = retention
        self.images.max_bytes = retention.image_cache_bytes

    def prune(self, retention: Retention | None = None) -> PruneResult:
        """Drop old read articles and the excess beyond per-feed limits, never saved ones, and
        evict images beyond the cache's size: by `retention` (which the library then keeps
        using), else by the library's own."""
        if retention is not None:
            self.set_retention(retention)
        keep = self.retention
        result = self.storage.prune(
            now=self.clock(),
            keep_read_days=keep.keep_read_days,
            keep_per_feed=keep.keep_per_feed,
            keep_unread_per_feed=keep.keep_unread_per_feed,
        )
        saved = self.storage.saved_image_urls()
        for url in result.orphan_images:
            if url not in saved:
                with contextlib.suppress(OSError):
                    self.images.path_for(url).unlink()
        self.images.evict()
        return result

    def _check_ids(self, ids: Sequence[int]) -> list[int]:
        wanted = list(dict.fromkeys(ids))
        missing = sorted(set(wanted) - self.storage.existing_ids(wanted))
        if missing:
            raise NotFoundError("no article with id " + ", ".join(map(str, missing)))
        return wanted

    def mark_read(self, ids: Sequence[int], read: bool = True) -> int:
        return self.storage.set_read(self._check_ids(ids), read, now=self.clock())

    def mark_saved(self, ids: Sequence[int], saved: bool = True) -> int:
        """Save or unsave (fast: no network). Saved articles' cached images are pinned at once;
        call keep_offline (in a worker) to fetch what is still missing."""
        ids = self._check_ids(ids)
        changed = self.storage.set_saved(ids, saved, now=self.clock())
        if saved:
            self.offline.pin_saved()
        else:
            still = self.storage.saved_image_urls()
            self.images.unpin(
                [u for u in self.storage.article_image_urls(ids) if u not in still], self.saved_dir
            )
        return changed

    def mark_all_read(self, query: ArticleQuery = ArticleQuery()) -> int:
        return self.storage.mark_all_read(query, now=self.clock())

    def mark_listed_read(self, query: ArticleQuery = ArticleQuery()) -> list[int]:
        """Mark read every unread article `query` lists (from `query.after` on, when given);
        returns their ids (to undo exactly that)."""
        return self.storage.mark_listed_read(query, now=self.clock())

    def search(
        self,
        text: str,
        query: ArticleQuery = ArticleQuery(),
        *,
        limit: int = 200,
        snippets: bool = False,
        newest_first: bool = False,
    ) -> list[SearchHit]:
        """Articles matching `text` (folded like Vietnamese readers type), best first (or
        newest first).

        Raises SearchQueryError with a one-line message for a query that cannot be run.
        """
        parsed = parse_query(text)
        if newest_first:
            hits = self.storage.search_newest(parsed.match, query, limit=limit)
        else:
            hits = self.storage.search(parsed.match, query, limit=limit)
        out: list[SearchHit] = []
        for article, rank in hits:
            snippet = ""
            if snippets:
                snippet = (
                    make_snippet(article.summary, parsed)
                    or self._body_snippet(article.id, parsed)
                    or make_snippet(article.title, parsed)
                    or article.summary[:160]
                )
            out.append(SearchHit(article, snippet, rank))
        return out

    def count_search(
        self, text: str, query: ArticleQuery = ArticleQuery(), *, cap: int = 10_000
    ) -> int:
        """How many articles match `text` (`cap` + 1 means "more than `cap`")."""
        return self.storage.search_count(parse_query(text).match, query, cap=cap + 1)

    def _body_snippet(self, article_id: int, parsed: ParsedQuery) -> str | None:
        from newsreader.core.pages.htmltext import html_to_text

        html = self.storage.article(article_id).content_html
        return make_snippet(html_to_text(html), parsed) if html else None

    # -- OPML ----------------------------------------------------------------------------

    def import_feeds(
        self, feeds: Iterable[OpmlFeed], skipped: Sequence[OpmlSkip] = ()
    ) -> ImportSummary:
        """Subscribe to feeds from an outline without fetching them (a refresh does that)."""
        added: list[Feed] = []
        skips = [(s.what, s.reason) for s in skipped]
        for item in feeds:
            try:
                url, login = split_login(normalize_user_url(item.url))
                shown = url  # a login in the outline is never repeated in a message
                if self.storage.feed_id_by_url(url) is not None:
                    skips.append((shown, "already subscribed"))
                    continue
                folder_id = self.storage.folder_id(item.folder) if item.folder else None
                feed = self.storage.add_feed(
                    url,
                    title=item.title or "",
                    site_url=item.site_url,
                    folder_id=folder_id,
                    user_title=bool(item.title),  # an outline's name is the user's choice
                    options=self._feed_options(login, None),
                    now=self.clock(),
                )
                if login:
                    set_feed_login(self.credentials, feed.id, login)
            except InvalidInputError as exc:
                skips.append((split_login(item.url)[0], str(exc)))
                continue
            added.append(feed)
        return ImportSummary(tuple(added), tuple(skips))

    def import_opml(self, data: bytes) -> ImportSummary:
        from newsreader.core.feeds import opml

        doc = opml.parse_opml(data)
        return self.import_feeds(doc.feeds, doc.skipped)

    def import_defaults(self) -> ImportSummary:
        """Subscribe to the bundled Vietnamese news feeds (skips those already there)."""
        from newsreader.core.feeds import opml

        doc = opml.default_feeds()
        return self.import_feeds(doc.feeds, doc.skipped)

    def export_opml(self) -> bytes:
        from newsreader.core.feeds import opml

        return opml.write_opml(
            opml.OpmlFeed(url=f.url, title=f.title, site_url=f.site_url, folder=f.folder)
            for f in self.storage.feeds()
        )

    def totals(self) -> tuple[int, int, int]:
        """(articles, unread, saved) across the whole library."""
        return self.storage.totals()
