"""The refresh pipeline: fetch -> parse -> decide (pure) -> store, many feeds at once.

Fetching and parsing run in a bounded pool of worker threads (the HttpClient keeps at most two
connections per host); deciding and storing run on the calling thread as results arrive, so there
is a single writer and no lock contention. One feed's failure is recorded on that feed and never
stops the others.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from newsreader.core.canonical import story_key
from newsreader.core.errors import NewsreaderError, OfflineError
from newsreader.core.feeds.prepare import (
    ParseScope,
    hash_of,
    key_of,
    marks_of,
    parse_scope,
    prepared,
)
from newsreader.core.feeds.prepare import content_hash as content_hash
from newsreader.core.feeds.prepare import entry_key as entry_key
from newsreader.core.fetch import schedule
from newsreader.core.fetch.http import HttpClient
from newsreader.core.models import (
    Feed,
    FeedRefresh,
    FetchResult,
    ParsedEntry,
    ParsedFeed,
    RefreshResult,
    Rule,
)
from newsreader.core.rules import RuleSet, Subject
from newsreader.core.storage import ArticleWrite, FeedState, Storage, StoredEntry
from newsreader.core.storage.connection import Batch

log = logging.getLogger("newsreader.update")

Clock = Callable[[], datetime]
ParseFn = Callable[[bytes, str, str | None], ParsedFeed]
ProgressFn = Callable[[FeedRefresh, int, int], None]

# A future-dated entry would sit on top of every list for days: clamp how far ahead we believe.
_FUTURE_SLACK = timedelta(hours=12)
# Rules matched where each feed is parsed (the parser processes) instead of by the writer: the
# writer's CPU for the bench's 20 rules goes from ~0.24 s per 10,000 new articles to ~0; the
# parser processes (at nice 5) take it on. docs/perf.md, "Session 4: less main-process work".
MATCH_RULES_WHERE_PARSED = True


def default_parse(data: bytes, url: str, content_type: str | None) -> ParsedFeed:
    # Imported here: a refresh where every feed answers 304 never loads the parsers.
    from newsreader.core.feeds.document import parse_feed

    return parse_feed(data, url=url, content_type=content_type)


def default_parse_listing(data: bytes, url: str, content_type: str | None) -> ParsedFeed:
    from newsreader.core.pages.listings import parse_listing

    return parse_listing(data, url=url)


LISTING = "listing"  # the per-feed option "kind": a section web page instead of a feed
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
EMPTY_FEED_NOTICE = "the feed has no articles (the site may list them only on its web pages)"


AUTH_OPTION = "auth"  # "on": the feed has a login in the secrets store (never here)
USER_AGENT_OPTION = "user_agent"  # the feed's own User-Agent, for sites that refuse ours


def body_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def to_write(
    entry: ParsedEntry, now: datetime, marks: frozenset[str] = frozenset()
) -> ArticleWrite:
    when = entry.published or entry.updated
    sort_time = when if when is not None and when <= now + _FUTURE_SLACK else now
    made = prepared(entry)  # in the parser's worker process, when it was parsed there
    return ArticleWrite(
        key=made.key,
        guid=entry.guid,
        link=entry.link,
        title=entry.title,
        author=entry.author,
        published=entry.published,
        updated=entry.updated,
        summary=entry.summary,
        content_html=entry.content_html,
        thumbnail=entry.thumbnail,
        categories=entry.categories,
        content_hash=made.content_hash,
        sort_time=sort_time,
        index_title=made.index_title,
        index_summary=made.index_summary,
        index_body=made.index_body,
        enclosures=entry.enclosures,
        marks=marks,
        story_key=made.story_key if made.story_key != "" else story_key(entry.link),
    )


@dataclass(frozen=True, slots=True)
class Decision:
    """What to write for one parsed feed."""

    inserts: tuple[ParsedEntry, ...]
    updates: tuple[tuple[int, ParsedEntry], ...]


def decide(
    entries: Iterable[ParsedEntry],
    stored: dict[str, StoredEntry],
    tombstoned: set[str],
) -> Decision:
    """Pure: which entries are new, which changed. Duplicates within one document keep the first."""
    inserts: list[ParsedEntry] = []
    updates: list[tuple[int, ParsedEntry]] = []
    seen: set[str] = set()
    for entry in entries:
        key = key_of(entry)
        if key in seen or key in tombstoned:
            continue
        seen.add(key)
        old = stored.get(key)
        if old is None:
            inserts.append(entry)
        elif old.content_hash != hash_of(entry):
            updates.append((old.id, entry))
    return Decision(tuple(inserts), tuple(updates))


@dataclass(frozen=True, slots=True)
class _Fetched:
    """What a worker hands back to the writer for one feed."""

    feed: Feed
    result: FetchResult | None = None
    parsed: ParsedFeed | None = None
    hash: str | None = None
    unchanged: bool = False
    error: str | None = None
    offline: bool = False
    retry_after: float | None = None  # seconds the server asked us to wait (429/503)
    rules: tuple[Rule, ...] | None = None  # the rules matched where it was parsed (None: none)


class _QuietWrites:
    """The fetch states of feeds that brought nothing new, written together (one transaction,
    one statement each) instead of one write each between the fetches: on a warm refresh the
    writer's statements otherwise wait for the GIL behind the fetching threads, one by one.
    Held at most as long as the batch holds an open transaction (`Database.batch`), and written
    before any commit, so a killed refresh loses no more than it did."""

    def __init__(self, storage: Storage, batch: Batch) -> None:
        self._storage = storage
        self._batch = batch
        self._states: list[tuple[int, FeedState]] = []
        self._since = 0.0

    def add(self, feed_id: int, state: FeedState) -> None:
        if not self._states:
            self._since = time.monotonic()
        self._states.append((feed_id, state))

    def due(self) -> bool:
        return bool(self._states) and time.monotonic() - self._since >= self._batch.max_seconds

    def flush(self) -> dict[int, str]:
        """Write what is held; returns the feeds whose state could not be written (id: error),
        each then that feed's error, as when it was written alone."""
        if not self._states:
            return {}
        states, self._states = self._states, []
        self._batch.begin()
        try:
            self._storage.record_fetches(states)
            return {}
        except NewsreaderError:  # e.g. disk full: one feed at a time, each failing on its own
            failed = {}
            for feed_id, state in states:
                try:
                    self._storage.record_fetch(feed_id, state)
                except NewsreaderError as exc:
                    failed[feed_id] = str(exc)
            return failed


def apply_rules(rules: RuleSet, feed: Feed, writes: list[ArticleWrite]) -> list[ArticleWrite]:
    """The writes with the actions of the rules that match each (pure)."""
    if not rules:
        return writes
    out = []
    for w in writes:
        subject = Subject(
            title=w.title,
            lead=w.summary,
            author=w.author or "",
            folded_title=w.index_title,
            folded_lead=w.index_summary,
            folded_body=w.index_body,
            feed_id=feed.id,
            folder=feed.folder,
        )
        marks = rules.actions(subject)
        out.append(replace(w, marks=marks) if marks else w)
    return out


def plan_next(
    feed: Feed,
    now: datetime,
    *,
    result: FetchResult | None = None,
    parsed: ParsedFeed | None = None,
    changed: bool = False,
    retry_after: float | None = None,
) -> tuple[datetime, int]:
    """(next due time, unchanged runs) after one fetch of `feed` (fetch/schedule.py decides)."""
    runs = 0 if changed else feed.unchanged_runs + (result is not None)
    hints = schedule.Hints(
        server=schedule.cache_lifetime(result.cache_control, result.expires, result.date, now)
        if result is not None
        else None,
        feed=parsed.refresh_hint if parsed is not None else None,
        retry=schedule.retry_after(retry_after),
    )
    due = schedule.next_due(
        now, hints, interval=schedule.user_interval(feed.option("interval")), unchanged_runs=runs
    )
    return due, runs


class Updater:
    """Refreshes feeds: network and parsing in workers, writes on the caller's thread."""

    def __init__(
        self,
        storage: Storage,
        client: HttpClient,
        *,
        clock: Clock,
        parse: ParseFn = default_parse,
        parse_listing: ParseFn = default_parse_listing,
        workers: int = 12,
        login: Callable[[Feed], tuple[str, str] | None] = lambda _feed: None,
    ) -> None:
        """`login` gives a private feed's (user, password), asked only for feeds whose "auth"
        option is on."""
        self.storage = storage
        self.client = client
        self.clock = clock
        self.parse = parse
        self.parse_listing = parse_listing
        self.workers = workers
        self.login = login
        self._rules: tuple[tuple[Rule, ...], RuleSet] | None = None

    def _fetch_one(
        self, feed: Feed, cancel: threading.Event | None, rules: tuple[Rule, ...] = ()
    ) -> _Fetched:
        """Fetch and parse one feed (in a worker thread). `rules` (the stored rules when the
        refresh began) are matched where a feed never read before is parsed, when it is parsed
        in a parser process; the writer checks they are still the stored ones before using the
        marks."""
        if cancel is not None and cancel.is_set():
            return _Fetched(feed, error="cancelled")
        listing = feed.option("kind") == LISTING
        try:
            result = self.client.get(
                feed.url,
                etag=feed.etag,
                last_modified=feed.last_modified,
                accept=PAGE_ACCEPT if listing else None,
                cancel=cancel,
                user_agent=feed.option(USER_AGENT_OPTION),
                auth=self.login(feed) if feed.option(AUTH_OPTION) == "on" else None,
            )
        except OfflineError as exc:
            return _Fetched(feed, error=str(exc), offline=True)
        except NewsreaderError as exc:
            if cancel is not None and cancel.is_set():
                return _Fetched(feed, error="cancelled")
            return _Fetched(feed, error=str(exc), retry_after=getattr(exc, "retry_after", None))
        if result.not_modified:
            return _Fetched(feed, result=result, unchanged=True)
        digest = body_hash(result.content)
        if digest == feed.body_hash:
            # Same bytes as last time: skip parsing entirely.
            return _Fetched(feed, result=result, hash=digest, unchanged=True)
        if cancel is not None and cancel.is_set():
            return _Fetched(feed, error="cancelled")
        # Only for a feed never read: all its entries are new. A feed read before brings a few
        # new ones among its old ones; there the parser would match every entry, the writer
        # only the new ones.
        never_read = feed.last_success is None
        scope = ParseScope(rules, feed.id, feed.folder) if rules and never_read else None
        try:
            parse = self.parse_listing if listing else self.parse
            with parse_scope(scope):
                parsed = parse(result.content, result.url, result.content_type)
        except NewsreaderError as exc:
            if cancel is not None and cancel.is_set():  # the parser was stopped (quitting)
                return _Fetched(feed, error="cancelled")
            return _Fetched(feed, result=result, error=str(exc))
        except Exception as exc:  # a parser bug must become this feed's error, not a crash
            log.exception("parser failed on %s", feed.url)
            return _Fetched(feed, result=result, error=f"could not parse the feed: {exc!r}")
        return _Fetched(
            feed, result=result, parsed=parsed, hash=digest, rules=rules if scope else None
        )

    def _rule_set(self) -> RuleSet:
        """The stored rules, compiled again only when they changed (read for every feed: a
        rule added during a refresh applies from the next feed on)."""
        rules = tuple(self.storage.rules())
        if self._rules is None or self._rules[0] != rules:
            self._rules = (rules, RuleSet(rules))
        return self._rules[1]

    @staticmethod
    def _unchanged_state(fetched: _Fetched, now: datetime) -> FeedState:
        """What a fetch that brought nothing new (304, or the same bytes) records."""
        feed, result = fetched.feed, fetched.result
        assert result is not None
        due, runs = plan_next(feed, now, result=result)
        return FeedState(
            checked=now,
            etag=result.etag or feed.etag,
            last_modified=result.last_modified or feed.last_modified,
            body_hash=fetched.hash or feed.body_hash,
            next_due=due,
            unchanged_runs=runs,
        )

    def store(self, fetched: _Fetched) -> FeedRefresh:
        """Decide and write one fetched feed (on the writer thread)."""
        feed, now = fetched.feed, self.clock()
        if fetched.error is not None:
            if fetched.error != "cancelled":
                due, _ = plan_next(feed, now, retry_after=fetched.retry_after)
                self.storage.record_fetch(
                    feed.id, FeedState(checked=now, error=fetched.error, next_due=due)
                )
            return FeedRefresh(feed.id, feed.url, "error", error=fetched.error)
        result = fetched.result
        assert result is not None
        if fetched.unchanged:
            self.storage.record_fetch(feed.id, self._unchanged_state(fetched, now))
            return FeedRefresh(feed.id, feed.url, "unchanged")
        parsed = fetched.parsed
        assert parsed is not None
        stored = self.storage.stored_entries(feed.id)
        keys = [key_of(e) for e in parsed.entries]
        fresh_keys = [k for k in keys if k not in stored]
        tomb = self.storage.tombstoned(feed.id, fresh_keys) if fresh_keys else set()
        decision = decide(parsed.entries, stored, tomb)
        is_listing = feed.option("kind") == LISTING
        due, runs = plan_next(
            feed, now, result=result, parsed=parsed, changed=bool(decision.inserts)
        )
        state = FeedState(
            checked=now,
            etag=result.etag,
            last_modified=result.last_modified,
            body_hash=fetched.hash,
            title=None if is_listing else parsed.title,  # a page title is no section name
            site_url=parsed.site_url,
            image=parsed.image,
            notice=EMPTY_FEED_NOTICE if not parsed.entries and not is_listing else None,
            next_due=due,
            unchanged_runs=runs,
        )
        inserts = self._writes(fetched, decision.inserts, now)
        new_ids = self.storage.store_refresh(
            feed.id,
            state,
            inserts,
            [(i, to_write(e, now)) for i, e in decision.updates],
            now=now,
        )
        return FeedRefresh(
            feed.id,
            feed.url,
            "new",
            new_articles=len(decision.inserts),
            updated_articles=len(decision.updates),
            new_ids=tuple(new_ids),
        )

    def _writes(
        self, fetched: _Fetched, entries: Sequence[ParsedEntry], now: datetime
    ) -> list[ArticleWrite]:
        """The new entries' writes with the marks of the stored rules: those made where the
        feed was parsed when it was parsed with these very rules, else matched here."""
        if not entries:
            return []
        rule_set = self._rule_set()
        assert self._rules is not None
        marks = marks_of(entries) if fetched.rules == self._rules[0] else None
        if marks is None:
            return apply_rules(rule_set, fetched.feed, [to_write(e, now) for e in entries])
        return [to_write(e, now, m) for e, m in zip(entries, marks, strict=True)]

    def _store_safely(self, fetched: _Fetched) -> FeedRefresh:
        try:
            return self.store(fetched)
        except NewsreaderError as exc:  # e.g. disk full: this feed's error, the rest go on
            return FeedRefresh(fetched.feed.id, fetched.feed.url, "error", error=str(exc))

    def store_fetched(self, feed: Feed, result: FetchResult, parsed: ParsedFeed) -> FeedRefresh:
        """Store a feed already fetched and parsed elsewhere (subscribing fetches once)."""
        return self.store(
            _Fetched(feed, result=result, parsed=parsed, hash=body_hash(result.content))
        )

    def refresh(
        self,
        feeds: Sequence[Feed],
        *,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> RefreshResult:
        total = len(feeds)
        outcomes: list[FeedRefresh] = []
        unreachable: list[_Fetched] = []
        if total == 0:
            return RefreshResult(())
        with (
            ThreadPoolExecutor(
                max_workers=min(self.workers, total), thread_name_prefix="refresh"
            ) as pool,
            self.storage.batch() as batch,
        ):
            # Each finished fetch queues itself: waiting on the queue costs nothing per feed
            # still pending (concurrent.futures.wait hooks onto every pending future per call).
            finished: queue.SimpleQueue[Future[_Fetched]] = queue.SimpleQueue()
            # Only futures not yet taken are kept: a taken one's parsed feed is freed as soon as
            # it is stored. Holding them all freed 50,000 entries in one go at the end (1000
            # feeds: a 100 ms pause of every other thread, the window's included).
            pending: set[Future[_Fetched]] = set()
            # Matched where each feed is parsed (a parser process), and checked at its store.
            rules = tuple(self.storage.rules()) if MATCH_RULES_WHERE_PARSED else ()
            for f in feeds:
                fut = pool.submit(self._fetch_one, f, cancel, rules)
                pending.add(fut)
                fut.add_done_callback(finished.put)
            left = len(pending)
            quiet = _QuietWrites(self.storage, batch)
            failed: dict[int, str] = {}
            while left:
                done = _take(finished, timeout=0.5)
                left -= len(done)
                if not done:
                    failed |= quiet.flush()
                    batch.commit()  # nothing to write for now: let other writers in
                if cancel is not None and cancel.is_set():
                    for fut in list(pending):
                        fut.cancel()  # those not started yet come back through the queue
                done.reverse()
                while done:
                    fut = done.pop()  # not held past its turn (see `pending`)
                    pending.discard(fut)
                    if fut.cancelled():
                        continue
                    fetched = fut.result()
                    if fetched.offline:
                        # Held back: if the whole network is gone this is said once, not
                        # recorded as an error on every feed.
                        unreachable.append(fetched)
                        outcome = FeedRefresh(
                            fetched.feed.id, fetched.feed.url, "error", error=fetched.error
                        )
                    elif fetched.unchanged and fetched.error is None:
                        quiet.add(fetched.feed.id, self._unchanged_state(fetched, self.clock()))
                        outcome = FeedRefresh(fetched.feed.id, fetched.feed.url, "unchanged")
                    else:
                        failed |= quiet.flush()  # in this transaction, before it commits
                        batch.begin()
                        outcome = self._store_safely(fetched)
                        batch.checkpoint()
                    outcomes.append(outcome)
                    if progress is not None:
                        progress(outcome, len(outcomes), total)
                if quiet.due():
                    failed |= quiet.flush()
                    batch.checkpoint()
            failed |= quiet.flush()
        if failed:
            outcomes = [
                replace(o, status="error", error=failed[o.feed_id])
                if o.feed_id in failed and o.status == "unchanged"
                else o
                for o in outcomes
            ]
        attempted = [o for o in outcomes if o.error != "cancelled"]
        offline = bool(attempted) and len(unreachable) == len(attempted)
        if not offline:
            for fetched in unreachable:  # only some names failed: those feeds have a problem
                self._store_safely(fetched)
        order = {f.id: i for i, f in enumerate(feeds)}
        outcomes.sort(key=lambda o: order.get(o.feed_id, 0))
        return RefreshResult(tuple(outcomes), offline=offline)


def _take(finished: queue.SimpleQueue[Future[_Fetched]], timeout: float) -> list[Future[_Fetched]]:
    """The futures finished so far, waiting up to `timeout` for the first (none: empty)."""
    try:
        done = [finished.get(timeout=timeout)]
    except queue.Empty:
        return []
    while True:
        try:
            done.append(finished.get_nowait())
        except queue.Empty:
            return done
