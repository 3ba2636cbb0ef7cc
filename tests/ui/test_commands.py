"""Dialogs and subscription commands: add feed, rename, move, remove, OPML, settings, start-up."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialog
from pytest_httpserver import HTTPServer

from newsreader.core.library import Library
from newsreader.core.models import ArticleQuery
from newsreader.paths import AppPaths
from newsreader.settings import SettingsStore
from newsreader.ui.add_feed_dialog import AddFeedDialog
from newsreader.ui.main import NewsreaderApp, run
from newsreader.ui.sections_model import SectionRole
from newsreader.ui.settings_dialog import SettingsDialog
from newsreader.ui.single_instance import SingleInstance, server_name
from newsreader.ui.thumbnails import ThumbnailCache
from newsreader.ui.window import DEFAULT_SPLIT
from newsreader.ui.workers import Workers
from tests.ui.conftest import WindowKit, add_feed, entries, wait_idle

RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>{title}</title><link>https://example.vn/</link>
<item><title>Tin đầu tiên của {title}</title><link>https://example.vn/1.html</link>
<guid>{title}-1</guid><description>Tóm tắt bài viết.</description></item>
</channel></rss>"""


def feed_response(server: HTTPServer, path: str, title: str) -> str:
    server.expect_request(path).respond_with_data(
        RSS.format(title=title).encode("utf-8"), content_type="application/rss+xml"
    )
    return server.url_for(path)


def jpeg(color: str = "#3366cc", size: tuple[int, int] = (120, 80)) -> bytes:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return bytes(data.data())


def test_add_feed_from_a_page_with_several_feeds(
    qtbot: Any, library: Library, httpserver: HTTPServer
) -> None:
    first = feed_response(httpserver, "/rss/thoi-su.rss", "Thời sự")
    second = feed_response(httpserver, "/rss/the-gioi.rss", "Thế giới")
    page = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss/thoi-su.rss">'
        '<link rel="alternate" type="application/rss+xml" href="/rss/the-gioi.rss"></head>'
        "<body>Trang chủ</body></html>"
    )
    httpserver.expect_request("/").respond_with_data(page, content_type="text/html")
    workers = Workers()
    dialog = AddFeedDialog(library, workers, ["VnExpress"])
    qtbot.addWidget(dialog)
    dialog.url_edit.setText(httpserver.url_for("/"))
    dialog.folder_box.setCurrentIndex(1)
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.candidates.rowCount() == 2, timeout=10_000)
    assert {dialog.candidates.index(r, 0).data() for r in range(2)} == {first, second}
    dialog.candidate_view.setCurrentIndex(
        next(
            dialog.candidates.index(r, 0)
            for r in range(2)
            if dialog.candidates.index(r, 0).data() == second
        )
    )
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.add_button.click()
    assert dialog.subscription is not None
    feed = library.feed(dialog.subscription.feed.id)
    assert feed.url == second and feed.folder == "VnExpress" and feed.total == 1
    workers.shutdown()


def test_add_feed_shows_errors_inline(qtbot: Any, library: Library, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/missing.rss").respond_with_data("gone", status=404)
    workers = Workers()
    dialog = AddFeedDialog(library, workers, [])
    qtbot.addWidget(dialog)
    dialog.add_button.click()
    assert "Type the address" in dialog.status.text()
    dialog.url_edit.setText(httpserver.url_for("/missing.rss"))
    dialog.add_button.click()
    qtbot.waitUntil(
        lambda: dialog.add_button.isEnabled() and bool(dialog.status.text()), timeout=10_000
    )
    assert dialog.status.textFormat() == Qt.TextFormat.PlainText
    assert dialog.subscription is None and dialog.result() == 0
    assert library.feeds() == []
    workers.shutdown()


def test_rename_move_and_remove_a_feed(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = make_window(news_library)
    window = kit.window
    feed = next(f for f in news_library.feeds() if f.title == "Tuổi Trẻ")
    news_library.mark_saved([news_library.articles(ArticleQuery(feed_id=feed.id, limit=1))[0].id])
    window.select_section(
        window.sections_model.section(window.sections_model.index_for_key(f"feed:{feed.id}"))
    )  # type: ignore[arg-type]

    kit.prompts.answers["text"] = "Tuổi Trẻ Online"
    window.actions_by_id["rename_feed"].trigger()
    wait_idle(qtbot, kit)
    assert news_library.feed(feed.id).title == "Tuổi Trẻ Online"
    assert window.sections_model.index_for_key(f"feed:{feed.id}").data() == "Tuổi Trẻ Online"
    assert window.current_section.key == f"feed:{feed.id}"

    kit.prompts.answers["folder"] = (True, "Báo mới")
    window.actions_by_id["move_feed"].trigger()
    wait_idle(qtbot, kit)
    assert news_library.feed(feed.id).folder == "Báo mới"
    folder_index = window.sections_model.index_for_key("folder:Báo mới")
    assert folder_index.isValid() and folder_index.data(SectionRole.UNREAD) == 10

    kit.prompts.answers["confirm"] = True
    window.actions_by_id["remove_feed"].trigger()
    assert not window.sections_model.index_for_key(f"feed:{feed.id}").isValid()
    window.undo_stack.commit_all()  # the removal waits for the offer to undo to end
    wait_idle(qtbot, kit)
    assert all(f.id != feed.id for f in news_library.feeds())
    assert window.current_section.kind == "latest"
    assert window.sections_model.index_for_key("saved").data(SectionRole.COUNT) == 1
    assert "saved articles are kept" in kit.prompts.asked[-1][1][0]


def test_rename_and_remove_a_folder(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = make_window(news_library)
    window = kit.window
    window.select_section(
        window.sections_model.section(window.sections_model.index_for_key("folder:VnExpress"))
    )  # type: ignore[arg-type]
    assert window.articles_model.rowCount() == 35
    kit.prompts.answers["text"] = "Báo VnExpress"
    window.actions_by_id["rename_feed"].trigger()
    wait_idle(qtbot, kit)
    assert window.current_section.key == "folder:Báo VnExpress"
    assert window.articles_model.rowCount() == 35
    kit.prompts.answers["confirm"] = True
    window.actions_by_id["remove_feed"].trigger()
    assert "its 2 feeds" in kit.prompts.asked[-1][1][0]
    assert not window.sections_model.index_for_key("folder:Báo VnExpress").isValid()
    window.undo_stack.commit_all()
    wait_idle(qtbot, kit)
    assert sorted(f.title for f in news_library.feeds()) == ["Tuổi Trẻ", "Đô thị"]
    assert [f.name for f in news_library.folders()] == ["Kinh tế & Đô thị"]


def test_opml_export_then_import(
    qtbot: Any,
    make_window: Callable[..., WindowKit],
    news_library: Library,
    library: Library,
    tmp_path: Path,
) -> None:
    out = tmp_path / "feeds.opml"
    kit = make_window(news_library)
    kit.prompts.answers["save_opml_path"] = str(out)
    kit.window.actions_by_id["export_opml"].trigger()
    wait_idle(qtbot, kit)
    text = out.read_text(encoding="utf-8")
    assert "Kinh tế &amp; Đô thị" in text and "Thời sự" in text
    assert "exported" in kit.window.status_text()

    bad = tmp_path / "bad.opml"
    bad.write_text(
        text.replace(
            "</body>", '<outline type="rss" text="x" xmlUrl="javascript:alert(1)"/></body>'
        ),
        encoding="utf-8",
    )
    other = make_window(library)  # an empty library imports them
    other.prompts.answers["open_opml_path"] = str(bad)
    other.window.actions_by_id["import_opml"].trigger()
    qtbot.waitUntil(lambda: other.window.sections_model.feed_count() == 4, timeout=5_000)
    qtbot.waitUntil(lambda: any(name == "inform" for name, _ in other.prompts.asked))
    _text, details = next(args for name, args in other.prompts.asked if name == "inform")
    assert "javascript:alert(1)" in details
    other.refresher.cancel()
    wait_idle(qtbot, other, 20_000)


def test_settings_dialog_round_trip(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    kit = make_window(library)
    requested: list[str] = []
    kit.window.language_change_requested.connect(requested.append)

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        dialog.refresh_minutes.setValue(15)
        dialog.open_marks_read.setChecked(False)
        dialog.text_scale.setValue(130)
        dialog.language.setCurrentIndex(dialog.language.findData("vi"))
        row = next(
            r for r in range(dialog.keymap.rowCount()) if dialog.keymap.spec(r).id == "toggle_read"
        )
        dialog.keymap.set_keys(row, ["J"])  # clashes with "next article": OK is disabled
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.keymap.set_keys(row, ["U"])
        dialog.close_to_tray.setChecked(True)
        dialog.proxy_mode.setCurrentIndex(dialog.proxy_mode.findData("manual"))
        dialog.proxy_url.setText("socks5h://u:p@127.0.0.1:1080")  # no logins in settings
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.proxy_url.setText("socks5h://127.0.0.1:1080")
        assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.accept()

    QTimer.singleShot(50, fill)
    kit.window.open_settings()
    s = kit.settings.value
    assert (s.refresh_minutes, s.open_marks_read, s.text_scale) == (15, False, 130)
    assert s.keys == {"toggle_read": ["U"]}
    assert kit.refresher.interval_ms == 15 * 60_000
    assert kit.window.article_view.text_scale() == 130
    assert [k.toString() for k in kit.window.actions_by_id["toggle_read"].shortcuts()] == ["U"]
    assert requested == ["vi"]
    assert (s.close_to_tray, s.proxy_mode, s.proxy_url) == (
        True,
        "manual",
        "socks5h://127.0.0.1:1080",
    )
    assert kit.window.library.client._session.proxies["https"] == "socks5h://127.0.0.1:1080"


def test_language_change_rebuilds_the_window_in_vietnamese(
    qtbot: Any, qapp: Any, news_library: Library, tmp_path: Path
) -> None:
    settings = SettingsStore(tmp_path / "settings.json")
    settings.update(refresh_minutes=0, language="en")
    controller = NewsreaderApp(qapp, news_library, settings)
    try:
        window = controller.build_window()
        qtbot.addWidget(window)
        window.show()
        assert window.sections_model.index_for_key("unread").data() == "Unread"
        window.apply_settings({"language": "vi"})
        new = controller.window
        assert new is not None and new is not window
        qtbot.addWidget(new)
        assert new.sections_model.index_for_key("unread").data() == "Chưa đọc"
        assert new.menus["file"].title() == "&Tệp"
        assert controller.tray.menu.actions()[0].text() == "&Mở Newsreader"
    finally:
        controller.translations.install("en")
        controller.shutdown()


def test_thumbnails_come_from_the_image_cache(qtbot: Any, library: Library) -> None:
    url = "https://img.example.vn/anh.jpg"
    library.images.put(url, jpeg())
    workers = Workers()
    cache = ThumbnailCache(workers, library.cached_image, None)
    assert cache.pixmap(url) is None  # loading in the background
    with qtbot.waitSignal(cache.ready, timeout=5_000):
        pass
    pixmap = cache.pixmap(url)
    assert pixmap is not None and pixmap.width() == cache.size.width()
    missing = "https://img.example.vn/missing.jpg"
    assert cache.pixmap(missing) is None and not cache.failed(missing)  # still loading
    with qtbot.waitSignal(cache.ready, timeout=5_000) as told:  # rows repaint without a box
        pass
    assert told.args == [missing] and cache.failed(missing)
    assert cache.pixmap(missing) is None
    workers.shutdown()


def test_article_images_are_read_from_the_cache_not_the_network(
    qtbot: Any, make_window: Callable[..., WindowKit], library: Library
) -> None:
    url = "https://img.example.vn/cau.jpg"
    library.images.put(url, jpeg("#cc6633", (600, 400)))
    entry = entries("anh", 1)[0]
    from dataclasses import replace

    add_feed(
        library,
        "Ảnh",
        [
            replace(
                entry,
                content_html=f'<p>Cầu mới.</p><figure><img src="{url}">'
                "<figcaption>Phối cảnh cầu</figcaption></figure>",
            )
        ],
    )
    kit = make_window(library)
    wanted: list[str] = []
    kit.window.article_view.image_wanted.connect(wanted.append)
    kit.window.reading.next_article()
    qtbot.wait(100)
    assert "Phối cảnh cầu" in kit.window.article_view.toPlainText()
    assert wanted == []  # found in the cache: nothing to fetch


def test_empty_library_shows_how_to_start(
    make_window: Callable[..., WindowKit], library: Library
) -> None:
    window = make_window(library).window
    assert "Ctrl+N" in window.sections_view.empty_text
    assert window.article_list.empty_text == "Add a feed to start reading"
    window.reading.go_saved()
    assert "press s on" in window.article_list.empty_text  # the key as typed, not "S"


def test_run_defers_to_a_running_instance(qapp: Any, tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data", tmp_path / "cache", tmp_path / "config").ensure()
    holder = SingleInstance(server_name(paths.data_dir))
    assert holder.claim()
    try:
        assert run(paths, []) == 0
        assert not (paths.data_dir / "newsreader.sqlite3").exists()  # the library was not opened
    finally:
        holder.release()


def test_first_start_imports_the_default_feeds(qtbot: Any, qapp: Any, tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data", tmp_path / "cache", tmp_path / "config").ensure()
    seen: dict[str, Any] = {}

    def look_then_close() -> None:
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "mainWindow" and w.isVisible()
        ]
        if not windows or windows[0].sections_model.feed_count() == 0:  # type: ignore[attr-defined]
            QTimer.singleShot(50, look_then_close)
            return
        window = windows[0]
        seen["feeds"] = window.sections_model.feed_count()  # type: ignore[attr-defined]
        window.refresher.cancel()  # type: ignore[attr-defined]
        window.close()

    QTimer.singleShot(100, look_then_close)
    assert run(paths, []) == 0
    assert seen["feeds"] > 0
    assert SettingsStore(paths.settings_file).value.defaults_imported
    assert isinstance(QDialog, type)


def test_section_context_menu_selects_the_row_and_offers_the_commands(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    from PySide6.QtWidgets import QMenu

    kit = make_window(news_library)
    window = kit.window
    feed = next(f for f in news_library.feeds() if f.title == "Kinh doanh")
    index = window.sections_model.index_for_key(f"feed:{feed.id}")
    pos = window.sections_view.visualRect(index).center()
    window.sections_view.customContextMenuRequested.emit(pos)
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names == [
        "action_add_feed",
        "action_refresh_feed",
        "action_mark_all_read",
        "action_rename_feed",
        "action_move_feed",
        "action_remove_feed",
        "notifyToggle",
        "userAgent",
    ]
    assert window.current_section.key == f"feed:{feed.id}"
    assert all(a.isEnabled() for a in menu.actions() if a.objectName())
    notify = next(a for a in menu.actions() if a.objectName() == "notifyToggle")
    assert not notify.isChecked()
    notify.trigger()  # the tray's notification will name this feed's new articles
    qtbot.waitUntil(lambda: news_library.feed(feed.id).option("notify") == "on")
    kit.prompts.answers["text"] = "Mozilla/5.0 (X11; Linux x86_64)"
    next(a for a in menu.actions() if a.objectName() == "userAgent").trigger()
    qtbot.waitUntil(
        lambda: (
            Library.user_agent_of(news_library.feed(feed.id)) == "Mozilla/5.0 (X11; Linux x86_64)"
        )
    )
    menu.close()
    window.reading.go_latest()
    assert not window.actions_by_id["rename_feed"].isEnabled()


def test_window_state_is_remembered(
    qtbot: Any, make_window: Callable[..., WindowKit], news_library: Library
) -> None:
    kit = make_window(news_library)
    kit.window.resize(780, 560)  # within the offscreen screen (800x600): no clamping
    kit.window.splitter.setSizes([180, 270, 330])  # narrow: two panes, the wide sizes kept
    kit.window.reading.go_unread()
    sizes = kit.window.panes.sizes_to_save()
    assert sizes[:2] == list(DEFAULT_SPLIT[:2])  # sections and list as the wide window had them
    kit.window.close()
    saved = kit.settings.value
    assert saved.splitter_sizes == sizes and saved.last_section == "unread"
    assert saved.window_geometry
    again = make_window(
        news_library,
        window_geometry=saved.window_geometry,
        splitter_sizes=saved.splitter_sizes,
        last_section=saved.last_section,
    ).window
    assert again.current_section.kind == "unread"
    assert again.panes.narrow and again.panes.sizes_to_save() == sizes
    assert (again.width(), again.height()) == (780, 560)


LISTING_PAGE = (
    Path(__file__).resolve().parent.parent / "data" / "listing" / "kinhtedothi.vn_kinh-te.html"
)


def test_add_dialog_adds_a_whole_site(qtbot: Any, library: Library, httpserver: HTTPServer) -> None:
    html = LISTING_PAGE.read_text(encoding="utf-8").replace(
        "https://kinhtedothi.vn", httpserver.url_for("").rstrip("/")
    )
    httpserver.expect_request("/rss/home.rss").respond_with_data(
        RSS.format(title="Kinh tế & Đô thị").encode("utf-8"), content_type="application/rss+xml"
    )
    httpserver.expect_request(re.compile(r"/.*")).respond_with_data(
        html, content_type="text/html; charset=utf-8"
    )
    workers = Workers()
    dialog = AddFeedDialog(library, workers, [])
    qtbot.addWidget(dialog)
    dialog.url_edit.setText(httpserver.url_for("/"))
    dialog.site_check.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.add_button.click()
    assert dialog.site is not None and dialog.site.sections
    names = {f.title for f in library.feeds()}
    assert {"Thời sự", "Kinh tế", "Đô thị"} <= names
    assert {f.folder for f in library.feeds()} == {dialog.site.folder}
    workers.shutdown()


def test_add_dialog_follows_a_page_without_feed(
    qtbot: Any, library: Library, httpserver: HTTPServer
) -> None:
    html = LISTING_PAGE.read_text(encoding="utf-8").replace(
        "https://kinhtedothi.vn", httpserver.url_for("").rstrip("/")
    )
    html = re.sub(r"<link[^>]*alternate[^>]*>", "", html)  # no feed named anywhere
    html = re.sub(r'<a [^>]*href="[^"]*rss[^"]*"[^>]*>', "<a>", html)
    httpserver.expect_request("/kinh-te").respond_with_data(html, content_type="text/html")
    workers = Workers()
    dialog = AddFeedDialog(library, workers, [])
    qtbot.addWidget(dialog)
    dialog.url_edit.setText(httpserver.url_for("/kinh-te"))
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.add_button.click()
    assert dialog.subscription is not None
    feed = library.feed(dialog.subscription.feed.id)
    assert feed.option("kind") == "listing" and feed.total > 10
    workers.shutdown()
