"""Look: themes, icons, fonts and plain-text rendering of hostile titles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QPalette
from PySide6.QtSvg import QSvgRenderer

from newsreader.core.library import Library
from newsreader.ui.icons import app_icon, svg_data
from newsreader.ui.theme import DARK, LIGHT, ThemeManager, ui_font
from tests.ui.conftest import add_feed, entries

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def test_every_icon_is_a_valid_svg() -> None:
    names = sorted(p.stem for p in ICONS.glob("*.svg"))
    assert "newsreader" in names and "error" in names
    for name in names:
        assert QSvgRenderer(QByteArray(svg_data(name))).isValid(), name


def test_app_icon_has_sizes(qapp: Any) -> None:
    icon = app_icon()
    assert not icon.isNull() and len(icon.availableSizes()) >= 4


def test_forced_themes_set_the_palette(qapp: Any) -> None:
    theme = ThemeManager(qapp, "dark")
    seen: list[bool] = []
    theme.changed.connect(seen.append)
    try:
        theme.apply()
        assert qapp.palette().color(QPalette.ColorRole.Base) == QColor(DARK.base)
        theme.apply("light")
        assert qapp.palette().color(QPalette.ColorRole.Base) == QColor(LIGHT.base)
        assert seen == [True, False]
        theme.apply("system")  # offscreen reports no dark scheme
        assert theme.dark is theme.system_is_dark()
    finally:
        theme.apply("light")


def test_ui_font_covers_vietnamese(qapp: Any) -> None:
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(ui_font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "đĐộựẫờ")


def test_titles_with_markup_are_drawn_as_text(
    qtbot: Any, make_window: Any, library: Library
) -> None:
    from dataclasses import replace

    hostile = replace(
        entries("x", 1)[0],
        title='<img src="/etc/passwd"><b>Tin</b>\u202enóng',
        summary="<script>alert(1)</script> tóm tắt",
    )
    add_feed(library, "<i>Nguồn</i>", [hostile])
    window = make_window(library).window
    window.article_list.viewport().repaint()  # paints through the delegate without error
    index = window.articles_model.index(0)
    assert index.data() == '<img src="/etc/passwd"><b>Tin</b> nóng'  # literal, bidi removed
    feed_index = window.sections_model.index(3, 0)
    assert feed_index.data() == "<i>Nguồn</i>"
