"""What the sync engine and the protocol adapters share: the server's items, the adapter
protocol, the errors, and one careful JSON reader for server answers."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from newsreader.core.errors import NetworkError, NewsreaderError
from newsreader.core.models import FetchResult
from newsreader.core.storage.accounts import RemoteFeedRow

__all__ = [
    "AccountAuthError",
    "Adapter",
    "RemoteFeedRow",
    "RemoteItem",
    "SyncProtocolError",
    "json_answer",
]

API_MAX_BYTES = 32 * 1024 * 1024  # one answer of a sync server (a batch of item contents)


class AccountAuthError(NewsreaderError):
    """The server refused the user name or password."""


class SyncProtocolError(NewsreaderError):
    """The server answered something that is not what its API promises."""


@dataclass(frozen=True, slots=True)
class RemoteItem:
    """One article as the server gives it (HTML not yet sanitized: that happens on the way out)."""

    remote_id: str
    feed_remote_id: str
    title: str
    link: str | None
    author: str | None
    published: datetime | None
    html: str
    read: bool
    saved: bool
    feed_title: str = ""  # the source's name, for an item whose feed the account no longer has


class Adapter(Protocol):
    """One server API. Every call may raise NetworkError, AccountAuthError or SyncProtocolError."""

    manages_subscriptions: bool  # False: the server's list is read-only here (Fever)
    batch_size: int  # item contents per request
    requests: int  # how many requests this adapter has made

    def login(self) -> None: ...

    def subscriptions(self) -> list[RemoteFeedRow]: ...

    def unread_ids(self) -> set[str]: ...

    def starred_ids(self) -> set[str]: ...

    def new_ids(self, cursor: dict[str, Any]) -> tuple[list[str], dict[str, Any]]: ...

    def recent_items(
        self, cursor: dict[str, Any], known: set[str]
    ) -> Iterator[tuple[list[RemoteItem], dict[str, Any]]]:
        """Items (read ones too) that come in pages rather than by ids (Fever's since_id),
        each page with the cursor that follows it; nothing for an API that lists ids."""
        ...

    def contents(self, ids: Sequence[str]) -> list[RemoteItem]: ...

    def mark(self, action: str, ids: Sequence[str]) -> None: ...

    def feed_change(self, action: str, remote_id: str, argument: str | None) -> None: ...

    def subscribe(self, url: str, folder: str | None) -> str: ...


def json_answer(result: FetchResult, what: str) -> Any:
    """The JSON document of an answer, or a one-line error saying what came instead."""
    media = (result.content_type or "").split(";")[0].strip().lower()
    try:
        return json.loads(result.content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        got = media or "something else"
        raise SyncProtocolError(
            f"the server did not answer {what} with JSON (it sent {got}): is this the API address?"
        ) from None


def is_auth_failure(exc: NetworkError) -> bool:
    return exc.status in (401, 403)
