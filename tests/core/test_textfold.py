"""Search folding for Vietnamese: every mark dropped, đ -> d, case folded."""

import pytest

from newsreader.core.textfold import fold


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
