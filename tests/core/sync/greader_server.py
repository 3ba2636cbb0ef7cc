"""A Google Reader API server for tests, written from the published protocol (FreshRSS's API
notes, Inoreader's and The Old Reader's API pages, BazQux's "right way to sync"), on 127.0.0.1.

State is in memory: users, feeds with labels, items with read/starred flags and a crawl time.
`expire_sessions()` makes every Auth token answer 401, as a server does when a session ends.
Every request is counted in `requests` (path without the API prefix).
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

API = "/reader/api/0/"
READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL = "user/-/label/"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"


@dataclass
class Item:
    id: int
    feed: str  # stream id "feed/<url>"
    title: str
    html: str
    link: str
    published: int
    crawl_usec: int
    read: bool = False
    starred: bool = False


@dataclass
class Sub:
    id: str
    title: str
    url: str
    html_url: str
    labels: set[str] = field(default_factory=set)


class State:
    def __init__(self, user: str, password: str) -> None:
        self.lock = threading.RLock()
        self.users = {user: password}
        self.tokens: set[str] = set()
        self.post_tokens: set[str] = set()
        self.subs: dict[str, Sub] = {}
        self.items: dict[int, Item] = {}
        self.requests: Counter[str] = Counter()
        self.next_id = 1_000_000_000_000  # beyond 32 bits, as real servers' ids are
        self.clock_usec = 1_700_000_000_000_000
        self.empty_labels: set[str] = set()
        self.max_n = 10_000  # the most ids one stream/items/ids answer holds
        self.delay = 0.0  # seconds every answer waits (a slow server)
        self.feed_titles: dict[str, str] = {}  # items keep their source's name after unsubscribing

    # -- what a test does "on the server" (another client, or the web UI) --

    def add_feed(self, url: str, title: str, label: str | None = None) -> str:
        with self.lock:
            sid = "feed/" + url
            self.feed_titles[sid] = title
            self.subs[sid] = Sub(
                sid, title, url, url.rsplit("/", 1)[0], {label} if label else set()
            )
            return sid

    def add_item(self, feed: str, title: str, *, html: str = "", read: bool = False) -> str:
        with self.lock:
            self.next_id += 7
            self.clock_usec += 1_000_000
            item = Item(
                self.next_id, feed, title, html or f"<p>{title}</p>", f"https://example.org/{self.next_id}",
                self.clock_usec // 1_000_000, self.clock_usec, read=read,
            )  # fmt: skip
            self.items[item.id] = item
            return str(item.id)

    def expire_sessions(self) -> None:
        with self.lock:
            self.tokens.clear()
            self.post_tokens.clear()

    def item(self, decimal_id: str) -> Item:
        return self.items[int(decimal_id)]

    # -- streams --

    def in_stream(self, item: Item, stream: str) -> bool:
        if stream == READING_LIST:
            return item.feed in self.subs
        if stream == READ:
            return item.read
        if stream == STARRED:
            return item.starred
        if stream.startswith(LABEL):
            sub = self.subs.get(item.feed)
            return sub is not None and stream[len(LABEL) :] in sub.labels
        return item.feed == stream


def _parse_item_id(text: str) -> int:
    if text.startswith(ITEM_PREFIX):
        return int(text[len(ITEM_PREFIX) :], 16)
    return int(text)


class Handler(BaseHTTPRequestHandler):
    server: GReaderServer

    def log_message(self, *args: Any) -> None:
        pass

    def _send(
        self,
        status: int,
        body: str | dict[str, Any],
        ctype: str = "text/plain",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = (json.dumps(body) if isinstance(body, dict) else body).encode()
        if isinstance(body, dict):
            ctype = "application/json"
        self.send_response(status)
        self.send_header("Content-Type", ctype + "; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        form: list[tuple[str, str]] = []
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True)
        path = parts.path[len(self.server.prefix) :]
        if state.delay:
            import time

            time.sleep(state.delay)
        if self.server.html_instead:
            self._send(200, "<html><body>Welcome to my blog</body></html>", "text/html")
            return
        with state.lock:
            state.requests[path.removeprefix(API)] += 1
            if path == "/accounts/ClientLogin":
                f = dict(form)
                if state.users.get(f.get("Email", "")) != f.get("Passwd"):
                    self._send(401, "Error=BadAuthentication\n")
                    return
                token = f"{f['Email']}/{secrets.token_hex(20)}"
                state.tokens.add(token)
                self._send(200, f"SID={token}\nLSID=null\nAuth={token}\n")
                return
            if not path.startswith(API):
                self._send(404, "not found")
                return
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("GoogleLogin auth=") or auth[17:] not in state.tokens:
                self._send(401, "Unauthorized")
                return
            name = path[len(API) :]
            values = query + form
            if method == "POST" and name != "stream/items/contents":
                t = dict(form).get("T")
                if t not in state.post_tokens:
                    self._send(401, "Unauthorized", headers={"X-Reader-Google-Bad-Token": "true"})
                    return
            handler = getattr(self, "api_" + name.replace("/", "_").replace("-", "_"), None)
            if handler is None:
                self._send(404, "unknown call")
                return
            handler(state, values)

    # -- calls --

    def api_token(self, state: State, values: list[tuple[str, str]]) -> None:
        t = secrets.token_hex(16)
        state.post_tokens.add(t)
        self._send(200, t)

    def api_user_info(self, state: State, values: list[tuple[str, str]]) -> None:
        self._send(200, {"userId": "1", "userName": next(iter(state.users))})

    def api_subscription_list(self, state: State, values: list[tuple[str, str]]) -> None:
        self._send(200, {"subscriptions": [
            {"id": s.id, "title": s.title, "url": s.url, "htmlUrl": s.html_url,
             "categories": [{"id": LABEL + lab, "label": lab} for lab in sorted(s.labels)]}
            for s in state.subs.values()
        ]})  # fmt: skip

    def api_tag_list(self, state: State, values: list[tuple[str, str]]) -> None:
        labels = {lab for s in state.subs.values() for lab in s.labels} | state.empty_labels
        tags = [{"id": STARRED}] + [{"id": LABEL + lab, "type": "folder"} for lab in sorted(labels)]
        self._send(200, {"tags": tags})

    def api_stream_items_ids(self, state: State, values: list[tuple[str, str]]) -> None:
        v = dict(values)
        stream = v.get("s", READING_LIST)
        n = min(int(v.get("n", "20")), state.max_n)
        excluded = [val for key, val in values if key == "xt"]
        ot = int(v["ot"]) * 1_000_000 if "ot" in v else None
        nt = int(v["nt"]) * 1_000_000 if "nt" in v else None
        chosen = [
            it for it in state.items.values()
            if state.in_stream(it, stream)
            and not any(state.in_stream(it, x) for x in excluded)
            and (ot is None or it.crawl_usec >= ot)
            and (nt is None or it.crawl_usec < nt)
        ]  # fmt: skip
        chosen.sort(key=lambda it: it.crawl_usec, reverse=v.get("r") != "o")
        start = int(v.get("c") or 0)
        page = chosen[start : start + n]
        doc: dict[str, Any] = {"itemRefs": [
            {"id": str(it.id), "directStreamIds": [], "timestampUsec": str(it.crawl_usec)}
            for it in page
        ]}  # fmt: skip
        if start + n < len(chosen):
            doc["continuation"] = str(start + n)
        self._send(200, doc)

    def api_stream_items_contents(self, state: State, values: list[tuple[str, str]]) -> None:
        items = []
        for key, val in values:
            if key != "i":
                continue
            it = state.items.get(_parse_item_id(val))
            if it is None:
                continue
            sub = state.subs.get(it.feed)
            cats = [READING_LIST] + ([READ] if it.read else []) + ([STARRED] if it.starred else [])
            cats += [LABEL + lab for lab in sorted(sub.labels)] if sub else []
            items.append({
                "id": f"{ITEM_PREFIX}{it.id:016x}", "crawlTimeMsec": str(it.crawl_usec // 1000),
                "timestampUsec": str(it.crawl_usec), "published": it.published,
                "title": it.title, "canonical": [{"href": it.link}],
                "alternate": [{"href": it.link}], "categories": cats,
                "origin": {"streamId": it.feed, "title": state.feed_titles.get(it.feed, "")},
                "summary": {"content": it.html}, "author": "Tester",
            })  # fmt: skip
        self._send(200, {"id": READING_LIST, "updated": 0, "items": items})

    def api_edit_tag(self, state: State, values: list[tuple[str, str]]) -> None:
        ids = [_parse_item_id(val) for key, val in values if key == "i"]
        for key, val in values:
            if key not in ("a", "r"):
                continue
            flag = {READ: "read", STARRED: "starred"}.get(val)
            for i in ids:
                if flag and i in state.items:
                    setattr(state.items[i], flag, key == "a")
        self._send(200, "OK")

    def api_rename_tag(self, state: State, values: list[tuple[str, str]]) -> None:
        v = dict(values)
        old, new = v["s"][len(LABEL) :], v["dest"][len(LABEL) :]
        for s in state.subs.values():
            if old in s.labels:
                s.labels = (s.labels - {old}) | {new}
        self._send(200, "OK")

    def api_disable_tag(self, state: State, values: list[tuple[str, str]]) -> None:
        old = dict(values)["s"][len(LABEL) :]
        for s in state.subs.values():
            s.labels.discard(old)
        state.empty_labels.discard(old)
        self._send(200, "OK")

    def api_subscription_edit(self, state: State, values: list[tuple[str, str]]) -> None:
        v = dict(values)
        sid, action = v["s"], v.get("ac", "edit")
        if action == "unsubscribe":
            state.subs.pop(sid, None)
        elif action == "subscribe":
            state.subs.setdefault(sid, Sub(sid, v.get("t") or sid, sid[5:], sid[5:]))
        sub = state.subs.get(sid)
        if sub is not None and action in ("edit", "subscribe"):
            if v.get("t"):
                sub.title = v["t"]
            for key, val in values:
                if key == "a" and val.startswith(LABEL):
                    sub.labels.add(val[len(LABEL) :])
                if key == "r" and val.startswith(LABEL):
                    sub.labels.discard(val[len(LABEL) :])
        self._send(200, "OK")

    def api_subscription_quickadd(self, state: State, values: list[tuple[str, str]]) -> None:
        url = dict(values)["quickadd"]
        sid = state.add_feed(url, "Quick " + url.rsplit("/", 1)[-1])
        self._send(
            200,
            {"numResults": 1, "query": url, "streamId": sid, "streamName": state.subs[sid].title},
        )

    def api_mark_all_as_read(self, state: State, values: list[tuple[str, str]]) -> None:
        v = dict(values)
        ts = int(v.get("ts", "0") or 0)
        for it in state.items.values():
            if state.in_stream(it, v["s"]) and (not ts or it.crawl_usec <= ts):
                it.read = True
        self._send(200, "OK")


class GReaderServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: State, prefix: str = "/api/greader.php") -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state
        self.prefix = prefix
        self.html_instead = False
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{self.prefix}"

    def start(self) -> GReaderServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
