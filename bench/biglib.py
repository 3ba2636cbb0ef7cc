"""A big library (100,000 articles) for the start-up, search, article and scrolling benchmarks.

    python bench/biglib.py HOME [--articles 100000]

Built without the network: feeds are added with ``Storage.add_feed``, and each farm feed's items
(``bench/farm.py``, the same generator the server farm uses) go in with
``Storage.store_refresh`` -- one transaction per feed, as a refresh writes them -- as the
``ArticleWrite`` values the product's own ``update.to_write`` makes from ``ParsedEntry`` values.
Those entries are built directly from the generated items, field for field as
``core.feeds.document.parse_feed`` returns them for the farm's XML (checked on a sample feed
each build), so no time goes into parsing 200 MB of XML. The home's settings say the bundled feeds
were already offered and refreshing is by hand, so opening the window starts no import or
refresh.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import farm  # noqa: E402

from newsreader.core.feeds.document import parse_feed  # noqa: E402
from newsreader.core.feeds.parse import index_body_text, lead_text  # noqa: E402
from newsreader.core.feeds.update import to_write  # noqa: E402
from newsreader.core.models import ArticleQuery, ParsedEntry  # noqa: E402
from newsreader.core.storage import FeedState, Storage  # noqa: E402
from newsreader.core.storage.schema import LATEST_VERSION  # noqa: E402
from newsreader.paths import app_paths  # noqa: E402

NOW = datetime(2025, 10, 20, 6, 0, tzinfo=UTC)


def entry_of(item: farm.Item, atom: bool) -> ParsedEntry:
    """The ParsedEntry that parse_feed returns for this farm item."""
    when = item.published.astimezone(UTC)
    content = (
        f'<a href="{item.link}"><img height="100" src="{item.thumbnail}" width="130" /></a>'
        f"{item.lead}"
    )
    summary = lead_text(content)
    return ParsedEntry(
        guid=item.link,
        link=item.link,
        title=item.title,
        author=item.author if atom else None,
        published=when,
        updated=when if atom else None,
        summary=summary,
        content_html=content,
        body_text=index_body_text(content, summary, True),  # as the parser computes it
        thumbnail=item.thumbnail,
        categories=(item.category,),
    )


def check_fidelity(spec: farm.FarmSpec) -> list[str]:
    """Differences between entry_of() and the product's parser on one RSS and one Atom feed."""
    problems: list[str] = []
    for index in (0, 3):  # feed 3 is Atom
        doc = farm.feed_doc(spec, index)
        parsed = parse_feed(farm.render_feed(doc, spec), url=doc.url, content_type=None)
        for item, got in zip(doc.items, parsed.entries, strict=True):
            want = entry_of(item, doc.atom)
            if got != want:
                fields = [f for f in ParsedEntry.__slots__ if getattr(got, f) != getattr(want, f)]
                problems.append(f"feed {index} item {item.link}: {', '.join(fields)} differ")
                break
    return problems


@dataclass(frozen=True, slots=True)
class BigLibrary:
    home: Path
    articles: int
    feeds: int
    seconds: float  # build time (0 when reused)
    fidelity: tuple[str, ...]


def write_settings(home: Path) -> None:
    """A returning user who refreshes by hand: the bundled feeds were offered long ago, and no
    refresh starts 1.5 s after the window opens (the farm is not served while the library
    scenarios run; refreshing under load is the GUI-stall scenario's job)."""
    settings = app_paths(home).ensure().settings_file
    settings.write_text(json.dumps({"defaults_imported": True, "refresh_minutes": 0}))


def library_key(spec: farm.FarmSpec) -> str:
    return f"{spec.key()}-schema{LATEST_VERSION}-body"


def build(home: Path, articles: int = 100_000, *, items: int = 50, port: int = 0) -> BigLibrary:
    """Create (or reuse, when the same one is there) a library of `articles` articles."""
    spec = farm.FarmSpec(feeds=max(1, articles // items), items=items, port=port)
    marker = home / "biglib.json"
    if marker.exists():
        meta = json.loads(marker.read_text())
        if meta.get("key") == library_key(spec):
            write_settings(home)
            return BigLibrary(home, meta["articles"], meta["feeds"], 0.0, tuple(meta["fidelity"]))
    if home.exists():
        import shutil

        shutil.rmtree(home)
    paths = app_paths(home).ensure()
    write_settings(home)
    started = time.perf_counter()
    fidelity = tuple(check_fidelity(spec))
    storage = Storage(paths.database)
    folders: dict[str, int] = {}
    total = 0
    try:
        for doc in farm.iter_feeds(spec):
            folder_id = folders.get(doc.site)
            if folder_id is None:
                folder_id = folders[doc.site] = storage.folder_id(doc.site) or 0
            feed_id = storage.add_feed(
                doc.url,
                title=doc.title,
                site_url=doc.url.rsplit("/feeds/", 1)[0] + "/",
                folder_id=folder_id,
                user_title=True,
                now=NOW,
            ).id
            writes = [to_write(entry_of(it, doc.atom), NOW) for it in doc.items]
            state = FeedState(checked=NOW, etag=f'"{doc.index:x}"', body_hash=f"{doc.index:032x}")
            storage.store_refresh(feed_id, state, writes, [], now=NOW)
            total += len(writes)
        # a few read and saved ones, as in a used library
        ids = [r.id for r in storage.articles(ArticleQuery(limit=total))][::7]
        storage.set_read(ids, True, now=NOW)
        storage.set_saved(ids[::50], True, now=NOW)
        storage._conn().execute("PRAGMA optimize")
    finally:
        storage.close()
    seconds = time.perf_counter() - started
    meta = {
        "key": library_key(spec),
        "articles": total,
        "feeds": spec.feeds,
        "fidelity": list(fidelity),
        "seconds": seconds,
    }
    marker.write_text(json.dumps(meta, indent=1))
    return BigLibrary(home, total, spec.feeds, seconds, fidelity)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("home", type=Path)
    ap.add_argument("--articles", type=int, default=100_000)
    ns = ap.parse_args(argv)
    lib = build(ns.home, ns.articles)
    print(f"{lib.home}: {lib.articles} articles in {lib.feeds} feeds ({lib.seconds:.1f} s)")
    for p in lib.fidelity:
        print("fidelity:", p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
