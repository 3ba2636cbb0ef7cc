"""Costs of issue 17's everyday features on a big library: one row per story, rules, saved
searches.

    python bench/biglib.py HOME            # once: 100,000 articles in 2,000 feeds
    python bench/daily.py HOME [--repeats 20]

Prints medians (ms) of
* the article list's first page and a deep keyset page (Latest, Unread, a folder, a feed) as the
  library runs them now (one row per story, hidden ones left out), next to the same SQL without
  the story and hidden clauses (what the list cost before stories);
* totals, the feed list with counts, and a saved search's counts;
* storing 50 feeds × 50 new articles (a cold refresh's writes) with 0 and with 20 rules, into a
  copy of the library, the 20 rules' matching timed on its own too.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import farm  # noqa: E402
from biglib import NOW, entry_of  # noqa: E402

from newsreader.core.curation import SavedSearches  # noqa: E402
from newsreader.core.feeds.update import apply_rules, to_write  # noqa: E402
from newsreader.core.models import ArticleQuery, Feed, Rule  # noqa: E402
from newsreader.core.rules import RuleSet  # noqa: E402
from newsreader.core.search import parse_query  # noqa: E402
from newsreader.core.storage import FeedState, Storage  # noqa: E402
from newsreader.paths import app_paths  # noqa: E402

HA_NOI = parse_query("ha noi ").match
TWENTY_RULES = (
    [Rule(n, f"tu khoa {n}", action="hide") for n in range(12)]
    + [Rule(100 + n, f'"cum tu so {n}"', action="read") for n in range(4)]
    + [
        Rule(200, "bong da", action="hide"),
        Rule(201, "gia vang", field="title", action="save"),
        Rule(202, r"/lãi\s+suất/", action="highlight"),
        Rule(203, "ha noi", folder="tin", action="notify"),
    ]
)


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def raw_page(storage: Storage, where: str, params: list[object], limit: int = 50) -> list[object]:
    """The list query without the story and hidden clauses: what a page cost before stories."""
    sql = (
        "SELECT a.id, a.feed_id, COALESCE(f.title, a.source_title),"
        " COALESCE(d.name, a.source_folder), a.key, a.link, a.title, a.author, a.published,"
        " a.updated, a.summary, a.thumbnail, a.read, a.saved, a.sort_time FROM articles a"
        " LEFT JOIN feeds f ON f.id = a.feed_id LEFT JOIN folders d ON d.id = f.folder_id"
        f" {where} ORDER BY a.sort_time DESC, a.id DESC LIMIT ?"
    )
    return storage._read(sql, [*params, limit])


def list_costs(storage: Storage, repeats: int) -> None:
    feed = storage.feeds()[len(storage.feeds()) // 2]
    folder = feed.folder
    deep = storage.articles(ArticleQuery(limit=20_001))[-1].page_key
    cases: list[tuple[str, ArticleQuery, str, list[object]]] = [
        ("Latest, page 1", ArticleQuery(limit=50), "", []),
        (
            "Latest, page at 20,000",
            ArticleQuery(limit=50, after=deep),
            "WHERE (a.sort_time, a.id) < (?, ?)",
            list(deep),
        ),
        ("Unread, page 1", ArticleQuery(unread=True, limit=50), "WHERE a.read = 0", []),
        (
            f"Folder {folder}, page 1",
            ArticleQuery(folder=folder, limit=50),
            "WHERE COALESCE(d.name, a.source_folder) = ?",
            [folder],
        ),
        (
            "One feed, page 1",
            ArticleQuery(feed_id=feed.id, limit=50),
            "WHERE a.feed_id = ?",
            [feed.id],
        ),
        (
            "Saved search 'ha noi', page 1",
            ArticleQuery(search=HA_NOI, limit=50),
            "WHERE a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
            [HA_NOI],
        ),
    ]
    print(f"{'list query':36} {'stories':>9} {'before':>9}")
    for name, query, where, params in cases:
        now = median_ms(lambda q=query: storage.articles(q), repeats)
        before = median_ms(lambda w=where, p=params: raw_page(storage, w, p), repeats)
        print(f"{name:36} {now:8.2f}  {before:8.2f}")
    totals_before = median_ms(
        lambda: storage._read("SELECT COUNT(*), SUM(read = 0), SUM(saved = 1) FROM articles"),
        repeats,
    )
    counts_now = median_ms(
        lambda: storage._read(
            "SELECT feed_id, SUM(read = 0), COUNT(*) FROM articles"
            " WHERE feed_id IS NOT NULL AND hidden = 0 GROUP BY feed_id"
        ),
        max(3, repeats // 4),
    )
    counts_before = median_ms(
        lambda: storage._read(
            "SELECT feed_id, SUM(read = 0), COUNT(*) FROM articles"
            " WHERE feed_id IS NOT NULL GROUP BY feed_id"
        ),
        max(3, repeats // 4),
    )
    print(f"{'totals()':36} {median_ms(storage.totals, repeats):8.2f}  {totals_before:8.2f}")
    print(f"{'per-feed counts (in feeds())':36} {counts_now:8.2f}  {counts_before:8.2f}")
    print(f"{'feeds() with counts':36} {median_ms(storage.feeds, max(3, repeats // 4)):8.2f}")
    folders = median_ms(storage.counted_folders, max(3, repeats // 4))
    print(f"{'folders with their copies counted':36} {folders:8.2f}")
    searches = SavedSearches(storage, lambda: NOW)
    kept = searches.save("bench", "ha noi")
    print(f"{'saved search counts (ha noi)':36} {median_ms(lambda: searches.find('bench'), 5):8.2f}"
          f"   ({kept.total} stories)")  # fmt: skip
    searches.remove(kept.id)


def store_costs(home: Path, feeds: int = 50) -> None:
    spec = farm.FarmSpec(feeds=feeds, items=50, port=0)
    docs = list(farm.iter_feeds(spec))
    with tempfile.TemporaryDirectory(prefix="daily-bench-") as tmp:
        for label, rules in (("no rules", RuleSet(())), ("20 rules", RuleSet(TWENTY_RULES))):
            db = Path(tmp) / f"{label}.sqlite3"
            shutil.copy(app_paths(home).database, db)
            storage = Storage(db)
            matching = 0.0
            start = time.perf_counter()
            for n, doc in enumerate(docs):
                feed_id = storage.add_feed(f"{doc.url}?copy={n}", title=doc.title, now=NOW).id
                feed = Feed(feed_id, doc.url, doc.title, folder="tin")
                # New articles: fresh links, so each is a new story.
                writes = [
                    replace(to_write(entry_of(it, doc.atom), NOW), link=f"{it.link}?n={n}")
                    for it in doc.items
                ]
                t0 = time.process_time()  # CPU time: the machine may be shared
                writes = apply_rules(rules, feed, writes)
                matching += time.process_time() - t0
                storage.store_refresh(feed_id, FeedState(checked=NOW), writes, [], now=NOW)
            total = time.perf_counter() - start
            storage.close()
            print(
                f"store {feeds}×50 new articles, {label}: {total * 1000:.0f} ms"
                f" (matching {matching * 1000:.1f} ms CPU,"
                f" {matching / (feeds * 50) * 1e6:.0f} µs an article)"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("home", type=Path)
    ap.add_argument("--repeats", type=int, default=20)
    ns = ap.parse_args(argv)
    storage = Storage(app_paths(ns.home).database)
    try:
        print(f"library: {storage.totals()[0]} stories, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
        list_costs(storage, ns.repeats)
    finally:
        storage.close()
    store_costs(ns.home)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
