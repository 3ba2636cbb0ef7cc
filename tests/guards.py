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


def client_with(
    *, deadline: float = 60.0, connect_timeout: float = 10.0, read_timeout: float = 20.0
) -> Callable[[AddressPolicy], HttpClient]:
    """A client factory for `Library(http=...)`: the library's guard plus these limits."""

    def build(guard: AddressPolicy) -> HttpClient:
        return HttpClient(
            address_policy=guard,
            deadline=deadline,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
        )

    return build
