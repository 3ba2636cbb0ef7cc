"""Search queries: what a user types, made into a safe FTS5 MATCH expression, and snippets.

Users type words, maybe "quoted phrases", maybe without accent marks. Every word is folded like
the index (textfold.fold) and quoted, so FTS syntax typed by a user (`"`, `*`, `-`, `:`, `(`) is
never interpreted; the last bare word matches as a prefix so results appear while typing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newsreader.core.errors import SearchQueryError
from newsreader.core.textfold import fold

# unicode61 treats letters, numbers and private-use characters as token characters.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_MAX_TERMS = 16


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    match: str  # the FTS5 MATCH expression
    terms: tuple[str, ...]  # folded words, for snippets and highlighting
    prefix: str | None  # the folded last word when it matches as a prefix


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def parse_query(text: str) -> ParsedQuery:
    """Make a MATCH expression from user input; SearchQueryError when nothing can be searched."""
    parts: list[str] = []
    terms: list[str] = []
    prefix: str | None = None
    last_is_bare = False
    # Odd quotes: the unterminated phrase runs to the end, as users expect while typing.
    chunks = text.split('"')
    for index, chunk in enumerate(chunks):
        words = _TOKEN.findall(fold(chunk))
        if not words:
            continue
        in_phrase = index % 2 == 1
        if in_phrase and len(words) > 1:
            parts.append(_quote(" ".join(words)))
            terms.extend(words)
            last_is_bare = False
            continue
        for w in words:
            parts.append(_quote(w))
            terms.append(w)
        last_is_bare = not in_phrase and bool(_TOKEN.search(fold(chunk)[-1:]))
    if not parts:
        raise SearchQueryError("type a word to search for (letters or numbers)")
    if len(parts) > _MAX_TERMS:
        raise SearchQueryError(f"too many words: search for at most {_MAX_TERMS}")
    # The word being typed (no space or symbol after it yet) matches as a prefix.
    if last_is_bare:
        prefix = terms[-1]
        parts[-1] += "*"
    return ParsedQuery(" ".join(parts), tuple(terms), prefix)


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """Fold `text` char by char, remembering where each folded char came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = fold(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


def make_snippet(text: str, query: ParsedQuery, *, width: int = 160) -> str | None:
    """An excerpt of the original `text` around the first matching word, or None."""
    if not text:
        return None
    folded, where = _folded_with_map(text)
    best: int | None = None
    for term in query.terms:
        m = re.search(r"(?<![^\W_])" + re.escape(term), folded)
        if m and (best is None or m.start() < best):
            best = m.start()
    if best is None:
        return None
    centre = where[best]
    start = max(0, centre - width // 3)
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < centre else start
    if end < len(text):
        space = text.rfind(" ", centre, end)
        end = space if space > centre else end
    excerpt = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + excerpt + ("…" if end < len(text) else "")


def highlight_spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """(start, length) in `text` of the words the query matched, as the index matches them:
    whole words folded alike ("ha noi" marks "Hà Nội"), the prefix word as a prefix."""
    if not text or not query.terms:
        return []
    terms = set(query.terms)
    spans: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        folded = fold(word)
        if folded in terms:
            spans.append((match.start(), len(word)))
        elif query.prefix and folded.startswith(query.prefix):
            # Only the typed part: map the folded prefix back onto the original letters.
            _, where = _folded_with_map(word)
            end = where[len(query.prefix) - 1] + 1 if len(query.prefix) <= len(where) else 0
            while end < len(word) and unicodedata.combining(word[end]):
                end += 1  # a combining mark belongs to the letter before it
            spans.append((match.start(), end))
    return spans
