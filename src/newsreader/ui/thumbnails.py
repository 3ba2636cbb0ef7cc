"""Thumbnails for the article list: from the image cache, scaled once, kept in memory.

`pixmap(url)` answers at once from memory; on a miss it asks a worker to read the cache (and, if
the library can, download the image), decode and crop it, then emits `ready(url)` so the list
repaints. Nothing here touches the network or the disk on the GUI thread. The misses of one paint
go to the workers together once that paint is done (a zero-delay timer): a worker's Python would
otherwise contend for the GIL with the delegate still painting (it slowed the window's first
paint: docs/perf.md). They go a few to a task: each task handed over costs the GUI
thread a wait for the GIL while its worker starts.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QImage, QPainter, QPixmap

from newsreader.ui.signals import emit
from newsreader.ui.workers import Workers

log = logging.getLogger("newsreader.ui.thumbnails")

ImageSource = Callable[[str], bytes | None]
ImageFetcher = Callable[[str], bytes]

_MAX_IMAGE_BYTES = 8 * 1024 * 1024
THUMBNAIL_SIZE = QSize(84, 60)
THUMBNAIL_RADIUS = 6.0  # corner radius, in the list's (logical) pixels
URLS_PER_TASK = 4  # misses loaded by one worker task (a few tasks still fetch in parallel)
Loaded = list[tuple[str, QImage | None, BaseException | None]]


def cover_image(data: bytes, size: QSize, radius: float = 0.0) -> QImage | None:
    """`data` decoded, scaled to cover `size` and centre-cropped, with corners rounded by
    `radius` pixels (done here, in a worker, so the list draws it without clipping); None if
    it is not an image."""
    if not data or len(data) > _MAX_IMAGE_BYTES:
        return None
    image = QImage.fromData(data)
    if image.isNull() or image.width() < 2 or image.height() < 2:
        return None
    scaled = image.scaled(
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    x = max(0, (scaled.width() - size.width()) // 2)
    y = max(0, (scaled.height() - size.height()) // 2)
    cropped = scaled.copy(QRect(x, y, size.width(), size.height()))
    if radius <= 0:
        return cropped
    rounded = QImage(cropped.size(), QImage.Format.Format_ARGB32_Premultiplied)
    rounded.fill(Qt.GlobalColor.transparent)
    painter = QPainter(rounded)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(cropped))
    painter.drawRoundedRect(QRectF(rounded.rect()), radius, radius)
    painter.end()
    return rounded


class ThumbnailCache(QObject):
    """Decoded, cropped thumbnails by URL (a bounded LRU), loaded in the background."""

    ready = Signal(str)  # a URL's picture loaded, or failed to (see `failed`): repaint its rows

    def __init__(
        self,
        workers: Workers,
        cached: ImageSource | None,
        fetch: ImageFetcher | None = None,
        *,
        size: QSize = THUMBNAIL_SIZE,
        scale: float = 1.0,
        capacity: int = 400,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workers = workers
        self._cached = cached
        self._fetch = fetch
        self.size = size
        self._pixels = QSize(round(size.width() * scale), round(size.height() * scale))
        self._scale = scale
        self._capacity = capacity
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._missing: set[str] = set()
        self._loading: set[str] = set()
        self._queued: list[str] = []  # misses of this event-loop turn, sent by `_send`
        self._send_timer = QTimer(self)
        self._send_timer.setSingleShot(True)
        self._send_timer.setInterval(0)
        self._send_timer.timeout.connect(self._send)

    @property
    def enabled(self) -> bool:
        return self._cached is not None or self._fetch is not None

    def pixmap(self, url: str) -> QPixmap | None:
        """The thumbnail if it is ready; otherwise None (and it is being loaded, if it can be)."""
        if not url:
            return None
        found = self._pixmaps.get(url)
        if found is not None:
            self._pixmaps.move_to_end(url)
            return found
        if url not in self._missing and url not in self._loading and self.enabled:
            self._load(url)
        return None

    def failed(self, url: str) -> bool:
        """The picture could not be had (not cached, not reachable): rows show no box for it."""
        return url in self._missing

    def retry_missing(self) -> None:
        """Forget failed loads (after a refresh the network or the cache may have them)."""
        self._missing.clear()

    def _load(self, url: str) -> None:
        self._loading.add(url)
        self._queued.append(url)
        if not self._send_timer.isActive():
            self._send_timer.start()

    def _send(self) -> None:
        """Hand this turn's misses to the workers, `URLS_PER_TASK` to a task."""
        queued, self._queued = self._queued, []
        for start in range(0, len(queued), URLS_PER_TASK):
            self._submit(queued[start : start + URLS_PER_TASK])

    def _submit(self, urls: list[str]) -> None:
        cached, fetch, pixels = self._cached, self._fetch, self._pixels
        radius = THUMBNAIL_RADIUS * self._scale

        def one(url: str) -> QImage | None:
            data = cached(url) if cached is not None else None
            if data is None and fetch is not None:
                data = fetch(url)
            return cover_image(data, pixels, radius) if data else None

        def work() -> Loaded:
            loaded: Loaded = []
            for url in urls:
                try:
                    loaded.append((url, one(url), None))
                except Exception as exc:  # one picture's failure is its own
                    loaded.append((url, None, exc))
            return loaded

        def done(loaded: Loaded) -> None:
            for url, image, exc in loaded:
                self._store(url, image, exc)

        def failed(exc: BaseException) -> None:
            for url in urls:
                self._store(url, None, exc)

        self._workers.run(work, done, failed)

    def _store(self, url: str, image: QImage | None, exc: BaseException | None = None) -> None:
        self._loading.discard(url)
        if image is None:
            if exc is not None:
                log.debug("no thumbnail for %s: %s", url, exc)
            self._missing.add(url)
            emit(self.ready, url)
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self._scale)
        self._pixmaps[url] = pixmap
        while len(self._pixmaps) > self._capacity:
            self._pixmaps.popitem(last=False)
        emit(self.ready, url)
