"""Composition root: the only place that builds the object graph (paths -> storage, library)."""

from __future__ import annotations

import os
from typing import Any

from newsreader.core.addresses import AddressGuard
from newsreader.core.errors import InvalidInputError
from newsreader.core.images import ImageCache
from newsreader.core.library import Library, Subscription, normalize_feed_url
from newsreader.core.net import HttpClient
from newsreader.core.storage.recovery import RecoveryReport, open_storage
from newsreader.paths import AppPaths, app_paths


class _AppLibrary(Library):
    """The Library with the URL a user types to subscribe counted as the user's choice, so a feed
    on localhost or the LAN can be added (it is fetched before it is stored as a feed).
    TODO(lead): move these `client.user_chosen` wraps and `recovery` into Library and drop
    this class."""

    recovery: RecoveryReport | None = None  # set when the database was damaged and recovered

    def subscribe(self, url: str, **kwargs: Any) -> Subscription:
        with self.client.user_chosen(_normalized(url)):
            return super().subscribe(url, **kwargs)

    def subscribe_section(self, url: str, **kwargs: Any) -> Subscription:
        with self.client.user_chosen(_normalized(url)):
            return super().subscribe_section(url, **kwargs)

    def site_sections(self, url: str) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
        with self.client.user_chosen(_normalized(url)):
            return super().site_sections(url)

    def discover(self, url: str) -> list[str]:
        with self.client.user_chosen(_normalized(url)):
            return super().discover(url)


def _normalized(url: str) -> str:
    try:
        return normalize_feed_url(url)
    except InvalidInputError:
        return ""  # Library refuses it with the message


def open_library(paths: AppPaths | None = None) -> Library:
    """Open (creating if needed) the library that lives in `paths` (default: the user's).

    A damaged database is backed up and salvaged first; the library's `recovery` attribute is
    then a `RecoveryReport` to show the user (None when nothing happened).
    """
    paths = (paths or app_paths()).ensure()
    storage, recovery = open_storage(paths.database)
    # No feed, redirect, page or image may reach a local address unless the user subscribed
    # to a feed there (see core/addresses.py).
    guard = AddressGuard(lambda: [f.url for f in storage.feeds()])
    images = ImageCache(paths.image_cache_dir, pinned_dirs=[paths.saved_images_dir])
    library = _AppLibrary(
        storage,
        HttpClient(address_policy=guard),
        images=images,
        saved_dir=paths.saved_images_dir,
    )
    library.recovery = recovery
    return library


def run_gui(paths: AppPaths | None = None, argv: list[str] | None = None) -> int:
    """Open the main window; returns the process exit code."""
    os.environ.setdefault("QT_API", "pyside6")
    from newsreader.ui.main import run  # Qt is imported only when the window is wanted

    return run(paths or app_paths(), argv or [])
