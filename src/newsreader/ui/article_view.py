"""The article view: a QTextBrowser that shows sanitized articles and never touches files itself.

Qt's rich-text engine happily reads local files: for ``<img src="/etc/passwd">`` (or a relative
name, or ``file:``) QTextDocument falls back to opening the path itself whenever the resource it
gets back is *null*, and QTextImageHandler calls ``QImage::load(path)`` whenever the image it got
is null — so returning ``None`` from ``loadResource`` does not stop it (``/dev/zero`` is read
until the process dies). This view therefore answers *every* request with a value: images with a
non-null QImage (the cached picture, or a placeholder), everything else with an empty byte array,
and never calls the base implementation. The document's base URL is a non-file URL and the search
paths are empty, as a second line of defence.

Images are ``nrimg:`` references made by the sanitizer. The view decodes them, asks
``image_source(url)`` (the cache) for the bytes, decodes only JPEG/PNG/GIF/WebP/BMP (never SVG or
PDF, whose Qt plugins exist and read more than pixels) with a bounded size, and otherwise shows a
placeholder and emits ``image_wanted(url)`` once; the window fetches it and calls
``image_ready(url)``.

Links never navigate: http/https/mailto open through ``link_opener`` (the system browser by
default), anything else is ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QLineF,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QImageReader,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from newsreader.core.models import Article
from newsreader.core.offline.images import sniff_image_type

# The HTML sanitizer loads with the first article shown, not before the window's first paint.
from newsreader.ui.article_html import (
    ENCLOSURE_SCHEME,
    ENGLISH_LABELS,
    ArticleLabels,
    article_document,
    column_width_px,
    empty_document,
    page_colors,
)

__all__ = ["ArticleView", "ImageSource", "LinkOpener"]

log = logging.getLogger("newsreader.ui.article_view")

ImageSource = Callable[[str], bytes | None]
LinkOpener = Callable[[QUrl], object]

MIN_MARGIN_PX = 24  # left/right margin when the window is narrower than the column
TOP_MARGIN_PX = 28
BOTTOM_MARGIN_PX = 36
MAX_IMAGE_PIXELS = 40_000_000  # larger sources are refused before decoding (decompression bombs)
MAX_IMAGE_HEIGHT_RATIO = 6  # a picture is at most this many column widths tall once scaled
_FORMATS = {
    "image/jpeg": b"jpeg",
    "image/png": b"png",
    "image/gif": b"gif",
    "image/webp": b"webp",
    "image/bmp": b"bmp",
}  # AVIF is cached but this Qt has no AVIF plugin: it shows as a placeholder
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_NOWHERE = QUrl("nrdoc:article")  # relative names resolve here, never to a file
_IMAGE_RESOURCE = QTextDocument.ResourceType.ImageResource.value


def _no_image(_url: str) -> bytes | None:
    return None


class ArticleView(QTextBrowser):
    """Shows one article (or a message); images come only from `image_source`."""

    image_wanted = Signal(str)
    enclosure_wanted = Signal(str, int)  # "open" or "download", the enclosure's position

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        image_source: ImageSource = _no_image,
        link_opener: LinkOpener | None = None,
        labels: ArticleLabels = ENGLISH_LABELS,
    ) -> None:
        super().__init__(parent)
        self._image_source = image_source
        self._link_opener: LinkOpener = link_opener or QDesktopServices.openUrl
        self._labels = labels
        self._article: Article | None = None
        self._message: str | None = ""
        self._dark = False
        self._scale = 100
        self._requested: set[str] = set()  # image URLs already asked for (once per article)
        self._pending: list[str] = []  # image_wanted signals to emit after layout
        self._image_width = 0  # column width the current images were decoded for
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(40)  # coalesce a burst of arriving images into one layout
        self._relayout.timeout.connect(self._refresh_layout)
        self._rerender_timer = QTimer(self)
        self._rerender_timer.setSingleShot(True)
        self._rerender_timer.setInterval(150)
        self._rerender_timer.timeout.connect(self._rerender)

        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setUndoRedoEnabled(False)
        # Keyboard focus only on click, so the window's single-key shortcuts keep working.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # No keyboard selection: it would show a text cursor in a page meant to be read.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.document().setBaseUrl(_NOWHERE)
        self.anchorClicked.connect(self._on_anchor)
        self._apply_palette()
        self.show_message("")

    # -- public API --------------------------------------------------------------------------

    def show_article(self, article: Article | None) -> None:
        """Show `article` (None: an empty page) from the top."""
        if article is None:
            self.show_message("")
            return
        self._article, self._message = article, None
        self._requested.clear()
        self._render(keep_position=False)

    def show_message(self, message: str) -> None:
        """Show a single calm line instead of an article."""
        self._article, self._message = None, message
        self._requested.clear()
        self._render(keep_position=False)

    def current_article(self) -> Article | None:
        return self._article

    def set_labels(self, labels: ArticleLabels) -> None:
        """Use translated words and another date format / time zone for the meta line."""
        self._labels = labels
        self._render(keep_position=True)

    def image_ready(self, url: str) -> None:
        """The image at `url` is now in the cache: show it (layout is redone shortly)."""
        if url not in self._requested:
            return  # not an image of what is shown now (the reader has moved on)
        from newsreader.core.pages.sanitize import encode_image_ref  # loaded with an article

        ref = QUrl(encode_image_ref(url))
        image = self._image(url, self._target_width())
        if image is None:
            return  # still not there (or broken): keep the placeholder
        self.document().addResource(QTextDocument.ResourceType.ImageResource, ref, image)
        self._relayout.start()

    def set_dark(self, dark: bool) -> None:
        if dark == self._dark:
            return
        self._dark = dark
        self._apply_palette()
        self._render(keep_position=True)

    def set_text_scale(self, percent: int) -> None:
        """Text size in percent of the default (Ctrl+= / Ctrl+- drive this; 50..300)."""
        percent = max(50, min(300, int(percent)))
        if percent == self._scale:
            return
        self._scale = percent
        self._render(keep_position=True)

    def text_scale(self) -> int:
        return self._scale

    def is_dark(self) -> bool:
        return self._dark

    def scroll_page(self, down: bool) -> bool:
        """Scroll one page down (or up); False if already at the end (or the start)."""
        bar = self.verticalScrollBar()
        if down and bar.value() >= bar.maximum():
            return False
        if not down and bar.value() <= bar.minimum():
            return False
        # Keep a line of context, as a browser does.
        step = max(1, bar.pageStep() - self.fontMetrics().lineSpacing() * 2)
        bar.setValue(bar.value() + step if down else bar.value() - step)
        return True

    # -- resources: the only way content reaches the document --------------------------------

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Serve images from the cache; never let Qt read a file or the network."""
        is_image = int(getattr(type, "value", type)) == _IMAGE_RESOURCE
        try:
            if is_image:
                return self._image_for_document(name if isinstance(name, QUrl) else QUrl(name))
        except Exception:  # a bug here must not open the fallback that reads files
            log.exception("article view: loading %s failed", str(name)[:200])
            return _blank()
        # Style sheets (<link>), HTML, Markdown: nothing. An empty (but non-null) value, so
        # QTextDocument does not try the file system itself.
        return QByteArray(b" ")

    def _image_for_document(self, name: QUrl) -> QImage:
        from newsreader.core.pages.sanitize import IMAGE_SCHEME, decode_image_ref

        width = self._target_width()
        if name.scheme().lower() != IMAGE_SCHEME:
            return _blank()  # file:, relative, qrc:, http: ... never loaded
        url = decode_image_ref(name.toString())
        if url is None:
            return _blank()
        image = self._image(url, width)
        if image is not None:
            return image
        if url not in self._requested:
            self._requested.add(url)
            self._pending.append(url)
            if len(self._pending) == 1:
                # Emit after layout: a slot that answers synchronously must not re-enter it.
                QTimer.singleShot(0, self, self._emit_wanted)
        return _placeholder(width, width * 9 // 16, self._dark)

    def _emit_wanted(self) -> None:
        pending, self._pending = self._pending, []
        for url in pending:
            self.image_wanted.emit(url)

    def _image(self, url: str, width: int) -> QImage | None:
        """The cached picture for `url` scaled to fit `width`, a "broken" placeholder when the
        bytes are not a picture, or None when it is not cached."""
        try:
            data = self._image_source(url)
        except Exception:
            log.debug("image source failed for %s", url, exc_info=True)
            data = None
        if data is None:
            return None
        image = _decode(bytes(data), width, self.devicePixelRatioF())
        if image is None:
            log.debug("undecodable image %s", url)
            return _placeholder(width, width * 9 // 16, self._dark, broken=True)
        return image

    # -- rendering ---------------------------------------------------------------------------

    def _target_width(self) -> int:
        return max(64, self._column_width())

    def _column_width(self) -> int:
        width = self.viewport().width()
        bar = self.verticalScrollBar()
        if not bar.isVisible():
            # A long article is about to show a scroll bar: leave room for it now, or the
            # pictures would be a little too wide until the next re-render.
            width -= bar.sizeHint().width()
        available = width - 2 * MIN_MARGIN_PX
        return max(64, min(column_width_px(self._scale), available))

    def _render(self, *, keep_position: bool) -> None:
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if keep_position and bar.maximum() > 0 else 0.0
        if self._article is not None:
            html = article_document(
                self._article, dark=self._dark, text_scale=self._scale, labels=self._labels
            )
        else:
            html = empty_document(self._message or "", dark=self._dark)
        document = self.document()
        document.clear()  # also drops the images of the previous article
        self._image_width = self._target_width()
        self.setHtml(html)
        document.setBaseUrl(_NOWHERE)
        self._apply_margins()
        if keep_position:
            document.size()  # lay out now, so the scroll range is the new one
            bar.setValue(round(fraction * bar.maximum()))
        else:
            bar.setValue(0)

    def _rerender(self) -> None:
        if abs(self._target_width() - self._image_width) > 8:
            self._render(keep_position=True)

    def _refresh_layout(self) -> None:
        document = self.document()
        document.markContentsDirty(0, document.characterCount())
        self.viewport().update()

    def _apply_margins(self) -> None:
        """Keep the text to a readable column centred in the viewport."""
        document = self.document()
        column = self._column_width()
        side = max(MIN_MARGIN_PX, (self.viewport().width() - column) // 2)
        root = document.rootFrame()
        fmt: QTextFrameFormat = root.frameFormat()
        if (
            fmt.leftMargin() == side
            and fmt.rightMargin() == side
            and fmt.topMargin() == TOP_MARGIN_PX
        ):
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(TOP_MARGIN_PX)
        fmt.setBottomMargin(BOTTOM_MARGIN_PX)
        root.setFrameFormat(fmt)

    def _apply_palette(self) -> None:
        background, text = page_colors(self._dark)
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Base, QColor(background))
            palette.setColor(group, QPalette.ColorRole.Text, QColor(text))
        self.setPalette(palette)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_margins()
        if abs(self._target_width() - self._image_width) > 8:
            self._rerender_timer.start()  # images were sized for another column width

    # -- keys ------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Once the reader has clicked into the article, its own reading keys (scrolling, copy,
        # select all) win over window shortcuts bound to the same keys; every other key (j/k,
        # Space, letters) still goes to the window's actions.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _is_reading_key(event)
        ):
            event.accept()
            return True
        return super().event(event)

    # -- links -------------------------------------------------------------------------------

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        scheme = url.scheme().lower()
        if scheme == ENCLOSURE_SCHEME:
            action, _, position = url.path().partition("/")
            if action in ("open", "download") and position.isdigit():
                self.enclosure_wanted.emit(action, int(position))
            return
        if scheme not in _LINK_SCHEMES:
            log.info("ignored a %s link", scheme or "relative")
            return
        from newsreader.core.pages.sanitize import safe_url

        safe = safe_url(text, base_url=None, schemes=_LINK_SCHEMES)
        if safe is None:
            return
        try:
            self._link_opener(QUrl(safe))
        except Exception:
            log.exception("could not open %s", safe[:200])


_SCROLL_KEYS = frozenset(
    {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
    }
)


def _is_reading_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    key = Qt.Key(event.key())
    if modifiers == Qt.KeyboardModifier.NoModifier and key in _SCROLL_KEYS:
        return True
    return event.matches(QKeySequence.StandardKey.Copy) or event.matches(
        QKeySequence.StandardKey.SelectAll
    )


# --- images -------------------------------------------------------------------------------------


def _decode(data: bytes, width: int, ratio: float) -> QImage | None:
    """`data` decoded as a raster image of a known type, scaled down to `width` logical pixels."""
    kind = sniff_image_type(data)
    fmt = _FORMATS.get(kind or "")
    if fmt is None:
        return None
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(fmt))
    reader.setDecideFormatFromContent(False)  # never hand the bytes to the SVG or PDF plugin
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.width() <= 0 or size.height() <= 0:
        return None
    if size.width() * size.height() > MAX_IMAGE_PIXELS:
        return None
    ratio = max(1.0, ratio)
    max_w = int(width * ratio)
    target = QSize(size)
    if target.width() > max_w:
        target = QSize(max_w, max(1, round(size.height() * max_w / size.width())))
    max_h = max_w * MAX_IMAGE_HEIGHT_RATIO
    if target.height() > max_h:
        target = QSize(max(1, round(target.width() * max_h / target.height())), max_h)
    if target != size:
        reader.setScaledSize(target)  # JPEG decodes straight at the smaller size
    image = reader.read()
    if image.isNull():
        return None
    image.setDevicePixelRatio(ratio)
    return image


def _blank() -> QImage:
    """A 1×1 transparent image: a non-null answer for resources we refuse to load."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    return image


def _placeholder(width: int, height: int, dark: bool, *, broken: bool = False) -> QImage:
    """A quiet box with a small picture glyph, shown until (or instead of) the real image."""
    width, height = max(16, width), max(9, height)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#2a2c2f" if dark else "#ece8df"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = QColor("#45484d" if dark else "#d3ccbe")
        pen = QPen(ink)
        pen.setWidthF(max(1.5, min(width, height) / 100))
        painter.setPen(pen)
        side = min(width, height) / 5
        box = QRectF((width - side * 1.3) / 2, (height - side) / 2, side * 1.3, side)
        painter.drawRoundedRect(box, side / 10, side / 10)
        if broken:
            painter.drawLine(QLineF(box.topLeft(), box.bottomRight()))
        else:
            sun = side * 0.16
            painter.drawEllipse(QRectF(box.left() + side * 0.3, box.top() + side * 0.2, sun, sun))
            hills = QPolygonF(
                [
                    QPointF(box.left() + side * 0.12, box.bottom() - side * 0.15),
                    QPointF(box.left() + side * 0.5, box.top() + side * 0.5),
                    QPointF(box.left() + side * 0.75, box.top() + side * 0.7),
                    QPointF(box.left() + side * 0.95, box.top() + side * 0.45),
                    QPointF(box.right() - side * 0.12, box.bottom() - side * 0.15),
                ]
            )
            painter.drawPolyline(hills)
    finally:
        painter.end()
    return image
