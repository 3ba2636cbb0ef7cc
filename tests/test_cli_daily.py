"""Command line: one JSON object per story with also_in, rules, saved searches, schedules."""

from __future__ import annotations

from pytest_httpserver import HTTPServer

from tests import overlap
from tests.clitools import Cli, serve


def subscribe_overlapping(cli: Cli, httpserver: HTTPServer) -> dict[str, int]:
    ids = {}
    for name, body in [("latest", overlap.latest())] + [
        (s, overlap.section(s)) for s in overlap.SECTIONS
    ]:
        doc = cli.json("add", serve(httpserver, f"/{name}.rss", body), "--folder", "VnExpress")
        ids[name] = doc["id"]
    return ids


def test_one_object_per_story_with_also_in(cli: Cli, httpserver: HTTPServer) -> None:
    feeds = subscribe_overlapping(cli, httpserver)
    stories = cli.json("articles")
    assert len(stories) == 5
    gold = next(a for a in stories if a["title"].startswith("Giá vàng"))
    assert gold["feed_id"] == feeds["latest"] and gold["also_in"] == [feeds["kinh-te"]]
    assert len(cli.json("articles", "--feed", str(feeds["kinh-te"]))) == 3
    hits = cli.json("search", "xe dien")
    assert len(hits) == 1 and sorted(hits[0]["also_in"]) == [feeds["kinh-te"], feeds["thoi-su"]]
    # Marking the story read marks every copy: no twin stays unread.
    code, _, _ = cli("read", str(gold["id"]))
    assert code == 0
    twin = next(
        a for a in cli.json("articles", "--feed", str(feeds["kinh-te"])) if "vàng" in a["title"]
    )
    assert twin["read"]
    assert len(cli.json("articles", "--unread")) == 4
    unread = {f["id"]: f["unread"] for f in cli.json("feeds")}
    assert unread[feeds["latest"]] == 4 and unread[feeds["kinh-te"]] == 2


def test_rules_from_the_command_line(cli: Cli, httpserver: HTTPServer) -> None:
    hide = cli.json("rule", "add", "--match", "bong da", "--action", "hide")
    assert hide == {
        "id": 1, "match": "bong da", "field": "any", "feed": None, "folder": None,
        "action": "hide",
    }  # fmt: skip
    code, out, err = cli(
        "rule", "add", "--match", '"giá vàng"', "--field", "title", "--action", "save"
    )
    assert code == 0 and "Added rule [2] save" in out, err
    code, _, err = cli("rule", "add", "--match", "/(/", "--action", "read")
    assert code == 1 and "regular expression" in err and "Traceback" not in err
    code, _, err = cli("rule", "add", "--match", "x", "--action", "delete")
    assert code == 2
    code, _, err = cli("rule", "add", "--match", "x", "--feed", "99", "--action", "read")
    assert code == 1 and "no feed" in err
    subscribe_overlapping(cli, httpserver)
    stories = cli.json("articles")
    assert len(stories) == 4 and not any("bóng" in a["title"] for a in stories)
    assert len(cli.json("articles", "--all")) == 5
    assert [a["title"] for a in cli.json("articles", "--saved")] == ["Giá vàng hôm nay tăng mạnh"]
    assert cli.json("search", "bong da") == []
    assert len(cli.json("search", "bong da", "--all")) == 1
    assert [r["id"] for r in cli.json("rule", "list")] == [1, 2]
    code, out, _ = cli("rule", "list")
    assert "[1] hide: bong da" in out
    assert cli("rule", "remove", "1")[0] == 0
    assert [r["id"] for r in cli.json("rule", "list")] == [2]
    code, _, err = cli("rule", "remove", "1")
    assert code == 1 and "no rule" in err


def test_saved_searches(cli: Cli, httpserver: HTTPServer) -> None:
    subscribe_overlapping(cli, httpserver)
    code, out, err = cli("search", "gia vang", "--save", "Vàng")
    assert code == 0 and "Giá vàng" in out and "Saved search [1] Vàng: 1/1" in err
    cli("search", "lai suat", "--save", "Lãi suất", "--json")
    assert cli.json("searches") == [
        {"id": 2, "name": "Lãi suất", "query": "lai suat", "unread": 1, "total": 1},
        {"id": 1, "name": "Vàng", "query": "gia vang", "unread": 1, "total": 1},
    ]
    listed = cli.json("articles", "--search", "Vàng")
    assert [a["title"] for a in listed] == ["Giá vàng hôm nay tăng mạnh"]
    cli("read", str(listed[0]["id"]))
    assert cli.json("searches")[1]["unread"] == 0
    code, _, err = cli("articles", "--search", "Không có")
    assert code == 1 and "no saved search" in err
    code, _, err = cli("search", "!!!", "--save", "x")
    assert code == 1 and cli.json("searches")[0]["name"] == "Lãi suất"


def test_refresh_due_and_schedule(cli: Cli, httpserver: HTTPServer) -> None:
    url = serve(httpserver, "/f.rss", overlap.latest(), headers={"Cache-Control": "max-age=3600"})
    feed = cli.json("add", url)
    before = len(httpserver.log)
    doc = cli.json("refresh", "--due", "--no-content")
    assert doc["feeds"] == [] and len(httpserver.log) == before  # fetched a moment ago
    doc = cli.json("refresh", "--no-content")  # all, as before
    assert len(doc["feeds"]) == 1 and len(httpserver.log) == before + 1
    sched = cli.json("schedule", str(feed["id"]), "--every", "30", "--pause")
    assert sched["interval"] == 30 and sched["paused"] and sched["next_due"]
    assert cli.json("refresh", "--no-content")["feeds"] == []  # paused
    sched = cli.json("schedule", str(feed["id"]), "--every", "0", "--resume")
    assert sched["interval"] is None and not sched["paused"]
    code, out, _ = cli("schedule", str(feed["id"]))
    assert code == 0 and "automatic interval" in out
    assert cli("schedule", str(feed["id"]), "--pause", "--resume")[0] == 2
