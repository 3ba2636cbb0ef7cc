"""The proxy setting: the system's (environment variables), none, or one the user names.

A manual proxy is an address such as ``http://proxy.lan:3128`` or ``socks5h://127.0.0.1:1080``
(SOCKS through PySocks; ``socks5h`` lets the proxy resolve names). It carries no credentials:
an address with a user or password in it is refused rather than stored in the settings file.
The address guard never checks the proxy's own address (the user chose it), and checks every
target URL before it is handed to the proxy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import requests

from newsreader.core.errors import InvalidInputError

ProxyMode = Literal["system", "none", "manual"]
PROXY_MODES: tuple[ProxyMode, ...] = ("system", "none", "manual")
PROXY_SCHEMES = ("http", "https", "socks4", "socks4a", "socks5", "socks5h")


@dataclass(frozen=True, slots=True)
class ProxySettings:
    mode: ProxyMode = "system"
    url: str = ""  # for "manual"


def check_proxy_url(url: str) -> str:
    """`url` if it names a usable proxy; raises InvalidInputError saying what is wrong."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidInputError(f"invalid proxy address {url!r}: {exc}") from None
    if parts.scheme.lower() not in PROXY_SCHEMES:
        raise InvalidInputError(
            f"proxy address must start with one of {', '.join(s + '://' for s in PROXY_SCHEMES)}"
        )
    if not parts.hostname or port is None:
        raise InvalidInputError(f"proxy address needs a host and a port: {url!r}")
    if parts.username or parts.password:
        raise InvalidInputError("a proxy address with a user name or password is not supported")
    return url


def apply_proxy(session: requests.Session, proxy: ProxySettings) -> None:
    """Make `session` use `proxy` for every request."""
    if proxy.mode == "system":
        session.trust_env = True  # HTTP(S)_PROXY, ALL_PROXY, NO_PROXY
        session.proxies = {}
        return
    session.trust_env = False
    if proxy.mode == "manual" and proxy.url:
        url = check_proxy_url(proxy.url)
        session.proxies = {"http": url, "https": url}
    else:
        session.proxies = {}
