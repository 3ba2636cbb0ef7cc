"""Which network addresses Newsreader may connect to: the guard against feeds that aim inward.

A feed, a redirect, an article link or an image URL is chosen by whoever wrote the feed. Left
alone, a feed could make the reader fetch ``http://169.254.169.254/`` (cloud credentials),
``http://192.168.1.1/`` (the router's admin page) or ``http://127.0.0.1:631/`` (local services)
and, through images and full-text extraction, even show the answer. `AddressGuard` refuses every
address that is not public unicast:

* loopback, unspecified, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local
  (169.254/16, fe80::/10), shared/CGNAT (100.64/10), multicast, broadcast, and the reserved,
  documentation and benchmarking ranges;
* the same addresses when embedded in IPv6 (IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible,
  NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``), and anything outside IPv6 global unicast;
* every spelling of an IPv4 address that a URL parser or ``inet_aton`` accepts: ``2130706433``,
  ``0x7f.1``, ``0177.0.0.1``, ``127.1``, percent-encoded and full-width digits (`parse_host`).

It works at two points (see `newsreader.core.fetch.http`):

1. ``guard(url)`` runs before every request and every redirect hop. It refuses literal addresses
   (however spelled) and ``localhost`` names at once, with a clear message and without a lookup.
2. `connect_addresses` runs *inside the connection*: the host name is resolved here, every
   answer is vetted, and the socket connects only to a vetted address; `check_connected` then
   vets the socket's peer address (also for kept-alive connections before each reuse). So a
   name that resolves to 127.0.0.1 (DNS rebinding, ``127.0.0.1.nip.io``) is refused on the
   address actually connected to, not on how the URL spells it.

The one exception is what the user chose: a feed the user subscribed to on ``localhost`` or
``192.168.1.5`` works, and so do its redirects, article pages and images *on that same host and
port* (a feed on a default port also allows the other default port, for http -> https). The
allowed endpoints come from a callable (the subscribed feed URLs, read from storage) and from
`user_chosen` (the URL being subscribed right now, before it is stored).
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

import idna
import urllib3.util.connection

from newsreader.core.errors import BlockedAddressError

__all__ = [
    "AddressGuard",
    "IPAddress",
    "Resolver",
    "blocked_reason",
    "canonical_host",
    "parse_host",
    "system_resolver",
]

log = logging.getLogger("newsreader.addresses")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (host, port) -> the IP addresses to try, in order; raises socket.gaierror when not found.
Resolver = Callable[[str, int], Sequence[str]]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_MAX_ADDRESSES = 8  # a name with more answers than this gets the first ones tried

# --- classifying addresses ----------------------------------------------------------------------

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

# Checked in order; the first match gives the reason. Everything else is public unicast.
_BLOCKED_V4: tuple[tuple[ipaddress.IPv4Network, str], ...] = (
    (_V4("127.0.0.0/8"), "a loopback address"),
    (_V4("0.0.0.0/8"), "an unspecified address"),  # 0.0.0.0 reaches this machine on Linux
    (_V4("10.0.0.0/8"), "a private network address"),
    (_V4("172.16.0.0/12"), "a private network address"),
    (_V4("192.168.0.0/16"), "a private network address"),
    (_V4("169.254.0.0/16"), "a link-local address"),
    (_V4("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
    (_V4("224.0.0.0/4"), "a multicast address"),
    (_V4("255.255.255.255/32"), "a broadcast address"),
    (_V4("240.0.0.0/4"), "a reserved address"),
    (_V4("192.0.0.0/24"), "a reserved address"),
    (_V4("192.0.2.0/24"), "a documentation address"),
    (_V4("198.51.100.0/24"), "a documentation address"),
    (_V4("203.0.113.0/24"), "a documentation address"),
    (_V4("198.18.0.0/15"), "a reserved (benchmarking) address"),
)
_BLOCKED_V6: tuple[tuple[ipaddress.IPv6Network, str], ...] = (
    (_V6("::1/128"), "a loopback address"),
    (_V6("::/128"), "an unspecified address"),
    (_V6("fc00::/7"), "a private network address"),
    (_V6("fe80::/10"), "a link-local address"),
    (_V6("fec0::/10"), "a private (site-local) address"),
    (_V6("ff00::/8"), "a multicast address"),
    (_V6("64:ff9b:1::/48"), "a private (local NAT64) address"),
    (_V6("100::/64"), "a reserved (discard) address"),
    (_V6("2001:db8::/32"), "a documentation address"),
    (_V6("2001::/32"), "a reserved (Teredo tunnel) address"),
    (_V6("2001:10::/28"), "a reserved address"),
    (_V6("2001:20::/28"), "a reserved address"),
)
_NAT64 = _V6("64:ff9b::/96")
_V4_COMPATIBLE = _V6("::/96")
_GLOBAL_UNICAST = _V6("2000::/3")


def _embedded_v4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, str] | None:
    """An IPv4 address carried inside `ip` (mapped, compatible, NAT64, 6to4), and how."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped, "IPv4-mapped"
    if ip in _NAT64 or (ip in _V4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF), "embedded in IPv6"
    if ip.sixtofour is not None:
        return ip.sixtofour, "6to4"
    return None


def blocked_reason(ip: IPAddress) -> str | None:
    """Why Newsreader must not connect to `ip` on a feed's behalf, or None for a public address."""
    if isinstance(ip, ipaddress.IPv4Address):
        for net, reason in _BLOCKED_V4:
            if ip in net:
                return reason
        return None
    if ip.scope_id:
        ip = ipaddress.IPv6Address(ip.compressed.split("%", 1)[0])
    for net6, reason in _BLOCKED_V6:
        if ip in net6:
            return reason
    inner = _embedded_v4(ip)
    if inner is not None:
        v4, how = inner
        why = blocked_reason(v4)
        return f"{why} ({how})" if why else None
    if ip not in _GLOBAL_UNICAST:
        return "a reserved address"
    return None


# --- reading hosts ------------------------------------------------------------------------------

_HEX = re.compile(r"[0-9a-fA-F]*")
_OCT = re.compile(r"[0-7]*")
_DEC = re.compile(r"[0-9]+")


def _ipv4_number(part: str) -> int | None:
    """One dotted part as a URL parser reads it: 0x.. hex, 0.. octal, else decimal."""
    if part[:2] in ("0x", "0X"):
        digits, base, pattern = part[2:], 16, _HEX
    elif len(part) > 1 and part[0] == "0":
        digits, base, pattern = part[1:], 8, _OCT
    else:
        digits, base, pattern = part, 10, _DEC
    if not pattern.fullmatch(digits):
        return None
    return int(digits, base) if digits else 0


def _parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """`host` as an IPv4 address in any of the spellings browsers and inet_aton accept.

    ``127.1``, ``0x7f.1``, ``0177.0.0.1``, ``2130706433``: one to four parts, the last filling
    the remaining bytes (the WHATWG URL standard's IPv4 parser, which is also inet_aton's).
    """
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # "127.0.0.1." is the same address
    if not 1 <= len(parts) <= 4 or any(p == "" for p in parts):
        return None
    numbers = [_ipv4_number(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    values = [n for n in numbers if n is not None]
    *head, last = values
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(values)):
        return None
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def canonical_host(host: str) -> str:
    """`host` as it is compared: lower case, no brackets or trailing dot, percent-decoded, ASCII
    (IDNA, as requests sends it), and an IP address in its one standard spelling (an IPv4-mapped
    IPv6 address as its IPv4 address)."""
    name = host.strip().strip("[]")
    if "%" in name and ":" not in name:
        name = unquote(name)  # URL hosts may be percent-encoded: %31%32%37.0.0.1
    name = name.rstrip(".").lower()
    if name and not name.isascii():
        # Not a valid name (left as it is) cannot resolve either.
        with contextlib.suppress(idna.IDNAError, UnicodeError, ValueError):
            name = idna.encode(name, uts46=True).decode("ascii")
    ip = parse_host(name)
    return str(ip) if ip is not None else name


def parse_host(host: str) -> IPAddress | None:
    """The IP address that `host` (a URL host, any spelling) denotes, or None for a name."""
    name = host.strip().strip("[]")
    if ":" in name:
        try:
            v6 = ipaddress.IPv6Address(name.split("%", 1)[0])  # drop a zone id
        except ValueError:
            return None
        return v6.ipv4_mapped or v6
    return _parse_ipv4(name)


def _is_localhost_name(name: str) -> bool:
    # RFC 6761: "localhost" and every name under it are loopback, whatever DNS says.
    return name == "localhost" or name.endswith(".localhost")


def _endpoint_of(url: str) -> tuple[str, int, bool] | None:
    """(canonical host, port, port was implied) of an http(s) URL or a bare host[:port]."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if not parts.hostname or scheme not in _DEFAULT_PORTS:
        return None
    implied = port is None
    return canonical_host(parts.hostname), port or _DEFAULT_PORTS[scheme], implied


def _shown(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return shown if port in (80, 443) else f"{shown}:{port}"


_HINT = "only a feed you subscribed to yourself may use such an address"


# --- resolving ----------------------------------------------------------------------------------


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for `host`, in its order (IPv4 only when this
    machine has no IPv6, as urllib3 does)."""
    family = urllib3.util.connection.allowed_gai_family()
    infos = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    found: dict[str, None] = {}
    for info in infos:
        if info[0] in (socket.AF_INET, socket.AF_INET6):
            found.setdefault(str(info[4][0]), None)
    return list(found)


# --- the guard ----------------------------------------------------------------------------------


class AddressGuard:
    """The address policy of the app's `HttpClient` (see the module docstring).

    `user_urls` returns the feed URLs the user subscribed to (or bare ``host[:port]`` strings).
    It is called only when a non-public address turns up: a host it allows is remembered for
    `cache_seconds`, a refusal always asks again (the feed may have been added a moment ago).
    `resolver` maps a host name to addresses (tests inject one; the default is getaddrinfo).
    """

    def __init__(
        self,
        user_urls: Callable[[], Iterable[str]] = tuple,
        *,
        resolver: Resolver = system_resolver,
        clock: Callable[[], float] = time.monotonic,
        cache_seconds: float = 10.0,
    ) -> None:
        self._user_urls = user_urls
        self._resolver = resolver
        self._clock = clock
        self._cache_seconds = cache_seconds
        self._lock = threading.Lock()
        self._endpoints: frozenset[tuple[str, int]] = frozenset()
        self._loaded_at: float | None = None
        self._local = threading.local()

    # -- the user's choices --

    @contextmanager
    def user_chosen(self, url: str) -> Iterator[None]:
        """While inside, `url`'s host and port count as chosen by the user, on this thread.

        For the URL a user types to subscribe: it is fetched before it is stored as a feed.
        """
        extra = _endpoints_for([url])
        stack: list[frozenset[tuple[str, int]]] = self._local.__dict__.setdefault("stack", [])
        stack.append(extra)
        try:
            yield
        finally:
            stack.pop()

    def _chosen(self, host: str, port: int) -> bool:
        endpoint = (host, port)
        for extra in self._local.__dict__.get("stack", ()):
            if endpoint in extra:
                return True
        with self._lock:
            now = self._clock()
            fresh = self._loaded_at is not None and now - self._loaded_at < self._cache_seconds
            if fresh and endpoint in self._endpoints:
                return True
            # A miss always reloads: the feed may have been added a moment ago (an import, then
            # a refresh). Misses are refusals, which are rare, so this costs little.
            try:
                self._endpoints = _endpoints_for(self._user_urls())
            except Exception as exc:  # no list of feeds (library closed?): allow nothing
                log.warning("could not read the subscribed feeds: %s", exc)
                self._endpoints = frozenset()
            self._loaded_at = now
            return endpoint in self._endpoints

    # -- the checks --

    def __call__(self, url: str) -> None:
        """Vet a URL before it is requested: literal addresses and localhost names."""
        found = _endpoint_of(url)
        if found is None:
            return  # not http(s): HttpClient refuses it on its own
        host, port, _ = found
        ip = parse_host(host)
        if ip is not None:
            reason = blocked_reason(ip)
        elif _is_localhost_name(host):
            reason = "a loopback address (localhost)"
        else:
            return  # a name: vetted on the addresses it resolves to, when connecting
        if reason is not None and not self._chosen(host, port):
            raise BlockedAddressError(
                f"refused to connect to {_shown(host, port)}: it is {reason}; {_HINT}"
            )

    def connect_addresses(self, host: str, port: int) -> list[str]:
        """The addresses a connection to `host`:`port` may use, in order (resolving names here).

        Raises `BlockedAddressError` when every address is refused and `socket.gaierror` when
        the name does not resolve. A public name with some private answers keeps the public ones.
        """
        name = canonical_host(host)
        ip = parse_host(name)
        if ip is not None:
            self._vet(name, port, ip)
            return [str(ip)]  # connect to the canonical literal, never to a re-read spelling
        answers = list(self._resolver(host.strip("[]").rstrip("."), port))
        if not answers:
            raise socket.gaierror(socket.EAI_NONAME, f"no address for {host}")
        usable: list[str] = []
        refused: BlockedAddressError | None = None
        for answer in answers[:_MAX_ADDRESSES]:
            try:
                address = ipaddress.ip_address(answer.split("%", 1)[0])
            except ValueError:
                continue
            try:
                self._vet(name, port, address)
            except BlockedAddressError as exc:
                refused = refused or exc
                continue
            usable.append(answer)
        if not usable:
            if refused is None:
                raise socket.gaierror(socket.EAI_NONAME, f"no usable address for {host}")
            raise refused
        return usable

    def check_connected(self, host: str, port: int, peer: str) -> None:
        """Vet the address a socket for `host`:`port` is actually connected to."""
        try:
            address = ipaddress.ip_address(peer.split("%", 1)[0])
        except ValueError:
            return  # not an IP socket (never the case for HTTP connections)
        self._vet(canonical_host(host), port, address)

    def _vet(self, name: str, port: int, ip: IPAddress) -> None:
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        reason = blocked_reason(ip)
        if reason is None or self._chosen(name, port):
            return
        where = _shown(name, port)
        if parse_host(name) is not None:
            message = f"refused to connect to {where}: it is {reason}; {_HINT}"
        else:
            message = f"refused to connect to {where}: it resolves to {ip}, {reason}; {_HINT}"
        raise BlockedAddressError(message)


def _endpoints_for(urls: Iterable[str]) -> frozenset[tuple[str, int]]:
    """The (host, port) pairs the user's URLs allow. A URL on its scheme's default port also
    allows the other default port, so an http feed that moved to https keeps working."""
    out: set[tuple[str, int]] = set()
    for url in urls:
        found = _endpoint_of(url)
        if found is None:
            continue
        host, port, implied = found
        out.add((host, port))
        if implied:
            out.update((host, p) for p in _DEFAULT_PORTS.values())
    return frozenset(out)
