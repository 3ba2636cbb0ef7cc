"""The one dateline stripper and the one Vietnam time zone."""

from datetime import UTC, datetime, timedelta

import pytest

from newsreader.core.pages.dates import VIETNAM_TZ, has_dateline, parse_date, strip_dateline


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        (
            "Kinhtedothi - Sáng 26/11, UBND TP Hà Nội khởi công",
            "Sáng 26/11, UBND TP Hà Nội khởi công",
        ),
        ("(Dân trí) - Việc chú trọng nghiên cứu", "Việc chú trọng nghiên cứu"),
        ("(Dân trí)\u00a0- Hàng hóa Việt", "Hàng hóa Việt"),
        ("TTO - Chiều 8/9", "Chiều 8/9"),
        ("VietNamNet: Bộ trưởng yêu cầu", "Bộ trưởng yêu cầu"),
        ("(VnExpress) – Giá vàng", "Giá vàng"),
        ("TPO-2026 là mã chương trình", "TPO-2026 là mã chương trình"),  # a word, not a dateline
        ("Hà Nội - Từ ngày 15/11", "Hà Nội - Từ ngày 15/11"),  # a location stamp stays
        ("Kinhtedothi - ", "Kinhtedothi - "),  # nothing would be left
    ],
)
def test_strip_dateline(text: str, stripped: str) -> None:
    assert strip_dateline(text) == stripped
    assert has_dateline(text) is (stripped != text)


def test_vietnam_time_zone() -> None:
    assert VIETNAM_TZ.utcoffset(None) == timedelta(hours=7)
    assert parse_date("26/11/2026 08:15", assume_tz=VIETNAM_TZ) == datetime(
        2026, 11, 26, 1, 15, tzinfo=UTC
    )
    assert parse_date("Thứ năm, 26/11/2026, 08:15 (ICT)") == datetime(
        2026, 11, 26, 1, 15, tzinfo=UTC
    )
