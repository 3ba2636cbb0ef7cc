"""Article ▸ Load full article (key F): the open article's page is fetched and shown, even when
its feed looked complete; a failure says why, in the UI language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from pytest_httpserver import HTTPServer

from newsreader.core.library import Library
from tests.ui.conftest import WindowKit, add_feed, entries, wait_idle

PAGE = (
    "<html><head><title>Bài</title></head><body><article><h1>Bài đầy đủ</h1>"
    + "".join(
        f"<p>Đoạn {n} của trang: thành phố đặt mục tiêu hoàn thành các công trình trọng điểm "
        "trước năm 2030, ưu tiên đường sắt đô thị và vành đai.</p>"
        for n in range(12)
    )
    + "</article></body></html>"
)
COMPLETE = "".join(
    f"<p>Đoạn {n} trong nguồn tin, đủ dài để trông như cả bài. " * 6 + "</p>" for n in range(8)
)


def test_load_full_article_shows_the_page(
    qtbot: Any,
    make_window: Callable[..., WindowKit],
    library: Library,
    threaded_server: HTTPServer,
) -> None:
    threaded_server.expect_request("/bai.html").respond_with_data(PAGE, content_type="text/html")
    threaded_server.expect_request("/hong.html").respond_with_data("", status=404)
    first, second = entries("full", 2)
    add_feed(
        library,
        "Báo",
        [
            replace(first, link=threaded_server.url_for("/bai.html"), content_html=COMPLETE),
            replace(second, link=threaded_server.url_for("/hong.html"), content_html=COMPLETE),
        ],
    )
    kit = make_window(library)
    window = kit.window
    window.article_list.setFocus()
    window.article_list.setCurrentIndex(window.articles_model.index(0))
    wait_idle(qtbot, kit)
    assert "Đoạn 11 của trang" not in window.article_view.toPlainText()  # the feed looked whole
    qtbot.keyClick(window.article_list, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: "Đoạn 11 của trang" in window.article_view.toPlainText())
    assert window.status_text() == "Full article loaded"
    assert "action_load_full_article" in [a.objectName() for a in window.menus["article"].actions()]

    window.article_list.setCurrentIndex(window.articles_model.index(1))
    wait_idle(qtbot, kit)
    window.actions_by_id["load_full_article"].trigger()
    qtbot.waitUntil(lambda: "Could not load" in window.status_text())
    assert window.status_text() == (
        "Could not load the full article: The server answered with an error: HTTP 404 NOT FOUND."
    )
