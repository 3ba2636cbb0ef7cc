"""Real pages from real newsrooms (tests/data/vn-real, copied from ../shared/corpus/vn-real):
what each page should give, and how close extraction comes. ``python -m tests.vnreal`` prints the
numbers docs/design/real-pages.md reports."""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import lxml.html  # type: ignore[import-untyped]

from newsreader.core.pages.extract import ExtractedArticle, extract_article
from newsreader.core.pages.listings import parse_listing, recipe_for

DATA = Path(__file__).resolve().parent / "data" / "vn-real"
ARTICLES: dict[str, dict[str, Any]] = json.loads(
    (DATA / "articles.expected.json").read_text(encoding="utf-8")
)

# Home pages: where they were served, and the shape of the outlet's article URLs (read off the
# pages: VnExpress numbers articles with 7 digits, Dân trí with 6 (2013) or a 15-17 digit
# timestamp, and its video pages live under /video-<id>/).
_VNEXPRESS = r"^https://(?:video\.)?vnexpress\.net/[\w/-]+-\d{7}(?:-[\w-]+)?\.html$"
_DANTRI = (
    r"^https?://(?:[\w-]+\.)?dantri\.com\.vn/"
    r"(?:[\w/%-]*-\d{5,}\.html?|video-\d+/[\w-]+\.htm)$"
)
LISTINGS: dict[str, tuple[str, str]] = {
    "vnexpress/listing_home_2022-04-21_browser-saved": ("https://vnexpress.net/", _VNEXPRESS),
    "vnexpress/listing_home_2024-03-18_browser-saved": ("https://vnexpress.net/", _VNEXPRESS),
    "dantri/listing_home_2013-09": ("https://dantri.com.vn/", _DANTRI),
    "dantri/listing_home_2017-08-12": ("https://dantri.com.vn/", _DANTRI),
    "dantri/listing_home_2019-03-18": ("https://dantri.com.vn/", _DANTRI),
    "dantri/listing_home_2019-06-26": ("https://dantri.com.vn/", _DANTRI),
    "dantri/listing_home_2020-12-21": ("https://dantri.com.vn/", _DANTRI),
    "dantri/listing_home_2024-05-11_browser-saved": ("https://dantri.com.vn/", _DANTRI),
}
# Links of the article shape that are not articles (a footer link).
NOT_ARTICLES = frozenset({"https://dantri.com.vn/suc-manh-so/privacy-policy-20190514153010649.htm"})


def page_bytes(name: str) -> bytes:
    return gzip.decompress((DATA / f"{name}.html.gz").read_bytes())


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def body_blocks(article: ExtractedArticle) -> list[str]:
    """The text of each paragraph-like block of the body, figures left out, in order."""
    html = re.sub(r"<figure>.*?</figure>", "", article.body_html, flags=re.S)
    blocks = re.findall(r"<(p|h3|li|blockquote|td|th)>(.*?)</\1>", html, flags=re.S)
    out = []
    for _, inner in blocks:
        text = re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", inner))
        for entity, char in (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"')):
            text = text.replace(entity, char)
        if norm(text):
            out.append(norm(text))
    return out


@dataclass(frozen=True)
class ArticleScore:
    paragraphs_found: int
    paragraphs_expected: int
    in_order: bool
    extra_lines: list[str]  # body lines that are not the article's paragraphs: boilerplate
    images_found: int
    images_expected: int
    title_ok: bool
    lead_ok: bool
    author_ok: bool
    published_ok: bool

    def __str__(self) -> str:
        flags = "".join(
            c if ok else "-"
            for c, ok in zip(
                "TLAD",
                (self.title_ok, self.lead_ok, self.author_ok, self.published_ok),
                strict=True,
            )
        )
        return (
            f"paragraphs {self.paragraphs_found}/{self.paragraphs_expected}"
            f"{'' if self.in_order else ' (order!)'}, boilerplate lines {len(self.extra_lines)}, "
            f"figures {self.images_found}/{self.images_expected}, {flags}"
        )


def score_article(article: ExtractedArticle | None, expected: dict[str, Any]) -> ArticleScore:
    paragraphs = [norm(p) for p in expected["paragraphs"]]
    images = [(i["url"], i["caption"]) for i in expected["images"]]
    if article is None:
        return ArticleScore(0, len(paragraphs), False, [], 0, len(images), *(False,) * 4)
    lines = body_blocks(article)
    found = [p for p in paragraphs if p in lines]
    positions = [lines.index(p) for p in found]
    published = expected["published"]
    return ArticleScore(
        paragraphs_found=len(found),
        paragraphs_expected=len(paragraphs),
        in_order=positions == sorted(positions),
        extra_lines=[line for line in lines if line not in paragraphs],
        images_found=sum(1 for i in images if i in [(x.url, x.caption) for x in article.images]),
        images_expected=len(images),
        title_ok=norm(article.title) == norm(expected["title"]),
        lead_ok=norm(article.lead) == norm(expected["lead"]),
        author_ok=article.author == expected["author"],
        published_ok=(article.published == datetime.fromisoformat(published))
        if published
        else article.published is None,
    )


def extract(name: str, data: bytes | None = None) -> ExtractedArticle | None:
    return extract_article(page_bytes(name) if data is None else data, url=ARTICLES[name]["url"])


# --- home pages ---------------------------------------------------------------------------------


def _canonical(url: str) -> str:
    return urldefrag(url)[0].split("?")[0].replace("http://", "https://", 1)


def expected_links(name: str) -> list[str]:
    """The page's distinct article links, read from its <a href>s (never from <script>)."""
    base, shape = LISTINGS[name]
    root = lxml.html.document_fromstring(page_bytes(name))
    links = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.startswith(("javascript:", "#")):
            url = _canonical(urljoin(base, href))
            if re.match(shape, url) and url not in NOT_ARTICLES:
                links.append(url)
    return list(dict.fromkeys(links))


def script_only_links(name: str) -> set[str]:
    """Article-shaped URLs that occur in the page's <script>s and in no <a href>."""
    base, shape = LISTINGS[name]
    root = lxml.html.document_fromstring(page_bytes(name))
    in_scripts = {
        _canonical(urljoin(base, m))
        for script in root.iter("script")
        for m in re.findall(
            r"""(?:https?:)?//[^\s'"<>]+|/[\w/-]+-\d{5,}\.html?""", script.text or ""
        )
    }
    return {u for u in in_scripts if re.match(shape, u)} - set(expected_links(name))


@dataclass(frozen=True)
class ListingScore:
    found: int
    expected: int
    returned: int
    noise: list[str]

    @property
    def recall(self) -> float:
        return self.found / max(self.expected, 1)

    @property
    def noise_rate(self) -> float:
        return len(self.noise) / max(self.returned, 1)

    def __str__(self) -> str:
        return (
            f"headlines {self.found}/{self.expected} ({self.recall:.0%}), "
            f"noise {len(self.noise)}/{self.returned} ({self.noise_rate:.1%})"
        )


def listing_links(name: str, *, use_recipe: bool, data: bytes | None = None) -> list[str]:
    base, _ = LISTINGS[name]
    feed = parse_listing(
        page_bytes(name) if data is None else data, url=base, use_recipe=use_recipe
    )
    return [_canonical(e.link or "") for e in feed.entries]


def score_listing(name: str, links: list[str]) -> ListingScore:
    expected = set(expected_links(name))
    return ListingScore(
        found=len(expected & set(links)),
        expected=len(expected),
        returned=len(links),
        noise=[u for u in links if u not in expected],
    )


def main() -> None:
    for name, expected in ARTICLES.items():
        print(f"{name}: {score_article(extract(name), expected)}")
    for name, (base, _) in LISTINGS.items():
        generic = score_listing(name, listing_links(name, use_recipe=False))
        recipe = recipe_for(base)
        line = f"{name}: generic {generic}"
        if recipe is not None:
            line += f"; recipe {score_listing(name, listing_links(name, use_recipe=True))}"
        print(line)


if __name__ == "__main__":
    main()
