from tests.core.test_hostile_feeds import *
from tests.core import test_hostile_feeds as T

def test_dbg(httpserver, other_server, tmp_path, canary):
    home = tmp_path / "home"
    with drip_server() as drip_port:
        feeds = serve_corpus(httpserver, canary, other_server.port, drip_port)
        lib = make_library(home)
        ids = {}
        for name, (url, _, _) in feeds.items():
            ids[lib.subscribe(url, fetch=False).feed.id] = name
        with RECORDER.recording() as seen:
            result = lib.refresh()
        for o in result.feeds:
            print(f"{ids[o.feed_id]:28} {o.status:8} {o.new_articles:3} {o.error}")
        print(sorted(set(seen.opened))[:50])
        lib.close()
