"""plainurl: the URLs joining leaves unchanged, held to ``urljoin`` itself on generated URLs."""

from __future__ import annotations

import random
from urllib.parse import urljoin

from feedparser.urls import _urljoin

from newsreader.core.pages.plainurl import is_plain_absolute_url

BASES = ("http://127.0.1.1:18765/feeds/f.rss", "https://vnexpress.net/a/b/", "ftp://x/y", "")
PIECES = (
    "http", "https", "HTTP", "ftp", "://", ":/", "//", "/", "a", "vnexpress.net", "127.0.1.1",
    ":18765", ":", "-", ".", "..", "./", "../", "?", "?a=1", "&b=2", "#", "#top", ";p", "%20",
    " ", "\t", "\n", "@", "ả", "[::1]", "~u", "=", "+", "!", "*", "'", "(", ")", ",", "$", "_",
)  # fmt: skip


def _url(rng: random.Random) -> str:
    head = rng.choice(("http://", "https://", "https://", "HTTPS://", "", "//", "http:/"))
    host = rng.choice(("vnexpress.net", "127.0.1.1:18765", "a-b.vn", "a.vn:", "-a.vn", "", "ả.vn"))
    return head + host + "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))


def test_plain_urls_join_to_themselves() -> None:
    rng = random.Random(2026)
    plain = 0
    for _ in range(200_000):
        url = _url(rng)
        if is_plain_absolute_url(url):
            plain += 1
            for base in BASES:
                assert urljoin(base, url) == url, (base, url)
                if base:
                    assert _urljoin(base, url) == url, (base, url)
    assert plain > 5_000


def test_examples() -> None:
    assert is_plain_absolute_url("https://vnexpress.net/tin-4954454.html")
    assert is_plain_absolute_url("http://127.0.1.1:18765/img/3.png?w=130&h=100")
    for url in (
        "HTTP://a.vn/",  # the scheme is lower-cased by joining
        "https://a.vn/x#top",
        "https://a.vn/x?",
        "https://a.vn/x;p",
        "https://a.vn/ả",
        "https://a.vn/a b",
        "/relative",
        "https:///a.vn",
    ):
        assert not is_plain_absolute_url(url), url
