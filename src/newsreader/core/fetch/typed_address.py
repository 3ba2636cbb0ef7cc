"""An address typed without a scheme ("vnexpress.net"): try https first, then http.

Only when https fails before any server answered over it (TLS, refused, timed out…) is http
tried; a name that does not resolve, no network, a refusal by the address guard or an HTTP status
is the same answer over http. When both fail, the one error says what each attempt met.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

from newsreader.core.errors import BlockedAddressError, NetworkError, OfflineError
from newsreader.core.fetch.netmessages import network_error

T = TypeVar("T")

_SAME_OVER_HTTP = frozenset({"cancelled", "name_not_found", "unreachable", "redirect_blocked"})


def typed_without_scheme(text: str) -> bool:
    """True for "vnexpress.net/rss" or "host:8080/x"; False for "https://…" and "feed:…"."""
    text = text.strip()
    return "://" not in text and not text.lower().startswith("feed:")


def worth_trying_http(error: NetworkError) -> bool:
    return not (
        error.status is not None
        or isinstance(error, BlockedAddressError | OfflineError)
        or error.kind in _SAME_OVER_HTTP
    )


def https_then_http(typed: str, url: str, attempt: Callable[[str], T]) -> T:
    """`attempt(url)`; if `typed` had no scheme and https failed in a way http may not, then
    `attempt` over http. Both failing raise a `no_scheme_worked` NetworkError naming both."""
    try:
        return attempt(url)
    except NetworkError as first:
        parts = urlsplit(url)
        if parts.scheme != "https" or not typed_without_scheme(typed):
            raise
        if not worth_trying_http(first):
            raise
        plain = urlunsplit(("http", *parts[1:]))
        try:
            return attempt(plain)
        except NetworkError as second:
            error = network_error(
                "no_scheme_worked",
                status=second.status,
                host=parts.hostname or parts.netloc,
                https_error=first,
                http_error=second,
            )
            error.causes = (first, second)
            raise error from second
