"""Quitting: `HttpClient.abort` ends a request blocked on a silent server at once."""

from __future__ import annotations

import threading
import time

import pytest

from newsreader.core.errors import NetworkError
from newsreader.core.fetch.http import HttpClient


def test_abort_ends_a_blocked_request_and_refuses_new_ones(silent_server: str) -> None:
    client = HttpClient(read_timeout=30, deadline=60)
    caught: list[NetworkError] = []

    def fetch() -> None:
        try:
            client.get(silent_server)
        except NetworkError as exc:
            caught.append(exc)

    thread = threading.Thread(target=fetch)
    thread.start()
    time.sleep(0.5)  # connected, waiting for an answer that never comes
    started = time.monotonic()
    client.abort()
    thread.join(timeout=5)
    assert time.monotonic() - started < 1.0
    assert len(caught) == 1
    with pytest.raises(NetworkError) as refused:
        client.get(silent_server)
    assert refused.value.kind == "cancelled"
    client.close()
