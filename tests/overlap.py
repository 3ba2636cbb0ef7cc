"""Feeds that overlap like the bundled Vietnamese ones: a "latest" feed and section feeds that
carry the same stories, their links decorated differently (http/https, www., utm_* and fbclid
tracking parameters, a trailing slash), each with its own guid."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

from tests.feedgen import BASE_TIME

STORIES = {
    "gia-vang": ("Giá vàng hôm nay tăng mạnh", "Giá vàng miếng SJC tăng thêm 500.000 đồng."),
    "bong-da": ("Đội tuyển bóng đá Việt Nam thắng đậm", "Trận đấu tối qua trên sân Mỹ Đình."),
    "duong-sat": ("Hà Nội đột phá hạ tầng đường sắt", "Tuyến đường sắt đô thị số 3 về đích."),
    "xe-dien": ("Người dân ưu tiên xe điện", "Nhiều người chuyển sang xe máy điện."),
    "lai-suat": ("Lãi suất tiết kiệm giảm", "Các ngân hàng đồng loạt giảm lãi suất."),
}
# section name -> the stories it carries (the latest feed carries all of them)
SECTIONS = {
    "kinh-te": ("gia-vang", "lai-suat", "xe-dien"),
    "the-thao": ("bong-da",),
    "thoi-su": ("duong-sat", "xe-dien"),
}


def _link(slug: str, style: int) -> str:
    """The same story's link as different feeds write it."""
    return [
        f"https://vnexpress.net/{slug}-4954{len(slug)}.html",
        f"http://www.vnexpress.net/{slug}-4954{len(slug)}.html?utm_source=rss&utm_medium=feed",
        f"https://vnexpress.net/{slug}-4954{len(slug)}.html/?fbclid=abc#box_comment",
    ][style % 3]


def feed_xml(title: str, slugs: tuple[str, ...], style: int) -> bytes:
    items = []
    for n, slug in enumerate(slugs):
        headline, lead = STORIES[slug]
        link = _link(slug, style)
        when = format_datetime(BASE_TIME - timedelta(minutes=10 * (list(STORIES).index(slug))))
        items.append(
            f"<item><title>{escape(headline)}</title><link>{escape(link)}</link>"
            f"<guid isPermaLink='false'>{escape(title)}-{n}-{slug}</guid>"
            f"<description>{escape(lead)}</description><pubDate>{when}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://vnexpress.net/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def latest() -> bytes:
    return feed_xml("Tin mới nhất - VnExpress", tuple(STORIES), 0)


def section(name: str) -> bytes:
    return feed_xml(f"{name} - VnExpress", SECTIONS[name], 1 + list(SECTIONS).index(name))
