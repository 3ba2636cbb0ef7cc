"""The article view: cached images only, no local file ever read, bounded layout, safe links."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QPalette, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from newsreader.core.models import Article
from newsreader.core.pages.sanitize import encode_image_ref
from newsreader.ui import article_view as article_view_module
from newsreader.ui.article_html import VIETNAMESE_LABELS, column_width_px, page_colors
from newsreader.ui.article_view import ArticleView

HANOI = timezone(timedelta(hours=7))
LABELS = dataclasses.replace(VIETNAMESE_LABELS, timezone=HANOI)
LINK = "https://vnexpress.net/duong-sat-toc-do-cao-4955001.html"
PHOTO = "https://vcdn1-vnexpress.vnecdn.net/2026/11/26/ga-quang-ngai.jpg"
SMALL = "https://vcdn1-vnexpress.vnecdn.net/2026/11/26/ban-do.png"
MISSING = "https://vcdn1-vnexpress.vnecdn.net/2026/11/26/chua-tai.jpg"
TITLE = "Đường sắt tốc độ cao Bắc – Nam: ĐỘT PHÁ ở Quảng Ngãi, ưu tiên vốn cho dự án"
RED, GREEN, MAGENTA = QColor("#ff0000"), QColor("#00ff00"), QColor("#ff00ff")

PARAGRAPH = (
    "Theo Bộ Xây dựng, dự án đường sắt tốc độ cao trên trục Bắc – Nam dài khoảng 1.541 km, đi qua "
    "20 tỉnh, thành phố, tốc độ thiết kế 350 km/h; nhà ga Quảng Ngãi được đặt ở phía tây thành "
    "phố, kết nối với quốc lộ 1 và đường bộ cao tốc."
)


def encoded(image: QImage, fmt: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)  # type: ignore[call-overload]  # the stub says bytes; str works
    return bytes(data.data())


def picture(width: int, height: int, color: QColor, fmt: str = "PNG") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(color)
    return encoded(image, fmt)


def article(content_html: str, **changes: object) -> Article:
    base = Article(
        id=1,
        feed_id=2,
        feed_title="Thời sự",
        folder="VnExpress",
        key=LINK,
        link=LINK,
        title=TITLE,
        author="Đức Anh",
        published=datetime(2026, 11, 26, 1, 15, tzinfo=UTC),
        updated=None,
        summary="Nhà ga Quảng Ngãi sẽ là đầu mối giao thông lớn của miền Trung.",
        thumbnail=None,
        read=False,
        saved=False,
        sort_time=datetime(2026, 11, 26, 1, 15, tzinfo=UTC),
        content_html=content_html,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def image_resource(view: ArticleView, url: str) -> QImage:
    resource = view.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(encode_image_ref(url))
    )
    assert isinstance(resource, QImage)
    return resource


def has_color(image: QImage, color: QColor, step: int = 3, tolerance: int = 12) -> bool:
    """Whether `image` has a pixel close to `color` (JPEG shifts colours a little)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    want = (color.red(), color.green(), color.blue())
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            pixel = image.pixel(x, y)
            got = ((pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF)
            if all(abs(a - b) <= tolerance for a, b in zip(got, want, strict=True)):
                return True
    return False


def settle(qtbot: QtBot, ms: int = 120) -> None:
    qtbot.wait(ms)
    QApplication.processEvents()


class FakeCache:
    def __init__(self) -> None:
        self.images: dict[str, bytes] = {}
        self.asked: list[str] = []

    def __call__(self, url: str) -> bytes | None:
        self.asked.append(url)
        return self.images.get(url)


@pytest.fixture
def cache() -> FakeCache:
    return FakeCache()


@pytest.fixture
def opened() -> list[QUrl]:
    return []


@pytest.fixture
def view(qtbot: QtBot, cache: FakeCache, opened: list[QUrl]) -> Iterator[ArticleView]:
    widget = ArticleView(image_source=cache, link_opener=opened.append, labels=LABELS)
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    yield widget


# --- a Vietnamese article with pictures from the cache ---------------------------------------


def test_vietnamese_article_with_cached_and_missing_images(
    qtbot: QtBot, view: ArticleView, cache: FakeCache
) -> None:
    cache.images[PHOTO] = picture(1600, 900, RED, "JPEG")
    cache.images[SMALL] = picture(300, 200, GREEN)
    wanted: list[str] = []
    view.image_wanted.connect(wanted.append)
    content = (
        f"<p>{PARAGRAPH}</p>"
        f'<figure><img data-src="{PHOTO}" src="data:image/gif;base64,R0lGOD"><figcaption>Phối '
        "cảnh nhà ga. Ảnh: <em>Bộ Xây dựng</em></figcaption></figure>"
        f'<p>{PARAGRAPH}</p><p><img src="/2026/11/26/ban-do.png" alt="Bản đồ"></p>'
        f'<figure><img src="{MISSING}"><figcaption>Chưa tải</figcaption></figure>'
    )
    content = content.replace("/2026/11/26/ban-do.png", SMALL.replace("https://", "//"))
    with qtbot.waitSignal(view.image_wanted, timeout=3000) as blocker:
        view.show_article(article(content))
    assert blocker.args == [MISSING]

    text = view.toPlainText()
    assert TITLE in text
    assert "VnExpress · Thời sự · Đức Anh · Thứ năm, 26/11/2026 08:15" in text
    assert "Phối cảnh nhà ga. Ảnh: Bộ Xây dựng" in text
    assert view.current_article() is not None

    column = column_width_px(100)
    photo = image_resource(view, PHOTO)
    assert photo.width() == column  # scaled down to the reading column
    assert abs(photo.height() - round(900 * column / 1600)) <= 1
    small = image_resource(view, SMALL)
    assert (small.width(), small.height()) == (300, 200)  # small pictures keep their size
    placeholder = image_resource(view, MISSING)
    assert placeholder.width() == column and placeholder.height() == column * 9 // 16

    shot = view.grab().toImage()
    assert has_color(shot, RED)  # the cached photo is drawn

    # More layouts and repaints do not ask again.
    view.resize(990, 780)
    view.grab()
    settle(qtbot)
    assert wanted == [MISSING]

    # The window fetched it: the picture replaces the placeholder in place.
    cache.images[MISSING] = picture(800, 400, GREEN)
    view.image_ready(MISSING)
    settle(qtbot)
    arrived = image_resource(view, MISSING)
    assert (arrived.width(), arrived.height()) == (column, column // 2)
    assert wanted == [MISSING]


def test_each_missing_image_is_wanted_once_per_article(qtbot: QtBot, view: ArticleView) -> None:
    wanted: list[str] = []
    view.image_wanted.connect(wanted.append)
    content = f'<img src="{MISSING}"><p>x</p><img src="{MISSING}"><img src="{PHOTO}">'
    view.show_article(article(content))
    settle(qtbot)
    view.set_text_scale(130)  # a re-render of the same article
    view.set_dark(True)
    settle(qtbot)
    assert sorted(wanted) == sorted([MISSING, PHOTO])
    view.show_article(article(content))  # showing it again may retry
    settle(qtbot)
    assert sorted(wanted) == sorted([MISSING, PHOTO] * 2)


def test_late_images_of_another_article_are_ignored(
    qtbot: QtBot, view: ArticleView, cache: FakeCache
) -> None:
    view.show_article(article(f'<img src="{MISSING}">'))
    settle(qtbot)
    view.show_article(article(f"<p>{PARAGRAPH}</p>"))
    cache.images[MISSING] = picture(100, 100, GREEN)
    cache.asked.clear()
    view.image_ready(MISSING)
    assert cache.asked == []  # not decoded, not kept: the reader has moved on


def test_thumbnail_is_the_lead_image(qtbot: QtBot, view: ArticleView, cache: FakeCache) -> None:
    cache.images[PHOTO] = picture(640, 360, RED)
    view.show_article(article(f"<p>{PARAGRAPH}</p>", thumbnail=PHOTO))
    settle(qtbot)
    assert image_resource(view, PHOTO).width() == 640
    assert has_color(view.grab().toImage(), RED)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n garbage",
        b'<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"/>',
        b"%PDF-1.4 not a picture",
        b"",
    ],
    ids=["corrupt-png", "svg", "pdf", "empty"],
)
def test_undecodable_images_show_a_placeholder(
    qtbot: QtBot, view: ArticleView, cache: FakeCache, data: bytes
) -> None:
    cache.images[PHOTO] = data
    wanted: list[str] = []
    view.image_wanted.connect(wanted.append)
    view.show_article(article(f'<img src="{PHOTO}">'))
    settle(qtbot)
    image = image_resource(view, PHOTO)
    column = column_width_px(100)
    assert (image.width(), image.height()) == (column, column * 9 // 16)
    assert wanted == []  # it is cached, just not a picture we show


def test_huge_images_are_refused_before_decoding(
    qtbot: QtBot, view: ArticleView, cache: FakeCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_view_module, "MAX_IMAGE_PIXELS", 10_000)
    cache.images[PHOTO] = picture(400, 300, RED)
    view.show_article(article(f'<img src="{PHOTO}">'))
    settle(qtbot)
    assert not has_color(view.grab().toImage(), RED)


def test_images_follow_a_narrower_window(qtbot: QtBot, view: ArticleView, cache: FakeCache) -> None:
    cache.images[PHOTO] = picture(1600, 900, RED)
    view.show_article(article(f'<img src="{PHOTO}">'))
    settle(qtbot)
    assert image_resource(view, PHOTO).width() == column_width_px(100)
    view.resize(420, 700)
    settle(qtbot, 400)
    width = image_resource(view, PHOTO).width()
    assert width <= view.viewport().width() - 2 * article_view_module.MIN_MARGIN_PX


def test_image_source_errors_are_contained(qtbot: QtBot) -> None:
    def failing(_url: str) -> bytes | None:
        raise OSError("disk on fire")

    view = ArticleView(image_source=failing)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.image_wanted, timeout=3000):
        view.show_article(article(f'<img src="{PHOTO}">'))


# --- hostile content ------------------------------------------------------------------------

HOSTILE = (
    "<p>Mở đầu</p><script>alert('x')</script>"
    '<img src="x.png" onerror="alert(1)"><img src="file:///etc/passwd"><img src="/etc/passwd">'
    '<a href="javascript:alert(2)">js</a> <a href="&#106;avascript:alert(3)">js2</a> '
    '<a href="file:///etc/passwd">file</a> <a href="https://example.com/ok">ok</a>'
    "<svg onload=alert(4)></svg><iframe src='https://evil.example/'></iframe>"
    + "<table><tr><td>x</td><td>" * 20
    + "sâu"
    + "</td></tr></table>" * 20
    + "<p>"
    + "a" * 2_000_000
    + "</p><p>Kết thúc</p>"
)


def test_hostile_article_renders_quickly_and_inertly(qtbot: QtBot, view: ArticleView) -> None:
    started = time.perf_counter()
    view.show_article(article(HOSTILE, link="javascript:alert(5)"))
    view.document().size()  # force the layout
    view.grab()
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, elapsed
    html = view.toHtml().lower()
    for needle in ("<script", "onerror", "onload", "javascript:", "file:", "/etc/passwd", "<svg"):
        assert needle not in html, needle
    assert "https://example.com/ok" in html
    text = view.toPlainText()
    assert "Mở đầu" in text and "sâu" in text


def test_qt_never_reads_local_files(
    qtbot: QtBot, view: ArticleView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Raw HTML that bypasses the sanitizer still cannot make Qt read a file."""
    secret = QImage(123, 45, QImage.Format.Format_RGB32)
    secret.fill(MAGENTA)
    assert secret.save(str(tmp_path / "secret.png"))
    (tmp_path / "secret.css").write_text("p { color: #ff00ff; background-color: #ff00ff }")
    monkeypatch.chdir(tmp_path)  # relative names would resolve here
    names = [
        str(tmp_path / "secret.png"),
        (tmp_path / "secret.png").as_uri(),
        "secret.png",
        "./secret.png",
        "qrc:/secret.png",
        ":/secret.png",
        "https://example.com/secret.png",
    ]
    html = (
        '<html><head><link rel="stylesheet" type="text/css" href="secret.css">'
        f'<link rel="stylesheet" href="{(tmp_path / "secret.css").as_uri()}"></head>'
        f'<body background="{tmp_path / "secret.png"}"><p>text</p>'
        + "".join(f'<img src="{name}">' for name in names)
        + f'<table background="secret.png"><tr><td background="{tmp_path / "secret.png"}">c'
        "</td></tr></table></body></html>"
    )
    view.setHtml(html)
    shot = view.grab().toImage()
    assert not has_color(shot, MAGENTA, step=1)
    for name in names:
        resource = view.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert isinstance(resource, QImage)
        assert (resource.width(), resource.height()) != (123, 45)


def test_devices_are_never_read() -> None:
    """/dev/zero would be read until memory runs out if Qt fell back to the file system."""
    script = textwrap.dedent(
        """
        import os, resource
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
        from PySide6.QtWidgets import QApplication
        from newsreader.ui.article_view import ArticleView
        app = QApplication([])
        view = ArticleView()
        view.resize(600, 400)
        view.setHtml(
            '<html><head><link rel="stylesheet" href="/dev/zero"></head><body>'
            '<img src="file:///dev/zero"><img src="/dev/zero"><img src="/dev/urandom">'
            '<p>done</p></body></html>'
        )
        view.grab()
        print(view.toPlainText().strip())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("done")


# --- links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "opens"),
    [
        ("https://vnexpress.net/khac.html", True),
        ("http://example.com/", True),
        ("mailto:toasoan@example.vn", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,hi", False),
        ("relative.html", False),
        ("nrdoc:article#x", False),
        ("nrimg:aHR0cHM6Ly9hLmNvbS94LmpwZw", False),
        ("ftp://example.com/", False),
    ],
)
def test_link_clicks_open_only_web_links(
    view: ArticleView, opened: list[QUrl], url: str, opens: bool
) -> None:
    view.anchorClicked.emit(QUrl(url))
    assert [u.toString() for u in opened] == ([url] if opens else [])


def test_clicking_read_the_original(qtbot: QtBot, view: ArticleView, opened: list[QUrl]) -> None:
    view.show_article(article(f"<p>{PARAGRAPH}</p>"))
    cursor = view.document().find("Đọc bài gốc")
    assert not cursor.isNull()
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )
    assert [u.toString() for u in opened] == [LINK]
    assert view.current_article() is not None  # no navigation happened


# --- reading --------------------------------------------------------------------------------


def test_scroll_page_contract(qtbot: QtBot, view: ArticleView) -> None:
    view.resize(900, 500)
    view.show_article(article("".join(f"<p>{n}. {PARAGRAPH}</p>" for n in range(40))))
    settle(qtbot)
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0
    assert view.scroll_page(down=False) is False  # already at the start
    pages = 0
    while view.scroll_page(down=True):
        pages += 1
        assert pages < 200
    assert pages >= 3
    assert bar.value() == bar.maximum()
    assert view.scroll_page(down=True) is False
    assert view.scroll_page(down=False) is True
    assert bar.value() < bar.maximum()
    # A new article starts at the top.
    view.show_article(article(f"<p>{PARAGRAPH}</p>"))
    assert bar.value() == 0
    assert view.scroll_page(down=True) is False  # it fits: Space moves on to the next unread


def test_restyling_keeps_the_reading_position(qtbot: QtBot, view: ArticleView) -> None:
    view.resize(900, 500)
    view.show_article(article("".join(f"<p>{n}. {PARAGRAPH}</p>" for n in range(40))))
    settle(qtbot)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    view.set_text_scale(140)
    assert abs(bar.value() / bar.maximum() - 0.5) < 0.05
    view.set_dark(True)
    assert abs(bar.value() / bar.maximum() - 0.5) < 0.05


def test_reading_column(qtbot: QtBot, view: ArticleView) -> None:
    view.resize(1600, 900)
    view.show_article(article("".join(f"<p>{PARAGRAPH} {PARAGRAPH}</p>" for _ in range(3))))
    settle(qtbot)
    document = view.document()
    document.size()
    column = column_width_px(100)
    widths: list[float] = []
    chars: list[int] = []
    block = document.findBlock(document.find(PARAGRAPH[:30]).position())
    layout = block.layout()
    for i in range(layout.lineCount() - 1):  # the last line of a paragraph is short
        line = layout.lineAt(i)
        widths.append(line.naturalTextWidth())
        chars.append(line.textLength())
    assert max(widths) <= column + 1
    average = sum(chars) / len(chars)
    assert 60 <= average <= 85, average  # a readable measure
    # The column is centred in a wide window.
    frame = document.rootFrame().frameFormat()
    assert abs(frame.leftMargin() - frame.rightMargin()) <= 1
    assert frame.leftMargin() > 300


def test_dark_mode(qtbot: QtBot, view: ArticleView) -> None:
    view.show_article(article(f"<p>{PARAGRAPH}</p>"))
    light_bg, _ = page_colors(False)
    dark_bg, dark_text = page_colors(True)
    assert view.palette().color(QPalette.ColorRole.Base) == QColor(light_bg)
    view.set_dark(True)
    assert view.is_dark()
    assert view.palette().color(QPalette.ColorRole.Base) == QColor(dark_bg)
    assert view.palette().color(QPalette.ColorRole.Text) == QColor(dark_text)
    shot = view.grab().toImage()
    corner = QColor(shot.pixel(shot.width() // 2, shot.height() - 20))
    assert corner.lightness() < 60
    assert TITLE in view.toPlainText()
    view.set_dark(False)
    shot = view.grab().toImage()
    assert QColor(shot.pixel(shot.width() // 2, shot.height() - 20)).lightness() > 200


def body_font_size(view: ArticleView) -> int:
    document = view.document()
    block = document.findBlock(document.find(PARAGRAPH[:30]).position())
    return block.charFormat().font().pixelSize()


def test_text_scale(qtbot: QtBot, view: ArticleView) -> None:
    view.resize(1600, 900)
    view.show_article(article(f"<p>{PARAGRAPH}</p>"))
    normal = body_font_size(view)
    margin = view.document().rootFrame().frameFormat().leftMargin()
    view.set_text_scale(150)
    assert view.text_scale() == 150
    assert body_font_size(view) == round(normal * 1.5)
    assert view.document().rootFrame().frameFormat().leftMargin() < margin  # wider column
    view.set_text_scale(10_000)
    assert view.text_scale() == 300
    view.set_text_scale(1)
    assert view.text_scale() == 50


def test_text_after_a_nested_block_starts_a_new_line(view: ArticleView) -> None:
    view.show_article(article("<div><div>Dòng một</div>Dòng hai <b>đậm</b></div>Dòng ba"))
    lines = [line.strip() for line in view.toPlainText().splitlines()]
    assert "Dòng một" in lines and "Dòng hai đậm" in lines and "Dòng ba" in lines


def test_messages(view: ArticleView) -> None:
    view.show_article(article("<p>x</p>"))
    view.show_message("Chọn một bài để đọc <b>ngay</b>")
    assert view.current_article() is None
    assert "Chọn một bài để đọc <b>ngay</b>" in view.toPlainText()
    view.show_article(None)
    assert view.current_article() is None and view.toPlainText().strip() == ""


def test_select_and_copy(qtbot: QtBot, view: ArticleView) -> None:
    view.show_article(article(f"<p>{PARAGRAPH}</p>"))
    view.selectAll()
    view.copy()
    assert TITLE in QApplication.clipboard().text()


def test_focus_and_window_shortcuts(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    view = ArticleView(window)
    QVBoxLayout(window).addWidget(view)
    assert view.focusPolicy() == Qt.FocusPolicy.ClickFocus
    fired: list[str] = []

    def add(key: str) -> None:
        action = QAction(key, window)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda: fired.append(key))
        window.addAction(action)

    for key in ("J", "Space", "Down", "Ctrl+C"):
        add(key)
    view.show_article(article("".join(f"<p>{PARAGRAPH}</p>" for _ in range(30))))
    window.resize(800, 400)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    QTest.keyClick(view, Qt.Key.Key_J)
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert fired == ["J", "Space"]  # the window's keys keep working inside the article
    before = view.verticalScrollBar().value()
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["J", "Space"]  # ... but reading keys belong to the article
    assert view.verticalScrollBar().value() > before


def test_resources_other_than_images_are_empty(view: ArticleView) -> None:
    for kind in (
        QTextDocument.ResourceType.StyleSheetResource,
        QTextDocument.ResourceType.HtmlResource,
        QTextDocument.ResourceType.MarkdownResource,
    ):
        value = view.loadResource(kind.value, QUrl("file:///etc/passwd"))
        assert isinstance(value, QByteArray) and bytes(value.data()).strip() == b""
