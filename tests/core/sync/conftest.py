"""Sync test fixtures: no system keyring (a failing backend, so the 0600 file is used unless a
test installs the in-memory one), and "machines": libraries with their own home directory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import keyring
import keyring.backend
import pytest

from newsreader.core.feeds.update import default_parse
from newsreader.core.library import Library
from newsreader.core.storage import Storage
from tests.guards import client_with


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that works and keeps everything in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    return ring


@dataclass
class Clock:
    now: datetime = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[type[Library]]:
    """`machine("a")`: a library in its own home, with the address guard on (the sync server
    on 127.0.0.1 is reachable only because the user typed its address)."""
    opened: list[Library] = []

    def make(name: str) -> Library:
        home = tmp_path / name
        storage = Storage(home / "data" / "newsreader.sqlite3")
        lib = Library(  # the app's guard (the default), a test's deadline
            storage,
            http=client_with(deadline=20),
            clock=Clock(),
            parse=default_parse,
            config_dir=home / "config",
        )
        opened.append(lib)
        return lib

    yield make  # type: ignore[misc]
    for lib in opened:
        lib.close()
