"""Proposed product fixes, tried by monkeypatching (the product itself is not changed here).

    python bench/prototypes.py refresh [--feeds 200] [--variants baseline,fold,batch,...]
    python bench/prototypes.py search HOME            # search and snippet variants
    python bench/prototypes.py scroll HOME            # paging variants
    python bench/prototypes.py fold                   # fold(): speed and equality check

Refresh variants (combine with "+", e.g. ``fold+batch+prepare``), each run in a new process on a
new home, timing ``Library.refresh()`` of the whole farm subset (cold, then warm):

* ``baseline`` -- the product as it is;
* ``fold`` -- ``textfold.fold`` through a cached per-character translation table (same output);
* ``batch`` -- the writer commits once per 0.5 s (many feeds per transaction) instead of once per
  feed: fewer commits and FTS5 segment flushes;
* ``prepare`` -- the parser processes also compute what ``to_write`` needs (folded index texts,
  plain body text, content hash), so the single writer thread only writes;
* ``fast`` -- the parser processes parse RSS 2.0/Atom 1.0 with lxml (see fastparse.py), falling
  back to feedparser for anything else.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# -- fold ---------------------------------------------------------------------------------------


class _FoldTable(dict[int, str]):  # str.translate's table: code point -> text
    """code point -> folded text, filled on first sight (str.translate looks it up in C)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code).translate(_EXTRA))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        self[code] = folded
        return folded


_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"})  # as textfold
_TABLE = _FoldTable()


def fast_fold(text: str) -> str:
    """The same result as textfold.fold: folding is per character (NFD decomposes each
    character on its own, marks are dropped whatever their order, casefold is context-free)."""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)


def patch_fold() -> None:
    import newsreader.core.feeds.update as update
    import newsreader.core.search as search
    import newsreader.core.textfold as textfold

    for module in (textfold, update, search):
        setattr(module, "fold", fast_fold)  # noqa: B010 - monkeypatching by name


# -- batch commits ------------------------------------------------------------------------------


def patch_batch(seconds: float = 0.5) -> None:
    """Updater.store inside a transaction that stays open for `seconds` across feeds."""
    from newsreader.core.feeds import update

    original_refresh = update.Updater.refresh
    original_store = update.Updater.store

    def refresh(self: Any, feeds: Any, **kw: Any) -> Any:
        state: dict[str, Any] = {"cm": None, "since": 0.0}  # cm: the open transaction

        def store(fetched: Any) -> Any:
            if state["cm"] is None:
                cm = self.storage.transaction()
                cm.__enter__()
                state["cm"] = cm
                state["since"] = time.monotonic()
            out = original_store(self, fetched)
            if time.monotonic() - state["since"] >= seconds:
                state["cm"].__exit__(None, None, None)
                state["cm"] = None
            return out

        self.store = store
        try:
            return original_refresh(self, feeds, **kw)
        finally:
            if state["cm"] is not None:
                state["cm"].__exit__(None, None, None)
            del self.store

    update.Updater.refresh = refresh  # type: ignore[method-assign]


def patch_nosavepoint() -> None:
    """Nested `transaction()` joins the outer one without a SAVEPOINT: FTS5 flushes its
    pending index data at every RELEASE, so a savepoint per feed costs like a commit."""
    from contextlib import contextmanager

    from newsreader.core.storage import Storage

    original = Storage.transaction

    @contextmanager
    def transaction(self: Any, *, immediate: bool = True) -> Any:
        conn = self._conn()
        if conn.in_transaction:
            yield conn
            return
        with original(self, immediate=immediate) as c:
            yield c

    Storage.transaction = transaction  # type: ignore[method-assign]


def patch_nobody() -> None:
    """Do not index a body that only repeats the lead (no content of its own)."""
    from dataclasses import replace as dc_replace

    from newsreader.core.feeds import update

    original = update.to_write

    def to_write(entry: Any, now: Any) -> Any:
        w = original(entry, now)
        if w.index_body and w.index_body[:200] == w.index_summary[:200]:
            return dc_replace(w, index_body="")
        return w

    update.to_write = to_write


# -- to_write's work in the parser processes -----------------------------------------------------


def prepare_entries(parsed: Any) -> Any:
    """ParsedFeed -> PreparedFeed: entries carry their folded texts and content hash."""
    from proto_types import PreparedEntry, PreparedFeed

    from newsreader.core.feeds.prepare import INDEX_BODY_CHARS as _INDEX_BODY_CHARS
    from newsreader.core.feeds.prepare import content_hash
    from newsreader.core.pages.htmltext import html_to_text

    entries = []
    for e in parsed.entries:
        body = html_to_text(e.content_html, max_chars=_INDEX_BODY_CHARS) if e.content_html else ""
        entries.append(
            PreparedEntry(
                **{f: getattr(e, f) for f in type(e).__slots__ if f != "prepared"},
                index_title=fast_fold(e.title),
                index_summary=fast_fold(e.summary),
                index_body=fast_fold(body),
                hash=content_hash(e),
            )
        )
    fields = {f: getattr(parsed, f) for f in type(parsed).__slots__ if f != "entries"}
    return PreparedFeed(entries=tuple(entries), **fields)


def parse_prepared(data: bytes, url: str, content_type: str | None = None) -> Any:
    """The parser-process entry point for `prepare` (and `fast+prepare`)."""
    if os.environ.get("PROTO_FAST") == "1":
        from fastparse import parse_feed_fast as parse
    else:
        from newsreader.core.feeds.document import parse_feed as parse
    return prepare_entries(parse(data, url=url, content_type=content_type))


def parse_fast_only(data: bytes, url: str, content_type: str | None = None) -> Any:
    from fastparse import parse_feed_fast

    return parse_feed_fast(data, url=url, content_type=content_type)


def patch_prepare_main() -> None:
    """In the writer: use what the parser process prepared instead of computing it."""
    from proto_types import PreparedEntry

    from newsreader.core.feeds import update
    from newsreader.core.storage import ArticleWrite

    original_to_write = update.to_write
    original_hash = update.content_hash

    def to_write(entry: Any, now: Any) -> Any:
        if not isinstance(entry, PreparedEntry):
            return original_to_write(entry, now)
        when = entry.published or entry.updated
        sort_time = when if when is not None and when <= now + update._FUTURE_SLACK else now
        return ArticleWrite(
            key=update.entry_key(entry),
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
            content_hash=entry.hash,
            sort_time=sort_time,
            index_title=entry.index_title,
            index_summary=entry.index_summary,
            index_body=entry.index_body,
        )

    def content_hash(entry: Any) -> str:
        return entry.hash if isinstance(entry, PreparedEntry) else original_hash(entry)

    update.to_write = to_write
    update.content_hash = content_hash


# -- one refresh run (child process) -------------------------------------------------------------


def one_refresh(variant: str, home: Path, opml: Path, repeats_warm: int) -> dict[str, Any]:
    parts = set(variant.split("+"))
    target = None
    if "fold" in parts:
        patch_fold()
    if "batch" in parts:
        patch_batch()
    if "nosave" in parts:
        patch_nosavepoint()
    if "nobody" in parts:
        patch_nobody()
    if "prepare" in parts:
        patch_prepare_main()
        target = "prototypes:parse_prepared"
        if "fast" in parts:
            os.environ["PROTO_FAST"] = "1"
    elif "fast" in parts:
        target = "prototypes:parse_fast_only"
    from newsreader.app import open_library
    from newsreader.core.feeds import parsepool
    from newsreader.paths import app_paths

    lib = open_library(app_paths(home))
    if target is not None:
        assert lib._pool is not None
        lib._pool.close()
        pool = parsepool.ParserPool(target=target)
        lib._pool = pool
        lib.updater.parse = pool
    lib.import_opml(opml.read_bytes())
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    result = lib.refresh()
    cold = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_main = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu_workers = 0.0
    assert lib._pool is not None
    for w in list(lib._pool._all):
        try:
            fields = Path(f"/proc/{w.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu_workers += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    warm = []
    for _ in range(repeats_warm):
        t = time.perf_counter()
        lib.refresh()
        warm.append(time.perf_counter() - t)
    lib.close()
    return {
        "variant": variant,
        "cold": cold,
        "cpu_main": cpu_main,
        "cpu_workers": cpu_workers,
        "warm": warm,
        "new": result.new_articles,
        "errors": result.errors,
        "first_error": next((f.error for f in result.feeds if f.error), None),
    }


def run_refresh(feeds: int, variants: Sequence[str], repeats: int) -> None:
    import farm
    from server import FarmServer, pick_port

    spec0 = farm.FarmSpec(feeds=feeds)
    port = pick_port(farm.hosts(spec0))
    spec = farm.FarmSpec(feeds=feeds, port=port)
    fm = farm.build(spec, farm.DEFAULT_ROOT / f"farm-{spec.key()}", (feeds,))
    results: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    with FarmServer(fm.root, port, fm.hosts):
        for rep in range(repeats):
            turn = rep % len(variants)
            for v in [*variants[turn:], *variants[:turn]]:
                home = farm.DEFAULT_ROOT / f"proto-home-{feeds}"
                shutil.rmtree(home, ignore_errors=True)
                proc = subprocess.run(
                    [sys.executable, __file__, "_one", v, str(home), str(fm.opml(feeds))],
                    capture_output=True,
                    text=True,
                    check=False,
                    env={**os.environ, "PYTHONPATH": str(HERE)},
                )
                lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
                if not lines:
                    print(f"{v}: failed: {proc.stderr[-1500:]}", file=sys.stderr)
                    continue
                r = json.loads(lines[-1])
                results[v].append(r)
                print(
                    f"{v:28s} cold {r['cold']:6.2f} s (CPU: writer process {r['cpu_main']:.1f} s,"
                    f" parsers {r['cpu_workers']:.1f} s)  warm {min(r['warm'] or [0]):5.2f} s"
                    f"  new {r['new']} errors {r['errors']} {r['first_error'] or ''}",
                    file=sys.stderr,
                    flush=True,
                )
                shutil.rmtree(home, ignore_errors=True)
    print(f"\nIn-process Library.refresh() of {feeds} feeds x 50 (cold; warm = all 304):")
    print(
        "| Variant | cold refresh, median (min–max, n) | CPU s: writer process + parser"
        " processes | warm refresh, median |"
    )
    print("|---|---|---|---|")
    for v, rs in results.items():
        if not rs:
            continue
        colds = [r["cold"] for r in rs]
        warms = [w for r in rs for w in r["warm"]]
        cm = statistics.median(r["cpu_main"] for r in rs)
        cw = statistics.median(r["cpu_workers"] for r in rs)
        print(
            f"| {v} | {statistics.median(colds):.2f} s ({min(colds):.2f}–{max(colds):.2f},"
            f" n={len(colds)}) | {cm:.1f} + {cw:.1f} = {cm + cw:.1f} |"
            f" {statistics.median(warms) if warms else float('nan'):.2f} s |"
        )


# -- search ----------------------------------------------------------------------------------------

QUERIES = ("ha noi", "dot pha", "kinh t", "nguoi dan", "duong sat do thi", "Hà Nội", "thu tuong")


def search_topk_first(storage: Any, match: str, query: Any, *, limit: int) -> Any:
    """Rank in the FTS table alone (bm25 + LIMIT), then join only the winners."""
    import sqlite3

    from newsreader.core.errors import SearchQueryError
    from newsreader.core.storage.article_rows import ARTICLE_COLUMNS, article_reader, article_where
    from newsreader.core.storage.connection import column_positions

    where, params = article_where(query)
    extra = where.replace(" WHERE ", " AND ") if where else ""
    sql = (
        f"WITH top AS (SELECT rowid AS id, bm25(articles_fts, 8.0, 3.0, 1.0, 2.0) AS score"
        f" FROM articles_fts WHERE articles_fts MATCH ? ORDER BY score LIMIT ?)"
        f" SELECT {ARTICLE_COLUMNS}, top.score AS score FROM top JOIN articles a ON a.id = top.id"
        f" LEFT JOIN feeds f ON f.id = a.feed_id LEFT JOIN folders d ON d.id = f.folder_id"
        f" WHERE 1 {extra} ORDER BY top.score, a.sort_time DESC, a.id DESC LIMIT ?"
    )
    over = limit + query.offset
    if where:
        over = max(over * 5, 1000)  # filters drop some winners: rank more, then filter
    try:
        cursor = storage._tuples(sql, (match, over, *params, limit + query.offset))
        rows = cursor.fetchall()
    except sqlite3.OperationalError as exc:
        raise SearchQueryError(f"cannot search for that: {exc}") from exc
    columns = column_positions(cursor)
    read, score = article_reader(columns), columns["score"]
    return [(read(r), float(r[score])) for r in rows[query.offset :]]


def search_recent_window(storage: Any, match: str, query: Any, *, limit: int) -> Any:
    """Rank only the newest RECENT_WINDOW matches (FTS5 walks rowids newest first), then join."""
    import sqlite3

    from newsreader.core.errors import SearchQueryError
    from newsreader.core.storage.article_rows import ARTICLE_COLUMNS, article_reader, article_where
    from newsreader.core.storage.connection import column_positions

    where, params = article_where(query)
    extra = where.replace(" WHERE ", " AND ") if where else ""
    sql = (
        f"WITH recent AS (SELECT rowid AS id, bm25(articles_fts, 8.0, 3.0, 1.0, 2.0) AS score"
        f" FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?),"
        f" top AS (SELECT id, score FROM recent ORDER BY score LIMIT ?)"
        f" SELECT {ARTICLE_COLUMNS}, top.score AS score FROM top JOIN articles a ON a.id = top.id"
        f" LEFT JOIN feeds f ON f.id = a.feed_id LEFT JOIN folders d ON d.id = f.folder_id"
        f" WHERE 1 {extra} ORDER BY top.score, a.sort_time DESC, a.id DESC LIMIT ?"
    )
    over = limit + query.offset
    try:
        cursor = storage._tuples(
            sql, (match, RECENT_WINDOW, max(over * 5, 1000) if where else over, *params, over)
        )
        rows = cursor.fetchall()
    except sqlite3.OperationalError as exc:
        raise SearchQueryError(f"cannot search for that: {exc}") from exc
    columns = column_positions(cursor)
    read, score = article_reader(columns), columns["score"]
    return [(read(r), float(r[score])) for r in rows[query.offset :]]


RECENT_WINDOW = 5000


def run_search(home: Path, repeats: int) -> None:
    from newsreader.app import open_library
    from newsreader.core import search as search_mod
    from newsreader.core.storage import Storage
    from newsreader.paths import app_paths

    lib = open_library(app_paths(home))
    original_search = Storage.search
    original_fold = getattr(search_mod, "fold")  # noqa: B009

    def measure(label: str, snippets: bool) -> tuple[str, float, float]:
        times = []
        for q in QUERIES:
            lib.search(q, limit=200, snippets=snippets)
            for _ in range(repeats):
                t = time.perf_counter()
                lib.search(q, limit=200, snippets=snippets)
                times.append(time.perf_counter() - t)
        times.sort()
        p50 = statistics.median(times) * 1000
        p95 = times[int(0.95 * (len(times) - 1))] * 1000
        print(f"| {label} | {p50:.1f} | {p95:.1f} |", flush=True)
        return label, p50, p95

    # the same results? (ids of the first 200)
    base = [[h.article.id for h in lib.search(q, limit=200)] for q in QUERIES]
    Storage.search = search_topk_first  # type: ignore[method-assign,assignment]
    new = [[h.article.id for h in lib.search(q, limit=200)] for q in QUERIES]
    Storage.search = original_search  # type: ignore[method-assign]
    same = sum(a == b for a, b in zip(base, new, strict=True))
    print(f"top-k-first returns the same 200 ids, same order, for {same} of {len(QUERIES)} queries")
    print("| Variant | p50 ms | p95 ms |\n|---|---|---|")
    measure("baseline", False)
    measure("baseline, snippets", True)
    Storage.search = search_topk_first  # type: ignore[method-assign,assignment]
    measure("rank in FTS first, then join", False)
    setattr(search_mod, "fold", fast_fold)  # noqa: B010
    measure("rank first + fast fold, snippets", True)
    Storage.search = search_recent_window  # type: ignore[method-assign,assignment]
    measure(f"rank the newest {RECENT_WINDOW} matches only", False)
    measure(f"newest {RECENT_WINDOW} + fast fold, snippets", True)
    Storage.search = original_search  # type: ignore[method-assign]
    setattr(search_mod, "fold", original_fold)  # noqa: B010
    lib.close()


# -- scroll ---------------------------------------------------------------------------------------


def run_scroll(home: Path, pages: int) -> None:
    from newsreader.app import open_library
    from newsreader.core.models import ArticleQuery
    from newsreader.paths import app_paths

    lib = open_library(app_paths(home))
    storage = lib.storage
    from newsreader.core.storage.article_rows import ARTICLE_COLUMNS, ARTICLE_FROM, article_reader

    def by_offset(offset: int) -> list[Any]:
        return lib.articles(ArticleQuery(limit=200, offset=offset))

    def keyset(after: tuple[int, int] | None) -> list[Any]:
        sql = f"SELECT {ARTICLE_COLUMNS} {ARTICLE_FROM}"
        params: list[Any] = []
        if after is not None:
            sql += " WHERE (a.sort_time, a.id) < (?, ?)"
            params += list(after)
        sql += " ORDER BY a.sort_time DESC, a.id DESC LIMIT 200"
        columns, rows = storage._read_columns(sql, params)
        return list(map(article_reader(columns), rows))

    total = lib.totals()[0]
    for label, fetch in (("OFFSET (product)", "offset"), ("keyset (sort_time, id) <", "keyset")):
        times = []
        after: tuple[int, int] | None = None
        got = 0
        while got < min(total, pages * 200):
            t = time.perf_counter()
            if fetch == "offset":
                page = by_offset(got)
            else:
                page = keyset(after)
                last = page[-1] if page else None
                after = (int(last.sort_time.timestamp()), last.id) if last else None
            times.append(time.perf_counter() - t)
            if not page:
                break
            got += len(page)
        print(
            f"{label}: {len(times)} pages, p50 {statistics.median(times) * 1000:.1f} ms,"
            f" last 10 p50 {statistics.median(times[-10:]) * 1000:.1f} ms, total"
            f" {sum(times):.1f} s"
        )
    lib.close()


def run_fold() -> None:
    import random

    import farm

    from newsreader.core.textfold import fold

    spec = farm.FarmSpec(feeds=20)
    texts = [t for d in farm.iter_feeds(spec) for it in d.items for t in (it.title, it.lead)]
    rng = random.Random(1)
    texts_odd = ["".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(200)) for _ in range(2000)]
    texts_odd += ["Ệ\u0301x ĐỒ ß ﬁ İ ǅ e\u0301\u0323 Ω K ῼ", "Straße ΣΑΣ"]
    bad = [t for t in texts + texts_odd if fold(t) != fast_fold(t)]
    print(f"different results: {len(bad)} of {len(texts) + len(texts_odd)} texts")
    chars = sum(map(len, texts))
    for name, f in (("textfold.fold", fold), ("fast_fold", fast_fold)):
        t = time.perf_counter()
        for x in texts:
            f(x)
        dt = time.perf_counter() - t
        print(f"{name}: {chars / dt / 1e6:.1f} M characters/s")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    r = sub.add_parser("refresh")
    r.add_argument("--feeds", type=int, default=200)
    r.add_argument("--variants", default="baseline,fold,fold+batch,fold+batch+prepare")
    r.add_argument("--repeats", type=int, default=2)
    o = sub.add_parser("_one")
    o.add_argument("variant")
    o.add_argument("home", type=Path)
    o.add_argument("opml", type=Path)
    s = sub.add_parser("search")
    s.add_argument("home", type=Path)
    s.add_argument("--repeats", type=int, default=5)
    c = sub.add_parser("scroll")
    c.add_argument("home", type=Path)
    c.add_argument("--pages", type=int, default=500)
    sub.add_parser("fold")
    ns = ap.parse_args(argv)
    if ns.what == "refresh":
        run_refresh(ns.feeds, ns.variants.split(","), ns.repeats)
    elif ns.what == "_one":
        print(json.dumps(one_refresh(ns.variant, ns.home, ns.opml, 2)))
    elif ns.what == "search":
        run_search(ns.home, ns.repeats)
    elif ns.what == "scroll":
        run_scroll(ns.home, ns.pages)
    else:
        run_fold()
    return 0


if __name__ == "__main__":
    threading.current_thread().name = "MainThread"
    sys.exit(main())
