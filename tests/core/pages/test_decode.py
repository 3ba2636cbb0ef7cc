"""The one page decoder and its charset fallback rule."""

import codecs

import pytest

from newsreader.core.pages.decode import decode_page

VIET = "Tiếng Việt có dấu: Hà Nội, Đà Nẵng"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (codecs.BOM_UTF8 + VIET.encode(), VIET),
        (codecs.BOM_UTF16_LE + VIET.encode("utf-16-le"), VIET),
        (codecs.BOM_UTF16_BE + VIET.encode("utf-16-be"), VIET),
        (VIET.encode(), VIET),  # undeclared UTF-8
        (b'<meta charset="latin-1">Caf\xe9 \x93q\x94', '<meta charset="latin-1">Café “q”'),
        (b'<meta charset="utf-16"><p>Caf\xc3\xa9', '<meta charset="utf-16"><p>Café'),  # a lie
        (b"<meta charset=nonsense>Caf\xc3\xa9", "<meta charset=nonsense>Café"),
        (b"Caf\xe9", "Café"),  # undeclared, not UTF-8: legacy 8-bit
        (VIET.encode() + b"\xff", VIET + "\ufffd"),  # a stray byte in a UTF-8 page
        (b"", ""),
    ],
)
def test_the_rule(data: bytes, text: str) -> None:
    assert decode_page(data) == text


def test_declared_and_undeclared_vietnamese_windows_pages() -> None:
    body = "<p>Ông Văn Ha\u0309i</p>"  # cp1258 spells "ả" as a + combining hook (0xD2)
    declared = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    assert decode_page(declared + body.encode("cp1258")).endswith(body)
    assert decode_page(body.encode("cp1258")) == body  # 0xD2 ("Ò") marks cp1258


def test_a_declared_charset_that_does_not_fit_falls_back_to_utf8() -> None:
    assert decode_page(b'<meta charset="ascii">' + VIET.encode()).endswith(VIET)
