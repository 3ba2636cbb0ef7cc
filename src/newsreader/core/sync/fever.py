"""The Fever API (FreshRSS, Miniflux, Tiny Tiny RSS's plugin, Coldsweat).

Learned from the Fever API document: every call is a POST to ``…/?api&<command>`` with
``api_key`` = md5("user:password") in the body; ``unread_item_ids`` and ``saved_item_ids`` give
the state as comma-separated ids; ``items&with_ids=`` gives at most 50 items; ``items&since_id=``
the (at most 50) items with a higher id, lowest first; ``mark=item&as=read|unread|saved|
unsaved&id=`` changes one. Subscriptions cannot be changed through it: the server's list is
shown read-only.

Items already read on the server are fetched by paging ``since_id`` up from a high-water mark
kept per account (the cursor's ``since_id``). A first sync does not walk the server's whole
history: it finds roughly the newest id with a few ``since_id`` probes (gallop, then bisect) and
starts `FIRST_SYNC_SPAN` ids below it, like the Google Reader adapter's newest 1,000. Unread and
saved items older than that still come, by their ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from newsreader.core.errors import NetworkError, NewsreaderError
from newsreader.core.fetch.http import HttpClient
from newsreader.core.sync.remote import (
    API_MAX_BYTES,
    AccountAuthError,
    RemoteFeedRow,
    RemoteItem,
    SyncProtocolError,
    json_answer,
)

READ_ONLY = "a Fever server's subscriptions can only be changed on the server itself"
FIRST_SYNC_SPAN = 1_000  # a first sync fetches the items of about the newest 1,000 ids
MAX_PAGES = 200  # since_id pages (50 items each) per sync at most; the next sync goes on
_MAX_PROBES = 40  # since_id probes to find the newest id on a first sync


def api_key(user: str, password: str) -> str:
    return hashlib.md5(f"{user}:{password}".encode()).hexdigest()


def _ids(value: Any) -> set[str]:
    if isinstance(value, int):
        return {str(value)}
    if not isinstance(value, str):
        return set()
    return {part.strip() for part in value.split(",") if part.strip().isdigit()}


class FeverAdapter:
    """Speaks the Fever API to one server for one user."""

    manages_subscriptions = False
    batch_size = 50

    def __init__(
        self, client: HttpClient, base_url: str, user: str, password: Callable[[], str | None]
    ) -> None:
        self.client = client
        self.base = base_url
        self.user = user
        self._password = password
        self.requests = 0

    def _call(self, query: str, form: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
        password = self._password()
        if password is None:
            raise AccountAuthError("no password is stored for this account: add it again")
        sep = "&" if "?" in self.base else "?"
        url = f"{self.base}{sep}api" + (f"&{query}" if query else "")
        self.requests += 1
        try:
            result = self.client.request(
                "POST", url, data=[("api_key", api_key(self.user, password)), *form],
                max_bytes=API_MAX_BYTES,
            )  # fmt: skip
        except NetworkError as exc:
            if exc.status in (401, 403):
                raise AccountAuthError("the server refused the user name or password") from None
            raise
        doc = json_answer(result, "the Fever API call")
        if not isinstance(doc, dict) or "api_version" not in doc:
            raise SyncProtocolError(
                "the server did not answer like a Fever API: is this its address?"
            )
        if not doc.get("auth"):
            raise AccountAuthError("the server refused the user name or password")
        return doc

    def login(self) -> None:
        self._call("")

    def subscriptions(self) -> list[RemoteFeedRow]:
        doc = self._call("feeds&groups")
        groups = {
            str(g.get("id")): str(g.get("title") or "")
            for g in doc.get("groups") or ()
            if isinstance(g, dict)
        }
        folder_of: dict[str, str] = {}
        for fg in doc.get("feeds_groups") or ():
            if isinstance(fg, dict):
                for feed_id in _ids(fg.get("feed_ids")):
                    folder_of.setdefault(feed_id, groups.get(str(fg.get("group_id")), ""))
        out = []
        for f in doc.get("feeds") or ():
            if not isinstance(f, dict) or "id" not in f:
                continue
            fid = str(f["id"])
            url = str(f.get("url") or "")
            out.append(
                RemoteFeedRow(
                    remote_id=fid,
                    url=url,
                    title=str(f.get("title") or url)[:500],
                    site_url=str(f["site_url"]) if f.get("site_url") else None,
                    folder=folder_of.get(fid) or None,
                )
            )
        return out

    def unread_ids(self) -> set[str]:
        return _ids(self._call("unread_item_ids").get("unread_item_ids"))

    def starred_ids(self) -> set[str]:
        return _ids(self._call("saved_item_ids").get("saved_item_ids"))

    def new_ids(self, cursor: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
        # Fever has no list of ids without contents: unread and saved items are what is kept.
        return [], cursor

    def recent_items(
        self, cursor: dict[str, Any], known: set[str]
    ) -> Iterator[tuple[list[RemoteItem], dict[str, Any]]]:
        """Pages of items with ids above the high-water mark, each with the cursor that
        follows it (store the page, then keep the cursor). `known`: ids the server reported
        (unread, saved), a lower bound of its newest id on a first sync."""
        since = cursor.get("since_id")
        if not isinstance(since, int) or since < 0:
            since = max(self._newest_id(max(map(int, known), default=0)) - FIRST_SYNC_SPAN, 0)
        for _ in range(MAX_PAGES):
            page = self._items_after(since)
            if not page:
                return
            highest = max(int(it.remote_id) for it in page)
            if highest <= since:  # a server that ignores since_id: stop, do not loop
                return
            since = highest
            yield page, {**cursor, "since_id": since}

    def _items_after(self, since: int) -> list[RemoteItem]:
        return [it for it in self._items(f"items&since_id={since}") if it.remote_id.isdigit()]

    def _newest_id(self, low: int) -> int:
        """About the newest item id (within FIRST_SYNC_SPAN): `low` is known to exist (or 0)."""
        step, high, probes = FIRST_SYNC_SPAN, None, 0
        while high is None and probes < _MAX_PROBES:  # gallop up until nothing is above
            probes += 1
            page = self._items_after(low + step)
            if not page:
                high = low + step
            else:
                low = max(int(it.remote_id) for it in page)
                step *= 2
        while high is not None and high - low > FIRST_SYNC_SPAN and probes < _MAX_PROBES:
            probes += 1
            middle = (low + high) // 2
            page = self._items_after(middle)
            if page:
                low = max(int(it.remote_id) for it in page)
            else:
                high = middle
        return low

    def contents(self, ids: Sequence[str]) -> list[RemoteItem]:
        return self._items("items&with_ids=" + ",".join(ids[: self.batch_size]))

    def _items(self, query: str) -> list[RemoteItem]:
        doc = self._call(query)
        out = []
        for it in doc.get("items") or ():
            if not isinstance(it, dict) or "id" not in it:
                continue
            try:
                when = datetime.fromtimestamp(int(it.get("created_on_time") or 0), UTC)
            except (TypeError, ValueError, OverflowError, OSError):
                when = None
            out.append(
                RemoteItem(
                    remote_id=str(it["id"]),
                    feed_remote_id=str(it.get("feed_id") or ""),
                    title=str(it.get("title") or ""),
                    link=str(it["url"]) if it.get("url") else None,
                    author=str(it["author"]) if it.get("author") else None,
                    published=when if when and when.timestamp() > 0 else None,
                    html=str(it.get("html") or ""),
                    read=bool(it.get("is_read")),
                    saved=bool(it.get("is_saved")),
                )
            )
        return out

    def mark(self, action: str, ids: Sequence[str]) -> None:
        for item in ids:
            try:
                self._call("", [("mark", "item"), ("as", action), ("id", item)])
            except NetworkError as exc:
                if exc.status != 404:  # gone from the server: nothing left to change
                    raise

    def feed_change(self, action: str, remote_id: str, argument: str | None) -> None:
        raise NewsreaderError(READ_ONLY)

    def subscribe(self, url: str, folder: str | None) -> str:
        raise NewsreaderError(READ_ONLY)
