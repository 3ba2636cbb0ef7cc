"""Search folding for Vietnamese: every mark dropped, đ -> d, case folded."""

import random
import unicodedata
from pathlib import Path

import pytest

from newsreader.core.pages.htmltext import html_to_text
from newsreader.core.textfold import fold, fold_char
from tests.corpus_fragments import corpus_fragments


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hà Nội", "ha noi"),
        ("HÀ NỘI", "ha noi"),
        ("đột phá", "dot pha"),
        ("ĐƯỜNG SẮT", "duong sat"),
        ("người", "nguoi"),
        ("Sự kiện ở Huế", "su kien o hue"),
        ("kinh tế", "kinh te"),
        ("Ấn Độ", "an do"),
        ("plain ASCII", "plain ascii"),
        ("Hà Nội", "ha noi"),  # decomposed input (NFD) folds the same
        ("Straße", "strasse"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_is_idempotent() -> None:
    s = "Thủ tướng Phạm Minh Chính: đổi mới, sáng tạo"
    assert fold(fold(s)) == fold(s)


# --- the table fold against the implementation it replaced ---------------------------------------


def _fold_char_before(ch: str) -> str:
    """fold_char as it was before the prebuilt table (the oracle, frozen here)."""
    extra = {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"}
    if ch in extra:
        return extra[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class _TableBefore(dict[int, str]):
    def __missing__(self, code: int) -> str:
        folded = _fold_char_before(chr(code))
        self[code] = folded
        return folded


_TABLE_BEFORE = _TableBefore()


def _fold_before(text: str) -> str:
    """fold as it was before the prebuilt table (the oracle)."""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE_BEFORE)


def test_fold_of_every_code_point_is_as_before() -> None:
    for code in range(0x110000):
        ch = chr(code)
        assert fold(ch) == _fold_before(ch), hex(code)
        assert fold_char(ch) == _fold_char_before(ch), hex(code)
        assert fold("Ạ" + ch + "é") == _fold_before("Ạ" + ch + "é"), hex(code)
    # runs of neighbours, some wholly inside the prebuilt blocks and some straddling their ends
    for start in range(0, 0x110000, 97):
        text = "".join(map(chr, range(start, min(start + 97, 0x110000))))
        assert fold(text) == _fold_before(text), hex(start)


def test_fold_of_random_texts_is_as_before() -> None:
    rng = random.Random(20261208)
    pools = [
        "abcXYZ 09.,-",
        "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ",
        "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ",
        "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b",  # Vietnamese's marks, decomposed
        "ßẞİıŉǰΐΰﬀǿǾøØłŁſςΣ“”…–—€₫\u00a0\u2028",
        "中文한국어日本語ไทย",
        "😀𝐀𐐀𐐨\U0002f800\U0001d15e",
    ]
    for _ in range(20_000):
        text = "".join(
            rng.choice(pools[rng.choice((0, 0, 0, 1, 1, 2, 3, 4, 5, 6))])
            for _ in range(rng.randrange(1, 40))
        )
        assert fold(text) == _fold_before(text), text
        if rng.random() < 0.1:
            text += chr(rng.randrange(0x110000))
            assert fold(text) == _fold_before(text), text
        # a text that begins with the last one but its last character (a lead then its body)
        more = text[: rng.randrange(len(text) + 1)] + rng.choice(pools[rng.randrange(7)])
        assert fold(more) == _fold_before(more), more


def test_a_body_after_its_lead_folds_as_before() -> None:
    lead = "Tuyến đường sắt đô thị mới được kỳ vọng…"
    body = "Tuyến đường sắt đô thị mới được kỳ vọng giảm tải. ĐÀ NẴNG Straße ǿ"
    for first, then in [(lead, body), (lead, lead), (lead, lead[:-1]), ("Ấß", "Ấss"), ("ß", "ßa")]:
        assert fold(first) == _fold_before(first)
        assert fold(then) == _fold_before(then), (first, then)
    for first, then in [
        ("Đạiİ", "Đạiİx"),
        ("a\u0301", "a\u0301b"),
        ("\U0001d15e\u1ec7", "\U0001d15eé"),
    ]:
        assert fold(first) == _fold_before(first)
        assert fold(then) == _fold_before(then), (first, then)


@pytest.mark.corpus
def test_fold_of_the_corpus_is_as_before(shared_corpus: Path) -> None:
    fragments = corpus_fragments(shared_corpus)
    assert len(fragments) > 1000
    for text in fragments:
        assert fold(text) == _fold_before(text)
        plain = html_to_text(text)
        assert fold(plain) == _fold_before(plain)
    for path in sorted(shared_corpus.rglob("*")):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            assert fold(text) == _fold_before(text), path


def test_each_way_of_folding_is_taken() -> None:
    from newsreader.core import textfold

    fold("Hà Nội")  # the byte way is built on first use
    byte_way = textfold._byte_way[0]
    assert byte_way.fold("Thủ tướng: “ĐỔI MỚI” … 50 €") == "thu tuong: “doi moi” … 50 €"
    assert byte_way.fold("Straße") is None  # ß folds to two letters
    assert byte_way.fold("Москва") is None  # Cyrillic: the prebuilt table
    assert textfold._OUTSIDE_COMMON.search("Москва") is None
    assert textfold._OUTSIDE_COMMON.search("東京") is not None  # the self-filling table
    assert [fold(t) for t in ("Straße", "Москва", "東京 Hà")] == ["strasse", "москва", "東京 ha"]
