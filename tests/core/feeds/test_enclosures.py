"""Enclosures: which files an entry carries, from RSS, Atom, Media RSS and JSON Feed alike."""

from __future__ import annotations

import json
from pathlib import Path

from newsreader.core.feeds.document import parse_feed
from newsreader.core.feeds.enclosures import enclosures, media_type
from newsreader.core.feeds.jsonfeed import parse_json_feed
from newsreader.core.models import Enclosure

DATA = Path(__file__).resolve().parents[2] / "data" / "enclosures"
URL = "https://podcast.example.vn/rss.xml"


def test_rss_enclosures_keep_audio_video_and_pdf_with_size_and_type() -> None:
    feed = parse_feed((DATA / "podcast.rss").read_bytes(), url=URL)
    first, second, third = feed.entries
    assert first.enclosures == (
        Enclosure("https://cdn.example.vn/audio/ban-tin-sang.mp3", "audio/mpeg", 48213000),
        Enclosure("https://podcast.example.vn/files/bao-cao.pdf", "application/pdf", None),
    )
    assert second.enclosures == (
        Enclosure("https://cdn.example.vn/audio/tai-lieu.m4a", "audio/mp4", None),
        Enclosure("https://cdn.example.vn/video/ha-noi.mp4", "video/mp4", 1200000),
    )
    assert third.enclosures == ()  # not an http(s) address
    assert [e.kind for e in first.enclosures + second.enclosures] == [
        "audio", "pdf", "audio", "video",
    ]  # fmt: skip


def test_atom_enclosure_links() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id>
<updated>2026-11-26T01:00:00Z</updated>
<entry><title>E</title><id>urn:e</id><updated>2026-11-26T01:00:00Z</updated>
<link rel="alternate" href="https://x.example.vn/e.html"/>
<link rel="enclosure" type="audio/ogg" length="3000" href="https://x.example.vn/e.ogg"/>
</entry></feed>"""
    entry = parse_feed(atom, url="https://x.example.vn/atom.xml").entries[0]
    assert entry.enclosures == (Enclosure("https://x.example.vn/e.ogg", "audio/ogg", 3000),)
    assert entry.link == "https://x.example.vn/e.html"


def test_json_feed_attachments_give_the_same_result() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Podcast Tin tức",
        "items": [
            {
                "id": "ban-tin-sang",
                "url": "https://podcast.example.vn/ban-tin-sang.html",
                "content_text": "Điểm tin buổi sáng.",
                "attachments": [
                    {
                        "url": "https://cdn.example.vn/audio/ban-tin-sang.mp3",
                        "mime_type": "audio/mpeg",
                        "size_in_bytes": 48213000,
                    },
                    {"url": "https://cdn.example.vn/img/anh.jpg", "mime_type": "image/jpeg"},
                    {"url": "/files/bao-cao.pdf", "mime_type": ""},
                    "not an object",
                ],
            }
        ],
    }
    parsed = parse_json_feed(json.dumps(doc).encode(), url=URL)
    rss_first = parse_feed((DATA / "podcast.rss").read_bytes(), url=URL).entries[0]
    assert parsed.entries[0].enclosures == rss_first.enclosures


def test_types_are_guessed_only_when_the_feed_says_nothing_useful() -> None:
    assert media_type("", "https://a.vn/x.mp3") == "audio/mpeg"
    assert media_type("application/octet-stream", "https://a.vn/x.pdf?dl=1") == "application/pdf"
    assert media_type("Audio/MPEG; charset=binary", "https://a.vn/x") == "audio/mpeg"
    assert media_type("", "https://a.vn/podcast") == ""
    many = [(f"https://a.vn/{i}.mp3", "", "-5") for i in range(20)]
    found = enclosures([*many, (many[0][0], "", "1")], "https://a.vn/")
    assert len(found) == 8 and all(e.length is None for e in found)
