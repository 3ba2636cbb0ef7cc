"""The outbox: local changes to a sync account's articles and feeds not yet confirmed by its server.

A row is written in the same transaction as the local change it describes (so a crash can never
keep one without the other) and deleted only once the server has confirmed it. Actions:
``read``/``unread``/``saved``/``unsaved`` (target: the server's item id), ``unsubscribe``,
``move`` (argument: "from\\nto" folders, "" for none) and ``rename`` (argument: the title)
(target: the server's feed id); ``rename-folder`` (target: the old name, argument: the new);
``delete-folder`` (target: the name; its feeds stay, outside any folder).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

ITEM_ACTIONS = ("read", "unread", "saved", "unsaved")
FEED_ACTIONS = ("unsubscribe", "move", "rename", "rename-folder", "delete-folder")


def unsent_change(table: str) -> str:
    """SQL: `table`'s row (with account_id, remote_id) is an article with a flag change not yet
    sent (the server still reports its old state)."""
    return (
        f"EXISTS (SELECT 1 FROM outbox o WHERE o.account_id = {table}.account_id"
        f" AND o.target = {table}.remote_id AND o.action IN {ITEM_ACTIONS!r})"
    )


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    account_id: int
    action: str
    target: str
    argument: str | None


def queue_flag_change(
    c: sqlite3.Connection, column: str, ids: Sequence[int], value: bool, now: int
) -> None:
    """Queue `column` (read or saved) := `value` for those of `ids` that belong to an account
    and whose flag is about to change. Call inside the transaction, before the UPDATE."""
    action = {("read", True): "read", ("read", False): "unread"}.get((column, value)) or (
        "saved" if value else "unsaved"
    )
    marks = ",".join("?" * len(ids))
    c.execute(
        "INSERT INTO outbox(account_id, action, target, queued_at)"
        f" SELECT account_id, ?, remote_id, ? FROM articles WHERE id IN ({marks})"
        f" AND account_id IS NOT NULL AND remote_id IS NOT NULL AND {column} != ?",
        (action, now, *ids, int(value)),
    )


def queue_read_where(
    c: sqlite3.Connection, select_ids: str, params: Sequence[object], now: int
) -> None:
    """Queue ``read`` for the unread account articles among `select_ids` (an id subquery)."""
    c.execute(
        "INSERT INTO outbox(account_id, action, target, queued_at)"
        f" SELECT account_id, 'read', remote_id, ? FROM articles WHERE id IN ({select_ids})"
        " AND account_id IS NOT NULL AND remote_id IS NOT NULL AND read = 0",
        (now, *params),
    )


def queue(
    c: sqlite3.Connection,
    account_id: int,
    action: str,
    target: str,
    argument: str | None,
    now: int,
) -> None:
    c.execute(
        "INSERT INTO outbox(account_id, action, target, argument, queued_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (account_id, action, target, argument, now),
    )
