"""Full-text extraction: fixture pages with expected output, the real VnExpress page against
fundus' oracle, image/date/lead details, the fetch policy, and hostile input."""

from __future__ import annotations

import json
import random
import re
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.core.pages import extract as extract_module
from newsreader.core.pages.dates import VIETNAM_TZ
from newsreader.core.pages.extract import (
    SHORT_CONTENT_CHARS,
    ExtractedArticle,
    extract_article,
    needs_full_text,
)

PAGES = Path(__file__).resolve().parents[2] / "data" / "articles" / "pages"
FIXTURES = sorted(p.stem for p in PAGES.glob("*.html"))
ALLOWED_TAGS = {
    "p", "h3", "blockquote", "ul", "ol", "li", "figure", "img", "figcaption", "table", "tr",
    "td", "th", "strong", "em", "a", "br", "sup", "sub",
}  # fmt: skip


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def body_text(article: ExtractedArticle, *, captions: bool = False) -> str:
    html = article.body_html
    if not captions:
        html = re.sub(r"<figure>.*?</figure>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"')):
        text = text.replace(entity, char)
    return norm(text)


def load(stem: str) -> tuple[bytes, dict[str, Any]]:
    expected = json.loads((PAGES / f"{stem}.expected.json").read_text(encoding="utf-8"))
    return (PAGES / f"{stem}.html").read_bytes(), expected


# --- fixture pages ------------------------------------------------------------------------------


def test_there_are_enough_fixtures() -> None:
    assert len(FIXTURES) >= 5
    assert any(not load(stem)[1]["article"] for stem in FIXTURES)


@pytest.mark.parametrize("stem", FIXTURES)
def test_fixture_page(stem: str) -> None:
    raw, expected = load(stem)
    started = time.perf_counter()
    article = extract_article(raw, url=expected["url"])
    assert time.perf_counter() - started < 2.0
    if not expected["article"]:
        assert article is None
        return
    assert article is not None
    text = body_text(article)

    paragraphs = [norm(p) for p in expected["paragraphs"]]
    found = [p for p in paragraphs if p in text]
    assert len(found) >= 0.9 * len(paragraphs), set(paragraphs) - set(found)

    for snippet in expected["boilerplate"]:
        assert norm(snippet) not in body_text(article, captions=True), snippet

    got_images = [(i.url, i.caption) for i in article.images]
    assert got_images == [(i["url"], i["caption"]) for i in expected["images"]]
    for image in article.images:
        assert image.url.startswith(("http://", "https://"))
        assert f'src="{image.url.replace("&", "&amp;")}"' in article.body_html

    assert article.title == expected["title"]
    assert article.lead == expected["lead"]
    if article.lead:
        assert norm(article.lead)[:50] not in text
    assert article.author == expected["author"]
    assert article.published is not None
    assert article.published.utcoffset() == timedelta(0)
    assert article.published == datetime.fromisoformat(expected["published"])
    assert article.text_chars >= sum(map(len, found))

    tags = set(re.findall(r"<([a-z0-9]+)", article.body_html))
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS


def test_body_keeps_structure_in_order() -> None:
    raw, expected = load("dantri_2025-12-14")
    article = extract_article(raw, url=expected["url"])
    assert article is not None
    html = article.body_html
    assert "<h3>Chuỗi giá trị từ hạt sen đến trà tim sen</h3>" in html
    assert "<ul><li>Hạt sen sấy: 350.000 đồng/kg</li>" in html
    assert "<blockquote><p>Trồng sen đòi hỏi" in html
    first_figure = html.index("<figure>")
    assert html.index("Gia đình ông Lê Văn Đực") < first_figure < html.index("Mỗi hecta sen")
    assert "<figcaption>Cánh đồng sen của gia đình ông Đực" in html


# --- the real VnExpress page against fundus' expected output -----------------------------------


@pytest.mark.corpus
def test_vnexpress_corpus_page_matches_fundus_oracle(shared_corpus: Path) -> None:
    folder = shared_corpus / "vn" / "articles" / "vnexpress"
    oracle = json.loads(
        (folder / "VnExpress_2025_10_22.fundus-expected.json").read_text(encoding="utf-8")
    )["V1"]
    meta = json.loads((folder / "meta.info.json").read_text(encoding="utf-8"))
    url = meta["VnExpress_2025_10_22.html.gz"]["url"]
    started = time.perf_counter()
    article = extract_article((folder / "VnExpress_2025_10_22.html").read_bytes(), url=url)
    assert time.perf_counter() - started < 2.0
    assert article is not None

    assert article.title == oracle["title"]
    assert article.lead == oracle["body"]["summary"][0]
    assert article.author == oracle["authors"][0]
    assert article.published == datetime.fromisoformat(oracle["publishing_date"])
    assert article.published is not None and article.published.tzinfo == UTC

    image = oracle["images"][0]
    caption = f"{image['caption']} Ảnh: {image['authors'][0]}"
    text = body_text(article)
    for paragraph in oracle["body"]["sections"][0]["paragraphs"]:
        if norm(paragraph) == caption:  # fundus counts the caption as a paragraph; we attach it
            continue
        assert norm(paragraph) in text
    assert caption not in text
    assert "Lê Phương" not in text  # the author line closing the body
    assert oracle["body"]["summary"][0] not in text

    assert len(article.images) == 1
    assert article.images[0].caption == caption
    assert article.images[0].url in {v["url"] for v in image["versions"]}
    assert "data:image" not in article.body_html


@pytest.mark.corpus
def test_real_home_page_is_not_an_article(shared_corpus: Path) -> None:
    page = shared_corpus / "vn" / "listing-pages" / "e.vnexpress.net_homepage_2025-12.html"
    assert extract_article(page.read_bytes(), url="https://e.vnexpress.net/") is None


# --- details ------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">{head}</head><body>
<h1 class="title-detail">Tiêu đề bài viết thử nghiệm</h1>
<p class="description">Đoạn dẫn của bài viết thử nghiệm, đủ dài để được coi là sapo.</p>
<article class="fck_detail">{body}</article></body></html>"""
FILLER = "".join(
    f"<p>Đoạn văn thứ {i} kể chuyện Đà Nẵng, Hội An và những con đường ven biển đẹp.</p>"
    for i in range(6)
)


def page(body: str = "", head: str = "") -> bytes:
    return PAGE.format(head=head, body=FILLER + body).encode("utf-8")


def images_of(body: str, url: str = "https://bao.example.vn/muc/bai-viet.html") -> list[Any]:
    article = extract_article(page(body), url=url)
    assert article is not None
    return [(i.url, i.caption) for i in article.images]


def test_lazy_and_relative_images_are_resolved() -> None:
    assert images_of(
        '<figure><img src="data:image/gif;base64,R0lGOD" data-src="/anh/a.jpg">'
        "<figcaption>Chú thích A</figcaption></figure>"
        '<figure><img src="/img/blank.gif" data-original="b.jpg">'
        "<figcaption>B</figcaption></figure>"
        '<figure><img src="//cdn.example.vn/c-480.jpg" '
        'srcset="//cdn.example.vn/c-480.jpg 480w, //cdn.example.vn/c-1200.jpg 1200w, '
        '//cdn.example.vn/c-3000.jpg 3000w"></figure>'
        '<figure><picture><source data-srcset="https://cdn.example.vn/d.jpg 1x, '
        'https://cdn.example.vn/d@2x.jpg 2x"><img src="data:image/png;base64,AAA"></picture>'
        "</figure>"
    ) == [
        ("https://bao.example.vn/anh/a.jpg", "Chú thích A"),
        ("https://bao.example.vn/muc/b.jpg", "B"),
        ("https://cdn.example.vn/c-1200.jpg", None),
        ("https://cdn.example.vn/d@2x.jpg", None),  # the one srcset policy: densest up to 2x
    ]


def test_placeholders_pixels_and_data_uris_are_ignored() -> None:
    assert (
        images_of(
            '<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAI">'
            '<img src="https://t.example.vn/p.gif" width="1" height="1">'
            '<img src="https://bao.example.vn/images/1x1.gif">'
            '<img src="https://bao.example.vn/lazy-placeholder.png"></p>'
        )
        == []
    )


def test_noscript_fallback_gives_the_real_image_once() -> None:
    assert images_of(
        '<figure><img src="https://bao.example.vn/1x1.trans.gif">'
        '<noscript><img src="https://bao.example.vn/that.jpg"></noscript>'
        "<figcaption>Ảnh thật</figcaption></figure>"
    ) == [("https://bao.example.vn/that.jpg", "Ảnh thật")]


def test_lead_not_repeated_and_dateline_stripped() -> None:
    body = (
        "<p>Kinhtedothi - Đoạn dẫn của bài viết thử nghiệm, đủ dài để được coi là sapo.</p>"
        + FILLER
    )
    html = (
        '<html lang="vi"><body><h1 class="article-title">Tiêu đề</h1>'
        f'<div class="article-content">{body}</div></body></html>'
    )
    article = extract_article(html, url="https://kinhtedothi.vn/bai.html")
    assert article is not None
    assert article.lead == "Đoạn dẫn của bài viết thử nghiệm, đủ dài để được coi là sapo."
    assert "Đoạn dẫn" not in article.body_html
    assert "Kinhtedothi -" not in article.body_html


@pytest.mark.parametrize(
    ("head", "date_html", "expected"),
    [
        ("", '<span class="date">Thứ tư, 22/10/2025, 05:00 (GMT+7)</span>', "2025-10-21T22:00"),
        (
            "",
            '<div class="article-published-on">Thứ năm, 08:15 26/11/2026</div>',
            "2026-11-26T01:15",
        ),
        ("", '<div data-role="publishdate">08/09/2025 14:05 GMT+7</div>', "2025-09-08T07:05"),
        ("", '<time class="author-time" datetime="2025-12-14 09:32">x</time>', "2025-12-14T02:32"),
        (
            '<meta property="article:published_time" content="2025-10-22T19:25:52+07:00">',
            '<span class="date">Thứ tư, 22/10/2025, 05:00 (GMT+7)</span>',
            "2025-10-22T12:25:52",
        ),
        (
            '<script type="application/ld+json">{"@context":"https://schema.org",'
            '"@type":"NewsArticle","datePublished":"2025-03-01T08:00:00+0700"}</script>',
            "",
            "2025-03-01T01:00",
        ),
        ('<meta name="pubdate" content="2025-10-22T19:25:52Z">', "", "2025-10-22T19:25:52"),
    ],
)
def test_publication_time_is_aware_utc(head: str, date_html: str, expected: str) -> None:
    raw = page(head=head).replace(b"<h1", date_html.encode() + b"<h1", 1)
    article = extract_article(raw, url="https://vnexpress.net/bai-4954454.html")
    assert article is not None and article.published is not None
    assert article.published.tzinfo == UTC
    assert article.published == datetime.fromisoformat(expected).replace(tzinfo=UTC)


def test_naive_times_are_vietnamese_only_on_vietnamese_pages() -> None:
    tz = VIETNAM_TZ
    assert extract_module._parse_iso("2025-01-02 03:04", tz) == datetime(
        2025, 1, 1, 20, 4, tzinfo=UTC
    )
    assert extract_module._parse_iso("2025-01-02 03:04", UTC) == datetime(
        2025, 1, 2, 3, 4, tzinfo=UTC
    )
    assert extract_module._parse_text_date("no date here", tz) is None
    assert extract_module._parse_text_date("31/02/2025 10:00", tz) is None
    assert extract_module._parse_text_date("Thứ hai, 3/11/2025, 06:10 (GMT+7)", UTC) == datetime(
        2025, 11, 2, 23, 10, tzinfo=UTC
    )


def test_boilerplate_inside_the_body_is_dropped() -> None:
    article = extract_article(
        page(
            '<p><strong>Xem thêm:</strong> <a href="/khac.html">Một bài khác hoàn toàn</a></p>'
            '<div class="box-tinlienquan"><a href="/a.html">Tin liên quan số một</a></div>'
            '<div class="ads"><p>Quảng cáo sữa tươi</p></div>'
            '<ul><li><a href="/1.html">Liên kết một dài dài</a></li>'
            '<li><a href="/2.html">Liên kết hai dài dài</a></li></ul>'
            '<p style="display:none">Nội dung ẩn</p>'
            "<script>var x = 'Mã kịch bản';</script>"
        ),
        url="https://bao.example.vn/a.html",
    )
    assert article is not None
    text = body_text(article)
    for junk in ("Xem thêm", "Một bài khác", "Tin liên quan", "Quảng cáo", "Liên kết", "ẩn", "Mã"):
        assert junk not in text
    assert "Đoạn văn thứ 5" in text


def test_unknown_layout_goes_through_trafilatura() -> None:
    paragraphs = "".join(
        f"<p>Câu chuyện số {i}: người dân phường Phú Thượng trồng đào, bán quất "
        f"và đón khách du lịch mỗi dịp Tết Nguyên đán, thu nhập ổn định hơn trước.</p>"
        for i in range(8)
    )
    html = (
        '<html lang="vi"><head><meta property="article:published_time" '
        'content="2025-02-01T07:00:00+07:00"><meta property="og:title" content="Làng đào">'
        '</head><body><div class="menu"><a href="/">Trang chủ</a></div>'
        f'<div class="xyz-main"><h1>Làng đào Nhật Tân</h1>{paragraphs[:800]}'
        '<div class="pic"><img src="/anh/dao.jpg"><div class="caption">Vườn đào</div></div>'
        f"{paragraphs[800:]}</div><div class='footer'>Bản quyền</div></body></html>"
    )
    article = extract_article(html, url="https://lang.example.org/dao")
    assert article is not None
    assert article.title == "Làng đào"  # og:title wins over a bare <h1>
    assert "Câu chuyện số 7" in article.body_html
    assert "Nhật Tân" not in article.body_html  # the <h1> is not repeated in the body
    assert "Bản quyền" not in article.body_html
    assert [(i.url, i.caption) for i in article.images] == [
        ("https://lang.example.org/anh/dao.jpg", "Vườn đào")
    ]


def test_works_without_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "_trafilatura", lambda: None)
    for stem in FIXTURES:
        raw, expected = load(stem)
        article = extract_article(raw, url=expected["url"])
        assert (article is not None) == expected["article"], stem
    generic = "<html><body><div>" + "<p>Một đoạn văn bình thường khá dài.</p>" * 30
    article = extract_article(generic + "</div></body></html>", url="https://x.example/")
    assert article is not None and article.text_chars > 500


def test_author_is_a_person_not_the_outlet() -> None:
    head = '<meta name="author" content="VnExpress"><meta property="og:site_name" content="X">'
    article = extract_article(page(head=head), url="https://vnexpress.net/a-1.html")
    assert article is not None and article.author is None
    article = extract_article(
        page('<p style="text-align:right;"><strong>Hoàng Anh</strong></p>'),
        url="https://vnexpress.net/a-1.html",
    )
    assert article is not None and article.author == "Hoàng Anh"
    assert "Hoàng Anh" not in article.body_html


# --- fetch policy -------------------------------------------------------------------------------


def test_needs_full_text_policies() -> None:
    lead = "Người đàn ông 63 tuổi đau bụng kéo dài, bác sĩ chẩn đoán ung thư lymphoma ruột non."
    full = ("<p>" + "Một câu văn đầy đủ của bài báo. " * 12 + "</p>") * 5
    assert needs_full_text(None, lead, "auto")
    assert needs_full_text(f'<a href="x"><img src="t.jpg"></a></br>{lead}', lead, "auto")
    assert not needs_full_text(full, lead, "auto")
    assert needs_full_text(full, lead, "always")
    assert not needs_full_text(None, lead, "never")
    assert needs_full_text(None, lead, "bogus")  # unknown policies behave as auto
    paragraph = "<p>" + "Một đoạn trích dài vừa phải của bài viết trên blog cá nhân. " * 14
    excerpt = paragraph + "</p>" + paragraph + "[…]</p>"
    assert len(excerpt) > SHORT_CONTENT_CHARS
    assert needs_full_text(excerpt, "", "auto")
    # A summary just over 500 characters is still a summary (issue 13), and one long block of
    # text without paragraphs is a lead, not a body.
    summary = "Một bản tóm tắt dài hơn thường lệ, nhưng vẫn chỉ là tóm tắt. " * 9
    assert 500 < len(summary) < SHORT_CONTENT_CHARS
    assert needs_full_text(f"<p>{summary}</p>", summary, "auto")
    one_block = "Một khối chữ dài. " * 120
    assert needs_full_text(f"<p>{one_block}</p>", "", "auto")
    assert not needs_full_text(f"<p>{one_block}</p><p>{one_block}</p>", "", "auto")


# --- hostile input ------------------------------------------------------------------------------


def timed(raw: bytes | str, url: str = "https://bao.example.vn/a.html") -> Any:
    started = time.perf_counter()
    result = extract_article(raw, url=url)
    assert time.perf_counter() - started < 3.0
    return result


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        "",
        b"   \n\t ",
        b"\x00" * 1000,
        b"\xff\xfe\x00\x00garbage",
        b"<html></html>",
        b"<html><body><script>document.cookie='D1N=1';location.reload()</script></body></html>",
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>x</title></item></channel></rss>",
        b'{"json": "not html"}',
        b"<" * 100_000,
        b"<p>" * 50_000,
    ],
)
def test_garbage_gives_none(raw: bytes | str) -> None:
    assert timed(raw) is None


def test_binary_garbage() -> None:
    rng = random.Random(5)
    for size in (10, 1000, 300_000):
        timed(rng.randbytes(size))


def test_deeply_nested_divs() -> None:
    deep = "<html><body>" + "<div>" * 100_000 + "<p>chữ</p>" + "</div>" * 100_000
    timed(deep.encode())
    inside = page("<div>" * 5000 + "<p>Sâu thật sâu</p>" + "</div>" * 5000)
    assert timed(inside) is not None


def test_five_megabyte_page() -> None:
    raw, expected = load("vnexpress_2025-11-03")
    filler = b"".join(
        b'<p class="Normal">Ha Noi co hon 150 tuyen xe buyt, trong do 45 tuyen dung xe dien %d.</p>'
        % i
        for i in range(60_000)
    )
    assert len(filler) > 5_000_000
    marker = b'<article class="fck_detail ">'
    big = raw.replace(marker, marker + filler, 1)
    article = timed(big, expected["url"])
    assert article is None or article.title == expected["title"]
    generic = b"<html><body><div>" + filler + b"</div></body></html>"
    timed(generic, "https://x.example/a")


@pytest.mark.parametrize(
    "transform",
    [
        lambda raw: raw.replace(b"charset=utf-8", b"charset=x-no-such-charset"),
        lambda raw: raw.replace(b"charset=utf-8", b"charset=utf-16"),
        lambda raw: raw.replace(b"charset=utf-8", b"charset=windows-1258"),
        lambda raw: raw.replace(
            "Cầu Tứ Liên có".encode(),
            unicodedata.normalize("NFD", "Cầu Tứ Liên có").encode("cp1258", "replace"),
        ),
        lambda raw: raw.replace("Cầu Tứ Liên có".encode(), b"\xc3\x28\xa0\xa1 \xf0\x28\x8c\x28"),
        lambda raw: raw.decode("utf-8").encode("utf-16"),
        lambda raw: raw.decode("utf-8").encode("cp1258", errors="replace"),
        lambda raw: b"\xef\xbb\xbf" + raw,
    ],
)
def test_invalid_encodings(transform: Any) -> None:
    raw, expected = load("kinhtedothi_2026-11-26")
    article = timed(transform(raw), expected["url"])
    if article is not None:
        assert article.text_chars > 0


def test_str_input_with_xml_declaration() -> None:
    raw, expected = load("wordpress_2025-08-19")
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + raw.decode("utf-8")
    article = extract_article(text, url=expected["url"])
    assert article is not None and article.title == expected["title"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_never_raises_on_bytes(raw: bytes) -> None:
    extract_article(raw, url="https://bao.example.vn/a.html")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "<img src='x.jpg'>",
                "<figure>",
                "</figure>",
                "<figcaption>",
                "Đà Nẵng ",
                "<a href='//x'>",
                "</a>",
                "<table><tr><td>",
                "<br>",
                '<article class="fck_detail">',
                "<h2>",
                "<blockquote>",
                "<ul><li>",
                "&amp;",
                "<",
            ]
        ),
        max_size=300,
    )
)
def test_never_raises_on_tag_soup(parts: list[str]) -> None:
    extract_article("".join(parts) * 3, url="https://bao.example.vn/a.html")
