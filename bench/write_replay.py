"""The cold refresh's writes without the network or the parsers: CPU of the writer alone.

    python bench/write_replay.py [--feeds 200] [--repeats 5] [--per-commit 40] [VARIANT ...]

The writes of `--feeds` farm feeds (`bench/farm.py`, as `bench/biglib.py` builds them: the
product's own `update.to_write` of the entries `parse_feed` returns) are made once, outside the
timing; then, per repeat and variant (alternating, order rotating), a new library gets the feeds
(not timed) and the writes go in as a refresh writes them: one `Database.batch`, each feed's
`store_refresh` a savepoint after `batch.begin()`, a commit every `--per-commit` feeds (a cold
refresh of 200 feeds commits 5-6 times: every 0.5 s). Timed: the writing thread's CPU
(`thread_time`) and the process's CPU (`process_time`: a checkpointing thread counts there) from
the first write to the batch's end, and separately the CPU of the final close (its TRUNCATE
checkpoint). CPU, not wall: the machine is shared.

A variant names a hook run on the new library before the writes (see VARIANTS), so an idea
can be measured before it is built: `base` is the product as it is.
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import farm  # noqa: E402
from biglib import entry_of  # noqa: E402

from newsreader.core.feeds.update import to_write  # noqa: E402
from newsreader.core.storage import FeedState, Storage, connection  # noqa: E402
from newsreader.core.storage.records import ArticleWrite  # noqa: E402

NOW = datetime(2025, 10, 20, 6, 0, tzinfo=UTC)

FeedWrites = tuple[str, str, str, list[ArticleWrite]]  # url, title, site, writes


def _sql(*statements: str) -> Callable[[Storage], None]:
    def hook(storage: Storage) -> None:
        conn = storage._conn()
        for s in statements:
            conn.execute(s)

    return hook


VARIANTS: dict[str, Callable[[Storage], None]] = {
    "base": lambda storage: None,
    "noautockpt": _sql("PRAGMA wal_autocheckpoint = 0"),
    "nofk": _sql("PRAGMA foreign_keys = OFF"),
    "prunable": _sql(
        "DROP INDEX articles_first_seen",
        "CREATE INDEX articles_prunable ON articles(first_seen) WHERE read = 1 AND saved = 0",
    ),
    "ckpt4000": _sql("PRAGMA wal_autocheckpoint = 4000"),
    "ckpt10000": _sql("PRAGMA wal_autocheckpoint = 10000"),
    "noidx": _sql(
        *(
            f"DROP INDEX {name}"
            for name in (
                "articles_list",
                "articles_feed",
                "articles_saved",
                "articles_first_seen",
                "articles_story",
                "articles_copies",
            )
        )
    ),
}


def _nothing(storage: Storage) -> None:
    pass


def _page(size: int) -> Callable[[Storage], None]:
    def hook(storage: Storage) -> None:
        pass

    PAGE_SIZES[hook] = size
    return hook


def _batch_cache(kib: int) -> Callable[[Storage], None]:
    def hook(storage: Storage) -> None:
        connection.BATCH_CACHE_KIB = kib  # replay() puts the product's value back

    return hook


PAGE_SIZES: dict[Callable[[Storage], None], int] = {}
VARIANTS |= {
    "cache2": _batch_cache(2000),
    "cache8": _batch_cache(8192),
    "cache16": _batch_cache(16384),
    "cache64": _batch_cache(65536),
    "mmap": _sql("PRAGMA mmap_size = 268435456"),
    "page8k": _page(8192),
    "page16k": _page(16384),
}


class _Checkpointer:
    """A thread with its own connection checkpointing the -wal (PASSIVE) every 0.2 s while
    the writer's own auto-checkpoints are off: how much leaves the writer thread."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def hook(self, storage: Storage) -> None:
        storage._conn().execute("PRAGMA wal_autocheckpoint = 0")
        self.stop.clear()

        def run() -> None:
            with contextlib.closing(sqlite3.connect(storage.path, timeout=10)) as conn:
                while not self.stop.wait(0.2):
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def end(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()


CHECKPOINTER = _Checkpointer()
VARIANTS["ckpt_thread"] = CHECKPOINTER.hook


def make_writes(feeds: int) -> list[FeedWrites]:
    spec = farm.FarmSpec(feeds=feeds, items=50)
    out = []
    for doc in farm.iter_feeds(spec):
        writes = [to_write(entry_of(it, doc.atom), NOW) for it in doc.items]
        out.append((doc.url, doc.title, doc.site, writes))
    return out


def replay(
    path: Path, feeds: list[FeedWrites], hook: Callable[[Storage], None], per_commit: int
) -> tuple[float, float, float]:
    """(writer thread CPU, process CPU, close CPU) of writing `feeds` into a new library."""
    if hook in PAGE_SIZES:  # set before the first table is made
        with contextlib.closing(sqlite3.connect(path)) as raw:
            raw.execute(f"PRAGMA page_size = {PAGE_SIZES[hook]}")
            raw.execute("PRAGMA journal_mode = WAL")
    storage = Storage(path)
    folders: dict[str, int] = {}
    ids = []
    for url, title, site, _ in feeds:
        folder_id = folders.get(site)
        if folder_id is None:
            folder_id = folders[site] = storage.folder_id(site) or 0
        ids.append(storage.add_feed(url, title=title, folder_id=folder_id, now=NOW).id)
    product_cache = getattr(connection, "BATCH_CACHE_KIB", None)  # None: a tree before it
    hook(storage)
    t0, p0 = time.thread_time(), time.process_time()
    with storage.batch() as batch:
        for n, (feed_id, (_, _, _, writes)) in enumerate(zip(ids, feeds, strict=True)):
            batch.begin()
            state = FeedState(checked=NOW, etag='"x"', body_hash=f"{feed_id:032x}")
            storage.store_refresh(feed_id, state, writes, [], now=NOW)
            if (n + 1) % per_commit == 0:
                batch.commit()
    CHECKPOINTER.end()
    t1, p1 = time.thread_time(), time.process_time()
    if product_cache is not None:
        connection.BATCH_CACHE_KIB = product_cache
    storage.close()
    return t1 - t0, p1 - p0, time.process_time() - p1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("variants", nargs="*", default=["base"], help=", ".join(VARIANTS))
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--per-commit", type=int, default=40)
    args = ap.parse_args(argv)
    feeds = make_writes(args.feeds)
    results: dict[str, list[tuple[float, float, float]]] = {v: [] for v in args.variants}
    with tempfile.TemporaryDirectory(prefix="write-replay-") as tmp:
        for r in range(args.repeats):
            k = r % len(args.variants)
            for name in args.variants[k:] + args.variants[:k]:
                path = Path(tmp) / f"{name}-{r}.db"
                results[name].append(replay(path, feeds, VARIANTS[name], args.per_commit))
                for p in Path(tmp).glob(f"{name}-{r}.db*"):
                    p.unlink()
    articles = sum(len(f[3]) for f in feeds)
    print(f"{articles} articles in {len(feeds)} feeds, {args.repeats} repeats; median (min-max)")
    for name, rows in results.items():
        cols = []
        for i, label in enumerate(("thread CPU", "process CPU", "close CPU")):
            xs = [row[i] for row in rows]
            cols.append(f"{label} {statistics.median(xs):.3f} ({min(xs):.3f}-{max(xs):.3f})")
        print(f"{name:20s} " + ", ".join(cols))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
