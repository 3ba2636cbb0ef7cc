"""Misbehaving parser stand-ins that the parser-pool tests load into worker processes."""

from __future__ import annotations

import os
import time

from newsreader.core.models import ParsedFeed


def sleepy(data: bytes, *, url: str, content_type: str | None) -> ParsedFeed:
    time.sleep(float(data or b"30"))
    return ParsedFeed(title="slept", site_url=None, entries=())


def hog(data: bytes, *, url: str, content_type: str | None) -> ParsedFeed:
    blocks = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB: over any sane limit
    return ParsedFeed(title=str(len(blocks)), site_url=None, entries=())


def crash(data: bytes, *, url: str, content_type: str | None) -> ParsedFeed:
    if data == b"die":
        os._exit(3)
    return ParsedFeed(title=data.decode(), site_url=None, entries=())


def raises(data: bytes, *, url: str, content_type: str | None) -> ParsedFeed:
    raise ZeroDivisionError("parser bug")
