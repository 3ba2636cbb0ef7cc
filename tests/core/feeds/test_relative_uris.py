"""relative_uris: feedparser's re-serialisation of entry HTML, without its SGML parser.

The oracle is feedparser's own ``resolve_relative_uris``: the fast walk must give exactly its
string, or decline (None), on every HTML value of the shared corpus and on generated fragments.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from feedparser.sgml import _EndBracketRegEx
from feedparser.urls import _urljoin
from feedparser.urls import resolve_relative_uris as feedparsers

from newsreader.core.feeds.relative_uris import _end_bracket, join_uri, resolve_relative_uris
from tests.corpus_fragments import corpus_fragments
from tests.html_fuzz import VALUES, fragment

BASES = (
    "http://127.0.1.1:18765/feeds/s000/f0000.rss",
    "https://vnexpress.net/rss/tin-moi-nhat.rss",
    "https://h.vn/a/b/",
    "",
)
KINDS = ("text/html", "text/plain", "application/xhtml+xml")


def _same_or_declined(html: str, base: str, kind: str) -> None:
    ours = resolve_relative_uris(html, base, kind)
    if ours is not None:
        assert ours == feedparsers(html, base, "utf-8", kind), (html, base, kind)


def test_a_vnexpress_description() -> None:
    html = (
        '<a href="/tin/a-4000000.html"><img width=130 height=100 SRC="http://h.vn/img/3.png" >'
        "</a></br>Giá &amp; lãi suất &ocirc; AT&T &#150; a < b"
    )
    ours = resolve_relative_uris(html, BASES[1], "text/html")
    assert ours == (
        '<a href="https://vnexpress.net/tin/a-4000000.html">'
        '<img height="100" src="http://h.vn/img/3.png" width="130" /></a>'
        "Giá &amp; lãi suất &ocirc; AT&amp;T &#x2013; a < b"
    )
    assert ours == feedparsers(html, BASES[1], "utf-8", "text/html")


@pytest.mark.parametrize(
    "html", ["<!DOCTYPE html><p>x</p>", "<![CDATA[x]]>", "<?php x ?>", "<a/b/", "<>x"]
)
def test_declines_what_it_does_not_reproduce(html: str) -> None:
    assert resolve_relative_uris(html, BASES[0], "text/html") is None


def test_declines_xhtml() -> None:
    assert resolve_relative_uris("<p>x</p>", BASES[0], "application/xhtml+xml") is None


@pytest.mark.corpus
def test_every_corpus_value_as_feedparser_gives_it(shared_corpus: Path) -> None:
    fragments = corpus_fragments(shared_corpus)
    assert len(fragments) > 1000
    taken = 0
    for html in fragments:
        for base in BASES[:2]:
            _same_or_declined(html, base, "text/html")
        taken += resolve_relative_uris(html, BASES[0], "text/html") is not None
    assert taken > len(fragments) * 0.8  # it must actually take most real markup


def test_generated_fragments_as_feedparser_gives_them() -> None:
    rng = random.Random(20261207)
    taken = 0
    for _ in range(100_000):
        html = fragment(rng)
        base = rng.choice(BASES)
        kind = rng.choice(KINDS)
        _same_or_declined(html, base, kind)
        taken += resolve_relative_uris(html, base, kind) is not None
    assert taken > 40_000


def test_join_uri_is_feedparsers_urljoin() -> None:
    rng = random.Random(7)
    for _ in range(20_000):
        uri = rng.choice(VALUES) + rng.choice(["", "/x", "?a=1", "#f", " "])
        base = rng.choice(BASES)
        assert join_uri(base, uri) == _urljoin(base, uri), (base, uri)


_ENDBRACKET = _EndBracketRegEx().endbracket  # feedparser's own pattern: the oracle


def _end_bracket_by_the_pattern(html: str, start: int) -> int:
    match = _ENDBRACKET.match(html, start + 1)
    return -1 if match is None else match.end()


def test_end_bracket_is_feedparsers_pattern() -> None:
    rng = random.Random(20261208)
    pieces = [
        "<", ">", '"', "'", "=", "/", " ", "\n", "\t", "\xa0", "\u2028", "a", "Đ", "_", "1",
        "src", "x=", '"a>b"', "'c'", '="v"', "&", "-", "\u0663",
    ]  # fmt: skip
    for _ in range(200_000):
        html = "<" + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for start in range(len(html)):
            if html[start] == "<":
                assert _end_bracket(html, start) == _end_bracket_by_the_pattern(html, start), (
                    html,
                    start,
                )


@pytest.mark.corpus
def test_end_bracket_of_every_corpus_tag_is_feedparsers_pattern(shared_corpus: Path) -> None:
    rng = random.Random(3)
    htmls = [*corpus_fragments(shared_corpus), *(fragment(rng) for _ in range(20_000))]
    for html in htmls:
        start = html.find("<")
        while start >= 0:
            assert _end_bracket(html, start) == _end_bracket_by_the_pattern(html, start), html
            start = html.find("<", start + 1)
