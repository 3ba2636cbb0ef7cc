"""Section pages as a feed source: news listing pages -> :class:`ParsedFeed`, and site recipes.

Many news sites publish one feed (or feeds that answer with no items) while their sections exist
only as web pages (``kinhtedothi.vn/thoi-su``). This module turns such a *listing page* into a
:class:`ParsedFeed` (version ``"html-listing"``) that the refresh pipeline stores like any feed:

* **Generic extraction** (no configuration): headline links are same-site links to article-like
  URLs (``.html``/``.htm`` or a long hyphenated slug or a numeric id of 5+ digits; never tag,
  topic, author, search, login, pagination or ``javascript:`` links, nor links in the page's
  navigation menu or footer) with a headline-length text. Every link to the same article (image
  link, title link, lead link, comment-count link) is merged into one entry; its thumbnail is the
  nearest image (lazy ``data-src``/``srcset`` resolved), its date a nearby ``<time datetime>`` or
  date-like text, its lead a nearby ``<p>``/``.sapo``/``.description``. Articles linked only
  from sidebars (``<aside>``, "most read" boxes: other sections' news) are left out when the
  page's main list has enough headlines.
* **Site recipes** (``resources/sites/<host>.json``, see the README there): CSS selectors for the
  item, title, link, time, thumbnail and lead of a known site, plus its sections and feeds. A
  recipe that matches nothing (the site was redesigned) falls back to generic extraction.
* :func:`section_links` lists a site's sections (from its recipe, else from the page's menu), so a
  site can be added "like its own website", one feed per section.

The guid of an entry is the canonical article URL (fragment and tracking parameters removed), so
parsing the same page twice yields the same guids and a refresh never duplicates articles.
Pure: no network, no global state (recipes are read from package data and cached). Whatever the
input (garbage, a huge page, pathological nesting), :func:`parse_listing` and
:func:`section_links` return an empty or partial result, never raise.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import lxml.etree  # type: ignore[import-untyped, unused-ignore]
import lxml.html  # type: ignore[import-untyped, unused-ignore]
from cssselect import HTMLTranslator, SelectorError

from newsreader.core.canonical import strip_tracking
from newsreader.core.errors import InvalidInputError
from newsreader.core.models import ParsedEntry, ParsedFeed
from newsreader.core.pages.dates import VIETNAM_TZ, parse_date, strip_dateline
from newsreader.core.pages.decode import decode_page
from newsreader.core.pages.htmltext import (
    SUMMARY_MAX_CHARS,
    absolute_http_url,
    clean_text,
    truncate_text,
)
from newsreader.core.pages.srcset import LAZY_SRC_ATTRS, LAZY_SRCSET_ATTRS, pick_from_srcset

__all__ = [
    "LISTING_VERSION",
    "SiteRecipe",
    "canonical_url",
    "load_recipes",
    "looks_like_listing_url",
    "parse_listing",
    "parse_recipe",
    "recipe_for",
    "section_links",
]

log = logging.getLogger("newsreader.sections")

LISTING_VERSION = "html-listing"

_Element = Any  # lxml ships no type information

_MAX_INPUT_CHARS = 16 * 1024 * 1024  # a listing page larger than this is cut (the rest ignored)
_MAX_ENTRIES = 300
_MAX_CANDIDATES = 3 * _MAX_ENTRIES  # article URLs looked at on one page
_MAX_TITLE_CHARS = 300
_MIN_HEADLINE, _MAX_HEADLINE = 20, 250  # headline length in characters
# A headline marked as one (in <h2>/<h3>, a "title" class, or a link whose title attribute repeats
# its text) may be short: "Kỳ tích gạo Việt!", "Bác ơi!".
_MIN_MARKED_HEADLINE = 6
_MIN_LEAD = 30
# When at least this many links and this share of them carry a numeric id, the others are not
# articles (see _keep_site_url_shape).
_SHAPE_MIN_ARTICLES, _SHAPE_SHARE = 10, 0.75
_ANCESTOR_DEPTH = 8  # how far up an item container is looked for
_MAX_ITEM_TEXT = 1500  # an item (title, lead, meta) has less text than this; a column more
_MIN_MAIN_HEADLINES = 5  # sidebar articles are dropped only when the rest has at least this many


# --- recipes ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SiteRecipe:
    """How to read one site's listing pages; CSS selectors are relative to one item.

    A selector may end with ``@attribute`` to take that attribute instead of the element's text
    (``"time@datetime"``); an empty selector before it means the item element itself (``"@href"``).
    ``link`` defaults to the ``title`` element (or its first ``<a href>``).
    """

    host: str  # without "www."
    name: str
    item: str
    title: str
    link: str
    time: str | None = None
    thumbnail: str | None = None
    lead: str | None = None
    time_format: str | None = None  # strptime format of the time text; None: parse_date
    sections: tuple[tuple[str, str], ...] = ()  # (name, absolute or site-relative URL)
    feeds: tuple[tuple[str, str], ...] = ()  # (name, absolute URL)
    _selectors: Mapping[str, tuple[str, str | None]] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )


_SELECTOR_ATTR = re.compile(r"^(.*?)\s*@([A-Za-z_:][-\w:.]*)\s*$", re.DOTALL)


@functools.lru_cache(maxsize=512)
def _css_to_xpath(css: str) -> str:
    """The XPath of a CSS selector (cached: translation is the slow part)."""
    return str(HTMLTranslator().css_to_xpath(css))


def _compile_selector(value: str, what: str) -> tuple[str, str | None]:
    """``"css@attr"`` -> (xpath or "" for the element itself, attr or None); InvalidInputError."""
    match = _SELECTOR_ATTR.match(value)
    css, attr = (match.group(1).strip(), match.group(2)) if match else (value.strip(), None)
    if not css:
        if attr is None:
            raise InvalidInputError(f"recipe selector {what!r} is empty")
        return "", attr
    try:
        xpath = _css_to_xpath(css)
        lxml.etree.XPath(xpath)  # reject what cssselect accepts but libxml2 cannot run
    except (SelectorError, lxml.etree.XPathError) as exc:
        raise InvalidInputError(f"recipe selector {what!r} is not valid CSS: {css!r}") from exc
    return xpath, attr


def _pairs(value: Any, what: str) -> tuple[tuple[str, str], ...]:
    """``[{"name": …, "url": …}]`` or ``[[name, url]]`` -> ((name, url), …)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InvalidInputError(f"recipe {what!r} must be a list")
    pairs: list[tuple[str, str]] = []
    for item in value:
        if isinstance(item, Mapping):
            name, url = item.get("name"), item.get("url")
        elif isinstance(item, list | tuple) and len(item) == 2:
            name, url = item
        else:
            raise InvalidInputError(f"recipe {what!r}: each entry needs a name and a url")
        if not isinstance(name, str) or not isinstance(url, str) or not name.strip():
            raise InvalidInputError(f"recipe {what!r}: name and url must be text")
        pairs.append((clean_text(name), url.strip()))
    return tuple(pairs)


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"recipe {key!r} must be text")
    return value


def parse_recipe(data: Mapping[str, Any]) -> SiteRecipe:
    """A :class:`SiteRecipe` from the decoded JSON of a recipe file; InvalidInputError if wrong.

    The listing selectors may sit at the top level or in a ``"listing"`` object.
    """
    if not isinstance(data, Mapping):
        raise InvalidInputError("a recipe must be a JSON object")
    listing = data.get("listing", data)
    if not isinstance(listing, Mapping):
        raise InvalidInputError("recipe 'listing' must be an object")
    host = data.get("host")
    if not isinstance(host, str) or not host.strip():
        raise InvalidInputError("recipe needs a 'host'")
    host = _bare_host(host.strip())
    item, title = _optional_str(listing, "item"), _optional_str(listing, "title")
    if item is None or title is None:
        raise InvalidInputError("recipe needs 'item' and 'title' selectors")
    link = _optional_str(listing, "link") or title
    selectors: dict[str, tuple[str, str | None]] = {}
    for key, value in (
        ("item", item),
        ("title", title),
        ("link", link),
        ("time", _optional_str(listing, "time")),
        ("thumbnail", _optional_str(listing, "thumbnail")),
        ("lead", _optional_str(listing, "lead")),
    ):
        if value is not None:
            selectors[key] = _compile_selector(value, key)
    if not selectors["item"][0]:
        raise InvalidInputError("recipe 'item' must be a CSS selector")
    name = _optional_str(data, "name") or host
    return SiteRecipe(
        host=host,
        name=clean_text(name),
        item=item,
        title=title,
        link=link,
        time=_optional_str(listing, "time"),
        thumbnail=_optional_str(listing, "thumbnail"),
        lead=_optional_str(listing, "lead"),
        time_format=_optional_str(listing, "time_format"),
        sections=_pairs(data.get("sections"), "sections"),
        feeds=_pairs(data.get("feeds"), "feeds"),
        _selectors=selectors,
    )


def _recipe_files(directory: Traversable) -> Iterator[Traversable]:
    try:
        children = sorted(directory.iterdir(), key=lambda t: t.name)
    except (OSError, NotADirectoryError):
        return
    for child in children:
        if child.name.endswith(".json") and child.is_file():
            yield child


def _load_directory(directory: Traversable) -> dict[str, SiteRecipe]:
    recipes: dict[str, SiteRecipe] = {}
    for path in _recipe_files(directory):
        try:
            recipe = parse_recipe(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, InvalidInputError) as exc:  # JSONDecodeError is a ValueError
            log.warning("ignoring site recipe %s: %s", path.name, exc)
            continue
        recipes[recipe.host] = recipe
    return recipes


@functools.lru_cache(maxsize=1)
def _bundled_recipes() -> Mapping[str, SiteRecipe]:
    return _load_directory(resources.files("newsreader.resources") / "sites")


def load_recipes(directory: Traversable | None = None) -> dict[str, SiteRecipe]:
    """The site recipes keyed by host (without ``www.``): the bundled ones, or those in *directory*.

    Broken recipe files are logged and skipped, never fatal.
    """
    if directory is not None:
        return _load_directory(directory)
    return dict(_bundled_recipes())


def recipe_for(url: str) -> SiteRecipe | None:
    """The bundled recipe for the host of *url* (``www.`` ignored), or None."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return _bundled_recipes().get(_bare_host(host)) if host else None


# --- URLs ---------------------------------------------------------------------------------------

_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "ac", "co", "int", "info", "biz"})


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _site_key(host: str) -> str:
    """The registrable part of *host* ("e.vnexpress.net" -> "vnexpress.net", "dantri.com.vn")."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def canonical_url(href: str | None, base: str | None = None) -> str | None:
    """*href* as an absolute http(s) URL without fragment and tracking parameters, or None.

    The scheme and host are lower-cased; the path is kept as the site writes it. This is the guid
    of a listing entry, so two links to one article (``…html`` and ``…html#box_comment``) are one.
    """
    url = absolute_http_url(href, base)
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.lower()
        if "@" in netloc:  # credentials in a link on a news page: not an article
            return None
        query = strip_tracking(parts.query)
        return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))
    except ValueError:
        return None


# Path segments of pages that list, search or describe rather than report.
_DENY_SEGMENTS = frozenset(
    {
        "tag", "tags", "topic", "topics", "chu-de", "tu-khoa", "keyword", "keywords", "tac-gia",
        "author", "authors", "search", "tim-kiem", "timkiem", "login", "dang-nhap", "signin",
        "sign-in", "logout", "dang-xuat", "register", "dang-ky", "signup", "sign-up", "account",
        "tai-khoan", "user", "users", "profile", "rss", "feed", "feeds",
        "page", "trang", "category", "categories", "chuyen-muc", "danh-muc", "lien-he", "contact",
        "contactus", "gioi-thieu", "about", "about-us", "quang-cao", "advertise", "advertising",
        "dieu-khoan", "privacy", "terms", "sitemap", "wp-login.php", "wp-admin", "cdn-cgi",
        "static", "assets", "share", "sharer", "print", "in-bai-viet", "comment", "comments",
        "binh-luan",
    }
)  # fmt: skip
# Sections of event pages on some sites (Kinhtedothi's /su-kien/<slug>.html) and of news on others
# (Dân trí's /su-kien/<slug>-<timestamp id>.htm): an article there carries a long numeric id.
_EVENT_SEGMENTS = frozenset({"su-kien", "events"})
_DENY_PREFIXES = ("topic-", "tag-", "tags-", "chu-de-", "tac-gia-", "author-", "tu-khoa-")
_STATIC_STEMS = frozenset(
    {
        "index", "default", "home", "trang-chu", "gioi-thieu", "lien-he", "quang-cao",
        "bao-gia-quang-cao", "dieu-khoan-su-dung", "chinh-sach-bao-mat", "privacy-policy",
        "terms-of-use", "about-us", "contact-us", "sitemap", "rss", "search", "404", "error",
    }
)  # fmt: skip
_PAGE_EXTENSIONS = frozenset({"html", "htm", "shtml", "phtml", "aspx", "asp", "php", "vnp", "chn"})
_FEED_EXTENSIONS = frozenset({"rss", "xml", "atom", "rdf", "json"})
_PAGINATION = re.compile(r"^(?:trang|page|p)[-_]?\d{1,4}$|[-_](?:p|trang|page)[-_]?\d{1,4}$")
_PAGE_QUERY = frozenset({"page", "p", "trang", "offset", "start", "pageindex", "paged"})
_LONG_ID = re.compile(r"\d{5,}")
_WORD_SPLIT = re.compile(r"[-_+.\s]+")


def _path_segments(path: str) -> list[str]:
    return [seg for seg in unquote(path).lower().split("/") if seg]


def _denied(segments: Iterable[str], deny: frozenset[str]) -> bool:
    """Whether a segment (or its stem: "tim-kiem.htm") is in *deny* or starts like a tag/topic."""
    for seg in segments:
        stem = _split_ext(seg)[0]
        if seg in deny or stem in deny or seg.startswith(_DENY_PREFIXES):
            return True
    return False


_EXTENSION = re.compile(r"^[a-z0-9]{1,5}$")


def _split_ext(segment: str) -> tuple[str, str]:
    """("slug", "html") for "slug.html"; a dot inside a slug ("gdp-tang-7.5-phan-tram") is kept."""
    stem, dot, ext = segment.rpartition(".")
    return (stem, ext) if dot and stem and _EXTENSION.match(ext) else (segment, "")


def _is_article_path(path: str, query: str = "") -> bool:
    """Whether a URL path looks like one article's page (not a section, tag, search, …)."""
    segments = _path_segments(path)
    if not segments:
        return False
    if _denied(segments, _DENY_SEGMENTS):
        return False
    if query:
        for key, value in parse_qsl(query, keep_blank_values=True):
            if key.lower() in _PAGE_QUERY and value.strip().isdigit():
                return False
    stem, ext = _split_ext(segments[-1])
    if ext and ext not in _PAGE_EXTENSIONS:
        return False
    if _denied(segments, _EVENT_SEGMENTS) and not _LONG_ID.search(stem):
        return False
    words = [w for w in _WORD_SPLIT.split(stem) if w]
    # "thoi-su-p2", "trang-3", "tin-tuc-trang-2" page through a section; a long slug ending in
    # "…-nha-trang-2" is an article about Nha Trang.
    if not stem or stem in _STATIC_STEMS or (len(words) <= 5 and _PAGINATION.search(stem)):
        return False
    if _LONG_ID.search(stem):
        return True
    return len(words) >= (3 if ext else 4)


# --- decoding and parsing -----------------------------------------------------------------------


def _parse_html(data: bytes | str) -> _Element | None:
    """The document root, or None when there is nothing to read."""
    if isinstance(data, str):
        text = data[:_MAX_INPUT_CHARS]
    else:
        text = decode_page(data[: _MAX_INPUT_CHARS * 2])[:_MAX_INPUT_CHARS]
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return None
    if root is None:
        return None
    lxml.etree.strip_elements(root, "script", "style", "template", "svg", with_tail=False)
    return root


def _base_url(root: _Element, url: str) -> str:
    for base in root.iter("base"):
        href = absolute_http_url(base.get("href"), url)
        if href:
            return href
        break
    return url


def _text(el: _Element, limit: int = 2000) -> str:
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size > limit:
            break
    return clean_text("".join(parts))


def _classes(el: _Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()


def _tag(el: _Element) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


# --- page regions -------------------------------------------------------------------------------

_MENU_TOKEN = re.compile(
    r"^(?:[\w-]*[-_])?(?:nav|navbar|navigation|menu|mainmenu|megamenu|main-nav|mainnav)(?:[-_][\w-]*)?$"
)
_SIDEBAR_TOKEN = re.compile(r"^(?:[\w-]*[-_])?(?:sidebar|side-bar|aside)(?:[-_][\w-]*)?$")
_FOOTER_TOKEN = re.compile(r"^(?:[\w-]*[-_])?footer(?:[-_][\w-]*)?$")
_NOT_MENU_TOKEN = re.compile(
    r"breadcrumb|breadcump|social|share|pagination|paging|tags?$|login|user"
)


def _tokens(el: _Element) -> list[str]:
    return _classes(el).split()


def _is_page_header(el: _Element) -> bool:
    """A page's ``<header>`` (the masthead), not the ``<header>`` of one article card."""
    return _tag(el) == "header" and not any(
        _tag(anc) in ("article", "section", "main", "li") for anc in el.iterancestors()
    )


def _region_kinds(el: _Element, tag: str) -> tuple[bool, bool, bool]:
    """Whether *el* is a (footer, menu, sidebar) container."""
    tokens = _tokens(el)
    role = el.get("role")
    footer = tag == "footer" or role == "contentinfo" or any(_FOOTER_TOKEN.match(t) for t in tokens)
    menu = (
        tag == "nav"
        or role in ("navigation", "menubar")
        or (tag == "header" and _is_page_header(el))
        or (
            any(_MENU_TOKEN.match(t) for t in tokens)
            and not any(_NOT_MENU_TOKEN.search(t) for t in tokens)
        )
    )
    sidebar = (
        tag == "aside" or role == "complementary" or any(_SIDEBAR_TOKEN.match(t) for t in tokens)
    )
    return footer, menu, sidebar


@dataclass(frozen=True, slots=True)
class _Regions:
    """The links inside the page's footers, menus and sidebars."""

    footer: frozenset[_Element]
    menu: frozenset[_Element]
    sidebar: frozenset[_Element]


def _regions(root: _Element) -> _Regions:
    """Find the outermost footer, menu and sidebar containers in one pass, and their links."""
    containers: tuple[list[_Element], ...] = ([], [], [])
    covered: tuple[set[_Element], ...] = (set(), set(), set())
    for el in root.iter():
        tag = _tag(el)
        if not tag or tag == "a":
            continue
        for kind, matched in enumerate(_region_kinds(el, tag)):
            if matched and not any(anc in covered[kind] for anc in el.iterancestors()):
                covered[kind].add(el)
                containers[kind].append(el)
    footer, menu, sidebar = (
        frozenset(a for c in found for a in c.iter("a")) for found in containers
    )
    return _Regions(footer=footer, menu=menu, sidebar=sidebar)


# --- section links ------------------------------------------------------------------------------

_SECTION_DENY = frozenset(
    {
        "video", "videos", "clip", "video-clip", "tv", "truyen-hinh", "podcast", "podcasts",
        "emagazine", "infographic", "infographics", "photo", "anh", "live", "e-paper", "bao-in",
        "thanh-vien", "subscribe", "newsletter",
    }
)  # fmt: skip
_MAX_SECTION_NAME = 40
_MAX_SECTION_WORDS = 6
_NOT_SECTION_NAMES = frozenset(
    {"trang chủ", "home", "tất cả", "all", "xem thêm", "more", "đăng nhập", "đăng ký", "login"}
)


def _section_url_ok(url: str, page_host: str) -> bool:
    """Whether a same-host menu link may be a section (not login/search/tag/video/an article)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _bare_host(host) != page_host or host.startswith(("video.", "tv.")):
        return False
    segments = _path_segments(parts.path)
    if not segments or _denied(segments, _DENY_SEGMENTS | _SECTION_DENY):
        return False
    stem, ext = _split_ext(segments[-1])
    if (ext and ext not in _PAGE_EXTENSIONS) or stem in _STATIC_STEMS:
        return False
    # Only strong article signals here: section slugs are short phrases too ("nhip-song-tre.htm",
    # "/kinh-te/nguoi-viet-dung-hang-viet"), and the menu text is short anyway.
    words = [w for w in _WORD_SPLIT.split(stem) if w]
    return _LONG_ID.search(stem) is None and len(words) <= _MAX_SECTION_WORDS + 1


def _section_name(anchor: _Element) -> str:
    name = _text(anchor, 200) or clean_text(anchor.get("title") or "")
    return name.strip(" ›»>|•·-–—:")


def _menu_links(root: _Element, base: str, regions: _Regions) -> Iterator[tuple[str, str]]:
    """(name, URL) of the same-host links with a short text in the page's menus (not footers)."""
    page_host = _bare_host(urlsplit(base).hostname or "")
    anchors = regions.menu - regions.footer
    for anchor in root.iter("a"):
        if anchor not in anchors:
            continue
        url = canonical_url(anchor.get("href"), base)
        if url is None or _bare_host(urlsplit(url).hostname or "") != page_host:
            continue
        name = _section_name(anchor)
        if not name or len(name) > _MAX_SECTION_NAME or len(name.split()) > _MAX_SECTION_WORDS:
            continue
        if name.casefold() in _NOT_SECTION_NAMES or not any(c.isalpha() for c in name):
            continue
        yield name, url


def _menu_sections(root: _Element, base: str, regions: _Regions) -> list[tuple[str, str]]:
    page_host = _bare_host(urlsplit(base).hostname or "")
    result: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, url in _menu_links(root, base, regions):
        key = _url_key(url)
        if key not in seen and _section_url_ok(url, page_host):
            seen.add(key)
            result.append((name, url))
    return _qualify_duplicates(result)


def _qualify_duplicates(sections: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """ "Tin tức" under both Chính trị and Pháp luật becomes "Chính trị › Tin tức", … (the parent
    is the section whose path is the parent path)."""
    counts: dict[str, int] = {}
    for name, _ in sections:
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    by_path = {urlsplit(url).path.rstrip("/"): name for name, url in sections}
    result: list[tuple[str, str]] = []
    for name, url in sections:
        if counts[name.casefold()] > 1:
            parent = by_path.get(urlsplit(url).path.rstrip("/").rpartition("/")[0])
            if parent and parent != name:
                name = f"{parent} › {name}"
        result.append((name, url))
    return result


def _url_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{_bare_host(parts.netloc)}{parts.path.rstrip('/')}?{parts.query}"


def section_links(
    html: bytes | str,
    *,
    url: str,
    recipe: SiteRecipe | None = None,
    use_recipe: bool = True,
) -> list[tuple[str, str]]:
    """The sections of a site as (name, absolute URL): from its recipe, else the page's menu.

    *recipe* None means the bundled recipe for *url*'s host, if any (``use_recipe=False`` skips
    recipes). Without a recipe (or one that lists no sections) the links of the page's navigation
    (``<nav>``, ``<header>``, menu-like containers; never the footer) are used: same-host links
    with a short text, de-duplicated, without the home page, login, search, tag, video-only pages
    or articles.
    """
    if use_recipe and recipe is None:
        recipe = recipe_for(url)
    if use_recipe and recipe is not None and recipe.sections:
        resolved: list[tuple[str, str]] = []
        for name, section_url in recipe.sections:
            absolute = absolute_http_url(section_url, url)
            if absolute:
                resolved.append((name, absolute))
        return resolved
    try:
        root = _parse_html(html)
        if root is None:
            return []
        return _menu_sections(root, _base_url(root, url), _regions(root))
    except Exception:  # hostile markup must never break "add a site"
        log.exception("could not read the menu of %s", url)
        return []


# --- generic extraction -------------------------------------------------------------------------

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TITLE_CLASS = re.compile(r"title|headline|tieu-?de|heading")
_LEAD_CLASS = re.compile(
    r"sapo|desc|lead|summary|excerpt|chapeau|intro|teaser|tom-?tat|abstract|trichdan"
)
_TIME_CLASS = re.compile(r"time|date|publish|ngay|thoi-?gian|timestamp")
_READ_MORE = re.compile(
    r"^(?:xem thêm|xem tiếp|xem chi tiết|chi tiết|đọc tiếp|đọc thêm|tiếp tục đọc|xem tất cả|"
    r"xem toàn bộ|read more|more|continue reading|see more|view more)\b",
    re.IGNORECASE,
)
_DATE_TEXT = re.compile(r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})(?!\d)")
_TIMESTAMP = re.compile(r"^\d{10}(?:\d{3})?$")
_PLACEHOLDER_IMAGE = re.compile(
    r"(?:blank|spacer|pixel|placeholder|transparent|loading|lazy|grey|gray|default|no-?image)"
    r"[^/]*\.(?:gif|png|svg|webp)(?:$|\?)|\.svg(?:$|\?)",
    re.IGNORECASE,
)
_SRCSET = (*LAZY_SRCSET_ATTRS, "srcset")


def _headline_ok(text: str, min_chars: int = _MIN_HEADLINE) -> bool:
    if not (min_chars <= len(text) <= _MAX_HEADLINE):
        return False
    if _READ_MORE.match(text) and len(text) < 40:
        return False
    return sum(c.isalpha() for c in text) >= len(text) // 2


def _in_heading(anchor: _Element) -> bool:
    el = anchor
    for _ in range(3):
        if el is None:
            return False
        if _tag(el) in _HEADINGS:
            return True
        el = el.getparent()
    return False


def _ancestor_classes(el: _Element, levels: int) -> str:
    parts: list[str] = []
    for _ in range(levels):
        if el is None:
            break
        parts.append(_classes(el))
        el = el.getparent()
    return " ".join(parts)


def _title_candidate(anchor: _Element) -> tuple[int, str] | None:
    """(score, title) for one link to an article, or None if it carries no headline."""
    inner = next(
        (
            el
            for el in anchor.iterdescendants()
            if _tag(el) in _HEADINGS or _TITLE_CLASS.search(_classes(el))
        ),
        None,
    )
    text = _text(inner if inner is not None else anchor, 1000)
    score = 0
    marked = (
        inner is not None
        or _in_heading(anchor)
        or bool(_TITLE_CLASS.search(_classes(anchor)))
        or clean_text(anchor.get("title") or "") == text
    )
    shortest = _MIN_MARKED_HEADLINE if marked and len(text.split()) >= 2 else _MIN_HEADLINE
    if not _headline_ok(text, shortest):
        text = clean_text(anchor.get("title") or "")
        score -= 1
        if not _headline_ok(text):
            alts = [clean_text(img.get("alt") or "") for img in anchor.iter("img")]
            text = next((alt for alt in alts if _headline_ok(alt)), "")
            score -= 2
            if not text:
                return None
    if inner is not None or _in_heading(anchor):
        score += 4
    around = _ancestor_classes(anchor, 2)
    if _TITLE_CLASS.search(around):
        score += 2
    if _LEAD_CLASS.search(around):
        score -= 3
    return score, text[:_MAX_TITLE_CHARS]


def _image_url(img: _Element, base: str) -> str | None:
    """The real picture URL of an ``<img>`` (lazy attributes, srcset, ``<picture>``), or None."""
    for dim in ("width", "height"):
        if (img.get(dim) or "").strip().removesuffix("px") in ("0", "1"):
            return None
    candidates = [img.get(name) or "" for name in LAZY_SRC_ATTRS]
    candidates.extend(pick_from_srcset(img.get(name) or "") for name in _SRCSET)
    parent = img.getparent()
    if parent is not None and _tag(parent) == "picture":
        for source in parent.iter("source"):
            candidates.extend(pick_from_srcset(source.get(name) or "") for name in _SRCSET)
    candidates.append(img.get("src") or "")
    for candidate in candidates:
        url = absolute_http_url(candidate, base)
        if url and not _PLACEHOLDER_IMAGE.search(url):
            return url
    return None


_BACKGROUND = re.compile(r"background(?:-image)?\s*:[^;]*?url\(\s*['\"]?([^'\")]+)", re.I)


def _background_image(el: _Element, base: str) -> str | None:
    if not isinstance(el.tag, str):
        return None
    for value in (el.get("data-bg"), el.get("data-background")):
        url = absolute_http_url(value, base)
        if url:
            return url
    match = _BACKGROUND.search(el.get("style") or "")
    url = absolute_http_url(match.group(1), base) if match else None
    return url if url and not _PLACEHOLDER_IMAGE.search(url) else None


def _page_tz(root: _Element, host: str) -> tzinfo:
    """Where zone-less page times are: Vietnam for Vietnamese pages, else UTC."""
    lang = (root.get("lang") or root.get("xml:lang") or "").lower()
    return VIETNAM_TZ if lang.startswith("vi") or host.endswith(".vn") else UTC


def _parse_time_value(value: str, tz: tzinfo, time_format: str | None = None) -> datetime | None:
    value = clean_text(value)[:120]
    if not value:
        return None
    if _TIMESTAMP.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if time_format:
        stripped = re.sub(r"^\s*(?:thứ\s+\S+|chủ\s+nhật)\s*,?\s*", "", value, flags=re.I)
        stripped = re.sub(r"\s*\(?GMT\s*[+-]\s*\d{1,2}\)?\s*$", "", stripped, flags=re.I)
        for candidate in (value, stripped):
            try:
                parsed = datetime.strptime(candidate, time_format)
            except ValueError:
                continue
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=tz)
            return parsed.astimezone(UTC)
    return parse_date(value, assume_tz=tz)


def _time_of(el: _Element, tz: tzinfo) -> datetime | None:
    """The date an element carries: a machine attribute, else a date-like text."""
    for attr in ("datetime", "data-time", "data-date", "data-publishtime", "content", "title"):
        value = (el.get(attr) or "").strip()
        if value and (_DATE_TEXT.search(value) or _TIMESTAMP.match(value)):
            parsed = _parse_time_value(value, tz)
            if parsed:
                return parsed
    text = _text(el, 200)
    if len(text) <= 80 and _DATE_TEXT.search(text):
        return parse_date(text, assume_tz=tz)
    return None


@dataclass
class _Group:
    """All links of one page to one article."""

    url: str
    anchors: list[_Element] = field(default_factory=list)


def _has_id(url: str) -> bool:
    """Whether the path of *url* carries a numeric id ("-4723313.html", "/video-10498/slug.htm")."""
    return any(_LONG_ID.search(_split_ext(seg)[0]) for seg in _path_segments(urlsplit(url).path))


def _keep_site_url_shape(groups: dict[str, _Group]) -> dict[str, _Group]:
    """Without the links that lack the numeric id nearly all of the page's articles carry.

    Most Vietnamese outlets number their articles (VnExpress ``-4723313.html``, Dân trí
    ``-20170812080458351.htm``, Kinhtedothi since 2025 ``.692315.html``); on such a page a link
    without an id ("/the-thao/bong-da-anh.htm") is a section, however article-like its slug.
    """
    with_id = sum(1 for url in groups if _has_id(url))
    if with_id < _SHAPE_MIN_ARTICLES or with_id < _SHAPE_SHARE * len(groups):
        return groups
    return {url: group for url, group in groups.items() if _has_id(url)}


class _Generic:
    """Generic headline extraction over one parsed page."""

    def __init__(self, root: _Element, base: str, page_url: str, tz: tzinfo) -> None:
        self.root = root
        self.base = base
        self.tz = tz
        self.site = _site_key(urlsplit(base).hostname or "")
        self.page_key = _url_key(canonical_url(page_url) or page_url)
        self.regions = _regions(root)
        self.menu_urls = {_url_key(u) for _, u in _menu_links(root, base, self.regions)}
        # element -> the article URLs linked from inside it (capped at two: "mine" or "shared")
        self.owners: dict[_Element, set[str]] = {}

    def _article_url(self, anchor: _Element) -> str | None:
        url = canonical_url(anchor.get("href"), self.base)
        if url is None:
            return None
        parts = urlsplit(url)
        if _site_key(parts.hostname or "") != self.site:
            return None
        key = _url_key(url)
        if key == self.page_key or key in self.menu_urls:
            return None
        if "sponsored" in (anchor.get("rel") or "").lower():
            return None
        return url if _is_article_path(parts.path, parts.query) else None

    def groups(self, skip_regions: bool) -> dict[str, _Group]:
        skipped = self.regions.footer | self.regions.menu if skip_regions else frozenset()
        groups: dict[str, _Group] = {}
        for anchor in self.root.iter("a"):
            if anchor in skipped:
                continue
            url = self._article_url(anchor)
            if url is None:
                continue
            group = groups.get(url)
            if group is None:
                if len(groups) >= _MAX_CANDIDATES:  # a pathological page: the rest is ignored
                    continue
                group = groups[url] = _Group(url)
            group.anchors.append(anchor)
        return groups

    def _own(self, groups: Mapping[str, _Group]) -> None:
        for group in groups.values():
            for anchor in group.anchors:
                el = anchor.getparent()
                for _ in range(_ANCESTOR_DEPTH):
                    if el is None or _tag(el) in ("body", "html"):
                        break
                    owners = self.owners.setdefault(el, set())
                    if len(owners) < 2:
                        owners.add(group.url)
                    el = el.getparent()

    def _mine(self, el: _Element, url: str) -> bool:
        owners = self.owners.get(el)
        return owners is None or owners == {url}

    def _zone(self, title_anchor: _Element, url: str) -> list[_Element]:
        """The item around a title: its largest ancestor linking to no other article, and, when
        that is only the heading, the heading's neighbours that link to no other article."""
        container = title_anchor
        for _ in range(_ANCESTOR_DEPTH):
            parent = container.getparent()
            if parent is None or _tag(parent) in ("body", "html") or not self._mine(parent, url):
                break
            if len(_text(parent, _MAX_ITEM_TEXT)) >= _MAX_ITEM_TEXT:  # a column, not an item
                break
            container = parent
        zone = [container]
        if _tag(container) in _HEADINGS or _tag(container) in ("a", "span", "strong", "b"):
            for sibling in container.itersiblings():
                if len(zone) > 4 or not self._mine(sibling, url):
                    break
                zone.append(sibling)
            for sibling in container.itersiblings(preceding=True):
                if len(zone) > 6 or not self._mine(sibling, url):
                    break
                zone.append(sibling)
        return zone

    def _thumbnail(self, group: _Group, zone: list[_Element]) -> str | None:
        for scope in (*group.anchors, *zone):
            for img in scope.iter("img"):
                url = _image_url(img, self.base)
                if url:
                    return url
        for scope in (*group.anchors, *zone):  # CSS backgrounds: style="background-image:url(…)"
            for el in scope.iter():
                url = _background_image(el, self.base)
                if url:
                    return url
        return None

    def _published(self, zone: list[_Element]) -> datetime | None:
        for scope in zone:
            for el in scope.iter("time"):
                found = _time_of(el, self.tz)
                if found:
                    return found
        for scope in zone:
            for el in scope.iter():
                if isinstance(el.tag, str) and _TIME_CLASS.search(_classes(el)):
                    found = _time_of(el, self.tz)
                    if found:
                        return found
        return None

    def _lead(self, group: _Group, zone: list[_Element], title: str, title_el: _Element) -> str:
        for anchor in group.anchors:
            if anchor is title_el:
                continue
            text = _text(anchor, 2000)
            if len(text) >= _MIN_LEAD and text != title and not text.startswith(title):
                return text
        heading = title_el.getparent() if _in_heading(title_el) else title_el
        for scope in zone:
            for el in scope.iter():
                if not isinstance(el.tag, str) or el is heading or el is title_el:
                    continue
                if not (_tag(el) == "p" or _LEAD_CLASS.search(_classes(el))):
                    continue
                if any(a is title_el for a in el.iter("a")):
                    continue
                text = _text(el, 2000)
                if len(text) >= _MIN_LEAD and text != title and not _DATE_TEXT.fullmatch(text):
                    return text
        return ""

    def _drop_sidebars(self, groups: dict[str, _Group]) -> dict[str, _Group]:
        """Without the articles linked only from sidebars ("most read" boxes: other sections'
        news), unless that would leave the page nearly empty."""
        side = self.regions.sidebar
        if not side:
            return groups
        kept = {u: g for u, g in groups.items() if any(a not in side for a in g.anchors)}
        return kept if len(kept) >= _MIN_MAIN_HEADLINES else groups

    def entries(self) -> list[ParsedEntry]:
        groups = self.groups(skip_regions=True)
        if not groups:
            groups = self.groups(skip_regions=False)
        groups = _keep_site_url_shape(groups)
        self._own(groups)
        groups = self._drop_sidebars(groups)
        entries: list[ParsedEntry] = []
        for group in groups.values():
            scored = [(c, i, a) for i, a in enumerate(group.anchors) if (c := _title_candidate(a))]
            if not scored:
                continue
            (_, title), _, title_anchor = max(scored, key=lambda s: (s[0][0], -s[1]))
            zone = self._zone(title_anchor, group.url)
            lead = self._lead(group, zone, title, title_anchor)
            entries.append(
                ParsedEntry(
                    guid=group.url,
                    link=group.url,
                    title=title,
                    published=self._published(zone),
                    summary=_summary(lead),
                    thumbnail=self._thumbnail(group, zone),
                )
            )
            if len(entries) >= _MAX_ENTRIES:
                break
        return entries


def _summary(lead: str) -> str:
    return truncate_text(strip_dateline(clean_text(lead)), SUMMARY_MAX_CHARS) if lead else ""


# --- recipe extraction --------------------------------------------------------------------------


def _select(
    scope: _Element, selector: tuple[str, str | None] | None
) -> tuple[_Element, str | None]:
    """The first element a compiled selector finds in *scope* and the attribute it asks for."""
    if selector is None:
        return None, None
    xpath, attr = selector
    if not xpath:
        return scope, attr
    try:
        found = scope.xpath(xpath)
    except lxml.etree.XPathError:
        return None, None
    return (found[0] if found else None), attr


def _recipe_entries(root: _Element, recipe: SiteRecipe, base: str, tz: tzinfo) -> list[ParsedEntry]:
    selectors = recipe._selectors or parse_recipe(_recipe_as_mapping(recipe))._selectors
    try:
        items = root.xpath(selectors["item"][0])
    except lxml.etree.XPathError:
        return []
    entries: list[ParsedEntry] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item.tag, str):
            continue
        title_el, title_attr = _select(item, selectors.get("title"))
        if title_el is None:
            continue
        title = clean_text(title_el.get(title_attr) or "") if title_attr else _text(title_el, 1000)
        link_el, link_attr = _select(item, selectors.get("link"))
        href = _href_of(link_el, link_attr)
        url = canonical_url(href, base)
        if not title:
            title = clean_text(link_el.get("title") or "") if link_el is not None else ""
        if url is None or not title or url in seen:
            continue
        seen.add(url)
        entries.append(
            ParsedEntry(
                guid=url,
                link=url,
                title=title[:_MAX_TITLE_CHARS],
                published=_recipe_time(item, selectors.get("time"), recipe.time_format, tz),
                summary=_summary(_recipe_text(item, selectors.get("lead"))),
                thumbnail=_recipe_thumbnail(item, selectors.get("thumbnail"), base),
            )
        )
        if len(entries) >= _MAX_ENTRIES:
            break
    return entries


def _href_of(link_el: _Element, attr: str | None) -> str | None:
    """The link of a recipe's link element: its attribute, its href, or its nearest ``<a href>``."""
    if link_el is None:
        return None
    if attr:
        return str(link_el.get(attr) or "") or None
    if link_el.get("href"):
        return str(link_el.get("href"))
    for anchor in (*link_el.iter("a"), *link_el.iterancestors("a")):
        if anchor.get("href"):
            return str(anchor.get("href"))
    return None


def _recipe_text(item: _Element, selector: tuple[str, str | None] | None) -> str:
    el, attr = _select(item, selector)
    if el is None:
        return ""
    return clean_text(el.get(attr) or "") if attr else _text(el, 4000)


def _recipe_time(
    item: _Element, selector: tuple[str, str | None] | None, time_format: str | None, tz: tzinfo
) -> datetime | None:
    el, attr = _select(item, selector)
    if el is None:
        return None
    if attr:
        return _parse_time_value(el.get(attr) or "", tz, time_format)
    if time_format:
        parsed = _parse_time_value(_text(el, 200), tz, time_format)
        if parsed:
            return parsed
    return _time_of(el, tz) or _parse_time_value(_text(el, 200), tz)


def _recipe_thumbnail(
    item: _Element, selector: tuple[str, str | None] | None, base: str
) -> str | None:
    if selector is None:  # no thumbnail selector: the item's first real picture
        return next(filter(None, (_image_url(img, base) for img in item.iter("img"))), None)
    el, attr = _select(item, selector)
    if el is None:
        return None
    if attr:
        value = el.get(attr) or ""
        return absolute_http_url(pick_from_srcset(value) if "srcset" in attr else value, base)
    img = el if _tag(el) == "img" else next(el.iter("img"), None)
    return _image_url(img, base) if img is not None else None


def _recipe_as_mapping(recipe: SiteRecipe) -> dict[str, Any]:
    """A hand-built SiteRecipe (no compiled selectors) back to the JSON shape, to compile it."""
    return {
        "host": recipe.host,
        "name": recipe.name,
        "item": recipe.item,
        "title": recipe.title,
        "link": recipe.link,
        "time": recipe.time,
        "thumbnail": recipe.thumbnail,
        "lead": recipe.lead,
        "time_format": recipe.time_format,
    }


# --- the listing --------------------------------------------------------------------------------


def _page_title(root: _Element) -> str | None:
    for el in root.iter("title"):
        text = _text(el, 500)
        if text:
            return text[:_MAX_TITLE_CHARS]
    for meta in root.iter("meta"):
        if meta.get("property") in ("og:title", "og:site_name"):
            text = clean_text(meta.get("content") or "")
            if text:
                return text[:_MAX_TITLE_CHARS]
    return None


def _page_description(root: _Element) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "description" or meta.get("property") == (
            "og:description"
        ):
            text = clean_text(meta.get("content") or "")
            if text:
                return truncate_text(text, SUMMARY_MAX_CHARS)
    return None


def parse_listing(
    html: bytes | str,
    *,
    url: str,
    recipe: SiteRecipe | None = None,
    title: str | None = None,
    use_recipe: bool = True,
) -> ParsedFeed:
    """A listing (section/home) page as a feed: one entry per headline, as ordered on the page.

    *url* is the page's (final) URL, against which links resolve. *recipe* None means the bundled
    recipe for *url*'s host, if any; ``use_recipe=False`` forces generic extraction. A recipe that
    finds nothing falls back to generic extraction (with a ``warning``). *title* names the feed
    (default: the page's ``<title>``). Entries: guid = link = canonical article URL, title,
    thumbnail, summary (the lead, dateline removed), published when the page shows a time;
    de-duplicated. Never raises: unreadable input gives a feed without entries.
    """
    if use_recipe and recipe is None:
        recipe = recipe_for(url)
    empty = ParsedFeed(
        title=title, site_url=absolute_http_url(url), entries=(), version=LISTING_VERSION
    )
    try:
        root = _parse_html(html)
        if root is None:
            return empty
        base = _base_url(root, url)
        tz = _page_tz(root, _bare_host(urlsplit(base).hostname or ""))
        warning = None
        entries: list[ParsedEntry] = []
        if use_recipe and recipe is not None:
            entries = _recipe_entries(root, recipe, base, tz)
            if not entries:
                warning = f"the {recipe.name} recipe found no articles; read the page generically"
        if not entries:
            entries = _Generic(root, base, url, tz).entries()
        return ParsedFeed(
            title=title or _page_title(root) or (recipe.name if recipe else None),
            site_url=absolute_http_url(url),
            entries=tuple(entries),
            version=LISTING_VERSION,
            description=_page_description(root),
            warning=warning,
        )
    except Exception:  # hostile markup must never break a refresh
        log.exception("could not read the listing page %s", url)
        return ParsedFeed(
            title=title,
            site_url=absolute_http_url(url),
            entries=(),
            version=LISTING_VERSION,
            warning="the page could not be read",
        )


def looks_like_listing_url(url: str) -> bool:
    """Whether *url* may be a listing page (home or section page), not an article, feed or file."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    segments = _path_segments(parts.path)
    if any(seg in ("rss", "feed", "feeds", "atom") for seg in segments):
        return False
    if any(seg in ("login", "dang-nhap", "search", "tim-kiem", "dang-ky") for seg in segments):
        return False
    if segments:
        _, ext = _split_ext(segments[-1])
        if ext and (ext in _FEED_EXTENSIONS or ext not in _PAGE_EXTENSIONS):
            return False
    return not _is_article_path(parts.path, parts.query)
