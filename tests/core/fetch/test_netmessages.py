"""Network errors carry a kind and arguments; their English text is the template filled in, and
a stored English text gives the kind and arguments back."""

from __future__ import annotations

import re

import pytest

from newsreader.core.errors import BlockedAddressError, OfflineError
from newsreader.core.fetch.netmessages import TEMPLATES, network_error, parse


def test_the_error_keeps_kind_params_and_english_text() -> None:
    error = network_error("refused", host="vnexpress.net")
    assert str(error) == "could not connect to vnexpress.net: connection refused"
    assert (error.kind, error.params) == ("refused", {"host": "vnexpress.net"})
    status = network_error("http_status", status=404, reason="Not Found")
    assert (str(status), status.status) == ("HTTP 404 Not Found", 404)
    assert str(network_error("http_status", status=599, reason="")) == "HTTP 599"
    assert isinstance(network_error("name_not_found", host="x.vn"), OfflineError)
    blocked = network_error("redirect_blocked", detail="refused", url="http://a/")
    assert isinstance(blocked, BlockedAddressError)


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_kind_reads_back_from_its_english_text(kind: str) -> None:
    names = re.findall(r"\{(\w+)\}", TEMPLATES[kind])
    used = {name: f"<{name}-value>" for name in names}
    error = network_error(kind, **used)
    assert parse(str(error)) == (kind, used)


def test_real_texts_parse() -> None:
    assert parse("TLS error: WRONG_VERSION_NUMBER") == ("tls", {"detail": "WRONG_VERSION_NUMBER"})
    assert parse("invalid URL 'x': no host name") == ("no_host", {"url": "'x'"})
    assert parse("HTTP 503 Service Unavailable (asked to wait 2 min)") == (
        "http_status_wait",
        {"status": "503", "reason": "Service Unavailable", "wait": "2 min"},
    )
    assert parse("the feed is not valid XML") is None
