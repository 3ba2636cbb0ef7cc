"""The article page's HTML: escaped text, the right parts in the right order, two palettes."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsreader.core.models import Article
from newsreader.core.pages.sanitize import decode_image_ref
from newsreader.ui.article_html import (
    ENGLISH_LABELS,
    VIETNAMESE_LABELS,
    ArticleLabels,
    article_document,
    body_font_px,
    column_width_px,
    empty_document,
    format_local_time,
    labels_for_language,
    page_colors,
    stylesheet,
)

HANOI = timezone(timedelta(hours=7))
WHEN = datetime(2026, 11, 26, 1, 15, tzinfo=UTC)  # 08:15 in Hà Nội, a Thursday
ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"


def make_article(**changes: object) -> Article:
    article = Article(
        id=7,
        feed_id=3,
        feed_title="Thời sự",
        folder="VnExpress",
        key="https://vnexpress.net/bai-1.html",
        link="https://vnexpress.net/bai-1.html",
        title="Hà Nội đẩy nhanh tiến độ đường Vành đai 4",
        author="Đức Anh",
        published=WHEN,
        updated=None,
        summary="Thành phố yêu cầu hoàn thành giải phóng mặt bằng trước quý II.",
        thumbnail="https://vcdn.example.vn/thumb.jpg",
        read=False,
        saved=False,
        sort_time=WHEN,
        content_html="<p>Chiều 25/11, UBND thành phố họp về dự án.</p>",
    )
    return dataclasses.replace(article, **changes)  # type: ignore[arg-type]


def images_of(document: str) -> list[str]:
    refs = re.findall(r'<img src="(nrimg:[^"]+)"', document)
    return [url for url in map(decode_image_ref, refs) if url]


# --- dates ----------------------------------------------------------------------------------


def test_vietnamese_date() -> None:
    labels = dataclasses.replace(VIETNAMESE_LABELS, timezone=HANOI)
    assert format_local_time(WHEN, labels) == "Thứ năm, 26/11/2026 08:15"


def test_english_date() -> None:
    labels = dataclasses.replace(ENGLISH_LABELS, timezone=HANOI)
    assert format_local_time(WHEN, labels) == "Thu 26 Nov 2026, 08:15"


def test_date_uses_the_given_time_zone() -> None:
    labels = dataclasses.replace(ENGLISH_LABELS, timezone=UTC)
    assert format_local_time(WHEN, labels) == "Thu 26 Nov 2026, 01:15"


def test_broken_translation_falls_back() -> None:
    labels = ArticleLabels(datetime_format="{nope} {", timezone=HANOI)
    assert format_local_time(WHEN, labels) == "2026-11-26 08:15"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", VIETNAMESE_LABELS),
        ("vi_VN", VIETNAMESE_LABELS),
        ("vi-VN", VIETNAMESE_LABELS),
        ("en_US", ENGLISH_LABELS),
        ("", ENGLISH_LABELS),
        (None, ENGLISH_LABELS),
    ],
)
def test_labels_for_language(language: str | None, expected: ArticleLabels) -> None:
    assert labels_for_language(language) is expected


# --- the page -------------------------------------------------------------------------------


def test_parts_in_order() -> None:
    labels = dataclasses.replace(VIETNAMESE_LABELS, timezone=HANOI)
    doc = article_document(make_article(), dark=False, labels=labels)
    title = doc.index('<p class="title">Hà Nội đẩy nhanh tiến độ đường Vành đai 4</p>')
    meta = doc.index(
        '<p class="meta">VnExpress · Thời sự · Đức Anh · Thứ năm, 26/11/2026 08:15</p>'
    )
    lead = doc.index('<p class="lead">Thành phố yêu cầu hoàn thành')
    image = doc.index('<p class="picture"><img src="nrimg:')
    body = doc.index("<p>Chiều 25/11, UBND thành phố họp về dự án.</p>")
    link = doc.index(
        '<p class="original"><a href="https://vnexpress.net/bai-1.html">Đọc bài gốc →</a></p>'
    )
    assert title < meta < lead < image < body < link
    assert images_of(doc) == ["https://vcdn.example.vn/thumb.jpg"]
    assert doc.startswith("<html><head>") and "<style" in doc


def test_text_from_the_feed_is_escaped() -> None:
    article = make_article(
        title='<img src=x onerror="alert(1)"> Tin <b>nóng</b> \u202eevil',
        feed_title="<script>alert(2)</script>",
        folder="A & B",
        author='"><a href="javascript:x">',
        summary="<i>lead</i>",
    )
    doc = article_document(article, dark=False)
    assert "<script" not in doc and "<img src=x" not in doc and "<b>" not in doc
    assert '&lt;img src=x onerror="alert(1)"&gt;' in doc
    assert "Tin &lt;b&gt;nóng&lt;/b&gt;" in doc
    assert "\u202e" not in doc
    assert "A &amp; B" in doc
    assert "&lt;a href=" in doc
    assert re.findall(r"<a [^>]*>", doc) == ['<a href="https://vnexpress.net/bai-1.html">']
    assert "&lt;i&gt;lead&lt;/i&gt;" in doc


def test_untitled_article() -> None:
    assert "(untitled)" in article_document(make_article(title="  \n "), dark=False)


def test_meta_line_skips_empty_and_repeated_parts() -> None:
    labels = dataclasses.replace(ENGLISH_LABELS, timezone=HANOI)
    article = make_article(folder="Tuổi Trẻ", feed_title="tuổi trẻ", author=None)
    doc = article_document(article, dark=False, labels=labels)
    assert '<p class="meta">Tuổi Trẻ · Thu 26 Nov 2026, 08:15</p>' in doc
    article = make_article(folder=None, author=None, published=None, updated=None)
    doc = article_document(article, dark=False, labels=labels)
    assert '<p class="meta">Thời sự · Thu 26 Nov 2026, 08:15</p>' in doc  # sort_time


def test_meta_line_names_the_storys_other_feeds() -> None:
    article = make_article(author=None, also_in=(4, 9), also_in_titles=("Kinh doanh", "Mới nhất"))
    doc = article_document(article, dark=False, labels=VIETNAMESE_LABELS)
    assert "cũng có ở Kinh doanh, Mới nhất</p>" in doc
    doc = article_document(article, dark=False, labels=ENGLISH_LABELS)
    assert "also in Kinh doanh, Mới nhất</p>" in doc


def test_lead_is_not_repeated_when_the_body_starts_with_it() -> None:
    article = make_article(
        summary="Thành phố yêu cầu hoàn thành giải phóng mặt bằng trước quý II.",
        content_html="<p><b>Thành phố yêu cầu hoàn thành giải phóng mặt bằng</b> trước quý II."
        "</p><p>Đoạn hai.</p>",
    )
    doc = article_document(article, dark=False)
    assert 'class="lead"' not in doc
    assert doc.count("Thành phố yêu cầu") == 1


def test_lead_alone_when_there_is_no_body() -> None:
    doc = article_document(make_article(content_html=None), dark=False)
    assert '<p class="lead">' in doc


def test_thumbnail_only_when_the_body_has_no_picture() -> None:
    article = make_article(
        content_html='<p>Mở đầu</p><figure><img src="/anh-bai.jpg"><figcaption>Chú thích '
        "<em>ảnh</em></figcaption></figure>"
    )
    doc = article_document(article, dark=False)
    assert images_of(doc) == ["https://vnexpress.net/anh-bai.jpg"]
    assert '<p class="image">' in doc
    assert '<p class="caption">Chú thích <em>ảnh</em></p>' in doc
    assert "<figure" not in doc and "<figcaption" not in doc


@pytest.mark.parametrize(
    "thumbnail",
    [None, "", "javascript:alert(1)", "file:///etc/passwd", "data:image/png;base64,AAAA"],
)
def test_no_lead_image_for_unusable_thumbnails(thumbnail: str | None) -> None:
    doc = article_document(make_article(thumbnail=thumbnail), dark=False)
    assert images_of(doc) == []
    assert "<img" not in doc


def test_relative_thumbnail_is_resolved_against_the_article() -> None:
    doc = article_document(make_article(thumbnail="/anh/thumb.jpg"), dark=False)
    assert images_of(doc) == ["https://vnexpress.net/anh/thumb.jpg"]


@pytest.mark.parametrize(
    "link", [None, "", "javascript:alert(1)", "file:///etc/passwd", "mailto:a@b.c", "/relative"]
)
def test_read_the_original_only_for_web_links(link: str | None) -> None:
    doc = article_document(make_article(link=link, thumbnail=None), dark=False)
    assert 'class="original"' not in doc
    assert "<a " not in doc


def test_body_is_sanitized_and_reshaped_for_qt() -> None:
    html = (ARTICLES / "vnexpress_lazy.html").read_text(encoding="utf-8")
    article = make_article(
        content_html=html
        + "<h1>Tiêu đề phụ</h1><script>alert(1)</script><p onclick=x>Hết</p>"
        + '<p><img src="https://cdn.example/a.jpg"> <img src="https://cdn.example/b.jpg"></p>',
        link="https://vnexpress.net/kiem-tra-thuc-pham-1.html",
    )
    doc = article_document(article, dark=False)
    assert "<script" not in doc and "onclick" not in doc and "alert(1)" not in doc
    assert '<p class="h3">Tiêu đề phụ</p>' in doc
    assert "<h1>" not in doc and "<h3>" not in doc
    assert (
        '<p class="caption">Đoàn kiểm tra làm việc tại chợ Long Biên. Ảnh: <em>Ngọc Thành</em></p>'
        in doc
    )
    assert images_of(doc)[:2] == [
        "https://vcdn1-vnexpress.vnecdn.net/2026/11/26/kiem-tra-1.jpg"
        "?w=680&h=0&q=100&dpr=1&fit=crop&s=AbC",
        "https://vnexpress.net/2026/11/26/bieu-do.png",
    ]
    assert re.search(r'<p class="image-alone"><img [^>]*> <img [^>]*></p>', doc)


# --- styles ---------------------------------------------------------------------------------


def test_light_and_dark_palettes_differ() -> None:
    light, dark = page_colors(False), page_colors(True)
    assert light != dark
    assert light[0].lower() in stylesheet(False).lower()
    assert dark[0].lower() in stylesheet(True).lower()
    assert dark[0] in article_document(make_article(), dark=True)
    assert dark[0] not in article_document(make_article(), dark=False)


def test_text_scale_scales_every_size() -> None:
    normal = stylesheet(False, 100)
    large = stylesheet(False, 150)
    assert "font-size: 18px" in normal and "font-size: 27px" in large
    assert "font-size: 48px" in large  # the title, 32px at 100 %
    assert body_font_px(150) == 27 and body_font_px(1) == 9 and body_font_px(10_000) == 54
    assert column_width_px(200) == 2 * column_width_px(100)
    assert "font-size: 27px" in article_document(make_article(), dark=False, text_scale=150)


def test_stylesheet_has_no_markup() -> None:
    # It is inlined in a <style> element, where "<" would end it for Qt.
    for dark in (False, True):
        assert "<" not in stylesheet(dark) and "/*" not in stylesheet(dark)


def test_serif_faces_with_vietnamese_glyphs_come_first() -> None:
    body = re.search(r"body\s*\{[^}]*font-family:\s*([^;]+);", stylesheet(False))
    assert body is not None
    assert body.group(1).startswith('"Noto Serif"') and body.group(1).endswith("serif")


def test_empty_document() -> None:
    doc = empty_document("Chọn một bài để đọc <b>ngay</b>", dark=True)
    assert "Chọn một bài để đọc &lt;b&gt;ngay&lt;/b&gt;" in doc
    assert page_colors(True)[0] in doc
    assert 'class="empty"' in doc
