"""Draws one row of the sections pane: icon, plain-text name, count on the right.

A failed feed shows the warning icon (its tooltip carries the error). The last smart view gets
some air below it, with a hairline, to set the smart views apart from the feeds.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from newsreader.ui.icons import IconSet
from newsreader.ui.sections_model import SectionRole
from newsreader.ui.thumbnails import ThumbnailCache

AnyIndex = QModelIndex | QPersistentModelIndex

ROW_PAD_Y = 6.0
ICON = 16
SMART_GAP = 12.0


class SectionDelegate(QStyledItemDelegate):
    def __init__(
        self,
        icons: IconSet,
        parent: QWidget | None = None,
        feed_icons: ThumbnailCache | None = None,
    ) -> None:
        super().__init__(parent)
        self.icons = icons
        self.feed_icons = feed_icons  # the feeds' own icons, from the image cache

    def _is_last_smart(self, index: AnyIndex) -> bool:
        return bool(index.data(SectionRole.KIND) == "saved")

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        metrics = QFontMetricsF(option.font)
        height = max(float(ICON), metrics.height()) + ROW_PAD_Y * 2
        if self._is_last_smart(index):
            height += SMART_GAP
        return QSize(160, int(height + 0.999))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect = QRectF(option.rect)
        palette: QPalette = option.palette
        state = option.state
        widget = option.widget
        font = QFont(option.font)
        if self._is_last_smart(index):
            line_y = rect.bottom() - SMART_GAP / 2
            painter.save()
            painter.setPen(palette.color(QPalette.ColorRole.Mid))
            painter.drawLine(QPointF(rect.left() + 8, line_y), QPointF(rect.right() - 8, line_y))
            painter.restore()
            rect.setBottom(rect.bottom() - SMART_GAP)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = widget is not None and widget.hasFocus()
        group = QPalette.ColorGroup.Active if focused else QPalette.ColorGroup.Inactive
        text_color = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected:
            fill = palette.color(group, QPalette.ColorRole.Highlight)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect.adjusted(2, 1, -6, -1), 6, 6)
            text_color = palette.color(group, QPalette.ColorRole.HighlightedText)

        kind = index.data(SectionRole.KIND)
        icon_name = str(index.data(SectionRole.ICON_NAME) or "feed")
        smart = kind in ("latest", "unread", "saved")
        icon_color = palette.color(QPalette.ColorRole.Accent) if smart else muted
        icon_top = rect.top() + (rect.height() - ICON) / 2
        own = str(index.data(SectionRole.FEED_ICON) or "") if kind == "feed" else ""
        pixmap = self.feed_icons.pixmap(own) if own and self.feed_icons is not None else None
        if pixmap is None or icon_name == "error":  # a failing feed shows the warning
            pixmap = self.icons.pixmap(icon_name, ICON, icon_color)
        painter.drawPixmap(QPointF(rect.left() + 6, icon_top), pixmap)

        count = int(index.data(SectionRole.COUNT) or 0)
        unread = int(index.data(SectionRole.UNREAD) or 0)
        metrics = QFontMetricsF(font)
        right = rect.right() - 14
        if count:
            count_font = QFont(font)
            count_font.setPointSizeF(font.pointSizeF() * 0.9)
            if unread and kind in ("feed", "folder", "unread"):
                count_font.setWeight(QFont.Weight.DemiBold)
            count_text = f"{count:,}".replace(",", "\u202f")
            count_metrics = QFontMetricsF(count_font)
            width = count_metrics.horizontalAdvance(count_text)
            painter.setFont(count_font)
            painter.setPen(muted)
            baseline = rect.top() + (rect.height() + count_metrics.ascent()) / 2 - 1.5
            painter.drawText(QPointF(right - width, baseline), count_text)
            right -= width + 10

        name_font = QFont(font)
        if kind == "folder":
            name_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(name_font)
        painter.setPen(text_color)
        name_metrics = QFontMetricsF(name_font)
        left = rect.left() + 6 + ICON + 9
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        elided = name_metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(0.0, right - left))
        baseline = rect.top() + (rect.height() + metrics.ascent() - metrics.descent()) / 2
        painter.drawText(QPointF(left, baseline), elided)
        painter.restore()
