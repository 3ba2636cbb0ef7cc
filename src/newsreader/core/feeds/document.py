"""A feed document in any format: the one entry point of feed parsing (`parse_feed`).

A body is inflated if it is gzip (`parse.decompress`), then sniffed: JSON Feed goes to
`jsonfeed`; a well-formed UTF-8 RSS 2.0 / Atom 1.0 document of common elements to the lxml fast
path (`fastparse`, which gives what feedparser gives, faster); everything else to feedparser
(`parse.parse_xml_feed`). All of those share `parse`'s helpers (`build_feed`, text, dates); this
module sits above them, so none imports its caller back (no import circle).
"""

from __future__ import annotations

import logging

from newsreader.core.errors import FeedError
from newsreader.core.feeds.jsonfeed import looks_like_json_feed, parse_json_feed
from newsreader.core.feeds.parse import decompress, parse_xml_feed
from newsreader.core.models import ParsedFeed

__all__ = ["parse_feed"]

log = logging.getLogger("newsreader.parse")


def parse_feed(
    data: bytes, *, url: str, content_type: str | None = None, fast_path: bool = True
) -> ParsedFeed:
    """Parse a feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1).

    *url* is where the document came from (relative links resolve against it); *content_type* is
    the HTTP Content-Type, if known. Raises :class:`NotAFeedError` for a web page or another
    document that is not a feed and :class:`FeedError` for a feed broken beyond use; a feed that
    is not well-formed but still yields entries is returned with ``warning`` set.
    ``fast_path=False`` always uses feedparser (the differential test compares the two).
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
    if fast_path and body.strip():
        from newsreader.core.feeds.fastparse import parse_well_formed  # lxml: loaded when used

        try:
            fast = parse_well_formed(body, url=url, content_type=content_type)
        except Exception as exc:  # a fast-path bug must not cost the feed: feedparser reads it
            log.warning("fast path failed on %s, using feedparser: %r", url, exc)
            fast = None
        if fast is not None:
            return fast
    return parse_xml_feed(body, url=url, content_type=content_type)
