"""The order an offline run fetches article pages in: newest first, hosts taking turns.

Each host gets only a few connections at once (`HttpClient.per_host`), so a run that took the
newest articles strictly in order would have its fetch threads queue up behind one busy site
while the others sit idle. Taking turns (the newest article of each host, then the second newest
of each, …) keeps every host's few connections busy and still gives the newest articles first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

__all__ = ["host_of", "hosts_taking_turns"]

T = TypeVar("T")


def host_of(url: str) -> str:
    """The host (with port) a URL's request goes to; "" when it has none."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def hosts_taking_turns(items: Sequence[T], url: Callable[[T], str]) -> list[T]:
    """`items` (newest first) reordered so hosts take turns; each host's own order is kept."""
    rank: dict[str, int] = {}
    keyed: list[tuple[int, int, T]] = []
    for position, item in enumerate(items):
        host = host_of(url(item))
        turn = rank.get(host, 0)
        rank[host] = turn + 1
        keyed.append((turn, position, item))
    keyed.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _turn, _position, item in keyed]
