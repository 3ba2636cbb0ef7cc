"""Address guards for tests: a `Library` always has one, so tests say which they use.

The app's guard (`newsreader.core.fetch.addresses.AddressGuard`) refuses loopback addresses that
are not a subscribed feed's host; tests that talk to their local servers in other ways pass
`PermissiveGuard()` explicitly. It is safe in tests only because tests/conftest.py refuses any
connection or name lookup beyond loopback.
"""

from __future__ import annotations

from collections.abc import Callable

from newsreader.core.fetch.http import AddressPolicy, HttpClient


class PermissiveGuard:
    """An address policy that allows every address (tests only: they never leave loopback)."""

    def __call__(self, url: str) -> None:
        return None


def client_with(**options: float) -> Callable[[AddressPolicy], HttpClient]:
    """A client factory for `Library(http=...)`: the library's guard plus these limits."""

    def build(guard: AddressPolicy) -> HttpClient:
        return HttpClient(address_policy=guard, **options)  # type: ignore[arg-type]

    return build
