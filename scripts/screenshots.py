"""Write screenshots of the main window into docs/screenshots/ (no network, no display needed).

    python scripts/screenshots.py [--out DIR]

A demo library is built in a temporary directory from local RSS documents (Vietnamese news,
written here) that go through the real parser and refresh pipeline; pictures are drawn here and
put in the image cache, so thumbnails and article images show exactly as they would offline.
The window is rendered offscreen with QWidget.grab() (or on a real display: run it under Xvfb
with QT_QPA_PLATFORM=xcb), in light and dark, English and Vietnamese, then in the states a
newcomer meets: a narrow window (two panes, and its sections drawer), a real VnExpress feed item
(tests/data/feeds/vn), an offline first start, and the offer to undo "mark all read".
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPainterPath
from PySide6.QtWidgets import QApplication

from newsreader.core.errors import OfflineError
from newsreader.core.library import Library
from newsreader.core.models import FeedRefresh, FetchResult, RefreshResult
from newsreader.core.storage import FeedState, Storage
from newsreader.settings import SettingsStore
from newsreader.ui.main import NewsreaderApp
from newsreader.ui.window import MainWindow

REPO = Path(__file__).resolve().parent.parent
VNEXPRESS_ITEM = (
    REPO / "tests" / "data" / "feeds" / "vn" / "vnexpress_the-gioi_2025-02-06_1item.xml"
)
NOW = datetime.now(UTC).replace(second=0, microsecond=0)

# (folder, feed title, [(title, lead, minutes ago)])
FEEDS: list[tuple[str | None, str, list[tuple[str, str, int]]]] = [
    (
        "VnExpress",
        "Thời sự",
        [
            (
                "Hà Nội khởi công cầu Trần Hưng Đạo bắc qua sông Hồng",
                "Cây cầu dài hơn 5 km, vốn đầu tư gần 20.000 tỷ đồng, dự kiến hoàn thành sau 30"
                " tháng,"
                " giúp giảm tải cho cầu Chương Dương và Long Biên.",
                4,
            ),
            (
                "Mưa lớn kéo dài, nhiều tuyến phố nội đô ngập sâu",
                "Sau ba giờ mưa như trút, đường Nguyễn Trãi, Phạm Văn Đồng và khu vực quanh hồ Gươm"
                " ngập 30–50 cm, giao thông ùn tắc đến tối.",
                26,
            ),
            (
                "Thủ tướng yêu cầu đẩy nhanh giải ngân vốn đầu tư công",
                "Các bộ, ngành và địa phương được giao hoàn thành giải ngân ít nhất 95% kế hoạch"
                " vốn"
                " trước ngày 31/1 năm sau.",
                95,
            ),
            (
                "Bộ Giáo dục công bố phương án thi tốt nghiệp THPT năm 2026",
                "Thí sinh thi bốn môn, gồm Toán, Ngữ văn và hai môn tự chọn; kết quả dùng để xét"
                " tốt"
                " nghiệp và tuyển sinh đại học.",
                240,
            ),
        ],
    ),
    (
        "VnExpress",
        "Kinh doanh",
        [
            (
                "Giá vàng nhẫn lập đỉnh mới, vượt 150 triệu đồng một lượng",
                "Vàng nhẫn tăng thêm 1,2 triệu đồng trong phiên sáng, theo đà đi lên của giá thế"
                " giới"
                " khi đồng USD suy yếu.",
                12,
            ),
            (
                "Xuất khẩu cà phê cán mốc 7 tỷ USD, cao nhất lịch sử",
                "Giá cà phê Robusta neo cao giúp kim ngạch xuất khẩu tăng gần 40% dù sản lượng giảm"
                " so với năm trước.",
                170,
            ),
            (
                "Ngân hàng đồng loạt giảm lãi suất cho vay mua nhà",
                "Nhiều ngân hàng thương mại đưa lãi suất ưu đãi năm đầu về 5,5–6,5%, thấp nhất"
                " trong"
                " ba năm qua.",
                1500,
            ),
        ],
    ),
    (
        "VnExpress",
        "Số hóa",
        [
            (
                "Việt Nam thử nghiệm mạng 5G độc lập tại ba thành phố lớn",
                "Người dùng tại Hà Nội, Đà Nẵng và TP.HCM có thể trải nghiệm tốc độ tải xuống trên"
                " 1 Gbps với thiết bị hỗ trợ.",
                55,
            ),
            (
                "Điện thoại gập giảm giá mạnh trước mùa mua sắm cuối năm",
                "Một số mẫu điện thoại gập đời cũ giảm tới 30%, đưa giá khởi điểm xuống dưới 20"
                " triệu"
                " đồng.",
                2900,
            ),
        ],
    ),
    (
        "Tuổi Trẻ",
        "Thời sự",
        [
            (
                "TP.HCM mở thêm 12 tuyến xe buýt điện nối sân bay Tân Sơn Nhất",
                "Các tuyến mới chạy từ 5h đến 23h, giá vé từ 7.000 đồng, kết nối sân bay với trung"
                " tâm thành phố và các bến xe lớn.",
                18,
            ),
            (
                "Đường Vành đai 3 đoạn qua Bình Dương thông xe kỹ thuật",
                "Đoạn tuyến dài 26 km về đích sớm hai tháng so với kế hoạch, rút ngắn thời gian đi"
                " từ Thủ Dầu Một về TP.HCM.",
                330,
            ),
        ],
    ),
    (
        "Tuổi Trẻ",
        "Văn hóa",
        [
            (
                "Phố cổ Hội An lung linh đêm rằm với hàng nghìn đèn lồng",
                "Du khách thả hoa đăng trên sông Hoài, thưởng thức nghệ thuật bài chòi và ẩm thực"
                " đường phố trong đêm phố cổ tắt đèn điện.",
                48,
            ),
            (
                "Áo dài Việt xuất hiện ấn tượng tại tuần lễ thời trang Paris",
                "Bộ sưu tập lấy cảm hứng từ gốm Bát Tràng của một nhà thiết kế trẻ nhận nhiều lời"
                " khen từ giới mộ điệu.",
                4300,
            ),
        ],
    ),
    (
        "Kinh tế & Đô thị",
        "Tin mới",
        [
            (
                "Hà Nội đặt mục tiêu 100% xe buýt dùng năng lượng xanh vào năm 2035",
                "Kinhtedothi - Thành phố sẽ chuyển đổi dần đoàn xe hiện có sang điện và khí nén,"
                " đồng thời xây thêm trạm sạc tại các điểm đầu cuối.",
                8,
            ),
            (
                "Cải tạo chung cư cũ: gỡ vướng để người dân sớm có nhà mới",
                "Kinhtedothi - Nhiều khu tập thể xuống cấp nghiêm trọng sẽ được ưu tiên lập quy"
                " hoạch chi tiết và lựa chọn nhà đầu tư trong năm nay.",
                75,
            ),
            (
                "Phố đi bộ Trịnh Công Sơn mở rộng không gian văn hóa ven hồ Tây",
                "Kinhtedothi - Không gian mới có thêm sân khấu ngoài trời, khu trưng bày làng nghề"
                " và đường dạo ven hồ dài hơn 1 km.",
                620,
            ),
        ],
    ),
    (None, "Dân trí", []),
]

BODY_PARAGRAPHS = (
    "Sáng nay, UBND thành phố Hà Nội tổ chức lễ khởi công cầu Trần Hưng Đạo, cây cầu thứ"
    " chín bắc qua sông Hồng trên địa bàn Thủ đô. Công trình nối phố Trần Hưng Đạo (quận Hoàn"
    " Kiếm) với đường Nguyễn Văn Cừ (quận Long Biên).",
    "Theo thiết kế, cầu có sáu làn xe cơ giới, hai làn xe thô sơ và hè đi bộ hai bên. Phần"
    " cầu chính dài gần 900 m với kiến trúc vòm thép, được kỳ vọng trở thành điểm nhấn mới"
    " của cảnh quan hai bờ sông.",
    "Phó chủ tịch UBND thành phố cho biết dự án được chuẩn bị từ nhiều năm, đã hoàn thành"
    " giải phóng mặt bằng ở phía quận Long Biên. Các nhà thầu cam kết thi công ba ca, bảo đảm"
    " an toàn giao thông thủy trong suốt quá trình xây dựng.",
    "Khi đưa vào sử dụng, cầu Trần Hưng Đạo sẽ giảm áp lực cho cầu Chương Dương, vốn thường"
    " xuyên ùn tắc vào giờ cao điểm, đồng thời rút ngắn đường đi từ trung tâm sang khu vực"
    " phía đông thành phố.",
)

PALETTES = (
    ("#F4A261", "#2A9D8F"),
    ("#8ECAE6", "#219EBC"),
    ("#E9C46A", "#E76F51"),
    ("#B5838D", "#6D6875"),
    ("#A8DADC", "#457B9D"),
    ("#FFB4A2", "#6D597A"),
    ("#CDB4DB", "#5E548E"),
    ("#90BE6D", "#277DA1"),
)


def picture(seed: int, width: int = 640, height: int = 400) -> bytes:
    """A calm made-up photo (sky, sun, hills, a skyline) as JPEG bytes."""
    top, bottom = (QColor(c) for c in PALETTES[seed % len(PALETTES)])
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    sky = QLinearGradient(0, 0, 0, height)
    sky.setColorAt(0, top.lighter(135))
    sky.setColorAt(1, top)
    painter.fillRect(image.rect(), sky)
    painter.setPen(Qt.PenStyle.NoPen)
    sun = QColor("#FFF3D6")
    sun.setAlpha(220)
    painter.setBrush(sun)
    painter.drawEllipse(
        QPointF(width * (0.2 + 0.6 * ((seed * 37) % 10) / 10), height * 0.3), 38, 38
    )
    for layer in range(3):
        color = bottom.darker(100 + layer * 25)
        painter.setBrush(color)
        path = QPainterPath(QPointF(0, height))
        base = height * (0.55 + layer * 0.13)
        for x in range(0, width + 40, 40):
            wave = ((x * (seed + 3 + layer)) % 97) / 97
            path.lineTo(x, base - 30 * wave)
        path.lineTo(width, height)
        painter.drawPath(path)
    painter.setBrush(bottom.darker(180))
    for i in range(9):
        w = 28 + (seed * 13 + i * 17) % 30
        h = 50 + (seed * 29 + i * 41) % 110
        painter.drawRect(QRectF(i * width / 9 + 6, height * 0.82 - h, w, h + height * 0.2))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 86)
    return bytes(data.data())


def rss(title: str, url: str, items: list[tuple[str, str, int]], slug: str) -> bytes:
    out = []
    for number, (item_title, lead, minutes) in enumerate(items):
        link = f"https://{slug}.example.vn/bai-{number}.html"
        thumb = f"https://img.example.vn/{slug}-{number}.jpg"
        when = format_datetime(NOW - timedelta(minutes=minutes))
        body = ""
        if number == 0 and slug.startswith("vnexpress-thoi-su"):
            body = (
                f"<p><strong>{html.escape(lead)}</strong></p>"
                f'<figure><img src="https://img.example.vn/cau-tran-hung-dao.jpg" alt="">'
                "<figcaption>Phối cảnh cầu Trần Hưng Đạo nhìn từ phía quận Long Biên."
                " Ảnh minh họa</figcaption></figure>"
                + "".join(f"<p>{html.escape(p)}</p>" for p in BODY_PARAGRAPHS)
                + "<h2>Cầu thứ chín qua sông Hồng</h2>"
                "<p>Hà Nội hiện có tám cây cầu bắc qua sông Hồng. Theo quy hoạch, đến năm"
                " 2030 thành phố sẽ có thêm các cầu Tứ Liên, Ngọc Hồi và Vân Phúc.</p>"
            )
        content = f"<content:encoded><![CDATA[{body}]]></content:encoded>" if body else ""
        out.append(
            f"<item><title>{html.escape(item_title)}</title><link>{link}</link>"
            f"<guid>{link}</guid><pubDate>{when}</pubDate>"
            f'<description><![CDATA[<a href="{link}"><img src="{thumb}"></a></br>'
            f"{html.escape(lead)}]]></description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{html.escape(title)}</title><link>{url}</link>"
        + "".join(out)
        + "</channel></rss>"
    ).encode("utf-8")


def build_library(home: Path) -> Library:
    library = Library(Storage(home / "newsreader.sqlite3"))
    seed = 0
    for folder, title, items in FEEDS:
        slug = f"{(folder or title).lower().replace(' ', '-')}-{title.lower().replace(' ', '-')}"
        slug = slug.encode("ascii", "ignore").decode() or "feed"
        slug = "vnexpress-thoi-su" if (folder, title) == ("VnExpress", "Thời sự") else slug
        url = f"https://{slug}.example.vn/rss.xml"
        feed = library.subscribe(url, folder=folder, title=title, fetch=False).feed
        if not items:
            library.storage.record_fetch(
                feed.id,
                FeedState(checked=NOW, error="HTTP 503 Service Unavailable (the server is busy)"),
            )
            continue
        document = rss(title, url, items, slug)
        parsed = library.parse(document, url, "application/rss+xml")
        library.updater.store_fetched(
            library.feed(feed.id), FetchResult(url, 200, document, "application/rss+xml"), parsed
        )
        for number in range(len(items)):
            library.images.put(f"https://img.example.vn/{slug}-{number}.jpg", picture(seed))
            seed += 1
    library.images.put("https://img.example.vn/cau-tran-hung-dao.jpg", picture(5, 1200, 700))
    # A real VnExpress item as the feed carried it (a linked picture, "</br>", the lead).
    url = "https://vnexpress.net/rss/the-gioi.rss"
    feed = library.subscribe(url, folder="VnExpress", title="Thế giới", fetch=False).feed
    document = VNEXPRESS_ITEM.read_bytes()
    parsed = library.parse(document, url, "application/rss+xml")
    library.updater.store_fetched(
        library.feed(feed.id), FetchResult(url, 200, document, "application/rss+xml"), parsed
    )
    for entry in parsed.entries:
        if entry.thumbnail:
            library.images.put(entry.thumbnail, picture(6, 1200, 675))
    articles = library.articles()
    by_title = {a.title: a for a in articles}
    read = [
        "Thủ tướng yêu cầu đẩy nhanh giải ngân vốn đầu tư công",
        "Ngân hàng đồng loạt giảm lãi suất cho vay mua nhà",
        "Điện thoại gập giảm giá mạnh trước mùa mua sắm cuối năm",
        "Đường Vành đai 3 đoạn qua Bình Dương thông xe kỹ thuật",
    ]
    library.mark_read([by_title[t].id for t in read if t in by_title])
    saved = "Phố cổ Hội An lung linh đêm rằm với hàng nghìn đèn lồng"
    if saved in by_title:
        library.mark_saved([by_title[saved].id])
    return library


def wait(app: QApplication, until: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until():
            return
        time.sleep(0.01)


def shoot(
    app: QApplication,
    library: Library,
    home: Path,
    theme: str,
    language: str,
    out: Path,
    *,
    name: str | None = None,
) -> Path:
    keep_offline(library)
    settings = SettingsStore(home / f"settings-{theme}-{language}.json")
    settings.update(theme=theme, language=language, refresh_minutes=0, defaults_imported=True)
    controller = NewsreaderApp(app, library, settings)
    window = controller.build_window()
    window.resize(1440, 900)
    window.show()
    wait(app, lambda: False, 0.2)
    window.splitter.setSizes([250, 470, 720])
    window.reading.next_article()  # the newest: the bridge story, with its picture
    wait(app, lambda: controller.workers.pending == 0 and controller.image_workers.pending == 0)
    wait(app, lambda: False, 0.5)  # images decoded, layout settled
    path = out / f"{name or f'main-{theme}-{language}'}.png"
    window.grab().save(str(path))
    window.close()
    controller.shutdown()
    controller.deleteLater()
    return path


Stage = Callable[[MainWindow, NewsreaderApp], None]


def shoot_state(
    app: QApplication,
    library: Library,
    home: Path,
    out: Path,
    name: str,
    stage: Stage,
    *,
    size: tuple[int, int] = (1440, 900),
    language: str = "en",
) -> Path:
    """A screenshot of the window at `size` after `stage` put it in the state to show."""
    keep_offline(library)
    settings = SettingsStore(home / f"settings-{name}.json")
    settings.update(theme="light", language=language, refresh_minutes=0, defaults_imported=True)
    controller = NewsreaderApp(app, library, settings)
    window = controller.build_window()
    window.resize(*size)
    window.show()
    wait(app, lambda: window.library_loaded, 5.0)
    wait(app, lambda: False, 0.2)
    stage(window, controller)
    wait(app, lambda: controller.workers.pending == 0 and controller.image_workers.pending == 0)
    wait(app, lambda: False, 0.5)
    path = out / f"{name}.png"
    window.grab().save(str(path))
    controller.refresher.cancel()
    window.undo_stack.commit_all()
    window.close()
    controller.shutdown()
    controller.deleteLater()
    return path


def keep_offline(library: Library) -> None:
    """No page or picture is ever fetched: everything shown comes from the fixtures."""

    def offline(*_args: object) -> Any:
        raise OfflineError("screenshots are made offline")

    for name in ("fetch_full_text", "fetch_image"):
        setattr(library, name, offline)


def open_title(title: str) -> Stage:
    def stage(window: MainWindow, _controller: NewsreaderApp) -> None:
        model = window.articles_model
        for row in range(model.rowCount()):
            article = model.article(row)
            if article is not None and article.title == title:
                window.article_list.setCurrentIndex(model.index(row))
                return
        window.reading.next_article()

    return stage


def open_drawer(window: MainWindow, controller: NewsreaderApp) -> None:
    window.reading.next_article()
    window.panes.toggle_sections()


def mark_all_read(window: MainWindow, controller: NewsreaderApp) -> None:
    window.reading.next_article()
    window.reading.mark_all_read()
    wait(QApplication.instance(), lambda: window.undo_stack.can_undo(), 5.0)  # type: ignore[arg-type]


def offline_first_start(window: MainWindow, controller: NewsreaderApp) -> None:
    """The bundled feeds subscribed, then a refresh that reached no network."""
    summary = window.library.import_defaults()
    window.reload_sections()
    window.offer_start_empty(list(summary.added))
    feed = summary.added[0]
    error = f"name not found: {feed.url.split('/')[2]}"
    result = RefreshResult((FeedRefresh(feed.id, feed.url, "error", error=error),), offline=True)
    controller.refresher.finished.emit(result)


def shoot_states(app: QApplication, home: Path, library: Library, out: Path) -> None:
    israel = "Israel nối gót Mỹ rời Hội đồng Nhân quyền LHQ"
    bridge = "Hà Nội khởi công cầu Trần Hưng Đạo bắc qua sông Hồng"
    shots: list[tuple[str, Stage, tuple[int, int], str]] = [
        ("narrow-light-en", open_title(bridge), (1024, 700), "en"),
        ("narrow-drawer-light-vi", open_drawer, (1024, 700), "vi"),
        ("vnexpress-item-light-vi", open_title(israel), (1440, 900), "vi"),
        ("undo-light-en", mark_all_read, (1280, 800), "en"),
    ]
    for name, stage, size, language in shots:
        print(shoot_state(app, library, home, out, name, stage, size=size, language=language))
    first = home / "first-start"
    first.mkdir()
    empty = Library(Storage(first / "newsreader.sqlite3"))
    try:
        print(
            shoot_state(
                app,
                empty,
                first,
                out,
                "offline-first-start-light-en",
                offline_first_start,
                size=(1280, 800),
            )
        )
    finally:
        empty.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--states-only", action="store_true", help="only the newcomer states")
    ns = parser.parse_args(argv)
    ns.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="newsreader-shots-") as tmp:
        home = Path(tmp)
        library = build_library(home)
        try:
            if not ns.states_only:
                for theme in ("light", "dark"):
                    for language in ("en", "vi"):
                        print(shoot(app, library, home, theme, language, ns.out))
            shoot_states(app, home, library, ns.out)
        finally:
            library.close()
        if ns.states_only:
            return 0
        empty_home = Path(tmp) / "empty"
        empty_home.mkdir()
        empty = Library(Storage(empty_home / "newsreader.sqlite3"))
        try:
            print(shoot(app, empty, empty_home, "light", "en", ns.out, name="empty-light-en"))
        finally:
            empty.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
