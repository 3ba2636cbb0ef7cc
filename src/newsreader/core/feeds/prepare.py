"""What the writer needs of each parsed entry besides the entry: its identity within the feed, a
hash of its content, and its folded texts for the search index (and for rules).

Pure, and cheap to import (no parser, no storage): the parser processes (parsepool) run
`with_prepared` on every feed they parse, so the refresh's single writer, the bottleneck of a
cold refresh, only reads the results. `prepared` gives an entry's, computing it here when the
entry was parsed in this process.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from newsreader.core.models import ParsedEntry, ParsedFeed, PreparedEntry
from newsreader.core.pages.htmltext import html_to_text
from newsreader.core.textfold import fold

INDEX_BODY_CHARS = 20_000  # the most of an article's body text the search index holds


def entry_key(entry: ParsedEntry) -> str:
    """Stable identity of an entry within its feed: guid, else link, else hash of title+date."""
    if entry.guid:
        return entry.guid
    if entry.link:
        return entry.link
    when = entry.published or entry.updated
    basis = f"{entry.title}\x00{when.isoformat() if when else ''}\x00{entry.summary[:200]}"
    return "sha1:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()


def content_hash(entry: ParsedEntry) -> str:
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
    for enclosure in entry.enclosures:  # none: the hash is what it was before enclosures
        h.update(f"{enclosure.url}\x1f{enclosure.type}\x1f{enclosure.length}\x00".encode())
    return h.hexdigest()


def prepare(entry: ParsedEntry) -> PreparedEntry:
    body = entry.body_text  # computed by the parser
    if body is None:  # not computed there (JSON Feed, section pages)
        body = (
            html_to_text(entry.content_html, max_chars=INDEX_BODY_CHARS)
            if entry.content_html
            else ""
        )
    return PreparedEntry(
        key=entry_key(entry),
        content_hash=content_hash(entry),
        index_title=fold(entry.title),
        index_summary=fold(entry.summary),
        index_body=fold(body),
    )


def key_of(entry: ParsedEntry) -> str:
    """`entry_key`, as made where the entry was parsed when it was."""
    return entry.prepared.key if entry.prepared is not None else entry_key(entry)


def hash_of(entry: ParsedEntry) -> str:
    """`content_hash`, as made where the entry was parsed when it was."""
    return entry.prepared.content_hash if entry.prepared is not None else content_hash(entry)


def prepared(entry: ParsedEntry) -> PreparedEntry:
    """The entry's prepared values: those made where it was parsed, else made now."""
    return entry.prepared if entry.prepared is not None else prepare(entry)


def with_prepared(feed: ParsedFeed) -> ParsedFeed:
    """`feed` with every entry carrying its prepared values (run where the feed is parsed)."""
    return replace(feed, entries=tuple(replace(e, prepared=prepare(e)) for e in feed.entries))
