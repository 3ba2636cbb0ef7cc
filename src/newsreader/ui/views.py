"""The two list views, with calm defaults and an empty state drawn in the pane itself.

`ArticleListView` uses uniform row heights (the delegate's rows are all the same height) so
100,000 rows scroll without measuring each; `keep_position` keeps what the reader sees in place
when rows are inserted above it. As the reader scrolls, it keeps the model's window of rows
around the viewport (`keep_window`: pages far above or below dropped, the page above read back
near the window's top), so a page costs the same at any depth.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QTreeView, QWidget

from newsreader.ui.articles_model import ArticleListModel


def _draw_empty_text(widget: QAbstractItemView, text: str, top: int) -> None:
    if not text:
        return
    painter = QPainter(widget.viewport())
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * 0.98)
    painter.setFont(font)
    painter.setPen(widget.palette().color(QPalette.ColorRole.PlaceholderText))
    area = widget.viewport().rect().adjusted(24, top, -24, -24)
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    painter.drawText(area, int(flags), text)  # plain text: drawText never parses markup
    painter.end()


WINDOW_EDGE_ROWS = 60  # this near the window's first row, the page above is read back
WINDOW_KEEP_ROWS = 200  # rows kept beyond the viewport on either side when pages are dropped


class ArticleListView(QListView):
    """The article list: one column of fixed-height rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articles")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.empty_text = ""
        self.verticalScrollBar().setSingleStep(24)
        self._dropping = False  # the window drops rows (see rowsAboutToBeRemoved)
        self._window_timer = QTimer(self)  # after a scroll: drop far rows, read the page above
        self._window_timer.setSingleShot(True)
        self._window_timer.setInterval(0)
        self._window_timer.timeout.connect(self.keep_window)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._window_timer.start())

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            _draw_empty_text(self, self.empty_text, self.viewport().height() // 3)

    def first_visible_row(self) -> int:
        index = self.indexAt(QPoint(4, 1))
        return index.row() if index.isValid() else -1

    def last_visible_row(self) -> int:
        index = self.indexAt(QPoint(4, self.viewport().height() - 1))
        if index.isValid():
            return index.row()
        model = self.model()
        return model.rowCount() - 1 if model is not None else -1

    def keep_window(self) -> None:
        """Keep the model's rows to a window around the viewport (see `ArticleListModel`):
        near the first row, read the page above; pages far above or below go. The selected
        row stays (`ArticleListModel.drop_above`), and what the reader sees does not move."""
        model = self.model()
        first = self.first_visible_row()
        if first < 0 or not isinstance(model, ArticleListModel):
            return
        selected = self.selectionModel().selectedIndexes()  # the open article's row stays
        keep = selected[0].row() if selected else None
        if model.more_above and first < WINDOW_EDGE_ROWS:
            with self.keep_anchor():
                model.fetch_above()
        elif first > WINDOW_KEEP_ROWS + 2 * model.page_size:  # two pages or more at once
            with self.keep_anchor(), self._dropping_rows():
                model.drop_above(first - WINDOW_KEEP_ROWS, keep)
        last = self.last_visible_row()
        if model.rowCount() - last > WINDOW_KEEP_ROWS + 2 * model.page_size:
            with self._dropping_rows():
                model.drop_below(last + WINDOW_KEEP_ROWS, keep)

    @contextmanager
    def _dropping_rows(self) -> Iterator[None]:
        self._dropping = True
        try:
            yield
        finally:
            self._dropping = False

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home goes to the top of the list even when the window of rows left it."""
        model = self.model()
        home = cursorAction == QAbstractItemView.CursorAction.MoveHome
        if home and isinstance(model, ArticleListModel) and model.more_above:
            with self._dropping_rows():
                model.restart_at_top()
            return model.index(0, 0)
        return super().moveCursor(cursorAction, modifiers)

    def rowsInserted(
        self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int
    ) -> None:
        super().rowsInserted(parent, start, end)
        self._window_timer.start()  # e.g. a sync's new articles: the window may need a trim

    def rowsAboutToBeRemoved(
        self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int
    ) -> None:
        """Rows dropped from the window take the current row with them quietly: Qt would move
        it to a neighbour and, in single selection, select (open) that article."""
        current = self.currentIndex()
        if self._dropping and current.isValid() and start <= current.row() <= end:
            self.selectionModel().clear()  # (the article view keeps what it shows)
        super().rowsAboutToBeRemoved(parent, start, end)

    @contextmanager
    def keep_anchor(self) -> Iterator[None]:
        """Keep the first row the reader sees where it is while rows above it come or go."""
        bar = self.verticalScrollBar()
        anchor = self.indexAt(QPoint(4, 1))
        if not anchor.isValid():
            yield
            return
        offset = self.visualRect(anchor).top()
        keep = QPersistentModelIndex(anchor)
        yield
        if not keep.isValid():
            return
        self.doItemsLayout()
        rect: QRect = self.visualRect(self.model().index(keep.row(), 0))
        bar.setValue(bar.value() + rect.top() - offset)

    @contextmanager
    def keep_position(self) -> Iterator[None]:
        """Keep the rows the reader sees where they are while the model inserts rows above them.

        At the very top the list is left alone, so new articles appear as they arrive."""
        bar = self.verticalScrollBar()
        anchor = self.indexAt(QPoint(4, 1))
        at_top = bar.value() == 0
        offset = self.visualRect(anchor).top() if anchor.isValid() else 0
        keep = QPersistentModelIndex(anchor) if anchor.isValid() else None
        yield
        if at_top or keep is None or not keep.isValid():
            return
        self.doItemsLayout()
        rect: QRect = self.visualRect(self.model().index(keep.row(), 0))
        bar.setValue(bar.value() + rect.top() - offset)


class SectionsView(QTreeView):
    """The sections tree: no header, no frame; shows a hint when there are no feeds yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sections")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHeaderHidden(True)
        self.setIndentation(14)
        self.setAnimated(False)
        self.setExpandsOnDoubleClick(True)
        # Ctrl/Shift+click select several feeds and folders (to remove them at once); the
        # current one is what the list shows.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setViewportMargins(0, 8, 0, 0)
        self.empty_text = ""

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.empty_text:
            return
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        last = model.index(rows - 1, 0) if rows else None
        top = self.visualRect(last).bottom() + 28 if last is not None else 24
        _draw_empty_text(self, self.empty_text, top)
