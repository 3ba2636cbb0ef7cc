"""The lxml fast path (core/feeds/fastparse.py): taken for common feeds, same result as feedparser.

The corpus-wide differential test is tests/core/feeds/test_fastparse_corpus.py; these documents
pin the mapping rules that matter for Vietnamese news feeds and the cases the path must decline.
"""

from __future__ import annotations

import pytest

from newsreader.core.feeds.document import parse_feed
from newsreader.core.feeds.fastparse import parse_well_formed

URL = "https://vnexpress.net/rss/thoi-su.rss"

VNEXPRESS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Thời sự - VnExpress RSS</title>
  <link>https://vnexpress.net/rss/thoi-su.rss</link>
  <description>VnExpress RSS - Thời sự</description>
  <image><url>https://s.vnecdn.net/logo.gif</url><title>VnExpress</title>
    <link>https://vnexpress.net</link></image>
  <atom:link href="https://vnexpress.net/rss/thoi-su.rss" rel="self" type="application/rss+xml"/>
  <pubDate>Thu, 26 Nov 2026 08:15:00 +0700</pubDate>
  <generator>FPT</generator>
  <item>
    <title>Hà Nội &amp; TP HCM đẩy nhanh đường sắt đô thị</title>
    <description><![CDATA[<a href="/ha-noi-4000001.html"><img width=130 height=100
      src="https://i1.vnecdn.net/2026/11/26/a.jpg" ></a></br>Kinhtedothi - Sáng 26/11, hai
      thành phố thống nhất lộ trình &amp; kế hoạch vốn.]]></description>
    <pubDate>Thu, 26 Nov 2026 08:15:00 GMT+7</pubDate>
    <link>https://vnexpress.net/ha-noi-4000001.html?a=1&amp;b=2</link>
    <guid>https://vnexpress.net/ha-noi-4000001.html</guid>
    <category domain="thoi-su">Thời sự</category>
    <category>Giao thông</category>
    <slash:comments xmlns:slash="http://purl.org/rss/1.0/modules/slash/">12</slash:comments>
  </item>
  <item>
    <title><![CDATA[Giá <b>vàng</b> hôm nay]]></title>
    <description>Chỉ có chữ, không có thẻ.</description>
    <guid>/kinh-te/gia-vang-4000002.html</guid>
    <author>bandoc@vnexpress.net (Bạn Đọc)</author>
    <dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Minh Anh</dc:creator>
    <dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2026-11-26T01:00:00Z</dc:date>
    <enclosure url="https://i1.vnecdn.net/b.png" type="image/png" length="0"/>
    <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[
      <p>Đoạn một <a href="/lien-quan.html">liên quan</a>.</p><p>Đoạn hai.</p>]]></content:encoded>
  </item>
  <item>
    <title>Không có liên kết</title>
    <guid isPermaLink="false">vne-4000003</guid>
    <description>Tin ngắn</description>
  </item>
</channel>
</rss>
""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Tu&amp;ocirc;i Trẻ &lt;b&gt;Online&lt;/b&gt;</title>
  <subtitle>Tin tức</subtitle>
  <id>tag:tuoitre.vn,2026:feed</id>
  <link rel="self" href="/rss/atom.xml"/>
  <link rel="alternate" type="text/html" href="https://tuoitre.vn/"/>
  <author><name>Tòa soạn</name><email>toasoan@tuoitre.vn</email></author>
  <updated>2026-11-26T08:00:00+07:00</updated>
  <entry>
    <title>Bài một</title>
    <id>https://tuoitre.vn/bai-mot.htm</id>
    <link href="/bai-mot.htm"/>
    <published>2026-11-26T07:00:00+07:00</published>
    <updated>2026-11-26T07:30:00+07:00</updated>
    <summary type="html">&lt;img src="/anh.jpg"&gt;Tóm tắt &lt;i&gt;bài một&lt;/i&gt;</summary>
    <content type="html">&lt;p&gt;Nội dung đầy đủ&lt;/p&gt;&lt;img src="anh2.jpg"/&gt;</content>
    <category term="thoi-su" label="Thời sự"/>
  </entry>
  <entry>
    <title type="text">Bài hai: a &lt; b</title>
    <id>urn:uuid:2</id>
    <updated>2026-11-26T06:00:00Z</updated>
    <author><name>An</name></author>
    <author><name>Bình</name><uri>/tac-gia/binh</uri></author>
    <content type="text">Dòng một

Dòng hai</content>
  </entry>
</feed>
""".encode()


@pytest.mark.parametrize("document", [VNEXPRESS, ATOM], ids=["rss", "atom"])
@pytest.mark.parametrize("content_type", [None, "application/rss+xml; charset=UTF-8", "text/xml"])
def test_fast_path_is_taken_and_gives_what_feedparser_gives(
    document: bytes, content_type: str | None
) -> None:
    fast = parse_well_formed(document, url=URL, content_type=content_type)
    assert fast is not None
    assert fast == parse_feed(document, url=URL, content_type=content_type, fast_path=False)
    assert fast == parse_feed(document, url=URL, content_type=content_type)
    assert len(fast.entries) in (2, 3)


def test_what_the_mapping_keeps() -> None:
    feed = parse_well_formed(VNEXPRESS, url=URL, content_type=None)
    assert feed is not None
    first, second, third = feed.entries
    assert feed.site_url == "https://vnexpress.net"  # <link> is the feed itself: <image><link>
    assert first.link == "https://vnexpress.net/ha-noi-4000001.html?a=1&b=2"
    assert first.thumbnail == "https://i1.vnecdn.net/2026/11/26/a.jpg"
    assert first.summary.startswith("Sáng 26/11")  # the dateline is gone
    assert (
        first.published is not None and first.published.isoformat() == "2026-11-26T01:15:00+00:00"
    )
    assert first.categories == ("Thời sự", "Giao thông")
    assert second.guid == "https://vnexpress.net/kinh-te/gia-vang-4000002.html"  # a permalink
    assert second.link == second.guid
    assert second.title == "Giá vàng hôm nay"
    assert second.author == "Bạn Đọc, Minh Anh"
    assert second.thumbnail == "https://i1.vnecdn.net/b.png"
    assert second.content_html is not None and 'href="https://vnexpress.net/lien-quan.html"' in (
        second.content_html
    )
    assert third.guid == "vne-4000003" and third.link is None


DECLINED = {
    "media RSS": VNEXPRESS.replace(
        b"<category>Giao",
        b'<media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="https://x/a.jpg"/>'
        b"<category>Giao",
    ),
    "another encoding": VNEXPRESS.replace(b"UTF-8", b"ISO-8859-1", 1)
    .decode()
    .encode("utf-8", "replace"),
    "a DTD": VNEXPRESS.replace(b"<rss", b"<!DOCTYPE rss>\n<rss", 1),
    "xml:base": ATOM.replace(b"<entry>", b'<entry xml:base="https://tuoitre.vn/x/">', 1),
    "XHTML content": ATOM.replace(
        b'<content type="text">',
        b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">x</div></content>'
        b'<rights type="text">',
    ),
    "a repeated title": VNEXPRESS.replace(b"<title>Kh", b"<title>A</title><title>Kh"),
    "RSS 0.91": VNEXPRESS.replace(b'version="2.0"', b'version="0.91"'),
    "markup in a title": VNEXPRESS.replace(b"<title>Kh", b"<title><b>x</b>Kh"),
    "not well-formed": VNEXPRESS.replace(b"?a=1&amp;b=2", b"?a=1&b=2"),
    "an unknown element": VNEXPRESS.replace(b"<category>Giao", b"<foo>1</foo><category>Giao"),
}


@pytest.mark.parametrize("name", list(DECLINED))
def test_fast_path_declines_what_it_does_not_map(name: str) -> None:
    document = DECLINED[name]
    assert parse_well_formed(document, url=URL, content_type=None) is None
    parse_feed(document, url=URL)  # feedparser still reads it


def test_a_charset_other_than_utf8_is_declined() -> None:
    assert parse_well_formed(VNEXPRESS, url=URL, content_type="text/xml; charset=latin-1") is None
    assert parse_well_formed(VNEXPRESS, url=URL, content_type="text/html") is None


def test_a_fast_path_bug_falls_back_to_feedparser(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsreader.core.feeds import fastparse

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(fastparse, "parse_well_formed", boom)
    assert parse_feed(VNEXPRESS, url=URL) == parse_feed(VNEXPRESS, url=URL, fast_path=False)


def test_a_printable_text_has_no_c1_control() -> None:
    # what lets the fast path skip its search for C1 controls in a printable value
    assert not any(chr(code).isprintable() for code in range(0x80, 0xA0))
    c1 = "<p>Gi\x80 \x93x\x94</p>"
    feed = (
        '<rss version="2.0"><channel><title>T</title><item><title>A</title>'
        f"<description><![CDATA[{c1}]]></description></item></channel></rss>"
    ).encode()
    fast = parse_well_formed(feed, url="http://a.vn/f.xml", content_type=None)
    slow = parse_feed(feed, url="http://a.vn/f.xml", fast_path=False)
    assert fast is not None
    assert fast.entries[0].content_html == slow.entries[0].content_html
    assert "€" in (fast.entries[0].content_html or "")
