"""The proxy setting: the system's (environment variables), none, or one the user names.

A manual proxy is an address such as ``http://proxy.lan:3128`` or ``socks5h://127.0.0.1:1080``
(SOCKS through PySocks; ``socks5h`` lets the proxy resolve names). It carries no credentials:
an address with a user or password in it is refused rather than stored in the settings file.
The address guard never checks the proxy's own address (the user chose it), and checks every
target URL before it is handed to the proxy.

`ProxyRoute` works out, once per client, what `requests` would otherwise work out from the
environment on every request (its `trust_env`: walking the whole environment twice per request,
about a quarter of the CPU of a 304): the system proxies and the CA bundle once, and per host
whether NO_PROXY bypasses the proxies and the host's ~/.netrc login, each on the host's first
request. The answers are the ones `requests` gives (its own functions compute them); only a change
to the environment or ~/.netrc while the client lives is no longer seen.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit
from urllib.request import getproxies

import requests
import requests.utils

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


class ProxyRoute:
    """The proxies, netrc login and certificate check a request gets under one proxy setting.

    "system" (also when no setting is given) is `requests`' `trust_env` behaviour computed once
    per client and per host; "none" and "manual" never read the environment.
    """

    def __init__(self, proxy: ProxySettings | None) -> None:
        mode = "system" if proxy is None else proxy.mode
        self.system = mode == "system"
        self.manual: dict[str, str] = {}
        if proxy is not None and proxy.mode == "manual" and proxy.url:
            url = check_proxy_url(proxy.url)
            self.manual = {"http": url, "https": url}
        self.verify: bool | str = True
        self._environ: dict[str, str] = {}
        if self.system:
            self._environ = getproxies()  # HTTP(S)_PROXY, ALL_PROXY, NO_PROXY
            bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
            if bundle:
                self.verify = bundle
        self._lock = threading.Lock()
        self._hosts: dict[tuple[str | None, int | None], dict[str, str]] = {}
        self._logins: dict[str | None, tuple[str, str] | None] = {}

    def apply(self, session: requests.Session) -> None:
        """Make `session` read nothing from the environment itself (the route answers for it)."""
        session.trust_env = False
        session.proxies = dict(self.manual)

    def proxies_for(self, url: str) -> dict[str, str]:
        """The proxies for `url`, as `requests` would resolve them (empty: a direct connection)."""
        if not self.system:
            return self.manual
        try:
            parts = urlsplit(url)
            key = (parts.hostname, parts.port)
        except ValueError:
            return self._environ_proxies(url)
        with self._lock:
            found = self._hosts.get(key)
        if found is None:
            found = self._environ_proxies(url)
            with self._lock:
                self._hosts[key] = found
        return found

    def login_for(self, url: str) -> tuple[str, str] | None:
        """The ~/.netrc login `requests` sends to `url`'s host under the system setting."""
        if not self.system:
            return None
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return requests.utils.get_netrc_auth(url)
        with self._lock:
            if host in self._logins:
                return self._logins[host]
        login = requests.utils.get_netrc_auth(url)
        with self._lock:
            self._logins[host] = login
        return login

    def _environ_proxies(self, url: str) -> dict[str, str]:
        if requests.utils.should_bypass_proxies(url, no_proxy=None):
            return {}
        return dict(self._environ)
