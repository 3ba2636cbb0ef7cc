"""Canonical links: the one rule for when two links name the same story.

Outlets publish one story in several feeds (a "latest" feed and its section feeds) and decorate
the link differently in each: ``http`` or ``https``, with or without ``www.``, with tracking
parameters (``utm_*``, ``fbclid``, ``gclid``, ...), with a trailing slash or a ``#fragment``.
`story_key` strips all of that, so equal keys mean one story. `TRACKING_PARAM` is the one list
of tracking parameters (section-page links are cleaned with it too).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

TRACKING_PARAM = re.compile(
    r"^(?:utm_\w*|fbclid|gclid|dclid|msclkid|zarsrc|zacc|itm_\w*|mc_cid|mc_eid|_ga|_gl|igshid|"
    r"ref_src|cmpid|gidzl|vn_source|vn_medium|vn_campaign)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# The everyday link: lower-case http(s), a plain lower-case host, a path of URL characters, no
# port, user, query or fragment. Its key needs no URL parsing: `story_key` gives exactly
# host (less "www." and trailing dots) + path (less trailing slashes) for it.
_PLAIN_LINK = re.compile(r"https?://([a-z0-9.-]+)(/[!$-;=@-Z_a-z~]*)?\Z")


def strip_tracking(query: str) -> str:
    """A URL query without its tracking parameters (unchanged when it has none)."""
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not TRACKING_PARAM.match(k)]
    return urlencode(kept) if len(kept) != len(pairs) else query


def story_key(link: str | None) -> str | None:
    """The canonical form of an article link ("host/path?query"), or None when it is no web link.

    Scheme, ``www.``, default port, fragment, tracking parameters and a trailing slash are
    dropped; the host is lower-cased; the path and the remaining query are kept as written.
    """
    if not link:
        return None
    plain = _PLAIN_LINK.match(link)
    if plain is not None:
        host = plain[1].rstrip(".")
        if not host:
            return None
        return (host[4:] if host.startswith("www.") else host) + (plain[2] or "").rstrip("/")
    try:
        parts = urlsplit(link.strip())
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = strip_tracking(parts.query)
    return host + path + ("?" + query if query else "")
