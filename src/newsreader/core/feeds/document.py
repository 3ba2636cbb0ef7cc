"""A feed document in any format: the one entry point of feed parsing (`parse_feed`).

A body is inflated if it is gzip (`parse.decompress`), then sniffed: JSON Feed goes to
`jsonfeed`, everything else (RSS, Atom) to `parse`. Both of those share `parse`'s text helpers;
this module sits above them, so neither imports the other's caller (no import circle).
"""

from __future__ import annotations

import logging

from newsreader.core.errors import FeedError
from newsreader.core.feeds.jsonfeed import looks_like_json_feed, parse_json_feed
from newsreader.core.feeds.parse import decompress, parse_xml_feed
from newsreader.core.models import ParsedFeed

__all__ = ["parse_feed"]

log = logging.getLogger("newsreader.parse")


def parse_feed(data: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1).

    *url* is where the document came from (relative links resolve against it); *content_type* is
    the HTTP Content-Type, if known. Raises :class:`NotAFeedError` for a web page or another
    document that is not a feed and :class:`FeedError` for a feed broken beyond use; a feed that
    is not well-formed but still yields entries is returned with ``warning`` set.
    """
    try:
        body = decompress(bytes(data))
        if looks_like_json_feed(body, content_type):
            return parse_json_feed(body, url=url)
    except FeedError:
        raise
    except Exception as exc:  # never let a hostile body escape as anything but a FeedError
        log.warning("unexpected error parsing %s: %r", url, exc)
        raise FeedError(f"the feed could not be read ({type(exc).__name__})") from exc
    return parse_xml_feed(body, url=url, content_type=content_type)
