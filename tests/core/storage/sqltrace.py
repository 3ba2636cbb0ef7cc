"""What a storage call runs: every statement on the calling thread's connection, and their plans."""

from __future__ import annotations

from collections.abc import Callable

from newsreader.core.storage import Storage


def traced_statements(storage: Storage, call: Callable[[], object]) -> list[str]:
    """Every statement `call` runs on this thread's connection (with its values)."""
    conn = storage._conn()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        call()
    finally:
        conn.set_trace_callback(None)
    return statements


def query_plan(storage: Storage, sql: str) -> str:
    """SQLite's plan for `sql`, its steps joined by " | "."""
    rows = storage._conn().execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    return " | ".join(str(r[-1]) for r in rows)
