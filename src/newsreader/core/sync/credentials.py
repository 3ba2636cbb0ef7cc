"""Where an account's password and session token live: the system keyring (the `keyring`
package: Secret Service, KWallet, macOS Keychain, Windows Credential Locker) or, when no keyring
backend works, a file in the config dir readable only by the user (0600), announced once with a
warning. Secrets never go to the database, settings, logs or messages.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from pathlib import Path

from newsreader.core.atomic import atomic_write

log = logging.getLogger("newsreader.sync")

SERVICE = "newsreader"
FALLBACK_WARNING = (
    "no system keyring is available: account passwords are kept in {path}, readable only by you"
)


class Credentials:
    """Secrets by name ("account-3-password", "account-3-token")."""

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
        """Front-ends show `warning` once, when an account is added (the CLI prints it, the
        window says it); later uses only log it, so a sync is not noisy about it."""
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
