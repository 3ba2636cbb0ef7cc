"""Enclosures downloaded for offline listening, watching or reading.

Each file is fetched through the one `HttpClient` (so the address guard, timeouts and a byte cap
apply), written atomically under ``sha256(url)`` with the extension its type calls for (the
system player picks an application by it), and the directory is kept within the image cache's
size budget by the same least-recently-used eviction (`ImageCache.evict`, which works on any
files). One file never exceeds `ENCLOSURE_MAX_BYTES` nor that budget.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import time
from collections.abc import Callable
from pathlib import Path

from newsreader.core.atomic import atomic_write
from newsreader.core.errors import NetworkError
from newsreader.core.fetch.http import HttpClient
from newsreader.core.models import Enclosure
from newsreader.core.offline.images import ImageCache

ENCLOSURE_MAX_BYTES = 200 * 1024 * 1024
ENCLOSURE_DEADLINE_S = 15 * 60.0  # the whole download (timeouts per read still apply)
_EXTENSIONS = {"audio/mpeg": ".mp3", "audio/mp4": ".m4a", "video/mp4": ".mp4", "audio/ogg": ".ogg"}


def extension_for(kind: str) -> str:
    return _EXTENSIONS.get(kind) or mimetypes.guess_extension(kind) or ".bin"


class EnclosureDownloads:
    """Downloaded enclosures in `directory`, bounded by `budget()` bytes."""

    def __init__(
        self,
        directory: Path,
        client: HttpClient,
        *,
        budget: Callable[[], int],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = Path(directory)
        self._client = client
        self._budget = budget
        self._clock = clock

    def path_for(self, enclosure: Enclosure) -> Path:
        digest = hashlib.sha256(enclosure.url.encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / digest[:2] / (digest + extension_for(enclosure.type))

    def cached(self, enclosure: Enclosure) -> Path | None:
        """The downloaded file, if there is one (no network)."""
        path = self.path_for(enclosure)
        return path if path.is_file() else None

    def download(self, enclosure: Enclosure) -> Path:
        """The file on disk, downloading it first if needed (network: call from a worker).
        Raises NetworkError (also when it is larger than allowed)."""
        path = self.cached(enclosure)
        if path is not None:
            self._touch(path)
            return path
        budget = self._budget()
        limit = min(ENCLOSURE_MAX_BYTES, budget)
        if enclosure.length is not None and enclosure.length > limit:
            raise NetworkError(
                f"{enclosure.url} is {enclosure.length} bytes: more than the cache allows ({limit})"
            )
        result = self._client.get(
            enclosure.url,
            max_bytes=limit,
            accept=f"{enclosure.type},*/*;q=0.5",
            reject_content_types=("text/html",),
            deadline=ENCLOSURE_DEADLINE_S,
        )
        if not result.content:
            raise NetworkError(f"{enclosure.url}: empty answer")
        path = self.path_for(enclosure)
        atomic_write(path, result.content)
        self._touch(path)
        ImageCache(self.directory, max_bytes=budget, clock=self._clock).evict()
        return path

    def _touch(self, path: Path) -> None:
        now = self._clock()
        with contextlib.suppress(OSError):
            os.utime(path, (now, now))
