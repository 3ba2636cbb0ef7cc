"""The HTML document the article view shows for one article (no Qt needed to build it).

Layout, top to bottom: title, a muted meta line (source · section · author · local time), the lead
in its own style (only when the body does not already start with it), the article's picture (the
picture a feed description opens with, else the feed's thumbnail when the body has no picture of
its own; see `article_lead`), the sanitized body with figures and captions, and a "Read the
original →" link. Every piece of text from the feed is escaped; the body
goes through :func:`newsreader.core.pages.sanitize.sanitize_html`, so images are ``nrimg:``
references the view serves from the cache.

Qt's rich-text engine knows a subset of HTML 4 and CSS 2, so the sanitized body is adapted here:
``<figure>``/``<figcaption>`` (unknown to Qt) become "image" and "caption" paragraphs and headings
classed paragraphs (Qt ignores font sizes on headings). The reading column is not
expressible in Qt's CSS (no ``max-width``); :func:`column_width_px` gives the width the view keeps
the text to, through the document's root frame margins.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cache
from importlib import resources

from newsreader.core.models import Article
from newsreader.core.pages.plainlabel import plain_text_label

# The sanitizer (and `article_lead`, which uses it) load with the first article shown
# (`article_document`), not before the window's first paint.

__all__ = [
    "ENGLISH_LABELS",
    "VIETNAMESE_LABELS",
    "ArticleLabels",
    "article_document",
    "body_font_px",
    "column_width_px",
    "empty_document",
    "format_local_time",
    "labels_for_language",
    "page_colors",
    "stylesheet",
]

BASE_FONT_PX = 18  # body text at 100 %
MEASURE_EM = 36  # reading column in body-font ems: about 70 characters of a serif face
MIN_SCALE, MAX_SCALE = 50, 300


@dataclass(frozen=True, slots=True)
class ArticleLabels:
    """The words and date format of the article page; English by default.

    The window passes translated strings (``tr()``) and the user's time zone (None: the system's).
    ``datetime_format`` is a ``str.format`` pattern with the fields ``weekday``, ``day``,
    ``day2`` (two digits), ``month`` (name), ``month2`` (two digits), ``year``, ``hour2``,
    ``minute2``.
    """

    read_original: str = "Read the original →"
    untitled: str = "(untitled)"
    weekdays: tuple[str, str, str, str, str, str, str] = (
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
    )  # fmt: skip
    months: tuple[str, ...] = (
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    )  # fmt: skip
    datetime_format: str = "{weekday} {day} {month} {year}, {hour2}:{minute2}"
    separator: str = " · "
    timezone: tzinfo | None = None
    audio: str = "Audio"
    video: str = "Video"
    document: str = "PDF"
    download: str = "Download for offline"
    also_in: str = "also in {feeds}"  # the story's other feeds


ENGLISH_LABELS = ArticleLabels()
VIETNAMESE_LABELS = ArticleLabels(
    read_original="Đọc bài gốc →",
    untitled="(không có tiêu đề)",
    weekdays=("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"),
    months=tuple(f"tháng {n}" for n in range(1, 13)),
    datetime_format="{weekday}, {day2}/{month2}/{year} {hour2}:{minute2}",
    audio="Âm thanh",
    video="Video",
    document="PDF",
    download="Tải về để xem ngoại tuyến",
    also_in="cũng có ở {feeds}",
)


def labels_for_language(language: str | None) -> ArticleLabels:
    """Vietnamese labels for a ``vi`` locale name ("vi", "vi_VN", "vi-VN"), English otherwise."""
    if language and language.lower().replace("-", "_").split("_")[0] == "vi":
        return VIETNAMESE_LABELS
    return ENGLISH_LABELS


def format_local_time(moment: datetime, labels: ArticleLabels = ENGLISH_LABELS) -> str:
    """`moment` in the user's time zone, e.g. "Thu 26 Nov 2026, 08:15" or
    "Thứ năm, 26/11/2026 08:15"."""
    local = moment.astimezone(labels.timezone) if moment.tzinfo else moment
    fields = {
        "weekday": labels.weekdays[local.weekday()] if len(labels.weekdays) == 7 else "",
        "day": local.day,
        "day2": f"{local.day:02d}",
        "month": labels.months[local.month - 1] if len(labels.months) == 12 else local.month,
        "month2": f"{local.month:02d}",
        "year": local.year,
        "hour2": f"{local.hour:02d}",
        "minute2": f"{local.minute:02d}",
    }
    try:
        return labels.datetime_format.format(**fields)
    except (KeyError, IndexError, ValueError):  # a broken translation must not break the page
        return local.strftime("%Y-%m-%d %H:%M")


# --- sizes and styles ---------------------------------------------------------------------------


def _clamp_scale(text_scale: int) -> int:
    return max(MIN_SCALE, min(MAX_SCALE, int(text_scale)))


def body_font_px(text_scale: int = 100) -> int:
    """The body text size in pixels at `text_scale` percent."""
    return round(BASE_FONT_PX * _clamp_scale(text_scale) / 100)


def column_width_px(text_scale: int = 100) -> int:
    """The width of the reading column in pixels (about 70 characters of body text)."""
    return body_font_px(text_scale) * MEASURE_EM


@cache
def _resource(name: str) -> str:
    return (resources.files("newsreader.resources") / name).read_text(encoding="utf-8")


_PX = re.compile(r"(\d+(?:\.\d+)?)px")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@cache
def stylesheet(dark: bool, text_scale: int = 100) -> str:
    """The article CSS for the palette and text scale (every px size is scaled)."""
    css = _resource("article.css")
    if dark:
        css += "\n" + _resource("article-dark.css")
    # Comments go: the CSS is inlined in a <style> element, where a "<" would end it for Qt.
    css = _COMMENT.sub("", css).replace("<", "")
    factor = _clamp_scale(text_scale) / 100
    if factor != 1:
        css = _PX.sub(lambda m: f"{max(1, round(float(m.group(1)) * factor))}px", css)
    return css


_BODY_RULE = re.compile(r"body\s*\{([^}]*)\}")
_COLOR = re.compile(r"(?<![\w-])color:\s*(#[0-9a-fA-F]{3,8})")
_BACKGROUND = re.compile(r"background-color:\s*(#[0-9a-fA-F]{3,8})")


@cache
def page_colors(dark: bool) -> tuple[str, str]:
    """(background, text) colours of the page, read from the stylesheet for the view's palette."""
    background, text = ("#1c1d1f", "#e4e1da") if dark else ("#fcfbf8", "#1d1d1b")
    for rule in _BODY_RULE.findall(stylesheet(dark)):  # the last body rule wins, as in CSS
        if found := _BACKGROUND.search(rule):
            background = found.group(1)
        if found := _COLOR.search(rule):
            text = found.group(1)
    return background, text


# --- the document -------------------------------------------------------------------------------
# The sanitizer's output is canonical (lowercase tags, no attributes but href/src/alt/title/spans,
# well-formed), so these regular expressions are exact on it, and removing whole tags from it
# keeps it safe and well-formed.
_FIGURE = re.compile(r"<figure>(.*?)</figure>", re.DOTALL)
_FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)
_IMG = re.compile(r"<img\b[^>]*>")
_BLOCK_BREAK = re.compile(r"</(?:p|div|li|dd|dt|h[3-6]|blockquote|pre|tr)>\s*(?=.)", re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|figure|figcaption|h[3-6]|blockquote|ul|ol|li|dl|dt|dd|pre|table|thead|tbody"
    r"|tfoot|tr|td|th)>|<hr>"
)
# Qt continues the block of a closed <div> with whatever inline content follows it
# ("<div><div>a</div>b</div>" shows "ab"): such content gets a line break first.
_AFTER_DIV = re.compile(
    r"(</div>\s*)(?=[^\s<]|<(?:a|b|strong|i|em|u|s|q|cite|code|sub|sup|small|span|img)[\s>])"
)
_IMAGE_ONLY = re.compile(r"<(p|div)>((?:\s|<br>)*(?:<img\b[^>]*>(?:\s|<br>)*)+)</\1>")
# Qt ignores CSS font sizes on <h3>..<h6>: headings become classed paragraphs.
_HEADINGS = tuple((f"<h{n}>", f'<p class="h{n}">', f"</h{n}>") for n in range(3, 7))
_TAGS = re.compile(r"<[^>]*>")
_WS = re.compile(r"\s+")


def _inline(fragment: str) -> str:
    """`fragment` with its block structure flattened to line breaks (for captions)."""
    flat = _BLOCK_BREAK.sub("<br>", fragment.strip())
    flat = _BLOCK_TAG.sub(" ", flat).strip()
    while flat.endswith("<br>"):
        flat = flat[:-4].rstrip()
    return flat if _TAGS.sub("", flat).strip() or "<img" in flat else ""


def _qt_figure(match: re.Match[str]) -> str:
    """A <figure> as Qt lays it out well: an image paragraph, then a caption paragraph."""
    inner = match.group(1)
    images = _IMG.findall(inner)
    captions = [_inline(c) for c in _FIGCAPTION.findall(inner)]
    rest = _inline(_IMG.sub(" ", _FIGCAPTION.sub(" ", inner)))
    caption = "<br>".join(c for c in (*captions, rest) if c)
    parts = []
    if images:
        kind = "image" if caption else "image-alone"
        parts.append(f'<p class="{kind}">{"".join(images)}</p>')
    if caption:
        parts.append(f'<p class="caption">{caption}</p>')
    return "\n".join(parts)


def _for_qt(safe_html: str) -> str:
    """The sanitized body reshaped for QTextDocument's subset of HTML and CSS.

    Qt puts a block's margins on its own text, not around its children, so figures become flat
    "image" and "caption" paragraphs whose spacing the stylesheet controls; paragraphs holding
    only images get the image spacing too; text right after a </div> gets its own line.
    """
    html_text = _FIGURE.sub(_qt_figure, safe_html)
    # Leftovers of nested or unbalanced figures.
    html_text = html_text.replace("<figure>", "").replace("</figure>", "")
    html_text = html_text.replace("<figcaption>", '<div class="caption">')
    html_text = html_text.replace("</figcaption>", "</div>")
    html_text = _IMAGE_ONLY.sub(r'<p class="image-alone">\2</p>', html_text)
    for start, qt_start, end in _HEADINGS:
        html_text = html_text.replace(start, qt_start).replace(end, "</p>")
    return _AFTER_DIV.sub(r"\1<br>", html_text)


def _comparable(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u200b", "")
    return _WS.sub(" ", text).strip().casefold()


def _body_starts_with(safe_body: str, lead: str) -> bool:
    """Whether the body's first words already are the lead (feeds often repeat it)."""
    wanted = _comparable(lead)[:120].rstrip(" .…")
    if not wanted:
        return True
    opening = _comparable(html.unescape(_TAGS.sub(" ", safe_body[: 4 * len(lead) + 4000])))
    return wanted in opening[: len(wanted) + 400]


def _is_only(safe_body: str, lead: str) -> bool:
    """Whether the body holds nothing but the lead (a feed that carries only its lead)."""
    from newsreader.ui.article_lead import visible_text

    text = _comparable(visible_text(safe_body)).rstrip(" .…")
    wanted = _comparable(lead).rstrip(" .…")
    return not text or text == wanted or (lead.endswith("…") and text.startswith(wanted))


def _meta_line(article: Article, labels: ArticleLabels) -> str:
    parts: list[str] = []
    for value in (article.folder, article.feed_title, article.author):
        label = plain_text_label(value, max_chars=200)
        if label and label.casefold() not in (p.casefold() for p in parts):
            parts.append(label)
    moment = article.published or article.updated or article.sort_time
    if moment is not None:
        parts.append(format_local_time(moment, labels))
    others = [plain_text_label(t, max_chars=80) for t in article.also_in_titles]
    if any(others):  # one story in several feeds
        parts.append(labels.also_in.format(feeds=", ".join(t for t in others if t)))
    return html.escape(labels.separator.join(parts), quote=False)


ENCLOSURE_SCHEME = "nrenc"  # nrenc:open/N, nrenc:download/N (N = the enclosure's position)


def human_size(length: int) -> str:
    """Bytes as a reader says them: "820 KB", "48.2 MB", "1.3 GB"."""
    size = float(length)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return (
                f"{size:.0f} {unit}" if unit in ("B", "KB") or size >= 100 else f"{size:.1f} {unit}"
            )
        size /= 1000
    return f"{size:.1f} GB"


def _enclosures(article: Article, labels: ArticleLabels) -> str:
    """One line per enclosure: what it is (kind · type · size), to open; and to download."""
    lines = []
    kinds = {"audio": labels.audio, "video": labels.video, "pdf": labels.document}
    for position, enclosure in enumerate(article.enclosures):
        facts = [kinds.get(enclosure.kind, enclosure.kind), enclosure.type]
        if enclosure.length:
            facts.append(human_size(enclosure.length))
        name = html.escape(plain_text_label(labels.separator.join(facts)), quote=False)
        download = html.escape(plain_text_label(labels.download), quote=False)
        lines.append(
            f'<p class="enclosure"><a href="{ENCLOSURE_SCHEME}:open/{position}">▶ {name}</a>'
            f'{html.escape(labels.separator)}<a href="{ENCLOSURE_SCHEME}:download/{position}">'
            f"{download}</a></p>"
        )
    return "\n".join(lines)


def _document(body: str, *, dark: bool, text_scale: int) -> str:
    return (
        '<html><head><meta charset="utf-8"><style type="text/css">'
        f"{stylesheet(dark, _clamp_scale(text_scale))}</style></head>"
        f"<body>{body}</body></html>"
    )


def article_document(
    article: Article,
    *,
    dark: bool,
    text_scale: int = 100,
    labels: ArticleLabels | None = None,
) -> str:
    """The full HTML document showing `article`, for QTextDocument."""
    from newsreader.core.pages.sanitize import encode_image_ref, image_urls, safe_url, sanitize_html
    from newsreader.ui.article_lead import split_lead_picture, wrap_loose_start

    labels = labels or ENGLISH_LABELS
    link = safe_url(article.link, base_url=None, schemes=frozenset({"http", "https"}))
    title = plain_text_label(article.title, max_chars=500) or plain_text_label(labels.untitled)
    parts = [
        # A paragraph, not <h1>: Qt ignores CSS font sizes on headings.
        f'<p class="title">{html.escape(title, quote=False)}</p>',
        f'<p class="meta">{_meta_line(article, labels)}</p>',
    ]
    # A feed description opening with a (linked) picture: that picture is the article's.
    opening = split_lead_picture(sanitize_html(article.content_html or "", base_url=link))
    body, picture = opening.rest, opening.picture
    lead = plain_text_label(article.summary, max_chars=2_000)
    body_is_lead = bool(lead) and _is_only(body, lead)
    if lead and (body_is_lead or not _body_starts_with(body, lead)):
        parts.append(f'<p class="lead">{html.escape(lead, quote=False)}</p>')
    if body_is_lead:
        body = ""
    if picture is None and not image_urls(body) and article.thumbnail:
        thumbnail = sanitize_html(
            f'<img src="{html.escape(article.thumbnail, quote=True)}">', base_url=link
        )
        picture = next(iter(image_urls(thumbnail)), None)
    if picture is not None:
        parts.append(f'<p class="picture"><img src="{encode_image_ref(picture)}" alt=""></p>')
    if body := wrap_loose_start(body):
        parts.append(_for_qt(body))
    if article.enclosures:
        parts.append(_enclosures(article, labels))
    if link:
        text = html.escape(plain_text_label(labels.read_original), quote=False)
        parts.append(f'<p class="original"><a href="{html.escape(link)}">{text}</a></p>')
    return _document("\n".join(parts), dark=dark, text_scale=text_scale)


def empty_document(message: str, *, dark: bool) -> str:
    """A calm page with one centred line, for "Select an article to read it" and the like."""
    text = html.escape(plain_text_label(message), quote=False)
    return _document(f'<p class="empty" align="center">{text}</p>', dark=dark, text_scale=100)
