"""Full text of news article pages, for offline reading: title, lead, body, images, author, time.

Vietnamese news feeds carry only a thumbnail and a one-line lead, so the article page is fetched and
its main content extracted here (no I/O in this module: it gets the page's bytes and URL).

How (measurements and the reasons in ``docs/design/extraction.md``):

1. The page is decoded (BOM, ``<meta charset>``, UTF-8, then a lenient fallback) and parsed once
   with lxml. Lazy images are resolved in place (``data-src``/``data-original``/``srcset``, relative
   URLs against the page URL; data: URIs and 1x1 placeholders dropped) and each image's caption is
   read from the structure around it (``<figure>``/``<figcaption>``, VnExpress ``tplCaption``,
   Tuổi Trẻ ``PhotoCMS_Caption``, WordPress ``wp-caption``...).
2. Metadata comes from the known page structures of Vietnamese outlets first (VnExpress,
   Kinhtedothi, Dân trí, Tuổi Trẻ, Thanh Niên, VietnamPlus and the CMS families they share), then
   from generic sources (``article:published_time``, JSON-LD ``NewsArticle``, ``og:*``, ``<h1>``).
3. The body: when a known article-body container is found, a site-aware walk over it keeps
   paragraphs, sub-headings, lists, quotes and figures in order and drops in-body boilerplate
   (related-article boxes, "Xem thêm" links, ads, share and comment widgets). Otherwise trafilatura
   finds the main content, and the figures and captions it drops are put back from the page.
4. The lead is never repeated in the body, captions are not repeated as paragraphs, the author
   line at the end of VnExpress-style bodies is dropped (it is in ``author``).

:func:`extract_article` never raises: on any failure or on a page with no article (a section
front, a home page) it returns None and the caller keeps the feed's content.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from html import escape
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]

from newsreader.core.pages.dates import VIETNAM_TZ, has_dateline, strip_dateline
from newsreader.core.pages.decode import decode_page
from newsreader.core.pages.htmltext import html_to_text
from newsreader.core.pages.srcset import LAZY_SRC_ATTRS, LAZY_SRCSET_ATTRS, pick_from_srcset

__all__ = [
    "FULLTEXT_POLICIES",
    "SHORT_CONTENT_CHARS",
    "ExtractedArticle",
    "ExtractedImage",
    "extract_article",
    "needs_full_text",
]

log = logging.getLogger(__name__)


# --- public types -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExtractedImage:
    """An image of the article body: absolute http(s) URL and its caption (credit included)."""

    url: str
    caption: str | None


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """The main content of an article page.

    ``body_html`` is simple HTML: ``<p>``, ``<h3>``, ``<blockquote>``, ``<ul>``/``<ol>``/``<li>``,
    ``<table>`` (data tables only), ``<figure><img src=ABS_URL alt=…><figcaption>…</figcaption>
    </figure>``, and inside text ``<strong>``, ``<em>``, ``<a href=ABS_URL>``, ``<br>``. The lead is
    not in it, nor boilerplate. It is *not* sanitized for display (that is ``sanitize``'s job).
    ``text_chars`` counts the characters of the body text (paragraphs, headings, list items and
    quotes; not captions, not the lead). ``published`` is timezone-aware UTC.
    """

    title: str | None
    lead: str | None
    body_html: str
    images: tuple[ExtractedImage, ...]
    author: str | None
    published: datetime | None
    text_chars: int


FULLTEXT_POLICIES = ("auto", "always", "never")

# "auto" fetches the page when the feed's own content has fewer characters of text than this.
# Vietnamese feeds carry a one- or two-sentence lead: 100-300 characters (VnExpress sapos are
# 120-250, Kinhtedothi's about 200-350), WordPress excerpts are 55 words, 300-400 characters, and
# longer summaries (600-1,000) are still summaries. A real article body is rarely under 1,500
# characters, and has paragraphs: one block of text under 3,000 is a lead, not a body.
SHORT_CONTENT_CHARS = 1_500
_ONE_BLOCK_MAX_CHARS = 3_000
_PARAGRAPH_TAGS = re.compile(r"<(?:p|li|h[1-6]|blockquote|br|figure|div)\b", re.IGNORECASE)
# Feed content ending like this is an excerpt, whatever its length (up to a point).
_TRUNCATED = re.compile(
    r"(?:\[(?:…|\.\.\.)\]|…|\.\.\.|read more|continue reading|đọc tiếp|xem tiếp|xem thêm)\W*$",
    re.IGNORECASE,
)
_TRUNCATED_MAX_CHARS = 4_000


def needs_full_text(feed_content_html: str | None, summary: str, policy: str = "auto") -> bool:
    """Whether the article page should be fetched and extracted for this entry.

    *policy* is the feed's ``fulltext`` option: ``"always"``, ``"never"`` or ``"auto"`` (anything
    else counts as auto). Auto fetches when the page likely has more text than the feed: the
    feed's fullest content (its ``content:encoded``, else the summary) has fewer than
    :data:`SHORT_CONTENT_CHARS` characters of text, or is one block of text (no paragraphs) under
    3,000, or ends like an excerpt ("[…]", "Read more", "Đọc tiếp") under 4,000.
    """
    if policy == "always":
        return True
    if policy == "never":
        return False
    text = html_to_text(feed_content_html) if feed_content_html else ""
    blocks = len(_PARAGRAPH_TAGS.findall(feed_content_html or ""))
    if len(text) < len(summary or ""):
        text, blocks = summary or "", 0
    text = text.strip()
    if len(text) < SHORT_CONTENT_CHARS:
        return True
    if blocks < 2 and len(text) < _ONE_BLOCK_MAX_CHARS:
        return True
    return len(text) < _TRUNCATED_MAX_CHARS and bool(_TRUNCATED.search(text))


# --- limits -------------------------------------------------------------------------------------

MAX_INPUT_BYTES = 5 * 1024 * 1024  # beyond this, only the start of the page is read
_MIN_BODY_CHARS = 200  # less body text than this is not an article (caller keeps the feed)
_MIN_GENERIC_CHARS = 500  # ... and without any article signal, a bit more is asked for
_MAX_BLOCKS = 5000  # a walk stops after this many blocks (pathological pages)
# trafilatura takes ~1.5 s per 10,000 paragraphs; a news page has 2,000-6,000 elements in all.
# Beyond this, the built-in walk (linear, capped) is used instead.
_MAX_TRAFILATURA_ELEMENTS = 30_000


# --- text helpers -------------------------------------------------------------------------------


def _norm(text: str | None) -> str:
    """NFC, whitespace collapsed, stripped (also zero-width and no-break spaces)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ")
    # = re.sub(r"\s+", " ", text).strip(): both split on str.isspace; the join is faster
    return " ".join(text.split())


def _key(text: str) -> str:
    """A comparison key: normalized, case-folded, without trailing punctuation."""
    return _norm(text).casefold().rstrip(" .…:;,")


def _cls(name: str) -> str:
    """XPath predicate: the class attribute has the token *name*."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _text(el: Any) -> str:
    try:
        return _norm(el.text_content())
    except (ValueError, TypeError):
        return ""


def _tag(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


# --- decoding and parsing -----------------------------------------------------------------------

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def _parse(text: str) -> Any:
    text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, recover=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError, TypeError):
        return None
    return root


# --- images -------------------------------------------------------------------------------------

_SRCSET_ATTRS = (*LAZY_SRCSET_ATTRS, "srcset")
_PLACEHOLDER = re.compile(
    r"(?:^|/)(?:[^/]*[-_.])?(?:1x1|blank|spacer|pixel|transparent|placeholder|lazy|loading|"
    r"no-?image|default-image|grey|gray)[^/]*\.(?:gif|png|svg|jpe?g|webp)(?:$|\?)",
    re.IGNORECASE,
)
_NOT_PICTURE = re.compile(
    r"doubleclick\.net/|googlesyndication|/ads?/|[-_/]ads?[-_]|/banners?/|quang-?cao|"
    r"feeds\.feedburner\.com/~|pixel\.wp\.com/|stats\.wordpress\.com/|gravatar\.com/avatar/|"
    r"s\.w\.org/images/core/emoji/|/avatars?/|/(?:logo|icon)[\w-]*\.(?:svg|png|gif)(?:$|\?)",
    re.IGNORECASE,
)


def _http_url(value: str | None, base: str) -> str | None:
    if not value:
        return None
    value = value.strip()
    if any(c in value for c in "\r\n\t"):
        value = "".join(value.split())
    if not value or value.lower().startswith(("data:", "javascript:", "about:", "blob:")):
        return None
    try:
        resolved = urljoin(base, value)
        parts = urlsplit(resolved)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return resolved.replace(" ", "%20")


def _is_pixel(img: Any) -> bool:
    for dim in ("width", "height"):
        value = (img.get(dim) or "").strip().lower().removesuffix("px").strip()
        if value in ("0", "1"):
            return True
    return False


def _image_url(img: Any, base: str) -> str | None:
    """The real picture behind an ``<img>`` (lazy attributes first), or None for placeholders."""
    if _is_pixel(img):
        return None
    candidates: list[str | None] = [img.get(name) for name in LAZY_SRC_ATTRS]
    srcsets = [img.get(name) or "" for name in _SRCSET_ATTRS]
    # <picture><source srcset=...><img></picture>; libxml2 (HTML 4) may nest the img in <source>.
    picture = img.getparent()
    while picture is not None and _tag(picture) == "source":
        picture = picture.getparent()
    if picture is not None and _tag(picture) == "picture":
        for source in picture.iter("source"):
            srcsets.extend(source.get(name) or "" for name in _SRCSET_ATTRS)
    candidates.extend(pick_from_srcset(s) for s in srcsets if s)
    candidates.append(img.get("src"))
    for candidate in candidates:
        url = _http_url(candidate, base)
        if url and not _PLACEHOLDER.search(url):
            return None if _NOT_PICTURE.search(url) else url
    return None


# --- page structure: selectors ------------------------------------------------------------------

# A tiny CSS subset, enough for the page structures below: "tag.class.class#id[attr=value]" steps
# joined by spaces (descendant). Lists are ordered: the first that matches wins. Many Vietnamese
# outlets share CMS templates, so every list is tried on every page, whatever its host.
_TITLE_SELECTORS = (
    "h1.title-detail",  # VnExpress
    "h1.article-title",  # Kinhtedothi (2023+), Tuổi Trẻ (old)
    "h1.detail-title",  # Tuổi Trẻ, Thanh Niên, NLĐ
    "h1.title-page",  # Dân trí
    "h1.dt-news__title",
    "h1.article__title",  # VietnamPlus, Tiền Phong family
    "h1.details__headline",
    "h1.cms-title",
    "h1.title_news_detail",  # VnExpress (old)
    "h1.content-detail-title",  # VietNamNet (2024)
    ".ArticleDetail h1.title",  # VietNamNet (2019)
    "h1.entry-title",  # WordPress
    "h1.post-title",
    "h1[itemprop=headline]",
    "[itemprop=headline]",
)
_LEAD_SELECTORS = (
    "p.description",  # VnExpress (teasers' p.description are inside .item-news: junk)
    ".article-sapo",  # Kinhtedothi (2023+)
    "h2.content-detail-sapo",  # VietNamNet (2024)
    ".ArticleLead",  # VietNamNet (2019), inside the body container
    ".sapo_detail",  # Kinhtedothi (2018-20)
    "h2.singular-sapo",  # Dân trí
    ".dt-news__sapo",
    "h2.detail-sapo",  # Tuổi Trẻ, Thanh Niên
    ".detail-sapo",
    "[data-role=sapo]",
    ".article__sapo",  # VietnamPlus family
    ".details__summary",
    ".cms-desc",
    ".short_intro",  # VnExpress (old)
    ".sapo",
    ".detail__sapo",
    ".post-sapo",
    ".news-sapo",
    ".article-summary",
    ".article-description",
)
_BODY_SELECTORS = (
    "article.fck_detail",  # VnExpress
    ".fck_detail",
    "div.singular-content",  # Dân trí
    "div.dt-news__content",
    "div.detail-content",  # Tuổi Trẻ, Thanh Niên, NLĐ (detail-content afcbc-body)
    "#main-detail-body",
    ".main-content-body",
    "div.content.fck",
    "div.details__content",
    "#abody",
    ".article__body",  # VietnamPlus, Tiền Phong, PLO, SGGP
    ".zce-content-body",
    ".cms-body",
    "div.article-content",  # Kinhtedothi (2023+)
    "#ArticleContent",  # VietNamNet (2019)
    "div.maincontent",  # VietNamNet (2024)
    "div.article-body",
    "#cotent_detail",  # Kinhtedothi (2018-20), typo theirs
    "[itemprop=articleBody]",
    "div.entry-content",  # WordPress
    "div.post-content",
    "div.td-post-content",
    "div.post-body",
    "div.story-body",
)
_AUTHOR_SELECTORS = (
    ".author-name b",  # Dân trí
    ".author-name",
    ".author-info .name",  # Tuổi Trẻ, Thanh Niên
    ".article-author",  # Kinhtedothi (2023+)
    ".detail__author",  # Kinhtedothi (2022)
    "p.author_mail strong",  # VnExpress (other templates)
    "p.author_mail",
    ".article__author .name",
    ".author.vcard .fn",  # WordPress
    ".byline a[rel=author]",
    "a[rel=author]",
    "[itemprop=author] [itemprop=name]",
    "[itemprop=author]",
    ".author",
)
_DATE_SELECTORS = (
    "span.date",  # VnExpress: "Thứ tư, 22/10/2025, 19:25 (GMT+7)"
    ".article-published-on",  # Kinhtedothi: "Thứ năm, 08:15 26/11/2026"
    "[data-role=publishdate]",  # Tuổi Trẻ: "08/09/2025 14:05 GMT+7"
    "time.author-time",  # Dân trí
    ".time_detail_news",  # Kinhtedothi (2018-20)
    ".date-time",
    ".detail-time",
    ".article__meta time",
    "time.entry-date.published",
    "[itemprop=datePublished]",
    "time[datetime]",
)

_STEP = re.compile(r"^([a-z0-9]*)((?:[.#][\w-]+)*)((?:\[[\w-]+(?:=[\w-]+)?\])*)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Step:
    tag: str
    classes: tuple[str, ...]
    ident: str
    attrs: tuple[tuple[str, str | None], ...]

    @classmethod
    def parse(cls, text: str) -> _Step:
        match = _STEP.match(text)
        if not match:
            raise ValueError(f"unsupported selector step {text!r}")
        tag, marks, attrs = match.groups()
        classes = tuple(m[1:] for m in re.findall(r"[.#][\w-]+", marks) if m[0] == ".")
        ids = [m[1:] for m in re.findall(r"[.#][\w-]+", marks) if m[0] == "#"]
        pairs = tuple(
            (name.lower(), value or None)
            for name, value in re.findall(r"\[([\w-]+)(?:=([\w-]+))?\]", attrs)
        )
        return cls(tag.lower(), classes, ids[0] if ids else "", pairs)

    def matches(self, el: Any) -> bool:
        if self.tag and _tag(el) != self.tag:
            return False
        if self.classes:
            have = (el.get("class") or "").split()
            if any(c not in have for c in self.classes):
                return False
        if self.ident and el.get("id") != self.ident:
            return False
        for name, value in self.attrs:
            got = el.get(name)
            if got is None or (value is not None and got.strip() != value):
                return False
        return True


class _Index:
    """One pass over the page: elements by class token, id and a few attributes, so that the
    selector lists cost a dictionary look-up each rather than a walk of the whole tree."""

    _ATTRS = frozenset(("itemprop", "data-role", "rel", "datetime"))

    def __init__(self, root: Any) -> None:
        self.by_class: dict[str, list[Any]] = {}
        self.by_id: dict[str, list[Any]] = {}
        self.by_attr: dict[str, list[Any]] = {}
        self.by_tag: dict[str, list[Any]] = {}
        by_class, by_id, by_attr, named = self.by_class, self.by_id, self.by_attr, self._ATTRS
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str) or tag in ("meta", "link", "script", "style"):
                continue
            self.by_tag.setdefault(tag.lower(), []).append(el)
            # One call for the element's attributes (not one look-up per name: a third faster).
            for name, value in el.items():
                if name == "class":
                    for token in value.split():
                        by_class.setdefault(token, []).append(el)
                elif name == "id":
                    if value:
                        by_id.setdefault(value, []).append(el)
                elif name in named:
                    by_attr.setdefault(name, []).append(el)

    def select(self, selector: str) -> list[Any]:
        steps = [_Step.parse(part) for part in selector.split()]
        last = steps[-1]
        if last.classes:
            pool = self.by_class.get(last.classes[0], [])
        elif last.ident:
            pool = self.by_id.get(last.ident, [])
        elif last.attrs:
            pool = self.by_attr.get(last.attrs[0][0], [])
        else:
            pool = self.by_tag.get(last.tag, [])
        found = [el for el in pool if last.matches(el)]
        if len(steps) > 1:
            found = [el for el in found if _ancestors_match(el, steps[:-1])]
        return found

    def first(self, selectors: Iterable[str]) -> Iterator[Any]:
        for selector in selectors:
            yield from self.select(selector)


def _ancestors_match(el: Any, steps: list[_Step]) -> bool:
    node = el.getparent()
    index = len(steps) - 1
    while node is not None and index >= 0:
        if steps[index].matches(node):
            index -= 1
        node = node.getparent()
    return index < 0


_PUBLISHED_META = (
    "article:published_time",
    "pubdate",
    "datepublished",
    "publishdate",
    "publish-date",
    "og:published_time",
    "dc.date.issued",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
    }
)

# Elements that are never article content, wherever they are.
_DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "form",
        "button", "input", "select", "textarea", "label", "nav", "svg", "canvas", "video",
        "audio", "source", "track", "map", "dialog", "head", "link", "meta", "title", "base",
    }
)  # fmt: skip
# Inside a body: also page furniture.
_BODY_DROP_TAGS = _DROP_TAGS | {"aside", "footer", "header", "h1", "menu", "ins"}
# Class/id words of boilerplate blocks (related articles, ads, sharing, comments, tags...).
_JUNK_WORDS = re.compile(
    r"related|relate(?:d|\b)|lienquan|lien-quan|xemthem|xem-them|docthem|doc-them|readmore|"
    r"read-more|see-?also|morenews|more-news|tin-?khac|cung-?chuyen-?muc|cungchuyenmuc|"
    r"share|sharing|social|sharedaddy|jp-relatedposts|likes-widget|comment|binhluan|binh-luan|"
    r"advert|adsbygoogle|quangcao|quang-cao|banner|sponsor|promo|breadcrumb|breadcump|"
    r"newsletter|subscribe|widget|sidebar|popup|modal|cookie|rating|vote|poll|"
    r"(?:^|[\s_-])(?:ads?|adv|tags?|tag-list|keywords?|print|nav|menu|toolbar|author-bottom|"
    r"footer|box-tag|list-tag|box-title)(?:$|[\s_-])",
    re.IGNORECASE,
)
_JUNK_TYPES = re.compile(r"related|xemthem|tinlienquan|ads?\b|banner|poll|vote", re.IGNORECASE)
# First words of in-body boilerplate lines.
_JUNK_TEXT = re.compile(
    r"^\W*(?:xem thêm|đọc thêm|xem tiếp|đọc tiếp|tin liên quan|bài liên quan|tin cùng chuyên mục|"
    r"mời (?:quý )?(?:độc giả|bạn đọc|quý vị)|theo dõi .{0,40} trên|tải ứng dụng|"
    r"chia sẻ|từ khóa|từ khoá|tags?\b|quảng cáo|see also|read more|related)",
    re.IGNORECASE,
)
_CAPTION_CLASS = re.compile(
    r"caption|^image$|desc_cation|chu-?thich|img-desc|photo-desc|image-desc|fig-desc|note-img",
    re.IGNORECASE,
)
_FIGURE_CLASS = re.compile(
    r"^(?:tplcaption|wp-caption|image|photo|picture|figure|img-wrap|image-wrap|photo-wrap|"
    r"vcsortableinpreviewmode|article-photo|news-image|contentimg|pic)$",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "figure", "figcaption", "table", "tbody",
        "thead", "tfoot", "tr", "td", "th", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "address", "center", "details",
        "summary", "picture", "header", "footer", "aside", "nav", "form", "fieldset", "caption",
    }
)  # fmt: skip


def _classes(el: Any) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def _is_junk(el: Any) -> bool:
    """A boilerplate element by its tag, class/id words, type attributes or style."""
    tag = _tag(el)
    if not tag or tag in _DROP_TAGS:
        return True
    words = _classes(el)
    if words and _JUNK_WORDS.search(words):
        return True
    for attr in ("type", "data-component-type", "data-type", "data-widget"):
        value = el.get(attr)
        if value and _JUNK_TYPES.search(value):
            return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None:
        return True
    return el.get("aria-hidden") == "true" and tag != "img"


# Ancestors that put an element out of the article. Narrower than _JUNK_WORDS: page columns are
# often named "sidebar-1" (VnExpress's main column) or "header-content" (its date line).
_JUNK_ANCESTOR = re.compile(
    r"related|relate\b|lienquan|lien-quan|xemthem|xem-them|tin-?khac|cung-?chuyen-?muc|"
    r"cungchuyenmuc|comment|binhluan|binh-luan|jp-relatedposts|sharedaddy|widget|"
    r"adsbygoogle|quangcao|quang-cao|banner|sponsor|most-?read|most-?viewed|xem-?nhieu|"
    r"doc-?nhieu|(?:^|[\s_-])(?:ads?|nav|menu|footer|item-news|story)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _inside_junk(el: Any, stop: Any = None) -> bool:
    """Whether *el* sits in page furniture: a comment thread, a related box, the footer..."""
    node = el
    while node is not None and node is not stop:
        tag = _tag(node)
        if tag in ("body", "html"):
            return False
        if tag in ("aside", "footer", "nav", "form", "noscript", "template"):
            return True
        words = _classes(node)
        if words and _JUNK_ANCESTOR.search(words):
            return True
        node = node.getparent()
    return False


_TEASER_TAGS = frozenset({"div", "article", "section", "aside", "table", "ul", "li"})
_TEASER_MAX_CHARS = 600


def _is_teaser(el: Any) -> bool:
    """A card for another article set inside a body (VietNamNet's ``div.inner-article``, its
    2024 ``article.ck-cms-wiki-news-full``): a linked thumbnail and a headline link to the same
    page, and little else. A figure whose picture links to the full-size image is not one."""
    if _tag(el) not in _TEASER_TAGS:
        return False
    pictures = {a.get("href") for a in el.xpath(".//a[@href][.//img]")}
    if not pictures:
        return False
    headlines = [a for a in el.iter("a") if a.get("href") in pictures and len(_text(a)) >= 15]
    return bool(headlines) and len(_text(el)) <= _TEASER_MAX_CHARS


# --- metadata -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Meta:
    props: dict[str, str] = field(default_factory=dict)  # lower-cased meta name/property -> value
    ld: list[dict[str, Any]] = field(default_factory=list)  # JSON-LD objects of an article type
    html_lang: str = ""

    @property
    def article_ld(self) -> dict[str, Any] | None:
        return self.ld[0] if self.ld else None

    def get(self, *names: str) -> str | None:
        for name in names:
            value = _norm(self.props.get(name))
            if value:
                return value
        return None


def _walk_ld(node: Any, found: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            _walk_ld(item, found, depth + 1)
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
            found.append(node)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                _walk_ld(node[key], found, depth + 1)


def _collect_meta(root: Any) -> _Meta:
    meta = _Meta(html_lang=(root.get("lang") or "").lower())
    for el in root.iter("meta"):
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if name and content and name not in meta.props:
            meta.props[name] = content
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        _walk_ld(data, meta.ld)
    return meta


def _ld_text(value: Any) -> str | None:
    if isinstance(value, str):
        return _norm(value) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_ld_text(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


_TITLE_SUFFIX = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,60}$")


def _find_title(root: Any, index: _Index, meta: _Meta) -> tuple[str | None, Any]:
    for el in index.first(_TITLE_SELECTORS):
        text = _text(el)
        if text and not _inside_junk(el):
            return text, el
    ld = meta.article_ld
    for value in (
        meta.get("og:title", "twitter:title"),
        _ld_text(ld.get("headline")) if ld else None,
    ):
        if value:
            return value, None
    for el in index.by_tag.get("h1", []):
        text = _text(el)
        if text and not _inside_junk(el):
            return text, el
    titles = root.xpath("//title")
    if titles:
        text = _text(titles[0])
        return (_TITLE_SUFFIX.sub("", text) or text or None), None
    return None, None


def _find_lead(index: _Index, body: Any) -> tuple[str | None, Any]:
    for el in index.first(_LEAD_SELECTORS):
        if _inside_junk(el) or _tag(el) in ("meta", "html", "body"):
            continue
        if body is not None and (el is body or _is_ancestor(el, body)):
            continue  # a wrapper around the body is not a lead
        text = _lead_text(el)
        if 20 <= len(text) <= 1500:
            return text, el
    return None, None


def _lead_text(el: Any) -> str:
    stamp = el.xpath(f".//*[{_cls('location-stamp')}]")
    if stamp:  # VnExpress: <span class="location-stamp">Hà Nội</span>Lead... shown "Hà Nội - Lead"
        place = _text(stamp[0])
        rest = _norm(_text(el)[len(place) :]) if _text(el).startswith(place) else ""
        if place and rest:
            return f"{place} - {rest}"
    return strip_dateline(_text(el))


def _is_ancestor(el: Any, other: Any) -> bool:
    node = other.getparent()
    while node is not None:
        if node is el:
            return True
        node = node.getparent()
    return False


_AUTHOR_BAD = re.compile(
    r"https?://|www\.|@|\b(?:online|news|báo|tạp chí|ban biên tập|bbt|admin|editor)\b", re.I
)


def _fold(text: str) -> str:
    """Letters and digits only, without marks, đ -> d: "Dân trí" -> "dantri"."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def _clean_author(value: str | None, brand: tuple[str, ...]) -> str | None:
    text = _norm(value)
    text = re.sub(
        r"^(?:tác giả|bởi|by|theo|phóng viên|pv|nhóm phóng viên)\s*[:\-]?\s*", "", text, flags=re.I
    )
    text = text.strip(" -–—|,;:()")
    if not text or len(text) > 80 or len(text.split()) > 10 or _AUTHOR_BAD.search(text):
        return None
    folded = _fold(text)
    if not folded or any(folded == b or (len(folded) >= 6 and folded in b) for b in brand):
        # "VnExpress", "Dân trí": the outlet, not a person
        return None
    if any(ch.isdigit() for ch in text):
        return None
    return text


def _find_author(index: _Index, meta: _Meta, body: Any, url: str) -> str | None:
    labels = (urlsplit(url).hostname or "").split(".")
    site = tuple(b for b in (_fold(meta.get("og:site_name") or ""), *map(_fold, labels)) if b)
    for el in index.first(_AUTHOR_SELECTORS):
        if _inside_junk(el):
            continue
        author = _clean_author(_text(el), site)
        if author:
            return author
    if body is not None:  # VnExpress and others: a short right-aligned bold line ends the body
        author = _trailing_author(body)
        if author:
            return _clean_author(author, site)
    ld = meta.article_ld
    if ld:
        author = _clean_author(_ld_text(ld.get("author")), site)
        if author:
            return author
    for name in ("author", "article:author", "dc.creator", "byl", "sailthru.author"):
        author = _clean_author(meta.get(name), site)
        if author:
            return author
    return None


# "Ca Tiếu (theo online-tech-tips)": a byline naming the source the article was translated from.
_BYLINE_SOURCE = re.compile(r"^(?P<name>[^()]{2,60}?)\s*\((?:theo|nguồn|tổng hợp)\b[^()]*\)$", re.I)


def _in_furniture(el: Any, body: Any) -> bool:
    node = el.getparent()
    while node is not None and node is not body:
        if _is_junk(node) or _is_teaser(node):
            return True
        node = node.getparent()
    return False


def _trailing_author(body: Any) -> str | None:
    """The byline closing the body: a short right-aligned line (VnExpress), or a bold name
    followed by its source (VietNamNet: "<span class=bold>Ca Tiếu</span> (theo …)")."""
    paragraphs = [p for p in body.iter("p") if _text(p) and not _in_furniture(p, body)]
    if not paragraphs:
        return None
    last = paragraphs[-1]
    style = (last.get("style") or "").replace(" ", "").lower()
    right = "text-align:right" in style or (last.get("align") or "").lower() == "right"
    text = _text(last)
    bolds = last.xpath(".//strong|.//b|.//*[contains(concat(' ', @class, ' '), ' bold ')]")
    bold = "".join(_text(b) for b in bolds)
    if right and text and len(text.split()) <= 6 and (bold == text or not bold):
        return text
    sourced = _BYLINE_SOURCE.match(text)
    if sourced and bold and _norm(bold) == _norm(sourced["name"]) and len(bold.split()) <= 5:
        return bold
    return None


_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_YMD = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_HM = re.compile(r"(?<![\d/:.])(\d{1,2})[:hH](\d{2})(?::(\d{2}))?(?![\d/])")
_GMT = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def _aware(value: datetime, default_tz: timezone) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_tz)
    return value.astimezone(UTC)


def _parse_iso(text: str, default_tz: timezone) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    candidate = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
    candidate = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", candidate)  # +0700 -> +07:00
    try:
        value = datetime.fromisoformat(candidate.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return _parse_text_date(text, default_tz)
    if not 1990 <= value.year <= 2100:
        return None
    return _aware(value, default_tz)


def _parse_text_date(text: str, default_tz: timezone) -> datetime | None:
    """Dates as Vietnamese pages print them: "Thứ tư, 22/10/2025, 19:25 (GMT+7)",
    "Thứ năm, 08:15 26/11/2026", "08/09/2025 14:05 GMT+7", "2025-12-14 09:32"."""
    tz = default_tz
    gmt = _GMT.search(text)
    if gmt:
        sign = 1 if gmt.group(1) == "+" else -1
        minutes = int(gmt.group(2)) * 60 + int(gmt.group(3) or 0)
        if minutes <= 14 * 60:
            tz = timezone(sign * timedelta(minutes=minutes))
        text = text[: gmt.start()] + text[gmt.end() :]
    date = _DMY.search(text)
    if date:
        day, month, year = int(date.group(1)), int(date.group(2)), int(date.group(3))
    else:
        date = _YMD.search(text)
        if not date:
            return None
        year, month, day = int(date.group(1)), int(date.group(2)), int(date.group(3))
    rest = text[: date.start()] + " " + text[date.end() :]
    clock = _HM.search(rest)
    hour = minute = second = 0
    if clock:
        hour, minute, second = int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0)
    try:
        value = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    if not 1990 <= value.year <= 2100:
        return None
    return _aware(value, tz)


def _find_published(index: _Index, meta: _Meta, default_tz: timezone) -> datetime | None:
    for name in _PUBLISHED_META:
        value = meta.get(name)
        if value:
            parsed = _parse_iso(value, default_tz)
            if parsed:
                return parsed
    ld = meta.article_ld
    if ld and isinstance(ld.get("datePublished"), str):
        parsed = _parse_iso(ld["datePublished"], default_tz)
        if parsed:
            return parsed
    for el in index.first(_DATE_SELECTORS):
        if _inside_junk(el):
            continue
        raw = el.get("datetime") or el.get("content") or ""
        parsed = _parse_iso(raw, default_tz) if raw else None
        if parsed is None:
            parsed = _parse_text_date(_text(el), default_tz)
        if parsed:
            return parsed
    return None


# --- body blocks --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    kind: str  # "p", "h3", "ul", "ol", "blockquote", "table", "figure"
    html: str = ""  # inner HTML (for figure: empty)
    text: str = ""  # plain text for comparisons
    link_chars: int = 0
    image: ExtractedImage | None = None
    alt: str = ""
    caption_like: bool = False  # a paragraph styled as a caption (p.Image) outside a figure


@dataclass(slots=True)
class _Page:
    """What the image pre-pass learnt: caption per image URL, images in document order."""

    base: str
    captions: dict[str, str | None] = field(default_factory=dict)
    alts: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


_INLINE_MAP = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "sup": "sup", "sub": "sub"}


class _Inline:
    """Accumulates the inline content of one paragraph."""

    __slots__ = ("base", "images", "link_chars", "parts", "text_parts")

    def __init__(self, base: str) -> None:
        self.base = base
        self.parts: list[str] = []
        self.text_parts: list[str] = []
        self.link_chars = 0
        self.images: list[Any] = []

    def add_text(self, text: str | None) -> None:
        if text:
            self.parts.append(escape(text, quote=False))
            self.text_parts.append(text)

    def add_element(self, el: Any, in_link: bool = False) -> None:
        tag = _tag(el)
        if not tag or tag in _DROP_TAGS:
            return
        if tag == "img":
            self.images.append(el)
        elif tag == "br":
            self.parts.append("<br>")
            self.text_parts.append("\n")
        elif not _is_junk(el):
            wrap = _INLINE_MAP.get(tag)
            href = _http_url(el.get("href"), self.base) if tag == "a" and not in_link else None
            if wrap:
                self.parts.append(f"<{wrap}>")
            elif href:
                self.parts.append(f'<a href="{escape(href)}">')
            start = len("".join(self.text_parts))
            self.add_text(el.text)
            for child in el:
                self.add_element(child, in_link or tag == "a")
                self.add_text(child.tail)
            if tag == "a":
                self.link_chars += len("".join(self.text_parts)) - start
            if wrap:
                self.parts.append(f"</{wrap}>")
            elif href:
                self.parts.append("</a>")

    def text(self) -> str:
        return _norm("".join(self.text_parts))

    def html(self) -> str:
        html = "".join(self.parts)
        html = re.sub(r"<(strong|em|sup|sub)>(\s*)</\1>", r"\2", html)
        html = re.sub(r"[ \t\r\n]+", " ", html)
        return re.sub(r"^(?:\s|<br>)+|(?:\s|<br>)+$", "", html)


class _Walker:
    """Turns an article-body element into blocks, dropping boilerplate."""

    def __init__(self, page: _Page, skip: set[Any]) -> None:
        self.page = page
        self.skip = skip  # elements not to walk (the lead, the title)
        self.blocks: list[_Block] = []

    def walk(self, el: Any) -> list[_Block]:
        self._container(el)
        return self.blocks

    # containers: inline runs become paragraphs, block children are handled by kind
    def _container(self, el: Any) -> None:
        run = _Inline(self.page.base)
        run.add_text(el.text)
        for child in el:
            if len(self.blocks) > _MAX_BLOCKS:
                return
            tag = _tag(child)
            if tag and child not in self.skip and not self._dropped(child):
                if tag in _BLOCK_TAGS or _has_block(child) or self._figure_like(child):
                    self._flush(run)
                    run = _Inline(self.page.base)
                    self._block(child)
                elif tag == "br" and run.parts and run.parts[-1] == "<br>":
                    self._flush(run)  # <br><br> separates paragraphs in older templates
                    run = _Inline(self.page.base)
                else:
                    run.add_element(child)
            run.add_text(child.tail)
        self._flush(run)

    def _dropped(self, el: Any) -> bool:
        return _tag(el) in _BODY_DROP_TAGS or _is_junk(el) or _is_teaser(el)

    def _flush(self, run: _Inline, kind: str = "p", caption_like: bool = False) -> None:
        text = run.text()
        if text:
            self.blocks.append(
                _Block(kind, run.html(), text, run.link_chars, caption_like=caption_like)
            )
        for img in run.images:
            self._image(img, None)

    def _block(self, el: Any) -> None:
        tag = _tag(el)
        if self._figure_like(el):
            self._figure(el)
        elif tag == "p":
            run = _Inline(self.page.base)
            run.add_text(el.text)
            for child in el:
                if not self._dropped(child):
                    run.add_element(child)
                run.add_text(child.tail)
            caption_like = bool(_CAPTION_CLASS.search(el.get("class") or ""))
            self._flush(run, caption_like=caption_like)
        elif tag in ("h2", "h3", "h4", "h5", "h6"):
            run = _Inline(self.page.base)
            run.add_text(el.text_content())
            self._flush(run, "h3")
        elif tag in ("ul", "ol"):
            self._list(el, tag)
        elif tag == "blockquote":
            inner = _Walker(self.page, self.skip).walk(el)
            texts = [b for b in inner if b.kind != "figure"]
            if texts:
                html = "".join(f"<p>{b.html}</p>" for b in texts)
                text = " ".join(b.text for b in texts)
                self.blocks.append(
                    _Block("blockquote", html, text, sum(b.link_chars for b in texts))
                )
            self.blocks.extend(b for b in inner if b.kind == "figure")
        elif tag == "table" and not el.xpath(".//p|.//div|.//table"):
            self._table(el)
        elif tag == "img":
            self._image(el, None)
        elif tag == "hr":
            return
        elif tag == "picture":
            for img in el.iter("img"):
                self._image(img, None)
        else:
            classes = el.get("class") or ""
            if tag == "div" and "quote" in classes.lower() and not _has_block(el):
                run = _Inline(self.page.base)
                run.add_text(el.text)
                for child in el:
                    run.add_element(child)
                    run.add_text(child.tail)
                if run.text():
                    self.blocks.append(_Block("blockquote", f"<p>{run.html()}</p>", run.text()))
                return
            self._container(el)

    def _list(self, el: Any, tag: str) -> None:
        items: list[tuple[str, str, int]] = []
        for li in el.iterchildren("li"):
            if self._dropped(li):
                continue
            run = _Inline(self.page.base)
            run.add_text(li.text)
            for child in li:
                if not self._dropped(child):
                    run.add_element(child)
                run.add_text(child.tail)
            if run.text():
                items.append((run.html(), run.text(), run.link_chars))
            for img in run.images:
                self._image(img, None)
        if not items:
            return
        text = " ".join(t for _, t, _ in items)
        links = sum(n for _, _, n in items)
        html = "".join(f"<li>{h}</li>" for h, _, _ in items)
        self.blocks.append(_Block(tag, html, text, links))

    def _table(self, el: Any) -> None:
        rows: list[str] = []
        texts: list[str] = []
        for tr in el.iter("tr"):
            cells = []
            for cell in tr:
                if _tag(cell) in ("td", "th"):
                    cell_text = _text(cell)
                    texts.append(cell_text)
                    cells.append(f"<{_tag(cell)}>{escape(cell_text, quote=False)}</{_tag(cell)}>")
            if cells:
                rows.append(f"<tr>{''.join(cells)}</tr>")
        for img in el.iter("img"):
            self._image(img, None)
        text = _norm(" ".join(texts))
        if text:
            self.blocks.append(_Block("table", "".join(rows), text))

    def _figure_like(self, el: Any) -> bool:
        return _figure_like(el)

    def _figure(self, el: Any) -> None:
        images = [img for img in el.iter("img") if not _inside_junk(img, el)]
        caption = _caption(el)
        urls = [u for u in (self._url(img) for img in images) if u]
        for index, url in enumerate(dict.fromkeys(urls)):
            last = index == len(dict.fromkeys(urls)) - 1
            self.blocks.append(
                _Block("figure", image=ExtractedImage(url, caption if last else None),
                       alt=self.page.alts.get(url, ""))
            )  # fmt: skip

    def _url(self, img: Any) -> str | None:
        url = img.get("src")
        return url if url and url.startswith(("http://", "https://")) else None

    def _image(self, img: Any, caption: str | None) -> None:
        url = self._url(img)
        if url:
            caption = caption or self.page.captions.get(url)
            self.blocks.append(
                _Block(
                    "figure", image=ExtractedImage(url, caption), alt=self.page.alts.get(url, "")
                )
            )


def _has_block(el: Any) -> bool:
    return any(_tag(node) in _BLOCK_TAGS for node in el.iterdescendants())


def _figure_like(el: Any) -> bool:
    tag = _tag(el)
    if tag == "figure":
        return True
    classes = (el.get("class") or "").split()
    if tag == "table":
        if any(c.lower() == "tplcaption" for c in classes):
            return True
        imgs = len(el.xpath(".//img"))
        return 1 <= imgs <= 2 and len(_text(el)) < 300 and not el.xpath(".//table")
    if tag not in ("div", "span", "p", "section", "center"):
        return False
    if (el.get("type") or "").lower() == "photo":
        return True
    imgs = el.xpath(".//img")
    if len(imgs) != 1:
        return False
    figure_class = any(_FIGURE_CLASS.match(c) for c in classes)
    has_caption = _caption_element(el) is not None
    return (
        (figure_class or has_caption)
        and len(_text(el)) < 400
        and not el.xpath(".//p[string-length(normalize-space()) > 400]")
    )


def _caption_element(el: Any) -> Any:
    for node in el.iterdescendants():
        tag = _tag(node)
        if tag == "figcaption":
            return node
        if tag in ("img", "picture", "source"):
            continue
        if _CAPTION_CLASS.search(" ".join((node.get("class") or "").split())) and _text(node):
            return node
    return None


def _caption(el: Any) -> str | None:
    node = _caption_element(el)
    if node is not None:
        return _norm(_text(node)) or None
    if _tag(el) == "table":  # tplCaption: the rows without the picture
        texts = [_text(td) for td in el.iter("td", "th") if not td.xpath(".//img")]
        return _norm(" ".join(t for t in texts if t)) or None
    return None


# --- images pre-pass ----------------------------------------------------------------------------


def _prepare_images(root: Any, base: str) -> _Page:
    """Resolve every ``<img>`` to its real absolute URL in ``src`` (placeholders removed) and note
    each one's caption, so both the walker and trafilatura see the real pictures."""
    page = _Page(base)
    # <noscript><img></noscript> after a lazy placeholder: the real URL, for the placeholder.
    for noscript in list(root.iter("noscript")):
        inner = noscript.text or ""
        if "<img" in inner.lower() and noscript.getprevious() is not None:
            match = re.search(r"""src\s*=\s*["']([^"']+)""", inner)
            prev = noscript.getprevious()
            if match and _tag(prev) == "img" and _image_url(prev, base) is None:
                prev.set("data-src", match.group(1))
        for img in noscript.iter("img"):
            prev = noscript.getprevious()
            if prev is not None and _tag(prev) == "img" and _image_url(prev, base) is None:
                src = img.get("src")
                if src:
                    prev.set("data-src", src)
        noscript.drop_tree()  # its content is a copy of what is around it, for browsers without JS
    for img in list(root.iter("img")):
        url = _image_url(img, base)
        if url is None:
            parent = img.getparent()
            if parent is not None:
                img.drop_tree()
            continue
        for attr in (*LAZY_SRC_ATTRS, *_SRCSET_ATTRS, "sizes", "loading"):
            if attr in img.attrib:
                del img.attrib[attr]
        img.set("src", url)
        page.alts[url] = _norm(img.get("alt"))
        if url not in page.captions or page.captions[url] is None:
            page.captions[url] = _caption_of_img(img)
        page.order.append(url)
    return page


def _caption_of_img(img: Any) -> str | None:
    node = img.getparent()
    for _ in range(5):
        if node is None or _tag(node) in ("body", "html", "article", "main"):
            return None
        if _figure_like(node):
            return _caption(node)
        node = node.getparent()
    return None


# --- body: site-aware walk and trafilatura ------------------------------------------------------


def _find_body(index: _Index) -> Any:
    best = None
    for selector in _BODY_SELECTORS:
        found = index.select(selector)
        candidates = [el for el in found if not _inside_junk(el)]
        scored = [(_paragraph_chars(el), el) for el in candidates]
        scored = [s for s in scored if s[0] >= _MIN_BODY_CHARS]
        if scored:
            best = max(scored, key=lambda s: s[0])[1]
            break
    return best


def _paragraph_chars(el: Any) -> int:
    total = 0
    for p in el.iter("p", "li", "h2", "h3", "blockquote", "div"):
        if _tag(p) == "div" and _has_block(p):
            continue
        total += len(_norm(p.text_content()))
        if total > 100_000:
            break
    return total


_TRAFILATURA: ModuleType | None = None
_TRAFILATURA_FAILED = False


def _trafilatura() -> ModuleType | None:
    """trafilatura, imported on first use (it takes ~150 ms); None if it cannot be imported."""
    global _TRAFILATURA, _TRAFILATURA_FAILED
    if _TRAFILATURA is None and not _TRAFILATURA_FAILED:
        try:
            import trafilatura

            _TRAFILATURA = trafilatura
        except Exception as exc:  # ImportError, or lxml.html.clean missing with lxml >= 5.2
            log.warning("trafilatura unavailable, using the built-in extractor only: %s", exc)
            _TRAFILATURA_FAILED = True
    return _TRAFILATURA


def _trafilatura_blocks(root: Any, url: str, page: _Page) -> list[_Block] | None:
    module = _trafilatura()
    if module is None:
        return None
    for count, _ in enumerate(root.iter()):
        if count > _MAX_TRAFILATURA_ELEMENTS:
            log.debug("page too large for trafilatura: %s", url)
            return None
    tree = copy.deepcopy(root)
    try:
        doc = module.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_formatting=True,
            include_links=True,
            with_metadata=False,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura should not raise, but never let it through
        log.debug("trafilatura failed on %s: %s", url, exc)
        return None
    body = getattr(doc, "body", None)
    if body is None:
        return None
    blocks: list[_Block] = []
    for el in body:
        _traf_block(el, page, blocks)
    return blocks


def _traf_inline(el: Any, page: _Page, images: list[str], in_link: bool = False) -> _Inline:
    run = _Inline(page.base)
    _traf_inline_into(run, el, page, images, in_link)
    return run


def _traf_inline_into(run: _Inline, el: Any, page: _Page, images: list[str], in_link: bool) -> None:
    run.add_text(el.text)
    for child in el:
        tag = _tag(child)
        if tag == "lb":
            run.parts.append("<br>")
            run.text_parts.append("\n")
        elif tag == "graphic":
            src = child.get("src")
            if src:
                images.append(src)
        elif tag == "hi":
            rend = (child.get("rend") or "").lower()
            wrap = "strong" if "b" in rend else "em" if "i" in rend else ""
            run.parts.append(f"<{wrap}>" if wrap else "")
            _traf_inline_into(run, child, page, images, in_link)
            run.parts.append(f"</{wrap}>" if wrap else "")
        elif tag == "ref":
            href = None if in_link else _http_url(child.get("target"), page.base)
            start = len("".join(run.text_parts))
            if href:
                run.parts.append(f'<a href="{escape(href)}">')
            _traf_inline_into(run, child, page, images, True)
            if href:
                run.parts.append("</a>")
            run.link_chars += len("".join(run.text_parts)) - start
        else:
            _traf_inline_into(run, child, page, images, in_link)
        run.add_text(child.tail)


def _traf_figure(src: str, page: _Page) -> _Block | None:
    url = _http_url(src, page.base)
    if not url:
        return None
    return _Block(
        "figure", image=ExtractedImage(url, page.captions.get(url)), alt=page.alts.get(url, "")
    )


def _traf_block(el: Any, page: _Page, out: list[_Block]) -> None:
    tag = _tag(el)
    images: list[str] = []
    if tag == "graphic":
        block = _traf_figure(el.get("src") or "", page)
        if block:
            out.append(block)
        return
    if tag in ("p", "head", "code", "quote"):
        if tag == "quote" and any(_tag(c) in ("p", "list", "quote") for c in el):
            inner: list[_Block] = []
            for child in el:
                _traf_block(child, page, inner)
            texts = [b for b in inner if b.kind != "figure"]
            if texts:
                html = "".join(f"<p>{b.html}</p>" for b in texts)
                out.append(_Block("blockquote", html, " ".join(b.text for b in texts)))
            out.extend(b for b in inner if b.kind == "figure")
            return
        run = _traf_inline(el, page, images)
        if run.text():
            kind = {"head": "h3", "quote": "blockquote"}.get(tag, "p")
            html = f"<p>{run.html()}</p>" if kind == "blockquote" else run.html()
            out.append(_Block(kind, html, run.text(), run.link_chars))
    elif tag == "list":
        items = []
        links = 0
        for item in el.iter("item"):
            run = _traf_inline(item, page, images)
            if run.text():
                items.append((run.html(), run.text()))
                links += run.link_chars
        if items:
            kind = "ol" if (el.get("rend") or "").lower() == "ol" else "ul"
            html = "".join(f"<li>{h}</li>" for h, _ in items)
            out.append(_Block(kind, html, " ".join(t for _, t in items), links))
    elif tag == "table":
        rows: list[str] = []
        cell_texts: list[str] = []
        for row in el.iter("row"):
            cells = []
            for cell in row.iter("cell"):
                cell_text = _norm("".join(cell.itertext()))
                cell_texts.append(cell_text)
                name = "th" if cell.get("role") == "head" else "td"
                cells.append(f"<{name}>{escape(cell_text, quote=False)}</{name}>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        for graphic in el.iter("graphic"):
            images.append(graphic.get("src") or "")
        table_text = _norm(" ".join(cell_texts))
        if table_text:
            out.append(_Block("table", "".join(rows), table_text))
    else:
        for child in el:
            _traf_block(child, page, out)
        return
    for src in images:
        block = _traf_figure(src, page)
        if block:
            out.append(block)


def _restore_figures(blocks: list[_Block], root: Any, page: _Page) -> list[_Block]:
    """Put back the pictures trafilatura dropped that sit between two extracted paragraphs."""
    have = {b.image.url for b in blocks if b.image}
    missing = [u for u in page.order if u not in have]
    if not missing:
        return blocks
    keys = {_key(b.text): i for i, b in enumerate(blocks) if b.kind != "figure" and b.text}
    # Document order of text blocks and images.
    sequence: list[tuple[str, str]] = []
    for el in root.iter("p", "h2", "h3", "h4", "li", "blockquote", "img"):
        if _tag(el) == "img":
            src = el.get("src")
            if src:
                sequence.append(("img", src))
        else:
            text = _key(_text(el))
            if text in keys:
                sequence.append(("text", text))
    insert_after: dict[int, list[str]] = {}
    for pos, (kind, value) in enumerate(sequence):
        if kind != "img" or value not in missing:
            continue
        before = next((v for k, v in reversed(sequence[:pos]) if k == "text"), None)
        after = next((v for k, v in sequence[pos + 1 :] if k == "text"), None)
        if before is not None and after is not None and keys[before] < keys[after]:
            insert_after.setdefault(keys[before], []).append(value)
            missing.remove(value)
    if not insert_after:
        return blocks
    result: list[_Block] = []
    for index, block in enumerate(blocks):
        result.append(block)
        for url in insert_after.get(index, ()):
            result.append(
                _Block("figure", image=ExtractedImage(url, page.captions.get(url)),
                       alt=page.alts.get(url, ""))
            )  # fmt: skip
    return result


# --- clean-up of the block list -----------------------------------------------------------------


def _clean_blocks(
    blocks: list[_Block],
    *,
    title: str | None,
    lead: str | None,
    author: str | None,
    page: _Page,
    headlines: Iterable[str] = (),
) -> list[_Block]:
    captions = {_key(c) for c in page.captions.values() if c}
    captions.update(_key(h) for h in headlines)  # the page's <h1>, if it differs from the title
    title_key = _key(title or "")
    lead_key = _key(lead or "")
    out: list[_Block] = []
    for block in blocks:
        if block.kind == "figure":
            out.append(block)
            continue
        key = _key(block.text)
        if not key:
            continue
        if key in captions or (title_key and key == title_key):
            continue
        if lead_key and (key == lead_key or _key(strip_dateline(block.text)) == lead_key):
            continue
        length = len(block.text)
        dense = block.link_chars > 0.6 * length
        if _JUNK_TEXT.match(block.text) and (length < 300 or block.link_chars > 0.3 * length):
            continue
        if dense and block.kind in ("p", "ul", "ol") and (length < 400 or block.kind != "p"):
            continue
        out.append(block)
    # A caption-styled paragraph right after a picture without a caption is that caption.
    merged: list[_Block] = []
    for block in out:
        prev = merged[-1] if merged else None
        if (
            block.caption_like
            and prev is not None
            and prev.image is not None
            and prev.image.caption is None
        ):
            merged[-1] = _Block(
                "figure", image=ExtractedImage(prev.image.url, block.text), alt=prev.alt
            )
            continue
        merged.append(block)
    out = merged
    # The author line closing the body (VnExpress "Lê Phương", Tuổi Trẻ "TRƯỜNG TRUNG").
    if author:
        author_key = _key(author)
        while (
            out
            and out[-1].kind == "p"
            and (
                _key(out[-1].text) in (author_key, f"theo {author_key}")
                or (
                    (m := _BYLINE_SOURCE.match(_norm(out[-1].text)))
                    and _key(m["name"]) == author_key
                )
            )
        ):
            out.pop()
    # One figure per picture.
    seen: set[str] = set()
    unique: list[_Block] = []
    for block in out:
        if block.image is not None:
            if block.image.url in seen:
                continue
            seen.add(block.image.url)
        unique.append(block)
    while unique and unique[-1].kind in ("h3",):
        unique.pop()
    return unique


def _render(blocks: list[_Block]) -> str:
    parts = []
    for block in blocks:
        if block.image is not None:
            img = f'<img src="{escape(block.image.url)}" alt="{escape(block.alt)}">'
            caption = (
                f"<figcaption>{escape(block.image.caption, quote=False)}</figcaption>"
                if block.image.caption
                else ""
            )
            parts.append(f"<figure>{img}{caption}</figure>")
        else:
            parts.append(f"<{block.kind}>{block.html}</{block.kind}>")
    return "\n".join(parts)


def _text_chars(blocks: list[_Block]) -> int:
    return sum(len(b.text) for b in blocks if b.kind != "figure")


# --- listing pages ------------------------------------------------------------------------------


def _looks_like_listing(index: _Index) -> bool:
    """A section front or a home page: many headlines that are links to other pages."""
    teasers = 0
    for tag in ("h2", "h3", "h4"):
        for heading in index.by_tag.get(tag, []):
            links = [a for a in heading.iter("a") if a.get("href")]
            furniture = heading.xpath("ancestor::nav|ancestor::footer|ancestor::aside")
            if links and len(_text(heading)) >= 15 and not furniture:
                teasers += 1
                if teasers >= 6:
                    return True
    return False


# --- entry point --------------------------------------------------------------------------------


def extract_article(html: bytes | str, *, url: str) -> ExtractedArticle | None:
    """The main content of the article page *html* (bytes as fetched, or text) found at *url*.

    None when no article could be found (a listing page, an error page, garbage): the caller
    then keeps the feed's own content. Never raises.
    """
    try:
        return _extract(html, url, strategy="auto")
    except Exception as exc:  # RecursionError, lxml internals...: never let a page crash a refresh
        log.warning("extraction failed for %s: %s: %s", url, type(exc).__name__, exc)
        return None


def _extract(raw: bytes | str, url: str, *, strategy: str = "auto") -> ExtractedArticle | None:
    """*strategy*: "auto" (site-aware walk when a known body is found, else trafilatura),
    "walk" (site-aware/generic walk only), "trafilatura" (trafilatura + figures only)."""
    if not raw or not isinstance(raw, (bytes, bytearray, str)):
        return None
    text = raw[:MAX_INPUT_BYTES] if isinstance(raw, str) else decode_page(raw[:MAX_INPUT_BYTES])
    root = _parse(text)
    if root is None:
        return None
    if len(root) == 0 or not _text(root):
        return None
    base = url
    for el in root.iter("base"):
        href = _http_url(el.get("href"), url)
        if href:
            base = href
        break
    meta = _collect_meta(root)
    host = (urlsplit(url).hostname or "").lower()
    vietnamese = meta.html_lang.startswith("vi") or host.endswith(".vn")
    default_tz = VIETNAM_TZ if vietnamese else UTC
    page = _prepare_images(root, base)

    index = _Index(root)
    body = _find_body(index) if strategy != "trafilatura" else None
    title, title_el = _find_title(root, index, meta)
    lead, lead_el = _find_lead(index, body)
    author = _find_author(index, meta, body, url)
    published = _find_published(index, meta, default_tz)

    signals = sum(
        (
            body is not None,
            (meta.get("og:type") or "").lower() == "article",
            meta.article_ld is not None,
            published is not None and meta.get(*_PUBLISHED_META[:5]) is not None,
        )
    )
    blocks: list[_Block] | None = None
    if body is not None:
        skip = {e for e in (lead_el, title_el) if e is not None}
        blocks = _Walker(page, skip).walk(body)
    # og:type "article" is not trusted here: VnExpress sets it on its home page too.
    strong = meta.article_ld is not None or meta.get(*_PUBLISHED_META[:5]) is not None
    if body is None and not strong and _looks_like_listing(index):
        return None
    if not blocks and strategy != "walk":
        blocks = _trafilatura_blocks(root, url, page)
        if blocks is not None:
            blocks = _restore_figures(blocks, root, page)
    if blocks is None and strategy != "trafilatura":
        candidate = _generic_body(root)
        if candidate is not None:
            blocks = _Walker(page, {e for e in (lead_el, title_el) if e is not None}).walk(
                candidate
            )
    if not blocks:
        return None

    if lead is None:  # "Kinhtedothi - ..." as the first paragraph is the lead
        first = next((b for b in blocks if b.kind != "figure"), None)
        if first is not None and first.kind == "p" and has_dateline(first.text):
            lead = strip_dateline(first.text)
    headlines = [_text(h) for h in index.by_tag.get("h1", [])[:3]]
    blocks = _clean_blocks(
        blocks, title=title, lead=lead, author=author, page=page, headlines=headlines
    )
    chars = _text_chars(blocks)
    if chars < _MIN_BODY_CHARS or (signals == 0 and chars < _MIN_GENERIC_CHARS):
        return None
    images = tuple(b.image for b in blocks if b.image is not None)
    return ExtractedArticle(
        title=title,
        lead=lead,
        body_html=_render(blocks),
        images=images,
        author=author,
        published=published,
        text_chars=chars,
    )


def _generic_body(root: Any) -> Any:
    """Without trafilatura: the element holding the most paragraph text directly."""
    best, best_chars = None, 0
    for el in root.iter("div", "article", "section", "main", "td"):
        if _is_junk(el):
            continue
        chars = sum(len(_text(p)) for p in el.iterchildren("p"))
        if chars > best_chars:
            best, best_chars = el, chars
    return best if best_chars >= _MIN_BODY_CHARS else None
