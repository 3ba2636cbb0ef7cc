"""Composition root: the only place that builds the object graph (paths -> storage, library)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from newsreader.core.library import Library, utc_now
from newsreader.core.offline.images import ImageCache
from newsreader.core.secrets import Credentials
from newsreader.core.storage.recovery import open_storage
from newsreader.paths import AppPaths, app_paths
from newsreader.settings import load_settings

if TYPE_CHECKING:
    from newsreader.core.fetch.http import HttpClient


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

    def client() -> HttpClient:
        # Built on first use (the network stack is a fifth of the window's start-up).
        from newsreader.core.fetch.addresses import AddressGuard
        from newsreader.core.fetch.http import HttpClient
        from newsreader.core.fetch.proxy import ProxySettings

        # No feed, redirect, page or image may reach a local address unless the user
        # subscribed to a feed there (see core/fetch/addresses.py).
        return HttpClient(
            address_policy=AddressGuard(storage.feed_urls),
            proxy=ProxySettings(settings.proxy_mode, settings.proxy_url),
        )

    settings = load_settings(paths.settings_file)
    images = ImageCache(
        paths.image_cache_dir,
        max_bytes=settings.image_cache_mb * 1024 * 1024,
        pinned_dirs=[paths.saved_images_dir],
    )
    library = Library(
        storage,
        client,
        images=images,
        saved_dir=paths.saved_images_dir,
        config_dir=paths.config_dir,
        clock=clock or utc_now,
        credentials=Credentials(paths.config_dir),
    )
    library.recovery = recovery
    return library


def run_gui(paths: AppPaths | None = None, argv: list[str] | None = None) -> int:
    """Open the main window; returns the process exit code."""
    os.environ.setdefault("QT_API", "pyside6")
    from newsreader.ui.main import run  # Qt is imported only when the window is wanted

    return run(paths or app_paths(), argv or [], fast_exit=True)
