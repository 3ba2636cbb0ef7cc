"""Which files an entry carries that a reader can play or open: audio, video and PDF.

Feeds name them as RSS `<enclosure>`, Atom `<link rel="enclosure">`, Media RSS `<media:content>`
or JSON Feed `attachments`; each parser hands the raw (url, type, length) triples here, and this
module decides for all of them: http(s) addresses only (made absolute), the MIME type taken from
the feed or guessed from the file name when missing or generic, only audio/*, video/* and
application/pdf kept (images are thumbnails, handled elsewhere), duplicates dropped, at most
`MAX_ENCLOSURES` per entry, a declared length kept when it is a sane positive number.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from urllib.parse import urlsplit

from newsreader.core.models import Enclosure
from newsreader.core.pages.htmltext import absolute_http_url

MAX_ENCLOSURES = 8
MAX_DECLARED_LENGTH = 1 << 40  # a declared size beyond a terabyte is a typo
_GENERIC_TYPES = ("", "application/octet-stream", "binary/octet-stream", "application/x-download")
_EXTRA_TYPES = {
    ".m4a": "audio/mp4",
    ".opus": "audio/ogg",
    ".m4v": "video/mp4",
    ".mkv": "video/x-matroska",
}


def media_type(raw_type: str, url: str) -> str:
    """The lower-case MIME type: the feed's, or guessed from the path when it says nothing."""
    kind = raw_type.split(";", 1)[0].strip().lower()
    if kind in _GENERIC_TYPES:
        path = urlsplit(url).path.lower()
        ext = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
        kind = _EXTRA_TYPES.get(ext) or mimetypes.guess_type("x" + ext)[0] or kind
    return kind


def is_media(kind: str) -> bool:
    return kind.startswith(("audio/", "video/")) or kind == "application/pdf"


def declared_length(raw: object) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if 0 < value < MAX_DECLARED_LENGTH else None


def enclosures(raw: Iterable[tuple[str, str, object]], base: str) -> tuple[Enclosure, ...]:
    """The playable files among (url, type, length) triples, in feed order."""
    out: dict[str, Enclosure] = {}
    for raw_url, raw_type, raw_length in raw:
        url = absolute_http_url(raw_url or "", base)
        if not url or url in out:
            continue
        kind = media_type(raw_type or "", url)
        if not is_media(kind):
            continue
        out[url] = Enclosure(url, kind, declared_length(raw_length))
        if len(out) >= MAX_ENCLOSURES:
            break
    return tuple(out.values())
