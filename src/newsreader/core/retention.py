"""How much a library keeps: the one home of the retention defaults and the image-cache size.

The settings file (newsreader.settings), the command line's `prune` and the window all start from
`DEFAULT_RETENTION`; the user's choices travel as one `Retention` value, which the `Library`
applies (`Library.set_retention`, `Library.prune`) — nothing else sets the image cache's size.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_RETENTION", "Retention"]


@dataclass(frozen=True, slots=True)
class Retention:
    """What pruning keeps (saved articles are always kept), how big the image cache may grow
    and how many article pages one refresh fetches for offline reading."""

    keep_read_days: int = 90  # read articles that arrived and were read longer ago go
    keep_per_feed: int = 2_000  # at most this many articles a feed
    keep_unread_per_feed: int = 5_000  # ... of which unread ones
    image_cache_mb: int = 500  # least recently used images beyond this are evicted
    # Article pages (full text and images) fetched for offline reading in one refresh, newest
    # first; 0 = every new article. What a capped refresh leaves, the next one fetches.
    offline_per_refresh: int = 0

    @property
    def image_cache_bytes(self) -> int:
        return self.image_cache_mb * 1024 * 1024


DEFAULT_RETENTION = Retention()
