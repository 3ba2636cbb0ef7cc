"""Rules and saved searches: what a reader asks the library to do for them every day.

`Library.rules` and `Library.searches` are these; the CLI and the window use them through the
library like everything else. Rules act on articles stored after they are added (the refresh
pipeline applies them, feeds/update.py); `Rules.preview` shows what a rule would match among
the articles already stored, for the rules editor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from newsreader.core.errors import InvalidInputError
from newsreader.core.models import Article, ArticleQuery, Rule, RuleAction, RuleField, SavedSearch
from newsreader.core.rules import Subject, compile_rule
from newsreader.core.search import parse_query
from newsreader.core.storage import Storage
from newsreader.core.textfold import fold

Clock = Callable[[], datetime]
_PREVIEW_SCAN = 2_000  # newest stored articles a preview looks through


class Rules:
    def __init__(self, storage: Storage, clock: Clock) -> None:
        self._storage = storage
        self._clock = clock

    def make(
        self,
        match: str,
        *,
        action: RuleAction,
        field: RuleField = "any",
        feed_id: int | None = None,
        folder: str | None = None,
    ) -> Rule:
        """A checked rule, not stored (InvalidInputError saying what is wrong)."""
        folder = folder.strip() if folder and folder.strip() else None
        rule = Rule(0, match.strip(), field, feed_id, folder, action)
        compile_rule(rule)
        return rule

    def add(
        self,
        match: str,
        *,
        action: RuleAction,
        field: RuleField = "any",
        feed_id: int | None = None,
        folder: str | None = None,
    ) -> Rule:
        rule = self.make(match, action=action, field=field, feed_id=feed_id, folder=folder)
        rule_id = self._storage.add_rule(rule, now=self._clock())
        return Rule(rule_id, rule.match, rule.field, rule.feed_id, rule.folder, rule.action)

    def all(self) -> list[Rule]:
        return self._storage.rules()

    def remove(self, rule_id: int) -> None:
        self._storage.remove_rule(rule_id)

    def preview(self, rule: Rule, *, limit: int = 50) -> list[Article]:
        """Stored articles (newest first) that `rule` would match: the editor's live preview.
        Looks at titles, leads and authors (bodies are not loaded for a preview)."""
        compiled = compile_rule(rule)
        found: list[Article] = []
        scan = self._storage.articles(ArticleQuery(limit=_PREVIEW_SCAN, include_hidden=True))
        for a in scan:
            subject = Subject(
                title=a.title,
                lead=a.summary,
                author=a.author or "",
                folded_title=fold(a.title),
                folded_lead=fold(a.summary),
                folded_body="",
                feed_id=a.feed_id,
                folder=a.folder,
            )
            if compiled.matches(subject) or any(
                compiled.matches(replace(subject, feed_id=other)) for other in a.also_in
            ):
                found.append(a)
                if len(found) >= limit:
                    break
        return found


class SavedSearches:
    def __init__(self, storage: Storage, clock: Clock) -> None:
        self._storage = storage
        self._clock = clock

    def save(self, name: str, query: str) -> SavedSearch:
        """Keep `query` under `name` (an existing name gets the new query)."""
        name = name.strip()
        if not name:
            raise InvalidInputError("a saved search needs a name")
        parse_query(query)  # SearchQueryError for one that cannot be run
        search_id = self._storage.add_saved_search(name, query.strip(), now=self._clock())
        return self._counted(SavedSearch(search_id, name, query.strip()))

    def all(self) -> list[SavedSearch]:
        """Every saved search with its counts (stories; hidden ones left out)."""
        return [self._counted(s) for s in self._storage.saved_searches()]

    def find(self, name_or_id: str) -> SavedSearch:
        return self._counted(self._storage.saved_search(name_or_id))

    def remove(self, search_id: int) -> None:
        self._storage.remove_saved_search(search_id)

    def query(self, search: SavedSearch, base: ArticleQuery = ArticleQuery()) -> ArticleQuery:
        """`base` narrowed to the articles of `search`, newest first, pageable."""
        return replace(base, search=parse_query(search.query).match)

    def _counted(self, search: SavedSearch) -> SavedSearch:
        query = self.query(search)
        total = self._storage.count_articles(query)
        unread = self._storage.count_articles(
            ArticleQuery(unread=True, search=query.search) if total else query
        )
        return SavedSearch(
            search.id, search.name, search.query, unread if total else 0, total, query.search or ""
        )
