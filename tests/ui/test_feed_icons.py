"""Feed icons in the sidebar: a feed's cached icon (PNG or favicon ICO) is drawn in its row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsreader.core.library import Library
from newsreader.ui.sections_model import SectionRole
from tests.core.offline.test_feedicons import ico
from tests.core.offline.test_fulltext import png
from tests.ui.conftest import WindowKit, add_feed, entries


def test_sidebar_shows_each_feeds_own_icon(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    icons = {
        "Thời sự": ("https://a.vn/logo.png", png(32, 32)),
        "Đô thị": ("https://b.vn/favicon.ico", ico()),
    }
    ids = {}
    for title, (url, data) in icons.items():
        feed = add_feed(library, title, entries(title, 2))
        library.images.put(url, data)
        library.storage.set_feed_option(feed.id, "icon", url)
        ids[title] = feed.id
    plain = add_feed(library, "Không biểu tượng", entries("khong", 1))
    kit = make_window(library)
    model = kit.window.sections_model
    for title, (url, _data) in icons.items():
        assert model.index_for_key(f"feed:{ids[title]}").data(SectionRole.FEED_ICON) == url
        kit.window.feed_icons.pixmap(url)
        qtbot.waitUntil(lambda u=url: kit.window.feed_icons.pixmap(u) is not None)
    assert model.index_for_key(f"feed:{plain.id}").data(SectionRole.FEED_ICON) == ""
    view = kit.window.sections_view
    rect = view.visualRect(model.index_for_key(f"feed:{ids['Thời sự']}"))
    image = view.viewport().grab(rect).toImage()
    colors = {
        image.pixelColor(x, y).getRgb()[:3]
        for x in range(min(40, image.width()))
        for y in range(image.height())
    }
    assert (0x80, 0x40, 0x20) in colors  # the feed's own picture, not the generic icon
