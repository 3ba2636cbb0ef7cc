"""Where Newsreader keeps its files: data, cache and config directories.

platformdirs picks the platform's conventional places; NEWSREADER_HOME (or `--home`) puts all three
under one directory, for tests, benchmarks and portable installs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from newsreader import APP_ID

HOME_ENV = "NEWSREADER_HOME"


@dataclass(frozen=True, slots=True)
class AppPaths:
    data_dir: Path
    cache_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "newsreader.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def image_cache_dir(self) -> Path:
        return self.cache_dir / "images"

    @property
    def saved_images_dir(self) -> Path:
        return self.data_dir / "saved-images"

    def ensure(self) -> AppPaths:
        for d in (self.data_dir, self.cache_dir, self.config_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(home: str | os.PathLike[str] | None = None) -> AppPaths:
    """The directories to use: `home` if given, else $NEWSREADER_HOME, else the platform's."""
    root = home if home is not None else os.environ.get(HOME_ENV) or None
    if root is not None:
        base = Path(root).expanduser().resolve()
        return AppPaths(base / "data", base / "cache", base / "config")
    return AppPaths(
        Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_ID, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_ID, appauthor=False)),
    )
