"""Search that understands Vietnamese typed with or without accent marks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsreader.core.errors import SearchQueryError
from newsreader.core.feeds.update import to_write
from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery, ParsedEntry
from newsreader.core.search import highlight_spans, make_snippet, parse_query
from newsreader.core.storage import FeedState, Storage
from tests.guards import PermissiveGuard

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)

ARTICLES = [
    # (feed, title, lead, body html, minutes ago)
    (
        "thoi-su",
        "Hà Nội đột phá hạ tầng giao thông",
        "Thành phố khởi công ba tuyến đường sắt đô thị.",
        "<p>Người dân <b>Hà Nội</b> chờ đợi tuyến đường sắt mới.</p>",
        10,
    ),
    (
        "thoi-su",
        "HÀ NỘI MƯA LỚN, NHIỀU TUYẾN PHỐ NGẬP",
        "Cơn mưa kéo dài khiến giao thông ùn tắc.",
        "<p>Nước ngập sâu tại nhiều tuyến phố.</p>",
        20,
    ),
    (
        "kinh-doanh",
        "Kinh tế quý III tăng trưởng mạnh",
        "Tổng cục Thống kê công bố số liệu kinh tế.",
        "<p>Xuất khẩu và đầu tư công là động lực chính.</p>",
        30,
    ),
    (
        "kinh-doanh",
        "Giá vàng hôm nay",
        "Vàng miếng tăng nhẹ.",
        "<p>Thị trường kinh doanh vàng sôi động; người mua xếp hàng.</p>",
        40,
    ),
    (
        "the-gioi",
        "Ấn Độ phóng tàu vũ trụ",
        "Sứ mệnh mới của cơ quan vũ trụ Ấn Độ.",
        "<p>Đây là bước đột phá của ngành hàng không vũ trụ.</p>",
        50,
    ),
    (
        "the-gioi",
        "Người Việt ở nước ngoài đón Tết",
        "Cộng đồng người Việt tổ chức lễ hội.",
        "<p>Hàng nghìn người tham dự.</p>",
        60,
    ),
]


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    storage = Storage(tmp_path / "db.sqlite3")
    folders = {"thoi-su": "VnExpress", "kinh-doanh": "VnExpress", "the-gioi": "Tuổi Trẻ"}
    feeds: dict[str, int] = {}
    for slug, folder in folders.items():
        feeds[slug] = storage.add_feed(
            f"https://vnexpress.net/rss/{slug}.rss",
            title=slug.replace("-", " ").title(),
            folder_id=storage.folder_id(folder),
            now=NOW,
        ).id
    for n, (slug, title, lead, body, ago) in enumerate(ARTICLES):
        e = ParsedEntry(
            guid=f"g{n}",
            link=f"https://vnexpress.net/{n}.html",
            title=title,
            summary=lead,
            content_html=body,
            published=NOW - timedelta(minutes=ago),
        )
        storage.store_refresh(feeds[slug], FeedState(checked=NOW), [to_write(e, NOW)], [], now=NOW)
    library = Library(storage, PermissiveGuard(), clock=lambda: NOW)
    yield library
    library.close()


def titles(lib: Library, text: str, query: ArticleQuery = ArticleQuery()) -> list[str]:
    return [h.article.title for h in lib.search(text, query)]


@pytest.mark.parametrize("text", ["dot pha", "đột phá", "ĐỘT PHÁ", "Dot Pha"])
def test_accents_are_optional(lib: Library, text: str) -> None:
    found = titles(lib, text)
    assert "Hà Nội đột phá hạ tầng giao thông" in found
    assert "Ấn Độ phóng tàu vũ trụ" in found  # matched in the body
    assert len(found) == 2


@pytest.mark.parametrize("text", ["ha noi", "Ha Noi", "HÀ NỘI", "Hà Nội"])
def test_ha_noi_any_way(lib: Library, text: str) -> None:
    assert set(titles(lib, text)) == {
        "Hà Nội đột phá hạ tầng giao thông",
        "HÀ NỘI MƯA LỚN, NHIỀU TUYẾN PHỐ NGẬP",
    }


def test_duong_and_nguoi(lib: Library) -> None:
    assert titles(lib, "duong sat") == ["Hà Nội đột phá hạ tầng giao thông"]
    assert len(titles(lib, "nguoi")) == 3  # người / Người in a title and two bodies


def test_last_word_is_a_prefix(lib: Library) -> None:
    found = titles(lib, "kinh t")
    assert "Kinh tế quý III tăng trưởng mạnh" in found
    assert (
        titles(lib, "kinh t ") == []
    )  # a finished word is a whole word ("t" alone is no word here)


def test_phrase_matches_as_phrase(lib: Library) -> None:
    assert titles(lib, '"tuyen pho"') == ["HÀ NỘI MƯA LỚN, NHIỀU TUYẾN PHỐ NGẬP"]
    assert titles(lib, '"pho tuyen"') == []


def test_title_matches_rank_first(lib: Library) -> None:
    # "kinh te" in a title beats "kinh doanh ... " bodies; the title hit comes first.
    assert titles(lib, "kinh te")[0] == "Kinh tế quý III tăng trưởng mạnh"


def test_recency_breaks_ties(lib: Library) -> None:
    hits = lib.search("vu tru")
    assert hits[0].article.title == "Ấn Độ phóng tàu vũ trụ"


@pytest.mark.parametrize(
    "text",
    ['"', "*", "-", ":", "(", ')"(*:-', "NOT", "a AND", '"unterminated', "x:y", "^", "NEAR("],
)
def test_fts_syntax_never_raises_unexpectedly(lib: Library, text: str) -> None:
    try:
        lib.search(text)
    except SearchQueryError as exc:
        assert "\n" not in str(exc) and str(exc)


def test_empty_query_is_a_clear_error(lib: Library) -> None:
    with pytest.raises(SearchQueryError, match="type a word"):
        lib.search("  *** ")


def test_filters(lib: Library) -> None:
    assert titles(lib, "nguoi", ArticleQuery(folder="Tuổi Trẻ")) == [
        "Người Việt ở nước ngoài đón Tết"
    ]
    first = lib.search("ha noi")[0].article
    assert titles(lib, "ha noi", ArticleQuery(feed_id=first.feed_id)) == titles(lib, "ha noi")
    lib.mark_read([first.id])
    assert first.title not in titles(lib, "ha noi", ArticleQuery(unread=True))
    assert titles(lib, "ha noi", ArticleQuery(saved=True)) == []
    lib.mark_saved([first.id])
    assert titles(lib, "ha noi", ArticleQuery(saved=True)) == [first.title]


def test_index_follows_updates_and_removal(lib: Library) -> None:
    hit = lib.search("gia vang")[0].article
    storage = lib.storage
    e = ParsedEntry(
        guid="g3",
        link="https://vnexpress.net/3.html",
        title="Giá bạc hôm nay",
        summary="Bạc tăng.",
        content_html="<p>Bạc.</p>",
        published=NOW,
    )
    storage.store_refresh(
        hit.feed_id or 0, FeedState(checked=NOW), [], [(hit.id, to_write(e, NOW))], now=NOW
    )
    assert titles(lib, "gia vang") == []
    assert titles(lib, "gia bac") == ["Giá bạc hôm nay"]
    lib.unsubscribe(hit.feed_id or 0)
    assert titles(lib, "gia bac") == []


def test_snippets_are_original_text(lib: Library) -> None:
    hits = lib.search("xep hang", snippets=True)
    assert hits and "xếp hàng" in hits[0].snippet


def test_parse_query_quotes_everything() -> None:
    q = parse_query('ha "noi" AND OR* x-y')
    assert q.match == '"ha" "noi" "and" "or" "x" "y"*'
    assert parse_query("đường ").match == '"duong"'


def test_make_snippet_maps_back_to_marks() -> None:
    text = "Một ngày ở Hà Nội, trời mưa và đường phố ngập nước."
    assert "đường phố" in (make_snippet(text, parse_query("duong"), width=40) or "")
    assert make_snippet(text, parse_query("khong co")) is None


def test_many_matches_rank_title_hits_first_then_newest(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsreader.core.storage import search

    ranked = titles(lib, "ha noi")
    monkeypatch.setattr(search, "_RANK_ALL_BELOW", 1)  # as if thousands matched
    tiered = lib.search("nguoi")
    # "Người Việt…" has the word in its title: first; then body/lead matches, newest first.
    assert [h.article.title for h in tiered] == [
        "Người Việt ở nước ngoài đón Tết",
        "Hà Nội đột phá hạ tầng giao thông",
        "Giá vàng hôm nay",
    ]
    assert [h.rank for h in tiered] == [-2.0, -1.0, -1.0]
    assert [
        h.article.title for h in lib.search("nguoi", limit=1, query=ArticleQuery(offset=1))
    ] == ["Hà Nội đột phá hạ tầng giao thông"]
    assert titles(lib, "nguoi", ArticleQuery(folder="VnExpress")) == [
        "Hà Nội đột phá hạ tầng giao thông",
        "Giá vàng hôm nay",
    ]
    assert set(titles(lib, "ha noi")) == set(ranked)


def test_count_and_newest_first(lib: Library) -> None:
    matching = lib.search("ha noi", limit=100)
    assert lib.count_search("ha noi") == len(matching) >= 2
    assert lib.count_search("ha noi", cap=1) == 2  # counted no further: "more than 1"
    newest = lib.search("ha noi", newest_first=True)
    assert [h.article.id for h in newest] == [
        h.article.id
        for h in sorted(matching, key=lambda h: (h.article.sort_time, h.article.id), reverse=True)
    ]
    with pytest.raises(SearchQueryError):
        lib.count_search("***")


def test_highlight_spans_fold_like_the_index() -> None:
    text = "Hà Nội: ĐỘT PHÁ hạ tầng, người dân hà nội"
    marked = [text[a : a + n] for a, n in highlight_spans(text, parse_query("ha noi"))]
    assert marked == ["Hà", "Nội", "hạ", "hà", "nội"]  # "ha" matches "hạ" in the index too
    marked = [text[a : a + n] for a, n in highlight_spans(text, parse_query("dot ph"))]
    assert marked == ["ĐỘT", "PH"]  # the last word as typed so far, a prefix
    assert highlight_spans(text, parse_query('"nguoi dan" ')) == [(25, 5), (31, 3)]
