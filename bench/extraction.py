"""Article extraction quality and speed on the fixture pages: a table per method.

    python bench/extraction.py [--runs N] [--json]

Methods (each skipped when its package is not installed):

* ``trafilatura``: ``trafilatura.extract(..., output_format="xml", include_images=True)`` alone;
* ``readability``: readability-lxml's ``Document(html).summary()`` alone;
* ``nr-walk``: newsreader's own site-aware walk (no trafilatura);
* ``nr-traf``: newsreader with trafilatura for the body, plus its own figures/captions/metadata;
* ``newsreader``: what ``extract_article`` does (site-aware walk when a known body container is
  found, else trafilatura + figures) -- the choice.

Columns: ``text%`` share of the expected body text recovered (characters of expected paragraphs
found in the extracted body), ``paras`` paragraphs found, ``junk`` boilerplate snippets left in the
body (related links, "Xem thêm", comments, menus, ads), ``lead`` whether the lead is repeated in the
body, ``img`` expected images found, ``cap`` of those, with the right caption attached (for the raw
extractors: the caption text is present anywhere), ``ms`` median time per page. Listing pages count
as right ("ok") when the method finds no article.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from newsreader.core.pages.extract import _extract  # noqa: E402

PAGES = REPO / "tests" / "data" / "articles" / "pages"
CORPUS = REPO.parent / "shared" / "corpus" / "vn"
VNE = CORPUS / "articles" / "vnexpress" / "VnExpress_2025_10_22.html"
VNE_URL = "https://vnexpress.net/dau-bung-keo-dai-phat-hien-ung-thu-lymphoma-ruot-non-4954454.html"
VNE_IMAGE = (
    "https://vcdn1-suckhoe.vnecdn.net/2025/10/22/no-i-soi-be-nh-nha-n-176112077-8348-8268-"
    "1761120970.jpg?w=680&h=0&q=100&dpr=1&fit=crop&s=0dkY6HxMQ296HEwQI6B7ug"
)
# What is on the corpus page around the article, and must not end up in it.
VNE_BOILERPLATE = [
    "Trở lại Sức khỏe",
    "Copy link thành công",
    "Lưu bài viết",
    "Bấm để xem chi tiết",
    "Tất cả",
    "Góc nhìn",
    "Chia sẻ bài viết",
    "Lê Phương",
]


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", html.unescape(text)).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Case:
    name: str
    url: str
    raw: bytes
    expected: dict[str, Any]


def corpus_case() -> Case | None:
    """The real VnExpress page, with fundus' expected output turned into our expectations."""
    oracle_path = VNE.with_name("VnExpress_2025_10_22.fundus-expected.json")
    if not VNE.is_file() or not oracle_path.is_file():
        return None
    oracle = json.loads(oracle_path.read_text(encoding="utf-8"))["V1"]
    image = oracle["images"][0]
    caption = f"{image['caption']} Ảnh: {', '.join(image['authors'])}"
    paragraphs = [p for p in oracle["body"]["sections"][0]["paragraphs"] if norm(p) != caption]
    expected = {
        "url": VNE_URL,
        "article": True,
        "title": oracle["title"],
        "lead": oracle["body"]["summary"][0],
        "author": oracle["authors"][0],
        "paragraphs": paragraphs,
        "images": [{"url": VNE_IMAGE, "caption": caption}],
        "boilerplate": VNE_BOILERPLATE,
    }
    return Case("vnexpress-corpus (real)", VNE_URL, VNE.read_bytes(), expected)


def cases() -> list[Case]:
    found = []
    corpus = corpus_case()
    if corpus:
        found.append(corpus)
    listing = CORPUS / "listing-pages" / "e.vnexpress.net_homepage_2025-12.html"
    if listing.is_file():  # a real home page: no article on it
        found.append(
            Case(
                "e.vnexpress-home (real)",
                "https://e.vnexpress.net/",
                listing.read_bytes(),
                {"article": False},
            )
        )
    for page in sorted(PAGES.glob("*.html")):
        expected = json.loads((PAGES / f"{page.stem}.expected.json").read_text(encoding="utf-8"))
        found.append(Case(page.stem, expected["url"], page.read_bytes(), expected))
    return found


@dataclass
class Output:
    """What a method produced, reduced to what is scored."""

    body_text: str
    images: list[tuple[str, str | None]]  # (url, attached caption or None)
    all_text: str  # everything the method output (captions included), for raw methods
    attached_captions: bool


def run_newsreader(strategy: str) -> Callable[[Case], Output | None]:
    def run(case: Case) -> Output | None:
        article = _extract(case.raw, case.url, strategy=strategy)
        if article is None:
            return None
        body = re.sub(r"<figure>.*?</figure>", " ", article.body_html, flags=re.S)
        text = norm(re.sub(r"<[^>]+>", " ", body))
        images = [(i.url, i.caption) for i in article.images]
        return Output(text, images, text, True)

    return run


def run_trafilatura(case: Case) -> Output | None:
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        case.raw, url=case.url, output_format="xml", include_images=True, include_comments=False
    )
    if not xml:
        return None
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    text = norm(" ".join(main.itertext())) if main is not None else ""
    images = [(g.get("src") or "", None) for g in root.iter("graphic")]
    return Output(text, images, text, False)


def run_readability(case: Case) -> Output | None:
    import lxml.html
    from readability import Document

    summary = Document(case.raw).summary(html_partial=True)
    if not summary:
        return None
    tree = lxml.html.fromstring(summary)
    text = norm(tree.text_content())
    images = []
    for img in tree.iter("img"):
        for attr in ("src", "data-src", "data-original", "data-lazy-src"):
            value = img.get(attr)
            if value and not value.startswith("data:"):
                from urllib.parse import urljoin

                images.append((urljoin(case.url, value), None))
                break
    return Output(text, images, text, False)


def available_methods() -> dict[str, Callable[[Case], Output | None]]:
    methods: dict[str, Callable[[Case], Output | None]] = {}
    try:
        import trafilatura  # noqa: F401

        methods["trafilatura"] = run_trafilatura
    except ImportError:
        pass
    try:
        import readability  # noqa: F401

        methods["readability"] = run_readability
    except ImportError:
        pass
    methods["nr-walk"] = run_newsreader("walk")
    if "trafilatura" in methods:
        methods["nr-traf"] = run_newsreader("trafilatura")
    methods["newsreader"] = run_newsreader("auto")
    return methods


def score(case: Case, out: Output | None, ms: float) -> dict[str, Any]:
    exp = case.expected
    if not exp.get("article", True):
        return {"page": case.name, "listing": True, "ok": out is None, "ms": ms}
    if out is None:
        paragraphs = exp["paragraphs"]
        return {
            "page": case.name, "text%": 0.0, "paras": f"0/{len(paragraphs)}", "junk": 0,
            "lead": "-", "img": f"0/{len(exp['images'])}", "cap": f"0/{len(exp['images'])}",
            "ms": ms, "none": True,
        }  # fmt: skip
    body = out.body_text
    paragraphs = [norm(p) for p in exp["paragraphs"]]
    found = [p for p in paragraphs if p in body]
    share = 100.0 * sum(map(len, found)) / max(1, sum(map(len, paragraphs)))
    junk = [b for b in exp.get("boilerplate", []) if norm(b) in body]
    lead = exp.get("lead")
    lead_dup = bool(lead) and norm(lead)[:60] in body
    urls = {u for u, _ in out.images}
    images_found = [i for i in exp["images"] if i["url"] in urls]
    if out.attached_captions:
        attached = dict(out.images)
        captions = [
            i
            for i in images_found
            if norm(attached.get(i["url"]) or "") == norm(i["caption"] or "")
        ]
    else:
        captions = [
            i for i in images_found if i["caption"] is None or norm(i["caption"]) in out.all_text
        ]
    return {
        "page": case.name,
        "text%": share,
        "paras": f"{len(found)}/{len(paragraphs)}",
        "junk": len(junk),
        "junk_list": junk,
        "lead": "dup" if lead_dup else "ok",
        "img": f"{len(images_found)}/{len(exp['images'])}",
        "cap": f"{len(captions)}/{len(exp['images'])}",
        "ms": ms,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per page (median)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    all_cases = cases()
    rows: dict[str, list[dict[str, Any]]] = {}
    for method, run in available_methods().items():
        run(all_cases[0])  # warm up (imports)
        rows[method] = []
        for case in all_cases:
            times = []
            out = None
            for _ in range(max(1, args.runs)):
                start = time.perf_counter()
                out = run(case)
                times.append((time.perf_counter() - start) * 1000)
            rows[method].append(score(case, out, statistics.median(times)))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for method, method_rows in rows.items():
        print(f"\n## {method}\n")
        print("| page | text% | paras | junk | lead | img | cap | ms |")
        print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
        for r in method_rows:
            if r.get("listing"):
                verdict = "None (ok)" if r["ok"] else "**article (wrong)**"
                print(f"| {r['page']} | listing: {verdict} | | | | | | {r['ms']:.1f} |")
                continue
            print(
                f"| {r['page']} | {r['text%']:.0f} | {r['paras']} | {r['junk']} | {r['lead']} | "
                f"{r['img']} | {r['cap']} | {r['ms']:.1f} |"
            )
        articles = [r for r in method_rows if not r.get("listing")]
        text = statistics.mean(r["text%"] for r in articles)
        junk = sum(r["junk"] for r in articles)
        imgs = sum(int(r["img"].split("/")[0]) for r in articles)
        caps = sum(int(r["cap"].split("/")[0]) for r in articles)
        total = sum(int(r["img"].split("/")[1]) for r in articles)
        ms = statistics.median(r["ms"] for r in method_rows)
        print(
            f"| **all** | **{text:.1f}** | | **{junk}** | | **{imgs}/{total}** | "
            f"**{caps}/{total}** | **{ms:.1f}** (median) |"
        )
        for r in articles:
            if r.get("junk_list"):
                print(f"  - {r['page']}: left in: {'; '.join(r['junk_list'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
