"""Export saved articles as self-contained HTML files (images alongside) that open offline.

Each article becomes `<date>-<slug>-<id>.html` in the target directory, its images copied into
`images/` and referred to by relative paths, and an `index.html` lists them all. The body is the
same sanitized HTML the window shows (no script, no remote resource), so a browser reading the
export makes no request at all.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsreader.core.atomic import SHARED_MODE, atomic_write
from newsreader.core.models import Article
from newsreader.core.offline.images import ImageCache, sniff_image_type
from newsreader.core.pages.portable import replace_image_refs
from newsreader.core.pages.sanitize import encode_image_ref, sanitize_html

_EXTENSIONS = {
    "jpeg": ".jpg",
    "png": ".png",
    "gif": ".gif",
    "webp": ".webp",
    "avif": ".avif",
    "bmp": ".bmp",
}

_STYLE = """
body { font-family: "Noto Serif", Georgia, "DejaVu Serif", serif; line-height: 1.6;
       max-width: 42em; margin: 2em auto; padding: 0 1em; color: #1d1d1f; background: #fff; }
h1 { font-family: "Noto Sans", "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }
.meta { color: #6e6e73; font-size: 0.9em; }
.lead { font-weight: bold; }
img { max-width: 100%; height: auto; }
figcaption { color: #6e6e73; font-size: 0.9em; }
a { color: #0a58ca; }
@media (prefers-color-scheme: dark) {
  body { color: #e8e8ea; background: #1c1c1e; } .meta, figcaption { color: #a1a1a6; }
  a { color: #6ea8fe; } }
"""


@dataclass(frozen=True, slots=True)
class ExportResult:
    directory: Path
    articles: int
    images: int
    missing_images: int  # images not in the cache (the export shows their alt text)


def _slug(text: str, limit: int = 60) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return slug[:limit].rstrip("-") or "article"


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src 'self'; style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def export_saved(
    articles: list[Article],
    images: ImageCache,
    directory: Path,
    *,
    local_time: Callable[[Article], str],
) -> ExportResult:
    """Write `articles` (full ones, with content) into `directory`; returns what was written."""
    directory.mkdir(parents=True, exist_ok=True)
    image_dir = directory / "images"
    image_dir.mkdir(exist_ok=True)
    written_images: dict[str, str] = {}
    missing = 0
    index_rows: list[str] = []
    for article in articles:
        body = sanitize_html(article.content_html, base_url=article.link)

        def local(url: str) -> str | None:
            nonlocal missing
            if url not in written_images:
                data = images.get(url)
                kind = sniff_image_type(data) if data else None
                if data is None or kind is None:
                    missing += 1
                    return None
                name = images.path_for(url).name[:32] + _EXTENSIONS.get(kind, ".img")
                atomic_write(image_dir / name, data, mode=SHARED_MODE)
                written_images[url] = name
            return f"images/{written_images[url]}"

        body = replace_image_refs(body, local)
        thumb = ""
        if article.thumbnail and "<img" not in body:
            ref = replace_image_refs(f'src="{encode_image_ref(article.thumbnail)}"', local)
            if ref != 'src=""':
                thumb = f'<figure><img {ref} alt=""></figure>'
        meta = " · ".join(
            html.escape(x)
            for x in (article.feed_title, article.author or "", local_time(article))
            if x
        )
        original = (
            f'<p><a href="{html.escape(article.link)}">Bài gốc / Original article →</a></p>'
            if article.link and article.link.startswith(("http://", "https://"))
            else ""
        )
        lead = f'<p class="lead">{html.escape(article.summary)}</p>' if article.summary else ""
        page = (
            f'<article><h1>{html.escape(article.title)}</h1>\n<p class="meta">{meta}</p>\n'
            f"{lead}\n{thumb}\n{body}\n{original}</article>"
        )
        date = article.sort_time.strftime("%Y-%m-%d")
        name = f"{date}-{_slug(article.title)}-{article.id}.html"
        atomic_write(
            directory / name,
            _document(article.title, page).encode("utf-8"),
            mode=SHARED_MODE,
        )
        index_rows.append(
            f'<li><a href="{html.escape(name)}">{html.escape(article.title)}</a>'
            f' <span class="meta">{meta}</span></li>'
        )
    listing = "\n".join(index_rows)
    index = _document("Saved articles", f"<h1>Saved articles</h1>\n<ul>\n{listing}\n</ul>")
    atomic_write(directory / "index.html", index.encode("utf-8"), mode=SHARED_MODE)
    return ExportResult(directory, len(articles), len(written_images), missing)
