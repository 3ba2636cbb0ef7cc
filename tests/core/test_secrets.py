"""The one home of secrets: the keyring when a backend works, else a 0600 file, announced."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from newsreader.core.secrets import (
    Credentials,
    feed_login,
    password_key,
    set_feed_login,
    split_login,
    url_origin,
)


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def test_without_a_keyring_secrets_go_to_a_private_file(tmp_path: Path) -> None:
    store = Credentials(tmp_path)
    set_feed_login(store, 7, ("đọc-giả", "mật khẩu"))
    assert feed_login(store, 7) == ("đọc-giả", "mật khẩu")
    assert stat.S_IMODE(os.stat(store.file).st_mode) == 0o600
    assert store.warning is not None and str(store.file) in store.warning
    set_feed_login(store, 7, None)
    assert feed_login(store, 7) is None


def test_with_a_keyring_no_file_keeps_them(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    store = Credentials(tmp_path)
    store.file.write_text('{"account-3-password": "old copy"}', encoding="utf-8")
    store.set(password_key(3), "new")
    set_feed_login(store, 7, ("u", "p"))
    assert store.get(password_key(3)) == "new" and feed_login(store, 7) == ("u", "p")
    assert "old copy" not in store.file.read_text(encoding="utf-8")  # the fallback copy went
    assert store.warning is None
    assert ("newsreader", "feed-7") in memory_keyring.store


def test_logins_typed_in_urls_and_where_they_may_go() -> None:
    assert split_login("https://an:p%40ss@Tin.VN/rss") == ("https://tin.vn/rss", ("an", "p@ss"))
    assert split_login("https://tin.vn/rss") == ("https://tin.vn/rss", None)
    assert split_login("https://@tin.vn/rss") == ("https://tin.vn/rss", None)
    assert url_origin("https://tin.vn/a") == url_origin("https://TIN.vn:443/b")
    assert url_origin("http://tin.vn/a") != url_origin("https://tin.vn/a")
    assert url_origin("https://tin.vn:8443/a") != url_origin("https://tin.vn/a")
