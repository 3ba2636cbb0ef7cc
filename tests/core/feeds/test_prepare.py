"""The writer's per-entry values made where a feed is parsed (core/feeds/prepare.py): what is
written is exactly what the writer computed itself before (an oracle copy of that code below),
whether the entry was prepared in a parser process or not."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsreader.core.errors import NewsreaderError
from newsreader.core.feeds.document import parse_feed
from newsreader.core.feeds.parsepool import ParserPool
from newsreader.core.feeds.prepare import content_hash, prepare, with_prepared
from newsreader.core.feeds.update import decide, to_write
from newsreader.core.models import Enclosure, ParsedEntry
from newsreader.core.pages.htmltext import html_to_text
from newsreader.core.storage import ArticleWrite, StoredEntry
from newsreader.core.textfold import fold
from tests.feedgen import VN_ITEMS, rss

DATA = Path(__file__).resolve().parents[2] / "data"
FEEDS = sorted(
    p
    for p in [*(DATA / "feeds").rglob("*"), *(DATA / "vn-real").rglob("*")]
    if p.is_file() and p.suffix in (".rss", ".atom", ".xml", ".rdf", ".json")
)
NOW = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


# -- the writer's own code before the values moved to the parser processes (the oracle) ------


def _old_entry_key(entry: ParsedEntry) -> str:
    if entry.guid:
        return entry.guid
    if entry.link:
        return entry.link
    when = entry.published or entry.updated
    basis = f"{entry.title}\x00{when.isoformat() if when else ''}\x00{entry.summary[:200]}"
    return "sha1:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()


def _old_content_hash(entry: ParsedEntry) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in (
        entry.guid,
        entry.link,
        entry.title,
        entry.author,
        entry.published.isoformat() if entry.published else None,
        entry.updated.isoformat() if entry.updated else None,
        entry.summary,
        entry.content_html,
        entry.thumbnail,
        "\x1f".join(entry.categories),
    ):
        h.update((part or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    for enclosure in entry.enclosures:
        h.update(f"{enclosure.url}\x1f{enclosure.type}\x1f{enclosure.length}\x00".encode())
    return h.hexdigest()


def _old_to_write(entry: ParsedEntry, now: datetime) -> ArticleWrite:
    when = entry.published or entry.updated
    sort_time = when if when is not None and when <= now + timedelta(hours=12) else now
    body = entry.body_text
    if body is None:
        body = html_to_text(entry.content_html, max_chars=20_000) if entry.content_html else ""
    return ArticleWrite(
        key=_old_entry_key(entry),
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
        content_hash=_old_content_hash(entry),
        sort_time=sort_time,
        index_title=fold(entry.title),
        index_summary=fold(entry.summary),
        index_body=fold(body),
        enclosures=entry.enclosures,
    )


# -----------------------------------------------------------------------------------------


def _documents() -> list[tuple[str, bytes]]:
    docs = [(str(p.relative_to(DATA)), p.read_bytes()) for p in FEEDS]
    docs.append(("feedgen", rss(VN_ITEMS)))
    return docs


def test_there_are_feeds_to_compare() -> None:
    assert len(FEEDS) >= 10


@pytest.mark.parametrize(
    ("name", "data"), _documents(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_prepared_entries_write_what_the_writer_made_itself(name: str, data: bytes) -> None:
    try:
        parsed = parse_feed(data, url="https://vnexpress.net/rss")
    except NewsreaderError:  # not a feed: nothing is written for it
        return
    prepared = with_prepared(parsed)
    assert prepared == parsed  # the prepared values are not part of what an entry is
    for plain, ready in zip(parsed.entries, prepared.entries, strict=True):
        assert ready.prepared == prepare(plain)
        expected = _old_to_write(plain, NOW)
        assert to_write(plain, NOW) == expected
        assert to_write(ready, NOW) == expected
    # Deciding what is new or changed reads the same keys and hashes.
    stored = {
        _old_entry_key(e): StoredEntry(i, "stale" if i % 2 else _old_content_hash(e))
        for i, e in enumerate(parsed.entries[::2])
    }
    assert decide(prepared.entries, stored, set()) == decide(parsed.entries, stored, set())


def test_the_parser_processes_send_prepared_entries() -> None:
    data = rss(VN_ITEMS)
    pool = ParserPool(1)
    try:
        parsed = pool.parse(data, "https://vnexpress.net/rss", None)
    finally:
        pool.close()
    local = parse_feed(data, url="https://vnexpress.net/rss")
    assert parsed == local and parsed.entries
    for entry, plain in zip(parsed.entries, local.entries, strict=True):
        assert entry.prepared is not None and entry.prepared == prepare(plain)


def test_content_hash_is_what_it_was_part_by_part() -> None:
    """`content_hash` hashes the parts as one string: the same digest as the old part-by-part
    hashing (`_old_content_hash`) for any texts, NULs, separators and lone surrogates among
    them, so stored hashes do not change."""
    rng = random.Random(15)
    alphabet = ["a", "Ế", "\x00", "\x1f", "\ud800", "\udc00", "😀", " ", "\n", "é"]

    def text() -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 6)))

    def maybe() -> str | None:
        return None if rng.random() < 0.3 else text()

    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    for _ in range(20_000):
        entry = ParsedEntry(
            guid=maybe(),
            link=maybe(),
            title=text(),
            author=maybe(),
            published=when if rng.random() < 0.5 else None,
            updated=when + timedelta(days=1) if rng.random() < 0.5 else None,
            summary=text(),
            content_html=maybe(),
            thumbnail=maybe(),
            categories=tuple(text() for _ in range(rng.randrange(0, 3))),
            enclosures=tuple(
                Enclosure(f"https://x.vn/{rng.random()}.mp3", "audio/mpeg", rng.choice([None, 7]))
                for _ in range(rng.randrange(0, 2))
            ),
        )
        assert content_hash(entry) == _old_content_hash(entry)
