"""The Google Reader API (FreshRSS, Miniflux, Inoreader, BazQux Reader, The Old Reader).

Learned from FreshRSS's API notes, Inoreader's and The Old Reader's API pages and BazQux's
"right way to sync": log in with ClientLogin (`Auth=` token, sent as
``Authorization: GoogleLogin auth=…``), fetch a short-lived POST token from ``/token`` for
writes, list item *ids* of a stream (``stream/items/ids`` with ``xt`` to exclude, ``ot`` for
"newer than" and ``c`` continuation), then POST only the missing ids to
``stream/items/contents``. Folders are labels: ``rename-tag`` and ``disable-tag``. A 401 means
the session token expired: log in again, once.
"""

from __future__ import annotations

import contextlib
import logging
import string
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from newsreader.core.errors import NetworkError
from newsreader.core.fetch.http import HttpClient
from newsreader.core.models import FetchResult
from newsreader.core.sync.remote import (
    API_MAX_BYTES,
    AccountAuthError,
    RemoteFeedRow,
    RemoteItem,
    SyncProtocolError,
    is_auth_failure,
    json_answer,
)

log = logging.getLogger("newsreader.sync")

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL = "user/-/label/"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"
_IDS_PAGE = 10_000  # ids per stream/items/ids request
_MAX_IDS = 100_000  # ids of one stream per sync, at most
_FIRST_SYNC_IDS = 1_000  # newest items of the reading list fetched on a first sync
_OT_MARGIN_S = 600  # re-ask for items a little older than the newest held (clock skew)

_MARKS = {
    "read": ("a", READ),
    "unread": ("r", READ),
    "saved": ("a", STARRED),
    "unsaved": ("r", STARRED),
}


def item_id(raw: str | int) -> str:
    """One form of an item id for both lists: id lists give decimal ids, contents the long
    form with 16 hex digits (FreshRSS, Inoreader) — both become the decimal; servers with other
    ids (The Old Reader's 24-hex ObjectIds) keep theirs."""
    text = str(raw).strip()
    if text.startswith(ITEM_PREFIX):
        text = text[len(ITEM_PREFIX) :]
        if len(text) == 16 and all(c in string.hexdigits for c in text):
            return str(int(text, 16))
    if text.lstrip("-").isdigit():
        value = int(text)
        return str(value if value >= 0 else value + (1 << 64))  # signed 64-bit seen in the wild
    if 0 < len(text) <= 64 and all(c.isalnum() or c in "-_." for c in text):
        return text
    raise SyncProtocolError(f"the server sent an item id that is not one: {text[:40]!r}")


def _label(folder: str) -> str:
    return LABEL + folder


def _when(value: Any) -> datetime | None:
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        return None
    if seconds <= 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


class GReaderAdapter:
    """Speaks the Google Reader API to one server for one user."""

    manages_subscriptions = True
    batch_size = 250

    def __init__(
        self,
        client: HttpClient,
        base_url: str,
        user: str,
        password: Callable[[], str | None],
        token: Callable[[], str | None],
        save_token: Callable[[str | None], None],
    ) -> None:
        self.client = client
        self.base = base_url.rstrip("/")
        self.user = user
        self._password = password
        self._token = token
        self._save_token = save_token
        self._post_token: str | None = None
        self.requests = 0

    # -- transport -------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Sequence[tuple[str, str]] = (),
        form: Sequence[tuple[str, str]] | None = None,
        auth: bool = True,
    ) -> FetchResult:
        url = self.base + path
        if params:
            url += "?" + urlencode(list(params))
        headers: dict[str, str] = {}
        if auth:
            token = self._token()
            if token is None:
                self.login()
                token = self._token()
            headers["Authorization"] = f"GoogleLogin auth={token}"
        self.requests += 1
        return self.client.request(
            method, url, headers=headers, data=list(form) if form is not None else None,
            max_bytes=API_MAX_BYTES,
        )  # fmt: skip

    def _api(
        self,
        method: str,
        path: str,
        *,
        params: Sequence[tuple[str, str]] = (),
        form: Sequence[tuple[str, str]] | None = None,
    ) -> FetchResult:
        """An authenticated call; on 401 log in again (and fetch a new POST token) once."""
        for attempt in (1, 2):
            try:
                body = None if form is None else [*form, ("T", self._edit_token())]
                return self._call(method, "/reader/api/0/" + path, params=params, form=body)
            except NetworkError as exc:
                if attempt == 2 or not is_auth_failure(exc):
                    raise
                log.info("session expired: logging in again")
                self._save_token(None)
                self._post_token = None
        raise AssertionError("unreachable")

    def _write(self, path: str, form: Sequence[tuple[str, str]]) -> None:
        """A write call: confirmed only by the protocol's plain "OK" (an HTML page from a
        portal or a misconfigured proxy is not a confirmation)."""
        result = self._api("POST", path, form=form)
        if result.content.strip()[:2] != b"OK":
            raise SyncProtocolError(f"the server did not confirm {path} (no OK): is this the API?")

    def _edit_token(self) -> str:
        if self._post_token is None:
            result = self._call("GET", "/reader/api/0/token")
            token = result.content.decode("utf-8", "replace").strip()
            if not token or len(token) > 500 or any(c in token for c in "<> \n"):
                raise SyncProtocolError(
                    "the server did not answer the token call like a Google Reader API:"
                    " is this its address?"
                )
            self._post_token = token
        return self._post_token

    # -- the API ---------------------------------------------------------------------------

    def login(self) -> None:
        password = self._password()
        if password is None:
            raise AccountAuthError("no password is stored for this account: add it again")
        try:
            result = self._call(
                "POST",
                "/accounts/ClientLogin",
                form=[("Email", self.user), ("Passwd", password)],
                auth=False,
            )
        except NetworkError as exc:
            if is_auth_failure(exc):
                raise AccountAuthError("the server refused the user name or password") from None
            raise
        token = None
        for line in result.content.decode("utf-8", "replace").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "Auth" and value.strip():
                token = value.strip()
        if token is None:
            raise SyncProtocolError(
                "the server did not answer the login like a Google Reader API: is this its address?"
            )
        self._save_token(token)

    def subscriptions(self) -> list[RemoteFeedRow]:
        doc = json_answer(self._api("GET", "subscription/list", params=[("output", "json")]),
                          "the subscription list")  # fmt: skip
        subs = doc.get("subscriptions") if isinstance(doc, dict) else None
        if not isinstance(subs, list):
            raise SyncProtocolError("the server's subscription list has no subscriptions")
        out = []
        for s in subs:
            if not isinstance(s, dict) or not isinstance(s.get("id"), str):
                continue
            folder = None
            for cat in s.get("categories") or ():
                if isinstance(cat, dict) and str(cat.get("id", "")).startswith("user/"):
                    label = cat.get("label") or str(cat.get("id")).rsplit("/", 1)[-1]
                    folder = str(label)
                    break
            feed_id = s["id"]
            url = s.get("url") or (feed_id[5:] if feed_id.startswith("feed/") else feed_id)
            out.append(
                RemoteFeedRow(
                    remote_id=feed_id,
                    url=str(url),
                    title=str(s.get("title") or url)[:500],
                    site_url=str(s["htmlUrl"]) if s.get("htmlUrl") else None,
                    folder=folder,
                )
            )
        return out

    def _ids(
        self, stream: str, *, exclude: str | None = None, newer_than: int | None = None,
        limit: int = _MAX_IDS,
    ) -> tuple[list[str], int]:  # fmt: skip
        """Item ids of `stream` (newest first) and the newest timestamp (µs) among them."""
        ids: list[str] = []
        newest = 0
        continuation: str | None = None
        while len(ids) < limit:
            params = [("output", "json"), ("s", stream), ("n", str(min(_IDS_PAGE, limit)))]
            if exclude:
                params.append(("xt", exclude))
            if newer_than is not None:
                params.append(("ot", str(newer_than)))
            if continuation:
                params.append(("c", continuation))
            doc = json_answer(self._api("GET", "stream/items/ids", params=params), "item ids")
            refs = doc.get("itemRefs") if isinstance(doc, dict) else None
            for ref in refs or ():
                if isinstance(ref, dict) and "id" in ref:
                    ids.append(item_id(ref["id"]))
                    with contextlib.suppress(TypeError, ValueError):
                        newest = max(newest, int(ref.get("timestampUsec") or 0))
            next_c = doc.get("continuation") if isinstance(doc, dict) else None
            if not next_c or not refs or next_c == continuation:
                break
            continuation = str(next_c)
        return ids[:limit], newest

    def unread_ids(self) -> set[str]:
        return set(self._ids(READING_LIST, exclude=READ)[0])

    def starred_ids(self) -> set[str]:
        return set(self._ids(STARRED)[0])

    def new_ids(self, cursor: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
        newest = int(cursor.get("newest_usec") or 0)
        if newest:
            since = max(newest // 1_000_000 - _OT_MARGIN_S, 0)
            ids, seen = self._ids(READING_LIST, newer_than=since)
        else:
            ids, seen = self._ids(READING_LIST, limit=_FIRST_SYNC_IDS)
        return ids, {**cursor, "newest_usec": max(newest, seen)}

    def recent_items(
        self, cursor: dict[str, Any], known: set[str]
    ) -> Iterator[tuple[list[RemoteItem], dict[str, Any]]]:
        return iter(())  # the reading list's ids come from new_ids

    def contents(self, ids: Sequence[str]) -> list[RemoteItem]:
        form = [("i", i) for i in ids]
        doc = json_answer(self._api("POST", "stream/items/contents", form=form), "item contents")
        items = doc.get("items") if isinstance(doc, dict) else None
        out = []
        for it in items or ():
            if not isinstance(it, dict) or "id" not in it:
                continue
            cats = {str(c) for c in it.get("categories") or () if isinstance(c, str)}
            raw_origin = it.get("origin")
            origin: dict[str, Any] = raw_origin if isinstance(raw_origin, dict) else {}
            link = None
            for key in ("canonical", "alternate"):
                for alt in it.get(key) or ():
                    if isinstance(alt, dict) and alt.get("href"):
                        link = str(alt["href"])
                        break
                if link:
                    break
            body = it.get("content") or it.get("summary") or {}
            html = str(body.get("content") or "") if isinstance(body, dict) else ""
            out.append(
                RemoteItem(
                    remote_id=item_id(it["id"]),
                    feed_remote_id=str(origin.get("streamId") or ""),
                    title=str(it.get("title") or ""),
                    link=link,
                    author=str(it["author"]) if it.get("author") else None,
                    published=_when(it.get("published")),
                    html=html,
                    read=any(c.endswith("/state/com.google/read") for c in cats),
                    saved=any(c.endswith("/state/com.google/starred") for c in cats),
                    feed_title=str(origin.get("title") or "")[:500],
                )
            )
        return out

    def mark(self, action: str, ids: Sequence[str]) -> None:
        key, tag = _MARKS[action]
        for i in range(0, len(ids), self.batch_size):
            form = [("i", x) for x in ids[i : i + self.batch_size]] + [(key, tag)]
            self._write("edit-tag", form)

    def feed_change(self, action: str, remote_id: str, argument: str | None) -> None:
        if action == "rename-folder":  # remote_id: the old name
            self._write("rename-tag", [("s", _label(remote_id)), ("dest", _label(argument or ""))])
            return
        if action == "delete-folder":  # remote_id: the name; the feeds stay subscribed
            self._write("disable-tag", [("s", _label(remote_id))])
            return
        form: list[tuple[str, str]] = [("s", remote_id)]
        if action == "unsubscribe":
            form.append(("ac", "unsubscribe"))
        elif action == "rename":
            form += [("ac", "edit"), ("t", argument or "")]
        elif action == "move":
            old, _, new = (argument or "\n").partition("\n")
            form.append(("ac", "edit"))
            if old:
                form.append(("r", _label(old)))
            if new:
                form.append(("a", _label(new)))
        else:
            raise ValueError(action)
        self._write("subscription/edit", form)

    def subscribe(self, url: str, folder: str | None) -> str:
        doc = json_answer(
            self._api("POST", "subscription/quickadd", form=[("quickadd", url)]), "quickadd"
        )
        stream = doc.get("streamId") if isinstance(doc, dict) else None
        if not stream or not int(doc.get("numResults") or 0):
            raise SyncProtocolError(f"the server found no feed at {url}")
        if folder:
            self._write(
                "subscription/edit", [("ac", "edit"), ("s", str(stream)), ("a", _label(folder))]
            )
        return str(stream)
