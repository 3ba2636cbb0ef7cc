"""OPML: reading real and hand-made lists, refusing unsafe ones, writing, the bundled defaults."""

from __future__ import annotations

import importlib.resources
import time
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.errors import InvalidInputError
from newsreader.core.feeds.opml import (
    OpmlDocument,
    OpmlFeed,
    OpmlSkip,
    default_feeds,
    parse_opml,
    write_opml,
)
from newsreader.core.fetch.discover import clean_label

OPML_DIR = Path(__file__).resolve().parents[2] / "data" / "opml"
REAL_WORLD = ("Subs.opml", "SubsNoTitleAttributes.opml")


def load(name: str) -> OpmlDocument:
    return parse_opml((OPML_DIR / name).read_bytes())


def opml(body: str, *, head: str = "<head><title>t</title></head>") -> bytes:
    return f'<?xml version="1.0"?>\n<opml version="2.0">{head}<body>{body}</body></opml>'.encode()


# --- reading ------------------------------------------------------------------------------------


def test_vietnamese_nested_folders_and_cleaning() -> None:
    doc = load("vn-nested.opml")
    assert doc.title == "Báo Việt Nam"  # whitespace collapsed, a C1 control dropped
    assert doc.feeds == (
        OpmlFeed(
            "https://kinhtedothi.vn/rss/home.rss",
            "Kinh tế & Đô thị",
            "https://kinhtedothi.vn/",
            None,
        ),
        # `title` wins over `text`
        OpmlFeed(
            "https://vnexpress.net/rss/thoi-su.rss",
            "Thời sự",
            "https://vnexpress.net/thoi-su",
            "Tin tức",
        ),
        # nested folders flatten to their path; a javascript: htmlUrl is dropped, not the feed
        OpmlFeed(
            "https://vnexpress.net/rss/the-gioi.rss",
            "VnExpress - Thế giới",
            None,
            "Tin tức / Thế giới",
        ),
        # lower-case attribute names and type="RSS"
        OpmlFeed(
            "https://tuoitre.vn/rss/the-gioi.rss",
            "Tuổi Trẻ - Thế giới",
            "https://tuoitre.vn/the-gioi.htm",
            "Tin tức / Thế giới / Châu Á",
        ),
        # feed:// is read as http://
        OpmlFeed("http://dantri.com.vn/rss/home.rss", "Dân trí", None, "Tin tức"),
        # NFD title made NFC, type="atom", fragment dropped
        OpmlFeed("https://thanhnien.vn/rss/kinh-te.rss", "Chứng khoán", None, "Kinh doanh"),
        # folder name and title cleaned; scheme and host lower-cased
        OpmlFeed("https://thethao.vnexpress.net/rss/bong-da.rss", "Bóng đá mới", None, "Thể thao"),
        OpmlFeed("https://vnexpress.net/rss/the-thao.rss", None, None, "Thể thao"),
    )
    for feed in doc.feeds:
        for text in (feed.title, feed.folder):
            if text is not None:
                assert unicodedata.is_normalized("NFC", text)
                assert text.isprintable() and text == text.strip()


def test_vietnamese_skips_say_why() -> None:
    skipped = load("vn-nested.opml").skipped
    assert [(s.what, s.reason) for s in skipped] == [
        ("https://VNEXPRESS.net/rss/thoi-su.rss", "a duplicate of a feed earlier in the file"),
        ("javascript:alert(document.cookie)", "not an http(s) URL (javascript:)"),
        ("file:///etc/passwd", "not an http(s) URL (file:)"),
        ("data:text/xml,<rss/>", "not an http(s) URL (data:)"),
        ("/rss/home.rss", "a relative URL (it needs http:// or https://)"),
        ("Không có địa chỉ", "no feed URL (xmlUrl is empty)"),
        ("https://example.com/more.opml", "an OPML inclusion (not followed)"),
        ("https://vnexpress.net/", "not a feed (outline type 'link')"),
    ]


@pytest.mark.parametrize("name", REAL_WORLD)
def test_real_world_lists(name: str) -> None:
    doc = load(name)
    assert doc.title == "Subs"
    assert len(doc.feeds) == 206
    # The file lists Katie Floyd twice: "http://feed.katiefloyd.com" and ".../" are one address.
    assert doc.skipped == (
        OpmlSkip("http://feed.katiefloyd.com/", "a duplicate of a feed earlier in the file"),
    )
    folders = {f.folder for f in doc.feeds}
    assert folders == {None, "Programming", "Macintosh", "Weblogs", "Writers"}
    first = doc.feeds[0]
    assert first == OpmlFeed(
        "http://daringfireball.net/feeds/main",
        "Daring Fireball",
        "http://daringfireball.net/",
        None,
    )
    by_url = {f.url: f for f in doc.feeds}
    assert by_url["http://jvns.ca/atom.xml"].site_url is None  # htmlUrl="" or missing
    assert by_url["http://corinnekrych.blogspot.com/feeds/posts/default"].title == "chat & code"
    assert by_url["http://optshiftk.com/feed/"].title == "⌥⇧K"
    assert all(f.url.startswith(("http://", "https://")) for f in doc.feeds)


def test_title_attribute_or_text_give_the_same_list() -> None:
    with_titles, text_only = (load(name) for name in REAL_WORLD)
    assert with_titles.feeds == text_only.feeds


@pytest.mark.parametrize(
    ("outline", "expected"),
    [
        ('<outline text="A" xmlUrl="feed:https://x.vn/rss"/>', "https://x.vn/rss"),
        ('<outline text="A" xmlUrl="FEED://x.vn/rss"/>', "http://x.vn/rss"),
        ('<outline text="A" xmlUrl="  https://x.vn/a b.rss  "/>', "https://x.vn/a%20b.rss"),
        ('<outline text="A" xmlUrl="https://x.vn"/>', "https://x.vn/"),
        ('<outline text="A" xmlUrl="https://user:pw@X.VN:8080/r?a=1&amp;b=2"/>', None),
        ('<outline text="A" type="rss" url="https://x.vn/rss"/>', "https://x.vn/rss"),
    ],
)
def test_feed_url_forms(outline: str, expected: str | None) -> None:
    (feed,) = parse_opml(opml(outline)).feeds
    assert feed.url == (expected or "https://user:pw@x.vn:8080/r?a=1&b=2")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "vbscript:x",
        "file:///C:/Windows/win.ini",
        "data:application/rss+xml;base64,PHJzcy8+",
        "ftp://x.vn/rss",
        "//x.vn/rss",
        "rss.xml",
        "http://",
        "https://x.vn:99999/rss",
        "feed:javascript:alert(1)",
    ],
)
def test_unsafe_or_unusable_urls_are_skipped(url: str) -> None:
    doc = parse_opml(opml(f'<outline text="A" type="rss" xmlUrl="{url}"/>'))
    assert doc.feeds == ()
    assert doc.skipped[0].what == url


def test_outline_inside_a_feed_keeps_the_feeds_folder() -> None:
    doc = parse_opml(
        opml(
            '<outline text="F"><outline text="A" xmlUrl="https://a.vn/rss">'
            '<outline text="B" xmlUrl="https://b.vn/rss"/></outline></outline>'
        )
    )
    assert [(f.url, f.folder) for f in doc.feeds] == [
        ("https://a.vn/rss", "F"),
        ("https://b.vn/rss", "F"),
    ]


def test_untitled_folder_is_transparent_and_deep_nesting_is_fine() -> None:
    deep = 3000  # deeper than Python's recursion limit
    body = (
        "<outline>" * deep + '<outline text="A" xmlUrl="https://a.vn/rss"/>' + "</outline>" * deep
    )
    doc = parse_opml(opml(body))
    assert doc.feeds == (OpmlFeed("https://a.vn/rss", "A", None, None),)


def test_no_head_no_body_and_namespaced_documents() -> None:
    assert parse_opml(b"<opml/>") == OpmlDocument(None, (), ())
    doc = parse_opml(
        b'\xef\xbb\xbf  \n<opml version="2.0" xmlns:x="urn:x"><body>'
        b'<outline text="A" xmlUrl="https://a.vn/rss" x:extra="1"/></body></opml>'
    )
    assert doc.feeds[0].url == "https://a.vn/rss"


def test_other_encodings() -> None:
    doc_utf16 = opml('<outline text="Thời sự" xmlUrl="https://a.vn/rss"/>').decode()
    data = doc_utf16.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    assert parse_opml(data.encode("utf-16")).feeds[0].title == "Thời sự"
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><opml><body><outline text="Café" xmlUrl="https://a.fr/rss"/></body></opml>'
    assert parse_opml(latin.encode("latin-1")).feeds[0].title == "Café"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n ",
        b"not xml at all",
        b"<opml><body><outline text='a'></body></opml>",  # not well-formed
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
        b"<!DOCTYPE html><html><head><title>x</title></head></html>",
        b'{"version": "https://jsonfeed.org/version/1.1"}',
        b"<opml><head><title>&nbsp;</title></head></opml>",  # undefined entity
        b"\x89PNG\r\n\x1a\n\x00\x00",
    ],
)
def test_garbage_is_refused(data: bytes) -> None:
    with pytest.raises(InvalidInputError, match=r"^not an OPML file: "):
        parse_opml(data)


@pytest.mark.parametrize("name", ["entity-expansion.opml", "external-entity.opml"])
def test_entity_declarations_are_refused(name: str) -> None:
    started = time.perf_counter()
    with pytest.raises(InvalidInputError, match="entit"):
        load(name)
    assert time.perf_counter() - started < 1


def test_parameter_entities_are_not_loaded(tmp_path: Path) -> None:
    evil = tmp_path / "evil.dtd"
    evil.write_text('<!ENTITY stolen "from a file">')
    data = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY % ext SYSTEM "{evil.as_uri()}"> %ext;]>'
        "<opml><head><title>t</title></head><body/></opml>"
    ).encode()
    with pytest.raises(InvalidInputError):
        parse_opml(data)


def test_doctype_without_entities_is_fine() -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE opml><opml><body><outline text="A" xmlUrl="https://a.vn/"/></body></opml>'
    assert len(parse_opml(data).feeds) == 1


def test_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsreader.core.feeds.opml.MAX_OPML_BYTES", 100)
    with pytest.raises(InvalidInputError, match="too large"):
        parse_opml(opml('<outline text="A" xmlUrl="https://a.vn/"/>' * 5))


def test_long_skipped_values_are_shortened() -> None:
    url = "javascript:" + "x" * 5000
    (skip,) = parse_opml(opml(f'<outline text="A" xmlUrl="{url}"/>')).skipped
    assert len(skip.what) <= 200 and skip.what.endswith("…")


# --- writing ------------------------------------------------------------------------------------


def test_write_shape() -> None:
    feeds = [
        OpmlFeed(
            "https://vnexpress.net/rss/thoi-su.rss",
            "Thời sự",
            "https://vnexpress.net/thoi-su",
            "VnExpress",
        ),
        OpmlFeed("https://kinhtedothi.vn/rss/home.rss", "Tin mới", None, None),
        OpmlFeed("https://vnexpress.net/rss/the-gioi.rss", 'A & B <"c">', None, "VnExpress"),
        OpmlFeed("https://x.vn/rss", None, None, "Khác"),
    ]
    data = write_opml(feeds, title="Đăng ký của tôi")
    assert data.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head>'
    )
    text = data.decode("utf-8")
    assert "Thời sự" in text  # UTF-8, not character references
    root = ET.fromstring(data)
    assert root.findtext("head/title") == "Đăng ký của tôi"
    body = root.find("body")
    assert body is not None
    tops = list(body)
    assert [o.get("text") for o in tops] == ["VnExpress", "Tin mới", "Khác"]
    assert [o.get("title") for o in tops[0]] == ["Thời sự", 'A & B <"c">']
    assert tops[0][0].attrib == {
        "type": "rss",
        "text": "Thời sự",
        "title": "Thời sự",
        "xmlUrl": "https://vnexpress.net/rss/thoi-su.rss",
        "htmlUrl": "https://vnexpress.net/thoi-su",
    }
    untitled = tops[2][0]
    assert untitled.get("text") == "" and "title" not in untitled.attrib
    assert "\n      <outline " in text  # pretty-printed


def test_write_is_deterministic_unless_a_date_is_asked_for() -> None:
    from datetime import UTC, datetime

    feeds = [OpmlFeed("https://a.vn/rss", "A", None, None)]
    assert write_opml(feeds) == write_opml(feeds)
    assert b"dateCreated" not in write_opml(feeds)
    dated = write_opml(feeds, created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert b"<dateCreated>Fri, 02 Jan 2026 03:04:05 +0000</dateCreated>" in dated


def test_write_drops_what_xml_cannot_carry() -> None:
    feeds = [OpmlFeed("https://a.vn/r\x00ss", "A\x01B\u202e", None, "F\x0bG")]
    doc = parse_opml(write_opml(feeds))
    assert doc.feeds == (OpmlFeed("https://a.vn/rss", "AB", None, "F G"),)  # \v is a space


@pytest.mark.parametrize("name", [*REAL_WORLD, "vn-nested.opml"])
def test_round_trip(name: str) -> None:
    doc = load(name)
    written = write_opml(doc.feeds, title=doc.title or "x")
    again = parse_opml(written)
    assert again.feeds == doc.feeds
    assert again.title == doc.title
    assert again.skipped == ()  # the duplicates were left out when the list was read
    assert write_opml(again.feeds, title=again.title or "x") == written


_text = st.text(st.characters(codec="utf-8"), max_size=40)
_folders = st.sampled_from([None, "", "VnExpress", "Tin tức", "Tin tức / Thế giới", " A\tB "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_text | st.none(), _folders | _text), max_size=12))
def test_round_trip_property(items: list[tuple[str | None, str | None]]) -> None:
    feeds = [
        OpmlFeed(f"https://x.vn/rss/{n}.rss", title, f"https://x.vn/{n}", folder)
        for n, (title, folder) in enumerate(items)
    ]
    written = write_opml(feeds)
    read = parse_opml(written)
    expected = {
        f.url: OpmlFeed(f.url, clean_label(f.title), f.site_url, clean_label(f.folder))
        for f in feeds
    }
    assert {f.url: f for f in read.feeds} == expected
    assert read.skipped == ()
    # Grouped by folder, but otherwise stable: writing what was read changes nothing.
    assert write_opml(read.feeds) == written


def test_nested_folders_written_nested() -> None:
    feeds = [
        OpmlFeed("https://a.vn/1", "1", None, "Tin tức"),
        OpmlFeed("https://a.vn/2", "2", None, "Tin tức / Thế giới"),
        OpmlFeed("https://a.vn/3", "3", None, "Tin tức"),
        OpmlFeed("https://a.vn/4", "4", None, None),
    ]
    body = ET.fromstring(write_opml(feeds)).find("body")
    assert body is not None
    (news, top_feed) = list(body)
    assert [o.get("text") for o in news] == ["1", "Thế giới", "3"]
    assert [o.get("text") for o in news[1]] == ["2"]
    assert top_feed.get("xmlUrl") == "https://a.vn/4"
    assert parse_opml(write_opml(feeds)).feeds == tuple(feeds)


# --- the bundled defaults -----------------------------------------------------------------------


def test_default_feeds() -> None:
    resource = importlib.resources.files("newsreader.resources") / "default-feeds.opml"
    assert resource.is_file()
    doc = default_feeds()
    assert doc.skipped == ()
    assert len(doc.feeds) >= 25
    folders = {f.folder for f in doc.feeds}
    assert None not in folders and len(folders) >= 4
    assert {"VnExpress", "Tuổi Trẻ", "Thanh Niên", "Dân trí", "VietnamPlus"} <= folders
    urls = [f.url for f in doc.feeds]
    assert len(urls) == len(set(urls))
    assert all(u.startswith("https://") for u in urls)
    assert all(f.title and f.site_url and f.site_url.startswith("https://") for f in doc.feeds)
    home = [f for f in doc.feeds if f.url == "https://kinhtedothi.vn/rss/home.rss"]
    assert home and home[0].title == "Tin mới"
    assert "https://vnexpress.net/rss/tin-moi-nhat.rss" in urls
    assert default_feeds() is doc  # read once


def test_default_feeds_file_has_its_evidence_comment() -> None:
    data = (importlib.resources.files("newsreader.resources") / "default-feeds.opml").read_bytes()
    head = data[:3000].decode("utf-8")
    assert "<!--" in head and "OUTLETS.md" in head


def test_skip_type_is_plain_data() -> None:
    skip = OpmlSkip("file:///etc/passwd", "not an http(s) URL (file:)")
    with pytest.raises(AttributeError):
        skip.what = "x"  # type: ignore[misc]
