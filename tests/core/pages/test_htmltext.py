"""Tests for newsreader.core.pages.htmltext: plain text and the first image of HTML fragments."""

from __future__ import annotations

import random
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsreader.core.pages import htmltext
from newsreader.core.pages.htmltext import (
    MarkupEvent,
    absolute_http_url,
    clean_text,
    first_image,
    html_to_text,
    simple_markup_events,
    text_and_image,
    truncate_text,
)
from tests.corpus_fragments import corpus_fragments
from tests.html_fuzz import fragment


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("", ""),
        ("Chỉ có chữ", "Chỉ có chữ"),
        ("<p>Đoạn một.</p><p>Đoạn hai.</p>", "Đoạn một.\n\nĐoạn hai."),
        ("Dòng một<br>Dòng hai<br/>Dòng ba", "Dòng một\nDòng hai\nDòng ba"),
        # VnExpress: <a><img></a></br>lead -- the image gives no text, </br> is a line break
        ('<a href="https://vnexpress.net/a.html"><img src="x.jpg"></a></br>Lời dẫn.', "Lời dẫn."),
        ("Giá &amp; lãi suất &ocirc; &#273;&#x1EA1;i", "Giá & lãi suất ô đại"),
        ("  nhiều    khoảng\n\n trắng\t ở   đây ", "nhiều khoảng trắng ở đây"),
        ("<div>Khối</div><div>Khối nữa</div>", "Khối\nKhối nữa"),
        ("<script>alert('x')</script><style>p{}</style>Nội dung", "Nội dung"),
        ("<ul><li>Một</li><li>Hai</li></ul>", "Một\nHai"),
        ("<p>Chưa đóng <b>thẻ", "Chưa đóng thẻ"),
        ("<h2>Tiêu đề</h2>Thân bài", "Tiêu đề\n\nThân bài"),
        ("a < b và c > d", "a < b và c > d"),
        ("<pre>mã   nguồn\n  thụt lề</pre>", "mã nguồn\nthụt lề"),
        ("<!-- chú thích -->Văn bản", "Văn bản"),
        ("<svg><text>vẽ</text></svg>Hình", "Hình"),
    ],
)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_html_to_text_max_chars_cuts_on_a_word_boundary() -> None:
    words = "Hà Nội đón đợt không khí lạnh đầu mùa, nhiệt độ giảm sâu " * 30
    text = html_to_text(f"<p>{words}</p>", max_chars=100)
    assert len(text) <= 100
    assert text.endswith("…")
    assert words.startswith(text[:-1])
    assert words[len(text) - 1] in " ,"  # the cut fell between words


def test_html_to_text_stops_early_on_huge_input() -> None:
    html = "<p>" + "chữ " * 500_000 + "</p>"
    text = html_to_text(html, max_chars=50)
    assert len(text) <= 50


def test_html_to_text_never_raises_on_garbage() -> None:
    for junk in ("<", "<<>>", "</", "<a href='", "&#99999999999;", "<![CDATA[x", "\x00<p\x00>"):
        assert isinstance(html_to_text(junk), str)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("ngắn", 10, "ngắn"),
        ("một hai ba bốn năm", 12, "một hai ba…"),
        ("mộthaibabốnnăm", 6, "mộtha…"),  # no space: cut inside the word
        ("một hai, ba", 9, "một hai…"),  # trailing punctuation dropped before "…"
        ("bất kỳ", 0, ""),
    ],
)
def test_truncate_text(text: str, limit: int, expected: str) -> None:
    assert truncate_text(text, limit) == expected


BASE = "https://kinhtedothi.vn/rss/home.rss"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<img src="https://a.vn/1.jpg">', "https://a.vn/1.jpg"),
        ("<IMG SRC=https://a.vn/2.jpg width=130 height=100 >", "https://a.vn/2.jpg"),
        ("<img src='https://a.vn/3.jpg' />", "https://a.vn/3.jpg"),
        ('<img src="/anh/4.jpg">', "https://kinhtedothi.vn/anh/4.jpg"),
        ('<img src="//resource.kinhtedothi.vn/5.jpg">', "https://resource.kinhtedothi.vn/5.jpg"),
        # lazy images: the real URL is in data-src, src is a 1x1 placeholder
        (
            '<img src="data:image/gif;base64,R0lGOD" data-src="https://a.vn/6.jpg">',
            "https://a.vn/6.jpg",
        ),
        ('<img data-original="https://a.vn/7.jpg" src="/blank.gif">', "https://a.vn/7.jpg"),
        ('<img srcset="https://a.vn/8-480.jpg 480w, https://a.vn/8-960.jpg 960w">', "https://a.vn/8-960.jpg"),
        ('<img src="data:image/png;base64,AAA" data-srcset="/9.jpg 1x, /9@2x.jpg 2x">', "https://kinhtedothi.vn/9@2x.jpg"),
        # entities in attributes are decoded (feedparser re-serializes raw & as &amp;)
        ('<img src="https://a.vn/10.jpg?w=1200&amp;h=0&amp;q=100">', "https://a.vn/10.jpg?w=1200&h=0&q=100"),
        # tracking pixels, feed flare and emoji are skipped in favour of the next image
        ('<img src="https://a.vn/p.gif" width="1" height="1"><img src="https://a.vn/11.jpg">', "https://a.vn/11.jpg"),
        ('<img src="https://feeds.feedburner.com/~r/x/~4/abc"><img src="https://a.vn/12.jpg">', "https://a.vn/12.jpg"),
        ('<img src="https://s.w.org/images/core/emoji/14/72x72/1f600.png"><img src="/13.jpg">', "https://kinhtedothi.vn/13.jpg"),
        ("<p>Không có ảnh</p>", None),
        ("", None),
        ('<img src="ftp://a.vn/x.jpg">', None),
        ('<img src="javascript:alert(1)">', None),
        ('<img alt="không có nguồn">', None),
    ],
)  # fmt: skip
def test_first_image(html: str, expected: str | None) -> None:
    assert first_image(html, BASE) == expected


def test_first_image_without_base_keeps_only_absolute_urls() -> None:
    assert first_image('<img src="/tuong-doi.jpg">') is None
    assert first_image('<img src="https://a.vn/tuyet-doi.jpg">') == "https://a.vn/tuyet-doi.jpg"


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        (None, None, None),
        ("", BASE, None),
        ("\nhttps://vnexpress.net/a.html\n", None, "https://vnexpress.net/a.html"),
        ("  /b.html ", BASE, "https://kinhtedothi.vn/b.html"),
        ("https://a.vn/có dấu cách.jpg", None, "https://a.vn/có%20dấu%20cách.jpg"),
        ("mailto:toa-soan@kinhtedothi.vn", None, None),
        ("data:image/gif;base64,R0l", BASE, None),
        ("HTTP://Example.VN/Anh.jpg", None, "http://Example.VN/Anh.jpg"),
        ("http://[::1", None, None),  # a malformed URL is None, never an exception
        ("https://", None, None),
    ],
)
def test_absolute_http_url(url: str | None, base: str | None, expected: str | None) -> None:
    assert absolute_http_url(url, base) == expected


# --- text_and_image: the one-pass reading, held to html_to_text and first_image ----------------

_LIMITS = ((2400, 20_000), (2400,), (None,), (10, 50, None))
_IMAGE_BASES = ("https://vnexpress.net/rss/a.rss", None)


def _assert_one_pass_reads_as_three(
    html: str, limits: tuple[int | None, ...], base: str | None, *, without_image: bool = True
) -> None:
    texts, image = text_and_image(html, limits, base)
    assert texts == [html_to_text(html, max_chars=m) for m in limits], (html, limits)
    assert image == first_image(html, base), (html, base)
    if without_image:
        assert text_and_image(html, limits, base, image=False) == (texts, None)


def test_text_and_image_of_a_vnexpress_description() -> None:
    html = (
        '<a href="https://vnexpress.net/a.html"><img width=130 height=100 src="/i/3.png" ></a>'
        "</br>Lời dẫn &amp; tin. " * 3
    )
    texts, image = text_and_image(html, (20, None), "https://vnexpress.net/rss/a.rss")
    assert texts == ["Lời dẫn & tin.\nLời…", "Lời dẫn & tin.\nLời dẫn & tin.\nLời dẫn & tin."]
    assert image == "https://vnexpress.net/i/3.png"
    _assert_one_pass_reads_as_three(html, (20, None), "https://vnexpress.net/rss/a.rss")


def test_text_and_image_when_the_image_comes_after_the_text_limit() -> None:
    html = "<p>" + "chữ " * 2000 + '</p><img src="http://a.vn/1.png">' + "thêm " * 10
    _assert_one_pass_reads_as_three(html, (2400, 20_000), None)
    _assert_one_pass_reads_as_three(html, (10,), None)


@pytest.mark.corpus
def test_text_and_image_reads_every_corpus_fragment_as_the_three_passes(
    shared_corpus: Path,
) -> None:
    fragments = corpus_fragments(shared_corpus)
    assert len(fragments) > 1000
    pages = [p.read_text("utf-8", "replace") for p in sorted(shared_corpus.rglob("*.html"))]
    for index, html in enumerate([*fragments, *pages]):
        _assert_one_pass_reads_as_three(
            html, _LIMITS[index % len(_LIMITS)], _IMAGE_BASES[index % 2]
        )


def test_text_and_image_reads_generated_fragments_as_the_three_passes() -> None:
    rng = random.Random(20261207)
    for index in range(100_000):
        html = fragment(rng)
        _assert_one_pass_reads_as_three(
            html, rng.choice(_LIMITS), rng.choice(_IMAGE_BASES), without_image=index % 10 == 0
        )


class _Recorder(HTMLParser):
    """HTMLParser's calls, as simple_markup_events gives them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[MarkupEvent] = []

    def handle_data(self, data: str) -> None:
        self.events.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("<", tag, attrs if tag == "img" else []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("/", tag, attrs if tag == "img" else []))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("", tag, []))


def _recorded(html: str) -> list[MarkupEvent]:
    recorder = _Recorder()
    recorder.feed(html)
    recorder.close()
    return recorder.events


def test_simple_markup_events_are_htmlparsers() -> None:
    rng = random.Random(11)
    taken = 0
    for _ in range(100_000):
        html = fragment(rng)
        events = simple_markup_events(html)
        if events is not None:
            taken += 1
            assert events == _recorded(html), html
    assert taken > 10_000
    description = '<a href="/a"><img width=130 src="/i.png" ></a></br>Lời &amp; dẫn'
    assert simple_markup_events(description) == _recorded(description)
    for html in ("a < b", "<!-- c -->x", "<script>x</script>", "<p a=b=c>", "<img src='<'>"):
        assert simple_markup_events(html) is None, html


@pytest.mark.corpus
def test_simple_markup_events_of_the_corpus_are_htmlparsers(shared_corpus: Path) -> None:
    taken = 0
    for html in corpus_fragments(shared_corpus):
        events = simple_markup_events(html)
        if events is not None:
            taken += 1
            assert events == _recorded(html), html
    assert taken > 300


def _clean_text_as_before(text: str) -> str:
    """clean_text as it was before the printable-text shortcut (the oracle)."""
    if not text:
        return ""
    text = " ".join(text.split())
    text = re.sub("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]+", "", text)
    text = re.sub(" {2,}", " ", text)
    return unicodedata.normalize("NFC", text).strip()


def test_clean_text_is_what_it_was() -> None:
    rng = random.Random(3)
    alphabet = (
        "a", "Đ", "ạ", "e\u0301", " ", "  ", "\t", "\n", "\x00", "\x07", "\x1f", "\x7f", "\x85",
        "\x9f", "\xa0", "\u2003", "\u200b", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff",
        "\ud800", "\u2028", "\U0001f600", "\ue000", "\u0378", "\n\n", "\n\n\n", " \n",
    )  # fmt: skip
    for _ in range(100_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert clean_text(text) == _clean_text_as_before(text), repr(text)


# --- the whitespace shortcuts against the code they shortcut -------------------------------------


def _collapse_before(data: str) -> str:
    """htmltext._collapse before its printable-text shortcut (the oracle)."""
    words = data.split()
    if not words:
        return " " if data else ""
    core = " ".join(words)
    if data[0].isspace():
        core = " " + core
    if data[-1].isspace():
        core += " "
    return core


def _assemble_before(parts: list[str]) -> str:
    """htmltext._assemble before its shortcut (the oracle)."""
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    return (re.sub(r"\n{3,}", "\n\n", text) if "\n\n\n" in text else text).strip()


def test_the_only_printable_whitespace_is_the_space() -> None:
    # what the shortcuts of _collapse, _assemble and clean_text rest on
    for code in range(0x110000):
        ch = chr(code)
        assert not (ch.isspace() and ch.isprintable()) or ch == " ", hex(code)
        for text in (ch, " a" + ch + "b\nĐ"):
            assert htmltext._collapse(text) == _collapse_before(text), hex(code)
            assert htmltext._assemble([text]) == _assemble_before([text]), hex(code)


_SPACY = (
    "a", "Đ", "ạ", " ", "  ", "\n", "\n\n", "\n\n\n", " \n", "\n ", "\t", "\r", "\x0b", "\x0c",
    "\x1c", "\x85", "\xa0", "\u2003", "\u2028", "\u2029", "\u3000", "\u200b", "\x00", "…",
)  # fmt: skip


def test_whitespace_shortcuts_of_random_texts_are_as_before() -> None:
    rng = random.Random(20261208)
    for _ in range(100_000):
        parts = [
            "".join(rng.choice(_SPACY) for _ in range(rng.randint(0, 6)))
            for _ in range(rng.randint(0, 4))
        ]
        text = "".join(parts)
        assert htmltext._collapse(text) == _collapse_before(text), repr(text)
        assert htmltext._assemble(parts) == _assemble_before(parts), repr(parts)
        assert clean_text(text) == _clean_text_as_before(text), repr(text)


def _parts(html: str) -> list[str]:
    handler = htmltext._TextParser(None)
    handler.feed(html)
    handler.close()
    return handler.parts


@pytest.mark.corpus
def test_whitespace_shortcuts_of_the_corpus_are_as_before(shared_corpus: Path) -> None:
    fragments = corpus_fragments(shared_corpus)
    for html in fragments:
        for event in _recorded(html):
            if isinstance(event, str):
                assert htmltext._collapse(event) == _collapse_before(event), event
        parts = _parts(html)
        assembled = htmltext._assemble(parts)
        assert assembled == _assemble_before(parts), html
        assert clean_text(assembled) == _clean_text_as_before(assembled), html
    rng = random.Random(5)
    for _ in range(20_000):
        parts = _parts(fragment(rng))
        assert htmltext._assemble(parts) == _assemble_before(parts), parts


def test_has_img_tag_is_img_in_the_lower_case_text() -> None:
    lowers_to_a_letter_of_img = [
        chr(code)
        for code in range(0x110000)
        if any(letter in chr(code).lower() for letter in "<img")
    ]
    assert lowers_to_a_letter_of_img == ["<", "G", "I", "M", "g", "i", "m", "\u0130"]
    assert "\u0130".lower() == "i\u0307"
    rng = random.Random(8)
    pieces = ["<", "i", "I", "m", "M", "g", "G", "\u0130", "\u0131", "\u212a", " ", "x", "<img"]
    for _ in range(50_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert htmltext._has_img_tag(text) == ("<img" in text.lower()), text


def test_not_a_picture_is_the_pattern() -> None:
    rng = random.Random(20261208)
    pieces = [
        "http://", "https://", "a.vn/", "/", ".", "-", "_", "?", "x=1", ".gif", ".PNG", ".png?",
        "feeds.feedburner.com/~", "FeedsPortal.com/", "pixel.wp.com/", "stats.wordpress.com/",
        "doubleclick.net/", "pheedo.com/", "s.w.org/images/core/emoji/", "gravatar.com/avatar/",
        "facebook", "Twitter", "EMAIL", "share", "digg", "reddit", "linkedin", "rss", "ſhare",
        "\u212ainked", "lin\u212aedin", "\u0130", "đ", "img", "feedburner", "gravatar",
    ]  # fmt: skip
    for _ in range(100_000):
        url = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert htmltext._not_a_picture(url) == bool(htmltext._NOT_A_PICTURE.search(url)), url


@pytest.mark.corpus
def test_not_a_picture_of_every_corpus_image_is_the_pattern(shared_corpus: Path) -> None:
    urls = re.compile(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
    seen = 0
    for html in corpus_fragments(shared_corpus):
        for url in urls.findall(html):
            seen += 1
            assert htmltext._not_a_picture(url) == bool(htmltext._NOT_A_PICTURE.search(url)), url
    assert seen > 1000
