"""The sync engine: one protocol-neutral procedure for every account.

1. send the outbox (local changes not yet confirmed), oldest first; a row leaves it only when
   the server answered;
2. take the server's subscriptions and folders (a feed with an unsent local change keeps it);
3. take item *ids*: unread, starred and those new since the last sync (or, with Fever, pages of
   items above a high-water mark, stored as they come);
4. fetch the contents of only the ids not held yet, in batches, storing each batch at once;
5. make read/saved follow the server, except for articles with an unsent local change.

A sync with nothing new costs a handful of small requests. Errors are the account's (kept on
it and returned), never an exception that stops the other accounts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from newsreader.core.errors import NewsreaderError, OfflineError
from newsreader.core.feeds.parse import clean_title, index_body_text, lead_text
from newsreader.core.feeds.update import to_write
from newsreader.core.fetch.http import HttpClient
from newsreader.core.models import Account, AccountSync, ParsedEntry
from newsreader.core.secrets import Credentials, password_key, token_key
from newsreader.core.storage import Storage, outbox
from newsreader.core.storage.accounts import ItemRow
from newsreader.core.sync.fever import FeverAdapter
from newsreader.core.sync.greader import GReaderAdapter
from newsreader.core.sync.remote import Adapter, RemoteItem

log = logging.getLogger("newsreader.sync")

_MAX_NEW_PER_SYNC = 50_000  # item contents fetched in one sync at most (the rest: next time)


class SyncEngine:
    def __init__(
        self,
        storage: Storage,
        client: HttpClient,
        credentials: Credentials,
        clock: Callable[[], datetime],
    ) -> None:
        self.storage = storage
        self.client = client
        self.credentials = credentials
        self.clock = clock
        self._locks: dict[int, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def adapter(
        self, kind: str, url: str, user: str, *, account_id: int | None = None,
        password: str | None = None,
    ) -> Adapter:  # fmt: skip
        """An adapter for an account (secrets from the store) or for a candidate (`password`)."""
        session: dict[str, str | None] = {"token": None}

        def get_password() -> str | None:
            if password is not None:
                return password
            return None if account_id is None else self.credentials.get(password_key(account_id))

        def get_token() -> str | None:
            if account_id is None:
                return session["token"]
            return self.credentials.get(token_key(account_id))

        def save_token(token: str | None) -> None:
            if account_id is None:
                session["token"] = token
            elif token is None:
                self.credentials.delete(token_key(account_id))
            else:
                self.credentials.set(token_key(account_id), token)

        if kind == "greader":
            return GReaderAdapter(self.client, url, user, get_password, get_token, save_token)
        if kind == "fever":
            return FeverAdapter(self.client, url, user, get_password)
        raise ValueError(kind)

    def _lock(self, account_id: int) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(account_id, threading.Lock())

    # -- one account -----------------------------------------------------------------------

    def sync(self, account: Account, cancel: threading.Event | None = None) -> AccountSync:
        """Sync one account now (one sync per account at a time)."""
        with self._lock(account.id), self.client.user_chosen(account.url):
            adapter = self.adapter(account.kind, account.url, account.user, account_id=account.id)
            sent = new = 0
            try:
                sent = self._send_outbox(account.id, adapter, cancel)
                if cancel is not None and cancel.is_set():  # what is not sent stays queued
                    return AccountSync(account.id, "ok", 0, sent, adapter.requests)
                new = self._pull(account.id, adapter, cancel)
            except NewsreaderError as exc:
                message = str(exc)
                log.info("sync of account %d failed: %s", account.id, message)
                self.storage.record_sync(account.id, now=self.clock(), error=message)
                return AccountSync(
                    account.id, "error", new, sent, adapter.requests, message,
                    offline=isinstance(exc, OfflineError),
                )  # fmt: skip
            return AccountSync(account.id, "ok", new, sent, adapter.requests)

    def _send_outbox(
        self, account_id: int, adapter: Adapter, cancel: threading.Event | None
    ) -> int:
        entries = self.storage.outbox_pending(account_id)
        if not entries:
            return 0
        # Item flags: the last change per (item, flag) is what the server must end with.
        last: dict[tuple[str, str], str] = {}
        covered: dict[tuple[str, str], list[int]] = {}
        sent = 0
        for e in entries:
            if e.action in outbox.ITEM_ACTIONS:
                flag = "read" if e.action in ("read", "unread") else "saved"
                last[(e.target, flag)] = e.action
                covered.setdefault((e.target, flag), []).append(e.id)
        by_action: dict[str, list[tuple[str, str]]] = {}
        for key, action in last.items():
            by_action.setdefault(action, []).append(key)
        for action, keys in by_action.items():
            step = max(adapter.batch_size, 1)
            for i in range(0, len(keys), step):
                if cancel is not None and cancel.is_set():
                    return sent
                chunk = keys[i : i + step]
                adapter.mark(action, [target for target, _ in chunk])
                done = [eid for key in chunk for eid in covered[key]]
                self.storage.outbox_confirm(done)
                sent += len(chunk)
        for e in entries:
            if e.action in outbox.FEED_ACTIONS:
                if cancel is not None and cancel.is_set():
                    return sent
                adapter.feed_change(e.action, e.target, e.argument)
                self.storage.outbox_confirm([e.id])
                sent += 1
        return sent

    def _pull(self, account_id: int, adapter: Adapter, cancel: threading.Event | None) -> int:
        now = self.clock()
        self.storage.apply_subscriptions(account_id, adapter.subscriptions(), now=now)
        unread = adapter.unread_ids()
        starred = adapter.starred_ids()
        recent, cursor = adapter.new_ids(self.storage.sync_cursor(account_id))
        held = self.storage.held_item_ids(account_id)
        new = 0
        for page, after in adapter.recent_items(cursor, unread | starred):  # Fever: since_id
            if cancel is not None and cancel.is_set():
                break
            fresh = [it for it in page if it.remote_id not in held]
            new += self._store(account_id, fresh, unread, starred, now)
            held.update(it.remote_id for it in fresh)
            cursor = after
        # Recent items retention dropped stay gone; unread and starred ones always come.
        recent = [i for i in recent if i not in held]
        pruned = self.storage.pruned_item_ids(account_id, recent) - unread - starred
        wanted = [
            i
            for i in dict.fromkeys([*recent, *sorted(unread | starred, key=_num, reverse=True)])
            if i not in held and i not in pruned
        ]
        wanted = wanted[:_MAX_NEW_PER_SYNC]
        step = max(adapter.batch_size, 1)
        for i in range(0, len(wanted), step):
            if cancel is not None and cancel.is_set():
                break
            new += self._store(account_id, adapter.contents(wanted[i : i + step]), unread,
                               starred, now)  # fmt: skip
        self.storage.apply_account_states(account_id, unread=unread, starred=starred, now=now)
        self.storage.record_sync(account_id, now=now, error=None, cursor=cursor)
        return new

    def _store(
        self, account_id: int, items: list[RemoteItem], unread: set[str], starred: set[str],
        now: datetime,
    ) -> int:  # fmt: skip
        """Store one batch of the server's items in one transaction (read := not unread)."""
        rows = [
            ItemRow(it.remote_id, it.feed_remote_id, it.feed_title, to_write(_entry(it), now),
                    it.remote_id not in unread, it.remote_id in starred)
            for it in items
        ]  # fmt: skip
        return self.storage.store_account_items(account_id, rows, now=now)


def _num(item: str) -> int:
    return int(item) if item.isdigit() else 0


def _entry(item: RemoteItem) -> ParsedEntry:
    """A server's item as a parsed entry (the same cleaning as a feed's entries). The body is
    read once for the lead and once for the index text (most of a first sync's time)."""
    lead = lead_text(item.html) if item.html else ""
    return ParsedEntry(
        guid=item.remote_id,
        link=item.link,
        # Titles come entity-escaped; markup in one is still stripped (clean_title sees it).
        title=clean_title(item.title, html_type=False),
        author=item.author,
        published=item.published,
        summary=lead,
        content_html=item.html or None,
        body_text=index_body_text(item.html or None, lead, from_summary=True),
    )
