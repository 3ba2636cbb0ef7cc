"""Rules matched and story keys made where a feed is parsed (core/feeds/prepare.py): the marks
and keys a parser process sends are exactly what the writer makes itself (`update.apply_rules`
over `update.to_write`, `canonical.story_key`), on the corpus's real entries and a varied rule
set; and a refresh writes the same articles and marks whichever side matched the rules."""

from __future__ import annotations

import pickle
import random
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from newsreader.core.canonical import story_key
from newsreader.core.errors import NewsreaderError
from newsreader.core.feeds import update
from newsreader.core.feeds.document import parse_feed
from newsreader.core.feeds.parsepool import ParserPool
from newsreader.core.feeds.prepare import (
    PARSE_SCOPE,
    ParseScope,
    parse_scope,
    prepare,
    with_prepared,
)
from newsreader.core.feeds.update import ParseFn, Updater, apply_rules, default_parse, to_write
from newsreader.core.fetch.http import HttpClient
from newsreader.core.models import (
    Enclosure,
    Feed,
    ParsedEntry,
    ParsedFeed,
    PreparedEntry,
    Rule,
)
from newsreader.core.rules import RuleSet
from newsreader.core.storage import Storage
from tests.feedgen import VN_ITEMS, Item, rss

DATA = Path(__file__).resolve().parents[2] / "data"
NOW = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
URL = "https://vnexpress.net/rss"

# Every kind of rule: words (accents optional), phrases, regexes (raw and folded text), each
# field, scoped to a feed and to a folder (matching and not), every action, one invalid.
RULES: tuple[Rule, ...] = (
    Rule(1, "ha noi", action="highlight"),
    Rule(2, "Việt Nam", field="title", action="save"),
    Rule(3, '"gia vang"', action="read"),
    Rule(4, r"/lãi\s+suất/", action="hide"),
    Rule(5, "/^[A-Z]/", field="title", action="notify"),
    Rule(6, "the", field="lead", action="highlight"),
    Rule(7, "a", field="body", action="save"),
    Rule(8, "news", field="author", action="read"),
    Rule(9, "tin", feed_id=7, action="hide"),
    Rule(10, "tin", feed_id=8, action="read"),
    Rule(11, "e", folder="Thời sự", action="notify"),
    Rule(12, "o", folder="kinh te", action="hide"),
    Rule(13, "/(unclosed/", action="read"),
    Rule(14, '"to the"', field="any", action="read"),
    Rule(15, "2025", action="highlight"),
)
FEEDS = (Feed(7, URL, "Tin", folder="Thoi su"), Feed(8, URL, "Tin", folder=None))


def _documents() -> list[Path]:
    files = [p for p in (DATA / "feeds").rglob("*") if p.is_file()]
    files += [p for p in (DATA / "vn-real").rglob("*") if p.is_file()]
    return sorted(files)


def _corpus_files(corpus: Path) -> list[Path]:
    return sorted(
        p for d in ("vn", "vn-real", "world") for p in (corpus / d).rglob("*") if p.is_file()
    )


def _parsed(path: Path) -> ParsedFeed | None:
    try:
        return parse_feed(path.read_bytes(), url=URL)
    except NewsreaderError:
        return None


def _writer_marks(
    rules: tuple[Rule, ...], feed: Feed, entries: tuple[ParsedEntry, ...]
) -> list[frozenset[str]]:
    """The oracle: what the writer makes itself (the entries parsed in-process)."""
    writes = apply_rules(RuleSet(rules), feed, [to_write(e, NOW) for e in entries])
    return [w.marks for w in writes]


def _check(parsed: ParsedFeed, rules: tuple[Rule, ...]) -> int:
    """Every entry's marks and story key made as a parser process makes them == the writer's."""
    checked = 0
    for feed in FEEDS:
        scope = ParseScope(rules, feed.id, feed.folder)
        ready = with_prepared(parsed, scope)
        assert ready == parsed
        expected = _writer_marks(rules, feed, parsed.entries)
        for plain, entry, marks in zip(parsed.entries, ready.entries, expected, strict=True):
            made = entry.prepared
            assert made is not None
            assert made.marks == marks
            assert made.story_key == story_key(plain.link)
            assert replace(made, marks=None) == prepare(plain)
            assert to_write(entry, NOW, made.marks) == replace(to_write(plain, NOW), marks=marks)
            assert to_write(entry, NOW).story_key == story_key(plain.link)
            checked += 1
    return checked


def test_rules_in_the_parser_match_as_the_writer_on_the_test_feeds() -> None:
    checked = 0
    for path in _documents():
        parsed = _parsed(path)
        if parsed is not None:
            checked += _check(parsed, RULES)
    assert checked > 100


@pytest.mark.corpus
def test_rules_in_the_parser_match_as_the_writer_on_the_corpus(shared_corpus: Path) -> None:
    rng = random.Random(15)
    checked = 0
    for path in _corpus_files(shared_corpus):
        parsed = _parsed(path)
        if parsed is None:
            continue
        checked += _check(parsed, RULES)
        # And a random half of the rules (order kept): a rule set that changes per feed.
        some = tuple(r for r in RULES if rng.random() < 0.5)
        if some:
            _check(parsed, some)
    assert checked > 1000


def test_the_parser_process_matches_the_rules_it_is_given() -> None:
    """Through the real pool: the marks are the writer's; the rules are sent once per worker
    and kept, and new rules replace them."""
    parsed = parse_feed(rss(VN_ITEMS), url=URL)
    feed = FEEDS[0]
    pool = ParserPool(1)
    try:
        assert all(e.prepared.marks is None for e in pool.parse(rss(VN_ITEMS), URL, None).entries)  # type: ignore[union-attr]
        for rules in (RULES, RULES, RULES[:3], (Rule(1, "xe dien", action="save"),), RULES):
            with parse_scope(ParseScope(rules, feed.id, feed.folder)):
                got = pool.parse(rss(VN_ITEMS), URL, None)
            assert got == parsed
            marks = [e.prepared.marks for e in got.entries]  # type: ignore[union-attr]
            assert marks == _writer_marks(rules, feed, parsed.entries)
            assert any(marks)
    finally:
        pool.close()


def test_the_travelling_values_pickle_every_field() -> None:
    """`__reduce__` of the models sent from the parser processes keeps every field."""
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    made = PreparedEntry("k", "h", "t", "s", "b", "host/a", frozenset({"read", "save"}))
    enc = Enclosure("https://x.vn/a.mp3", "audio/mpeg", 12)
    entry = ParsedEntry(
        "g", "https://x.vn/a", "T", "au", when, when + timedelta(1), "lead", "<p>b</p>", "i.jpg",
        ("a", "b"), "body", (enc,), made,
    )  # fmt: skip
    feed = ParsedFeed("F", "https://x.vn", (entry,), "rss20", "d", "w", "img", timedelta(hours=1))
    for value in (made, enc, entry, feed):
        back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(back) is type(value)
        for f in fields(value):
            assert getattr(back, f.name) == getattr(value, f.name), f.name
            assert getattr(value, f.name) not in (None, "", (), frozenset()), f"set {f.name}"
    # `with_prepared` rebuilds entries from `__reduce__`'s fields, `prepared` last.
    assert [f.name for f in fields(ParsedEntry)][-1] == "prepared"
    made_again = replace(made, key="k2")
    rebuilt = with_prepared(replace(feed, entries=(replace(entry, prepared=made_again),)))
    again = rebuilt.entries[0]
    assert again == entry and again.prepared is not None and again.prepared.key == "g"


@pytest.fixture
def served(httpserver: HTTPServer) -> list[str]:
    """Four feeds: each its own three stories, and the same stories of `VN_ITEMS` (twins)."""
    urls = []
    for n in range(4):
        items = [
            Item(f"Giá vàng hôm nay tăng {n}", f"gia-vang-{n}", minutes_ago=1),
            Item(f"Mưa lớn {n}", f"mua-{n}", lead="Trời mưa.", minutes_ago=2),
            Item(f"Lãi suất ngân hàng {n}", f"lai-suat-{n}", minutes_ago=3),
            *VN_ITEMS[n:],
        ]
        httpserver.expect_request(f"/f{n}.rss").respond_with_data(
            rss(items), content_type="application/rss+xml"
        )
        urls.append(httpserver.url_for(f"/f{n}.rss"))
    return urls


def _refresh(
    tmp_path: Path, urls: list[str], parse: ParseFn, rules: tuple[Rule, ...]
) -> list[tuple[object, ...]]:
    storage = Storage(tmp_path / "db.sqlite3")
    client = HttpClient(deadline=5, read_timeout=3, connect_timeout=2)
    try:
        ids = [storage.add_feed(url, now=NOW).id for url in urls]
        for r in rules:  # the feed-scoped rules on the first feed
            storage.add_rule(replace(r, feed_id=ids[0] if r.feed_id else None), now=NOW)
        updater = Updater(storage, client, clock=lambda: NOW, parse=parse)
        result = updater.refresh([storage.feed(i) for i in ids])
        assert result.errors == 0 and result.new_articles > 0
        # The rows as written, every mark; the story as its first member's key (which feed is
        # stored first, and so the ids, depends on which fetch ends first).
        rows = storage._read(
            "SELECT a.feed_id, a.key, a.story_key, s.key AS story, a.read, a.saved, a.hidden,"
            " a.highlighted, a.notify FROM articles a JOIN articles s ON s.id = a.story_id"
            " ORDER BY a.feed_id, a.key"
        )
        return [tuple(r) for r in rows]
    finally:
        client.close()
        storage.close()


@pytest.mark.parametrize("where_parsed", [True, False])
def test_a_refresh_writes_the_same_marks_whichever_side_matched(
    tmp_path: Path, served: list[str], where_parsed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(update, "MATCH_RULES_WHERE_PARSED", where_parsed)
    rules = tuple(r for r in RULES if r.folder is None)
    pool = ParserPool(2)
    try:
        in_pool = _refresh(tmp_path / "pool", served, pool, rules)
    finally:
        pool.close()
    in_process = _refresh(tmp_path / "here", served, default_parse, rules)
    assert in_pool == in_process
    assert len(in_pool) == 18
    assert len({r[3] for r in in_pool}) < len(in_pool)  # twins share a story
    assert len({r[4:] for r in in_pool}) >= 3  # several mixes of marks


def test_a_rule_added_during_the_refresh_is_matched_by_the_writer(
    tmp_path: Path, served: list[str]
) -> None:
    """The parser processes matched the rules of the refresh's start; a feed stored after a
    rule was added gets that rule's marks too (the writer matches them itself then)."""
    storage = Storage(tmp_path / "db.sqlite3")
    client = HttpClient(deadline=5, read_timeout=3, connect_timeout=2)
    pool = ParserPool(1)
    try:
        ids = [storage.add_feed(url, now=NOW).id for url in served]
        storage.add_rule(Rule(0, "ha noi", action="highlight"), now=NOW)
        added = []

        def progress(_o: object, done: int, _total: int) -> None:
            if done == 1:
                added.append(storage.add_rule(Rule(0, "gia vang", action="save"), now=NOW))

        updater = Updater(storage, client, clock=lambda: NOW, parse=pool, workers=1)
        updater.refresh([storage.feed(i) for i in ids], progress=progress)
        rows = storage._read("SELECT feed_id, title, saved, highlighted FROM articles ORDER BY id")
        later = [r for r in rows if r["feed_id"] != ids[0] and "Giá vàng" in r["title"]]
        assert added and later and all(r["saved"] for r in later)
        assert any(r["highlighted"] for r in rows)
    finally:
        pool.close()
        client.close()
        storage.close()


def test_rules_go_to_the_parser_only_for_feeds_never_read(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """A feed read before brings a few new entries among old ones: the writer matches the new
    ones (the parser would match them all); a feed never read has only new ones."""
    scopes: list[ParseScope | None] = []

    def parse(data: bytes, url: str, content_type: str | None) -> ParsedFeed:
        scopes.append(PARSE_SCOPE.get())
        return default_parse(data, url, content_type)

    served = [rss(VN_ITEMS[:2])]
    httpserver.expect_request("/f.rss").respond_with_handler(
        lambda _request: Response(served[0], content_type="application/rss+xml")
    )
    storage = Storage(tmp_path / "db.sqlite3")
    client = HttpClient(deadline=5, read_timeout=3, connect_timeout=2)
    try:
        feed_id = storage.add_feed(httpserver.url_for("/f.rss"), now=NOW).id
        storage.add_rule(Rule(0, "ha noi", action="highlight"), now=NOW)
        updater = Updater(storage, client, clock=lambda: NOW, parse=parse)
        updater.refresh([storage.feed(feed_id)])
        served[0] = rss(VN_ITEMS)  # new entries among the old
        again = updater.refresh([storage.feed(feed_id)])
        assert again.new_articles == len(VN_ITEMS) - 2
        assert [s is not None for s in scopes] == [True, False]
        assert scopes[0] == ParseScope(tuple(storage.rules()), feed_id, None)
        highlighted = storage._read("SELECT highlighted FROM articles WHERE title LIKE 'Hà Nội%'")
        assert highlighted and all(r["highlighted"] for r in highlighted)
    finally:
        client.close()
        storage.close()
