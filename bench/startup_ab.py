"""Start-up before/after: source trees and the bare PySide6 window, alternately, same library.

    python bench/startup_ab.py HOME NAME=TREE [NAME=TREE ...] [-n 7]

Each TREE is a checkout (its ``src`` on ``PYTHONPATH``, its own ``bench/probe_window.py startup``);
make the "before" one with ``git archive main | tar -x -C /tmp/before``. One untimed run of each
first (the OS file cache), then n rounds of one process each, in turn, with the bare window
(``probe_baseline.py``) last in every round. Prints per tree the medians (min-max) of the marks
(from process start: imports done, window shown, list painted), the CPU seconds of the process
at the paint -- the steadier number on a busy machine --, the peak RSS, when the window's keys
work after the paint (``commands``) and when the counts are in; then each tree's ratio to the
bare window. Bytecode is written and used (see ``run.py``'s ``probe_env``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BARE = "bare"


def probe(tree: str, home: Path) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if tree == BARE:
        cmd = [sys.executable, str(HERE / "probe_baseline.py")]
    else:
        env["PYTHONPATH"] = f"{tree}/src"
        cmd = [sys.executable, f"{tree}/bench/probe_window.py", "startup", str(home)]
    env["BENCH_T0"] = repr(time.time())
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"{tree}: {done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def ms(values: list[float]) -> str:
    return (
        f"{statistics.median(values) * 1000:.0f} ms"
        f" ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"
    )


def report(name: str, runs: list[dict[str, Any]]) -> str:
    def mark(key: str) -> list[float]:
        return [r["marks"][key] for r in runs if key in r["marks"]]

    parts = [f"{name}:"]
    for key in ("imported", "shown", "painted"):
        if mark(key):
            parts.append(f"{key} {ms(mark(key))}")
    parts.append(f"cpu {ms([r['cpu_s_at_paint'] for r in runs])}")
    parts.append(f"rss {statistics.median(r['peak_rss_mb_at_paint'] for r in runs):.1f} MB")
    keys = [
        r["marks"]["commands"] - r["marks"]["painted"] for r in runs if "commands" in r["marks"]
    ]
    if keys:
        parts.append(f"keys {ms(keys)} after the paint")
    if mark("counts_in"):
        parts.append(f"counts {ms(mark('counts_in'))}")
    return " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("home", type=Path, help="a library (bench/biglib.py); each tree opens it")
    ap.add_argument("trees", nargs="+", metavar="NAME=TREE")
    ap.add_argument("-n", type=int, default=7, help="rounds (default 7)")
    ns = ap.parse_args(argv)
    trees = dict(t.split("=", 1) for t in ns.trees)
    trees[BARE] = BARE
    for tree in trees.values():
        probe(tree, ns.home)  # warm the OS file cache; not counted
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for _ in range(ns.n):
        for name, tree in trees.items():
            runs[name].append(probe(tree, ns.home))
    for name in trees:
        print(report(name, runs[name]))
    bare_wall = statistics.median(r["marks"]["painted"] for r in runs[BARE])
    bare_cpu = statistics.median(r["cpu_s_at_paint"] for r in runs[BARE])
    for name in trees:
        if name != BARE:
            wall = statistics.median(r["marks"]["painted"] for r in runs[name]) / bare_wall
            cpu = statistics.median(r["cpu_s_at_paint"] for r in runs[name]) / bare_cpu
            print(f"{name}: {wall:.2f}x the bare window (wall), {cpu:.2f}x (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
