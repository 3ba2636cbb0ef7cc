"""A private feed added from the window: the login goes to the secrets store, not the URL."""

from __future__ import annotations

import base64
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.core.library import Library
from newsreader.core.secrets import feed_login
from newsreader.ui.add_feed_dialog import AddFeedDialog
from newsreader.ui.workers import Workers
from tests.feedgen import Item, rss


def test_add_feed_dialog_takes_a_login(
    qtbot: Any, library: Library, httpserver: HTTPServer
) -> None:
    expected = "Basic " + base64.b64encode("an:mật khẩu".encode()).decode()

    def handler(request: Request) -> Response:
        if request.headers.get("Authorization") != expected:
            return Response("login required", 401)
        return Response(rss([Item("Tin riêng", "rieng")]), content_type="application/rss+xml")

    httpserver.expect_request("/private.rss").respond_with_handler(handler)
    workers = Workers()
    dialog = AddFeedDialog(library, workers, [])
    qtbot.addWidget(dialog)
    dialog.url_edit.setText(httpserver.url_for("/private.rss"))
    dialog.user_edit.setText("an")
    dialog.password_edit.setText("mật khẩu")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.add_button.click()
    assert dialog.subscription is not None
    feed = library.feed(dialog.subscription.feed.id)
    assert feed.url == httpserver.url_for("/private.rss") and feed.total == 1
    assert feed_login(library.credentials, feed.id) == ("an", "mật khẩu")
    workers.shutdown()
