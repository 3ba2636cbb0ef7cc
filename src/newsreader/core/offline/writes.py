"""The writes of an offline run, made on one thread in few transactions.

Fetch threads hand each article's outcome (its full text and the images it shows) over as one
write; a single writer thread runs them inside `Storage.batch`, so ten thousand articles cost a
few dozen commits instead of twenty thousand, and the fetch threads never wait for the database's
write lock. Each write is a savepoint of the batch: one that fails is undone alone. The open
transaction is committed before the writer waits for more, so the write lock is never held while
idle, and `close` commits what is left: a run that is stopped (or a process that is killed) loses
at most the last half second of outcomes, which the next run fetches again.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from newsreader.core.storage import Storage

__all__ = ["BatchedWrites", "Write"]

log = logging.getLogger("newsreader.offline")

Write = Callable[[], None]


class BatchedWrites:
    """A writer thread for `storage`; call it with a write, then `close()` once."""

    def __init__(self, storage: Storage, *, max_seconds: float = 0.5) -> None:
        self._storage = storage
        self._max_seconds = max_seconds
        self._queue: queue.SimpleQueue[Write | None] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="offline-writes", daemon=True)
        self._thread.start()

    def __call__(self, write: Write) -> None:
        self._queue.put(write)

    def close(self) -> None:
        """Commit every write handed over so far; raises the first write's error, if any."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        ended = False
        try:
            with self._storage.batch(max_seconds=self._max_seconds) as batch:
                while True:
                    try:
                        write = self._queue.get_nowait()
                    except queue.Empty:
                        batch.commit()  # nothing to do: never hold the write lock while idle
                        write = self._queue.get()
                    if write is None:
                        ended = True
                        return
                    batch.begin()
                    try:
                        write()
                    except Exception as exc:  # one article's write: the others still go in
                        log.warning("offline content: a write failed: %s", exc)
                        if self._error is None:
                            self._error = exc
                    batch.checkpoint()
        except BaseException as exc:  # the batch's own commit failed: say so at close
            if self._error is None:
                self._error = exc
            while not ended and self._queue.get() is not None:  # let close() return
                pass
