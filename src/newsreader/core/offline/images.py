"""A content-addressed cache of article images on disk.

Every image is stored under ``sha256(url)`` in two levels of fan-out directories
(``ab/cd/abcd…``), written atomically (`newsreader.core.atomic`), and only when its
first bytes say it is a raster image we can show (JPEG, PNG, GIF, WebP, AVIF, BMP, and ICO for
site icons). SVG is refused:
it is a document that can reference other resources, not a picture.

Eviction is least-recently-used by modification time, which ``get`` refreshes (access times are
often not updated on modern mounts). Images of saved articles are *pinned*: copied (hard-linked
when possible) into a separate directory that eviction never touches, and ``get`` looks there too.

This module never imports Qt; it is safe to use from worker threads (each write is atomic, a
reader sees either no file or a whole one).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newsreader.core.atomic import TMP_PREFIX, atomic_write

__all__ = ["MAX_IMAGE_BYTES", "ImageCache", "sniff_image_type"]

log = logging.getLogger("newsreader.images")

MAX_IMAGE_BYTES = 25 * 1024 * 1024  # a single picture larger than this is not a news photo
_STALE_TMP_SECONDS = 3600.0
_CLOCK_PREFIX = TMP_PREFIX + "clock-"  # a leftover probe is a stale temporary file
_BMP_HEADERS = frozenset({12, 40, 52, 56, 64, 108, 124})


def sniff_image_type(data: bytes) -> str | None:
    """The MIME type of a raster image we can show, judged by its magic bytes, or None.

    SVG (and anything else that is text) is never an image here.
    """
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis") or (brand in (b"mif1", b"msf1") and b"avif" in head[16:]):
            return "image/avif"
    # A Windows icon (favicon.ico): reserved 0, type 1, then 1 to 255 images.
    if head.startswith(b"\x00\x00\x01\x00") and 0 < int.from_bytes(head[4:6], "little") < 256:
        return "image/x-icon"
    # "BM" alone is weak; the DIB header size that follows it is one of a few known values.
    if head.startswith(b"BM") and int.from_bytes(head[14:18], "little") in _BMP_HEADERS:
        return "image/bmp"
    return None


class ImageCache:
    """Images by URL, on disk, bounded to `max_bytes` by :meth:`evict`.

    Recency for eviction is a stamp the cache writes itself (a file's mtime, set from `clock`
    on every write and read), so least-recently-used never compares the kernel's write times
    with another clock. Whether a temporary file is stale is judged by the file system's own
    clock (see :meth:`_disk_now`): a laptop's clock that jumps, or a process whose clock is
    moved, never makes a write in progress look abandoned.
    """

    def __init__(
        self,
        directory: Path,
        *,
        max_bytes: int = 500 * 1024 * 1024,
        pinned_dirs: Iterable[Path] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._clock = clock
        self._pinned_dirs: list[Path] = []
        for pinned in pinned_dirs:
            self._remember_pinned(Path(pinned))

    # -- paths --

    @staticmethod
    def _relative(url: str) -> Path:
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        return Path(digest[:2], digest[2:4], digest)

    def path_for(self, url: str) -> Path:
        """Where the image for `url` is (or would be) stored in the cache proper."""
        return self.directory / self._relative(url)

    def _remember_pinned(self, pinned_dir: Path) -> None:
        if pinned_dir not in self._pinned_dirs:
            self._pinned_dirs.append(pinned_dir)

    # -- reading --

    def get(self, url: str) -> bytes | None:
        """The cached bytes for `url` (from the cache or a pinned directory), or None."""
        path = self.path_for(url)
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        if data is not None:
            self._touch(path)  # recently used: evicted last
            return data
        relative = self._relative(url)
        for pinned in self._pinned_dirs:
            try:
                return (pinned / relative).read_bytes()
            except OSError:
                continue
        return None

    def __contains__(self, url: object) -> bool:
        if not isinstance(url, str):
            return False
        if self.path_for(url).is_file():
            return True
        relative = self._relative(url)
        return any((pinned / relative).is_file() for pinned in self._pinned_dirs)

    # -- writing --

    def put(self, url: str, data: bytes, content_type: str | None = None) -> Path:
        """Store `data` as the image for `url`; returns its path.

        Raises ValueError when `data` is not a raster image we show (by magic bytes; SVG is
        refused whatever `content_type` says) or is too large, and OSError when the disk write
        fails (full disk, permissions); a failed write never leaves a partial file behind.
        """
        if content_type and "svg" in content_type.lower():
            raise ValueError("SVG images are not cached")
        if not data:
            raise ValueError("empty image")
        if len(data) > MAX_IMAGE_BYTES:
            raise ValueError(f"image too large ({len(data)} bytes)")
        if sniff_image_type(data) is None:
            raise ValueError("not a supported image (JPEG, PNG, GIF, WebP, AVIF, BMP)")
        path = self.path_for(url)
        atomic_write(path, data, durable=False)  # a cache: whole or nothing, fetched again if lost
        self._touch(path)
        return path

    def _touch(self, path: Path) -> None:
        now = self._clock()
        with contextlib.suppress(OSError):
            os.utime(path, (now, now))

    # -- pinning --

    def pin(self, urls: Iterable[str], pinned_dir: Path) -> list[str]:
        """Keep the cached images of `urls` in `pinned_dir`, out of eviction's reach.

        Hard links are used when the two directories share a file system, copies otherwise.
        Returns the URLs that could not be pinned because they are not cached (fetch and pin
        them again later). ``get`` looks in `pinned_dir` from now on.
        """
        pinned_dir = Path(pinned_dir)
        self._remember_pinned(pinned_dir)
        missing: list[str] = []
        for url in dict.fromkeys(urls):
            relative = self._relative(url)
            target = pinned_dir / relative
            if target.is_file():
                continue
            source = self.directory / relative
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, target)
                except FileExistsError:
                    pass
                except OSError:
                    if not source.is_file():
                        raise FileNotFoundError(source) from None
                    atomic_write(target, source.read_bytes())  # another file system
            except FileNotFoundError:
                missing.append(url)
        return missing

    def unpin(self, urls: Iterable[str], pinned_dir: Path) -> None:
        """Let the images of `urls` be evicted again (the cache proper keeps its own copy)."""
        pinned_dir = Path(pinned_dir)
        for url in dict.fromkeys(urls):
            with contextlib.suppress(FileNotFoundError):
                (pinned_dir / self._relative(url)).unlink()

    # -- size and eviction --

    def _files(self) -> Iterator[tuple[Path, os.stat_result]]:
        if not self.directory.is_dir():
            return
        pinned = {os.path.abspath(p) for p in self._pinned_dirs}
        for dirpath, dirnames, filenames in os.walk(self.directory):
            # A pinned directory inside the cache directory is still off limits to eviction.
            dirnames[:] = [d for d in dirnames if os.path.abspath(Path(dirpath, d)) not in pinned]
            for name in filenames:
                path = Path(dirpath, name)
                try:
                    yield path, path.stat()
                except OSError:
                    continue  # removed meanwhile

    def size(self) -> int:
        """Bytes used by the cache proper (pinned directories are not counted)."""
        return sum(st.st_size for path, st in self._files() if not _is_tmp(path))

    def evict(self) -> int:
        """Remove least-recently-used images until the cache is within `max_bytes`.

        Pinned copies are never touched. Stale temporary files from interrupted writes are
        removed too. Returns the number of bytes freed.
        """
        entries: list[tuple[float, int, Path]] = []
        freed = 0
        disk_now = self._disk_now()
        for path, st in self._files():
            if _is_tmp(path):
                if disk_now is not None and disk_now - st.st_mtime > _STALE_TMP_SECONDS:
                    with contextlib.suppress(OSError):
                        path.unlink()
                        freed += st.st_size
                continue
            entries.append((st.st_mtime, st.st_size, path))
        total = sum(size for _mtime, size, _path in entries)
        entries.sort(key=lambda entry: entry[0])
        for _mtime, size, path in entries:
            if total <= self.max_bytes:
                break
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                log.warning("could not evict %s", path, exc_info=True)
                continue
            total -= size
            freed += size
        return freed

    def _disk_now(self) -> float | None:
        """The time as the file system stamps it now (None if the cache cannot be written).

        Temporary files carry the kernel's write time, so their age is measured against a
        file written now, not against a clock of ours.
        """
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=_CLOCK_PREFIX, dir=self.directory)
        except OSError:
            return None
        try:
            os.close(fd)
            return os.stat(probe).st_mtime
        except OSError:
            return None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(probe)


def _is_tmp(path: Path) -> bool:
    return path.name.startswith(TMP_PREFIX)
