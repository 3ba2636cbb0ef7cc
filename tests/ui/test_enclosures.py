"""Enclosures in the window: listed with kind, type and size; opened with the system player, or
downloaded for offline use first and then opened from the disk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from pytest_httpserver import HTTPServer

from newsreader.core.library import Library
from newsreader.core.models import Enclosure
from newsreader.ui.article_html import ENGLISH_LABELS, VIETNAMESE_LABELS, human_size
from tests.ui.conftest import WindowKit, add_feed, entries, wait_idle

AUDIO = b"ID3" + bytes(200)


def podcast_library(library: Library, base: str) -> int:
    episode = replace(
        entries("podcast", 1)[0],
        enclosures=(
            Enclosure(f"{base}/sang.mp3", "audio/mpeg", 48_213_000),
            Enclosure(f"{base}/bao-cao.pdf", "application/pdf", None),
        ),
    )
    add_feed(library, "Podcast", [episode])
    return library.articles()[0].id


def test_sizes_read_like_a_person_says_them() -> None:
    assert [human_size(n) for n in (512, 820_000, 48_213_000, 1_300_000_000)] == [
        "512 B", "820 KB", "48.2 MB", "1.3 GB",
    ]  # fmt: skip


def test_article_lists_enclosures_and_opens_or_downloads_them(
    qtbot: Any,
    make_window: Callable[..., WindowKit],
    library: Library,
    httpserver: HTTPServer,
    tmp_path: Path,
) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/sang.mp3").respond_with_data(AUDIO, content_type="audio/mpeg")
    article_id = podcast_library(library, base)
    kit = make_window(library)
    window = kit.window
    window.show_article_by_id(article_id)
    text = window.article_view.toPlainText()
    assert "Audio · audio/mpeg · 48.2 MB" in text
    assert "PDF · application/pdf" in text
    assert text.count(ENGLISH_LABELS.download) == 2
    # Not downloaded: the player gets the web address.
    window.article_view.anchorClicked.emit(QUrl("nrenc:open/0"))
    assert kit.opened == [f"{base}/sang.mp3"]
    window.article_view.anchorClicked.emit(QUrl("nrenc:download/0"))
    wait_idle(qtbot, kit)
    assert "Downloaded" in window.status_text()
    window.article_view.anchorClicked.emit(QUrl("nrenc:open/0"))
    local = QUrl(kit.opened[-1])
    assert local.isLocalFile() and Path(local.toLocalFile()).read_bytes() == AUDIO
    # A failing download says so; a position that does not exist does nothing.
    window.article_view.anchorClicked.emit(QUrl("nrenc:download/1"))
    wait_idle(qtbot, kit)
    assert "Could not download" in window.status_text()
    window.article_view.anchorClicked.emit(QUrl("nrenc:open/7"))
    assert len(kit.opened) == 2


def test_vietnamese_labels(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    podcast_library(library, "https://podcast.example.vn")
    kit = make_window(library)
    kit.window.article_view.set_labels(VIETNAMESE_LABELS)
    kit.window.show_article_by_id(library.articles()[0].id)
    assert "Âm thanh · audio/mpeg · 48.2 MB" in kit.window.article_view.toPlainText()
