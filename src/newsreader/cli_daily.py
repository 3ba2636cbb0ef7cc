"""Command line for everyday habits: rules, saved searches and feed schedules.

`rule add|list|remove`, `searches`, `schedule`; `search --save` and `articles --search` are in
cli.py and call `saved_search_query` here. Output follows cli.py's contract.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO, cast

from newsreader.cli_output import EXIT_OK, dump, iso, one_line
from newsreader.core.library import Library
from newsreader.core.models import RULE_ACTIONS, RULE_FIELDS, Feed, Rule, RuleAction, RuleField


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "match": rule.match,
        "field": rule.field,
        "feed": rule.feed_id,
        "folder": rule.folder,
        "action": rule.action,
    }


def schedule_json(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "title": feed.title,
        "interval": int(feed.option("interval") or 0) or None,
        "paused": feed.option("paused") is not None,
        "next_due": iso(feed.next_due),
        "unchanged_runs": feed.unchanged_runs,
    }


def _describe(rule: Rule) -> str:
    where = [f"in {rule.field}"] if rule.field != "any" else []
    if rule.feed_id is not None:
        where.append(f"feed {rule.feed_id}")
    if rule.folder is not None:
        where.append(f"folder {rule.folder}")
    scope = f" ({', '.join(where)})" if where else ""
    return f"[{rule.id}] {rule.action}: {rule.match}{scope}"


def cmd_rule_add(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    rule = lib.rules.add(
        ns.match,
        action=cast(RuleAction, ns.action),
        field=cast(RuleField, ns.field),
        feed_id=ns.feed,
        folder=ns.folder,
    )
    if ns.json:
        dump(rule_json(rule), out)
    else:
        out.write(f"Added rule {_describe(rule)} (applies to articles stored from now on)\n")
    return EXIT_OK


def cmd_rule_list(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    rules = lib.rules.all()
    if ns.json:
        dump([rule_json(r) for r in rules], out)
        return EXIT_OK
    if not rules:
        out.write('No rules. Add one with: newsreader rule add --match "WORDS" --action hide\n')
    for r in rules:
        out.write(_describe(r) + "\n")
    return EXIT_OK


def cmd_rule_remove(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    lib.rules.remove(ns.rule_id)
    out.write(f"Removed rule {ns.rule_id}\n")
    return EXIT_OK


def cmd_searches(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    found = lib.searches.all()
    if ns.json:
        dump(
            [
                {"id": s.id, "name": s.name, "query": s.query, "unread": s.unread, "total": s.total}
                for s in found
            ],
            out,
        )
        return EXIT_OK
    if not found:
        out.write("No saved searches. Keep one with: newsreader search QUERY --save NAME\n")
    for s in found:
        out.write(f"{s.id:>5}  {s.unread:>5}/{s.total:<5}  {one_line(s.name, 30)}  {s.query}\n")
    return EXIT_OK


def cmd_schedule(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    paused = True if ns.pause else False if ns.resume else None
    feed = lib.set_schedule(ns.feed_id, interval_minutes=ns.every, paused=paused)
    if ns.json:
        dump(schedule_json(feed), out)
        return EXIT_OK
    doc = schedule_json(feed)
    every = f"every {doc['interval']} min" if doc["interval"] else "automatic interval"
    state = "paused" if doc["paused"] else f"next due {doc['next_due'] or 'now'}"
    out.write(f"[{feed.id}] {feed.title}: {every}, {state}\n")
    return EXIT_OK


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of minutes: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("minutes cannot be negative")
    return value


def add_parsers(sub: Any) -> None:
    """Add this module's commands to cli.py's subparsers."""
    c = sub.add_parser("rule", help="rules applied to new articles (read, hide, save, ...)")
    rule_sub = c.add_subparsers(dest="rule_command", metavar="add|list|remove", required=True)
    r = rule_sub.add_parser("add", help="add a rule")
    r.add_argument("--match", required=True, metavar="TEXT", help='words, "a phrase" or /regex/')
    r.add_argument("--field", choices=RULE_FIELDS, default="any")
    r.add_argument("--feed", metavar="ID", type=int)
    r.add_argument("--folder", metavar="NAME")
    r.add_argument("--action", choices=RULE_ACTIONS, required=True)
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_rule_add)
    r = rule_sub.add_parser("list", help="list rules")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_rule_list)
    r = rule_sub.add_parser("remove", help="remove a rule")
    r.add_argument("rule_id", metavar="ID", type=int)
    r.set_defaults(handler=cmd_rule_remove)

    c = sub.add_parser("searches", help="list saved searches with unread/total counts")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_searches)

    c = sub.add_parser("schedule", help="a feed's refresh interval, or pause it")
    c.add_argument("feed_id", metavar="FEED_ID", type=int)
    c.add_argument(
        "--every", metavar="MINUTES", type=_minutes, help="fetch every MINUTES (0: automatic)"
    )
    group = c.add_mutually_exclusive_group()
    group.add_argument("--pause", action="store_true", help="stop fetching it")
    group.add_argument("--resume", action="store_true", help="fetch it again")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_schedule)
