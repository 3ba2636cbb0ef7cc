"""Composition root: the only place that builds the object graph (paths -> storage, library).

The window (ui/main.py) and the command line call `open_library`; this module imports neither.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from newsreader.core.library import Library, utc_now
from newsreader.core.offline.images import ImageCache
from newsreader.core.secrets import Credentials
from newsreader.core.storage.recovery import open_storage
from newsreader.paths import AppPaths, app_paths
from newsreader.settings import Settings, load_settings

if TYPE_CHECKING:
    from newsreader.core.fetch.http import AddressPolicy, HttpClient


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
        config_dir=paths.config_dir,
        clock=clock or utc_now,
        credentials=Credentials(paths.config_dir),
        retention=settings.retention(),
        http=lambda guard: http_client(guard, settings),
    )
    library.recovery = recovery
    return library


def http_client(guard: AddressPolicy, settings: Settings) -> HttpClient:
    """The app's HTTP client around the library's guard, through the user's proxy. Built on
    first use (the network stack is a fifth of the window's start-up)."""
    from newsreader.core.fetch.http import HttpClient
    from newsreader.core.fetch.proxy import ProxySettings

    return HttpClient(
        address_policy=guard, proxy=ProxySettings(settings.proxy_mode, settings.proxy_url)
    )
