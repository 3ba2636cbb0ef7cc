"""Architecture rules: the core never imports Qt or the UI; SQL stays in the storage package."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "newsreader"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt_or_ui() -> None:
    offenders = {
        str(p.relative_to(SRC)): sorted(
            m
            for m in imported_modules(p)
            if m.startswith(("PySide6", "shiboken6", "newsreader.ui"))
        )
        for p in (SRC / "core").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 8  # the rule really looked at the core


def test_sql_lives_in_storage_only() -> None:
    outside = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "storage" not in p.parts and "sqlite3" in imported_modules(p)
    ]
    assert outside == []


def test_pages_room_imports_no_other_room() -> None:
    """core/pages (HTML text, decoding, srcset, URLs, dates, extraction, listings) sits below
    fetch/, feeds/, offline/ and storage/: they may use it, it uses none of them."""
    higher = tuple(
        f"newsreader.core.{room}" for room in ("fetch", "feeds", "offline", "storage", "library")
    )
    offenders = {
        str(p.relative_to(SRC)): sorted(m for m in imported_modules(p) if m.startswith(higher))
        for p in (SRC / "core" / "pages").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 8
