"""Parse untrusted feeds in worker processes with memory and time limits.

A feed comes from anyone: feedparser can take gigabytes and many seconds on a small
entity-expansion document, and a parser bug must not take the app down. So parsing runs in a
few child processes (which also uses every core: parsing is the refresh's CPU bottleneck). Each
child has an address-space limit; each job has a deadline. A child that overruns, dies or runs
out of memory is killed and replaced, and the job becomes that feed's FeedError.

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

from newsreader.core.errors import FeedError, NewsreaderError, NotAFeedError
from newsreader.core.models import ParsedFeed

log = logging.getLogger("newsreader.parsepool")

DEFAULT_MEMORY_LIMIT = 1024 * 1024 * 1024  # address space per worker
DEFAULT_TIMEOUT = 20.0  # seconds per document
PARSER = "newsreader.core.feeds.parse:parse_feed"  # what the workers run: "module:function"
LISTING_PARSER = "newsreader.core.pages.listings:parse_listing"  # web pages listing articles


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
    conn: multiprocessing.connection.Connection, memory_limit: int, target: str
) -> None:
    """Child process loop: receive (kind, data, url, content type), send back a result or error."""
    _limit_memory(memory_limit)
    # Below the window and the writer: parsing is batch work, responsiveness is not.
    with contextlib.suppress(AttributeError, OSError):
        os.nice(5)
    parse_feed = _load(target)
    parse_listing = None

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        kind, data, url, content_type = job
        try:
            if kind == "listing":
                parse_listing = parse_listing or _load(LISTING_PARSER)
                result = parse_listing(data, url=url)
            else:
                result = parse_feed(data, url=url, content_type=content_type)
            reply: tuple[str, Any] = ("ok", result)
        except NewsreaderError as exc:
            reply = ("error", (type(exc).__name__, str(exc)))
        except MemoryError:
            reply = ("error", ("FeedError", "the feed needs too much memory to parse"))
        except RecursionError:
            reply = ("error", ("FeedError", "the feed is nested too deeply to parse"))
        except Exception as exc:  # a parser bug: report it as this feed's error
            reply = ("error", ("FeedError", f"could not parse the feed ({type(exc).__name__})"))
        try:
            conn.send(reply)
        except (OSError, ValueError):
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
    ) -> None:
        self.target = target
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
            ctx.set_forkserver_preload(["newsreader.core.feeds.parse"])
            return ctx
        return multiprocessing.get_context("spawn")

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main,
            args=(child, self.memory_limit, self.target),
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
        return self._run("feed", data, url, content_type)

    def parse_listing(self, data: bytes, url: str, content_type: str | None) -> ParsedFeed:
        """Read a news site's section page (a listing of articles) as a feed, in a worker."""
        return self._run("listing", data, url, content_type)

    def _run(self, kind: str, data: bytes, url: str, content_type: str | None) -> ParsedFeed:
        worker = self._acquire()
        try:
            worker.conn.send((kind, data, url, content_type))
            if not worker.conn.poll(self.timeout):
                self._discard(worker)
                raise FeedError(f"the feed took longer than {self.timeout:.0f} s to parse")
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._discard(worker)
            raise FeedError(
                "the parser crashed on this feed (it may need too much memory)"
            ) from exc
        self._idle.put(worker)
        if status == "ok":
            assert isinstance(payload, ParsedFeed)
            return payload
        kind, message = payload
        raise NotAFeedError(message) if kind == "NotAFeedError" else FeedError(message)

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
