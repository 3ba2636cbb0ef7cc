"""The user's settings: one typed schema, stored as JSON in the config dir.

No Qt here: the core reads the retention settings too. Loading never fails — a missing, damaged
or partly wrong file gives the defaults for whatever could not be read, and keys written by a
newer version are kept when saving. Writes are atomic and durable (`newsreader.core.atomic`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args

from newsreader.core.atomic import atomic_write
from newsreader.core.retention import DEFAULT_RETENTION, Retention

log = logging.getLogger("newsreader.settings")

Theme = Literal["system", "light", "dark"]
Language = Literal["system", "en", "vi"]
ProxyMode = Literal["system", "none", "manual"]  # see core/fetch/proxy.py

THEMES: tuple[Theme, ...] = get_args(Theme)
LANGUAGES: tuple[Language, ...] = get_args(Language)
PROXY_MODES: tuple[ProxyMode, ...] = get_args(ProxyMode)

# Bounds for numbers a user may type into the file by hand.
REFRESH_MINUTES_RANGE = (0, 24 * 60)  # 0 = never refresh by itself
TEXT_SCALE_RANGE = (50, 300)  # percent
RETENTION_DAYS_RANGE = (1, 36_500)
PER_FEED_RANGE = (10, 1_000_000)
IMAGE_CACHE_MB_RANGE = (10, 100_000)
OFFLINE_PER_REFRESH_RANGE = (0, 1_000_000)  # 0 = every new article


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the user can choose; change it with `SettingsStore.update`."""

    # Reading
    refresh_minutes: int = 30
    open_marks_read: bool = True
    text_scale: int = 100
    show_thumbnails: bool = True
    close_to_tray: bool = False  # closing the window keeps it in the system tray, refreshing
    # Look and language
    theme: Theme = "system"
    language: Language = "system"
    # Keyboard: action id -> key sequences (portable text such as "Shift+A" or "G, L"); only the
    # actions the user remapped are listed; an empty list means "no key".
    keys: dict[str, list[str]] = field(default_factory=dict)
    # Retention (read by the core's pruning)
    keep_read_days: int = DEFAULT_RETENTION.keep_read_days
    keep_per_feed: int = DEFAULT_RETENTION.keep_per_feed
    keep_unread_per_feed: int = DEFAULT_RETENTION.keep_unread_per_feed
    image_cache_mb: int = DEFAULT_RETENTION.image_cache_mb
    # Offline reading: at most this many article pages (full text, images) a refresh; 0 = all
    offline_per_refresh: int = DEFAULT_RETENTION.offline_per_refresh
    # Network: the system's proxy (environment), none, or this one ("socks5h://host:1080")
    proxy_mode: ProxyMode = "system"
    proxy_url: str = ""
    # Window state (opaque to everything but the window)
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    splitter_sizes: list[int] = field(default_factory=list)
    last_section: str = ""
    defaults_imported: bool = False  # the bundled subscriptions were offered once (first start)
    desktop_entry_offered: bool = False  # "add to the application menu?" was asked once
    # Keys this version does not know, kept so an older version does not erase a newer one's.
    unknown: dict[str, Any] = field(default_factory=dict, compare=False)

    def retention(self) -> Retention:
        """The retention choices, as the library takes them."""
        return Retention(
            keep_read_days=self.keep_read_days,
            keep_per_feed=self.keep_per_feed,
            keep_unread_per_feed=self.keep_unread_per_feed,
            image_cache_mb=self.image_cache_mb,
            offline_per_refresh=self.offline_per_refresh,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        unknown = data.pop("unknown")
        return {**unknown, **data}


_RANGES: dict[str, tuple[int, int]] = {
    "refresh_minutes": REFRESH_MINUTES_RANGE,
    "text_scale": TEXT_SCALE_RANGE,
    "keep_read_days": RETENTION_DAYS_RANGE,
    "keep_per_feed": PER_FEED_RANGE,
    "keep_unread_per_feed": PER_FEED_RANGE,
    "image_cache_mb": IMAGE_CACHE_MB_RANGE,
    "offline_per_refresh": OFFLINE_PER_REFRESH_RANGE,
}
_CHOICES: dict[str, tuple[str, ...]] = {
    "theme": THEMES,
    "language": LANGUAGES,
    "proxy_mode": PROXY_MODES,
}


def _clean_keys(value: object) -> dict[str, list[str]]:
    if not isinstance(value, Mapping):
        raise TypeError("keys must be an object")
    out: dict[str, list[str]] = {}
    for action, seqs in value.items():
        if isinstance(action, str) and isinstance(seqs, list):
            out[action] = [s for s in seqs if isinstance(s, str)]
    return out


def _clean(name: str, value: object, default: object) -> object:
    """`value` made valid for field `name`; raises TypeError/ValueError when it cannot be."""
    if name in _RANGES:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{name} must be a number")
        low, high = _RANGES[name]
        return min(max(int(value), low), high)
    if name in _CHOICES:
        if value not in _CHOICES[name]:
            raise ValueError(f"{name} must be one of {', '.join(_CHOICES[name])}")
        return value
    if name == "keys":
        return _clean_keys(value)
    if name == "splitter_sizes":
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value
        ):
            raise TypeError("splitter_sizes must be a list of sizes")
        return list(value)
    if not isinstance(value, type(default)):
        raise TypeError(f"{name} must be a {type(default).__name__}")
    return value


def settings_from_json(data: object) -> Settings:
    """Settings from a decoded JSON document; bad values fall back to their default."""
    if not isinstance(data, Mapping):
        log.warning("settings file is not a JSON object; using defaults")
        return Settings()
    defaults = Settings()
    known = {f.name for f in fields(Settings)} - {"unknown"}
    values: dict[str, Any] = {}
    for name in known:
        if name not in data:
            continue
        try:
            values[name] = _clean(name, data[name], getattr(defaults, name))
        except (TypeError, ValueError) as exc:
            log.warning("ignoring setting %s: %s", name, exc)
    unknown = {k: v for k, v in data.items() if isinstance(k, str) and k not in known}
    return replace(defaults, **values, unknown=unknown)


def load_settings(path: Path) -> Settings:
    """The settings stored at `path`, or the defaults when there are none (or they are damaged)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("cannot read %s: %s; using defaults", path, exc)
        return Settings()
    try:
        data = json.loads(text)
    except ValueError as exc:
        log.warning("%s is not valid JSON (%s); using defaults", path, exc)
        return Settings()
    return settings_from_json(data)


def save_settings(path: Path, settings: Settings) -> None:
    """Write `settings` to `path` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(settings.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(path, text.encode("utf-8"), prefix=".settings-")


class SettingsStore:
    """The current settings of one config dir: read once, saved on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.value = load_settings(path)

    def update(self, **changes: Any) -> Settings:
        """Apply `changes` (validated like a loaded file), save, and return the new settings."""
        merged = {**self.value.to_json(), **changes}
        self.value = settings_from_json(merged)
        try:
            save_settings(self.path, self.value)
        except OSError as exc:
            log.warning("cannot save settings to %s: %s", self.path, exc)
        return self.value
