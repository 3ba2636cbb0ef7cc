"""Every network error the core can raise reads in plain words, in English and in Vietnamese."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from newsreader.core.fetch.netmessages import TEMPLATES, network_error
from newsreader.ui.i18n import Translations
from newsreader.ui.messages import describe_error
from newsreader.ui.network_errors import (
    CONTEXT,
    MESSAGES,
    describe_error_text,
    describe_offline_reason,
)

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "newsreader_vi.ts"


def names(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_every_kind_has_a_sentence_using_only_its_arguments() -> None:
    assert set(MESSAGES) == set(TEMPLATES)
    for kind, sentence in MESSAGES.items():
        assert names(sentence) <= names(TEMPLATES[kind]), kind


def test_vietnamese_sentences_keep_every_argument() -> None:
    root = ET.parse(TS).getroot()
    context = next(c for c in root.iter("context") if c.findtext("name") == CONTEXT)
    shipped = {m.findtext("source"): m.findtext("translation") or "" for m in context}
    for sentence in MESSAGES.values():
        assert sentence in shipped, sentence
        assert names(shipped[sentence]) == names(sentence), sentence


def test_errors_and_stored_texts_are_shown_in_the_ui_language(qapp: Any) -> None:
    refused = network_error("refused", host="vnexpress.net")
    tls = network_error("tls", detail="WRONG_VERSION_NUMBER")
    both = network_error(
        "no_scheme_worked", host="vnexpress.net", https_error=tls, http_error=refused
    )
    both.causes = (tls, refused)
    assert describe_error(refused) == "vnexpress.net refused the connection."
    assert describe_error(both) == (
        "Could not reach vnexpress.net. Over https: A secure (https) connection could not be "
        "made (WRONG_VERSION_NUMBER). Over http: vnexpress.net refused the connection."
    )
    translations = Translations()
    try:
        assert translations.install("vi")
        assert describe_error(refused) == "vnexpress.net từ chối kết nối."
        assert describe_error(both).startswith("Không kết nối được tới vnexpress.net. Qua https:")
        assert describe_error_text(str(both)).endswith("Qua http: vnexpress.net từ chối kết nối.")
        assert describe_error_text("HTTP 404 Not Found") == (
            "Máy chủ trả lời bằng một lỗi: HTTP 404 Not Found."
        )
        assert describe_error_text("not a network error") == "not a network error"
    finally:
        translations.install("en")


def test_offline_reason_does_not_blame_the_spelling(qapp: Any) -> None:
    # Every feed failed: a name not found means no network, not a typo in a bundled address.
    lookup = str(network_error("name_not_found", host="dantri.com.vn"))
    assert "spelling" in describe_error_text(lookup)  # one feed's error: a typo is likely
    assert describe_offline_reason(lookup) == (
        "Could not reach dantri.com.vn: there is no network connection."
    )
    refused = str(network_error("refused", host="vnexpress.net"))
    assert describe_offline_reason(refused) == describe_error_text(refused)
