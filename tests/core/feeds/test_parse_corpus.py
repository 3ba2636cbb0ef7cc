"""parse_feed over the shared real-world corpus (../shared/corpus, ~2,400 files).

Every file -- feeds, broken feeds, web pages, OPML, binary encodings, even the READMEs -- must
either give a ParsedFeed that keeps parse's promises or raise FeedError/NotAFeedError; nothing
else may escape. The tests are grouped by directory so a failure points at the right place and
the whole run stays within a few seconds.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest

from newsreader.core.errors import FeedError, NotAFeedError
from newsreader.core.feeds.document import parse_feed
from newsreader.core.models import ParsedFeed
from newsreader.core.pages.htmltext import SUMMARY_MAX_CHARS

pytestmark = pytest.mark.corpus

# (directory relative to the corpus, recursive?); "." non-recursive = the README/MANIFEST files
# at the top of each corpus (collected by the "docs" group).
GROUPS: dict[str, tuple[str, bool]] = {
    "feedparser-wellformed": ("feedparser-tests/wellformed", True),
    "feedparser-encoding": ("feedparser-tests/encoding", True),
    "feedparser-entities": ("feedparser-tests/entities", True),
    "feedparser-illformed": ("feedparser-tests/illformed", True),
    "feedparser-compression": ("feedparser-tests/compression", True),
    "feedparser-http": ("feedparser-tests/http", True),
    "feedparser-main-delta": ("feedparser-tests/_main_delta", True),
    "world-feeds": ("world/feeds", True),
    "world-html": ("world/html-discovery", True),
    "world-opml": ("world/opml", True),
    "vn-feeds": ("vn/feeds", True),
    "vn-articles": ("vn/articles", True),
    "vn-listing-pages": ("vn/listing-pages", True),
    # Real documents saved from the outlets over the years (see vn-real/MANIFEST.md).
    "vn-real-vnexpress": ("vn-real/vnexpress", True),
    "vn-real-dantri": ("vn-real/dantri", True),
    "vn-real-vietnamnet": ("vn-real/vietnamnet", True),
    "vn-real-kinhtedothi": ("vn-real/kinhtedothi", True),
    "docs": (".", False),
}

_HEADER_CTYPE = re.compile(rb"^Header:\s*Content-type:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def group_files(corpus: Path, group: str) -> list[Path]:
    directory, recursive = GROUPS[group]
    if not recursive:  # the loose files at the top of each corpus
        return sorted(
            p for root in corpus.iterdir() if root.is_dir() for p in root.iterdir() if p.is_file()
        )
    return sorted(p for p in (corpus / directory).rglob("*") if p.is_file())


def content_type_of(data: bytes) -> str | None:
    """feedparser's own tests declare HTTP headers in a comment ("Header: Content-type: ...")."""
    match = _HEADER_CTYPE.search(data[:2048])
    return match.group(1).decode("latin-1") if match else None


@functools.cache
def check(path: Path, corpus: Path) -> tuple[str, str | None]:
    """Parse one file; return (outcome, problem or None)."""
    data = path.read_bytes()
    url = "https://corpus.example/" + path.relative_to(corpus).as_posix()
    try:
        feed = parse_feed(data, url=url, content_type=content_type_of(data))
    except NotAFeedError:
        return "not-a-feed", None
    except FeedError:
        return "feed-error", None
    except Exception as exc:  # the one thing that must never happen
        return "crash", f"{type(exc).__name__}: {exc}"
    problem = invariant_problem(feed)
    return ("entries" if feed.entries else "empty"), problem


def invariant_problem(feed: ParsedFeed) -> str | None:
    if not isinstance(feed, ParsedFeed):
        return f"returned {type(feed).__name__}"
    for text in (feed.title, feed.description):
        if text is not None and (
            _CONTROL.search(text) or not unicodedata.is_normalized("NFC", text)
        ):
            return f"unclean feed text {text!r}"
    if feed.site_url is not None and not feed.site_url.startswith(("http://", "https://")):
        return f"site_url {feed.site_url!r}"
    for entry in feed.entries:
        if not isinstance(entry.title, str) or _CONTROL.search(entry.title):
            return f"title {entry.title!r}"
        if not unicodedata.is_normalized("NFC", entry.title):
            return f"title not NFC {entry.title!r}"
        for when in (entry.published, entry.updated):
            if when is not None and when.utcoffset() != timedelta(0):
                return f"date not aware UTC {when!r}"
        for url in (entry.link, entry.thumbnail):
            if url is not None and not url.startswith(("http://", "https://")):
                return f"URL {url!r}"
        if not isinstance(entry.summary, str) or len(entry.summary) > SUMMARY_MAX_CHARS:
            return f"summary length {len(entry.summary)}"
        if "\n" in entry.summary or _CONTROL.search(entry.summary):
            return f"summary not one clean line {entry.summary[:60]!r}"
        if entry.content_html is not None and not isinstance(entry.content_html, str):
            return f"content_html {type(entry.content_html).__name__}"
        if entry.guid is not None and (not entry.guid or entry.guid != entry.guid.strip()):
            return f"guid {entry.guid!r}"
        if not all(isinstance(c, str) and c and not _CONTROL.search(c) for c in entry.categories):
            return f"categories {entry.categories!r}"
        if entry.author is not None and (not entry.author or _CONTROL.search(entry.author)):
            return f"author {entry.author!r}"
    return None


@pytest.mark.parametrize("group", list(GROUPS))
def test_corpus_group_parses_or_fails_cleanly(shared_corpus: Path, group: str) -> None:
    files = group_files(shared_corpus, group)
    assert files, f"no files in {group}"
    problems = []
    for path in files:
        outcome, problem = check(path, shared_corpus)
        if problem is not None:
            problems.append(f"{path.relative_to(shared_corpus)} [{outcome}]: {problem}")
    assert not problems, "\n".join(problems[:25])


def test_groups_cover_the_whole_corpus(shared_corpus: Path) -> None:
    covered = {p for group in GROUPS for p in group_files(shared_corpus, group)}
    every = {p for p in shared_corpus.rglob("*") if p.is_file()}
    assert every - covered == set()
    assert len(every) >= 2400


def test_world_feeds_mostly_parse(shared_corpus: Path) -> None:
    outcomes = [check(p, shared_corpus)[0] for p in group_files(shared_corpus, "world-feeds")]
    # 143 documents feedparser recognises + 15 JSON Feeds; a handful are deliberately broken
    assert outcomes.count("entries") >= 150, outcomes
    assert "crash" not in outcomes


@pytest.mark.parametrize("group", ["world-html", "world-opml", "vn-articles", "vn-listing-pages"])
def test_pages_and_lists_are_not_feeds(shared_corpus: Path, group: str) -> None:
    for path in group_files(shared_corpus, group):
        if path.suffix == ".json":  # fundus' expected-output files next to the article page
            continue
        with pytest.raises(NotAFeedError):
            parse_feed(path.read_bytes(), url="https://corpus.example/" + path.name)


VNEXPRESS_2017 = [
    "vnexpress_tin-moi-nhat_2017-02-18_browserview.xml",
    "vnexpress_thoi-su_2017-03-25_browserview.xml",
    "vnexpress_tin-moi-nhat_2017-07-26_browserview.xml",
    "vnexpress_tin-moi-nhat_2017-08-30_browserview.xml",
]


@pytest.mark.parametrize("name", VNEXPRESS_2017)
def test_vnexpress_2017_feeds(shared_corpus: Path, name: str) -> None:
    data = (shared_corpus / "vn" / "feeds" / "vnexpress" / name).read_bytes()
    feed = parse_feed(data, url="https://vnexpress.net/rss/tin-moi-nhat.rss")
    assert feed.version == "rss20" and feed.title and feed.title.endswith("VnExpress RSS")
    assert feed.site_url == "http://vnexpress.net"  # from <image><link>; <link> is the feed itself
    assert len(feed.entries) == 25
    for entry in feed.entries:
        assert entry.title and entry.title == entry.title.strip()
        assert entry.guid == entry.link  # wrapped on their own lines in the file, stripped here
        assert entry.link is not None and re.fullmatch(r"http://\S+-\d{7}\.html", entry.link)
        assert entry.thumbnail is not None and entry.thumbnail.startswith(("http://", "https://"))
        assert re.search(r"_180x108\.(?:jpe?g|png)$", entry.thumbnail), entry.thumbnail
        assert len(entry.summary) > 40 and "<" not in entry.summary and "img" not in entry.summary
        assert entry.published is not None and entry.published.utcoffset() == timedelta(0)


def test_vnexpress_2025_feed_with_raw_ampersands(shared_corpus: Path) -> None:
    path = shared_corpus / "vn" / "feeds" / "vnexpress" / "vnexpress_the-gioi_2025-02-06_1item.xml"
    feed = parse_feed(path.read_bytes(), url="https://vnexpress.net/rss/the-gioi.rss")
    assert feed.warning is not None  # not well-formed: raw "&" in the enclosure URL
    (entry,) = feed.entries
    assert entry.title == "Israel nối gót Mỹ rời Hội đồng Nhân quyền LHQ"
    assert entry.thumbnail == (
        "https://i1-vnexpress.vnecdn.net/2025/02/06/afp-20250123-36vm3wf-v1-highre-6597-7613-"
        "1738846835.jpg?w=1200&h=0&q=100&dpr=1&fit=crop&s=EZLAecVUZhLBSg818oeXbA"
    )
    assert entry.summary == (
        "Ngoại trưởng Israel cho biết nước này sẽ rút khỏi Hội đồng Nhân quyền Liên Hợp Quốc, "
        "hưởng ứng quyết định tương tự của Mỹ."
    )
    assert (
        entry.published is not None and entry.published.isoformat() == "2025-02-06T13:30:48+00:00"
    )


def test_real_vnexpress_feed_gives_its_items(shared_corpus: Path) -> None:
    path = shared_corpus / "vn-real/vnexpress/feed_tin-moi-nhat_2025-09-07_reserialized.rss"
    feed = parse_feed(path.read_bytes(), url="https://vnexpress.net/rss/tin-moi-nhat.rss")
    assert len(feed.entries) >= 20
    assert all(e.link and e.link.startswith("https://vnexpress.net/") for e in feed.entries)
    assert all(e.published is not None for e in feed.entries)


def test_real_pages_are_not_feeds(shared_corpus: Path) -> None:
    pages = [p for p in (shared_corpus / "vn-real").rglob("*.html")]
    assert len(pages) >= 10
    assert {check(p, shared_corpus)[0] for p in pages} <= {"not-a-feed", "feed-error", "empty"}
