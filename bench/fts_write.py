"""The search index's writes alone: the CPU of inserting a cold refresh's index rows.

    python bench/fts_write.py [--feeds 200] [--repeats 3] [--batch 2000] [VARIANT ...]

The rows are the farm's (`bench/farm.py`, 200 feeds x 50 items: the cold refresh's 10,000
articles), made as a refresh makes them (`biglib.entry_of` -> `update.to_write`: folded title,
lead and body, the feed's title as the source). Each variant is an FTS5 table layout (its
`CREATE VIRTUAL TABLE` arguments and the settings written into it); per repeat and variant a fresh
WAL database file gets the rows in transactions of `--batch` rows with one `executemany` each,
as `DeferredIndex.flush` writes a refresh batch's rows, and the CPU of those writes and commits is
measured (`time.process_time`). The variants alternate, their order rotating per repeat.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import biglib  # noqa: E402
import farm  # noqa: E402

from newsreader.core.feeds.update import to_write  # noqa: E402

Row = tuple[int, str, str, str, str]

_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"
VARIANTS: dict[str, tuple[str, tuple[tuple[str, int], ...]]] = {
    # name: (table arguments after the columns, (FTS5 setting, value) ...)
    "now": (f"{_TOKENIZE}, prefix = '1 2 3'", (("automerge", 8),)),
    "hash8": (f"{_TOKENIZE}, prefix = '1 2 3'", (("automerge", 8), ("hashsize", 8 << 20))),
    "hash16": (f"{_TOKENIZE}, prefix = '1 2 3'", (("automerge", 8), ("hashsize", 16 << 20))),
    "contentless": (f"{_TOKENIZE}, prefix = '1 2 3', content = ''", (("automerge", 8),)),
    "p23": (f"{_TOKENIZE}, prefix = '2 3'", (("automerge", 8),)),
    "p3": (f"{_TOKENIZE}, prefix = '3'", (("automerge", 8),)),
    "p13": (f"{_TOKENIZE}, prefix = '1 3'", (("automerge", 8),)),
    "noprefix": (f"{_TOKENIZE}", (("automerge", 8),)),
    "hash4": (f"{_TOKENIZE}, prefix = '1 2 3'", (("automerge", 8), ("hashsize", 4 << 20))),
    "hash2": (f"{_TOKENIZE}, prefix = '1 2 3'", (("automerge", 8), ("hashsize", 2 << 20))),
    "contentless.h8": (
        f"{_TOKENIZE}, prefix = '1 2 3', content = ''",
        (("automerge", 8), ("hashsize", 8 << 20)),
    ),
    "p23.h8": (f"{_TOKENIZE}, prefix = '2 3'", (("automerge", 8), ("hashsize", 8 << 20))),
    "hash16.am4": (f"{_TOKENIZE}, prefix = '1 2 3'", (("automerge", 4), ("hashsize", 16 << 20))),
    "hash16.am16": (
        f"{_TOKENIZE}, prefix = '1 2 3'",
        (("automerge", 16), ("hashsize", 16 << 20)),
    ),
}


def farm_rows(feeds: int, items: int = 50) -> list[Row]:
    """(rowid, title, summary, body, source) of every farm article, as a refresh indexes it."""
    spec = farm.FarmSpec(feeds=feeds, items=items)
    rows: list[Row] = []
    for doc in farm.iter_feeds(spec):
        for item in doc.items:
            w = to_write(biglib.entry_of(item, doc.atom), biglib.NOW)
            rows.append((len(rows) + 1, w.index_title, w.index_summary, w.index_body, doc.title))
    return rows


def write_once(path: Path, variant: str, rows: Sequence[Row], batch: int) -> float:
    """CPU seconds of writing `rows` into a fresh table of `variant` at `path`."""
    args, settings = VARIANTS[variant]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    columns = "title, summary, body, source"
    conn.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5({columns}, {args})")
    for key, value in settings:
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES (?, ?)", (key, value))
    insert = "INSERT INTO articles_fts(rowid, title, summary, body, source) VALUES (?, ?, ?, ?, ?)"
    started = time.process_time()
    for at in range(0, len(rows), batch):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(insert, rows[at : at + batch])
        conn.execute("COMMIT")
    spent = time.process_time() - started
    conn.close()
    return spent


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("variants", nargs="*", default=["now", "hash8"], choices=sorted(VARIANTS))
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--batch", type=int, default=2000)
    ns = ap.parse_args(argv)
    rows = farm_rows(ns.feeds)
    chars = sum(len(r[1]) + len(r[2]) + len(r[3]) + len(r[4]) for r in rows)
    print(f"{len(rows)} rows, {chars / 1e6:.1f} M characters, batches of {ns.batch}")
    cpu: dict[str, list[float]] = {v: [] for v in ns.variants}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="fts-write-") as tmp:
        for repeat in range(ns.repeats):
            turn = repeat % len(ns.variants)
            order = ns.variants[turn:] + ns.variants[:turn]
            for variant in order:
                path = Path(tmp) / f"{variant}.db"
                cpu[variant].append(write_once(path, variant, rows, ns.batch))
                conn = sqlite3.connect(path)
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.close()
                sizes[variant] = path.stat().st_size
    for variant in ns.variants:
        times = cpu[variant]
        print(
            f"{variant:12s} CPU {statistics.median(times):.3f} s"
            f" ({min(times):.3f}-{max(times):.3f}, n={len(times)})"
            f"  file {sizes[variant] / 1e6:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
