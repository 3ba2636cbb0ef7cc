"""Tests for newsreader.core.feeds.parse over the hand-written fixtures in tests/data/feeds/.

The fixtures copy the structure of real Vietnamese feeds (VnExpress, Kinhtedothi, Dân trí,
Thanh Niên, Tuổi Trẻ) with text written for the tests.
"""

from __future__ import annotations

import gzip
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest

from newsreader.core.errors import FeedError, NotAFeedError
from newsreader.core.feeds.document import parse_feed
from newsreader.core.feeds.parse import clean_categories, clean_title, lead_text
from newsreader.core.models import ParsedEntry, ParsedFeed
from newsreader.core.pages.dates import VIETNAM_TZ as ICT
from newsreader.core.pages.dates import parse_date, strip_dateline
from newsreader.core.pages.htmltext import SUMMARY_MAX_CHARS, clean_text


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def load(data_dir: Path, name: str, url: str, content_type: str | None = None) -> ParsedFeed:
    return parse_feed((data_dir / "feeds" / name).read_bytes(), url=url, content_type=content_type)


def rss(items: str, channel: str = "<title>Kênh thử</title><link>https://a.vn/</link>") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"{channel}{items}</channel></rss>"
    ).encode()


def one(items: str, url: str = "https://a.vn/rss/home.rss") -> ParsedEntry:
    feed = parse_feed(rss(items), url=url)
    assert len(feed.entries) == 1
    return feed.entries[0]


# --- the fixtures, feed level -------------------------------------------------------------------

FEEDS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "vnexpress_kinh-doanh.rss",
        "https://vnexpress.net/rss/kinh-doanh.rss",
        # the channel <link> is the feed itself; the <image><link> is the site
        {"version": "rss20", "title": "Kinh doanh - VnExpress RSS", "site_url": "https://vnexpress.net",
         "description": "VnExpress RSS", "entries": 3, "warning": True},
    ),
    (
        "kinhtedothi_home.rss",
        "https://kinhtedothi.vn/rss/home.rss",
        {"version": "rss20", "title": "Báo Kinh tế & Đô thị - Tin mới nhất",
         "site_url": "https://kinhtedothi.vn", "entries": 4, "warning": False},
    ),
    (
        "dantri_xa-hoi.rss",
        "https://dantri.com.vn/rss/xa-hoi.rss",
        {"version": "rss20", "title": "Xã hội - Báo Dân trí",
         "site_url": "https://dantri.com.vn/xa-hoi.htm", "entries": 2, "warning": False},
    ),
    (
        "blog_atom10.atom",
        "https://sotay.example.vn/blog/atom.xml",
        {"version": "atom10", "title": "Sổ tay Đô thị", "site_url": "https://sotay.example.vn/blog/",
         "description": "Ghi chép về quy hoạch và giao thông Hà Nội", "entries": 2,
         "warning": False},
    ),
    (
        "tintuc_rss10.rdf",
        "https://thuvien.example.vn/rss.rdf",
        {"version": "rss10", "title": "Thư viện Khoa học Tổng hợp - Sách mới",
         "site_url": "https://thuvien.example.vn/", "entries": 2, "warning": False},
    ),
    (
        "podcast_jsonfeed11.json",
        "https://podcast.example.vn/ban-tin-sang/feed.json",
        {"version": "json11", "title": "Bản tin Sáng – Tuổi Trẻ Podcast",
         "site_url": "https://podcast.example.vn/ban-tin-sang", "entries": 3, "warning": True},
    ),
    (
        "media_rss.rss",
        "https://thanhnien.example.vn/rss/the-thao.rss",
        {"version": "rss20", "title": "Thanh Niên - Thể thao", "entries": 6, "warning": False},
    ),
    (
        "kinhtedothi_empty.rss",
        "https://kinhtedothi.vn/rss/feed/4.rss",
        {"version": "rss20", "title": "Kinh tế & Đô thị - Chứng khoán",
         "site_url": "https://kinhtedothi.vn/chung-khoan", "entries": 0, "warning": False},
    ),
    (
        "broken_but_readable.rss",
        "https://tuoitre.example.vn/rss/tin-moi-nhat.rss",
        {"version": "rss20", "title": "Tuổi Trẻ - Tin mới nhất", "entries": 2, "warning": True},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "url", "expected"), FEEDS, ids=[f[0] for f in FEEDS])
def test_fixture_feed_level(data_dir: Path, name: str, url: str, expected: dict[str, Any]) -> None:
    feed = load(data_dir, name, url)
    assert feed.version == expected["version"]
    assert feed.title == expected["title"]
    if "site_url" in expected:
        assert feed.site_url == expected["site_url"]
    if "description" in expected:
        assert feed.description == expected["description"]
    assert len(feed.entries) == expected["entries"]
    assert (feed.warning is not None) is expected["warning"]
    for entry in feed.entries:
        assert isinstance(entry.title, str)
        for when in (entry.published, entry.updated):
            assert when is None or when.utcoffset() == timedelta(0)
        assert entry.link is None or entry.link.startswith(("http://", "https://"))
        assert entry.thumbnail is None or entry.thumbnail.startswith(("http://", "https://"))
        assert "<" not in entry.summary and "\n" not in entry.summary


# --- VnExpress ----------------------------------------------------------------------------------


def test_vnexpress_entries(data_dir: Path) -> None:
    feed = load(data_dir, "vnexpress_kinh-doanh.rss", "https://vnexpress.net/rss/kinh-doanh.rss")
    first, second, third = feed.entries
    assert first.title == "Giá vàng miếng SJC lập đỉnh mới, vượt 150 triệu đồng một lượng"
    assert (
        first.guid
        == first.link
        == "https://vnexpress.net/gia-vang-mieng-sjc-lap-dinh-moi-4991201.html"
    )
    # the enclosure URL has raw "&" (not well-formed XML) and still comes out intact
    assert first.thumbnail == (
        "https://i1-vnexpress.vnecdn.net/2026/11/26/vang-sjc-1764121212-8842-1764121230.jpg"
        "?w=1200&h=0&q=100&dpr=1&fit=crop&s=Qx7Lm2Pz0aBcDeFgHiJkLw"
    )
    # the lead: no thumbnail markup, no </br>, whitespace collapsed
    assert first.summary.startswith("Sáng 26/11, giá vàng miếng SJC tăng thêm 1,2 triệu đồng")
    assert first.summary.endswith("nới rộng.")
    assert first.published == utc(2026, 11, 26, 1, 50, 31)  # 08:50:31 +0700
    assert first.updated is None  # not the published date in disguise
    assert first.author is None and first.categories == ()
    assert first.content_html is not None and "<img" in first.content_html
    # values wrapped onto their own lines (browser-view copies) are stripped
    assert second.link == "https://vnexpress.net/dong-nai-de-xuat-mo-rong-cao-toc-4991188.html"
    assert second.guid == second.link
    assert third.title == "Ngân hàng Nhà nước giữ nguyên lãi suất điều hành"
    # 2017 shape: unquoted attributes, no enclosure -> thumbnail from the description <img>
    assert third.thumbnail == (
        "https://i1-vnexpress.vnecdn.net/2026/11/25/nhnn-1764080000-1111-1764080011_180x108.jpg"
    )
    assert "3%/năm & trần lãi suất" in third.summary


# --- Kinhtedothi and Dân trí: GMT+7 dates and datelines ------------------------------------------


def test_kinhtedothi_entries(data_dir: Path) -> None:
    feed = load(data_dir, "kinhtedothi_home.rss", "https://kinhtedothi.vn/rss/home.rss")
    bridge, plan, power, traffic = feed.entries
    assert (
        bridge.guid
        == bridge.link
        == "https://kinhtedothi.vn/ha-noi-khoi-cong-cau-tran-hung-dao.html"
    )
    assert bridge.published == utc(2026, 11, 26, 1, 15)  # "GMT+7": feedparser alone gives None
    assert plan.published == utc(2026, 11, 25, 10, 30)  # "GMT+07:00"
    assert power.published == utc(2026, 11, 25, 3, 0)  # "UTC+7": feedparser alone is 7 h off
    assert traffic.published == utc(2026, 11, 24, 18, 5)  # "24/11/2026 18:05": no zone -> UTC
    assert bridge.summary.startswith("Sáng 26/11, UBND TP Hà Nội")  # "Kinhtedothi - " removed
    assert not any(e.summary.startswith("Kinhtedothi") for e in feed.entries)
    assert bridge.content_html is not None and "Kinhtedothi - Sáng 26/11" in bridge.content_html
    assert bridge.categories == ("Đô thị", "Giao thông")  # "đô thị" is a duplicate
    assert bridge.thumbnail == "https://resource.kinhtedothi.vn/2026/11/26/cau-tran-hung-dao.jpg"
    # lazy image: data-src, protocol-relative, resolved against the feed URL
    assert plan.thumbnail == "https://resource.kinhtedothi.vn/2026/11/25/quy-hoach.jpg"
    assert power.thumbnail is None


def test_dantri_entries(data_dir: Path) -> None:
    feed = load(data_dir, "dantri_xa-hoi.rss", "https://dantri.com.vn/rss/xa-hoi.rss")
    star, hotline = feed.entries
    # HTML entities inside a CDATA title are decoded once
    assert star.title == "Ngôi sao bóng đá trẻ được vinh danh tại Thủ đô"
    assert hotline.title == 'Đường dây nóng "1022" tiếp nhận 3.000 cuộc gọi'
    assert star.guid is None  # no <guid>: the update pipeline falls back to the link
    assert star.link == (
        "https://dantri.com.vn/xa-hoi/ngoi-sao-bong-da-tre-duoc-vinh-danh-20261126081500123.htm"
    )
    assert star.published == utc(2026, 11, 26, 1, 15)  # <![CDATA[... GMT+7]]>
    assert star.summary.startswith("Tối 25/11, tại Nhà hát Lớn Hà Nội")  # "(Dân trí) - " removed
    assert star.thumbnail == "https://cdn.dantri.com.vn/zoom/80_50/2026/11/26/ngoi-sao.jpg"


# --- Atom 1.0 and RSS 1.0 -----------------------------------------------------------------------


def test_atom_entries(data_dir: Path) -> None:
    feed = load(data_dir, "blog_atom10.atom", "https://sotay.example.vn/blog/atom.xml")
    metro, pavement = feed.entries
    assert metro.title == "Đường sắt đô thị Nhổn – ga Hà Nội: đoạn ngầm về đích"  # markup gone
    assert metro.guid == "tag:sotay.example.vn,2026:/blog/1042"
    assert metro.link == "https://sotay.example.vn/blog/2026/11/duong-sat-do-thi-nhon-ga-ha-noi"
    assert metro.author == "Phạm Thị Hương"  # the feed's author applies to every entry
    assert metro.published == utc(2026, 11, 26, 0, 30)
    assert metro.updated == utc(2026, 11, 26, 1, 45)
    assert metro.categories == ("Giao thông", "Đường sắt")
    assert (
        metro.summary == "Sau 3 năm thi công, đoạn tuyến ngầm dài 4 km đã hoàn thành phần kết cấu."
    )
    assert metro.content_html is not None and "Dự kiến tuyến sẽ chạy thử" in metro.content_html
    assert metro.thumbnail == "https://sotay.example.vn/blog/images/nhon-1.jpg"  # via xml:base
    assert pavement.author == "Lê Minh Đức"
    assert pavement.published == pavement.updated == utc(2026, 11, 24, 20, 0)  # only <updated>
    assert pavement.summary == "Quận Hoàn Kiếm ra quân & lập lại trật tự vỉa hè trên 20 tuyến phố."
    assert pavement.content_html is not None and "<p>" in pavement.content_html


def test_rss10_entries(data_dir: Path) -> None:
    feed = load(data_dir, "tintuc_rss10.rdf", "https://thuvien.example.vn/rss.rdf")
    history, almanac = feed.entries
    assert history.title == "Lịch sử Thăng Long – Hà Nội (tái bản lần thứ ba)"
    assert history.author == "Nguyễn Quang Ngọc"  # dc:creator
    assert history.categories == ("Lịch sử",)  # dc:subject
    assert history.published == utc(2026, 11, 20, 3, 0)  # dc:date
    assert almanac.published == utc(2026, 11, 18)  # date only
    assert almanac.guid == almanac.link == "https://thuvien.example.vn/sach/dia-chi-ha-dong"


# --- thumbnails ---------------------------------------------------------------------------------

THUMBNAILS = [
    (0, "https://images.thanhnien.example.vn/thumb/doi-tuyen.jpg"),  # media:thumbnail first
    (1, "https://images.thanhnien.example.vn/full/ban-thang.jpg"),  # media:content image, not video
    (2, "https://images.thanhnien.example.vn/full/marathon.jpg"),  # image enclosure over <img>
    (3, "https://thanhnien.example.vn/images/cau-long.jpg"),  # pixel skipped, data-src, resolved
    (4, "https://images.thanhnien.example.vn/boi-960.jpg"),  # the srcset policy's pick
    (5, None),  # only an ftp:// image
]


@pytest.mark.parametrize(("index", "expected"), THUMBNAILS)
def test_thumbnail_sources(data_dir: Path, index: int, expected: str | None) -> None:
    feed = load(data_dir, "media_rss.rss", "https://thanhnien.example.vn/rss/the-thao.rss")
    assert feed.entries[index].thumbnail == expected


def test_media_feed_details(data_dir: Path) -> None:
    feed = load(data_dir, "media_rss.rss", "https://thanhnien.example.vn/rss/the-thao.rss")
    squad = feed.entries[0]
    assert squad.guid == "185261126"
    assert squad.author == "Quốc Thắng"
    # content:encoded is the fullest HTML; the summary still comes from the description
    assert squad.content_html is not None and "hội quân vào ngày 1/12" in squad.content_html
    assert squad.summary == "HLV trưởng công bố danh sách 26 cầu thủ."
    assert feed.entries[5].link is None  # a javascript: link is no link
    assert feed.entries[5].published is None


# --- empty, web page, broken --------------------------------------------------------------------


def test_empty_channel_is_a_feed_without_entries(data_dir: Path) -> None:
    feed = load(data_dir, "kinhtedothi_empty.rss", "https://kinhtedothi.vn/rss/feed/4.rss")
    assert feed.entries == ()
    assert feed.title == "Kinh tế & Đô thị - Chứng khoán"


@pytest.mark.parametrize("content_type", [None, "text/html; charset=utf-8", "application/rss+xml"])
def test_html_page_is_not_a_feed(data_dir: Path, content_type: str | None) -> None:
    with pytest.raises(NotAFeedError, match="web page"):
        load(data_dir, "trang-chu.html", "https://kinhtedothi.vn/", content_type)


def test_broken_feed_that_still_yields_entries(data_dir: Path) -> None:
    feed = load(
        data_dir, "broken_but_readable.rss", "https://tuoitre.example.vn/rss/tin-moi-nhat.rss"
    )
    assert feed.warning is not None and "not well-formed" in feed.warning
    assert feed.entries[0].title == "Giá xăng giảm lần thứ ba liên tiếp"
    assert feed.entries[0].summary.startswith("Từ 15h chiều nay")  # "TTO - " removed
    assert feed.entries[0].link == (
        "https://tuoitre.example.vn/gia-xang-giam-lan-thu-ba-2026112609.htm"
        "?utm_source=rss&utm_medium=feed"
    )


def test_totally_broken_document(data_dir: Path) -> None:
    with pytest.raises(FeedError) as info:
        load(data_dir, "broken_total.xml", "https://example.vn/rss.xml")
    assert not isinstance(info.value, NotAFeedError)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", FeedError),
        (b"   \n\t  ", FeedError),
        (b"\x1f\x8b\x08\x00garbage", FeedError),  # damaged gzip
        (b'<?xml version="1.0"?><opml version="2.0"><body/></opml>', NotAFeedError),
        (b'<?xml version="1.0"?><catalog><book id="1"/></catalog>', NotAFeedError),
        (b'{"ok": true}', NotAFeedError),
        (b"[1, 2, 3]", FeedError),
        (b"<html><body><script>document.cookie='D1N=1';location.reload()</script>", NotAFeedError),
        (b"\x00\x01\x02\x03\xff\xfe", FeedError),
    ],
)
def test_not_feeds(data: bytes, error: type[FeedError]) -> None:
    with pytest.raises(error):
        parse_feed(data, url="https://example.vn/rss")


@pytest.mark.parametrize(
    "content_type",
    [None, "text/xml", "text/plain", "application/rss+xml", "text/xml; charset=utf-8"],
)
def test_usual_content_types_give_no_warning(data_dir: Path, content_type: str | None) -> None:
    # text/xml without a charset must not mean us-ascii (RFC 3023) for a UTF-8 Vietnamese feed
    feed = load(
        data_dir, "kinhtedothi_home.rss", "https://kinhtedothi.vn/rss/home.rss", content_type
    )
    assert feed.warning is None
    assert feed.entries[0].title == "Hà Nội khởi công cầu Trần Hưng Đạo bắc qua sông Hồng"


def test_gzip_body_is_inflated(data_dir: Path) -> None:
    raw = (data_dir / "feeds" / "kinhtedothi_home.rss").read_bytes()
    feed = parse_feed(gzip.compress(raw), url="https://kinhtedothi.vn/rss/home.rss")
    assert len(feed.entries) == 4


def test_bytes_naming_a_file_are_not_opened(tmp_path: Path) -> None:
    # feedparser.parse(b"/some/path") would read that file; parse_feed must never do that.
    target = tmp_path / "feed.xml"
    target.write_bytes(rss("<item><title>Bí mật</title></item>"))
    with pytest.raises(FeedError):
        parse_feed(str(target).encode(), url="https://example.vn/rss")


def test_unexpected_feedparser_errors_become_feed_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("invalid character reference")

    monkeypatch.setattr(feedparser, "parse", boom)
    with pytest.raises(FeedError, match="could not be read"):
        parse_feed(
            rss("<item><title>x</title></item>"), url="https://example.vn/rss", fast_path=False
        )


# --- text cleaning inside feeds -----------------------------------------------------------------


def test_titles_are_clean_plain_text() -> None:
    nfd = unicodedata.normalize("NFD", "Hà Nội mùa thu")
    entry = one(
        f"<item><title>\u202e{nfd}\u2066 \n  &lt;b&gt;Nóng:&lt;/b&gt; bão số 9</title>"
        "<category>\u202aThời sự\u202c</category><category>Thời sự</category>"
        "<author>nguyen.van.an@example.vn (Nguyễn Văn Ân)</author></item>"
    )
    assert entry.title == "Hà Nội mùa thu Nóng: bão số 9"
    assert unicodedata.is_normalized("NFC", entry.title)
    assert entry.categories == ("Thời sự",)
    assert entry.author == "Nguyễn Văn Ân"


def test_author_with_non_ascii_name_after_email() -> None:
    # feedparser splits this one wrongly ("x.io (Jonas Große"); the name must come out whole
    entry = one(
        "<item><title>t</title>"
        "<author>jonas@insanity.industries (Jonas Große Sundrup)</author></item>"
    )
    assert entry.author == "Jonas Große Sundrup"


def test_relative_links_resolve_against_the_feed_url() -> None:
    entry = one(
        "<item><title>t</title><link>/thoi-su/bai-viet.html</link>"
        '<description>&lt;img src="anh/1.jpg"&gt; Lời dẫn</description></item>',
        url="https://tuoitre.vn/rss/thoi-su.rss",
    )
    assert entry.link == "https://tuoitre.vn/thoi-su/bai-viet.html"
    assert entry.thumbnail == "https://tuoitre.vn/rss/anh/1.jpg"
    assert entry.summary == "Lời dẫn"


def test_summary_is_capped_on_a_word_boundary() -> None:
    long_lead = "Kinhtedothi - " + "Thành phố triển khai đồng bộ các giải pháp chống ùn tắc. " * 40
    entry = one(f"<item><title>t</title><description>{long_lead}</description></item>")
    assert len(entry.summary) <= SUMMARY_MAX_CHARS
    assert entry.summary.endswith("…")
    assert entry.summary.startswith("Thành phố triển khai")
    assert entry.content_html is not None and len(entry.content_html) > 2000  # kept whole


def test_plain_text_content_becomes_html() -> None:
    entry = one('<item><title>t</title><description>a &lt; b &amp;&amp; "c"</description></item>')
    assert entry.summary == 'a < b && "c"'
    assert entry.content_html is not None


def test_entry_without_anything() -> None:
    entry = one("<item></item>")
    assert entry == ParsedEntry(guid=None, link=None, title="", body_text="")


def test_guid_is_stripped() -> None:
    entry = one("<item><title>t</title><guid isPermaLink='false'>\n  abc-123 \n</guid></item>")
    assert entry.guid == "abc-123"
    assert entry.link is None  # a non-permalink guid is no link


# --- helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("  Hà   Nội \n\t ", "Hà Nội"),
        ("a\x00b\x07c\x1bd", "abcd"),
        ("trái\u202esang\u202cphải", "tráisangphải"),
        ("cô\u2066lập\u2069", "côlập"),
        ("\ufeffBOM", "BOM"),
        (unicodedata.normalize("NFD", "Đột phá Nghị quyết"), "Đột phá Nghị quyết"),
        ("dòng\r\nmới\u00a0cách", "dòng mới cách"),
        ("nửa\ud800cặp", "nửacặp"),
        ("xuống \x0b dòng \x85 dọc", "xuống dòng dọc"),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    result = clean_text(text)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("text", "html_type", "expected"),
    [
        ("AT&T và Viettel", False, "AT&T và Viettel"),
        ("Ng&ocirc;i sao &amp; &#273;&#7897;i", False, "Ngôi sao & đội"),
        ("&not here", False, "&not here"),  # not an entity without ";"
        ("<b>Nóng:</b> bão", False, "Nóng: bão"),
        ("5 < 7 và 9 > 8", False, "5 < 7 và 9 > 8"),
        ("Giá &amp;lt;100 nghìn", True, "Giá <100 nghìn"),  # double-escaped HTML title
        ("<em>Nhấn</em> mạnh", True, "Nhấn mạnh"),
    ],
)
def test_clean_title(text: str, html_type: bool, expected: str) -> None:
    assert clean_title(text, html_type=html_type) == expected


def test_clean_categories() -> None:
    assert clean_categories(
        ["Thời sự", " thời sự ", "", "Kinh tế", "<b>Kinh tế</b>", "Xã hội"]
    ) == (
        "Thời sự",
        "Kinh tế",
        "Xã hội",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kinhtedothi - Sáng 26/11, Hà Nội…", "Sáng 26/11, Hà Nội…"),
        ("Kinhtedothi– Sáng nay", "Sáng nay"),
        ("(Dân trí) - Tối 25/11", "Tối 25/11"),
        ("(Chinhphu.vn) - Thủ tướng", "Thủ tướng"),
        ("(NLĐO) - Chiều 24/11", "Chiều 24/11"),
        ("TPO - Sáng nay", "Sáng nay"),
        ("TTO - Từ 15h", "Từ 15h"),
        ("VOV.VN - Bộ Y tế", "Bộ Y tế"),
        ("VTV.vn - Bão số 9", "Bão số 9"),
        ("Hà Nội - Sáng nay", "Hà Nội - Sáng nay"),  # not a known dateline
        ("Theo Kinhtedothi - tin", "Theo Kinhtedothi - tin"),  # only at the very start
        ("TPO-2026 là mã", "TPO-2026 là mã"),
    ],
)
def test_strip_dateline(text: str, expected: str) -> None:
    assert strip_dateline(text) == expected


def test_lead_text() -> None:
    html = '<a href="/x"><img src="/x.jpg"></a></br>Kinhtedothi - Lời   dẫn &amp; tóm tắt.'
    assert lead_text(html) == "Lời dẫn & tóm tắt."
    assert lead_text("") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu, 26 Nov 2026 08:15:00 +0700", utc(2026, 11, 26, 1, 15)),
        ("Thu, 26 Nov 2026 08:15:00 GMT", utc(2026, 11, 26, 8, 15)),
        ("Thu, 26 Nov 2026 08:15:00 GMT+7", utc(2026, 11, 26, 1, 15)),
        ("Thu, 26 Nov 2026 08:15:00 GMT+07:00", utc(2026, 11, 26, 1, 15)),
        ("Thu, 26 Nov 2026 08:15:00 GMT+0700", utc(2026, 11, 26, 1, 15)),
        ("Thu, 26 Nov 2026 08:15:00 UTC+7", utc(2026, 11, 26, 1, 15)),
        ("Thu, 26 Nov 2026 08:15:00 GMT-5", utc(2026, 11, 26, 13, 15)),
        ("Thu, 26 Nov 2026 08:15:00 -0500", utc(2026, 11, 26, 13, 15)),
        ("Thu, 26 Nov 2026 08:15:00 EST", utc(2026, 11, 26, 13, 15)),
        ("Thu, 26 Nov 2026 08:15:00 ICT", utc(2026, 11, 26, 1, 15)),
        ("Thu, 26 Nov 2026 08:15:00", utc(2026, 11, 26, 8, 15)),  # no zone: UTC
        ("Thu, 26 Nov 26 08:15:00 GMT", utc(2026, 11, 26, 8, 15)),  # two-digit year
        ("2026-11-26T08:15:00+07:00", utc(2026, 11, 26, 1, 15)),
        ("2026-11-26T08:15:00Z", utc(2026, 11, 26, 8, 15)),
        ("2026-11-26T08:15:00.250Z", datetime(2026, 11, 26, 8, 15, 0, 250000, tzinfo=UTC)),
        ("2026-11-26 08:15:00", utc(2026, 11, 26, 8, 15)),
        ("2026-11-26", utc(2026, 11, 26)),
        ("26/11/2026 08:15", utc(2026, 11, 26, 8, 15)),
        ("26/11/2026", utc(2026, 11, 26)),
        ("08:15 26/11/2026", utc(2026, 11, 26, 8, 15)),
        ("26-11-2026 08:15:30", utc(2026, 11, 26, 8, 15, 30)),
        ("Thứ năm, 26/11/2026, 08:15 (GMT+7)", utc(2026, 11, 26, 1, 15)),
        ("Chủ nhật, 29/11/2026 - 20:00", utc(2026, 11, 29, 20, 0)),
        ("11/26/2026 8:15 PM", utc(2026, 11, 26, 20, 15)),  # US order is recognised
        ("  \n Thu, 26 Nov 2026 08:15:00 +0700 \n", utc(2026, 11, 26, 1, 15)),
        ("", None),
        ("không phải ngày", None),
        ("32/13/2026", None),
        ("Thu, 26 Nov 2026 08:15:00 GMT+25", None),
        ("0001-01-01T00:00:00Z", None),  # a CMS default, not a date
        ("9999-12-31T23:59:59-14:00", None),
    ],
)
def test_parse_date(text: str, expected: datetime | None) -> None:
    result = parse_date(text)
    assert result == expected
    if result is not None:
        assert result.tzinfo is UTC


def test_parse_date_assume_tz_applies_only_without_zone() -> None:
    assert parse_date("26/11/2026 08:15", assume_tz=ICT) == utc(2026, 11, 26, 1, 15)
    assert parse_date("2026-11-26T08:15:00Z", assume_tz=ICT) == utc(2026, 11, 26, 8, 15)


def test_parse_date_falls_back_to_feedparser_formats() -> None:
    # localized formats feedparser's own date parser knows (here Greek month/day names)
    assert parse_date("Κυρ, 11 Ιούλ 2004 12:00:00 EST") == utc(2004, 7, 11, 17, 0)
    assert parse_date("20261126T081500Z") == utc(2026, 11, 26, 8, 15)  # compact ISO 8601
    assert parse_date("Thu, 26 Nov 2026 08:15:00 GMT+7 (ICT)") == utc(2026, 11, 26, 1, 15)


def test_body_text_is_indexed_only_beyond_the_lead() -> None:
    lead_only = one("<item><title>t</title><description>Tin ngắn về Hà Nội.</description></item>")
    assert lead_only.body_text == ""  # the lead is indexed already
    long_text = "Nội dung đầy đủ của bài viết. " * 80
    full = one(
        "<item xmlns:content='http://purl.org/rss/1.0/modules/content/'><title>t</title>"
        f"<description>Tóm tắt.</description><content:encoded><![CDATA[<p>{long_text}</p>]]>"
        "</content:encoded></item>"
    )
    assert full.body_text is not None and full.body_text.startswith("Nội dung đầy đủ")
    long_description = one(f"<item><title>t</title><description>{long_text}</description></item>")
    assert long_description.body_text and len(long_description.body_text) > 2000
