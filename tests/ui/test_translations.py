"""The Vietnamese translation loads, and covers every UI string in the source."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from typing import Any

import PySide6
import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from newsreader.ui.actions import ACTIONS, translated
from newsreader.ui.i18n import Translations, relative_time, ui_language
from tests.ui.conftest import NOW

REPO = Path(__file__).resolve().parents[2]
TS_DIR = REPO / "resources" / "translations"
UI_DIR = REPO / "src" / "newsreader" / "ui"
LUPDATE = Path(PySide6.__file__).parent / "lupdate"


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def test_every_vietnamese_message_is_translated() -> None:
    found = messages(TS_DIR / "newsreader_vi.ts")
    assert len(found) > 150
    untranslated = [
        key
        for key, m in found.items()
        if (t := m.find("translation")) is None
        or t.get("type") in ("unfinished", "vanished", "obsolete")
        or not ((t.text or "").strip() or any((f.text or "").strip() for f in t))
    ]
    assert untranslated == []


@pytest.mark.skipif(not LUPDATE.exists(), reason="lupdate is not installed with PySide6")
def test_translation_file_covers_every_string_in_the_source(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in UI_DIR.glob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(LUPDATE), "-silent", "-locations", "none", *sources, "-ts", str(fresh)],
        check=True,
        timeout=60,
    )
    shipped = set(messages(TS_DIR / "newsreader_vi.ts"))
    assert set(messages(fresh)) - shipped == set()


def test_compiled_files_match_their_sources(tmp_path: Path) -> None:
    # Compare contents, not modification times (a fresh clone gives every file the same time).
    lrelease = Path(PySide6.__file__).parent / "lrelease"
    for lang in ("vi", "en"):
        ts, qm = TS_DIR / f"newsreader_{lang}.ts", TS_DIR / f"newsreader_{lang}.qm"
        fresh = tmp_path / qm.name
        subprocess.run([str(lrelease), str(ts), "-qm", str(fresh)], check=True, capture_output=True)
        assert qm.read_bytes() == fresh.read_bytes(), f"run lrelease on {ts.name}"


def test_vietnamese_loads_and_translates(qapp: Any) -> None:
    translations = Translations()
    try:
        assert translations.install("vi")
        assert QCoreApplication.translate("Sections", "Unread") == "Chưa đọc"
        assert translated(next(a for a in ACTIONS if a.id == "add_feed").label).startswith(
            "&Thêm nguồn tin"
        )
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
        assert relative_time(NOW - timedelta(minutes=5), NOW) == "5 phút trước"
        assert relative_time(NOW - timedelta(seconds=5), NOW) == "vừa xong"
        assert relative_time(NOW - timedelta(days=40), NOW).count("/") == 1  # dd/MM
        assert QLocale().language() == QLocale.Language.Vietnamese
    finally:
        translations.install("en")
    assert QCoreApplication.translate("Sections", "Unread") == "Unread"
    assert relative_time(NOW - timedelta(minutes=5), NOW) == "5 min ago"
    assert relative_time(NOW - timedelta(minutes=1), NOW) == "1 min ago"
    from newsreader.ui.window import MainWindow  # English plural forms come from newsreader_en

    assert QCoreApplication.translate("MainWindow", "%n new articles", None, 1) == "1 new article"
    assert MainWindow.__name__ == "MainWindow"


def test_language_follows_the_system_locale_unless_chosen() -> None:
    vietnamese = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    assert ui_language("system", vietnamese) == "vi"
    assert ui_language("system", english) == "en"
    assert ui_language("en", vietnamese) == "en"
    assert ui_language("vi", english) == "vi"
