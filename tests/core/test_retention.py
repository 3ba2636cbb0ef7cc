"""Retention: one home for the defaults, one value passed in, the library owns the cache size."""

from __future__ import annotations

import re
from pathlib import Path

from newsreader.core.library import Library
from newsreader.core.retention import DEFAULT_RETENTION, Retention
from newsreader.core.storage import Storage
from tests.guards import PermissiveGuard

SRC = Path(__file__).resolve().parents[2] / "src" / "newsreader"


def test_the_library_applies_the_retention_it_is_given(tmp_path: Path) -> None:
    with Library(Storage(tmp_path / "db.sqlite3"), PermissiveGuard()) as lib:
        assert lib.retention == DEFAULT_RETENTION
        assert lib.images.max_bytes == 500 * 1024 * 1024
        lib.set_retention(Retention(image_cache_mb=12))
        assert lib.images.max_bytes == 12 * 1024 * 1024
        lib.prune(Retention(keep_read_days=5, image_cache_mb=7))
        assert lib.retention.keep_read_days == 5 and lib.images.max_bytes == 7 * 1024 * 1024
    keep = Retention(image_cache_mb=20)
    with Library(Storage(tmp_path / "b.sqlite3"), PermissiveGuard(), retention=keep) as lib:
        assert lib.images.max_bytes == 20 * 1024 * 1024


def test_defaults_and_cache_size_have_one_home() -> None:
    """90/2000/5000 are written once; only the library sets the image cache's size."""
    for number in ("90", "2_000", "5_000"):
        homes = [
            str(p.relative_to(SRC))
            for p in SRC.rglob("*.py")
            if re.search(rf"(?:keep\w*|days)[^\n]*\b{number}\b", p.read_text(encoding="utf-8"))
        ]
        assert homes == ["core/retention.py"], number
    pokes = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if re.search(r"\.max_bytes\s*=", p.read_text(encoding="utf-8"))
    ]
    assert sorted(pokes) == ["core/library.py", "core/offline/images.py"]
