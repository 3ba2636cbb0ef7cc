"""The library's sync accounts: add (test the login first), list, remove, sync, and changes to an
account's feeds (queued in the outbox with the local change). `Library.accounts` is this."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from newsreader.core.errors import InvalidInputError, NewsreaderError, NotFoundError
from newsreader.core.fetch.http import HttpClient
from newsreader.core.models import Account, AccountSync
from newsreader.core.secrets import Credentials, password_key, token_key
from newsreader.core.storage import Storage
from newsreader.core.sync.engine import SyncEngine
from newsreader.core.sync.fever import READ_ONLY
from newsreader.core.sync.remote import AccountAuthError

log = logging.getLogger("newsreader.sync")

KINDS = ("greader", "fever")


def normalize_api_url(url: str) -> str:
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInputError(f"not a server address: {url!r} (http or https)")
    if parts.username or parts.password:
        raise InvalidInputError("put the user name in --user, not in the address")
    return text


class Accounts:
    def __init__(
        self,
        storage: Storage,
        client: Callable[[], HttpClient],
        config_dir: Path,
        *,
        clock: Callable[[], datetime],
        credentials: Credentials | None = None,
    ) -> None:
        self.storage = storage
        self._client = client
        self.clock = clock
        self.credentials = credentials or Credentials(config_dir)
        self._engine: SyncEngine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> SyncEngine:
        with self._lock:
            if self._engine is None:
                self._engine = SyncEngine(
                    self.storage, self._client(), self.credentials, self.clock
                )
            return self._engine

    # -- accounts --------------------------------------------------------------------------

    def test(self, url: str, user: str, password: str, kind: str | None = None) -> str:
        """Log in to the server; returns the API that answered ("greader" or "fever")."""
        url = normalize_api_url(url)
        if not user.strip():
            raise InvalidInputError("a user name is needed")
        kinds = [kind] if kind else list(KINDS)
        if kind is not None and kind not in KINDS:
            raise InvalidInputError(f"unknown API {kind!r} (greader or fever)")
        errors: list[NewsreaderError] = []
        with self.engine.client.user_chosen(url):
            for k in kinds:
                adapter = self.engine.adapter(k, url, user, password=password)
                try:
                    adapter.login()
                    return k
                except NewsreaderError as exc:  # the other API may be the one that is there
                    errors.append(exc)
        # A refused password says more than "this is not that API".
        raise next((e for e in errors if isinstance(e, AccountAuthError)), errors[0])

    def add(
        self, url: str, user: str, password: str, *, kind: str | None = None, title: str = ""
    ) -> Account:
        """Test the login, then keep the account (the password in the keyring, never the DB)."""
        url = normalize_api_url(url)
        found = self.test(url, user, password, kind)
        account_id = self.storage.add_account(
            kind=found, url=url, user=user.strip(), title=title.strip(),
            now=self.clock(),
        )  # fmt: skip
        self.credentials.set(password_key(account_id), password)
        return self.storage.account(account_id)

    def list(self) -> list[Account]:
        return self.storage.accounts()

    def get(self, account_id: int) -> Account:
        return self.storage.account(account_id)

    def remove(self, account_id: int) -> int:
        """Forget an account: its feeds and articles go (saved ones stay, as local), and its
        secrets leave the keyring. Returns how many saved articles were kept."""
        kept = self.storage.remove_account(account_id)
        self.credentials.delete(password_key(account_id))
        self.credentials.delete(token_key(account_id))
        return kept

    # -- syncing ---------------------------------------------------------------------------

    def sync(
        self, account_ids: Sequence[int] | None = None, cancel: threading.Event | None = None
    ) -> tuple[AccountSync, ...]:
        wanted = (
            self.list()
            if account_ids is None
            else [self.get(i) for i in dict.fromkeys(account_ids)]
        )
        return tuple(self.engine.sync(a, cancel) for a in wanted)

    # -- an account's feeds ----------------------------------------------------------------

    def _feed_account(self, feed_id: int) -> Account:
        remote = self.storage.account_feed(feed_id)
        if remote is None:
            raise NotFoundError(f"feed {feed_id} is not an account's feed")
        account = self.get(remote[0])
        if account.kind == "fever":
            raise InvalidInputError(READ_ONLY)
        return account

    def subscribe(self, account_id: int, url: str, folder: str | None = None) -> AccountSync:
        """Subscribe through the server (it fetches the feed), then sync the account."""
        account = self.get(account_id)
        if account.kind == "fever":
            raise InvalidInputError(READ_ONLY)
        engine = self.engine
        with engine.client.user_chosen(account.url):
            adapter = engine.adapter(account.kind, account.url, account.user, account_id=account_id)
            adapter.subscribe(url.strip(), folder)
        return engine.sync(account)

    def unsubscribe(self, feed_id: int) -> int:
        self._feed_account(feed_id)
        return self.storage.unsubscribe_account_feed(feed_id, now=self.clock())

    def move_feed(self, feed_id: int, folder: str | None) -> None:
        self._feed_account(feed_id)
        self.storage.move_account_feed(feed_id, folder or None, now=self.clock())

    def rename_folder(self, account_id: int, old: str, new: str) -> None:
        """Rename one of the account's folders (its label on the server, at the next sync)."""
        if self.get(account_id).kind == "fever":
            raise InvalidInputError(READ_ONLY)
        if not new.strip():
            raise InvalidInputError("a folder needs a name")
        self.storage.rename_account_folder(account_id, old, new.strip(), now=self.clock())

    def delete_folder(self, account_id: int, name: str) -> int:
        """Remove one of the account's folders (its label on the server, at the next sync); its
        feeds stay, outside any folder. Returns how many feeds it held."""
        if self.get(account_id).kind == "fever":
            raise InvalidInputError(READ_ONLY)
        return self.storage.delete_account_folder(account_id, name, now=self.clock())

    def rename_feed(self, feed_id: int, title: str) -> None:
        self._feed_account(feed_id)
        self.storage.rename_account_feed(feed_id, title, now=self.clock())
