"""Language: which UI language to use, loading its translation, and dates in that language.

English is the source language (`newsreader_en.qm` only adds its plural forms); Vietnamese ships
as `resources/translations/newsreader_vi.qm`. Both are compiled from the .ts files next to them
with `lrelease` and committed, so no build step is needed. Times are shown in the user's timezone
(the system's) and the UI language's conventions.
"""

from __future__ import annotations

import importlib.resources
import logging
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QLocale, QTranslator

log = logging.getLogger("newsreader.ui.i18n")

SUPPORTED = ("en", "vi")

# Qt ships no Vietnamese translation of its own widgets; these are the strings of Qt's that our
# window shows (dialog buttons, text context menus), translated in our .ts file.
QT_STRINGS = (
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Open"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&No"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Help"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Reset"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Restore Defaults"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Discard"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Copy"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "Copy &Link Location"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "Select All"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Undo"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Redo"),
    QT_TRANSLATE_NOOP("QLineEdit", "Cu&t"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Copy"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Paste"),
    QT_TRANSLATE_NOOP("QLineEdit", "Delete"),
    QT_TRANSLATE_NOOP("QLineEdit", "Select All"),
    QT_TRANSLATE_NOOP("QMessageBox", "Show Details..."),
    QT_TRANSLATE_NOOP("QMessageBox", "Hide Details..."),
    QT_TRANSLATE_NOOP("QKeySequenceEdit", "Press shortcut"),
)


def ui_language(choice: str, system: QLocale | None = None) -> str:
    """ "en" or "vi": the user's choice, or for "system" the system locale's language."""
    if choice in SUPPORTED:
        return choice
    locale = system or QLocale.system()
    if locale.language() == QLocale.Language.Vietnamese:
        return "vi"
    for name in locale.uiLanguages():
        if name.lower().startswith("vi"):
            return "vi"
    return "en"


def locale_for(language: str) -> QLocale:
    if language == "vi":
        return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def translation_file(language: str) -> bytes | None:
    """The compiled translation for `language` (English's holds only its plural forms)."""
    resource = (
        importlib.resources.files("newsreader.resources")
        / "translations"
        / f"newsreader_{language}.qm"
    )
    try:
        return resource.read_bytes()
    except OSError:
        log.warning("no translation for %s", language)
        return None


# The translation installed in the application (one per process), with the buffer it reads from.
_installed: list[tuple[QTranslator, bytes]] = []


class Translations:
    """Installs the UI translation of one language in the application, replacing any other."""

    def __init__(self) -> None:
        self.language = "en"

    def install(self, language: str) -> bool:
        """Switch to `language`; False if its translation could not be loaded."""
        while _installed:
            translator, _data = _installed.pop()
            QCoreApplication.removeTranslator(translator)
        self.language = "en"
        QLocale.setDefault(locale_for("en"))
        data = translation_file(language)
        if data is None:
            return False
        translator = QTranslator()
        if not translator.load(data):
            log.warning("could not load the %s translation", language)
            return False
        QCoreApplication.installTranslator(translator)
        _installed.append((translator, data))  # QTranslator reads from `data`: keep it alive
        self.language = language
        QLocale.setDefault(locale_for(language))
        return True


def local_datetime(when: datetime) -> QDateTime:
    """`when` (aware) as a QDateTime in the system's timezone."""
    return QDateTime.fromMSecsSinceEpoch(int(when.timestamp() * 1000))


def relative_time(when: datetime | None, now: datetime, locale: QLocale | None = None) -> str:
    """ "5 min ago", "yesterday 14:05", "Tue 09:12", "3 Mar", "3 Mar 2024" — or in Vietnamese."""
    if when is None:
        return ""
    locale = locale or QLocale()
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return QCoreApplication.translate("RelativeTime", "just now")
    if seconds < 3600:
        return QCoreApplication.translate("RelativeTime", "%n min ago", None, int(seconds // 60))
    local_when = when.astimezone()
    local_now = now.astimezone()
    days = (local_now.date() - local_when.date()).days
    if seconds < 6 * 3600 or days == 0:
        return QCoreApplication.translate("RelativeTime", "%n h ago", None, int(seconds // 3600))
    qt_when = local_datetime(when)
    clock = locale.toString(qt_when, "HH:mm")
    if days == 1:
        return QCoreApplication.translate("RelativeTime", "yesterday %1").replace("%1", clock)
    if days < 7:
        return locale.toString(qt_when, "ddd") + " " + clock
    if local_when.year == local_now.year:
        return locale.toString(qt_when.date(), QCoreApplication.translate("RelativeTime", "d MMM"))
    return locale.toString(qt_when.date(), QCoreApplication.translate("RelativeTime", "d MMM yyyy"))
