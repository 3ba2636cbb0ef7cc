"""The command line of sync accounts: `account add|list|remove`, `sync`, and the `--account`
options of `add` and `articles` (hooked into cli.py's parser by `add_parsers`).

The password is read from standard input (`--password-stdin`) or asked on the terminal; it is
never an argument (arguments show in `ps` and shell history)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, TextIO

from newsreader.core.errors import InvalidInputError
from newsreader.core.library import Library
from newsreader.core.models import Account, AccountSync


def account_json(account: Account) -> dict[str, Any]:
    from newsreader.cli_output import iso

    return {
        "id": account.id,
        "kind": account.kind,
        "url": account.url,
        "user": account.user,
        "title": account.title,
        "last_sync": iso(account.last_sync),
        "last_error": account.last_error,
    }


def sync_json(results: tuple[AccountSync, ...]) -> dict[str, Any]:
    return {
        "accounts": [
            {
                "id": r.account_id,
                "status": r.status,
                "new_articles": r.new_articles,
                "sent_changes": r.sent_changes,
                "error": r.error,
            }
            for r in results
        ],
        "new_articles": sum(r.new_articles for r in results),
        "errors": sum(1 for r in results if r.status == "error"),
        "offline": bool(results) and all(r.offline for r in results),
    }


def _password(ns: argparse.Namespace) -> str:
    if ns.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"Password for {ns.user}: ")
    else:
        raise InvalidInputError("no password: give it on standard input with --password-stdin")
    if not password:
        raise InvalidInputError("the password is empty")
    return password


def cmd_account_add(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    from newsreader.cli_output import EXIT_OK, dump

    account = lib.accounts.add(ns.url, ns.user, _password(ns), kind=ns.api, title=ns.title or "")
    warning = lib.accounts.credentials.warning
    if warning:
        sys.stderr.write(f"newsreader: {warning}\n")
    if ns.json:
        dump(account_json(account), out)
    else:
        out.write(f"Added account [{account.id}] {account.name} ({account.kind})\n")
        out.write(f"  sync it now with: newsreader sync {account.id}\n")
    return EXIT_OK


def cmd_account_list(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    from newsreader.cli_output import EXIT_OK, dump, local_time

    accounts = lib.accounts.list()
    if ns.json:
        dump([account_json(a) for a in accounts], out)
        return EXIT_OK
    if not accounts:
        out.write("No accounts. Add one with: newsreader account add URL --user NAME\n")
    for a in accounts:
        error = f"  ! {a.last_error}" if a.last_error else ""
        out.write(f"{a.id:>5}  {a.kind:<7}  {a.name}  synced {local_time(a.last_sync)}{error}\n")
    return EXIT_OK


def cmd_account_remove(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    from newsreader.cli_output import EXIT_OK

    account = lib.accounts.get(ns.account_id)
    kept = lib.accounts.remove(ns.account_id)
    note = f" ({kept} saved articles kept, as local ones)" if kept else ""
    out.write(f"Removed account [{account.id}] {account.name}{note}\n")
    return EXIT_OK


def cmd_sync(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    from newsreader.cli_output import EXIT_ERROR, EXIT_OK, dump

    results = lib.accounts.sync(ns.account_ids or None)
    if ns.json:
        dump(sync_json(results), out)
    else:
        for r in results:
            if r.status == "ok":
                out.write(
                    f"Synced account [{r.account_id}]: {r.new_articles} new articles,"
                    f" {r.sent_changes} changes sent\n"
                )
    for r in results:
        if r.status == "error":
            sys.stderr.write(f"newsreader: account {r.account_id}: {r.error}\n")
    return EXIT_ERROR if any(r.status == "error" for r in results) else EXIT_OK


def add_to_account(lib: Library, ns: argparse.Namespace, out: TextIO) -> int:
    """`add URL --account ID`: subscribe through the server, then sync the account."""
    from newsreader.cli_output import EXIT_ERROR, EXIT_OK, dump, feed_json

    result = lib.accounts.subscribe(ns.account, ns.url, ns.folder)
    if result.status == "error":
        sys.stderr.write(f"newsreader: account {ns.account}: {result.error}\n")
        return EXIT_ERROR
    feeds = [f for f in lib.feeds() if f.account_id == ns.account]
    if ns.json:
        dump({"account": ns.account, "feeds": [feed_json(f) for f in feeds],
              "new_articles": result.new_articles}, out)  # fmt: skip
    else:
        out.write(
            f"Subscribed through account [{ns.account}]: {result.new_articles} new articles\n"
        )
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    c = sub.add_parser("account", help="sync accounts (Google Reader API or Fever servers)")
    acc = c.add_subparsers(dest="account_command", metavar="ACTION", parser_class=type(c))
    acc.required = True
    a = acc.add_parser("add", help="connect to a server (FreshRSS, Miniflux, Inoreader, …)")
    a.add_argument("url", metavar="URL", help="the API address, e.g. …/api/greader.php")
    a.add_argument("--user", required=True, metavar="NAME")
    a.add_argument("--api", choices=("greader", "fever"), help="default: what the URL answers")
    a.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    a.add_argument("--title", metavar="TITLE")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_account_add)
    a = acc.add_parser("list", help="list accounts")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_account_list)
    a = acc.add_parser("remove", help="remove an account (its saved articles stay, as local)")
    a.add_argument("account_id", metavar="ACCOUNT_ID", type=int)
    a.set_defaults(handler=cmd_account_remove)

    c = sub.add_parser("sync", help="sync accounts now (refresh also syncs every account)")
    c.add_argument("account_ids", metavar="ACCOUNT_ID", type=int, nargs="*")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_sync)
