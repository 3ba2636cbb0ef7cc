"""The settings schema: defaults, round trip, damaged files, values out of range, unknown keys."""

from __future__ import annotations

import json
from pathlib import Path

from newsreader.settings import Settings, SettingsStore, load_settings, save_settings


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.json")
    assert settings == Settings()
    assert settings.refresh_minutes == 30 and settings.open_marks_read
    assert settings.theme == "system" and settings.language == "system"
    assert settings.keep_read_days == 90 and settings.image_cache_mb == 500


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    store = SettingsStore(path)
    store.update(
        refresh_minutes=15,
        open_marks_read=False,
        text_scale=120,
        theme="dark",
        language="vi",
        keys={"toggle_saved": ["Ctrl+S"], "go_latest": ["G, L", "Alt+1"]},
        splitter_sizes=[200, 400, 700],
        last_section="feed:3",
    )
    again = load_settings(path)
    assert again == store.value
    assert again.keys["go_latest"] == ["G, L", "Alt+1"]
    assert json.loads(path.read_text(encoding="utf-8"))["theme"] == "dark"
    assert not list(path.parent.glob(".settings-*"))  # no temporary files left behind


def test_damaged_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text("[1, 2]", encoding="utf-8")
    assert load_settings(path) == Settings()


def test_bad_values_fall_back_and_numbers_are_clamped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "refresh_minutes": -5,
                "text_scale": 10_000,
                "theme": "purple",
                "language": 3,
                "open_marks_read": "yes",
                "keys": {"toggle_saved": ["S", 4], "x": "not a list"},
                "splitter_sizes": [1, "a"],
            }
        ),
        encoding="utf-8",
    )
    s = load_settings(path)
    assert s.refresh_minutes == 0 and s.text_scale == 300
    assert s.theme == "system" and s.language == "system" and s.open_marks_read is True
    assert s.keys == {"toggle_saved": ["S"]}
    assert s.splitter_sizes == []


def test_unknown_keys_from_a_newer_version_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"future_option": {"a": 1}, "theme": "light"}), encoding="utf-8")
    store = SettingsStore(path)
    store.update(text_scale=110)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["future_option"] == {"a": 1} and data["theme"] == "light"
    assert data["text_scale"] == 110


def test_save_settings_writes_utf8(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(last_section="folder:Kinh tế & Đô thị"))
    assert "Kinh tế & Đô thị" in path.read_text(encoding="utf-8")
    assert load_settings(path).last_section == "folder:Kinh tế & Đô thị"


def test_retention_defaults_have_one_home() -> None:
    from newsreader.core.retention import DEFAULT_RETENTION

    assert Settings().retention() == DEFAULT_RETENTION
