"""The one home of secrets (feed passwords, sync account passwords and tokens): the system
keyring (the `keyring` package: Secret Service, KWallet, macOS Keychain, Windows Credential
Locker) or, when no keyring backend works, a file in the config dir readable only by the user
(0600), announced once with a warning. Secrets never go to the database, settings, logs, URLs,
JSON output, OPML or messages.

Names say whose secret it is: `feed_key(7)` ("feed-7": user and password of a private feed),
`password_key(3)` / `token_key(3)` (sync account 3).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from newsreader.core.atomic import atomic_write

log = logging.getLogger("newsreader.secrets")

SERVICE = "newsreader"
FALLBACK_WARNING = (
    "no system keyring is available: passwords are kept in {path}, readable only by you"
)


class Credentials:
    """Secrets by name ("feed-7", "account-3-password", "account-3-token")."""

    def __init__(self, config_dir: Path, *, use_keyring: bool = True) -> None:
        self.file = config_dir / "credentials.json"
        self._use_keyring = use_keyring
        self._lock = threading.Lock()
        self._warned = False
        self.warning: str | None = None  # set once the file fallback is in use

    # -- keyring ---------------------------------------------------------------------------

    def _keyring_get(self, name: str) -> tuple[bool, str | None]:
        """(worked, value)."""
        if not self._use_keyring:
            return False, None
        try:
            import keyring
            import keyring.errors

            return True, keyring.get_password(SERVICE, name)
        except Exception:
            return False, None

    def _keyring_set(self, name: str, value: str) -> bool:
        if not self._use_keyring:
            return False
        try:
            import keyring

            keyring.set_password(SERVICE, name, value)
            return True
        except Exception:
            return False

    def _keyring_delete(self, name: str) -> None:
        if not self._use_keyring:
            return
        with contextlib.suppress(Exception):
            import keyring

            keyring.delete_password(SERVICE, name)

    # -- the 0600 file ---------------------------------------------------------------------

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_file(self, data: dict[str, str]) -> None:
        atomic_write(self.file, json.dumps(data).encode("utf-8"), mode=0o600)

    def _announce(self) -> None:
        """Front-ends show `warning` once, when a secret is first stored (the CLI prints it, the
        window says it); later uses only log it, so a refresh or sync is not noisy about it."""
        self.warning = FALLBACK_WARNING.format(path=self.file)
        if not self._warned:
            self._warned = True
            log.info("%s", self.warning)

    # -- the API ---------------------------------------------------------------------------

    def get(self, name: str) -> str | None:
        worked, value = self._keyring_get(name)
        if worked and value is not None:
            return value
        with self._lock:
            return self._read_file().get(name)

    def set(self, name: str, value: str) -> None:
        if self._keyring_set(name, value):
            with self._lock:  # a copy left in the file by an earlier fallback must go
                data = self._read_file()
                if data.pop(name, None) is not None:
                    self._write_file(data)
            return
        with self._lock:
            data = self._read_file()
            data[name] = value
            self._write_file(data)
        self._announce()

    def delete(self, name: str) -> None:
        self._keyring_delete(name)
        with self._lock:
            data = self._read_file()
            if data.pop(name, None) is not None:
                self._write_file(data)


def password_key(account_id: int) -> str:
    return f"account-{account_id}-password"


def token_key(account_id: int) -> str:
    return f"account-{account_id}-token"


def feed_key(feed_id: int) -> str:
    return f"feed-{feed_id}"


def feed_login(credentials: Credentials, feed_id: int) -> tuple[str, str] | None:
    """(user, password) of a private feed, or None."""
    raw = credentials.get(feed_key(feed_id))
    if not raw:
        return None
    try:
        user, password = json.loads(raw)
    except (ValueError, TypeError):
        return None
    return str(user), str(password)


def set_feed_login(credentials: Credentials, feed_id: int, login: tuple[str, str] | None) -> None:
    if login is None:
        credentials.delete(feed_key(feed_id))
    else:
        credentials.set(feed_key(feed_id), json.dumps(list(login)))


def url_origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of `url`: the only place a login typed for it may be sent."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or (443 if scheme == "https" else 80)


def split_login(url: str) -> tuple[str, tuple[str, str] | None]:
    """`url` without the "user:password@" typed into it, and that login (None if there was
    none). Percent-escapes in the login are decoded ("p%40ss" is "p@ss")."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    clean = urlunsplit((parts.scheme, host.lower(), parts.path, parts.query, parts.fragment))
    if not user and not password:
        return clean, None
    return clean, (unquote(user), unquote(password))
