"""A deterministic "feed farm": N RSS/Atom feeds x M items in the style of Vietnamese news sites.

    python bench/farm.py [--feeds 1000] [--items 50] [--out /tmp/newsreader-bench/farm-...]

What is written (never into the repository; the default is under /tmp):

* ``feeds/sNNN/fMMMM.rss`` (or ``.atom``) -- about 80% RSS 2.0, 20% Atom 1.0, each 50-120 KB
  (a size drawn per feed), UTF-8, with a ``.gz`` twin for ``gzip_static``. Items look like
  VnExpress': a title with diacritics, a CDATA description holding a linked thumbnail ``<img>``,
  a ``</br>`` and a lead of a few sentences, a ``pubDate`` (``+0700``; 5% of the feeds use the
  ``GMT+7`` form Vietnamese sites also send), guid equal to the link, a category.
* ``pages/NNN.html`` -- 1000 article pages (header, menu, h1, lead, paragraphs, figures with
  ``data-src`` lazy images, related links, footer; 30-60 KB). An item's link is unique
  (``/tin/<slug>-<7 digits>.html``); the server maps it to ``pages/<last 3 digits>.html``.
* ``img/N.png`` -- small images (thumbnails and figures), a few KB each.
* ``farm-<n>.opml`` and ``urls-<n>.txt`` (newsboat) for every size asked with ``--subset``: the
  first n feeds, one folder (tag) per site.
* ``farm.json`` -- the parameters, the hosts and the totals.

Feeds are spread over sites: ``feeds_per_host`` feeds share one loopback address
(``127.0.1.1``, ``127.0.1.2``, ...), like the section feeds of one outlet, so per-host politeness
limits act as they would on the real web. Everything is a pure function of the parameters (and
``--seed``): the same farm byte for byte on every run.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import random
import struct
import sys
import unicodedata
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

FARM_VERSION = 1  # bump when the output changes (cached farms and libraries are keyed on it)
DEFAULT_ROOT = Path(os.environ.get("TMPDIR", "/tmp")) / "newsreader-bench"
BASE_TIME = datetime(2025, 10, 20, 8, 0, tzinfo=timezone(timedelta(hours=7)))
PAGES = 1000  # article pages; a link's last three digits choose one
IMAGES = 64

# -- words ------------------------------------------------------------------------------------

OUTLETS = (
    "Tin Nhanh Hà Nội", "Báo Đô Thị", "Thời Báo Kinh Tế", "Người Đưa Tin Sài Gòn",
    "Nhịp Sống Miền Trung", "Tuổi Xanh", "Tiếng Nói Đồng Bằng", "Báo Phương Nam",
    "Tin Tức Thủ Đô", "Đời Sống Việt", "Kinh Tế Đô Thị", "Báo Bình Minh",
)  # fmt: skip
SECTIONS = (
    ("Thời sự", "thoi-su"), ("Kinh tế", "kinh-te"), ("Thế giới", "the-gioi"),
    ("Giáo dục", "giao-duc"), ("Sức khỏe", "suc-khoe"), ("Pháp luật", "phap-luat"),
    ("Đời sống", "doi-song"), ("Du lịch", "du-lich"), ("Khoa học", "khoa-hoc"),
    ("Số hóa", "so-hoa"), ("Thể thao", "the-thao"), ("Giải trí", "giai-tri"),
    ("Bất động sản", "bat-dong-san"), ("Xe", "xe"), ("Ý kiến", "y-kien"),
)  # fmt: skip
PLACES = (
    "Hà Nội", "Hà Nội", "Hà Nội", "TP HCM", "TP HCM", "Đà Nẵng", "Hải Phòng", "Cần Thơ",
    "Quảng Ninh", "Nghệ An", "Thanh Hóa", "Bình Dương", "Đồng Nai", "Khánh Hòa", "Lâm Đồng",
    "Huế", "Bắc Ninh", "Long An", "Hà Tĩnh", "Quảng Nam", "Đắk Lắk", "Kiên Giang", "Lào Cai",
)  # fmt: skip
TOPICS = (
    "kinh tế", "kinh tế tư nhân", "giáo dục", "y tế cơ sở", "giao thông", "đường sắt đô thị",
    "đường sắt tốc độ cao", "bất động sản", "chứng khoán", "xuất khẩu nông sản", "du lịch",
    "môi trường", "chuyển đổi số", "năng lượng tái tạo", "hạ tầng", "ngân sách", "thuế",
    "thị trường lao động", "an sinh xã hội", "văn hóa", "nhà ở xã hội", "thủy lợi",
    "phòng chống thiên tai", "cải cách hành chính", "khoa học công nghệ", "kinh tế số",
    "đổi mới sáng tạo", "y tế", "cao tốc Bắc - Nam", "vành đai 4",
)  # fmt: skip
ACTORS = (
    "Người dân", "Người dân", "Chính quyền", "Bộ Tài chính", "Bộ Giáo dục và Đào tạo",
    "UBND thành phố", "Quốc hội", "Chính phủ", "Doanh nghiệp nhỏ", "Nhà đầu tư", "Học sinh",
    "Bác sĩ", "Công nhân", "Nông dân", "Chuyên gia", "Ngân hàng Nhà nước", "Bộ Xây dựng",
    "Bộ Y tế", "Thủ tướng", "Sở Giao thông vận tải", "Cử tri", "Hội đồng nhân dân",
)  # fmt: skip
VERBS = (
    "đẩy mạnh", "triển khai", "đề xuất", "kiến nghị", "thông qua", "hoàn thành", "khởi công",
    "điều chỉnh", "tháo gỡ vướng mắc về", "phê duyệt", "công bố", "kêu gọi đầu tư vào",
    "tăng cường", "thí điểm", "mở rộng", "rà soát", "ưu tiên", "đầu tư mạnh cho",
)  # fmt: skip
QUALITIES = (
    "đột phá", "bền vững", "quyết liệt", "hiệu quả", "minh bạch", "kỷ lục", "đồng bộ",
    "khẩn trương", "toàn diện", "mạnh mẽ", "thực chất", "an toàn",
)  # fmt: skip
WHEN = (
    "trong năm 2025", "từ đầu tháng 10", "trong quý IV", "đến cuối năm", "trong tuần tới",
    "sáng nay", "chiều 20/10", "giai đoạn 2026-2030", "từ năm sau", "trong 5 năm tới",
    "ngay trong tháng này", "trước Tết Nguyên đán",
)  # fmt: skip
AMOUNTS = (
    "{n} tỷ đồng", "{n}%", "{n} km", "{n} dự án", "{n} nghìn hộ dân", "{n} triệu USD",
    "{n} trường học", "{n} ha đất", "{n} bệnh viện", "{n} nghìn lao động",
)  # fmt: skip
REASONS = (
    "do thiếu vốn", "vì vướng mặt bằng", "sau nhiều năm chờ đợi", "theo chỉ đạo của Thủ tướng",
    "nhờ cơ chế đặc thù", "khi giá vật liệu tăng cao", "trước sức ép của biến đổi khí hậu",
    "để giảm ùn tắc giao thông", "nhằm thu hút nhà đầu tư nước ngoài",
)  # fmt: skip
GENERIC_ACTORS = frozenset(
    {"Người dân", "Doanh nghiệp nhỏ", "Nhà đầu tư", "Học sinh", "Bác sĩ", "Công nhân", "Nông dân",
     "Chuyên gia", "Cử tri"}
)  # fmt: skip
AUTHORS = (
    "Minh Anh", "Hoàng Phương", "Thu Trang", "Đức Thắng", "Ngọc Lan", "Quốc Hưng", "Phạm Dũng",
    "Lê Vy", "Trần Khoa", "Bảo Ngọc", "Nguyễn Hải", "Võ Thạnh",
)  # fmt: skip

TITLE_FORMS = (
    "{place} {verb} {topic} {quality}",
    "{actor} {verb} {amount} cho {topic} {when}",
    "Tạo đột phá cho {topic} tại {place}",
    "{actor} {place} lo lắng vì {topic} {reason}",
    "{place} dành {amount} phát triển {topic}",
    "Vì sao {topic} ở {place} chưa {quality}?",
    "{actor} muốn {topic} {quality} hơn {when}",
    "Dự án {topic} {place} {verb} {when}",
    "Người dân {place} được hưởng lợi từ {topic}",
    "Đường sắt đô thị {place}: {actor} {verb} {amount}",
)
SENTENCE_FORMS = (
    "{actor} {place} vừa {verb} {topic} với tổng mức {amount} {when}.",
    "Theo {actor_l}, {topic} cần được thực hiện {quality} {reason}.",
    "Nhiều người dân cho rằng {topic} ở {place} đã có chuyển biến {quality} {when}.",
    "{actor} nhấn mạnh việc {verb} {topic} là nhiệm vụ trọng tâm {when}.",
    "Tại {place}, {amount} đã được bố trí để {verb} {topic}.",
    "Chuyên gia kinh tế nhận định đây là bước đột phá giúp {topic} phát triển {quality}.",
    "Dự kiến {when}, {place} sẽ hoàn thành {amount} phục vụ {topic}.",
    "Trước đó, {actor_l} đã nhiều lần kiến nghị {verb} {topic} {reason}.",
    "Tuyến đường sắt đô thị mới được kỳ vọng giảm tải cho {topic} ở {place}.",
    "Số liệu cho thấy {topic} tăng trưởng {amount} so với cùng kỳ năm trước.",
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def ascii_fold(text: str) -> str:
    """Vietnamese without marks (for slugs): NFD, drop combining marks, đ -> d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slugify(text: str, max_words: int = 12) -> str:
    words = "".join(c if c.isalnum() else " " for c in ascii_fold(text).lower()).split()
    return "-".join(words[:max_words]) or "bai-viet"


class Writer:
    """Vietnamese-looking titles and sentences from one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _slots(self) -> dict[str, str]:
        r = self.rng
        actor = r.choice(ACTORS)
        return {
            "place": r.choice(PLACES),
            "topic": r.choice(TOPICS),
            "actor": actor,
            "actor_l": actor.lower() if actor in GENERIC_ACTORS else actor,
            "verb": r.choice(VERBS),
            "quality": r.choice(QUALITIES),
            "when": r.choice(WHEN),
            "reason": r.choice(REASONS),
            "amount": r.choice(AMOUNTS).format(n=r.choice((3, 5, 12, 20, 35, 50, 120, 500, 1200))),
        }

    def title(self) -> str:
        return _cap(self.rng.choice(TITLE_FORMS).format(**self._slots()))

    def sentence(self) -> str:
        return _cap(self.rng.choice(SENTENCE_FORMS).format(**self._slots()))

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def text_of(self, min_bytes: int) -> str:
        """Sentences until the text is at least `min_bytes` long in UTF-8."""
        out: list[str] = []
        size = 0
        while size < min_bytes or not out:
            s = self.sentence()
            out.append(s)
            size += len(s.encode("utf-8")) + 1
        return " ".join(out)


# -- the farm's shape -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FarmSpec:
    feeds: int = 1000
    items: int = 50
    seed: int = 2025
    feeds_per_host: int = 10
    port: int = 0  # filled in when the server's port is known (URLs carry it)
    min_kb: int = 50
    max_kb: int = 120

    def key(self) -> str:
        return (
            f"v{FARM_VERSION}-f{self.feeds}-i{self.items}-s{self.seed}-h{self.feeds_per_host}"
            f"-p{self.port}-{self.min_kb}-{self.max_kb}"
        )


def host_of(feed_index: int, spec: FarmSpec) -> str:
    """The loopback address that serves a feed: one per site of `feeds_per_host` feeds."""
    site = feed_index // spec.feeds_per_host
    return f"127.0.{1 + site // 250}.{1 + site % 250}"


def hosts(spec: FarmSpec) -> list[str]:
    return list(dict.fromkeys(host_of(i, spec) for i in range(spec.feeds)))


@dataclass(frozen=True, slots=True)
class Item:
    """One generated entry; also used to build a library without XML (see bench/library.py)."""

    title: str
    link: str
    lead: str
    thumbnail: str
    published: datetime  # aware
    author: str
    category: str


@dataclass(frozen=True, slots=True)
class FeedDoc:
    index: int
    site: str  # the outlet's name (the OPML folder, newsboat tag)
    title: str
    url: str
    path: str  # relative to the farm root
    atom: bool
    gmt7: bool  # pubDate written as "... GMT+7"
    items: tuple[Item, ...] = field(default=())


def _base(spec: FarmSpec, feed_index: int) -> str:
    port = f":{spec.port}" if spec.port else ""
    return f"http://{host_of(feed_index, spec)}{port}"


def feed_doc(spec: FarmSpec, index: int) -> FeedDoc:
    """Feed `index` of the farm, with its items (a pure function of spec and index)."""
    doc = _feed_doc(spec, index, 1.0)
    size = len(render_feed(doc, spec))
    target = random.Random(f"{spec.seed}:{index}:size").randint(
        spec.min_kb * 1024, spec.max_kb * 1024
    )
    # The leads are random: scale them once so the document lands near its drawn size.
    return _feed_doc(spec, index, target / size) if abs(size - target) > 2048 else doc


def _feed_doc(spec: FarmSpec, index: int, lead_scale: float) -> FeedDoc:
    rng = random.Random(f"{spec.seed}:{index}")
    writer = Writer(rng)
    site_no = index // spec.feeds_per_host
    outlet = OUTLETS[site_no % len(OUTLETS)] + (
        f" {site_no // len(OUTLETS) + 1}" if site_no >= len(OUTLETS) else ""
    )
    section, section_slug = SECTIONS[index % spec.feeds_per_host % len(SECTIONS)]
    atom = index % 5 == 3
    gmt7 = index % 20 == 7
    base = _base(spec, index)
    path = f"feeds/s{site_no:03d}/f{index:04d}.{'atom' if atom else 'rss'}"
    # Size: leads long enough that the document lands on a size drawn for this feed.
    target = random.Random(f"{spec.seed}:{index}:size").randint(
        spec.min_kb * 1024, spec.max_kb * 1024
    )
    overhead = 720 if atom else 620  # markup, link (x3), guid, date, thumbnail per item
    lead_bytes = max(120, (target - 1500) // max(1, spec.items) - overhead) * lead_scale
    step = timedelta(minutes=rng.randint(7, 95))
    start = BASE_TIME - timedelta(minutes=rng.randint(0, 600))
    items = []
    for k in range(spec.items):
        title = writer.title()
        number = 4_000_000 + index * spec.items + k
        link = f"{base}/tin/{section_slug}/{slugify(title)}-{number}.html"
        # leads vary around the feed's size, like real ones (one to a few sentences)
        lead = writer.text_of(int(lead_bytes * rng.uniform(0.5, 1.5)))
        items.append(
            Item(
                title=title,
                link=link,
                lead=lead,
                thumbnail=f"{base}/img/{rng.randrange(IMAGES)}.png",
                published=start - step * k,
                author=rng.choice(AUTHORS),
                category=section,
            )
        )
    return FeedDoc(
        index=index,
        site=outlet,
        title=f"{section} - {outlet}",
        url=f"{base}/{path}",
        path=path,
        atom=atom,
        gmt7=gmt7,
        items=tuple(items),
    )


def _rss_date(moment: datetime, gmt7: bool) -> str:
    local = moment.astimezone(timezone(timedelta(hours=7)))
    text = local.strftime("%a, %d %b %Y %H:%M:%S")
    return f"{text} GMT+7" if gmt7 else f"{text} +0700"


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _description(item: Item) -> str:
    return (
        f'<a href="{item.link}"><img width=130 height=100 src="{item.thumbnail}" ></a></br>'
        f"{item.lead}"
    )


def render_rss(doc: FeedDoc, site_url: str) -> str:
    e = html.escape
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">\n<channel>\n',
        f"<title>{e(doc.title)}</title>\n<description>{e(doc.site)} RSS</description>\n",
        f"<link>{e(site_url)}</link>\n<generator>{e(doc.site)}</generator>\n",
        f"<pubDate>{_rss_date(doc.items[0].published if doc.items else BASE_TIME, doc.gmt7)}"
        "</pubDate>\n",
    ]
    for it in doc.items:
        out.append(
            f"<item>\n<title>{e(it.title)}</title>\n"
            f"<description>\n{_cdata(_description(it))}\n</description>\n"
            f"<pubDate>{_rss_date(it.published, doc.gmt7)}</pubDate>\n"
            f"<link>{e(it.link)}</link>\n<guid>{e(it.link)}</guid>\n"
            f"<category>{e(it.category)}</category>\n<slash:comments>0</slash:comments>\n"
            "</item>\n"
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def render_atom(doc: FeedDoc, site_url: str) -> str:
    e = html.escape
    updated = (doc.items[0].published if doc.items else BASE_TIME).isoformat()
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"'
        ' xml:lang="vi">\n',
        f"<title>{e(doc.title)}</title>\n<id>{e(doc.url)}</id>\n<updated>{updated}</updated>\n",
        f'<link rel="alternate" href="{e(site_url)}"/>\n<link rel="self" href="{e(doc.url)}"/>\n',
    ]
    for it in doc.items:
        when = it.published.isoformat()
        out.append(
            f"<entry>\n<title>{e(it.title)}</title>\n"
            f'<link rel="alternate" type="text/html" href="{e(it.link)}"/>\n'
            f"<id>{e(it.link)}</id>\n<published>{when}</published>\n<updated>{when}</updated>\n"
            f"<author><name>{e(it.author)}</name></author>\n"
            f'<category term="{e(it.category)}"/>\n'
            f'<summary type="html">{_cdata(_description(it))}</summary>\n</entry>\n'
        )
    out.append("</feed>\n")
    return "".join(out)


def render_feed(doc: FeedDoc, spec: FarmSpec) -> bytes:
    site_url = _base(spec, doc.index) + "/"
    text = render_atom(doc, site_url) if doc.atom else render_rss(doc, site_url)
    return text.encode("utf-8")


# -- pages and images -------------------------------------------------------------------------


def render_page(number: int, spec: FarmSpec) -> str:
    """An article page like a Vietnamese news site's (30-60 KB)."""
    rng = random.Random(f"{spec.seed}:page:{number}")
    w = Writer(rng)
    title = w.title()
    e = html.escape
    nav = "".join(
        f'<li class="parent"><a href="/{slug}">{e(name)}</a><ul class="sub">'
        + "".join(
            f'<li><a href="/{slug}/{slugify(t, 4)}">{e(_cap(t))}</a></li>'
            for t in rng.sample(TOPICS, 8)
        )
        + "</ul></li>"
        for name, slug in SECTIONS
    )
    most_read = "".join(
        f'<li><a href="/tin/doc-nhieu/{slugify(t)}-{4_800_000 + rng.randrange(99_999)}.html">'
        f'<img src="/img/{rng.randrange(IMAGES)}.png" width="80">{e(t)}</a></li>'
        for t in (w.title() for _ in range(12))
    )
    tracking = "".join(
        f"var slot{k}={{id:'div-gpt-ad-{rng.randrange(10**12)}-{k}',sizes:[[300,250],[300,600]]"
        f",targeting:{{section:'{rng.choice(SECTIONS)[1]}',pos:{k}}}}};"
        for k in range(40)
    )
    paras: list[str] = []
    for k in range(rng.randint(8, 16)):
        if k in (2, 7):
            img = rng.randrange(IMAGES)
            paras.append(
                '<figure class="tplCaption"><div class="fig-picture">'
                f'<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/{img}.png"'
                f' alt="{e(w.title())}" class="lazy"></div>'
                f'<figcaption><p class="Image">{e(w.sentence())}</p></figcaption></figure>'
            )
        paras.append(f'<p class="Normal">{e(w.paragraph(rng.randint(3, 6)))}</p>')
    related = "".join(
        f'<li><a href="/tin/lien-quan/{slugify(t)}-{4_900_000 + rng.randrange(99_999)}.html">'
        f"{e(t)}</a></li>"
        for t in (w.title() for _ in range(8))
    )
    comments = "".join(
        f'<div class="comment"><b>{e(rng.choice(AUTHORS))}</b><p>{e(w.sentence())}</p></div>'
        for _ in range(rng.randint(5, 25))
    )
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{e(title)} - Tin Nhanh</title>"
        f'<meta property="og:title" content="{e(title)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        f"{tracking}</script></head><body>"
        f'<header class="header"><nav class="main-nav"><ul>{nav}</ul></nav></header>'
        '<section class="container"><article class="fck_detail">'
        f'<h1 class="title-detail">{e(title)}</h1>'
        f'<span class="date">Thứ hai, 20/10/2025, 08:{number % 60:02d} (GMT+7)</span>'
        f'<p class="description">{e(w.paragraph(2))}</p>'
        + "".join(paras)
        + f'<p class="author_mail"><strong>{e(rng.choice(AUTHORS))}</strong></p></article>'
        f'<aside class="related"><h3>Xem thêm</h3><ul>{related}</ul></aside>'
        f'<section class="comments"><h3>Ý kiến bạn đọc</h3>{comments}</section>'
        f'<aside class="most-read"><h3>Đọc nhiều</h3><ul>{most_read}</ul></aside></section>'
        f'<footer class="footer"><ul class="sitemap">{nav}</ul>'
        "<p>© Báo điện tử. Giấy phép số 548/GP-BTTTT.</p></footer>"
        "</body></html>\n"
    )


def png(width: int, height: int, seed: int) -> bytes:
    """A small deterministic RGB PNG (a soft gradient with a stripe), made with zlib only."""
    rng = random.Random(seed)
    r0, g0, b0 = rng.randrange(256), rng.randrange(256), rng.randrange(256)
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            stripe = 40 if (x + y) // 12 % 5 == 0 else 0
            rows += bytes(((r0 + x // 3) % 256, (g0 + y // 2) % 256, (b0 + stripe) % 256))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


# -- writing ----------------------------------------------------------------------------------


def _write(path: Path, data: bytes, *, gz: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if gz:
        # mtime=0: the same bytes every time; gzip_static serves this to clients that accept it
        with gzip.GzipFile(path.with_name(path.name + ".gz"), "wb", 6, mtime=0) as f:
            f.write(data)


def _set_mtime(root: Path, when: float) -> None:
    """One fixed mtime for every file: Last-Modified/ETag do not change between farm builds."""
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            os.utime(Path(dirpath) / name, (when, when))


def iter_feeds(spec: FarmSpec, count: int | None = None) -> Iterator[FeedDoc]:
    for i in range(spec.feeds if count is None else min(count, spec.feeds)):
        yield feed_doc(spec, i)


def opml_text(docs: Sequence[FeedDoc]) -> str:
    e = html.escape
    by_site: dict[str, list[FeedDoc]] = {}
    for d in docs:
        by_site.setdefault(d.site, []).append(d)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n'
        "<head><title>Feed farm</title></head>\n<body>\n"
    ]
    for site, feeds in by_site.items():
        out.append(f'<outline text="{e(site)}" title="{e(site)}">\n')
        for d in feeds:
            out.append(
                f'  <outline type="rss" text="{e(d.title)}" title="{e(d.title)}"'
                f' xmlUrl="{e(d.url)}"/>\n'
            )
        out.append("</outline>\n")
    out.append("</body>\n</opml>\n")
    return "".join(out)


def urls_text(docs: Sequence[FeedDoc]) -> str:
    return "".join(f'{d.url} "{d.site.replace(chr(34), "")}"\n' for d in docs)


@dataclass(frozen=True, slots=True)
class Farm:
    root: Path
    spec: FarmSpec
    hosts: tuple[str, ...]
    feed_bytes: int  # total size of the feed documents (uncompressed)
    min_feed: int
    max_feed: int

    def opml(self, n: int) -> Path:
        return self.root / f"farm-{n}.opml"

    def urls(self, n: int) -> Path:
        return self.root / f"urls-{n}.txt"


def build(spec: FarmSpec, root: Path, subsets: Sequence[int] = (), *, force: bool = False) -> Farm:
    """Write the farm under `root` (skipped when a complete farm of this spec is there)."""
    marker = root / "farm.json"
    subsets = sorted({min(n, spec.feeds) for n in (*subsets, spec.feeds)})
    if not force and marker.exists():
        meta = json.loads(marker.read_text())
        if meta.get("key") == spec.key() and all(
            (root / f"farm-{n}.opml").exists() for n in subsets
        ):
            return Farm(
                root, spec, tuple(meta["hosts"]), meta["feed_bytes"], meta["min"], meta["max"]
            )
    root.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    docs: list[FeedDoc] = []
    sizes: list[int] = []
    for doc in iter_feeds(spec):
        data = render_feed(doc, spec)
        sizes.append(len(data))
        _write(root / doc.path, data, gz=True)
        docs.append(FeedDoc(doc.index, doc.site, doc.title, doc.url, doc.path, doc.atom, doc.gmt7))
    for n in range(PAGES):
        _write(root / "pages" / f"{n:03d}.html", render_page(n, spec).encode("utf-8"), gz=True)
    for n in range(IMAGES):
        _write(root / "img" / f"{n}.png", png(160, 100, spec.seed * 1000 + n))
    for n in subsets:
        (root / f"farm-{n}.opml").write_text(opml_text(docs[:n]), encoding="utf-8")
        (root / f"urls-{n}.txt").write_text(urls_text(docs[:n]), encoding="utf-8")
    _set_mtime(root, BASE_TIME.timestamp())
    farm = Farm(root, spec, tuple(hosts(spec)), sum(sizes), min(sizes), max(sizes))
    meta = {
        "key": spec.key(),
        "spec": asdict(spec),
        "hosts": list(farm.hosts),
        "feed_bytes": farm.feed_bytes,
        "min": farm.min_feed,
        "max": farm.max_feed,
        "built": datetime.now(UTC).isoformat(),
    }
    marker.write_text(json.dumps(meta, indent=1))
    return farm


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--feeds-per-host", type=int, default=10)
    ap.add_argument("--port", type=int, default=8800, help="the port the server will listen on")
    ap.add_argument("--subset", type=int, action="append", default=[], help="also an OPML of n")
    ap.add_argument("--out", type=Path, help=f"directory (default: under {DEFAULT_ROOT})")
    ap.add_argument("--force", action="store_true", help="rewrite even if already built")
    ns = ap.parse_args(argv)
    spec = FarmSpec(ns.feeds, ns.items, ns.seed, ns.feeds_per_host, ns.port)
    out = ns.out or DEFAULT_ROOT / f"farm-{spec.key()}"
    farm = build(spec, out, ns.subset, force=ns.force)
    print(
        f"{out}: {spec.feeds} feeds x {spec.items} items on {len(farm.hosts)} hosts, "
        f"{farm.feed_bytes / 1e6:.1f} MB of feeds ({farm.min_feed // 1024}-"
        f"{farm.max_feed // 1024} KB each)",
        file=sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
