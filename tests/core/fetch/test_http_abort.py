"""Quitting: `HttpClient.abort` ends a request blocked on a silent server at once."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from newsreader.core.errors import NetworkError
from newsreader.core.fetch.http import HttpClient


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/feed"
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in accepted:
            conn.close()
        listener.close()


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
