"""Composition root: the only place that builds the object graph (paths -> storage, library)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from newsreader.core.library import Library, utc_now
from newsreader.core.offline.images import ImageCache
from newsreader.core.storage.recovery import open_storage
from newsreader.paths import AppPaths, app_paths
from newsreader.settings import load_settings


def open_library(
    paths: AppPaths | None = None, *, clock: Callable[[], datetime] | None = None
) -> Library:
    """Open (creating if needed) the library that lives in `paths` (default: the user's).

    `clock` (timezone-aware UTC "now") decides every question of time: tests pass a fixed one.

    A damaged database is backed up and salvaged first; the library's `recovery` attribute is
    then a `RecoveryReport` to show the user (None when nothing happened).
    """
    paths = (paths or app_paths()).ensure()
    storage, recovery = open_storage(paths.database)

    settings = load_settings(paths.settings_file)
    images = ImageCache(paths.image_cache_dir, pinned_dirs=[paths.saved_images_dir])
    # No guard given: the library's own AddressGuard (loopback/private only for subscribed feeds).
    library = Library(
        storage,
        images=images,
        saved_dir=paths.saved_images_dir,
        clock=clock or utc_now,
        retention=settings.retention(),
    )
    library.recovery = recovery
    return library


def run_gui(paths: AppPaths | None = None, argv: list[str] | None = None) -> int:
    """Open the main window; returns the process exit code."""
    os.environ.setdefault("QT_API", "pyside6")
    from newsreader.ui.main import run  # Qt is imported only when the window is wanted

    return run(paths or app_paths(), argv or [])
