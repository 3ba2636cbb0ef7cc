"""Every file of the real-world corpora, served over HTTP and refreshed: nothing crashes.

~2,400 documents (feedparser's test corpus, 172 real-world feeds, VnExpress feeds and pages) go
through the whole pipeline — HttpClient, parser worker processes, decide, SQLite — as one
refresh. Each must end as new, unchanged or a per-feed error with a message; the database must
stay intact; a second refresh must add nothing.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsreader.core.library import Library
from newsreader.core.storage import Storage
from tests.guards import PermissiveGuard, client_with

pytestmark = pytest.mark.corpus


def test_whole_corpus_through_the_pipeline(shared_corpus: Path, tmp_path: Path) -> None:
    files = sorted(
        p for p in shared_corpus.rglob("*")
        if p.is_file() and p.suffix not in (".md", ".tsv", ".txt") and p.stat().st_size < 2_000_000
    )  # fmt: skip
    assert len(files) > 2000
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)

    def serve(request: Request) -> Response:
        root = shared_corpus.resolve()
        path = (root / request.path.lstrip("/")).resolve()
        if not path.is_file() or root not in path.parents:
            return Response("not found", status=404)
        kind = mimetypes.guess_type(path.name)[0] or "application/xml"
        return Response(path.read_bytes(), content_type=kind)

    server.expect_request("").respond_with_handler(serve)
    server.start()
    library = Library(
        Storage(tmp_path / "db.sqlite3"), PermissiveGuard(), http=client_with(deadline=20)
    )
    try:
        for p in files:
            library.subscribe(
                server.url_for("/" + p.relative_to(shared_corpus).as_posix()), fetch=False
            )
        result = library.refresh()
        assert len(result.feeds) == len(files)
        by_status = {
            s: sum(f.status == s for f in result.feeds) for s in ("new", "unchanged", "error")
        }
        assert by_status["new"] > 1000, by_status
        for outcome in result.feeds:
            assert outcome.status in ("new", "unchanged", "error")
            if outcome.status == "error":
                assert outcome.error and "\n" not in outcome.error.strip(), outcome
        assert library.storage.integrity_check() == "ok"
        total = library.count_articles()
        assert total > 2500  # most of feedparser's test files hold one entry or none
        again = library.refresh()
        assert again.new_articles == 0
        assert library.count_articles() == total
        # Everything stored can be searched and read back.
        assert library.search("the", limit=5)
        for article in library.articles()[:50]:
            library.article(article.id)
    finally:
        library.close()
        server.stop()
