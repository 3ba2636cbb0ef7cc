"""`newsreader install-desktop`: the menu entry and icon land in the user's XDG data dir, point at
this installation, and `--remove` takes exactly them away."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from newsreader import desktop_entry
from newsreader.cli import main


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_writes_entry_and_icon_under_xdg_data_home(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "share"), "HOME": str(tmp_path / "home")}
    files = desktop_entry.install(env, command=["/opt/my apps/newsreader"])
    assert files.entry == tmp_path / "share" / "applications" / "newsreader.desktop"
    assert files.icon == tmp_path / "share/icons/hicolor/scalable/apps/newsreader.svg"
    entry = _entry(files.entry)
    assert entry["Exec"] == '"/opt/my apps/newsreader"'
    assert entry["TryExec"] == "/opt/my apps/newsreader"
    assert entry["Icon"] == "newsreader"
    assert entry["Name[vi]"] == "Đọc báo Newsreader"
    assert files.icon.read_bytes().startswith(b"<svg")
    assert desktop_entry.is_installed(env)
    assert desktop_entry.remove(env) == [files.entry, files.icon]
    assert not files.entry.exists() and not files.icon.exists()
    assert desktop_entry.remove(env) == []


def test_data_home_falls_back_to_local_share(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert desktop_entry.data_home({"HOME": str(home)}) == home / ".local/share"
    relative = {"HOME": str(home), "XDG_DATA_HOME": "relative/dir"}  # the spec says: ignore it
    assert desktop_entry.data_home(relative) == home / ".local/share"


def test_launch_command_is_this_installation(tmp_path: Path) -> None:
    script = tmp_path / "venv" / "bin" / "newsreader"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    assert desktop_entry.launch_command(str(script)) == [str(script)]
    fallback = desktop_entry.launch_command(str(tmp_path / "pytest"))
    assert fallback[0].endswith("newsreader") or fallback[1:] == ["-m", "newsreader"]


def test_cli_install_desktop_and_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["install-desktop"]) == 0
    entry = tmp_path / "share" / "applications" / "newsreader.desktop"
    assert str(entry) in capsys.readouterr().out
    assert _entry(entry)["Exec"]
    assert main(["install-desktop", "--remove"]) == 0
    assert "Removed" in capsys.readouterr().out
    assert not entry.exists()
    assert main(["install-desktop", "--remove"]) == 0
    assert "was not in the application menu" in capsys.readouterr().out
