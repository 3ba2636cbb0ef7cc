"""Sync benchmark: one Google Reader API account holding 200 feeds x 50 items (the bench farm's
shape), served by the protocol server of the tests on 127.0.0.1.

    python bench/sync.py [--feeds 200] [--items 50] [--runs 5]

Measures, each in a fresh library: the first sync (every item new: ids, then contents in batches)
and then a sync with nothing new; prints medians with the number of requests each made (by API
call). Not a timed test: the numbers go to docs/perf.md by hand.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring
import keyring.backends.fail
from tests.core.sync.greader_server import GReaderServer, State

from newsreader.core.feeds.update import default_parse
from newsreader.core.library import Library
from newsreader.core.storage import Storage

PASSWORD = "bench-password"


def build_state(feeds: int, items: int) -> State:
    state = State("bench", PASSWORD)
    body = "<p>" + "Nội dung bài viết về kinh tế, xã hội và đời sống. " * 12 + "</p>"
    for f in range(feeds):
        sid = state.add_feed(f"https://farm.example/{f}.rss", f"Feed {f}", f"Folder {f % 10}")
        for i in range(items):
            state.add_item(sid, f"Bài {i} của nguồn {f}: tin tức Hà Nội", html=body)
    return state


def one_run(
    server: GReaderServer, root: Path
) -> tuple[float, Counter[str], float, Counter[str], int]:
    storage = Storage(root / "data" / "newsreader.sqlite3")
    lib = Library(storage, parse=default_parse, config_dir=root / "config")  # the app's guard
    try:
        account = lib.accounts.add(server.url, "bench", PASSWORD)
        server.state.requests.clear()
        t0 = time.perf_counter()
        first = lib.accounts.sync([account.id])[0]
        t_first = time.perf_counter() - t0
        assert first.status == "ok", first.error
        req_first = Counter(server.state.requests)
        server.state.requests.clear()
        t0 = time.perf_counter()
        again = lib.accounts.sync([account.id])[0]
        t_again = time.perf_counter() - t0
        assert again.status == "ok" and again.new_articles == 0, again
        return t_first, req_first, t_again, Counter(server.state.requests), lib.count_articles()
    finally:
        lib.close()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--items", type=int, default=50)
    p.add_argument("--runs", type=int, default=5)
    ns = p.parse_args()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    server = GReaderServer(build_state(ns.feeds, ns.items)).start()
    firsts, agains = [], []
    try:
        for _ in range(ns.runs):
            with tempfile.TemporaryDirectory() as tmp:
                t1, r1, t2, r2, count = one_run(server, Path(tmp))
                for it in server.state.items.values():  # every run starts from the same state
                    it.read = it.starred = False
            firsts.append(t1)
            agains.append(t2)
    finally:
        server.stop()
    print(f"{ns.feeds} feeds x {ns.items} items = {count} articles stored, {ns.runs} runs")
    print(
        f"first sync:     median {statistics.median(firsts):.2f} s"
        f" (min {min(firsts):.2f}, max {max(firsts):.2f}); requests {sum(r1.values())}: {dict(r1)}"
    )
    print(
        f"no-change sync: median {statistics.median(agains) * 1000:.0f} ms"
        f" (min {min(agains) * 1000:.0f}, max {max(agains) * 1000:.0f});"
        f" requests {sum(r2.values())}: {dict(r2)}"
    )


if __name__ == "__main__":
    main()
