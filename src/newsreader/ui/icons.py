"""Icons: the SVGs in resources/icons, tinted with the theme's text colour.

The line icons are drawn in black and recoloured here (so one file serves light and dark);
`error` and the application icon keep their own colours.
"""

from __future__ import annotations

import importlib.resources
import logging
from functools import cache

from PySide6.QtCore import QByteArray, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger("newsreader.ui.icons")

_KEEP_COLOURS = frozenset({"error", "newsreader"})
_SIZES = (16, 20, 24, 32, 48)
_APP_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
_APP_ICON_ATTR = "_newsreader_app_icon"


@cache
def svg_data(name: str) -> bytes:
    resource = importlib.resources.files("newsreader.resources") / "icons" / f"{name}.svg"
    try:
        return resource.read_bytes()
    except OSError:
        log.warning("missing icon %s", name)
        return b""


def render(name: str, size: int, color: QColor | None = None, scale: float = 1.0) -> QPixmap:
    """Icon `name` as a `size`-pixel square, tinted with `color` unless it keeps its own."""
    pixels = max(1, round(size * scale))
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(svg_data(name)))
    if renderer.isValid():
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, pixels, pixels))
        if color is not None and name not in _KEEP_COLOURS:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(image.rect(), color)
        painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(scale)
    return pixmap


class IconSet:
    """Tinted icons for one colour scheme, cached by name."""

    def __init__(self, color: QColor, disabled: QColor | None = None, scale: float = 1.0) -> None:
        self.color = QColor(color)
        self.disabled = QColor(disabled) if disabled is not None else QColor(color)
        if disabled is None:
            self.disabled.setAlphaF(0.35)
        self.scale = scale
        self._icons: dict[str, QIcon] = {}
        self._pixmaps: dict[tuple[str, int, str], QPixmap] = {}

    def icon(self, name: str) -> QIcon:
        found = self._icons.get(name)
        if found is None:
            found = QIcon()
            for size in _SIZES:
                found.addPixmap(render(name, size, self.color, self.scale))
                found.addPixmap(render(name, size, self.disabled, self.scale), QIcon.Mode.Disabled)
            self._icons[name] = found
        return found

    def pixmap(self, name: str, size: int, color: QColor | None = None) -> QPixmap:
        """A cached pixmap for painting in delegates."""
        tint = color or self.color
        key = (name, size, tint.name(QColor.NameFormat.HexArgb))
        found = self._pixmaps.get(key)
        if found is None:
            found = self._pixmaps[key] = render(name, size, tint, self.scale)
        return found


def app_icon() -> QIcon:
    """Newsreader's own icon, 8 sizes up to 256 px: rendered once per application (6 ms) and
    kept on it, so it goes with the application (the window, the tray and its badge share it)."""
    app = QCoreApplication.instance()
    kept = getattr(app, _APP_ICON_ATTR, None)
    if isinstance(kept, QIcon):
        return kept
    icon = QIcon()
    for size in _APP_SIZES:
        icon.addPixmap(render("newsreader", size))
    if app is not None:
        setattr(app, _APP_ICON_ATTR, icon)
    return icon
