"""Rules: the rules applied to articles as they are stored (matching is core/rules.py)."""

from __future__ import annotations

from datetime import datetime

from newsreader.core.errors import NotFoundError
from newsreader.core.models import Rule
from newsreader.core.storage.connection import Database, to_ts


class RuleStore(Database):
    """Adding, listing and removing rules."""

    def add_rule(self, rule: Rule, *, now: datetime) -> int:
        with self.transaction() as c:
            if (
                rule.feed_id is not None
                and not c.execute("SELECT 1 FROM feeds WHERE id = ?", (rule.feed_id,)).fetchone()
            ):
                raise NotFoundError(f"no feed with id {rule.feed_id}")
            cur = c.execute(
                "INSERT INTO rules(match, field, feed_id, folder, action, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (rule.match, rule.field, rule.feed_id, rule.folder, rule.action, to_ts(now)),
            )
            return int(cur.lastrowid or 0)

    def rules(self) -> list[Rule]:
        rows = self._read("SELECT id, match, field, feed_id, folder, action FROM rules ORDER BY id")
        return [
            Rule(
                id=r["id"],
                match=r["match"],
                field=r["field"],
                feed_id=r["feed_id"],
                folder=r["folder"],
                action=r["action"],
            )
            for r in rows
        ]

    def remove_rule(self, rule_id: int) -> None:
        with self.transaction() as c:
            if c.execute("DELETE FROM rules WHERE id = ?", (rule_id,)).rowcount == 0:
                raise NotFoundError(f"no rule with id {rule_id}")
