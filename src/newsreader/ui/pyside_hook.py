"""PySide6's import hook, answered without reading every module's source through `inspect`.

Once PySide6 is imported, it looks at every module imported after it to decide whether the
module "uses PySide" (for its opt-in `__feature__` switches: snake_case, true_property):
`shibokensupport.feature._mod_uses_pyside` runs `inspect.getsource(module)` and searches the text
for "PySide6". For the ~130 modules the window imports after PySide6 that took ~10 ms of the
start-up (docs/perf.md). `install()` puts a check with the same answer in its place -- the
module's `.py` file read as bytes and searched for b"PySide6" -- and leaves everything else
(a module without a `.py` file, a read that fails) to PySide6's own check. Where a PySide6
release no longer has that function, nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

MARK = b"PySide6"


def uses_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """PySide6's answer for `module`: does its source mention PySide6?"""
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as source:
                return MARK in source.read()
        except OSError:
            pass
    return fallback(module)


def install() -> bool:
    """Replace PySide6's check (once); False when this PySide6 has none to replace."""
    import PySide6.QtCore  # noqa: F401  (its import installs the hook)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "newsreader_fast", False):
        return True

    def fast(module: ModuleType) -> bool:
        return uses_pyside(module, original)

    fast.newsreader_fast = True  # type: ignore[attr-defined]
    fast.original = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = fast  # type: ignore[attr-defined]
    return True
