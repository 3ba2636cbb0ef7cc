"""What went wrong on the network, as a kind and its arguments — the one home of those messages.

Every `NetworkError` the HTTP client raises is made here: it carries `kind` (a stable code) and
`params` (host, status, detail…), and its English text (what the CLI prints and what a failed
feed stores as `last_error`) is `TEMPLATES[kind]` filled in. The window shows each kind in the
user's language (`newsreader.ui.network_errors`); for texts that were stored as plain strings,
`parse` recovers the kind and arguments from the English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from newsreader.core.errors import BlockedAddressError, NetworkError, OfflineError

# kind -> English text; {names} are filled from the error's params.
TEMPLATES: Mapping[str, str] = {
    "damaged_encoding": "the server sent damaged {encoding} data",
    "cut_short": "the {encoding} response was cut short",
    "unsupported_encoding": "the server used an unsupported content encoding: {encoding}",
    "too_many_redirects": "too many redirects (more than {limit})",
    "redirect_scheme": "redirect to unsupported URL scheme {scheme}: {url}",
    "redirect_blocked": "{detail} (redirected from {url})",
    "not_a_feed_type": "not a feed: server sent {media}",
    "too_big": "response larger than {size}",
    "deadline": "gave up on {host}: no complete answer within the {seconds} s deadline",
    "redirect_without_location": "HTTP {status} {reason} without a usable Location",
    "http_status_wait": "HTTP {status} {reason} (asked to wait {wait})",
    "http_status": "HTTP {status} {reason}",
    "slow_down": "{host} asked us to slow down; try again in {wait}",
    "cancelled": "cancelled",
    "no_host": "invalid URL {url}: no host name",
    "invalid_url_detail": "invalid URL {url}: {detail}",
    "invalid_url": "invalid URL {url}",
    "unsupported_scheme": "unsupported URL scheme {scheme} in {url}; use http or https",
    "name_not_found": "name not found: {host}",
    "unreachable": "could not connect to {host}: network is unreachable",
    "tls": "TLS error: {detail}",
    "tls_host": "TLS error talking to {host}",
    "proxy": "the proxy failed while connecting to {host}",
    "refused": "could not connect to {host}: connection refused",
    "no_route": "could not connect to {host}: no route to host",
    "connect_timeout": "timed out connecting to {host}",
    "read_timeout": "timed out waiting for {host}",
    "reset": "connection reset by {host}",
    "closed_early": "{host} closed the connection before the response was complete",
    "closed": "{host} closed the connection without answering",
    "malformed": "{host} sent a malformed response",
    "connect_failed": "could not connect to {host}: {detail}",
    "not_an_image": "not an image: {url} ({detail})",
    "no_scheme_worked": (
        "could not reach {host} over https ({https_error}) nor over http ({http_error})"
    ),
    "other": "network error talking to {host}: {detail}",
}

# Kinds raised as a more specific class.
_CLASSES: Mapping[str, type[NetworkError]] = {
    "name_not_found": OfflineError,
    "unreachable": OfflineError,
    "redirect_blocked": BlockedAddressError,
}


def network_error(
    kind: str,
    *,
    status: int | None = None,
    retry_after: float | None = None,
    cls: type[NetworkError] | None = None,
    **params: object,
) -> NetworkError:
    """A `NetworkError` of `kind` whose message is its English template filled in."""
    text = {name: str(value) for name, value in params.items()}
    if status is not None:
        text.setdefault("status", str(status))
    error = (cls or _CLASSES.get(kind, NetworkError))(
        TEMPLATES[kind].format_map(text).rstrip(), status=status, retry_after=retry_after
    )
    error.kind = kind
    error.params = text
    return error


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for kind, template in TEMPLATES.items():
        pattern = re.escape(template)
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", pattern)
        out.append((kind, re.compile(f"^{pattern}$", re.S)))
    return tuple(out)


def parse(text: str) -> tuple[str, dict[str, str]] | None:
    """The kind and arguments of an English network message (a stored `last_error`), or None."""
    for kind, pattern in _patterns():
        match = pattern.match(text)
        if match:
            return kind, match.groupdict()
    return None
