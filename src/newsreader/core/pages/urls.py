"""The one typed-URL normaliser: what the user types, or a URL read from a file, made absolute.

:func:`normalize_user_url` is for addresses a person types ("vnexpress.net", "feed://…",
"localhost:8080/rss"): a missing scheme means ``https://``. :func:`normalize_url` is for URLs
read from documents (OPML, a page's ``<link>``): relative ones need a base. Both return a lower-
case scheme and host, a path of at least ``/``, spaces as ``%20`` and no fragment; both refuse
anything but http(s) (``feed:`` is http) with :class:`InvalidInputError`. Nothing is fetched.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from newsreader.core.errors import InvalidInputError

__all__ = ["normalize_url", "normalize_user_url"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_LINE_BREAKS = re.compile("[\r\n\t]")


def normalize_url(text: str, *, base_url: str | None = None) -> str:
    """*text* as an absolute http(s) URL, or :class:`InvalidInputError` saying why not.

    The result has a lower-case scheme and host, a path of at least ``/``, spaces as ``%20`` and no
    fragment. ``feed://host/x`` and ``feed:https://host/x`` (the "subscribe" pseudo-scheme that
    some pages and exporters use) become ``http://host/x`` and ``https://host/x``. Relative URLs are
    resolved against *base_url* when one is given and refused otherwise. Nothing is fetched.
    """
    url = text.strip()
    if _LINE_BREAKS.search(url):  # an address wrapped over lines (and indented) in a file
        url = "".join(url.split())
    if not url:
        raise InvalidInputError("empty URL")
    if _CONTROL.search(url):
        raise InvalidInputError("the URL contains control characters")
    lowered = url.lower()
    if lowered.startswith("feed://"):
        url = "http://" + url[len("feed://") :]
    elif lowered.startswith(("feed:http://", "feed:https://")):
        url = url[len("feed:") :]
    if base_url:
        try:
            url = urljoin(base_url, url)
        except ValueError:
            raise InvalidInputError("malformed URL") from None
    match = _SCHEME.match(url)
    if not match:
        raise InvalidInputError("a relative URL (it needs http:// or https://)")
    scheme = match.group(1).lower()
    if scheme not in ("http", "https"):
        raise InvalidInputError(f"not an http(s) URL ({scheme}:)")
    try:
        parts = urlsplit(url.replace(" ", "%20"))
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise InvalidInputError("malformed URL") from None
    if not parts.hostname:
        raise InvalidInputError("the URL has no host name")
    userinfo, at, hostport = parts.netloc.rpartition("@")
    netloc = userinfo + at + hostport.lower()
    return str(urlunsplit((scheme, netloc, parts.path or "/", parts.query, "")))


def normalize_user_url(text: str) -> str:
    """An address as a user types it ("vnexpress.net", "feed://…", "https://…") made absolute.

    A missing scheme means ``https://``; anything but http(s) (and ``feed:``) is refused with
    :class:`InvalidInputError`.
    """
    url = text.strip()
    if not url:
        raise InvalidInputError("no URL given")
    match = _SCHEME.match(url)
    # "host:8080/path" is a host with a port, not a scheme called "host".
    has_scheme = match is not None and not url[match.end() : match.end() + 1].isdigit()
    if not has_scheme:
        url = "https://" + url.lstrip("/")
    try:
        return normalize_url(url)
    except InvalidInputError as exc:
        why = str(exc)
        if why.startswith("not an http(s) URL"):
            why += "; only http and https are supported"
        raise InvalidInputError(f"not a web address: {text.strip()!r} ({why})") from None
