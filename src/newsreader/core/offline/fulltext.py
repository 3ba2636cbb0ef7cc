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
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from newsreader.core.errors import FeedError, NetworkError, OfflineError, PageError
from newsreader.core.fetch.http import IMAGE_MAX_BYTES, PAGE_MAX_BYTES, HttpClient
from newsreader.core.fetch.netmessages import network_error
from newsreader.core.offline.images import ImageCache
from newsreader.core.offline.pagework import PageReader, read_page_here
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


@dataclass
class _Tally:
    pages: int = 0
    extracted: int = 0
    failed: int = 0
    images: int = 0
    image_failures: int = 0
    offline: bool = False
    reached: bool = False  # some request got an answer: one dead name is not "offline"

    def network_gone(self, cancel: threading.Event) -> bool:
        """After an OfflineError: stop the run if nothing was reachable so far."""
        if self.reached:
            return False
        self.offline = True
        cancel.set()
        return True

    def report(self) -> OfflineReport:
        return OfflineReport(
            self.pages, self.extracted, self.failed, self.images, self.image_failures, self.offline
        )


def _feed_text(candidate: FulltextCandidate) -> str:
    """The fullest text the feed gave for this article."""
    text = html_to_text(candidate.content_html) if candidate.content_html else ""
    return text if len(text) >= len(candidate.summary) else candidate.summary


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
        workers: int = 6,
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

    # -- full text -------------------------------------------------------------------------

    def _article_images(self, candidate: FulltextCandidate, html: str | None) -> list[str]:
        urls = image_urls(sanitize_html(html, base_url=candidate.link)) if html else []
        thumb = self.storage.article(candidate.article_id).thumbnail
        return ([thumb] if thumb else []) + urls

    def process(
        self,
        candidate: FulltextCandidate,
        tally: _Tally,
        cancel: threading.Event,
        *,
        strict: bool = False,
    ) -> None:
        """Fetch and extract one article's page (when its policy wants it) and record images.

        `strict` (the reader asked for this page): a failure is recorded and raised, and the
        extracted text is kept even when the feed had as much."""
        if cancel.is_set():
            if strict:
                raise network_error("cancelled")
            return
        now = self.clock()
        if not needs_full_text(candidate.content_html, candidate.summary, candidate.policy):
            self.storage.store_fulltext(candidate.article_id, status="skipped", now=now)
            self.storage.set_article_images(
                candidate.article_id, self._article_images(candidate, candidate.content_html)
            )
            return
        try:
            page = self.client.get(candidate.link, max_bytes=PAGE_MAX_BYTES, accept=PAGE_ACCEPT)
        except NetworkError as exc:
            if cancel.is_set() and not strict:
                return  # stopped (quitting): not this page's failure, try it next time
            if isinstance(exc, OfflineError) and tally.network_gone(cancel):
                return  # the whole network is gone: stop, and say so once
            with self._lock:
                tally.reached = tally.reached or exc.status is not None
                tally.pages += 1
                tally.failed += 1
            self.storage.store_fulltext(
                candidate.article_id, status="failed", now=now, error=str(exc)
            )
            if strict:
                raise
            return
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
            self.storage.store_fulltext(
                candidate.article_id, status="failed", now=now, error=str(failure)
            )
            self.storage.set_article_images(
                candidate.article_id, self._article_images(candidate, candidate.content_html)
            )
            if strict:
                raise failure
            return
        extracted = read.article
        if not strict and len(read.index_text) < len(_feed_text(candidate)):
            # The page has no more than the feed already gave: keep the feed's text. The reader
            # can still ask for the page ("Load full article").
            self.storage.store_fulltext(
                candidate.article_id,
                status="skipped",
                now=now,
                error="the page has no more text than the feed",
            )
            self.storage.set_article_images(
                candidate.article_id, self._article_images(candidate, candidate.content_html)
            )
            return
        self.storage.store_fulltext(
            candidate.article_id,
            status="ok",
            now=now,
            html=extracted.body_html,
            lead=extracted.lead,
            author=extracted.author,
            published=extracted.published,
            index_body=fold(f"{extracted.lead or ''}\n{read.index_text}"),
        )
        thumb = self.storage.article(candidate.article_id).thumbnail
        urls = ([thumb] if thumb else []) + list(read.image_urls)
        urls += [i.url for i in extracted.images if i.url not in urls]
        self.storage.set_article_images(candidate.article_id, urls)

    def load_now(self, candidate: FulltextCandidate, cancel: threading.Event) -> None:
        """The reader asked for this article's page: fetch and extract it now whatever its
        feed's policy says or an earlier attempt found, then its images. Raises NetworkError
        or FeedError (also recorded, as any failed attempt)."""
        tally = _Tally()
        self.process(replace(candidate, policy="always"), tally, cancel, strict=True)
        self.download_images(self.storage.article_image_urls([candidate.article_id]), tally, cancel)

    def fill(
        self,
        *,
        since: datetime,
        limit: int = 200,
        article_ids: Sequence[int] | None = None,
        images: bool = True,
        cancel: threading.Event | None = None,
    ) -> OfflineReport:
        """Full text for recent articles without it, then their images (and saved ones')."""
        cancel = cancel or threading.Event()
        tally = _Tally()
        candidates = self.storage.fulltext_candidates(
            since=since, limit=limit, article_ids=article_ids
        )
        if candidates:
            with ThreadPoolExecutor(self.workers, thread_name_prefix="fulltext") as pool:
                for fut in [pool.submit(self.process, c, tally, cancel) for c in candidates]:
                    fut.result()
        if images and not tally.offline and not cancel.is_set():
            ids = [c.article_id for c in candidates] if article_ids is None else list(article_ids)
            urls = self.storage.article_image_urls(ids)
            self.download_images(urls, tally, cancel)
            self.pin_saved()
        return tally.report()

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
