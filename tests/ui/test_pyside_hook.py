"""PySide6's import-hook check replaced by one that reads the file as bytes: the same answer as
PySide6's own (`inspect.getsource` searched for "PySide6") for every module loaded here."""

from __future__ import annotations

import sys
from types import ModuleType

import newsreader.ui  # noqa: F401  (installs the check)
from newsreader.ui import pyside_hook


def test_the_fast_check_answers_as_pyside_does_for_every_loaded_module() -> None:
    feature = sys.modules["shibokensupport.feature"]
    installed = feature._mod_uses_pyside
    assert getattr(installed, "newsreader_fast", False), "not installed"
    original = installed.original
    modules = [m for m in list(sys.modules.values()) if isinstance(m, ModuleType)]
    answers = {m.__name__: installed(m) for m in modules}
    assert answers == {m.__name__: original(m) for m in modules}
    assert answers["newsreader.ui.window"] is True  # imports PySide6
    assert answers["newsreader.core.library"] is False  # the core never does
    assert answers["sys"] is False  # built in: PySide6's own check answers


def test_install_is_idempotent() -> None:
    feature = sys.modules["shibokensupport.feature"]
    before = feature._mod_uses_pyside
    assert pyside_hook.install()
    assert feature._mod_uses_pyside is before
