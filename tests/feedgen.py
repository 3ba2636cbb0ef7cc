"""Small builders of Vietnamese-news-style feed documents for tests (no network, no files)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

BASE_TIME = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Item:
    title: str
    slug: str
    lead: str = "Sáng nay, người dân Hà Nội đón nhận tin vui về tuyến đường sắt đô thị."
    minutes_ago: int = 0
    guid: str | None = "link"  # "link" = same as the link, None = no guid
    image: str | None = None


def item_xml(item: Item, host: str) -> str:
    link = f"{host}/{item.slug}.html"
    guid = link if item.guid == "link" else item.guid
    when = format_datetime(BASE_TIME - timedelta(minutes=item.minutes_ago))
    img = f'<a href="{link}"><img src="{item.image}"></a></br>' if item.image else ""
    parts = [
        "<item>",
        f"<title>{escape(item.title)}</title>",
        f"<description><![CDATA[{img}{item.lead}]]></description>",
        f"<pubDate>{when}</pubDate>",
        f"<link>{escape(link)}</link>",
    ]
    if guid is not None:
        parts.append(f"<guid>{escape(guid)}</guid>")
    parts.append("</item>")
    return "\n".join(parts)


def rss(
    items: list[Item], *, host: str = "https://vnexpress.net", title: str = "Thời sự - VnExpress"
) -> bytes:
    body = "\n".join(item_xml(i, host) for i in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>{escape(title)}</title>
<link>{host}/thoi-su</link>
<description>VnExpress RSS</description>
{body}
</channel>
</rss>""".encode()


VN_ITEMS = [
    Item("Hà Nội đột phá hạ tầng đường sắt đô thị", "ha-noi-dot-pha-4954454", minutes_ago=5),
    Item(
        "Người dân TP HCM ưu tiên xe điện",
        "nguoi-dan-uu-tien-xe-dien-4954455",
        minutes_ago=30,
        lead="Nhiều người chuyển sang xe máy điện để tiết kiệm chi phí.",
    ),
    Item(
        "ĐẠI HỘI ĐẢNG: những dấu mốc lịch sử",
        "dai-hoi-dang-4954456",
        minutes_ago=90,
        lead="Các kỳ đại hội đã đánh dấu những bước ngoặt của đất nước.",
    ),
]
