"""Canonical links: the decorations feeds put on one story's link all fold to one key."""

from __future__ import annotations

import pytest

from newsreader.core.canonical import story_key, strip_tracking

KEY = "vnexpress.net/gia-vang-123.html"


@pytest.mark.parametrize(
    "link",
    [
        "https://vnexpress.net/gia-vang-123.html",
        "http://vnexpress.net/gia-vang-123.html",
        "https://www.vnexpress.net/gia-vang-123.html",
        "https://WWW.VnExpress.NET/gia-vang-123.html",
        "https://vnexpress.net/gia-vang-123.html/",
        "https://vnexpress.net/gia-vang-123.html#box_comment",
        "https://vnexpress.net/gia-vang-123.html?utm_source=rss&utm_medium=feed",
        "https://vnexpress.net/gia-vang-123.html?fbclid=IwAR0&gclid=x",
        "https://vnexpress.net:443/gia-vang-123.html",
        " https://vnexpress.net/gia-vang-123.html ",
    ],
)
def test_decorations_fold_to_one_key(link: str) -> None:
    assert story_key(link) == KEY


def test_what_names_another_page_stays_apart() -> None:
    assert story_key("https://vnexpress.net/gia-vang-124.html") != KEY
    assert story_key("https://e.vnexpress.net/gia-vang-123.html") != KEY
    assert story_key("https://vnexpress.net/Gia-Vang-123.html") != KEY  # paths keep their case
    assert story_key("https://vnexpress.net/a?id=1") != story_key("https://vnexpress.net/a?id=2")
    assert story_key("https://vnexpress.net:8080/gia-vang-123.html") != KEY
    assert story_key("https://vnexpress.net/a?id=1&utm_source=x") == "vnexpress.net/a?id=1"


@pytest.mark.parametrize(
    "link", [None, "", "ftp://x.vn/a", "mailto:a@b.vn", "/relative", "http://"]
)
def test_no_key_without_a_web_link(link: str | None) -> None:
    assert story_key(link) is None


def test_strip_tracking_keeps_the_rest_in_order() -> None:
    assert strip_tracking("b=2&utm_campaign=x&a=1") == "b=2&a=1"
    assert strip_tracking("a=1&b=2") == "a=1&b=2"
    assert strip_tracking("") == ""
