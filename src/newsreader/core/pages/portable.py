"""HTML that leaves the app: the sanitizer's output with its image references made plain URLs.

The window and the export show article bodies through `sanitize_html`, whose images are
``nrimg:<ref>`` references the viewer resolves from its cache. A reader outside the app (a script
reading ``newsreader show --json``) cannot resolve those, so `portable_html` applies the very same
policy and then writes every image back as the absolute http(s) URL the reference stands for.
Links are already absolute http(s)/mailto after sanitizing; nothing here adds markup.
`portable_text` is the same body as plain text for a terminal: no control character (an ESC
would start a terminal escape sequence), no bidi override.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from newsreader.core.pages.htmltext import html_to_text
from newsreader.core.pages.sanitize import (
    IMAGE_SCHEME,
    decode_image_ref,
    sanitize_html,
    strip_invisible,
)

__all__ = ["portable_html", "portable_text", "replace_image_refs"]

# The sanitizer writes every image as src="nrimg:<base64url>" (its output is canonical).
_IMG_REF = re.compile(rf'src="({IMAGE_SCHEME}:[^"]*)"')


def replace_image_refs(safe_html: str, source_for: Callable[[str], str | None]) -> str:
    """`safe_html` (sanitizer output) with each image's ``nrimg:`` reference replaced by
    ``source_for(url)`` for the http(s) URL behind it; None (or a forged reference) empties it."""

    def replace(match: re.Match[str]) -> str:
        url = decode_image_ref(match.group(1))
        source = source_for(url) if url is not None else None
        return f'src="{html.escape(source, quote=True)}"' if source else 'src=""'

    return _IMG_REF.sub(replace, safe_html)


def portable_html(html_text: str | None, *, base_url: str | None) -> str:
    """Untrusted HTML made safe by the window's policy, images pointing at their http(s) URLs."""
    return replace_image_refs(sanitize_html(html_text, base_url=base_url), lambda url: url)


def portable_text(html_text: str | None) -> str:
    """Untrusted HTML as plain text safe to print on a terminal (paragraphs on their own lines)."""
    return strip_invisible(html_to_text(html_text)) if html_text else ""
