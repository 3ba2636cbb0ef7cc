"""Reading one fetched article page: everything done with its untrusted HTML, in one call.

`read_page` extracts the article (core/pages/extract.py), sanitizes the body once to learn which
images it shows (the window's policy, core/pages/sanitize.py) and makes its search text. It is
what the parser processes run for a page (core/feeds/parsepool.py `ParserPool.read_page`), so a
page that would take too long or too much memory costs its worker, never the app.

Extraction and the sanitizer never raise: a page that exhausts the worker's address-space limit
(RLIMIT_AS) comes back from them as "no article" or as escaped text. So `read_page` also watches
the process's peak virtual size (Linux /proc): when this page took it to the limit, the page is
reported as `PageMemoryError` (and the pool replaces the worker) instead of as an empty page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from newsreader.core.errors import PageError, PageMemoryError
from newsreader.core.feeds.parsepool import ParserPool
from newsreader.core.pages.extract import ExtractedArticle, extract_article
from newsreader.core.pages.htmltext import html_to_text
from newsreader.core.pages.sanitize import image_urls, sanitize_html

__all__ = [
    "INDEX_BODY_CHARS",
    "PageReader",
    "ReadPage",
    "read_page",
    "read_page_here",
    "read_page_in",
]

INDEX_BODY_CHARS = 20_000  # body text kept for search
# Within this much of the address-space limit counts as having hit it (an allocation that fails
# is not counted in the peak, so the peak stops short of the limit by up to that allocation).
_MEMORY_MARGIN_FRACTION = 8


@dataclass(frozen=True, slots=True)
class ReadPage:
    """An article page read: its extracted article, the images its sanitized body shows (as
    the window will show it, links resolved against the article's link) and its search text."""

    article: ExtractedArticle
    image_urls: tuple[str, ...]
    index_text: str


def read_page(data: bytes, *, url: str, link: str) -> ReadPage | None:
    """The article on the page `data` fetched from `url` for the entry linking to `link`; None
    when the page holds no article text."""
    soft = _address_space_limit()
    limit = None if soft is None else soft - soft // _MEMORY_MARGIN_FRACTION
    fresh = limit is None or (_peak_virtual_size() or 0) < limit
    article = extract_article(data, url=url)
    result = None
    if article is not None:
        shown = image_urls(sanitize_html(article.body_html, base_url=link))
        text = html_to_text(article.body_html, max_chars=INDEX_BODY_CHARS)
        result = ReadPage(article, tuple(shown), text)
    if soft is not None and limit is not None and fresh and (_peak_virtual_size() or 0) >= limit:
        raise PageMemoryError(
            f"the page needs more than {soft // (1024 * 1024)} MB of memory to read"
        )
    return result


def _address_space_limit() -> int | None:
    """The soft RLIMIT_AS in bytes; None when there is none."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on this platform
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return None
    return int(soft)


def _peak_virtual_size() -> int | None:
    """This process's peak virtual size in bytes (Linux), or None when it cannot be read."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(b"VmPeak:"):
                return int(line.split()[1]) * 1024
    return None


# Reads one page: (page bytes, the URL it came from, the article's link) -> ReadPage or None.
PageReader = Callable[[bytes, str, str], "ReadPage | None"]


def read_page_here(data: bytes, url: str, link: str) -> ReadPage | None:
    """`read_page` in this process, without limits: for tests and tools only."""
    return read_page(data, url=url, link=link)


def read_page_in(pool: ParserPool) -> PageReader:
    """A `PageReader` that runs each page in `pool`'s worker processes, under their limits."""

    def read(data: bytes, url: str, link: str) -> ReadPage | None:
        result = pool.read_page(data, url, link)
        if result is not None and not isinstance(result, ReadPage):
            raise PageError(f"the page reader returned {type(result).__name__}")
        return result

    return read
