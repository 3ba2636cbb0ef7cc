"""The Fever API (FreshRSS, Miniflux, Tiny Tiny RSS's plugin, Coldsweat).

Learned from the Fever API document: every call is a POST to ``…/?api&<command>`` with
``api_key`` = md5("user:password") in the body; ``unread_item_ids`` and ``saved_item_ids`` give
the state as comma-separated ids; ``items&with_ids=`` gives at most 50 items; ``mark=item&as=
read|unread|saved|unsaved&id=`` changes one. Subscriptions cannot be changed through it: the
server's list is shown read-only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
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

    def contents(self, ids: Sequence[str]) -> list[RemoteItem]:
        doc = self._call("items&with_ids=" + ",".join(ids[: self.batch_size]))
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
