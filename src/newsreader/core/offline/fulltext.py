"""Offline reading: fetch article pages for their full text, download images, pin saved items.

Runs after a refresh (in the window: in a worker) and on demand when an article is opened or
saved. All requests go through the one HttpClient (caps, deadlines, two connections per host);
a few threads share the work. When the network as a whole is gone the run stops at once and
says so, instead of failing article by article. Each fetched page is read (extracted and
sanitized) by a `PageReader`: in the app, the parser processes with their time and memory limits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path

from newsreader.core.errors import FeedError, NetworkError, OfflineError, PageError
from newsreader.core.fetch.http import IMAGE_MAX_BYTES, PAGE_MAX_BYTES, HttpClient
from newsreader.core.fetch.netmessages import network_error
from newsreader.core.offline.images import ImageCache
from newsreader.core.offline.pagework import PageReader, read_page_here
from newsreader.core.offline.turns import hosts_taking_turns
from newsreader.core.offline.writes import BatchedWrites, Write
from newsreader.core.pages.extract import needs_full_text
from newsreader.core.pages.htmltext import html_to_text
from newsreader.core.pages.sanitize import image_urls, sanitize_html
from newsreader.core.storage import FulltextCandidate, Storage
from newsreader.core.textfold import fold

log = logging.getLogger("newsreader.offline")

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
IMAGE_ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.5"


@dataclass(frozen=True, slots=True)
class OfflineReport:
    """What one offline run did."""

    pages: int = 0  # article pages fetched
    extracted: int = 0  # of which full text was found
    failed: int = 0
    images: int = 0  # images downloaded
    image_failures: int = 0
    offline: bool = False
    pending: int = 0  # articles left for the next run (a site asked to wait, or the run stopped)
    images_over_budget: int = 0  # images not fetched: the run filled the cache's size limit


@dataclass
class _Tally:
    pages: int = 0
    extracted: int = 0
    failed: int = 0
    images: int = 0
    image_failures: int = 0
    offline: bool = False
    reached: bool = False  # some request got an answer: one dead name is not "offline"
    pending: int = 0
    images_over_budget: int = 0

    def network_gone(self, cancel: threading.Event) -> bool:
        """After an OfflineError: stop the run if nothing was reachable so far."""
        if self.reached:
            return False
        self.offline = True
        cancel.set()
        return True

    def report(self) -> OfflineReport:
        return OfflineReport(
            self.pages,
            self.extracted,
            self.failed,
            self.images,
            self.image_failures,
            self.offline,
            self.pending,
            self.images_over_budget,
        )


@dataclass
class _ImageRun:
    """The images of one run: each fetched once, and no more bytes than the cache may hold."""

    budget: int
    spent: int = 0
    claimed: set[str] = field(default_factory=set)


def _merged(a: OfflineReport, b: OfflineReport) -> OfflineReport:
    """Two runs' reports as one: counts added, "offline" if either found the network gone."""
    counts = {
        f.name: getattr(a, f.name) + getattr(b, f.name)
        for f in fields(OfflineReport)
        if f.name != "offline"
    }
    return OfflineReport(**counts, offline=a.offline or b.offline)


# Progress of a run: (articles done, articles in the run).
Progress = Callable[[int, int], None]


def _immediately(write: Write) -> None:
    write()


def _feed_text(candidate: FulltextCandidate) -> str:
    """The fullest text the feed gave for this article."""
    text = html_to_text(candidate.content_html) if candidate.content_html else ""
    return text if len(text) >= len(candidate.summary) else candidate.summary


def _longer_than_feed(text: str, candidate: FulltextCandidate) -> bool:
    """Whether `text` is at least as long as the fullest text the feed gave. The text of some
    HTML is never longer than the HTML, so the feed's markup is only read when it could be."""
    html = candidate.content_html or ""
    if len(text) >= len(html) and len(text) >= len(candidate.summary):
        return True
    return len(text) >= len(_feed_text(candidate))


class OfflineContent:
    """Keeps articles readable without a network."""

    def __init__(
        self,
        storage: Storage,
        client: HttpClient,
        images: ImageCache,
        *,
        saved_dir: Path,
        clock: Callable[[], datetime],
        workers: int = 8,
        read_page: PageReader = read_page_here,
    ) -> None:
        self.storage = storage
        self.read_page = read_page
        self.client = client
        self.images = images
        self.saved_dir = saved_dir
        self.clock = clock
        self.workers = workers
        self._lock = threading.Lock()
        self._runs = threading.Lock()  # guards the two flags below
        self._running = False  # an `after_refresh` run is going on
        self._again = False  # ... and another refresh stored articles meanwhile

    # -- full text -------------------------------------------------------------------------

    @staticmethod
    def _article_images(candidate: FulltextCandidate, html: str | None) -> list[str]:
        urls = image_urls(sanitize_html(html, base_url=candidate.link)) if html else []
        thumb = candidate.thumbnail
        return ([thumb] if thumb else []) + urls

    def process(
        self,
        candidate: FulltextCandidate,
        tally: _Tally,
        cancel: threading.Event,
        *,
        strict: bool = False,
        write: Callable[[Write], None] = _immediately,
    ) -> list[str]:
        """Fetch and extract one article's page (when its policy wants it) and record its
        images; returns the images the article shows. The records are handed to `write`.

        `strict` (the reader asked for this page): a failure is recorded and raised, and the
        extracted text is kept even when the feed had as much."""
        if cancel.is_set():
            if strict:
                raise network_error("cancelled")
            with self._lock:
                tally.pending += 1
            return []
        now = self.clock()
        storage = self.storage
        article_id = candidate.article_id
        if not needs_full_text(candidate.content_html, candidate.summary, candidate.policy):
            urls = self._article_images(candidate, candidate.content_html)

            def skipped() -> None:
                storage.store_fulltext(article_id, status="skipped", now=now)
                storage.set_article_images(article_id, urls)

            write(skipped)
            return urls
        try:
            page = self.client.get(
                candidate.link, max_bytes=PAGE_MAX_BYTES, accept=PAGE_ACCEPT, cancel=cancel
            )
        except NetworkError as exc:
            if cancel.is_set() and not strict:
                with self._lock:
                    tally.pending += 1
                return []  # stopped (quitting): not this page's failure, try it next time
            if isinstance(exc, OfflineError) and tally.network_gone(cancel):
                return []  # the whole network is gone: stop, and say so once
            if exc.retry_after and not strict:
                # The site asked us to wait (429/503 Retry-After, or a wait still running):
                # not this page's failure; the next run fetches it.
                with self._lock:
                    tally.reached = tally.reached or exc.status is not None
                    tally.pending += 1
                return []
            with self._lock:
                tally.reached = tally.reached or exc.status is not None
                tally.pages += 1
                tally.failed += 1
            reason = str(exc)
            write(
                lambda: storage.store_fulltext(article_id, status="failed", now=now, error=reason)
            )
            if strict:
                raise
            return []
        failure: FeedError | PageError = FeedError("no article text found on the page")
        try:
            read = self.read_page(page.content, page.url, candidate.link)
        except PageError as exc:  # too slow or too big for the reader's limits
            log.warning("full text of %s: %s", candidate.link, exc)
            read, failure = None, exc
        with self._lock:
            tally.reached = True
            tally.pages += 1
            tally.extracted += read is not None
            tally.failed += read is None
        if read is None:
            urls = self._article_images(candidate, candidate.content_html)
            error = str(failure)

            def failed() -> None:
                storage.store_fulltext(article_id, status="failed", now=now, error=error)
                storage.set_article_images(article_id, urls)

            write(failed)
            if strict:
                raise failure
            return urls
        extracted = read.article
        if not strict and not _longer_than_feed(read.index_text, candidate):
            # The page has no more than the feed already gave: keep the feed's text. The reader
            # can still ask for the page ("Load full article").
            urls = self._article_images(candidate, candidate.content_html)

            def no_more() -> None:
                storage.store_fulltext(
                    article_id,
                    status="skipped",
                    now=now,
                    error="the page has no more text than the feed",
                )
                storage.set_article_images(article_id, urls)

            write(no_more)
            return urls
        thumb = candidate.thumbnail
        urls = ([thumb] if thumb else []) + list(read.image_urls)
        urls += [i.url for i in extracted.images if i.url not in urls]
        index_body = fold(f"{extracted.lead or ''}\n{read.index_text}")

        def ok() -> None:
            storage.store_fulltext(
                article_id,
                status="ok",
                now=now,
                html=extracted.body_html,
                lead=extracted.lead,
                author=extracted.author,
                published=extracted.published,
                index_body=index_body,
            )
            storage.set_article_images(article_id, urls)

        write(ok)
        return urls

    def load_now(self, candidate: FulltextCandidate, cancel: threading.Event) -> None:
        """The reader asked for this article's page: fetch and extract it now whatever its
        feed's policy says or an earlier attempt found, then its images. Raises NetworkError
        or FeedError (also recorded, as any failed attempt)."""
        tally = _Tally()
        self.process(replace(candidate, policy="always"), tally, cancel, strict=True)
        self.download_images(self.storage.article_image_urls([candidate.article_id]), tally, cancel)

    def after_refresh(
        self,
        *,
        since: Callable[[], datetime],
        limit: int,
        cancel: threading.Event | None = None,
        progress: Progress | None = None,
    ) -> OfflineReport:
        """`fill` for the articles since `since()`, one run at a time. A call while a run goes
        on (the window refreshed again before the last refresh's pages were in) returns an
        empty report at once, and the running one looks again for new articles when its own
        are done, so no page is fetched twice and none is left waiting."""
        with self._runs:
            if self._running:
                self._again = True
                return OfflineReport()
            self._running, self._again = True, False
        total = OfflineReport()
        try:
            while True:
                report = self.fill(since=since(), limit=limit, cancel=cancel, progress=progress)
                total = _merged(total, report)
                with self._runs:
                    if not self._again or report.offline or (cancel and cancel.is_set()):
                        return total
                    self._again = False
        finally:
            with self._runs:
                self._running = False

    def fill(
        self,
        *,
        since: datetime,
        limit: int = 200,
        article_ids: Sequence[int] | None = None,
        images: bool = True,
        cancel: threading.Event | None = None,
        progress: Progress | None = None,
    ) -> OfflineReport:
        """Full text for recent articles without it (newest first, at most `limit`), each
        article's images right after its page (within the image cache's size), then saved
        articles' images pinned. Articles a site asked to wait for, or that a stopped run did
        not reach, keep no record: the next run takes them up."""
        cancel = cancel or threading.Event()
        tally = _Tally()
        candidates = self.storage.fulltext_candidates(
            since=since, limit=limit, article_ids=article_ids
        )
        run = _ImageRun(budget=self.images.max_bytes)

        def one(candidate: FulltextCandidate) -> None:
            # The article's record is written once its pictures are in too: an article with
            # a record is done, so a run stopped or killed in between fetches it again.
            records: list[Write] = []
            urls = self.process(candidate, tally, cancel, write=records.append)
            fetch = images and urls and not tally.offline and not cancel.is_set()
            if fetch and not self._fetch_images(urls, tally, cancel, run):
                with self._lock:
                    tally.pending += 1
                return
            for record in records:
                writes(record)

        if candidates:
            order = iter(hosts_taking_turns(candidates, lambda c: c.link))
            done = 0
            writes = BatchedWrites(self.storage)
            errors: list[BaseException] = []

            def worker() -> None:
                # Threads take the next article as they come free (no future per article:
                # at ten thousand articles their bookkeeping was a tenth of the run's CPU).
                nonlocal done
                while not errors:
                    with self._lock:
                        candidate = next(order, None)
                    if candidate is None:
                        return
                    try:
                        one(candidate)
                    except BaseException as exc:
                        errors.append(exc)
                        return
                    with self._lock:
                        done += 1
                        if progress is not None:
                            progress(done, len(candidates))

            threads = [
                threading.Thread(target=worker, name=f"fulltext-{n}", daemon=True)
                for n in range(min(self.workers, len(candidates)))
            ]
            try:
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
            finally:
                writes.close()
            if errors:
                raise errors[0]
        if images and not tally.offline and not cancel.is_set():
            if article_ids is not None:  # also those fetched before (an article being kept)
                self._fetch_images(self.storage.article_image_urls(article_ids), tally, cancel, run)
            self.pin_saved()
        return tally.report()

    def _fetch_images(
        self, urls: Iterable[str], tally: _Tally, cancel: threading.Event, run: _ImageRun
    ) -> bool:
        """Fetch the images of `urls` this run has not taken yet (on this thread); False when
        the run was stopped before they were all tried."""
        for url in urls:
            if cancel.is_set():
                return False
            with self._lock:
                if url in run.claimed:
                    continue
                run.claimed.add(url)
                if run.spent >= run.budget:
                    tally.images_over_budget += 1
                    continue
            if url in self.images:
                continue
            try:
                data = self.fetch_image(url)
            except NetworkError as exc:
                if isinstance(exc, OfflineError) and tally.network_gone(cancel):
                    return False
                log.info("image %s: %s", url, exc)
                with self._lock:
                    tally.image_failures += 1
                continue
            with self._lock:
                tally.reached = True
                tally.images += 1
                run.spent += len(data)
        return not cancel.is_set()

    # -- images ----------------------------------------------------------------------------

    def fetch_image(self, url: str) -> bytes:
        """The image at `url`, from the cache or the network (then cached). Raises NetworkError."""
        data = self.images.get(url)
        if data is not None:
            return data
        result = self.client.get(
            url,
            max_bytes=IMAGE_MAX_BYTES,
            accept=IMAGE_ACCEPT,
            reject_content_types=("text/", "video/", "audio/", "application/"),
        )
        try:
            self.images.put(url, result.content, result.content_type)
        except ValueError as exc:
            raise network_error("not_an_image", url=url, detail=exc) from exc
        except OSError as exc:
            log.warning("could not cache %s: %s", url, exc)
        return result.content

    def download_images(
        self,
        urls: Iterable[str],
        tally: _Tally | None = None,
        cancel: threading.Event | None = None,
    ) -> int:
        """Download the images not cached yet; returns how many were fetched."""
        tally = tally or _Tally()
        cancel = cancel or threading.Event()
        wanted = [u for u in dict.fromkeys(urls) if u not in self.images]

        def one(url: str) -> None:
            if cancel.is_set():
                return
            try:
                self.fetch_image(url)
            except NetworkError as exc:
                if isinstance(exc, OfflineError) and tally.network_gone(cancel):
                    return
                log.info("image %s: %s", url, exc)
                with self._lock:
                    tally.image_failures += 1
                return
            with self._lock:
                tally.reached = True
                tally.images += 1

        if wanted:
            with ThreadPoolExecutor(self.workers, thread_name_prefix="images") as pool:
                list(pool.map(one, wanted))
        return tally.images

    def pin_saved(self) -> list[str]:
        """Copy every saved article's cached images out of the evictable cache."""
        return self.images.pin(sorted(self.storage.saved_image_urls()), self.saved_dir)

    def keep(
        self, article_ids: Sequence[int], cancel: threading.Event | None = None
    ) -> OfflineReport:
        """Make these articles fully readable offline now: full text, images, pinned."""
        report = self.fill(
            since=datetime.fromtimestamp(0).astimezone(),
            limit=len(article_ids) or 1,
            article_ids=article_ids,
            cancel=cancel,
        )
        self.pin_saved()
        return report
