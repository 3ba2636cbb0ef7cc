"""Tests for newsreader.core.feeds.jsonfeed: JSON Feed 1.0 / 1.1, directly and via parse_feed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsreader.core.errors import FeedError, NotAFeedError
from newsreader.core.feeds.document import parse_feed
from newsreader.core.feeds.jsonfeed import looks_like_json_feed, parse_json_feed

URL = "https://podcast.example.vn/ban-tin-sang/feed.json"


def doc(**fields: Any) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode()


def test_json_feed_11_fixture(data_dir: Path) -> None:
    feed = parse_json_feed((data_dir / "feeds" / "podcast_jsonfeed11.json").read_bytes(), url=URL)
    assert feed.version == "json11"
    assert feed.title == "Bản tin Sáng – Tuổi Trẻ Podcast"
    assert feed.site_url == "https://podcast.example.vn/ban-tin-sang"
    assert feed.description == "Điểm tin 5 phút mỗi sáng"
    assert feed.warning == "1 malformed item(s) skipped"  # the string in "items"
    cold, storm, untitled = feed.entries

    assert cold.guid == "2026-11-26"
    assert cold.link == "https://podcast.example.vn/ban-tin-sang/2026-11-26"
    assert cold.title == "Bản tin ngày 26/11: Hà Nội đón đợt không khí lạnh đầu mùa"
    assert cold.author == "Trần Thu Hà, Vũ Đức Đam"
    assert cold.published == datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
    assert cold.updated == datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert cold.summary == "Không khí lạnh tràn về, miền Bắc chuyển rét."
    assert cold.content_html is not None and "<b>14–16 độ C</b>" in cold.content_html
    assert cold.thumbnail == "https://podcast.example.vn/anh/2026-11-26-lon.jpg"  # "image" first
    assert cold.categories == ("Thời tiết", "Hà Nội")

    assert storm.guid == "20261125"  # a numeric id becomes a string
    assert storm.link == "https://nchmf.example.gov.vn/tin-bao"  # external_url when no url
    assert storm.title == "Bản tin ngày 25/11 & dự báo bão"
    assert storm.author == "Ban Thời sự"  # feed-level authors apply to items without their own
    assert storm.summary == "Áp thấp nhiệt đới trên Biển Đông. Có khả năng mạnh lên thành bão."
    assert storm.content_html == (
        "<p>Áp thấp nhiệt đới trên Biển Đông.</p><p>Có khả năng mạnh lên thành bão.</p>"
    )
    assert (
        storm.thumbnail == "https://podcast.example.vn/ban-tin-sang/anh/bao.png"
    )  # banner, resolved
    assert storm.updated is None

    assert untitled.title == ""
    assert untitled.summary == "Không có tiêu đề, chỉ có nội dung."
    assert untitled.published is None


def test_json_feed_10_with_author_object() -> None:
    data = doc(
        version="https://jsonfeed.org/version/1",
        title="Nhật ký \u202eHà Nội",
        home_page_url="https://nhatky.example.vn/",
        author={"name": "Đỗ Thị Lan", "url": "https://nhatky.example.vn/lan"},
        items=[
            {
                "id": "https://nhatky.example.vn/1",
                "url": "/1",
                "title": "<b>Phố</b> cổ vào đông",
                "content_html": '<p><img src="/anh/pho-co.jpg">Gió mùa về trên phố cổ.</p>',
                "date_published": "2026-11-26T07:00:00+07:00",
                "tags": ["Hà Nội", 42, ""],
            }
        ],
    )
    feed = parse_json_feed(data, url="https://nhatky.example.vn/feed.json")
    assert feed.version == "json10"
    assert feed.title == "Nhật ký Hà Nội"
    (entry,) = feed.entries
    assert entry.link == "https://nhatky.example.vn/1"
    assert entry.title == "Phố cổ vào đông"
    assert entry.author == "Đỗ Thị Lan"
    assert entry.thumbnail == "https://nhatky.example.vn/anh/pho-co.jpg"  # first <img> of the body
    assert entry.summary == "Gió mùa về trên phố cổ."
    assert entry.categories == ("Hà Nội",)
    assert entry.published == datetime(2026, 11, 26, 0, 0, tzinfo=UTC)


def test_parse_feed_routes_json_feeds(data_dir: Path) -> None:
    data = (data_dir / "feeds" / "podcast_jsonfeed11.json").read_bytes()
    feed = parse_feed(data, url=URL, content_type="application/feed+json")
    assert feed.version == "json11" and len(feed.entries) == 3
    assert parse_feed(data, url=URL, content_type="text/plain").version == "json11"  # sniffed


@pytest.mark.parametrize(
    ("data", "content_type", "expected"),
    [
        (b'{"version": "https://jsonfeed.org/version/1.1"}', None, True),
        (b'\xef\xbb\xbf \n {"items": []}', "text/plain", True),
        ('{"a": 1}'.encode("utf-16"), None, True),
        (b' {"a": 1}', "application/feed+json", True),
        (b"<rss version='2.0'/>", "application/json", False),
        (b"[1, 2]", "application/json", False),
        (b"", "application/json", False),
        (b"<?xml version='1.0'?><feed/>", None, False),
        (b"plain text", "application/json; charset=utf-8", True),  # believed; fails later
    ],
)
def test_looks_like_json_feed(data: bytes, content_type: str | None, expected: bool) -> None:
    assert looks_like_json_feed(data, content_type) is expected


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', FeedError),
        (b"\xff\xfe\x00garbage", FeedError),
        (b"[]", NotAFeedError),
        (b'"just a string"', NotAFeedError),
        (b'{"rss": {"channel": {"title": "RSS in JSON"}}}', NotAFeedError),
        (b'{"version": "2.0", "title": "no jsonfeed URL and no items"}', NotAFeedError),
    ],
)
def test_json_errors(data: bytes, error: type[FeedError]) -> None:
    with pytest.raises(error) as info:
        parse_json_feed(data, url=URL)
    if error is FeedError:
        assert not isinstance(info.value, NotAFeedError)


def test_json_feed_without_items_is_an_empty_feed() -> None:
    feed = parse_json_feed(doc(version="https://jsonfeed.org/version/1.1", title="Trống"), url=URL)
    assert feed.entries == () and feed.title == "Trống" and feed.version == "json11"


def test_json_feed_with_odd_values_never_crashes() -> None:
    data = doc(
        version="https://jsonfeed.org/version/1.1",
        title=["not", "a", "string"],
        home_page_url=12,
        authors="Ban biên tập",
        items=[
            {"id": True, "url": {"x": 1}, "title": None, "tags": "một thẻ", "authors": [1, None]},
            {"id": 1.5, "date_published": "hôm qua", "image": "javascript:alert(1)"},
            {"summary": 123, "content_text": ["x"], "content_html": False},
        ],
    )
    feed = parse_json_feed(data, url=URL)
    assert feed.title is None and feed.site_url is None
    assert len(feed.entries) == 3
    first, second, third = feed.entries
    assert (
        first.guid is None and first.link is None and first.title == "" and first.categories == ()
    )
    assert first.author == "Ban biên tập"
    assert second.guid == "1.5" and second.published is None and second.thumbnail is None
    assert third.summary == "" and third.content_html is None


def test_json_feed_with_items_but_no_version_is_read() -> None:
    feed = parse_json_feed(doc(items=[{"id": "1", "title": "Tin"}]), url=URL)
    assert feed.version == "json10" and feed.entries[0].title == "Tin"


def test_future_json_feed_version() -> None:
    feed = parse_json_feed(doc(version="https://jsonfeed.org/version/1.2", items=[]), url=URL)
    assert feed.version == "json12"
