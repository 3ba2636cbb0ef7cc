"""Parse untrusted feeds, and read untrusted article pages, in worker processes with limits.

A feed comes from anyone: feedparser can take gigabytes and many seconds on a small
entity-expansion document, and a parser bug must not take the app down. So parsing runs in a
few child processes (which also uses every core: parsing is the refresh's CPU bottleneck). Each
child has an address-space limit; each job has a deadline. A child that overruns, dies or runs
out of memory is killed and replaced, and the job becomes that feed's FeedError.

Article pages (full text for offline reading) go through the same workers and limits:
`read_page` runs extraction and the sanitizer on the page there (core/offline/pagework.py); a
page that overruns becomes a PageError for that article.

Workers are started from a forkserver (never forked from a process that runs Qt threads) that
has the parser preloaded, so a replacement starts in milliseconds.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import queue
import sys
import threading
import types
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import Any

from newsreader.core.errors import (
    FeedError,
    NewsreaderError,
    NotAFeedError,
    PageError,
    PageMemoryError,
)
from newsreader.core.feeds.prepare import PARSE_SCOPE
from newsreader.core.models import ParsedFeed, Rule

log = logging.getLogger("newsreader.parsepool")

DEFAULT_MEMORY_LIMIT = 1024 * 1024 * 1024  # address space per worker
DEFAULT_TIMEOUT = 20.0  # seconds per document
PARSER = "newsreader.core.feeds.document:parse_feed"  # what the workers run: "module:function"
LISTING_PARSER = "newsreader.core.pages.listings:parse_listing"  # web pages listing articles
# Article pages: extraction + sanitizer. Named, not imported: the workers load it on first use.
PAGE_READER = "newsreader.core.offline.pagework:read_page"


def _limit_memory(limit: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
        pass


def _load(target: str) -> Any:
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def _worker_main(
    conn: multiprocessing.connection.Connection, memory_limit: int, target: str, page_target: str
) -> None:
    """Child process loop: receive (kind, data, url, extra, scope), send back a result or
    error; extra is the content type for a feed, the article's link for a page; scope is None
    or (feed id, folder, rules), rules None when they are the ones of the previous job."""
    _limit_memory(memory_limit)
    # Below the window and the writer: parsing is batch work, responsiveness is not.
    with contextlib.suppress(AttributeError, OSError):
        os.nice(5)
    parse_feed = _load(target)
    parse_listing = None
    read_page = None
    # The writer's per-entry work (keys, content hashes, folded index texts, story keys, the
    # rules' marks) is done here too.
    from newsreader.core.feeds.prepare import ParseScope, with_prepared

    rules: tuple[Rule, ...] = ()

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        kind, data, url, extra, scope = job
        if scope is not None and scope[2] is not None:
            rules = scope[2]
        noun = "page" if kind == "page" else "feed"
        retire = False  # a worker that ran out of memory is replaced, not reused
        try:
            if kind == "page":
                read_page = read_page or _load(page_target)
                result = read_page(data, url=url, link=extra)
            elif kind == "listing":
                parse_listing = parse_listing or _load(LISTING_PARSER)
                result = parse_listing(data, url=url)
            else:
                result = parse_feed(data, url=url, content_type=extra)
            if isinstance(result, ParsedFeed):
                result = with_prepared(
                    result, ParseScope(rules, scope[0], scope[1]) if scope is not None else None
                )
            reply: tuple[str, Any] = ("ok", result)
        except NewsreaderError as exc:
            reply = ("error", (type(exc).__name__, str(exc)))
            retire = isinstance(exc, PageMemoryError)
        except MemoryError:
            reply = ("error", ("MemoryError", f"the {noun} needs too much memory to read"))
            retire = True
        except RecursionError:
            reply = ("error", ("FeedError", f"the {noun} is nested too deeply to read"))
        except Exception as exc:  # a parser bug: report it as this feed's (page's) error
            reply = ("error", ("FeedError", f"could not read the {noun} ({type(exc).__name__})"))
        try:
            conn.send((*reply, retire))
        except (OSError, ValueError):
            return
        if retire:
            return


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _main_not_reimported() -> Iterator[None]:
    """Start a worker without it re-running the program's main module.

    multiprocessing makes a new process import `__main__` from its file first; the workers need
    nothing from it, and it may not be importable at all (a script on stdin, an embedding app,
    a frozen build), which would kill every worker at start. So the main module is hidden while
    the process starts."""
    with _MAIN_LOCK:
        real = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if real is not None:
                sys.modules["__main__"] = real


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    rules: tuple[Rule, ...] | None = None  # the rules it was last sent (it keeps them)


_WAKE_WAITERS = 64  # more than the threads that ever wait for a parser


class ParserPool:
    """A small pool of parser processes. `parse` is thread-safe and blocks only its caller."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
        target: str = PARSER,
        page_target: str = PAGE_READER,
    ) -> None:
        self.target = target
        self.page_target = page_target
        self.size = max(1, workers or min(4, os.cpu_count() or 1))
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._ctx: BaseContext = self._context()
        self._idle: queue.Queue[_Worker | None] = queue.Queue()  # None: wake up, look again
        self._started = 0
        self._lock = threading.Lock()
        self._closed = False
        self._all: list[_Worker] = []

    @staticmethod
    def _context() -> BaseContext:
        methods = multiprocessing.get_all_start_methods()
        if "forkserver" in methods:
            ctx = multiprocessing.get_context("forkserver")
            # The parser, and what the workers do with its result (prepare.py): imported once in
            # the forkserver, not in each worker after it is forked.
            ctx.set_forkserver_preload(
                ["newsreader.core.feeds.document", "newsreader.core.feeds.prepare"]
            )
            return ctx
        return multiprocessing.get_context("spawn")

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main,
            args=(child, self.memory_limit, self.target, self.page_target),
            daemon=True,
            name="feed-parser",
        )
        with _main_not_reimported():
            process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.append(worker)
        return worker

    def start(self) -> None:
        """Start the parser processes now, in the background (the forkserver imports the
        parser, then each worker is forked from it), instead of on the first parse: a refresh
        that will parse calls this before it fetches, so that start overlaps the network."""

        def spawn_all() -> None:
            while True:
                with self._lock:
                    if self._closed or self._started >= self.size:
                        return
                    self._started += 1
                try:
                    worker = self._spawn()
                except Exception:  # the first parse tries again and reports it
                    log.debug("could not start a parser process early", exc_info=True)
                    with self._lock:
                        self._started -= 1
                    return
                with self._lock:
                    closed = self._closed
                    # Closed before the worker was listed: `close` did not see it. (Listed
                    # before: `close` took it and ends it.)
                    orphan = closed and worker in self._all
                    if orphan:
                        self._all.remove(worker)
                if orphan:
                    with contextlib.suppress(OSError, ValueError):
                        worker.process.kill()
                        worker.process.join(timeout=2)
                    worker.conn.close()
                if closed:
                    return
                self._idle.put(worker)

        threading.Thread(target=spawn_all, name="parser-start", daemon=True).start()

    def _acquire(self) -> _Worker:
        while True:
            with self._lock:
                if self._closed:
                    raise FeedError("the parser is shut down")
                grow = self._idle.empty() and self._started < self.size
                if grow:
                    self._started += 1
            if grow:
                try:
                    return self._spawn()
                except Exception as exc:
                    with self._lock:
                        self._started -= 1
                    raise FeedError(f"could not start the feed parser: {exc}") from exc
            try:
                # Short waits: a worker killed meanwhile frees a slot to grow into.
                worker = self._idle.get(timeout=0.2)
            except queue.Empty:
                continue
            if worker is None:
                continue
            if worker.process.is_alive():
                return worker
            self._discard(worker)  # died while idle (killed from outside): replace it

    def _discard(self, worker: _Worker) -> None:
        try:
            worker.process.kill()
            worker.process.join(timeout=2)
        except (OSError, ValueError):  # pragma: no cover - already gone
            pass
        worker.conn.close()
        with self._lock:
            self._started -= 1
            if worker in self._all:
                self._all.remove(worker)

    def parse(self, data: bytes, url: str, content_type: str | None) -> ParsedFeed:
        """Parse a feed in a worker; raises FeedError (or NotAFeedError) for anything wrong."""
        result = self._run("feed", data, url, content_type)
        assert isinstance(result, ParsedFeed)
        return result

    def parse_listing(self, data: bytes, url: str, content_type: str | None) -> ParsedFeed:
        """Read a news site's section page (a listing of articles) as a feed, in a worker."""
        result = self._run("listing", data, url, content_type)
        assert isinstance(result, ParsedFeed)
        return result

    def read_page(self, data: bytes, url: str, link: str) -> object:
        """Run `page_target` (core/offline/pagework.py `read_page`, which types its result) on
        an article page in a worker. Raises PageError when the page is too much to read."""
        return self._run("page", data, url, link)

    def _run(self, kind: str, data: bytes, url: str, extra: str | None) -> Any:
        error: type[NewsreaderError] = PageError if kind == "page" else FeedError
        noun, verb = ("page", "read") if kind == "page" else ("feed", "parse")
        worker = self._acquire()
        # A feed parsed for a refresh with rules: matched there too (core/feeds/prepare.py).
        parse_scope = PARSE_SCOPE.get() if kind != "page" else None
        scope = None
        if parse_scope is not None:
            known = worker.rules is not None and (
                worker.rules is parse_scope.rules or worker.rules == parse_scope.rules
            )
            scope = (parse_scope.feed_id, parse_scope.folder, None if known else parse_scope.rules)
            worker.rules = parse_scope.rules
        try:
            worker.conn.send((kind, data, url, extra, scope))
            if not worker.conn.poll(self.timeout):
                self._discard(worker)
                raise error(f"the {noun} took longer than {self.timeout:.0f} s to {verb}")
            status, payload, retire = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._discard(worker)
            raise error(
                f"the {noun} reader crashed on this {noun} (it may need too much memory)"
            ) from exc
        if retire:
            self._discard(worker)
        else:
            self._idle.put(worker)
        if status == "ok":
            return payload
        name, message = payload
        if kind == "page":
            memory = name in ("MemoryError", "PageMemoryError")
            raise PageMemoryError(message) if memory else PageError(message)
        raise NotAFeedError(message) if name == "NotAFeedError" else FeedError(message)

    def __call__(self, data: bytes, url: str, content_type: str | None) -> ParsedFeed:
        return self.parse(data, url, content_type)

    def abort(self) -> None:
        """Quitting: stop parsing now. Running parses fail at once (their worker is killed: it
        only ever holds a copy of untrusted input), waiting and new ones are refused."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
        for w in workers:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                w.process.kill()
        for _ in range(_WAKE_WAITERS):  # threads waiting for a worker see `closed` at once
            self._idle.put(None)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)
        for w in workers:
            w.process.join(timeout=1)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(timeout=1)
            w.conn.close()
