"""The command line: `newsreader [--home DIR] COMMAND ...`; with no command it opens the window.

Output contract (black-box tests rely on it): `--json` prints one JSON document on stdout; errors
print one line on stderr with no traceback; exit codes are 0 success, 1 error, 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from newsreader import __version__
from newsreader.cli_output import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    dump,
    feed_json,
    iso,
    local_time,
    one_line,
)
from newsreader.cli_sync import add_parsers as add_sync_parsers
from newsreader.cli_sync import add_to_account, sync_json
from newsreader.core.atomic import SHARED_MODE, atomic_write
from newsreader.core.errors import InvalidInputError, NewsreaderError
from newsreader.core.library import Library
from newsreader.core.models import Article, ArticleQuery, FeedRefresh, RefreshResult
from newsreader.core.retention import DEFAULT_RETENTION
from newsreader.paths import app_paths

Handler = Callable[[Library, argparse.Namespace, TextIO], int]


# -- JSON shapes -------------------------------------------------------------------------------


def article_json(article: Article, *, full: bool = False, raw: bool = False) -> dict[str, Any]:
    """An article as JSON; its `content_html` is inert (the window's sanitizer policy, images as
    http(s) URLs) unless `raw` asks for the feed's own HTML as it came."""
    out: dict[str, Any] = {
        "id": article.id,
        "feed_id": article.feed_id,
        "feed_title": article.feed_title,
        "folder": article.folder,
        "title": article.title,
        "link": article.link,
        "published": iso(article.published),
        "summary": article.summary,
        "thumbnail": article.thumbnail,
        "read": article.read,
        "saved": article.saved,
        "also_in": list(article.also_in),  # the other feeds that carry the same story
        "highlighted": article.highlighted,
        "account": article.account_id,
    }
    if full:
        from newsreader.core.pages.portable import portable_html  # the sanitizer: not for refresh

        out["content_html"] = (
            article.content_html
            if raw
            else portable_html(article.content_html, base_url=article.link)
        )
        out["author"] = article.author
        out["categories"] = list(article.categories)
        out["enclosures"] = [
            {"url": e.url, "type": e.type, "length": e.length} for e in article.enclosures
        ]
    return out


def refresh_json(result: RefreshResult) -> dict[str, Any]:
    return {
        "feeds": [
            {
                "id": f.feed_id,
                "url": f.url,
                "status": f.status,
                "new_articles": f.new_articles,
                "error": f.error,
            }
            for f in result.feeds
        ],
        "new_articles": result.new_articles,
        "errors": result.errors,
        "offline": result.offline,
        **({"accounts": sync_json(result.accounts)["accounts"]} if result.accounts else {}),
    }


# -- text output -------------------------------------------------------------------------------


def counted(n: int, noun: str) -> str:
    """ "1 article", "2 articles" (the nouns printed here take a plain -s)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- commands ----------------------------------------------------------------------------------


def cmd_add_site(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    site = lib.add_site(ns.url, folder=ns.folder)
    if ns.json:
        dump(
            {
                "folder": site.folder,
                "feeds": [feed_json(f) for f in site.feeds],
                "sections": [feed_json(f) for f in site.sections],
                "skipped": [{"what": w, "reason": r} for w, r in site.skipped],
            },
            out,
        )
        return EXIT_OK
    out.write(f"Added {site.folder}: {len(site.feeds)} feeds, {len(site.sections)} sections\n")
    for f in (*site.feeds, *site.sections):
        kind = "section" if f.option("kind") == "listing" else "feed"
        out.write(f"  + [{f.id}] {f.title} ({kind}, {f.total} articles)  {f.url}\n")
    for what, reason in site.skipped:
        out.write(f"  - skipped {what}: {reason}\n")
    return EXIT_OK


def cmd_add(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    if ns.account is not None:
        return add_to_account(lib, ns, out)
    if ns.sections:
        return cmd_add_site(lib, ns, out)
    if ns.page:
        sub = lib.subscribe_section(ns.url, folder=ns.folder, title=ns.title)
        feed = sub.feed
        new = sub.first_refresh.new_articles if sub.first_refresh else 0
        if ns.json:
            dump({**feed_json(feed), "new_articles": new}, out)
        else:
            out.write(f"Following section page [{feed.id}] {feed.title}\n  {feed.url}\n")
            out.write(f"  {new} articles\n")
        return EXIT_OK
    login = None
    if ns.password_stdin:
        if not ns.user:
            raise InvalidInputError("--password-stdin needs --user NAME")
        login = (ns.user, sys.stdin.readline().rstrip("\r\n"))
    elif ns.user:
        raise InvalidInputError("--user needs --password-stdin (a password is never an argument)")
    subs = [
        lib.subscribe(
            ns.url, folder=ns.folder, title=ns.title, login=login, user_agent=ns.user_agent
        )
    ]
    if lib.credentials.warning and (login or lib.feed(subs[0].feed.id).option("auth")):
        sys.stderr.write(f"newsreader: {lib.credentials.warning}\n")
    others = list(subs[0].candidates)
    if ns.all:
        for url in others:
            try:
                subs.append(lib.subscribe(url, folder=ns.folder))
            except NewsreaderError as exc:
                sys.stderr.write(f"newsreader: {url}: {exc}\n")
        others = []
    if ns.json:
        docs = [
            {
                **feed_json(s.feed),
                "new_articles": s.first_refresh.new_articles if s.first_refresh else 0,
            }
            for s in subs
        ]
        dump({**docs[0], "other_feeds": others} if not ns.all else docs, out)
        return EXIT_OK
    for s in subs:
        feed = s.feed
        new = s.first_refresh.new_articles if s.first_refresh else 0
        folder = f" in {feed.folder}" if feed.folder else ""
        out.write(f"Subscribed [{feed.id}] {feed.title}{folder}\n  {feed.url}\n  {new} articles\n")
    for other in others:
        out.write(f"  also on that page: {other} (add it, or use --all)\n")
    return EXIT_OK


def cmd_remove(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    feed = lib.feed(ns.feed_id)
    kept = lib.unsubscribe(ns.feed_id)
    note = f" ({counted(kept, 'saved article')} kept)" if kept else ""
    out.write(f"Unsubscribed [{feed.id}] {feed.title}{note}\n")
    return EXIT_OK


def cmd_feeds(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    feeds = lib.feeds()
    if ns.json:
        dump([feed_json(f) for f in feeds], out)
        return EXIT_OK
    if not feeds:
        out.write("No feeds yet. Add one with: newsreader add URL\n")
        return EXIT_OK
    for f in feeds:
        folder = f"{f.folder} / " if f.folder else ""
        error = f"  ! {f.last_error}" if f.last_error else ""
        out.write(f"{f.id:>5}  {f.unread:>5}/{f.total:<5}  {folder}{f.title}{error}\n")
        if f.notice and not f.last_error:
            site = f.site_url or f.url
            out.write(f"{'':>20}note: {f.notice};\n{'':>20}try: newsreader add {site} --sections\n")
    return EXIT_OK


class _ProgressBar:
    """A one-line progress bar on a terminal's stderr."""

    def __init__(self, stream: TextIO, noun: str = "feeds") -> None:
        self.stream = stream
        self.noun = noun

    def __call__(self, outcome: FeedRefresh, done: int, total: int) -> None:
        self.show(done, total)

    def show(self, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {self.noun}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def _content_progress(stream: TextIO) -> Callable[[int, int], None]:
    """Progress of the offline step on stderr: a bar on a terminal, else a line every tenth."""
    if stream.isatty():
        return _ProgressBar(stream, "articles read offline").show

    def lines(done: int, total: int) -> None:
        if done == total or done * 10 // total != (done - 1) * 10 // total:
            stream.write(f"offline content: {done}/{total} articles\n")
            stream.flush()

    return lines


def cmd_refresh(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    progress = _ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    result = lib.refresh(ns.feed_ids or None, progress=progress, due=ns.due)
    content = None
    # New articles, or ones stored by `add` that never got their pages and images.
    if not ns.no_content and not result.offline and (result.new_articles or lib.offline_pending()):
        content = lib.fetch_offline_content(progress=_content_progress(sys.stderr))
    if ns.json:
        doc = refresh_json(result)
        if content is not None:
            doc["offline_content"] = {
                "pages": content.pages,
                "full_text": content.extracted,
                "images": content.images,
                "pending": content.pending,
            }
        dump(doc, out)
        return EXIT_OK
    if result.offline:
        out.write("Offline: no feed could be reached (check the network connection).\n")
        return EXIT_OK
    for f in result.feeds:
        if f.status == "error":
            out.write(f"  ! [{f.feed_id}] {f.url}: {f.error}\n")
    for acc in result.accounts:
        if acc.status == "error":
            out.write(f"  ! account [{acc.account_id}]: {acc.error}\n")
    out.write(
        f"Refreshed {counted(len(result.feeds), 'feed')}:"
        f" {counted(result.new_articles, 'new article')}, {counted(result.errors, 'error')}\n"
    )
    if content is not None:
        out.write(
            f"Kept for offline reading: {content.extracted} full texts of {content.pages}"
            f" pages, {content.images} images\n"
        )
        if content.pending:
            out.write(f"  {counted(content.pending, 'article')} left for the next refresh\n")
    return EXIT_OK


def cmd_save(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    changed = lib.mark_saved(ns.ids, True)
    report = lib.keep_offline(ns.ids)
    note = " (offline: text and images will be fetched later)" if report.offline else ""
    out.write(f"Saved: {counted(len(set(ns.ids)), 'article')} ({changed} changed){note}\n")
    return EXIT_OK


def cmd_prune(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    mine = lib.retention  # the settings file's choices (open_library read them)
    result = lib.prune(
        replace(
            mine,
            keep_read_days=ns.days or mine.keep_read_days,
            keep_per_feed=ns.per_feed or mine.keep_per_feed,
            keep_unread_per_feed=ns.unread_per_feed or mine.keep_unread_per_feed,
        )
    )
    if ns.json:
        dump({"articles": result.articles, "images": len(result.orphan_images)}, out)
        return EXIT_OK
    out.write(
        f"Pruned {result.articles} articles and {len(result.orphan_images)} images"
        " (saved articles are never pruned)\n"
    )
    return EXIT_OK


def cmd_export_saved(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    try:
        result = lib.export_saved(Path(ns.directory))
    except OSError as exc:
        raise InvalidInputError(f"cannot write {ns.directory}: {exc.strerror or exc}") from None
    missing = f", {result.missing_images} images not available" if result.missing_images else ""
    out.write(
        f"Exported {counted(result.articles, 'saved article')} with"
        f" {counted(result.images, 'image')}{missing}"
        f" to {result.directory / 'index.html'}\n"
    )
    return EXIT_OK


def _query(ns: argparse.Namespace) -> ArticleQuery:
    query = ArticleQuery(
        feed_id=ns.feed,
        folder=ns.folder,
        unread=ns.unread,
        saved=ns.saved,
        limit=ns.limit,
        include_hidden=ns.all,
        account_id=getattr(ns, "account", None),
    )
    return query


def write_article_lines(articles: Sequence[Article], out: TextIO) -> None:
    for a in articles:
        flags = ("*" if not a.read else " ") + ("S" if a.saved else " ")
        out.write(
            f"{a.id:>7} {flags} {local_time(a.published)}  {one_line(a.feed_title, 24):<24}  "
            f"{one_line(a.title, 90)}\n"
        )


def cmd_articles(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    query = _query(ns)
    if ns.search:  # a saved search's articles, newest first
        query = lib.searches.query(lib.searches.find(ns.search), query)
    articles = lib.articles(query)
    if ns.json:
        dump([article_json(a) for a in articles], out)
        return EXIT_OK
    if not articles:
        out.write("No articles.\n")
    write_article_lines(articles, out)
    return EXIT_OK


def cmd_show(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    a = lib.article(ns.article_id)
    if ns.json:
        dump(article_json(a, full=True, raw=ns.raw), out)
        return EXIT_OK
    if ns.raw:
        out.write((a.content_html or "") + "\n")
        return EXIT_OK
    out.write(a.title + "\n")
    meta = [a.feed_title, a.folder or "", a.author or "", local_time(a.published)]
    out.write(" · ".join(m for m in meta if m) + "\n")
    if a.link:
        out.write(a.link + "\n")
    out.write("\n")
    from newsreader.core.pages.portable import portable_text

    body = portable_text(a.content_html)
    if a.summary and not body.startswith(a.summary[:40]):
        out.write(a.summary + "\n\n")
    if body:
        out.write(body + "\n")
    for e in a.enclosures:
        size = f" ({e.length} bytes)" if e.length else ""
        out.write(f"\n[{e.type}{size}] {e.url}")
    if a.enclosures:
        out.write("\n")
    return EXIT_OK


def _marker(method: str, flag: bool, verb: str) -> Handler:
    def handler(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
        changed = getattr(lib, method)(ns.ids, flag)
        out.write(f"{verb} {counted(len(set(ns.ids)), 'article')} ({changed} changed)\n")
        return EXIT_OK

    return handler


def cmd_search(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    query = ArticleQuery(
        feed_id=ns.feed,
        folder=ns.folder,
        unread=ns.unread,
        saved=ns.saved,
        include_hidden=ns.all,
    )
    hits = lib.search(ns.query, query, limit=ns.limit or 50, snippets=True)
    if ns.save:
        kept = lib.searches.save(ns.save, ns.query)
        sys.stderr.write(f"Saved search [{kept.id}] {kept.name}: {kept.unread}/{kept.total}\n")
    if ns.json:
        dump([{**article_json(h.article), "snippet": h.snippet} for h in hits], out)
        return EXIT_OK
    if not hits:
        out.write("No articles match.\n")
    for h in hits:
        write_article_lines([h.article], out)
        out.write(f"{'':>10}{one_line(h.snippet, 110)}\n")
    return EXIT_OK


def cmd_import(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    if ns.defaults == (ns.file is not None):
        raise InvalidInputError("give an OPML file or --defaults (not both)")
    if ns.defaults:
        summary = lib.import_defaults()
    else:
        try:
            data = Path(ns.file).read_bytes()
        except OSError as exc:
            raise InvalidInputError(f"cannot read {ns.file}: {exc.strerror or exc}") from None
        summary = lib.import_opml(data)
    if ns.json:
        dump(
            {
                "added": [feed_json(f) for f in summary.added],
                "skipped": [{"what": w, "reason": r} for w, r in summary.skipped],
            },
            out,
        )
        return EXIT_OK
    for f in summary.added:
        folder = f"{f.folder} / " if f.folder else ""
        out.write(f"  + [{f.id}] {folder}{f.title}  {f.url}\n")
    for what, reason in summary.skipped:
        out.write(f"  - skipped {what}: {reason}\n")
    out.write(
        f"Imported {len(summary.added)} feeds, skipped {len(summary.skipped)}."
        + (" Run `newsreader refresh` to fetch them.\n" if summary.added else "\n")
    )
    return EXIT_OK


def cmd_export(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    data = lib.export_opml()
    if ns.file is None or ns.file == "-":
        out.write(data.decode("utf-8"))
        return EXIT_OK
    target = Path(ns.file)
    try:
        # Never leave a half-written file where the old one was.
        atomic_write(target, data, mode=SHARED_MODE)
    except OSError as exc:
        raise InvalidInputError(f"cannot write {target}: {exc.strerror or exc}") from None
    sys.stderr.write(f"Exported {len(lib.feeds())} feeds to {target}\n")
    return EXIT_OK


def cmd_install_desktop(ns: argparse.Namespace, out: TextIO) -> int:
    from newsreader import desktop_entry

    if ns.remove:
        removed = desktop_entry.remove()
        for path in removed:
            out.write(f"Removed {path}\n")
        if not removed:
            out.write("Newsreader was not in the application menu\n")
        return EXIT_OK
    files = desktop_entry.install()
    out.write(f"Added Newsreader to the application menu:\n  {files.entry}\n  {files.icon}\n")
    return EXIT_OK


# -- parser ------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"newsreader: {message} (see --help)\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="newsreader", description="A desktop newsreader, and its command line.")
    p.add_argument("--home", metavar="DIR", help="keep data, cache and settings under DIR")
    p.add_argument("--version", action="version", version=f"newsreader {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens on stderr")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    c = sub.add_parser("gui", help="open the window (the default)")
    c.set_defaults(handler=None)

    c = sub.add_parser(
        "install-desktop", help="put Newsreader into the application menu (--remove: take it out)"
    )
    c.add_argument("--remove", action="store_true", help="remove the menu entry and icon")
    c.set_defaults(handler=None, standalone=cmd_install_desktop)

    c = sub.add_parser("add", help="subscribe to a feed (or the feed a web page names)")
    c.add_argument("url", metavar="URL")
    c.add_argument("--folder", metavar="NAME")
    c.add_argument("--title", metavar="TITLE")
    c.add_argument("--all", action="store_true", help="subscribe to every feed a page names")
    c.add_argument(
        "--sections",
        action="store_true",
        help="URL is a news site's home page: add its feeds and its sections, in one folder",
    )
    c.add_argument(
        "--page",
        action="store_true",
        help="URL is a section page without a feed: follow the headlines it lists",
    )
    c.add_argument("--user", metavar="NAME", help="a private feed's user name")
    c.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin (kept in the system keyring)",
    )
    c.add_argument("--user-agent", metavar="UA", help="send this User-Agent for this feed")
    c.add_argument("--account", metavar="ID", type=int, help="subscribe through a sync account")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_add)

    c = sub.add_parser("remove", help="unsubscribe (saved articles are kept)")
    c.add_argument("feed_id", metavar="FEED_ID", type=int)
    c.set_defaults(handler=cmd_remove)

    c = sub.add_parser("feeds", help="list feeds with unread/total counts and last error")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_feeds)

    c = sub.add_parser("refresh", help="fetch feeds now")
    c.add_argument("feed_ids", metavar="FEED_ID", type=int, nargs="*")
    c.add_argument("--json", action="store_true")
    c.add_argument(
        "--no-content", action="store_true", help="feeds only: skip full text and images"
    )
    c.add_argument("--due", action="store_true", help="only feeds whose schedule says it is time")
    c.set_defaults(handler=cmd_refresh)

    c = sub.add_parser("prune", help="remove old read articles (never saved ones)")
    c.add_argument(
        "--days",
        metavar="N",
        type=_positive,
        help="keep read ones N days after they arrived and were read"
        f" (settings; default {DEFAULT_RETENTION.keep_read_days})",
    )
    c.add_argument(
        "--per-feed",
        metavar="M",
        type=_positive,
        help=f"at most M a feed (settings; default {DEFAULT_RETENTION.keep_per_feed})",
    )
    c.add_argument(
        "--unread-per-feed",
        metavar="M",
        type=_positive,
        help=f"unread ones (settings; default {DEFAULT_RETENTION.keep_unread_per_feed})",
    )
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_prune)

    c = sub.add_parser("export-saved", help="write saved articles as HTML files that open offline")
    c.add_argument("directory", metavar="DIR")
    c.set_defaults(handler=cmd_export_saved)

    c = sub.add_parser("articles", help="list articles, newest first")
    c.add_argument("--feed", metavar="ID", type=int)
    c.add_argument("--folder", metavar="NAME")
    c.add_argument("--unread", action="store_true")
    c.add_argument("--saved", action="store_true")
    c.add_argument("--limit", metavar="N", type=_positive)
    c.add_argument("--search", metavar="NAME", help="the articles of a saved search")
    c.add_argument("--all", action="store_true", help="also articles hidden by a rule")
    c.add_argument("--account", metavar="ID", type=int, help="only this sync account's")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_articles)

    c = sub.add_parser("search", help="search articles (accent marks optional)")
    c.add_argument("query", metavar="QUERY")
    c.add_argument("--feed", metavar="ID", type=int)
    c.add_argument("--folder", metavar="NAME")
    c.add_argument("--unread", action="store_true")
    c.add_argument("--saved", action="store_true")
    c.add_argument("--limit", metavar="N", type=_positive)
    c.add_argument("--save", metavar="NAME", help="keep this search as a section named NAME")
    c.add_argument("--all", action="store_true", help="also articles hidden by a rule")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_search)

    c = sub.add_parser("import", help="subscribe to the feeds of an OPML file")
    c.add_argument("file", metavar="FILE", nargs="?")
    c.add_argument("--defaults", action="store_true", help="the bundled Vietnamese news feeds")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_import)

    c = sub.add_parser("export", help="write subscriptions as OPML (stdout without FILE)")
    c.add_argument("file", metavar="FILE", nargs="?")
    c.set_defaults(handler=cmd_export)

    c = sub.add_parser(
        "show",
        help="show one article",
        description="Show one article as text. With --json, content_html is sanitized like the"
        " window shows it (no scripts, styles, frames or forms; links and images http(s)).",
    )
    c.add_argument("article_id", metavar="ARTICLE_ID", type=int)
    c.add_argument("--json", action="store_true")
    c.add_argument(
        "--raw",
        action="store_true",
        help="the article's HTML as the feed or page sent it, NOT sanitized (it may contain"
        " scripts): as content_html with --json, else printed as is",
    )
    c.set_defaults(handler=cmd_show)

    for name, method, flag, verb, text in (
        ("read", "mark_read", True, "Marked read:", "mark articles read"),
        ("unread", "mark_read", False, "Marked unread:", "mark articles unread"),
        ("unsave", "mark_saved", False, "Unsaved:", "stop keeping articles"),
    ):
        c = sub.add_parser(name, help=text)
        c.add_argument("ids", metavar="ID", type=int, nargs="+")
        c.set_defaults(handler=_marker(method, flag, verb))
    c = sub.add_parser("save", help="save articles (kept, with images, for offline reading)")
    c.add_argument("ids", metavar="ID", type=int, nargs="+")
    c.set_defaults(handler=cmd_save)

    from newsreader import cli_daily  # rules, saved searches, schedules

    cli_daily.add_parsers(sub)
    add_sync_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    ns = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if ns.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    paths = app_paths(ns.home)
    handler: Handler | None = getattr(ns, "handler", None)
    try:
        if getattr(ns, "standalone", None) is not None:  # needs no library
            return int(ns.standalone(ns, sys.stdout))
        if handler is None:
            os.environ.setdefault("QT_API", "pyside6")
            from newsreader.ui.main import run  # Qt is imported only when the window is wanted

            return run(paths, [], fast_exit=True)
        from newsreader.app import open_library

        with open_library(paths) as lib:
            if lib.recovery is not None:
                sys.stderr.write(f"newsreader: {lib.recovery.message}\n")
            return handler(lib, ns, sys.stdout)
    except NewsreaderError as exc:
        sys.stderr.write(f"newsreader: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("newsreader: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        sys.stderr.write(f"newsreader: {exc.strerror or exc}\n")
        return EXIT_ERROR
