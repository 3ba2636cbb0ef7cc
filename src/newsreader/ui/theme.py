"""Look: fonts, light and dark palettes, and the few style rules the widgets need.

"system" follows Qt's colour scheme (`QStyleHints.colorScheme`, updated live when the desktop
switches); "light" and "dark" force a palette. Both palettes are ours (on the Fusion style) so the
window looks the same calm way on every desktop: soft surfaces, hairline separators, one accent.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from newsreader.ui.signals import emit

# Fonts with full Vietnamese coverage, best first; the system UI font is the fallback.
UI_FONTS = ("Noto Sans", "Inter", "Segoe UI", "Roboto", "Cantarell", "DejaVu Sans")


@dataclass(frozen=True, slots=True)
class Colors:
    window: str  # sidebar and chrome
    base: str  # article list and reading pane
    alternate: str
    text: str
    muted: str  # secondary text: sources, times, counts
    line: str  # hairline separators
    accent: str  # unread dot, selection, links
    accent_text: str
    selection: str  # selected row in the focused list: a soft accent tint
    selection_inactive: str  # selected row when the list has no focus
    tooltip: str
    dark: bool


LIGHT = Colors(
    window="#F4F3F0",
    base="#FFFFFF",
    alternate="#F8F7F5",
    text="#1D1C1A",
    muted="#75716B",
    line="#E3E0DA",
    accent="#C8432F",
    accent_text="#FFFFFF",
    selection="#F4DCD5",
    selection_inactive="#ECEAE6",
    tooltip="#FFFFFF",
    dark=False,
)
DARK = Colors(
    window="#1B1C1F",
    base="#222326",
    alternate="#27282C",
    text="#E8E6E3",
    muted="#9C9893",
    line="#34353A",
    accent="#E8705C",
    accent_text="#1B1C1F",
    selection="#4B322C",
    selection_inactive="#33343A",
    tooltip="#2E2F33",
    dark=True,
)


def palette_for(colors: Colors) -> QPalette:
    p = QPalette()
    c = QColor
    roles = QPalette.ColorRole
    for role, value in (
        (roles.Window, colors.window),
        (roles.WindowText, colors.text),
        (roles.Base, colors.base),
        (roles.AlternateBase, colors.alternate),
        (roles.Text, colors.text),
        (roles.Button, colors.window),
        (roles.ButtonText, colors.text),
        (roles.BrightText, colors.accent),
        (roles.Highlight, colors.selection),
        (roles.HighlightedText, colors.text),
        (roles.Link, colors.accent),
        (roles.LinkVisited, colors.accent),
        (roles.ToolTipBase, colors.tooltip),
        (roles.ToolTipText, colors.text),
        (roles.PlaceholderText, colors.muted),
        (roles.Mid, colors.line),
        (roles.Midlight, colors.alternate),
        (roles.Dark, colors.muted),
        (roles.Shadow, "#000000"),
        (roles.Light, colors.base),
        (roles.Accent, colors.accent),
    ):
        p.setColor(role, c(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, role, c(colors.muted))
    p.setColor(disabled, roles.Highlight, c(colors.line))
    # Selection is a soft tint of the accent (calm, keeps text colours); grey without focus.
    inactive = QPalette.ColorGroup.Inactive
    p.setColor(inactive, roles.Highlight, c(colors.selection_inactive))
    p.setColor(inactive, roles.HighlightedText, c(colors.text))
    return p


def stylesheet(colors: Colors) -> str:
    return f"""
QMainWindow::separator {{ background: {colors.line}; width: 1px; height: 1px; }}
QSplitter::handle {{ background: {colors.line}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QTreeView#sections {{ background: {colors.window}; border: none; outline: 0; }}
QListView#articles {{ background: {colors.base}; border: none; outline: 0; }}
QListView#goToList::item {{ padding: 5px 8px; }}
QToolBar {{ background: {colors.window}; border: none;
    border-bottom: 1px solid {colors.line}; padding: 4px 8px; spacing: 2px; }}
QToolButton {{ border: none; border-radius: 6px; padding: 5px; }}
QToolButton:hover {{ background: {colors.line}; }}
QToolButton:pressed {{ background: {colors.selection}; }}
QLineEdit#search {{ border: 1px solid {colors.line}; border-radius: 8px; padding: 5px 10px;
    background: {colors.base}; selection-background-color: {colors.accent};
    selection-color: {colors.accent_text}; }}
QLineEdit#search:focus {{ border: 1px solid {colors.accent}; }}
QStatusBar {{ background: {colors.window}; border-top: 1px solid {colors.line};
    color: {colors.muted}; }}
QStatusBar::item {{ border: none; }}
QStatusBar QLabel {{ color: {colors.muted}; padding: 0 6px; }}
QProgressBar {{ border: none; background: {colors.line}; border-radius: 3px; max-height: 6px;
    min-width: 120px; max-width: 160px; }}
QProgressBar::chunk {{ background: {colors.accent}; border-radius: 3px; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: {colors.line}; border-radius: 3px; min-height: 32px; }}
QScrollBar::handle:vertical:hover {{ background: {colors.muted}; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
QMenu {{ padding: 4px; }}
QMenu::item {{ padding: 5px 24px 5px 14px; border-radius: 4px; }}
QMenu::item:selected {{ background: {colors.accent}; color: {colors.accent_text}; }}
QMenu::separator {{ height: 1px; background: {colors.line}; margin: 4px 8px; }}
QToolTip {{ background: {colors.tooltip}; color: {colors.text}; border: 1px solid {colors.line};
    padding: 4px; }}
"""


def ui_font(point_size: float | None = None) -> QFont:
    """The UI font: the first installed of UI_FONTS, else the system's."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    families = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in families:
            font.setFamilies([family, *font.families()])
            break
    if point_size is not None:
        font.setPointSizeF(point_size)
    elif font.pointSizeF() < 10:
        font.setPointSizeF(10)
    return font


class ThemeManager(QObject):
    """Applies the chosen theme to the application and follows the system's scheme for "system"."""

    changed = Signal(bool)  # dark?

    def __init__(self, app: QApplication, choice: str = "system") -> None:
        super().__init__(app)
        self._app = app
        self.choice = choice
        self.colors = LIGHT
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._system_scheme_changed)

    @property
    def dark(self) -> bool:
        return self.colors.dark

    def system_is_dark(self) -> bool:
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def apply(self, choice: str | None = None) -> None:
        if choice is not None:
            self.choice = choice
        dark = self.choice == "dark" or (self.choice == "system" and self.system_is_dark())
        self.colors = DARK if dark else LIGHT
        self._app.setStyle("Fusion")
        self._app.setPalette(palette_for(self.colors))
        self._app.setStyleSheet(stylesheet(self.colors))
        emit(self.changed, dark)

    def _system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == "system":
            self.apply()
