"""The one HTTP client of Newsreader: every feed, page and image request goes through `HttpClient`.

What it guarantees for each `get()`:

* a (connect, read) timeout on every socket operation and an overall *deadline* per request,
  enforced by a watchdog that shuts the socket down, so a server dripping a byte every half second
  (which never trips a read timeout) is still cut off;
* redirects followed by hand, hop by hop, so every hop is checked (scheme, count, an optional
  address policy) and the final URL is known;
* with an `AddressGuard` as the address policy, no connection to a loopback, private, link-local
  or multicast address the user did not choose: the guard resolves names itself and the socket
  connects only to a vetted address, so the check is on the connected address, not the name;
* a cap on the body *after* decompression; gzip/deflate are decoded here in small bounded steps so a
  gzip bomb never inflates past the cap in memory;
* early refusal of content types the caller does not want (an image where a feed was expected);
* conditional GET (ETag / Last-Modified) and a `FetchResult` with status 304 when nothing changed;
* politeness: at most `per_host` requests in flight per host, and 429/503 ``Retry-After`` remembered
  so the host is left alone until then;
* no cookies are ever kept;
* every failure is a `NetworkError` with a short message a user can read; a missing network (no DNS,
  no route) is an `OfflineError`.

The client is thread-safe: the refresh pipeline calls `get()` from many worker threads at once.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import errno
import http.client
import logging
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC
from http import HTTPStatus
from http.cookiejar import DefaultCookiePolicy
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
import urllib3.connection
import urllib3.exceptions
import urllib3.util.connection
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from newsreader import __version__
from newsreader.core.errors import BlockedAddressError, NetworkError
from newsreader.core.fetch import deadlines
from newsreader.core.fetch.addresses import AddressGuard
from newsreader.core.fetch.netmessages import network_error
from newsreader.core.fetch.plainget import PlainReply, merged_headers, plain_target, send_plain
from newsreader.core.fetch.proxy import ProxyRoute, ProxySettings
from newsreader.core.models import FetchResult
from newsreader.core.secrets import url_origin

if TYPE_CHECKING:
    from urllib3._base_connection import BaseHTTPConnection  # a Protocol, only for typing

log = logging.getLogger("newsreader.net")

__all__ = [
    "DEFAULT_USER_AGENT",
    "FEED_ACCEPT",
    "FEED_MAX_BYTES",
    "IMAGE_MAX_BYTES",
    "PAGE_MAX_BYTES",
    "AddressPolicy",
    "HttpClient",
]

DEFAULT_USER_AGENT = (
    f"Newsreader/{__version__} (desktop feed reader; +https://github.com/newsreader-app/newsreader)"
)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)

_MB = 1024 * 1024
FEED_MAX_BYTES = 16 * _MB  # after decompression
PAGE_MAX_BYTES = 8 * _MB
IMAGE_MAX_BYTES = 15 * _MB

# Called with every URL (the first and each redirect target) before it is requested; raise
# BlockedAddressError to refuse it.
AddressPolicy = Callable[[str], None]

_RAW_CHUNK = 16 * 1024  # compressed bytes read from the socket at a time
_OUT_CHUNK = 64 * 1024  # most decompressed bytes produced from one inflate step
_MAX_BACKOFF = 24 * 3600.0  # a silly Retry-After must not silence a host forever
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SCHEMES = ("http", "https")
# What the transport may raise; anything else is a bug and is left to surface as one.
_TRANSPORT_ERRORS = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
    ValueError,  # bad header values, URLs that only fail once requests encodes them
)


# --- the deadline watchdog ----------------------------------------------------------------------
#
# requests' read timeout applies to each recv(), so a server that sends one byte just before every
# timeout keeps a request alive forever, while it is blocked inside http.client reading a header
# line or a body chunk. A check between our own reads cannot help there. So each get() arms a
# timer, and every socket the request uses is attached to it (through the pool and connection
# classes below); when the timer fires it shuts the sockets down, which wakes a blocked recv() at
# once. Sockets are held directly, not via their connection: http.client hands the socket over to
# the response (conn.sock becomes None) when the server says "Connection: close".


class _Watchdog:
    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.seconds = seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._socks: list[tuple[object, socket.socket]] = []  # (owning connection, socket)
        self._started = False
        self._done = False
        self.fired = False
        self.deadline_at: float | None = None

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self.deadline_at = self._clock() + self.seconds
        deadlines.TIMER.add(self.seconds, self)  # one thread for every request's deadline

    @property
    def stopped(self) -> bool:
        return self._done

    def remaining(self) -> float:
        if self.deadline_at is None:
            return self.seconds
        return self.deadline_at - self._clock()

    @property
    def expired(self) -> bool:
        return self.fired or (self.deadline_at is not None and self._clock() >= self.deadline_at)

    def attach(self, owner: object, sock: object) -> None:
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            if self._done:
                return
            self._socks.append((owner, sock))
            fired = self.fired
        if fired:  # the deadline passed while this connection was being set up
            _shutdown(sock)

    def forget(self, owner: object) -> None:
        # Called when the pool takes a connection back: from then on another thread may use it,
        # so this watchdog must never touch its socket again.
        with self._lock:
            self._socks = [(o, s) for o, s in self._socks if o is not owner]

    def stop(self) -> None:
        with self._lock:
            self._done = True
            self._socks.clear()

    def fire(self) -> None:
        """End the request now, as if its deadline had passed."""
        self._fire()

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            for _, sock in self._socks:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    # socket.socket.shutdown, not SSLSocket.shutdown: we only want the fd woken up, not a TLS
    # close_notify dance on a stuck connection. A closed socket has fd -1, so this can never hit
    # a descriptor number that was reused by someone else.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


# The _Watchdog and the AddressGuard of the get() running on this thread, if any.
_current = threading.local()


def _current_watchdog() -> _Watchdog | None:
    watch = getattr(_current, "watch", None)
    return watch if isinstance(watch, _Watchdog) else None


def _current_guard() -> AddressGuard | None:
    guard = getattr(_current, "guard", None)
    return guard if isinstance(guard, AddressGuard) else None


def _through_proxy(conn: object) -> bool:
    # A proxy the user configured resolves the target itself: we only see the proxy's address.
    return (
        getattr(conn, "proxy", None) is not None or getattr(conn, "_tunnel_host", None) is not None
    )


def _guarded_socket(
    conn: urllib3.connection.HTTPConnection, plain: Callable[[], socket.socket]
) -> socket.socket:
    """Open the TCP socket of `conn`, connecting only to addresses the guard accepts.

    The name is resolved here (through the guard) and the socket connects to a vetted IP
    literal, so what is checked is what is connected to; the peer address is checked once more
    after connecting. TLS still verifies and sends the host *name* (`conn.host` is unchanged).
    """
    guard = _current_guard()
    if guard is None or _through_proxy(conn):
        return plain()
    port = int(conn.port or 80)
    try:
        addresses = guard.connect_addresses(conn.host, port)
    except socket.gaierror as exc:
        raise urllib3.exceptions.NameResolutionError(conn.host, conn, exc) from exc
    error: Exception | None = None
    for address in addresses:
        try:
            sock = urllib3.util.connection.create_connection(
                (address, port),
                conn.timeout,
                source_address=conn.source_address,
                socket_options=conn.socket_options,
            )
        except TimeoutError as exc:
            error = urllib3.exceptions.ConnectTimeoutError(
                conn, f"Connection to {conn.host} timed out. (connect timeout={conn.timeout})"
            )
            error.__cause__ = exc
            continue
        except OSError as exc:
            error = urllib3.exceptions.NewConnectionError(
                conn, f"Failed to establish a new connection: {exc}"
            )
            error.__cause__ = exc
            continue
        try:
            guard.check_connected(conn.host, port, str(sock.getpeername()[0]))
        except BaseException:
            sock.close()
            raise
        return sock
    assert error is not None  # connect_addresses never returns an empty list
    raise error


def _recheck_reused(conn: BaseHTTPConnection) -> None:
    """Vet a kept-alive connection's peer before reusing it: the policy may differ from when it
    was opened (a feed removed, a URL that was only chosen while subscribing)."""
    guard = _current_guard()
    sock = getattr(conn, "sock", None)
    if guard is None or not isinstance(sock, socket.socket) or _through_proxy(conn):
        return
    try:
        peer = str(sock.getpeername()[0])
    except OSError:
        return  # already dead: urllib3 replaces it
    try:
        guard.check_connected(str(getattr(conn, "host", "")), int(getattr(conn, "port", 0)), peer)
    except BlockedAddressError:
        conn.close()
        raise


class _WatchedHTTPConnection(urllib3.connection.HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = _guarded_socket(self, super()._new_conn)
        watch = _current_watchdog()
        if watch is not None:
            watch.attach(self, sock)
        return sock


class _WatchedHTTPSConnection(urllib3.connection.HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        # The plain TCP socket, so a TLS handshake that drips can be cut off too.
        sock = _guarded_socket(self, super()._new_conn)
        watch = _current_watchdog()
        if watch is not None:
            watch.attach(self, sock)
        return sock

    def connect(self) -> None:
        super().connect()
        # Wrapping in TLS detached the plain socket; watch the TLS socket from now on.
        watch = _current_watchdog()
        if watch is not None:
            watch.attach(self, self.sock)


class _WatchedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection

    def _get_conn(self, timeout: float | None = None) -> BaseHTTPConnection:
        conn = super()._get_conn(timeout)
        _recheck_reused(conn)
        watch = _current_watchdog()
        if watch is not None:  # a kept-alive connection already has its socket
            watch.attach(conn, getattr(conn, "sock", None))
        return conn

    def _put_conn(self, conn: BaseHTTPConnection | None) -> None:
        watch = _current_watchdog()
        if watch is not None and conn is not None:
            watch.forget(conn)
        super()._put_conn(conn)


class _WatchedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection

    def _get_conn(self, timeout: float | None = None) -> BaseHTTPConnection:
        conn = super()._get_conn(timeout)
        _recheck_reused(conn)
        watch = _current_watchdog()
        if watch is not None:
            watch.attach(conn, getattr(conn, "sock", None))
        return conn

    def _put_conn(self, conn: BaseHTTPConnection | None) -> None:
        watch = _current_watchdog()
        if watch is not None and conn is not None:
            watch.forget(conn)
        super()._put_conn(conn)


_WATCHED_POOLS: dict[str, type[HTTPConnectionPool]] = {
    "http": _WatchedHTTPConnectionPool,
    "https": _WatchedHTTPSConnectionPool,
}


class _Adapter(HTTPAdapter):
    """An HTTPAdapter whose connection pools report their connections to the watchdog."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        # SOCKS managers build their own pools; those fall back to the checks between reads.
        if type(manager) is urllib3.ProxyManager:
            manager.pool_classes_by_scheme = _WATCHED_POOLS
        return manager


# --- bounded decompression ----------------------------------------------------------------------
#
# We ask urllib3 for the raw bytes and inflate them here, never producing more than _OUT_CHUNK bytes
# per step, so the byte cap is checked long before a gzip bomb can fill memory, whatever urllib3
# version is installed (older ones inflate a whole read at once).


class _Decoder:
    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._obj: Any = None  # zlib decompress object, created once the format is known
        self._head = b""  # deflate: first bytes, held until we know zlib-wrapped vs raw
        if encoding == "gzip":
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._obj is None:
            # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
            self._head += data
            if len(self._head) < 2:
                return
            cmf, flg = self._head[0], self._head[1]
            wrapped = cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            data, self._head = self._head, b""
        try:
            yield from self._inflate(data)
        except zlib.error as exc:
            raise network_error("damaged_encoding", encoding=self.encoding) from exc

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        while True:
            out = self._obj.decompress(data, _OUT_CHUNK)
            if out:
                yield out
            data = self._obj.unconsumed_tail
            if self._obj.eof:
                rest = self._obj.unused_data
                if self.encoding == "gzip" and rest[:2] == b"\x1f\x8b":
                    self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)  # next gzip member
                    data = rest
                    continue
                return  # trailing garbage after the stream is ignored, as browsers do
            # A full output buffer may leave output pending inside zlib even with no input left.
            if not data and len(out) < _OUT_CHUNK:
                return

    def finish(self) -> None:
        if self._obj is None or not self._obj.eof:
            raise network_error("cut_short", encoding=self.encoding)


def _decoder_for(content_encoding: str | None) -> _Decoder | None:
    codings = [
        c.strip().lower()
        for c in (content_encoding or "").split(",")
        if c.strip().lower() not in ("", "identity", "none")
    ]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip"):
        return _Decoder("gzip")
    if len(codings) == 1 and codings[0] == "deflate":
        return _Decoder("deflate")
    # We only ever offer gzip and deflate.
    raise network_error("unsupported_encoding", encoding=content_encoding)


# --- the client ---------------------------------------------------------------------------------


class HttpClient:
    """A thread-safe HTTP GET client with the limits described in the module docstring.

    `address_policy`, if given, is called with every URL (the first and each redirect target)
    before it is requested; it raises `BlockedAddressError` to refuse one. When it is an
    `AddressGuard` (as in the app, see `newsreader.core.fetch.addresses`), it also resolves host
    names and vets the address every connection is made to, new or kept alive. It is opt-in so that
    tests of this module can talk to servers on 127.0.0.1; the app always sets it.

    `clock` (monotonic seconds) is used for the deadline checks between reads and for the
    remembered Retry-After back-off; the watchdog timer itself runs on real time.
    """

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        connect_timeout: float = 10.0,
        read_timeout: float = 20.0,
        deadline: float = 60.0,
        max_redirects: int = 5,
        per_host: int = 2,
        clock: Callable[[], float] = time.monotonic,
        address_policy: AddressPolicy | None = None,
        proxy: ProxySettings | None = None,
    ) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self.user_agent = user_agent
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.max_redirects = max_redirects
        self.per_host = per_host
        self._clock = clock
        self._address_policy = address_policy
        self._guard = address_policy if isinstance(address_policy, AddressGuard) else None
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._not_before: dict[str, float] = {}
        self._live: set[_Watchdog] = set()  # the requests running now (see abort)
        self._aborted = False

        session = requests.Session()
        # No retries: a failure is reported and the next refresh tries again.
        adapter = _Adapter(pool_connections=64, pool_maxsize=32, max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        # Cookies would let sites track the reader across feeds; refuse to store any.
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        session.headers.clear()
        self._headers = {
            "User-Agent": user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": FEED_ACCEPT,
            "Connection": "keep-alive",
        }
        session.headers.update(self._headers)
        self._route = ProxyRoute(proxy)
        self._route.apply(session)
        self._session = session
        self._adapter = adapter
        # Plain GETs skip requests' per-request machinery (see plainget); False: never.
        self.plain_gets = True

    @property
    def address_policy(self) -> AddressPolicy | None:
        """The policy every URL is checked by (None: any address, for this module's tests)."""
        return self._address_policy

    def set_proxy(self, proxy: ProxySettings) -> None:
        """Use `proxy` from the next request on (connections already open are dropped)."""
        route = ProxyRoute(proxy)
        route.apply(self._session)
        self._route = route
        for adapter in self._session.adapters.values():
            adapter.close()

    # -- lifecycle --

    def close(self) -> None:
        self._session.close()

    def abort(self) -> None:
        """Quitting: end every running request now (their sockets are shut down, so a blocked
        read wakes at once) and refuse new ones with a "cancelled" NetworkError."""
        with self._lock:
            self._aborted = True
            live = list(self._live)
        for watch in live:
            watch.fire()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def user_chosen(self, url: str) -> Iterator[None]:
        """While inside, requests from this thread to `url`'s host and port count as the user's
        own choice (the address policy lets them reach a local address): wrap the fetch of a URL
        the user typed to subscribe, which happens before the feed is stored."""
        if self._guard is None:
            yield
            return
        with self._guard.user_chosen(url):
            yield

    # -- the request --

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int = FEED_MAX_BYTES,
        accept: str | None = None,
        referer: str | None = None,
        reject_content_types: tuple[str, ...] = ("image/", "video/", "audio/"),
        cancel: threading.Event | None = None,
        user_agent: str | None = None,
        auth: tuple[str, str] | None = None,
        deadline: float | None = None,
    ) -> FetchResult:
        """GET `url`, following redirects; return the body (2xx) or a 304 `FetchResult`.

        `deadline` (seconds) replaces the client's for this request: a podcast episode the user
        asked for may take minutes where a feed may not.

        `user_agent` replaces the client's for this request (a feed's own). `auth` (user,
        password) is sent as HTTP Basic only to `url`'s own origin (scheme, host, port): a
        redirect elsewhere, or to plain http, goes without it.

        Raises `NetworkError` (or `OfflineError`, `BlockedAddressError`) with a short message.
        `cancel`, once set, stops a request still waiting for its turn at the host.
        """
        url = _check_url(url.strip())
        headers: dict[str, str] = {}
        if accept is not None:
            headers["Accept"] = accept
        if referer:
            headers["Referer"] = requests.utils.requote_uri(referer)
        # Stored validators come from servers; one that cannot be sent back is simply dropped.
        if etag and _header_safe(etag):
            headers["If-None-Match"] = etag
        if last_modified and _header_safe(last_modified):
            headers["If-Modified-Since"] = last_modified
        if user_agent and _header_safe(user_agent):
            headers["User-Agent"] = user_agent
        origin = url_origin(url)

        watch = _Watchdog(deadline or self.deadline, self._clock)
        with self._lock:
            if self._aborted:
                raise network_error("cancelled")
            self._live.add(watch)
        _current.watch = watch
        _current.guard = self._guard
        try:
            redirects = 0
            first = url
            try:
                while True:
                    host = _host_of(url)
                    self._check_backoff(host)
                    if self._address_policy is not None:
                        self._address_policy(url)
                    hop_headers = headers
                    if auth is not None and url_origin(url) == origin:
                        hop_headers = {**headers, "Authorization": _basic(*auth)}
                    with self._slot(host, watch, cancel):
                        self._check_backoff(host)  # a wait learned while this one queued
                        watch.start()  # the deadline runs from the first request actually sent
                        response = self._send(url, hop_headers, watch)
                        try:
                            location = _redirect_target(response)
                            if location is None:
                                return self._finish(
                                    url,
                                    response,
                                    watch,
                                    etag,
                                    last_modified,
                                    max_bytes,
                                    reject_content_types,
                                )
                        finally:
                            response.close()
                    redirects += 1
                    if redirects > self.max_redirects:
                        raise network_error("too_many_redirects", limit=self.max_redirects)
                    next_url = urljoin(url, location)
                    scheme = urlsplit(next_url).scheme.lower()
                    if scheme not in _SCHEMES:
                        raise network_error("redirect_scheme", scheme=repr(scheme), url=next_url)
                    log.debug("redirect %s -> %s", url, next_url)
                    url = _check_url(next_url)
            except BlockedAddressError as exc:
                if redirects == 0:
                    raise
                # Say where it came from: the user knows the feed, not where it redirected to.
                raise network_error("redirect_blocked", detail=exc, url=first) from exc
        finally:
            watch.stop()
            with self._lock:
                self._live.discard(watch)
            _current.watch = None
            _current.guard = None

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        data: dict[str, str] | list[tuple[str, str]] | None = None,
        max_bytes: int = FEED_MAX_BYTES,
        cancel: threading.Event | None = None,
    ) -> FetchResult:
        """One API call (a sync server's GET or form POST) under the same deadline, byte cap,
        address policy and per-host politeness as `get()`. Redirects are not followed (an API
        that redirects is reported with where it points, so the user can fix the address), and
        a non-2xx status is a `NetworkError` carrying `status` (401 renews a session token).
        Neither `headers` nor `data` ever appears in an error message."""
        url = _check_url(url.strip())
        watch = _Watchdog(self.deadline, self._clock)
        _current.watch = watch
        _current.guard = self._guard
        try:
            host = _host_of(url)
            self._check_backoff(host)
            if self._address_policy is not None:
                self._address_policy(url)
            with self._slot(host, watch, cancel):
                watch.start()
                response = self._send(url, dict(headers or {}), watch, method=method, data=data)
                try:
                    location = _redirect_target(response)
                    if location is not None:
                        raise NetworkError(
                            f"the server sent this address elsewhere ({urljoin(url, location)})",
                            status=response.status_code,
                        )
                    return self._finish(url, response, watch, None, None, max_bytes, ())
                finally:
                    response.close()
        finally:
            watch.stop()
            _current.watch = None
            _current.guard = None

    def _send(
        self,
        url: str,
        headers: dict[str, str],
        watch: _Watchdog,
        *,
        method: str = "GET",
        data: dict[str, str] | list[tuple[str, str]] | None = None,
    ) -> requests.Response | PlainReply:
        host = _host_of(url)
        remaining = watch.remaining()
        if watch.expired or remaining <= 0:
            raise self._deadline_error(host)
        route = self._route
        timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        try:
            if self.plain_gets and method == "GET" and data is None:
                target = plain_target(url)
                if (
                    target is not None
                    and not route.proxies_for(url)
                    and route.login_for(url) is None
                    and all(_header_safe(v) for v in headers.values())
                ):
                    sent = merged_headers(self._headers, headers)
                    return send_plain(self._adapter, target, url, sent, route.verify, timeout)
            return self._session.request(
                method,
                url,
                data=data,
                headers=headers,
                proxies=route.proxies_for(url),
                auth=route.login_for(url),
                verify=route.verify,
                allow_redirects=False,
                stream=True,
                timeout=timeout,
            )
        except NetworkError:
            raise
        except _TRANSPORT_ERRORS as exc:
            if watch.expired:
                raise self._deadline_error(host) from exc
            raise _describe(exc, host, url) from exc

    def _finish(
        self,
        url: str,
        response: requests.Response | PlainReply,
        watch: _Watchdog,
        etag: str | None,
        last_modified: str | None,
        max_bytes: int,
        reject_content_types: tuple[str, ...],
    ) -> FetchResult:
        status = response.status_code
        new_etag = response.headers.get("ETag")
        new_modified = response.headers.get("Last-Modified")
        if status == 304:
            # A 304 has no body: reading its end hands the connection back to the pool for the
            # next request to the host (closing an unread response would close it).
            response.raw.drain_conn()
            # A 304 may omit the validators; the ones we sent are still the current ones.
            return FetchResult(
                url=url,
                status=304,
                etag=new_etag or etag,
                last_modified=new_modified or last_modified,
                cache_control=response.headers.get("Cache-Control"),
                expires=response.headers.get("Expires"),
                date=response.headers.get("Date"),
            )
        if status >= 300:
            raise self._status_error(url, response)
        content_type = response.headers.get("Content-Type")
        media = (content_type or "").split(";")[0].strip().lower()
        if media and any(media.startswith(p.lower()) for p in reject_content_types):
            raise network_error("not_a_feed_type", media=media)
        body = self._read_body(url, response, watch, max_bytes)
        return FetchResult(
            url=url,
            status=status,
            content=body,
            content_type=content_type,
            etag=new_etag,
            last_modified=new_modified,
            cache_control=response.headers.get("Cache-Control"),
            expires=response.headers.get("Expires"),
            date=response.headers.get("Date"),
        )

    def _read_body(
        self, url: str, response: requests.Response | PlainReply, watch: _Watchdog, max_bytes: int
    ) -> bytes:
        host = _host_of(url)
        decoder = _decoder_for(response.headers.get("Content-Encoding"))
        if decoder is None:
            declared = _int_or_none(response.headers.get("Content-Length"))
            if declared is not None and declared > max_bytes:
                raise network_error("too_big", size=_size(max_bytes))
        raw = response.raw
        parts: list[bytes] = []
        total = 0
        try:
            while True:
                if watch.expired:
                    raise self._deadline_error(host)
                data = raw.read(_RAW_CHUNK, decode_content=False)
                if not data:
                    break
                for piece in decoder.feed(data) if decoder is not None else (data,):
                    total += len(piece)
                    if total > max_bytes:
                        raise network_error("too_big", size=_size(max_bytes))
                    parts.append(piece)
        except NetworkError:
            raise
        except _TRANSPORT_ERRORS as exc:
            if watch.expired:
                raise self._deadline_error(host) from exc
            raise _describe(exc, host, url, reading=True) from exc
        # A shut-down socket can look like a clean end of a body that has no length.
        if watch.fired:
            raise self._deadline_error(host)
        if decoder is not None:
            decoder.finish()
        return b"".join(parts)

    # -- errors and politeness --

    def _deadline_error(self, host: str) -> NetworkError:
        watch = _current_watchdog()  # a request may have its own (see `get(deadline=)`)
        seconds = watch.seconds if watch is not None else self.deadline
        return network_error("deadline", host=host, seconds=f"{seconds:g}")

    def _status_error(self, url: str, response: requests.Response | PlainReply) -> NetworkError:
        status = response.status_code
        reason = response.reason or _phrase(status)
        if 300 <= status < 400:
            return network_error("redirect_without_location", status=status, reason=reason)
        retry_after: float | None = None
        if status in (429, 503):
            retry_after = _parse_retry_after(
                response.headers.get("Retry-After"), _server_now(response.headers.get("Date"))
            )
            if retry_after:
                with self._lock:
                    self._not_before[_host_of(url)] = self._clock() + retry_after
        if retry_after:
            return network_error(
                "http_status_wait",
                status=status,
                retry_after=retry_after,
                reason=reason,
                wait=_duration(retry_after),
            )
        return network_error("http_status", status=status, reason=reason)

    def _check_backoff(self, host: str) -> None:
        with self._lock:
            not_before = self._not_before.get(host)
            if not_before is None:
                return
            wait = not_before - self._clock()
            if wait <= 0:
                del self._not_before[host]
                return
        raise network_error("slow_down", retry_after=wait, host=host, wait=_duration(wait))

    @contextmanager
    def _slot(
        self, host: str, watch: _Watchdog, cancel: threading.Event | None = None
    ) -> Iterator[None]:
        """Hold one of the `per_host` request slots for `host`."""
        with self._lock:
            slot = self._slots.get(host)
            if slot is None:
                slot = self._slots[host] = threading.BoundedSemaphore(self.per_host)
        if watch.deadline_at is None:
            # Waiting for our turn does not eat into the request's deadline, but a cancel
            # (the user stopped the refresh) ends the wait.
            while not slot.acquire(timeout=_CANCEL_POLL_SECONDS):
                if (cancel is not None and cancel.is_set()) or self._aborted:
                    raise network_error("cancelled")
        elif not slot.acquire(timeout=max(watch.remaining(), 0.0)):
            raise self._deadline_error(host)
        try:
            yield
        finally:
            slot.release()


_CANCEL_POLL_SECONDS = 0.2


# --- helpers ------------------------------------------------------------------------------------


def _basic(user: str, password: str) -> str:
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def _check_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise network_error("invalid_url_detail", url=repr(url), detail=exc) from None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        shown = repr(scheme) if scheme else "(none)"
        raise network_error("unsupported_scheme", scheme=shown, url=repr(url))
    if not parts.hostname:
        raise network_error("no_host", url=repr(url))
    return url


def _header_safe(value: str) -> bool:
    if value != value.strip() or "\r" in value or "\n" in value:
        return False
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _redirect_target(response: requests.Response | PlainReply) -> str | None:
    if response.status_code not in _REDIRECTS:
        return None
    location = response.headers.get("Location", "").strip()
    if not location:
        return None
    # http.client decodes headers as latin-1, but servers that send non-ASCII send UTF-8.
    try:
        return location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return location


def _server_now(date_header: str | None) -> float:
    """The server's "now": its Date header when it has one, else our clock.

    A Retry-After date is the server's clock; measured against the server's own Date it waits
    the time meant even when this machine's clock is off by hours or days.
    """
    if date_header:
        try:
            when = email.utils.parsedate_to_datetime(date_header)
        except (TypeError, ValueError, IndexError):
            when = None
        if when is not None:
            return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
    return time.time()


def _parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - now
    if seconds <= 0:
        return None
    return min(seconds, _MAX_BACKOFF)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _size(n: int) -> str:
    if n >= _MB:
        return f"{round(n / _MB, 1):g} MB"
    if n >= 1024:
        return f"{round(n / 1024, 1):g} KB"
    return f"{n} bytes"


def _duration(seconds: float) -> str:
    seconds = max(1, round(seconds))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and everything it wraps (requests and urllib3 nest the real cause several deep)."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop(0)
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        reason = getattr(e, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
        todo.extend(a for a in e.args if isinstance(a, BaseException))
        if e.__cause__ is not None:
            todo.append(e.__cause__)
        if e.__context__ is not None:
            todo.append(e.__context__)


_OFFLINE_ERRNOS = {errno.ENETUNREACH, errno.ENETDOWN}


def _describe(exc: BaseException, host: str, url: str, *, reading: bool = False) -> NetworkError:
    """Turn a requests/urllib3/socket exception into a NetworkError with a short message."""
    causes = list(_causes(exc))

    def find(*types: type[BaseException]) -> BaseException | None:
        return next((c for c in causes if isinstance(c, types)), None)

    if find(
        requests.exceptions.InvalidURL,
        requests.exceptions.MissingSchema,
        requests.exceptions.InvalidSchema,
        urllib3.exceptions.LocationParseError,
    ):
        return network_error("invalid_url", url=repr(url))
    if find(socket.gaierror, urllib3.exceptions.NameResolutionError):
        return network_error("name_not_found", host=host)
    oserr = next((c for c in causes if isinstance(c, OSError) and c.errno in _OFFLINE_ERRNOS), None)
    if oserr is not None:
        return network_error("unreachable", host=host)
    cert = find(ssl.SSLCertVerificationError)
    if isinstance(cert, ssl.SSLCertVerificationError):
        return network_error("tls", detail=cert.verify_message or cert.reason or "bad certificate")
    tls = find(ssl.SSLError)
    if isinstance(tls, ssl.SSLError):
        return network_error("tls", detail=tls.reason or tls.strerror or tls)
    if find(requests.exceptions.SSLError, urllib3.exceptions.SSLError):
        return network_error("tls_host", host=host)
    if find(requests.exceptions.ProxyError, urllib3.exceptions.ProxyError):
        return network_error("proxy", host=host)
    if find(ConnectionRefusedError):
        return network_error("refused", host=host)
    unreachable = next(
        (c for c in causes if isinstance(c, OSError) and c.errno == errno.EHOSTUNREACH), None
    )
    if unreachable is not None:
        return network_error("no_route", host=host)
    if find(requests.exceptions.ConnectTimeout) or any(
        isinstance(c, urllib3.exceptions.ConnectTimeoutError)
        and not isinstance(c, urllib3.exceptions.NewConnectionError)
        for c in causes
    ):
        return network_error("connect_timeout", host=host)
    if find(requests.exceptions.ReadTimeout, urllib3.exceptions.ReadTimeoutError, TimeoutError):
        return network_error("read_timeout", host=host)
    if find(ConnectionResetError):
        return network_error("reset", host=host)
    if find(
        http.client.RemoteDisconnected,
        http.client.IncompleteRead,
        urllib3.exceptions.ProtocolError,
        requests.exceptions.ChunkedEncodingError,
    ):
        if reading:
            return network_error("closed_early", host=host)
        return network_error("closed", host=host)
    if find(http.client.HTTPException, urllib3.exceptions.DecodeError):
        return network_error("malformed", host=host)
    other = find(OSError)
    if isinstance(other, OSError) and other.strerror:
        return network_error("connect_failed", host=host, detail=other.strerror.lower())
    log.debug("unmapped network error for %s", url, exc_info=exc)
    return network_error("other", host=host, detail=type(exc).__name__)
