"""Composition root: the only place that builds the object graph (paths -> storage, library)."""

from __future__ import annotations

import os

from newsreader.core.images import ImageCache
from newsreader.core.library import Library
from newsreader.core.net import HttpClient
from newsreader.core.storage import Storage
from newsreader.paths import AppPaths, app_paths


def open_library(paths: AppPaths | None = None) -> Library:
    """Open (creating if needed) the library that lives in `paths` (default: the user's)."""
    paths = (paths or app_paths()).ensure()
    images = ImageCache(paths.image_cache_dir, pinned_dirs=[paths.saved_images_dir])
    return Library(
        Storage(paths.database), HttpClient(), images=images, saved_dir=paths.saved_images_dir
    )


def run_gui(paths: AppPaths | None = None, argv: list[str] | None = None) -> int:
    """Open the main window; returns the process exit code."""
    os.environ.setdefault("QT_API", "pyside6")
    from newsreader.ui.main import run  # Qt is imported only when the window is wanted

    return run(paths or app_paths(), argv or [])
