"""textscan: its answers are the substring tests they stand for."""

from __future__ import annotations

import random

from newsreader.core.pages.textscan import has_pair, has_space_by_newline, has_two_spaces


def test_the_answers_are_the_substring_tests() -> None:
    rng = random.Random(20261208)
    pieces = ["<", "!", "/", ">", "&", "#", " ", "\n", "a", "Đ", "  ", "\n\n"]
    for _ in range(100_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        for pair in ("<!", "/>", "&#", "  ", "\n\n", "!<"):
            assert has_pair(text, pair) == (pair in text), (text, pair)
        assert has_space_by_newline(text) == (" \n" in text or "\n " in text), text
        assert has_two_spaces(text) == ("  " in text), text
