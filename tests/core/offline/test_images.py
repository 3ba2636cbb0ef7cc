"""The on-disk image cache: content-addressed, atomic, image-only, LRU-bounded, pinnable."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from newsreader.core.offline import images
from newsreader.core.offline.images import ImageCache, sniff_image_type

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 100
GIF = b"GIF89a" + b"\x01\x00\x01\x00" + b"\x00" * 20
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
AVIF = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + b"\x00" * 20
BMP = b"BM" + b"\x00" * 12 + (40).to_bytes(4, "little") + b"\x00" * 40
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
URL = "https://vcdn1-vnexpress.vnecdn.net/2026/11/26/anh-1.jpg?w=680"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (GIF, "image/gif"),
        (WEBP, "image/webp"),
        (AVIF, "image/avif"),
        (BMP, "image/bmp"),
        (SVG, None),
        (b"<svg onload=alert(1)>", None),
        (b"<html><body>Not found</body></html>", None),
        (b"BM not really a bitmap", None),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_sniff_image_type(data: bytes, kind: str | None) -> None:
    assert sniff_image_type(data) == kind


def test_paths_are_sha256_with_two_level_fan_out(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "images")
    digest = hashlib.sha256(URL.encode()).hexdigest()
    assert cache.path_for(URL) == tmp_path / "images" / digest[:2] / digest[2:4] / digest


def test_put_then_get(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "images")
    assert cache.get(URL) is None
    assert URL not in cache
    path = cache.put(URL, JPEG, "image/jpeg")
    assert path == cache.path_for(URL) and path.read_bytes() == JPEG
    assert cache.get(URL) == JPEG
    assert URL in cache
    assert cache.size() == len(JPEG)
    cache.put(URL, PNG)  # replacing is fine
    assert cache.get(URL) == PNG


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (SVG, "image/svg+xml"),
        (SVG, "image/png"),  # a lying server does not help
        (JPEG, "image/svg+xml"),
        (b"<html>404</html>", "text/html"),
        (b"", "image/jpeg"),
    ],
)
def test_put_refuses_what_is_not_a_picture(tmp_path: Path, data: bytes, content_type: str) -> None:
    cache = ImageCache(tmp_path / "images")
    with pytest.raises(ValueError):
        cache.put(URL, data, content_type)
    assert cache.get(URL) is None
    assert cache.size() == 0


def test_put_refuses_huge_images(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 1_000)
    with pytest.raises(ValueError):
        ImageCache(tmp_path).put(URL, JPEG + b"\x00" * 2_000)


def test_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ImageCache(tmp_path / "images")
    cache.put(URL, JPEG)

    def disk_full(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        cache.put(URL, PNG)
    with pytest.raises(OSError):
        cache.put(URL + "?other", PNG)
    monkeypatch.undo()
    assert cache.get(URL) == JPEG  # the old picture is intact
    assert cache.get(URL + "?other") is None
    leftovers = [p for p in (tmp_path / "images").rglob("*") if p.is_file()]
    assert leftovers == [cache.path_for(URL)]


def test_evict_removes_least_recently_used(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "images", max_bytes=3 * len(JPEG))
    urls = [f"https://a.example/{n}.jpg" for n in range(5)]
    now = time.time()
    for age, url in enumerate(urls):
        path = cache.put(url, JPEG)
        os.utime(path, (now - 1_000 + age, now - 1_000 + age))  # urls[0] is the oldest
    assert cache.get(urls[0]) == JPEG  # ... but reading it makes it the most recent
    freed = cache.evict()
    assert freed == 2 * len(JPEG)
    assert cache.size() == 3 * len(JPEG)
    kept = [url for url in urls if url in cache]
    assert kept == [urls[0], urls[3], urls[4]]
    assert cache.evict() == 0


def test_evict_removes_stale_temporary_files(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "images")
    cache.put(URL, JPEG)
    stale = cache.path_for(URL).parent / ".tmp-crashed"
    fresh = cache.path_for(URL).parent / ".tmp-writing"
    stale.write_bytes(b"x" * 10)
    fresh.write_bytes(b"x" * 10)
    # Two hours before the file system's "now" (the kernel stamps these files, so their age
    # is measured on the disk's clock, whatever the process's clock says).
    old = fresh.stat().st_mtime - 7_200
    os.utime(stale, (old, old))
    assert cache.evict() == 10
    assert not stale.exists() and fresh.exists()
    assert cache.size() == len(JPEG)  # temporary files are not counted


def test_pinned_images_survive_eviction(tmp_path: Path) -> None:
    pinned = tmp_path / "saved-images"
    cache = ImageCache(tmp_path / "images", max_bytes=0)
    cache.put(URL, JPEG)
    other = "https://a.example/other.png"
    cache.put(other, PNG)
    missing = cache.pin([URL, "https://a.example/not-cached.jpg"], pinned)
    assert missing == ["https://a.example/not-cached.jpg"]
    cache.evict()
    assert cache.size() == 0
    assert cache.get(URL) == JPEG  # from the pinned copy
    assert cache.get(other) is None
    # A new cache object that knows the pinned directory finds it too.
    assert ImageCache(tmp_path / "images", pinned_dirs=[pinned]).get(URL) == JPEG
    cache.unpin([URL], pinned)
    assert cache.get(URL) is None


def test_pin_copies_when_hard_links_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(_src: object, _dst: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    cache = ImageCache(tmp_path / "images")
    cache.put(URL, JPEG)
    assert cache.pin([URL], tmp_path / "saved") == []
    cache.path_for(URL).unlink()
    assert cache.get(URL) == JPEG


def test_pin_is_idempotent(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "images")
    cache.put(URL, JPEG)
    assert cache.pin([URL, URL], tmp_path / "saved") == []
    assert cache.pin([URL], tmp_path / "saved") == []
    cache.unpin([URL, "https://never.pinned/x.jpg"], tmp_path / "saved")


def test_pinned_dir_inside_the_cache_is_not_evicted(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "images", max_bytes=0)
    cache.put(URL, JPEG)
    cache.pin([URL], tmp_path / "images" / "pinned")
    cache.evict()
    assert cache.get(URL) == JPEG


def test_missing_directory_is_an_empty_cache(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "nowhere")
    assert cache.size() == 0
    assert cache.evict() == 0
    assert cache.get(URL) is None
