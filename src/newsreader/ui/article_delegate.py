"""Draws one row of the article list: meta line, title, lead, thumbnail, unread dot, saved star.

Everything is drawn as plain text with QTextLayout (a title is never parsed as markup). Rows have
one fixed height so the view can use uniform sizes and scroll 100,000 rows smoothly; a one-line
title leaves two lines to the lead.

    ● VnExpress · Thời sự                          ★ 5 phút trước   ┌─────┐
      Tiêu đề bài viết, đậm khi chưa đọc, tối đa hai dòng…              │ img │
      Một dòng tóm tắt, màu nhạt…                                      └─────┘
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from newsreader.core.search import ParsedQuery, highlight_spans
from newsreader.ui.articles_model import ArticleRole
from newsreader.ui.i18n import relative_time
from newsreader.ui.icons import IconSet
from newsreader.ui.thumbnails import THUMBNAIL_RADIUS, ThumbnailCache

AnyIndex = QModelIndex | QPersistentModelIndex

PAD_X = 14.0
PAD_Y = 11.0
GUTTER = 16.0  # room for the unread dot, left of the text
GAP = 3.0
THUMB_GAP = 12.0
TITLE_LINES = 2  # a headline longer than this is cut, its last line ending in "…"


Laid = tuple[QTextLayout, list[QTextLine], bool]
Spans = tuple[tuple[int, int], ...]  # (start, length) of words to highlight
_KEPT = 800  # a few screens of rows: repaints (a sync, a scroll back) reuse them


_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class _Recent(Generic[_K, _V]):
    """The last `_KEPT` values made, by key (least recently used dropped first)."""

    def __init__(self) -> None:
        self._values: OrderedDict[_K, _V] = OrderedDict()

    def get(self, key: _K, make: Callable[[], _V]) -> _V:
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = make()
            if len(self._values) > _KEPT:
                self._values.popitem(last=False)
        else:
            self._values.move_to_end(key)
        return found


_LAYOUTS: _Recent[tuple[str, str, float, int, Spans, str], Laid] = _Recent()
_ELIDED: _Recent[tuple[str, int, str, float], str] = _Recent()
_METRICS: dict[str, QFontMetricsF] = {}


def cached_layout(
    text: str,
    font: QFont,
    width: float,
    max_lines: int,
    spans: Spans = (),
    mark: QColor | None = None,
) -> Laid:
    """`layout_lines`, remembered: the list repaints the same rows many times."""
    key = (text, font.key(), width, max_lines, spans, mark.name() if mark else "")
    return _LAYOUTS.get(key, lambda: layout_lines(text, font, width, max_lines, spans, mark))


def elided_rest(text: str, start: int, font: QFont, width: float) -> str:
    """`text` from `start` on, elided to `width` (the cut last line of a block), remembered
    like the layouts: a repaint makes neither metrics nor strings again."""

    def make() -> str:
        metrics = _METRICS.get(font_key)
        if metrics is None:
            if len(_METRICS) > 16:
                _METRICS.clear()
            metrics = _METRICS[font_key] = QFontMetricsF(font)
        rest = text[start:].replace("\n", " ")
        return metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)

    font_key = font.key()
    return _ELIDED.get((text, start, font_key, width), make)


def layout_lines(
    text: str,
    font: QFont,
    width: float,
    max_lines: int,
    spans: Spans = (),
    mark: QColor | None = None,
) -> Laid:
    """Lay `text` out in at most `max_lines` lines of `width`; the bool says whether it was cut.
    `spans` are drawn on a `mark` background (the words a search matched)."""
    layout = QTextLayout(text, font)
    if spans and mark is not None:
        ranges = []
        for start, length in spans:
            fmt = QTextCharFormat()
            fmt.setBackground(mark)
            fmt.setFontUnderline(True)
            found = QTextLayout.FormatRange()
            found.start, found.length, found.format = start, length, fmt
            ranges.append(found)
        layout.setFormats(ranges)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[QTextLine] = []
    y = 0.0
    layout.beginLayout()
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        line.setPosition(QPointF(0, y))
        y += line.height()
        lines.append(line)
    layout.endLayout()
    cut = bool(lines) and lines[-1].textStart() + lines[-1].textLength() < len(text)
    return layout, lines, cut


def draw_text_block(
    painter: QPainter,
    text: str,
    font: QFont,
    color: QColor,
    origin: QPointF,
    width: float,
    max_lines: int,
    spans: Spans = (),
    mark: QColor | None = None,
) -> int:
    """Draw up to `max_lines` wrapped lines of plain `text`, the last one elided if cut;
    returns how many lines were drawn."""
    if max_lines <= 0 or not text:
        return 0
    _layout, lines, cut = cached_layout(text, font, width, max_lines, spans, mark)
    painter.setFont(font)
    painter.setPen(color)
    for number, line in enumerate(lines):
        is_last = number == len(lines) - 1
        if is_last and cut:
            start = line.textStart()
            elided = elided_rest(text, start, font, width)
            shown = len(elided.rstrip("…"))
            kept = tuple(
                (max(a, start) - start, min(a + n, start + shown) - max(a, start))
                for a, n in spans
                if a + n > start and a < start + shown
            )
            if kept and mark is not None:  # the cut line keeps its marked words
                one, _lines, _cut = cached_layout(elided, font, width + 1, 1, kept, mark)
                one.draw(painter, QPointF(origin.x(), origin.y() + line.y()))
            else:
                baseline = origin.y() + line.y() + line.ascent()
                painter.drawText(QPointF(origin.x(), baseline), elided)
        else:
            line.draw(painter, origin)
    return len(lines)


@dataclass(frozen=True, slots=True)
class _Fonts:
    meta: QFont
    title: QFont
    bold: QFont  # the title of an unread article
    lead: QFont
    meta_metrics: QFontMetricsF
    title_metrics: QFontMetricsF
    bold_metrics: QFontMetricsF
    lead_metrics: QFontMetricsF


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`a` moved `amount` (0..1) of the way towards `b`."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
        1.0,
    )


class ArticleDelegate(QStyledItemDelegate):
    """Paints article rows; all rows have the same height (see `row_height`)."""

    def __init__(
        self,
        thumbnails: ThumbnailCache,
        icons: IconSet,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails
        self.icons = icons
        self.clock = clock
        self.show_thumbnails = True
        self.highlight: ParsedQuery | None = None  # the search whose words are marked
        self._font_cache: dict[str, _Fonts] = {}

    # -- geometry --------------------------------------------------------------------------

    @staticmethod
    def fonts(base: QFont) -> tuple[QFont, QFont, QFont]:
        """(meta, title, lead) fonts derived from the view's font."""
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        meta = QFont(base)
        meta.setPointSizeF(size * 0.86)
        title = QFont(base)
        title.setPointSizeF(size * 1.04)
        lead = QFont(base)
        lead.setPointSizeF(size * 0.93)
        return meta, title, lead

    def _fonts_for(self, base: QFont) -> _Fonts:
        """The fonts and their metrics for rows in `base`, made once per font (paint is called
        for every visible row on every repaint)."""
        key = base.key()
        found = self._font_cache.get(key)
        if found is None:
            meta, title, lead = self.fonts(base)
            bold = QFont(title)
            bold.setWeight(QFont.Weight.DemiBold)
            found = _Fonts(
                meta,
                title,
                bold,
                lead,
                QFontMetricsF(meta),
                QFontMetricsF(title),
                QFontMetricsF(bold),
                QFontMetricsF(lead),
            )
            if len(self._font_cache) > 8:
                self._font_cache.clear()
            self._font_cache[key] = found
        return found

    def row_height(self, base: QFont) -> int:
        f = self._fonts_for(base)
        height = (
            PAD_Y * 2
            + f.meta_metrics.height()
            + GAP
            + f.bold_metrics.lineSpacing() * 2
            + GAP
            + f.lead_metrics.lineSpacing()
        )
        return int(height + 0.999)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(320, self.row_height(option.font))

    # -- painting --------------------------------------------------------------------------

    def _spans(self, text: str) -> Spans:
        return tuple(highlight_spans(text, self.highlight)) if self.highlight else ()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect = QRectF(option.rect)
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        active = bool(state & QStyle.StateFlag.State_Active) and bool(
            state & QStyle.StateFlag.State_HasFocus
            or (option.widget is not None and option.widget.hasFocus())
        )
        group = QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive
        base_color = palette.color(QPalette.ColorRole.Base)
        text_color = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        accent = palette.color(QPalette.ColorRole.Accent)
        line_color = palette.color(QPalette.ColorRole.Mid)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if selected:
            fill = palette.color(group, QPalette.ColorRole.Highlight)
            painter.fillRect(rect, fill)
            text_color = palette.color(group, QPalette.ColorRole.HighlightedText)
            muted = _mix(muted, text_color, 0.25)
        else:
            painter.fillRect(rect, base_color)
            # Hairline between rows, starting where the text starts.
            painter.setPen(line_color)
            y = rect.bottom() - 0.5
            painter.drawLine(QPointF(rect.left() + PAD_X + GUTTER, y), QPointF(rect.right(), y))

        read = bool(index.data(ArticleRole.READ))
        saved = bool(index.data(ArticleRole.SAVED))
        title = str(index.data(ArticleRole.TITLE) or "")
        source = str(index.data(ArticleRole.SOURCE) or "")
        folder = str(index.data(ArticleRole.SECTION) or "")
        lead = str(index.data(ArticleRole.LEAD) or "")
        thumb_url = str(index.data(ArticleRole.THUMBNAIL) or "")
        when = index.data(ArticleRole.TIME)
        article = index.data(ArticleRole.ARTICLE)
        highlighted = bool(getattr(article, "highlighted", False))  # a highlight rule matched
        also_in = len(getattr(article, "also_in", ()))  # the story's copies in other feeds

        fonts = self._fonts_for(option.font)
        meta_font, lead_font = fonts.meta, fonts.lead
        title_font = fonts.title if read else fonts.bold
        left = rect.left() + PAD_X + GUTTER
        right = rect.right() - PAD_X
        top = rect.top() + PAD_Y

        # Thumbnail (space is kept while it loads, so text does not jump; none once it failed,
        # e.g. offline, rather than an empty box on every row).
        if self.show_thumbnails and thumb_url and not self.thumbnails.failed(thumb_url):
            size = self.thumbnails.size
            thumb_rect = QRectF(
                right - size.width(),
                rect.top() + (rect.height() - size.height()) / 2,
                size.width(),
                size.height(),
            )
            pixmap = self.thumbnails.pixmap(thumb_url)
            if pixmap is not None:  # corners already rounded (see thumbnails.cover_image)
                painter.drawPixmap(thumb_rect.topLeft(), pixmap)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
                painter.drawRoundedRect(thumb_rect, THUMBNAIL_RADIUS, THUMBNAIL_RADIUS)
            right = thumb_rect.left() - THUMB_GAP
        width = max(10.0, right - left)

        if highlighted:  # a bar down the left edge
            painter.fillRect(QRectF(rect.left(), rect.top(), 3.0, rect.height()), accent)

        # Unread dot.
        meta_metrics = fonts.meta_metrics
        title_metrics = fonts.title_metrics if read else fonts.bold_metrics
        title_top = top + meta_metrics.height() + GAP
        if not read:
            radius = 4.0
            cy = title_top + title_metrics.ascent() - title_metrics.xHeight() / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.drawEllipse(QPointF(rect.left() + PAD_X + GUTTER / 2 - 1, cy), radius, radius)

        # Meta line: "Source · Section" left, time (and saved star) right.
        now = self.clock()
        time_text = relative_time(when, now) if isinstance(when, datetime) else ""
        painter.setFont(meta_font)
        time_width = meta_metrics.horizontalAdvance(time_text)
        baseline = top + meta_metrics.ascent()
        painter.setPen(muted)
        painter.drawText(QPointF(right - time_width, baseline), time_text)
        star_space = 0.0
        if saved:
            star = int(meta_metrics.height())
            star_x = right - time_width - star - 5
            painter.drawPixmap(
                QPointF(star_x, top),
                self.icons.pixmap("star-filled", star, accent),
            )
            star_space = star + 5
        # "Site · Section": the folder is the news site, the feed one of its sections.
        meta_text = f"{folder} · {source}" if folder and folder != source else source
        if also_in:
            meta_text += f" +{also_in}"
        meta_room = max(0.0, width - time_width - star_space - 12)
        elided = meta_metrics.elidedText(meta_text, Qt.TextElideMode.ElideRight, meta_room)
        painter.setPen(muted)
        painter.drawText(QPointF(left, baseline), elided)

        # Title (up to two lines), then the lead in the lines left.
        title_color = text_color if not read or selected else _mix(text_color, muted, 0.35)
        mark = _mix(base_color, accent, 0.22) if self.highlight is not None else None
        used = draw_text_block(
            painter,
            title,
            title_font,
            title_color,
            QPointF(left, title_top),
            width,
            TITLE_LINES,
            self._spans(title),
            mark,
        )
        lead_top = title_top + title_metrics.lineSpacing() * max(1, used) + GAP
        lead_metrics = fonts.lead_metrics
        room = rect.bottom() - PAD_Y + 2 - lead_top
        lead_lines = max(0, int(room // lead_metrics.lineSpacing()))
        draw_text_block(
            painter,
            lead,
            lead_font,
            muted,
            QPointF(left, lead_top),
            width,
            lead_lines,
            self._spans(lead),
            mark,
        )
        painter.restore()
