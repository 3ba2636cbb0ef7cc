"""Canonical links: the decorations feeds put on one story's link all fold to one key."""

from __future__ import annotations

import random
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsreader.core.canonical import _PLAIN_LINK, story_key, strip_tracking

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


# -- the plain-link fast path against the URL parsing it skips (an oracle copy of it) ------------


def _parsed_story_key(link: str | None) -> str | None:
    """`story_key` as it was before its fast path: every link through `urlsplit`."""
    if not link:
        return None
    try:
        parts = urlsplit(link.strip())
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if scheme not in ("http", "https") or not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = strip_tracking(parts.query)
    return host + path + ("?" + query if query else "")


_SCHEMES = ["http://", "https://", "HTTP://", "Https://", "ftp://", "", "http:/", "https:"]
_HOSTS = [
    "vnexpress.net", "www.vnexpress.net", "WWW.VnExpress.NET", "vnexpress.net.", ".", "..",
    "www.", "www.x", "a-b.c0.vn", "xn--th-e0a.vn", "thế.vn", "vnexpress.net:443", "v.net:80",
    "v.net:8080", "v.net:", "v.net:99999", "user@v.net", "u:p@v.net", "[::1]", "[::1]:8080",
    "127.0.0.1", "", "-", "v_n.net", "v net",
]  # fmt: skip
_ODD_CHARS = [" ", "\t", "\n", "\\", "[", "]", '"', "<", ">", "^", "`", "{", "|", "}", "ế", "\x00"]
_PATH_CHARS = [*"abcXYZ019-._~/%!$&'()*+,;=:@", "/", "//", *_ODD_CHARS, "\x7f", "\u200b"]
_QUERIES = ["", "?", "?a=1", "?utm_source=x", "?a=1&utm_medium=y", "?id=1#x", "#frag", "#"]


def _link(rng: random.Random) -> str:
    """Half the time an everyday link with a little twist, else anything near a link."""
    everyday = rng.random() < 0.5
    chars = _PATH_CHARS[: -len(_ODD_CHARS) - 2] if everyday else _PATH_CHARS
    path = "".join(rng.choice(chars) for _ in range(rng.randrange(0, 12)))
    if path and rng.random() < 0.8:
        path = "/" + path
    if everyday:
        host = rng.choice(["vnexpress.net", "www.vnexpress.net", "v.net.", ".", "www.", "a-b.c0"])
        link = rng.choice(["http://", "https://"]) + host + path
        if rng.random() < 0.1:  # and one odd character anywhere
            at = rng.randrange(len(link) + 1)
            link = link[:at] + rng.choice([*_ODD_CHARS, "?", "#", ":", "A"]) + link[at:]
        return link
    pad = rng.choice(["", "", "", " ", "\t", "\n ", "\x01"])
    link = rng.choice(_SCHEMES) + rng.choice(_HOSTS) + path + rng.choice(_QUERIES)
    return pad + link + rng.choice(["", "", "", " ", "\n"])


def test_the_fast_path_gives_what_url_parsing_gives() -> None:
    rng = random.Random(15)
    plain = 0
    for _ in range(200_000):
        link = _link(rng)
        assert story_key(link) == _parsed_story_key(link), link
        plain += _PLAIN_LINK.match(link) is not None
    assert plain > 60_000  # the fast path was taken, and often


def test_the_fast_path_on_the_corpus_links(shared_corpus: Path) -> None:
    links = set()
    for path in shared_corpus.rglob("*"):
        if path.is_file() and path.stat().st_size < 5_000_000:
            links.update(re.findall(r"https?://[^\s<>\"'\]]+", path.read_text(errors="replace")))
    assert len(links) > 1000
    for link in links:
        assert story_key(link) == _parsed_story_key(link), link
