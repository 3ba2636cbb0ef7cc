"""Real VnExpress feed items (tests/data/feeds/vn, from the shared corpus) render as a news page:
the description's linked thumbnail becomes the article's picture, in a block of its own under
the lead, never on the meta (date) line, and no block is left empty."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QTextBlock
from pytestqt.qtbot import QtBot

from newsreader.core.feeds.document import parse_feed
from newsreader.core.models import Article, ParsedEntry
from newsreader.ui.article_html import article_document
from newsreader.ui.article_lead import split_lead_picture, wrap_loose_start
from newsreader.ui.article_view import ArticleView

VN = Path(__file__).resolve().parent.parent / "data" / "feeds" / "vn"
FEEDS = {
    # 2025: a 1200 px wide picture behind a link, "</br>", the lead.
    "2025": "vnexpress_the-gioi_2025-02-06_1item.xml",
    # 2017: a 180x108 thumbnail with width/height attributes, "</br>", the lead.
    "2017": "vnexpress_thoi-su_2017-03-25_browserview.xml",
}
OBJECT = "\ufffc"  # how QTextDocument stores an inline image in a block's text


def first_entry(name: str) -> ParsedEntry:
    parsed = parse_feed((VN / name).read_bytes(), url="https://vnexpress.net/rss/x.rss")
    return parsed.entries[0]


def as_article(entry: ParsedEntry) -> Article:
    when = entry.published or datetime(2025, 2, 6, tzinfo=UTC)
    return Article(
        id=1,
        feed_id=1,
        feed_title="Thế giới",
        folder="VnExpress",
        key=entry.guid or "",
        link=entry.link,
        title=entry.title,
        author=None,
        published=when,
        updated=None,
        summary=entry.summary,
        thumbnail=entry.thumbnail,
        read=False,
        saved=False,
        sort_time=when,
        content_html=entry.content_html,
    )


def jpeg(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return bytes(data.data())


def blocks(view: ArticleView) -> list[QTextBlock]:
    out = []
    block = view.document().begin()
    while block.isValid():
        out.append(block)
        block = block.next()
    return out


@pytest.mark.parametrize("year", sorted(FEEDS))
def test_document_puts_the_linked_thumbnail_under_the_lead(year: str) -> None:
    entry = first_entry(FEEDS[year])
    assert entry.content_html and entry.content_html.lstrip().startswith("<a ")
    doc = article_document(as_article(entry), dark=False)
    meta = doc.index('<p class="meta">')
    lead = doc.index('<p class="lead">')
    picture = doc.index('<p class="picture"><img src="nrimg:')
    assert meta < lead < picture
    assert doc.count("<img") == 1  # the thumbnail once, not again as the feed's enclosure
    assert doc.count(entry.summary[:40]) == 1  # the lead once


@pytest.mark.parametrize(("year", "size"), [("2025", (1200, 675)), ("2017", (180, 108))])
def test_rendered_item_has_no_picture_on_the_meta_line_and_no_gap(
    qtbot: QtBot, year: str, size: tuple[int, int]
) -> None:
    entry = first_entry(FEEDS[year])
    assert entry.thumbnail
    data = jpeg(*size)
    view = ArticleView(image_source=lambda url: data if url == entry.thumbnail else None)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.show_article(as_article(entry))
    layout = view.document().documentLayout()
    found = blocks(view)
    texts = [b.text() for b in found]
    # title, meta, lead, picture, link to the original: nothing else, nothing empty.
    assert len(found) == 5, texts
    title, meta, lead, picture, original = found
    assert OBJECT not in title.text() + meta.text() + lead.text()
    assert re.search(r"\d\d:\d\d$", meta.text())  # the meta line ends with the time
    assert lead.text().startswith(entry.summary[:30])
    assert picture.text() == OBJECT  # the picture alone in its block
    assert original.text().strip()
    line = view.fontMetrics().lineSpacing()
    meta_height = layout.blockBoundingRect(meta).height()
    assert meta_height < 3 * line  # one line of meta text, not a picture's height
    shown = layout.blockBoundingRect(picture)
    width = min(size[0], view._column_width())
    height = size[1] * width / size[0]  # scaled to the column, never beyond its own size
    assert height - 1 <= shown.height() < height + 3 * line  # the picture and its margins


def test_split_lead_picture_only_takes_a_leading_picture() -> None:
    img = '<img src="nrimg:aHR0cHM6Ly9hLnZuL2EuanBn" alt="">'
    assert split_lead_picture(f'<a href="https://a.vn/">{img}</a><br>Lead').rest == "Lead"
    assert split_lead_picture(f"<p>{img}</p><p>Text</p>").picture == "https://a.vn/a.jpg"
    middle = f"<p>Text</p><p>{img}</p>"
    assert split_lead_picture(middle).picture is None
    assert split_lead_picture(middle).rest == middle


def test_wrap_loose_start_gives_inline_openings_a_paragraph() -> None:
    assert wrap_loose_start("<br>Lead <b>x</b><br><p>Body</p>") == "<p>Lead <b>x</b></p><p>Body</p>"
    assert wrap_loose_start("<p>Body</p>") == "<p>Body</p>"
    assert wrap_loose_start("  <br> ") == ""
