"""Every way out of the command line is inert, for every file of the hostile corpus.

Each hostile feed (`tests/data/hostile/`) is served from 127.0.0.1 and subscribed to; each hostile
article page (`tests/data/articles/hostile/`) is served both as an item's HTML in a feed and as the
page behind an item's link (so its extracted full text is shown). Then `articles --json`,
`search --json` and `show ID --json` of every article must hold only inert HTML: the window's
sanitizer policy, links and images absolute http(s), no internal ``nrimg:`` reference. `--raw` is
the one way to get the feed's own HTML, and it says so.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer

from tests.clitools import Cli, serve

DATA = Path(__file__).resolve().parent / "data"
HOSTILE_FEEDS = sorted(p for p in (DATA / "hostile").iterdir() if p.suffix != ".md")
HOSTILE_PAGES = sorted((DATA / "articles" / "hostile").glob("*.html"))

# What the sanitizer may write (core/pages/sanitize.py), and what must never come out.
_NEVER_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "form", "input",
    "button", "textarea", "select", "svg", "math", "base", "meta", "link", "template", "noscript",
}  # fmt: skip
_URL_ATTRS = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background"}
_TEXT_FIELDS = ("title", "summary", "feed_title", "folder", "author", "snippet")


class _InertChecker(HTMLParser):
    """Collects everything in an HTML fragment that is not inert."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NEVER_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "class", "id"):
                self.problems.append(f"{tag}[{name}]")
            if name in _URL_ATTRS and value:
                ok = ("http", "https", "mailto") if name == "href" else ("http", "https")
                parts = urlsplit(value)
                if parts.scheme not in ok or (parts.scheme != "mailto" and not parts.netloc):
                    self.problems.append(f"{tag}[{name}={value!r}]")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def inert_problems(fragment: str) -> list[str]:
    checker = _InertChecker()
    checker.feed(fragment)
    checker.close()
    problems = checker.problems
    lowered = fragment.lower()
    problems += [f"text {w!r}" for w in ("nrimg:", "<script") if w in lowered]
    return problems


def check_article_doc(doc: dict[str, Any]) -> None:
    where = f"article {doc['id']} ({doc['title'][:40]!r})"
    for name in _TEXT_FIELDS:
        value = doc.get(name)
        if value:
            assert isinstance(value, str), where
            assert no_controls(value), f"{where}: {name} has control characters"
    for name in ("link", "thumbnail"):
        if doc.get(name):
            assert urlsplit(doc[name]).scheme in ("http", "https"), f"{where}: {name}"
    if "content_html" in doc:
        assert inert_problems(doc["content_html"] or "") == [], where


def check_every_way_out(cli: Cli) -> int:
    """Checks the JSON of every listing, search and article; returns how many were shown."""
    articles = cli.json("articles")
    for doc in articles:
        check_article_doc(doc)
        check_article_doc(cli.json("show", str(doc["id"])))
        # On a terminal: text only, no escape sequences or other control characters.
        code, text, _err = cli("show", str(doc["id"]))
        assert code == 0 and "<script" not in text.lower()
        check_terminal_text(text)
    for word in ("alert", "script", "a", "javascript"):
        for hit in cli.json("search", word):
            check_article_doc(hit)
        check_terminal_text(cli("search", word)[1])
    for feed in cli.json("feeds"):
        for name in ("title", "folder", "last_error"):
            assert not feed[name] or no_controls(feed[name]), feed
    for command in ("articles", "feeds"):
        check_terminal_text(cli(command)[1])
    return len(articles)


def no_controls(text: str) -> bool:
    return not [c for c in text if ord(c) < 32 and c not in "\n\t"]


def check_terminal_text(text: str) -> None:
    assert no_controls(text) and "\u202e" not in text


@pytest.mark.parametrize("path", HOSTILE_FEEDS, ids=lambda p: p.name)
def test_every_hostile_feed_leaves_the_cli_inert(
    path: Path, cli: Cli, httpserver: HTTPServer, tmp_path: Path
) -> None:
    if path.suffix == ".opml":
        text = path.read_text(encoding="utf-8")
        target = tmp_path / "hostile.opml"
        marker, canary = tmp_path / "marker", tmp_path / "canary"
        target.write_text(text.replace("@MARKER@", str(marker)).replace("@CANARY@", str(canary)))
        cli("import", str(target))
        for feed in cli.json("feeds"):
            assert urlsplit(feed["url"]).scheme in ("http", "https"), feed
        assert not marker.exists()
        return
    url = serve(httpserver, f"/{path.name}", path.read_bytes())
    code, _out, err = cli("add", url)  # some are refused with a clear error: that is fine
    assert code in (0, 1) and "Traceback" not in err
    check_every_way_out(cli)


def _feed_of_pages(base: str, pages: list[Path]) -> bytes:
    items = []
    for n, page in enumerate(pages):
        body = html.escape(page.read_text(encoding="utf-8"))
        # One item carries the page as its HTML (its link leads nowhere), one links to the page
        # (its full text is extracted from it).
        items.append(
            f"<item><title>inline {page.stem}</title><guid>in-{n}</guid>"
            f"<link>{base}/missing/{n}</link><description>{body}</description></item>"
        )
        items.append(
            f"<item><title>linked {page.stem}</title><guid>page-{n}</guid>"
            f"<link>{base}/page/{page.name}</link><description>short lead</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Hostile'
        f" pages</title><link>{base}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def test_every_hostile_page_leaves_the_cli_inert(cli: Cli, httpserver: HTTPServer) -> None:
    base = httpserver.url_for("").rstrip("/")
    for page in HOSTILE_PAGES:
        httpserver.expect_request(f"/page/{page.name}").respond_with_data(
            page.read_bytes(), content_type="text/html; charset=utf-8"
        )
    feed_url = serve(httpserver, "/pages.rss", _feed_of_pages(base, HOSTILE_PAGES))
    assert cli("add", feed_url)[0] == 0
    assert cli("refresh")[0] == 0  # fetches full text of the linked pages
    assert check_every_way_out(cli) == 2 * len(HOSTILE_PAGES)
    # The raw HTML is there for whoever asks, and only then.
    docs = {d["title"]: d for d in cli.json("articles")}
    scripts = docs["inline scripts"]["id"]
    raw = cli.json("show", str(scripts), "--raw")["content_html"]
    assert "<script>" in raw and inert_problems(raw)
    assert "<script" not in cli("show", str(scripts))[1]


def test_show_json_gives_images_as_http_urls(cli: Cli, httpserver: HTTPServer) -> None:
    body = html.escape(
        '<p>x</p><img src="/a.jpg" alt="A"><img src="nrimg:Zm9yZ2Vk"><a href="b.html">b</a>'
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>one</title><guid>1</guid><link>https://news.example/x/y.html</link>"
        f"<description>{body}</description></item></channel></rss>"
    ).encode()
    cli("add", serve(httpserver, "/f.rss", feed), "--json")
    (doc,) = cli.json("articles")
    content = cli.json("show", str(doc["id"]))["content_html"]
    # Relative URLs resolve against the feed (the parser does that, as for the window).
    assert f'src="{httpserver.url_for("/a.jpg")}"' in content
    assert f'href="{httpserver.url_for("/b.html")}"' in content
    assert "nrimg" not in content and inert_problems(content) == []


def test_show_help_says_what_raw_is(cli: Cli) -> None:
    code, out, _err = cli("show", "--help")
    assert code == 0
    assert "--raw" in out and "NOT sanitized" in out
