"""Paths: platformdirs by default, everything under NEWSREADER_HOME or --home when given."""

from pathlib import Path

import pytest

from newsreader.paths import app_paths


def test_home_puts_everything_under_one_dir(tmp_path: Path) -> None:
    p = app_paths(tmp_path / "h").ensure()
    assert p.data_dir == (tmp_path / "h" / "data").resolve()
    assert p.cache_dir.parent == p.config_dir.parent == p.data_dir.parent
    assert p.database.parent == p.data_dir and p.data_dir.is_dir() and p.config_dir.is_dir()


def test_env_var_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSREADER_HOME", str(tmp_path))
    assert app_paths().data_dir == tmp_path.resolve() / "data"
    assert app_paths(tmp_path / "x").data_dir == (tmp_path / "x").resolve() / "data"  # option wins


def test_platform_dirs_without_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSREADER_HOME", raising=False)
    p = app_paths()
    assert "newsreader" in str(p.data_dir).lower()
    assert len({p.data_dir, p.cache_dir, p.config_dir}) == 3
