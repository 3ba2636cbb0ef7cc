"""Rules: words (accent marks optional), phrases and regexes on each field; scoping by feed and
folder; bad rules refused with a message."""

from __future__ import annotations

import random
import time

import pytest

from newsreader.core import rules as rules_module
from newsreader.core.errors import InvalidInputError
from newsreader.core.models import Rule
from newsreader.core.rules import RuleSet, Subject, compile_rule
from newsreader.core.textfold import fold


def subject(
    title: str = "Giá vàng hôm nay tăng mạnh",
    lead: str = "Giá vàng miếng SJC tăng thêm 500.000 đồng mỗi lượng.",
    body: str = "Thị trường sôi động từ sáng sớm.",
    author: str = "Phương Đông",
    feed_id: int | None = 3,
    folder: str | None = "Kinh tế",
) -> Subject:
    return Subject(title, lead, author, fold(title), fold(lead), fold(body), feed_id, folder)


def matches(match: str, field: str = "any", **kw: object) -> bool:
    rule = Rule(1, match, field, kw.pop("feed_id", None), kw.pop("folder", None), "read")  # type: ignore[arg-type]
    return compile_rule(rule).matches(subject(**kw))  # type: ignore[arg-type]


@pytest.mark.parametrize("match", ["giá vàng", "gia vang", "GIA VANG", "vàng giá", "sjc"])
def test_words_all_present_accents_optional(match: str) -> None:
    assert matches(match)


def test_words_are_whole_words() -> None:
    assert not matches("van")  # "vàng" folds to "vang", not "van"
    assert not matches("gia vang bac")  # every word must appear
    assert matches("đồng") and matches("dong")


def test_phrases_keep_order_and_adjacency() -> None:
    assert matches('"gia vang mieng"')
    assert not matches('"vang gia"')
    assert not matches('"gia tang"')


def test_regexes_on_written_and_folded_text() -> None:
    assert matches(r"/\d{3}\.\d{3}/")
    assert matches("/giá\\s+vàng/")
    assert matches("/gia\\s+vang/")
    assert not matches("/^vàng/", field="title")


def test_fields() -> None:
    assert matches("hom nay", field="title")
    assert not matches("sjc", field="title")
    assert matches("sjc", field="lead")
    assert matches("thi truong", field="body") and not matches("thi truong", field="title")
    assert matches("phuong dong", field="author") and not matches("phuong", field="title")
    assert matches("thi truong", field="any")


def test_feed_and_folder_scope() -> None:
    assert matches("vang", feed_id=3)
    assert not matches("vang", feed_id=4)
    assert matches("vang", folder="kinh te")  # folder names fold too
    assert not matches("vang", folder="Thể thao")


@pytest.mark.parametrize("match", ["", "   ", "!!!", "/(unclosed/", "x" * 501])
def test_bad_rules_are_refused(match: str) -> None:
    with pytest.raises(InvalidInputError):
        compile_rule(Rule(1, match))


def test_bad_field_or_action_refused() -> None:
    with pytest.raises(InvalidInputError):
        compile_rule(Rule(1, "x", field="url"))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        compile_rule(Rule(1, "x", action="delete"))  # type: ignore[arg-type]


def test_rule_set_collects_actions_and_skips_broken_rules() -> None:
    rules = RuleSet(
        [
            Rule(1, "gia vang", action="save"),
            Rule(2, "sjc", field="lead", action="highlight"),
            Rule(3, "bong da", action="hide"),
            Rule(4, "/(/", action="read"),  # stored before a check existed: ignored
        ]
    )
    assert len(rules.rules) == 3
    assert rules.actions(subject()) == {"save", "highlight"}
    assert [c.rule.id for c in rules.rules if c.matches(subject())] == [1, 2]


def test_twenty_rules_cost_little() -> None:
    rules = RuleSet(
        [Rule(n, f"tu khoa {n}", action="hide") for n in range(15)]
        + [Rule(100 + n, f'"cum tu {n}"', action="read") for n in range(3)]
        + [Rule(200, r"/bong\s+da/"), Rule(201, "/^Giá/", field="title", action="save")]
    )
    subjects = [subject(title=f"Tin số {n} về giá vàng") for n in range(2_000)]
    start = time.perf_counter()
    for s in subjects:
        rules.actions(s)
    per_article = (time.perf_counter() - start) / len(subjects)
    assert per_article < 0.001  # well under a millisecond per article for 20 rules


# -- RuleSet.actions runs the rules its own way: the same answers as each rule's `matches` ------

_ALPHABET = "ab tu khoa hà nội giá vàng _-.,/\n0123 đ Ấ ẫ\u0301 ß 😀 ｋ"


def _random_text(rng: random.Random, n: int) -> str:
    words = ["tu", "khoa", "ha", "noi", "gia", "vang", "tu_khoa", "khoahoc", "5", "ấn", "a1"]
    parts = [rng.choice(words) if rng.random() < 0.5 else rng.choice(_ALPHABET) for _ in range(n)]
    return "".join(parts)


def test_whole_words_are_the_tokens() -> None:
    rng = random.Random(15)
    for _ in range(20_000):
        text = fold(_random_text(rng, rng.randrange(0, 30)))
        word = rng.choice(["tu", "khoa", "a", "5", "an", "d", "vang", "noi", "1", "ss"])
        assert rules_module._has_whole_word(text, word) == (
            word in frozenset(rules_module._TOKEN.findall(text))
        ), (text, word)


def test_a_rule_set_answers_as_its_rules_do() -> None:
    rng = random.Random(17)
    matches = ["tu khoa", '"tu khoa"', "khoa", "ha noi 5", "/h[aà]\\s+n/", "/_/", "gia", "an"]
    for n in range(3_000):
        rules = [
            Rule(
                i,
                rng.choice(matches),
                rng.choice(["any", "title", "lead", "body", "author"]),  # type: ignore[arg-type]
                rng.choice([None, 1, 2]),
                rng.choice([None, "Kinh tế", "kinh te", "Thế giới"]),
                rng.choice(["read", "hide", "save", "highlight", "notify"]),  # type: ignore[arg-type]
            )
            for i in range(rng.randrange(1, 8))
        ]
        rs = RuleSet(rules)
        title, lead, body, author = (_random_text(rng, rng.randrange(0, 12)) for _ in range(4))
        s = Subject(
            title, lead, author, fold(title), fold(lead), fold(body),
            rng.choice([None, 1, 2]), rng.choice([None, "Kinh Tế", "Thế giới"]),
        )  # fmt: skip
        old = frozenset(c.rule.action for c in rs.rules if c.matches(s))
        assert rs.actions(s) == old, (n, rules, s)
