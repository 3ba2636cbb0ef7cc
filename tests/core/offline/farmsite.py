"""A small news site on a loopback address for the offline-content tests: a feed of lead-only
items, an article page per item (with a picture) and the pictures; it counts the requests and
the most it ever served at once, and can be told to answer pages with 429 Retry-After."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.core.offline.test_fulltext import png
from tests.feedgen import Item, rss

PARAGRAPH = (
    "Sáng nay, Thủ tướng đã chủ trì cuộc họp về tiến độ tuyến đường sắt đô thị Nhổn - ga Hà Nội,"
    " yêu cầu các bộ, ngành và thành phố tháo gỡ vướng mắc về mặt bằng để đưa toàn tuyến vào khai"
    " thác đúng hẹn, phục vụ hàng trăm nghìn lượt hành khách mỗi ngày."
)


def article_page(number: int) -> bytes:
    """An article page with six paragraphs (far more than the feed's lead) and a figure."""
    paragraphs = "".join(f"<p>{PARAGRAPH} ({number}.{n})</p>" for n in range(6))
    return (
        "<!doctype html><html lang=vi><head><meta charset=utf-8>"
        f"<title>Bài {number}</title></head><body><nav><a href=/>Trang chủ</a></nav>"
        f'<article><h1>Bài số {number}</h1><p class="description">Tin ngắn số {number}.</p>'
        f'<figure><img src="/img/{number}.png" alt="Ảnh {number}">'
        f"<figcaption>Ảnh minh hoạ {number}</figcaption></figure>{paragraphs}</article>"
        "<footer>Bản quyền</footer></body></html>"
    ).encode()


class Site:
    """The site's state; the handler below reads and updates it."""

    def __init__(self, articles: int, *, delay: float = 0.0) -> None:
        self.articles = articles
        self.delay = delay
        self.hits: Counter[str] = Counter()
        self.in_flight = 0
        self.most_at_once = 0
        self.busy: float | None = None  # answer pages with 429 and this Retry-After (seconds)
        self.lock = threading.Lock()
        self.base = ""

    def feed(self) -> bytes:
        items = [
            Item(f"Bài số {n}", f"bai-{n}", lead=f"Tin ngắn số {n}.", minutes_ago=n)
            for n in range(self.articles)
        ]
        return rss(items, host=self.base, title=f"Tin mới {self.base}")

    def pages_fetched(self) -> int:
        return sum(n for path, n in self.hits.items() if path.startswith("/bai-"))


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    _left = True

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site
        with site.lock:
            site.hits[self.path] += 1
            site.in_flight += 1
            site.most_at_once = max(site.most_at_once, site.in_flight)
        self._left = False
        try:
            self._answer(site)
        finally:
            self._leave(site)

    def _leave(self, site: Site) -> None:
        """The request is answered (called before the last bytes go out: the client can send
        its next request on this connection only after reading them)."""
        if not self._left:
            self._left = True
            with site.lock:
                site.in_flight -= 1

    def _answer(self, site: Site) -> None:
        if self.path == "/feed.rss":
            self._send(200, site.feed(), "application/rss+xml")
        elif self.path.startswith("/bai-"):
            time.sleep(site.delay)
            if site.busy is not None:
                self.send_response(429)
                self.send_header("Retry-After", f"{site.busy:g}")
                self.send_header("Content-Length", "0")
                self._leave(site)
                self.end_headers()
                return
            number = int(self.path.removeprefix("/bai-").removesuffix(".html"))
            self._send(200, article_page(number), "text/html; charset=utf-8")
        elif self.path.startswith("/img/"):
            self._send(200, png(), "image/png")
        else:
            self._send(404, b"", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self._leave(self.server.site)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site


@contextmanager
def serve_site(address: str, articles: int, *, delay: float = 0.0) -> Iterator[Site]:
    """`articles` lead-only items served on `address` (a loopback address) until the end."""
    server = _Server((address, 0), _Handler)
    site = Site(articles, delay=delay)
    server.site = site
    site.base = f"http://{address}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
