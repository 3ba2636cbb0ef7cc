"""Test-wide fixtures: no test reaches beyond 127.0.0.1, Qt runs offscreen, homes are temporary."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.clitools import Cli

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the developer's real keyring: secrets go to the 0600 fallback file of each test home.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# NEWSREADER_SHARED_CORPUS: the corpus for a checkout that is not next to ../shared (a worktree).
SHARED_CORPUS = Path(
    os.environ.get("NEWSREADER_SHARED_CORPUS") or REPO.parent / "shared" / "corpus"
)

_real_connect = socket.socket.connect
_real_getaddrinfo = socket.getaddrinfo


def _is_local(host: Any) -> bool:
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else address
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(host):
        raise OSError(f"test tried to reach {address!r}: only loopback is allowed in tests")
    return _real_connect(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if isinstance(host, bytes):
        host = host.decode()
    if host is not None and not _is_local(host):
        raise socket.gaierror(socket.EAI_NONAME, f"test tried to resolve {host!r}: no DNS in tests")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection or name lookup beyond loopback fails loudly (and so stays offline)."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)


@pytest.fixture(autouse=True)
def _no_system_keyring() -> Iterator[None]:
    """No test reads or writes the user's real keyring: a backend that always fails (so the
    0600 file fallback is used), unless a test installs another one."""
    import keyring
    import keyring.backends.fail

    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh NEWSREADER_HOME for one test."""
    h = tmp_path / "home"
    monkeypatch.setenv("NEWSREADER_HOME", str(h))
    yield h


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present next to the repo")
    return SHARED_CORPUS


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The command line with a fresh --home."""
    return Cli(tmp_path / "home", capsys)
