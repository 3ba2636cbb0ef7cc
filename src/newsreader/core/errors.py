"""The one exception tree of Newsreader. Every error a user may see derives from NewsreaderError."""

from __future__ import annotations


class NewsreaderError(Exception):
    """Base of every error raised on purpose by Newsreader; its message is shown to users."""


class NetworkError(NewsreaderError):
    """A request failed: DNS, connection, timeout, TLS, HTTP status, size, redirects.

    `kind` and `params` say what failed in a form the window translates (the kinds and their
    English texts: core/fetch/netmessages.py); `kind` is "" for an error made without one."""

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.kind = ""
        self.params: dict[str, str] = {}
        self.causes: tuple[NetworkError, ...] = ()  # errors this one sums up (both schemes…)


class OfflineError(NetworkError):
    """The network as a whole is unreachable (no route, no DNS), not just one server."""


class BlockedAddressError(NetworkError):
    """A request would reach an address the user did not choose (loopback, private, ...)."""


class FeedError(NewsreaderError):
    """A document could not be understood as a feed."""


class NotAFeedError(FeedError):
    """The document is a web page or something else that is not a feed."""


class PageError(NewsreaderError):
    """An article page could not be read: it took too long or too much memory, or broke the
    reader (the page's worker process was replaced; the app carries on)."""


class PageMemoryError(PageError):
    """An article page needed more memory than a page reader may use."""


class StorageError(NewsreaderError):
    """The database could not be read or written."""


class DatabaseTooNewError(StorageError):
    """The database was written by a newer Newsreader than this one."""


class DatabaseCorruptError(StorageError):
    """The database file is damaged."""


class NotFoundError(NewsreaderError):
    """A feed, folder or article id that does not exist."""


class InvalidInputError(NewsreaderError):
    """Input from the user (URL, query, option) that cannot be used."""


class SearchQueryError(InvalidInputError):
    """A search query that cannot be run."""
