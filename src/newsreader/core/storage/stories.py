"""Stories: articles whose links have the same canonical form (core/canonical.py) are one story.

Every article row has `story_key` (its canonical link, NULL without one) and `story_id`: the id
of the story's first stored article, which is the story's *representative*. Lists that span
feeds (Latest, Unread, Saved, search) show only representatives (`id = story_id`, tested on the
list-order index, which carries story_id, so keyset paging stays an index walk); a folder shows
each story's first article within the folder; a feed shows its own articles. Read, saved,
hidden and highlighted are story state: written on every member at once, and a new member
inherits them.

A sync account's article is always a story of its own (its read/saved state follows its server;
a trigger gives it its own story when the sync writes it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from newsreader.core.canonical import story_key
from newsreader.core.models import Article, ArticleQuery

_CHUNK = 500

REPRESENTATIVE = "a.id = a.story_id"
# The representative when it is in the folder (it has the story's smallest id), else the
# folder's first copy; the subquery runs only for rows that are not representatives.
_FIRST_IN_FOLDER = """(a.id = a.story_id OR NOT EXISTS (
    SELECT 1 FROM articles b LEFT JOIN feeds fb ON fb.id = b.feed_id
    LEFT JOIN folders db ON db.id = fb.folder_id
    WHERE b.story_id = a.story_id AND b.id < a.id AND COALESCE(db.name, b.source_folder) = ?))"""


def scope(query: ArticleQuery) -> tuple[str | None, list[Any]]:
    """The clause that keeps one row per story in the list `query` asks for (None: a feed)."""
    if query.feed_id is not None:
        return None, []
    if query.folder is not None:
        return _FIRST_IN_FOLDER, [query.folder]
    return REPRESENTATIVE, []


@dataclass(frozen=True, slots=True)
class NewMember:
    """What a new article takes from its story (see `joining`)."""

    key: str | None
    story_id: int | None  # None: it starts a story of its own
    read: bool
    saved: bool
    hidden: bool
    highlighted: bool
    notify: bool
    added: tuple[str, ...]  # rule marks the existing story did not have yet


def joining(c: sqlite3.Connection, link: str | None, marks: frozenset[str]) -> NewMember:
    """The story a new article with `link` joins, and its state: the story's (shared) plus
    the `marks` of the rules that matched it (read, save, hide, highlight; notify stays with
    the article). Call `spread` after inserting it when `added` is not empty."""
    key = story_key(link)
    state = {
        "read": "read" in marks,
        "saved": "save" in marks,
        "hidden": "hide" in marks,
        "highlighted": "highlight" in marks,
    }
    story_id = None
    added: tuple[str, ...] = ()
    if key is not None:
        cur = c.cursor()
        cur.row_factory = sqlite3.Row
        row = cur.execute(
            "SELECT story_id, read, saved, hidden, highlighted FROM articles"
            " WHERE story_key = ? ORDER BY id LIMIT 1",
            (key,),
        ).fetchone()
        if row is not None:
            story_id = int(row["story_id"])
            added = tuple(name for name, on in state.items() if on and not row[name])
            for name in state:
                state[name] = state[name] or bool(row[name])
    return NewMember(
        key,
        story_id,
        state["read"],
        state["saved"],
        state["hidden"],
        state["highlighted"],
        "notify" in marks,
        added,
    )


def spread(c: sqlite3.Connection, story_id: int, added: Sequence[str]) -> None:
    """A rule matched a story's new member: the whole story takes the new state."""
    assert all(name in ("read", "saved", "hidden", "highlighted") for name in added)
    if added:
        sets = ", ".join(f"{name} = 1" for name in added)
        c.execute(f"UPDATE articles SET {sets} WHERE story_id = ?", (story_id,))


def set_flag(
    c: sqlite3.Connection, column: str, ids: Sequence[int], value: bool, now: int | None
) -> int:
    """Set read or saved on the stories of `ids` (every member); returns rows changed."""
    assert column in ("read", "saved")
    changed = 0
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i : i + _CHUNK])
        marks = ",".join("?" * len(chunk))
        changed += c.execute(
            f"UPDATE articles SET {column} = ?, {column}_at = ?"
            f" WHERE story_id IN (SELECT story_id FROM articles WHERE id IN ({marks}))"
            f" AND {column} != ?",
            (int(value), now if value else None, *chunk, int(value)),
        ).rowcount
    return changed


def plan_moves(c: sqlite3.Connection, doomed: str, params: Sequence[Any] = ()) -> None:
    """Before deleting the articles `doomed` (a SELECT of ids) selects: note, for each story
    whose representative goes, the member that takes its place. `apply_moves` after."""
    c.execute("CREATE TEMP TABLE IF NOT EXISTS story_moves(old INTEGER PRIMARY KEY, new INTEGER)")
    c.execute("DELETE FROM story_moves")
    c.execute(
        f"INSERT INTO story_moves SELECT story_id, MIN(id) FROM articles"
        f" WHERE story_id IN ({doomed}) AND id NOT IN ({doomed}) GROUP BY story_id",
        (*params, *params),
    )


def apply_moves(c: sqlite3.Connection) -> None:
    c.execute(
        "UPDATE articles SET story_id = (SELECT new FROM story_moves WHERE old = story_id)"
        " WHERE story_id IN (SELECT old FROM story_moves)"
    )
    c.execute("DELETE FROM story_moves")


def annotate(conn: sqlite3.Connection, articles: Sequence[Article]) -> list[Article]:
    """The articles with their story's other feeds (`also_in`) and rule marks filled in."""
    if not articles:
        return []
    other: dict[int, dict[int, str]] = {}
    marks: dict[int, tuple[bool, bool]] = {}
    ids = [a.id for a in articles]
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        rows = cur.execute(
            "SELECT a.id, a.feed_id, a.highlighted, a.hidden, b.feed_id AS other,"
            " COALESCE(f.title, b.source_title) AS other_title"
            " FROM articles a LEFT JOIN articles b ON b.story_id = a.story_id AND b.id != a.id"
            " LEFT JOIN feeds f ON f.id = b.feed_id"
            f" WHERE a.id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for r in rows:
            marks[r["id"]] = (bool(r["highlighted"]), bool(r["hidden"]))
            feeds = other.setdefault(r["id"], {})
            if r["other"] is not None and r["other"] != r["feed_id"]:
                feeds[int(r["other"])] = str(r["other_title"] or "")
    out = []
    for a in articles:
        highlighted, hidden = marks.get(a.id, (False, False))
        found = sorted(other.get(a.id, {}).items())
        out.append(
            replace(
                a,
                also_in=tuple(feed_id for feed_id, _ in found),
                also_in_titles=tuple(title for _, title in found),
                highlighted=highlighted,
                hidden=hidden,
            )
        )
    return out


def folder_copies(conn: sqlite3.Connection) -> dict[int, tuple[int, int]]:
    """folder id -> (unread, total) articles that are a further copy of a story already in the
    folder: its story counts are the sums of its feeds' counts less these. Only copies that
    are not representatives are looked at (few: the twins)."""
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    rows = cur.execute(
        "SELECT f.folder_id, SUM(a.read = 0) AS unread, COUNT(*) AS total"
        " FROM articles a JOIN feeds f ON f.id = a.feed_id"
        " WHERE a.id != a.story_id AND a.hidden = 0 AND f.folder_id IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM articles b JOIN feeds fb ON fb.id = b.feed_id"
        "  WHERE b.story_id = a.story_id AND b.id < a.id AND fb.folder_id = f.folder_id)"
        " GROUP BY f.folder_id"
    ).fetchall()
    return {int(r["folder_id"]): (int(r["unread"]), int(r["total"])) for r in rows}


def backfill(conn: sqlite3.Connection) -> int:
    """Give stories to articles stored before stories existed (once, after the migration);
    twins found among them share their state from then on. Returns how many were assigned."""
    if conn.execute("SELECT 1 FROM articles WHERE story_id IS NULL LIMIT 1").fetchone() is None:
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        cur = conn.cursor()
        cur.row_factory = sqlite3.Row
        first: dict[str, int] = {}
        for r in cur.execute(
            "SELECT story_key, MIN(story_id) AS story FROM articles"
            " WHERE story_key IS NOT NULL AND story_id IS NOT NULL GROUP BY story_key"
        ).fetchall():
            first[r["story_key"]] = int(r["story"])
        rows = cur.execute(
            "SELECT id, link, account_id FROM articles WHERE story_id IS NULL ORDER BY id"
        ).fetchall()
        updates = []
        for r in rows:
            # A sync account's article stays a story of its own: its state follows its server.
            key = story_key(r["link"]) if r["account_id"] is None else None
            story = r["id"] if key is None else first.setdefault(key, r["id"])
            updates.append((key, story, r["id"]))
        conn.executemany("UPDATE articles SET story_key = ?, story_id = ? WHERE id = ?", updates)
        # Twins stored before: the story is read (saved) if any of them was.
        conn.execute(
            "UPDATE articles SET"
            " read = (SELECT MAX(b.read) FROM articles b WHERE b.story_id = articles.story_id),"
            " saved = (SELECT MAX(b.saved) FROM articles b WHERE b.story_id = articles.story_id)"
            " WHERE story_id IN (SELECT story_id FROM articles GROUP BY story_id"
            " HAVING COUNT(*) > 1)"
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(updates)
