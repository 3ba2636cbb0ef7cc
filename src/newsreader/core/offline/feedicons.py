"""Feed icons: the feed's own image (RSS <image>, Atom <icon>, JSON Feed favicon) or else the
site's /favicon.ico, fetched through the one HttpClient (address guard, limits) into the image
cache. Which icon a feed has is its option "icon": the cached picture's URL, or "-" when none
could be had (not asked again on every refresh; removing the option retries).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from newsreader.core.errors import NewsreaderError
from newsreader.core.models import Feed

log = logging.getLogger("newsreader.icons")

ICON_OPTION = "icon"
NO_ICON = "-"
ICONS_PER_RUN = 40  # feeds tried after one refresh (the rest after the next)


def icon_candidates(feed: Feed) -> list[str]:
    """Where this feed's icon may be, best first."""
    out = []
    image = feed.option("image")
    if image:
        out.append(image)
    site = urlsplit(feed.site_url or feed.url)
    if site.scheme in ("http", "https") and site.netloc:
        out.append(urlunsplit((site.scheme, site.netloc, "/favicon.ico", "", "")))
    return list(dict.fromkeys(out))


def fetch_icons(
    feeds: list[Feed],
    fetch_image: Callable[[str], bytes],
    set_option: Callable[[int, str, str], None],
    *,
    limit: int = ICONS_PER_RUN,
) -> int:
    """Fetch icons of feeds that have not tried yet; returns how many were found."""
    found = 0
    for feed in [f for f in feeds if not f.option(ICON_OPTION)][:limit]:
        chosen = NO_ICON
        for url in icon_candidates(feed):
            try:
                fetch_image(url)
            except NewsreaderError as exc:
                log.debug("no icon at %s: %s", url, exc)
                continue
            chosen = url
            found += 1
            break
        set_option(feed.id, ICON_OPTION, chosen)
    return found
