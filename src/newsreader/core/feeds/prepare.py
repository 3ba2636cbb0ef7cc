"""What the writer needs of each parsed entry besides the entry: its identity within the feed, a
hash of its content, its folded texts for the search index (and for rules), its story key, and
the actions of the rules that match it.

Pure, and cheap to import (no parser, no storage): the parser processes (parsepool) run
`with_prepared` on every feed they parse, so the refresh's single writer, the bottleneck of a
cold refresh, only reads the results. `prepared` gives an entry's, computing it here when the
entry was parsed in this process.

Rules are matched there too when the refresh says which rules and which feed (`ParseScope`,
set around the parse call with `parse_scope`: the parse function's signature stays the one
every parser has); the writer uses those marks only when the rules it would apply are the same
rules (`marks_for`), else it matches them itself as before.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from newsreader.core.canonical import story_key
from newsreader.core.models import ParsedEntry, ParsedFeed, PreparedEntry, Rule
from newsreader.core.rules import RuleSet, Subject
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
    """A hash of everything stored of the entry: each part UTF-8 encoded and followed by a NUL,
    then each enclosure's. (Hashed as one string: UTF-8 of a concatenation is the concatenation
    of the parts' UTF-8, lone surrogates included, so the hash is what it was part by part.)"""
    text = "\x00".join(
        (
            entry.guid or "",
            entry.link or "",
            entry.title or "",
            entry.author or "",
            entry.published.isoformat() if entry.published else "",
            entry.updated.isoformat() if entry.updated else "",
            entry.summary or "",
            entry.content_html or "",
            entry.thumbnail or "",
            "\x1f".join(entry.categories),
            "",
        )
    )
    h = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
    for enclosure in entry.enclosures:  # none: the hash is what it was before enclosures
        h.update(f"{enclosure.url}\x1f{enclosure.type}\x1f{enclosure.length}\x00".encode())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class ParseScope:
    """The rules to match a feed's entries with where it is parsed, and the feed they are
    matched for (a rule may be limited to a feed or a folder)."""

    rules: tuple[Rule, ...]
    feed_id: int
    folder: str | None


# The scope of the parse running in this thread (None: no rules are matched where it is
# parsed). Set by the refresh around its parse call; read by the parser pool, which sends it
# with the feed to the parser process.
PARSE_SCOPE: ContextVar[ParseScope | None] = ContextVar("parse_scope", default=None)


@contextlib.contextmanager
def parse_scope(scope: ParseScope | None) -> Iterator[None]:
    """Within: a parse in this thread matches `scope`'s rules where the feed is parsed."""
    token = PARSE_SCOPE.set(scope)
    try:
        yield
    finally:
        PARSE_SCOPE.reset(token)


def prepare(entry: ParsedEntry, scope: ParseScope | None = None) -> PreparedEntry:
    """The entry's prepared values; with `scope`, the marks of its rules too."""
    body = entry.body_text  # computed by the parser
    if body is None:  # not computed there (JSON Feed, section pages)
        # Imported here: a refresh where every feed answers 304 does without the HTML reader.
        from newsreader.core.pages.htmltext import html_to_text

        body = (
            html_to_text(entry.content_html, max_chars=INDEX_BODY_CHARS)
            if entry.content_html
            else ""
        )
    index_title, index_summary, index_body = fold(entry.title), fold(entry.summary), fold(body)
    marks = None
    if scope is not None:
        # What the writer's `update.apply_rules` gives for the article written from it.
        marks = compiled(scope.rules).actions(
            Subject(
                title=entry.title,
                lead=entry.summary,
                author=entry.author or "",
                folded_title=index_title,
                folded_lead=index_summary,
                folded_body=index_body,
                feed_id=scope.feed_id,
                folder=scope.folder,
            )
        )
    return PreparedEntry(
        key=entry_key(entry),
        content_hash=content_hash(entry),
        index_title=index_title,
        index_summary=index_summary,
        index_body=index_body,
        story_key=story_key(entry.link),
        marks=marks,
    )


_compiled: tuple[tuple[Rule, ...], RuleSet] | None = None


def compiled(rules: tuple[Rule, ...]) -> RuleSet:
    """`RuleSet(rules)`, compiled again only when the rules change (a parser process is sent
    the same rules for every feed of a refresh)."""
    global _compiled
    last = _compiled
    if last is None or (last[0] is not rules and last[0] != rules):
        last = _compiled = (rules, RuleSet(rules))
    return last[1]


def key_of(entry: ParsedEntry) -> str:
    """`entry_key`, as made where the entry was parsed when it was."""
    return entry.prepared.key if entry.prepared is not None else entry_key(entry)


def hash_of(entry: ParsedEntry) -> str:
    """`content_hash`, as made where the entry was parsed when it was."""
    return entry.prepared.content_hash if entry.prepared is not None else content_hash(entry)


def prepared(entry: ParsedEntry) -> PreparedEntry:
    """The entry's prepared values: those made where it was parsed, else made now."""
    return entry.prepared if entry.prepared is not None else prepare(entry)


def marks_of(entries: Iterable[ParsedEntry]) -> list[frozenset[str]] | None:
    """The rule marks made where each entry was parsed; None unless every entry has them."""
    out = []
    for e in entries:
        made = e.prepared
        if made is None or made.marks is None:
            return None
        out.append(made.marks)
    return out


def with_prepared(feed: ParsedFeed, scope: ParseScope | None = None) -> ParsedFeed:
    """`feed` with every entry carrying its prepared values (run where the feed is parsed),
    the marks of `scope`'s rules among them when it is given."""
    return replace(feed, entries=tuple(_with(e, prepare(e, scope)) for e in feed.entries))


def _with(entry: ParsedEntry, made: PreparedEntry) -> ParsedEntry:
    """`replace(entry, prepared=made)`, which for 10,000 entries costs 30 ms more (it looks up
    the dataclass's fields each time): the fields in order (`__reduce__`), `prepared` last."""
    fields: tuple[Any, ...] = (*entry.__reduce__()[1][:-1], made)
    return ParsedEntry(*fields)
