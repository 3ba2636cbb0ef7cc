"""The short path of a plain GET: sent straight to the `requests` adapter's urllib3 pool.

A refresh is mostly conditional GETs answered 304. `requests.Session.request` spends ~0.35 ms of
CPU on each (preparing the URL and headers, the cookie jar, hooks, environment merging, building
a Response) that such a request never needs. `HttpClient` sends a GET this way only when nothing
of that can matter: no proxy and no ~/.netrc login for the URL, every header value already safe,
and a URL that `requests` would send unchanged (lower-case http/https, an ASCII host name, no
user info, fragment, percent escapes, dot segments or characters it would quote). Everything else
goes through `requests` as before. The connection comes from the same adapter's pool manager, so
the address guard, the watchdog and keep-alive are the same; the request line, the headers (in
the same order) and the errors raised are the ones `requests` produces (tests/core/fetch/
test_plainget.py compares them).
"""

from __future__ import annotations

import os
import re
from typing import Any

import urllib3
from requests import exceptions as rexc
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ClosedPoolError,
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.exceptions import HTTPError as _HTTPError
from urllib3.exceptions import InvalidHeader as _InvalidHeader
from urllib3.exceptions import ProxyError as _ProxyError
from urllib3.exceptions import SSLError as _SSLError

__all__ = ["PlainReply", "PlainTarget", "merged_headers", "plain_target", "send_plain"]

# Characters `requests.utils.requote_uri` leaves alone, less "%" (it re-normalises escapes),
# "@" (user info), "#" (a fragment), "[]" (IPv6 literals) and "." right after "/" (dot segments).
_PATH_CHARS = r"A-Za-z0-9\-_~!$&'()*+,;=:/?"
_PLAIN_URL = re.compile(
    r"(?P<scheme>https?)://(?P<host>[A-Za-z0-9][A-Za-z0-9.\-]*)(?::(?P<port>[0-9]{1,5}))?"
    rf"(?P<path>/(?:[{_PATH_CHARS}]|(?<!/)\.)*)?\Z"
)


class PlainTarget:
    """Where a plain GET goes: the pool's scheme, host and port, and the request target."""

    __slots__ = ("host", "port", "scheme", "target")

    def __init__(self, scheme: str, host: str, port: int | None, target: str) -> None:
        self.scheme = scheme
        self.host = host
        self.port = port
        self.target = target


def plain_target(url: str) -> PlainTarget | None:
    """The target of `url` if `requests` would send it unchanged, else None."""
    m = _PLAIN_URL.match(url)
    if m is None:
        return None
    port = m["port"]
    return PlainTarget(
        m["scheme"], m["host"].lower(), int(port) if port else None, m["path"] or "/"
    )


class PlainReply:
    """The parts of a `requests.Response` the client reads, over the urllib3 response."""

    __slots__ = ("headers", "raw", "reason", "status_code")

    def __init__(self, raw: urllib3.BaseHTTPResponse) -> None:
        self.raw = raw
        self.status_code = raw.status
        self.headers = raw.headers
        self.reason = raw.reason

    def close(self) -> None:
        """As `requests.Response.close` for a streamed response never read whole."""
        self.raw.close()
        self.raw.release_conn()


def send_plain(
    adapter: HTTPAdapter,
    target: PlainTarget,
    url: str,
    headers: dict[str, str],
    verify: bool | str,
    timeout: tuple[float, float],
) -> PlainReply:
    """GET `target` through `adapter`'s pools as `adapter.send` would; the same exceptions."""
    pool_kwargs: dict[str, Any] = {}
    if verify is False:
        pool_kwargs["cert_reqs"] = "CERT_NONE"
    else:
        if isinstance(verify, str):
            pool_kwargs["ca_certs" if not os.path.isdir(verify) else "ca_cert_dir"] = verify
        pool_kwargs["cert_reqs"] = "CERT_REQUIRED"
    conn = adapter.poolmanager.connection_from_host(
        target.host, port=target.port, scheme=target.scheme, pool_kwargs=pool_kwargs
    )
    adapter.cert_verify(conn, url, verify, None)  # type: ignore[no-untyped-call]
    try:
        raw = conn.urlopen(
            method="GET",
            url=target.target,
            body=None,
            headers=headers,
            redirect=False,
            assert_same_host=False,
            preload_content=False,
            decode_content=False,
            retries=adapter.max_retries,
            timeout=urllib3.Timeout(connect=timeout[0], read=timeout[1]),
            chunked=False,
        )
    # The mapping of HTTPAdapter.send, so errors are described as before.
    except (ProtocolError, OSError) as err:
        raise rexc.ConnectionError(err) from err
    except MaxRetryError as e:
        if isinstance(e.reason, ConnectTimeoutError) and not isinstance(
            e.reason, NewConnectionError
        ):
            raise rexc.ConnectTimeout(e) from e
        if isinstance(e.reason, ResponseError):
            raise rexc.RetryError(e) from e
        if isinstance(e.reason, _ProxyError):
            raise rexc.ProxyError(e) from e
        if isinstance(e.reason, _SSLError):
            raise rexc.SSLError(e) from e
        raise rexc.ConnectionError(e) from e
    except ClosedPoolError as e:
        raise rexc.ConnectionError(e) from e
    except _ProxyError as e:
        raise rexc.ProxyError(e) from e
    except (_SSLError, _HTTPError) as e:
        if isinstance(e, _SSLError):
            raise rexc.SSLError(e) from e
        if isinstance(e, ReadTimeoutError):
            raise rexc.ReadTimeout(e) from e
        if isinstance(e, _InvalidHeader):
            raise rexc.InvalidHeader(e) from e
        raise
    return PlainReply(raw)


def merged_headers(base: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    """`base` updated by `extra` case-insensitively, in the order and casing `requests` sends."""
    store: dict[str, tuple[str, str]] = {k.lower(): (k, v) for k, v in base.items()}
    for k, v in extra.items():
        store[k.lower()] = (k, v)
    return dict(store.values())
