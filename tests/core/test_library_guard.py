"""No Library without the address guard: built with the app's guard unless told another."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from newsreader.core.errors import BlockedAddressError
from newsreader.core.fetch.addresses import AddressGuard
from newsreader.core.fetch.http import AddressPolicy, HttpClient
from newsreader.core.library import Library
from newsreader.core.storage import Storage
from tests.guards import PermissiveGuard


def test_open_and_constructor_default_to_the_apps_guard(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/x").respond_with_data("secret", content_type="text/plain")
    for lib in (
        Library.open(tmp_path / "a.sqlite3"),
        Library(Storage(tmp_path / "b.sqlite3")),
    ):
        with lib:
            assert isinstance(lib.client.address_policy, AddressGuard)
            with pytest.raises(BlockedAddressError):
                lib.client.get(httpserver.url_for("/x"))


def test_a_client_without_the_librarys_guard_is_refused(tmp_path: Path) -> None:
    def unguarded(guard: AddressPolicy) -> HttpClient:
        return HttpClient()  # ignores the guard

    lib = Library(Storage(tmp_path / "db.sqlite3"), http=unguarded)
    with lib, pytest.raises(ValueError, match="address guard"):
        _ = lib.client


def test_tests_say_when_they_allow_every_address(tmp_path: Path) -> None:
    guard = PermissiveGuard()
    with Library(Storage(tmp_path / "db.sqlite3"), guard) as lib:
        assert lib.client.address_policy is guard


def test_a_client_in_place_of_the_guard_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="address policy, not HttpClient"):
        Library(Storage(tmp_path / "db.sqlite3"), HttpClient())  # type: ignore[arg-type]
