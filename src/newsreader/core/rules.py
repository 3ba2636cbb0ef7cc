"""Rules: what to do with an article as it is stored (mark read, hide, save, highlight, notify).

A rule's match text is one of
* words: every word must appear in the field, accent marks optional ("gia vang" finds
  "Giá vàng"), matched as whole words of the folded text (textfold.fold);
* a "quoted phrase": those words next to each other, in that order;
* a /regex/: Python syntax, case-insensitive, tried on the text as written and folded.

Pure: `compile_rule` checks a rule (InvalidInputError for a bad one), `RuleSet.actions` says
what a set of rules does to one article. The refresh pipeline calls it for every new article,
with the folded texts it already made for the search index, so 20 rules cost little.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsreader.core.errors import InvalidInputError
from newsreader.core.models import RULE_ACTIONS, RULE_FIELDS, Rule
from newsreader.core.textfold import fold

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_MAX_MATCH = 500


@dataclass(slots=True)
class Subject:
    """The texts of one article a rule may look at: `folded` ones as the search index has them."""

    title: str
    lead: str
    author: str
    folded_title: str
    folded_lead: str
    folded_body: str
    feed_id: int | None
    folder: str | None
    _tokens: dict[str, frozenset[str]] = field(default_factory=dict)
    _joined: dict[str, str] = field(default_factory=dict)
    _whole: dict[tuple[str, str], bool] = field(default_factory=dict)

    def raw(self, where: str) -> str:
        if where == "any":
            return "\n".join((self.title, self.lead, self.author))
        return {"title": self.title, "lead": self.lead, "author": self.author}.get(where, "")

    def folded(self, where: str) -> str:
        if where == "any":
            joined = self._joined.get(where)
            if joined is None:
                joined = self._joined[where] = "\n".join(
                    (self.folded_title, self.folded_lead, self.folded_body, fold(self.author))
                )
            return joined
        return {
            "title": self.folded_title,
            "lead": self.folded_lead,
            "body": self.folded_body,
            "author": fold(self.author),
        }[where]

    def tokens(self, where: str) -> frozenset[str]:
        found = self._tokens.get(where)
        if found is None:
            found = self._tokens[where] = frozenset(_TOKEN.findall(self.folded(where)))
        return found

    def has_word(self, where: str, word: str) -> bool:
        """Whether `word` (one token) is a whole word of the folded text: `word in
        self.tokens(where)`, found without splitting the whole text into tokens."""
        key = (where, word)
        found = self._whole.get(key)
        if found is None:
            found = self._whole[key] = _has_whole_word(self.folded(where), word)
        return found


_TOKEN_CHAR = re.compile(r"[^\W_]")  # what `_TOKEN` is made of


@functools.lru_cache(maxsize=1024)
def _word_end(word: str) -> re.Pattern[str]:
    """`word` with no word character after it (a literal first: the regex engine scans for it
    at C speed, where a look-behind first would be tried at every position)."""
    return re.compile(re.escape(word) + r"(?![^\W_])")


def _has_whole_word(text: str, word: str) -> bool:
    """Whether `word` (one token) is one of `text`'s tokens (maximal runs of word characters):
    an occurrence with no word character on either side."""
    if word not in text:
        return False
    for m in _word_end(word).finditer(text):
        start = m.start()
        if start == 0 or _TOKEN_CHAR.match(text, start - 1) is None:
            return True
    return False


Test = Callable[[Subject, str], bool]


def _present(words: tuple[str, ...], text: str) -> bool:
    """A cheap first check (substrings, at C speed): most rules match few articles."""
    return all(w in text for w in words)


def _words_test(words: tuple[str, ...]) -> Test:
    wanted = frozenset(words)
    return lambda s, where: _present(words, s.folded(where)) and wanted <= s.tokens(where)


def _phrase_test(words: tuple[str, ...]) -> Test:
    pattern = re.compile(
        r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?![^\W_])"
    )

    def test(s: Subject, where: str) -> bool:
        text = s.folded(where)
        return _present(words, text) and pattern.search(text) is not None

    return test


def _regex_test(pattern: re.Pattern[str]) -> Test:
    return lambda s, where: bool(pattern.search(s.raw(where)) or pattern.search(s.folded(where)))


def _test_for(match: str) -> Test:
    text = match.strip()
    if not text:
        raise InvalidInputError("a rule needs something to match")
    if len(text) > _MAX_MATCH:
        raise InvalidInputError(f"a rule's match is at most {_MAX_MATCH} characters")
    if len(text) >= 2 and text.startswith("/") and text.endswith("/"):
        try:
            return _regex_test(re.compile(text[1:-1], re.IGNORECASE))
        except re.error as exc:
            raise InvalidInputError(f"not a valid regular expression: {exc}") from None
    phrase = len(text) >= 2 and text.startswith('"') and text.endswith('"')
    words = tuple(_TOKEN.findall(fold(text)))
    if not words:
        raise InvalidInputError("a rule needs a word to match (letters or numbers)")
    return _phrase_test(words) if phrase else _words_test(words)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    rule: Rule
    test: Test

    def matches(self, subject: Subject) -> bool:
        r = self.rule
        if r.feed_id is not None and subject.feed_id != r.feed_id:
            return False
        if r.folder is not None and fold(subject.folder or "") != fold(r.folder):
            return False
        return self.test(subject, r.field)


def compile_rule(rule: Rule) -> CompiledRule:
    """Check and compile a rule (InvalidInputError saying what is wrong)."""
    if rule.field not in RULE_FIELDS:
        raise InvalidInputError(f"a rule looks at one of {', '.join(RULE_FIELDS)}")
    if rule.action not in RULE_ACTIONS:
        raise InvalidInputError(f"a rule's action is one of {', '.join(RULE_ACTIONS)}")
    return CompiledRule(rule, _test_for(rule.match))


@dataclass(frozen=True, slots=True)
class _Plan:
    """One rule as `RuleSet.actions` runs it: the same test as `CompiledRule.matches`, with its
    scope and its words' substring check laid out so that a set of rules does each cheap check
    once per article (the refresh runs every rule on every new article)."""

    action: str
    feed_id: int | None
    folder: str | None  # folded
    where: str
    words: frozenset[str] | None  # words and phrases: each must be in the folded text
    whole: tuple[str, ...] | None  # words: ... as a whole word; None: then run `test`
    test: Test


def _plan(c: CompiledRule) -> _Plan:
    r = c.rule
    folder = fold(r.folder) if r.folder is not None else None
    text = r.match.strip()
    regex = len(text) >= 2 and text.startswith("/") and text.endswith("/")
    phrase = len(text) >= 2 and text.startswith('"') and text.endswith('"')
    words = None if regex else tuple(_TOKEN.findall(fold(text)))
    return _Plan(
        action=r.action,
        feed_id=r.feed_id,
        folder=folder,
        where=r.field,
        words=frozenset(words) if words is not None else None,
        whole=words if words is not None and not phrase else None,
        test=c.test,
    )


class RuleSet:
    """Compiled rules; a stored rule that no longer compiles is left out."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: list[CompiledRule] = []
        for r in rules:
            try:
                self.rules.append(compile_rule(r))
            except InvalidInputError:
                continue
        self._plans = [_plan(c) for c in self.rules]
        self._words: dict[str, frozenset[str]] = {}  # where -> every rule word looked for there
        for p in self._plans:
            if p.words is not None:
                self._words[p.where] = self._words.get(p.where, frozenset()) | p.words

    def __bool__(self) -> bool:
        return bool(self.rules)

    def actions(self, subject: Subject) -> frozenset[str]:
        """The actions of every rule that matches `subject` (what `CompiledRule.matches` says
        of each; tests/core/test_rules.py holds the two to the same answers)."""
        found: set[str] = set()
        folder: str | None = None
        present: dict[str, frozenset[str]] = {}  # where -> the rule words in its folded text
        for p in self._plans:
            if p.action in found:
                continue  # matching has no effect but the action: one rule is enough
            if p.feed_id is not None and subject.feed_id != p.feed_id:
                continue
            if p.folder is not None:
                if folder is None:
                    folder = fold(subject.folder or "")
                if folder != p.folder:
                    continue
            if p.words is not None:
                there = present.get(p.where)
                if there is None:
                    text = subject.folded(p.where)
                    there = present[p.where] = frozenset(
                        w for w in self._words[p.where] if w in text
                    )
                if not p.words <= there:
                    continue
                if p.whole is not None:
                    if all(subject.has_word(p.where, w) for w in p.whole):
                        found.add(p.action)
                    continue
            if p.test(subject, p.where):
                found.add(p.action)
        return frozenset(found)
