"""Cold and warm CLI refresh of the farm, two source trees alternating (before/after a change).

Each variant is a directory holding the package (`src/` of a checkout, e.g. one made with
`git archive COMMIT | tar -x -C DIR`), run with the same interpreter as
`python -m newsreader` with PYTHONPATH=DIR/src. Per repeat and variant: a new home (OPML
import and the bench's 20 rules, not timed), one cold `refresh --no-content --json` and then
`--warm` warm ones (every feed 304), each timed from process start to exit with the child's
CPU (user+sys): of the main process, and of it with its parser processes (this process becomes
their subreaper to count them). The variants alternate, their order rotating per repeat.
Bytecode is written once per variant before anything is timed and then used (as an installed
package's is), whatever PYTHONDONTWRITEBYTECODE says here.

`--warm-only N`: one home per variant (made and cold-refreshed untimed), then N rounds of one
warm refresh per variant, alternating: the quick way to compare warm refreshes.

    python bench/refresh_ab.py --feeds 200 --repeats 3 before=/tmp/base after=.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import farm  # noqa: E402
from run import BENCH_RULES  # noqa: E402
from server import FarmServer, pick_port  # noqa: E402


def run_cli(src: Path, home: Path, *args: str) -> tuple[float, str]:
    """(wall s, stdout) of `newsreader --home HOME ARGS` run from `src`."""
    env = dict(os.environ, PYTHONPATH=str(src / "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cmd = [sys.executable, "-m", "newsreader", "--home", str(home), *args]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd}: exit {proc.returncode}: {err.decode()[-500:]}")
    return wall, out.decode()


def compile_variant(src: Path) -> None:
    """Write the variant's bytecode before anything is timed."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(src / "src")], check=True, timeout=300
    )


def new_home(src: Path, home: Path, opml: Path, rules: Sequence[tuple[str, ...]]) -> None:
    """A fresh home with the farm's feeds and the bench's rules (not timed)."""
    shutil.rmtree(home, ignore_errors=True)
    run_cli(src, home, "import", str(opml))
    for rule in rules:
        run_cli(src, home, "rule", "add", *rule)


def warm_only(
    variants: Sequence[tuple[str, Path]], homes: Path, opml: Path, rules: Sequence[tuple[str, ...]],
    feeds: int, rounds: int,
) -> None:  # fmt: skip
    """One home per variant, cold-refreshed untimed; then `rounds` alternating warm refreshes."""
    cpu: dict[str, list[float]] = {name: [] for name, _ in variants}
    wall: dict[str, list[float]] = {name: [] for name, _ in variants}
    for name, src in variants:
        new_home(src, homes / name, opml, rules)
        run_cli(src, homes / name, "refresh", "--no-content", "--json")
    for rnd in range(rounds):
        order = list(variants[rnd % len(variants) :]) + list(variants[: rnd % len(variants)])
        line = f"round {rnd}:"
        for name, src in order:
            w, c, _, out = timed_cli(src, homes / name, "refresh", "--no-content", "--json")
            same = sum(1 for f in json.loads(out)["feeds"] if f["status"] == "unchanged")
            if same != feeds:
                print(f"!! {name}: warm {same} of {feeds} unchanged")
            cpu[name].append(c)
            wall[name].append(w)
            line += f" {name} {w:.2f} s ({c:.3f} CPU-s);"
        print(line, f"load {os.getloadavg()[0]:.2f}", flush=True)
    for name, _ in variants:
        print(f"{name}: warm_cpu {_med(cpu[name], 3)}; warm {_med(wall[name], 2)}")
    for name, _ in variants:
        shutil.rmtree(homes / name, ignore_errors=True)


def _med(values: Sequence[float], digits: int) -> str:
    med, low, high = statistics.median(values), min(values), max(values)
    return f"{med:.{digits}f} ({low:.{digits}f}–{high:.{digits}f}, n={len(values)})"


def become_subreaper() -> None:
    """Orphaned descendants (the forkserver and its parser processes outlive the CLI's main
    process by a moment) become this process's children, so their CPU can be counted too."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def _children() -> set[int]:
    me = str(os.getpid())
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            found.add(int(stat.parent.name))
    return found


def _reap_orphans(keep: set[int], seconds: float = 5.0) -> None:
    """Wait for every child but `keep` (the farm server) to exit, reaping it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        others = _children() - keep
        if not others:
            return
        for pid in others:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
        time.sleep(0.02)


def timed_cli(src: Path, home: Path, *args: str) -> tuple[float, float, float, str]:
    """(wall s, CPU s of the main process, CPU s of it and its parser processes, stdout)."""
    keep = _children()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, out = run_cli(src, home, *args)
    main = resource.getrusage(resource.RUSAGE_CHILDREN)
    _reap_orphans(keep)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)

    def cpu(a: resource.struct_rusage, b: resource.struct_rusage) -> float:
        return (b.ru_utime - a.ru_utime) + (b.ru_stime - a.ru_stime)

    return wall, cpu(before, main), cpu(before, after), out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("variants", nargs="+", help="NAME=DIR (DIR/src holds the package)")
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--warm", type=int, default=2, help="warm refreshes per cold one")
    ap.add_argument("--rules", type=int, default=20)
    ap.add_argument("--work", type=Path, default=farm.DEFAULT_ROOT / "refresh-ab")
    ap.add_argument("--warm-only", type=int, default=0, metavar="N", help="N warm rounds only")
    ns = ap.parse_args(argv)
    variants = [(v.split("=", 1)[0], Path(v.split("=", 1)[1]).resolve()) for v in ns.variants]
    spec0 = farm.FarmSpec(feeds=ns.feeds)
    port = pick_port(farm.hosts(spec0))
    spec = farm.FarmSpec(feeds=ns.feeds, port=port)
    fm = farm.build(spec, farm.DEFAULT_ROOT / f"farm-{spec.key()}", (ns.feeds,))
    results: dict[str, dict[str, list[float]]] = {
        name: {"cold": [], "cold_cpu": [], "cold_all": [], "warm": [], "warm_cpu": []}
        for name, _ in variants
    }
    rules = (BENCH_RULES * (ns.rules // len(BENCH_RULES) + 1))[: ns.rules]
    for _, src in variants:
        compile_variant(src)
    become_subreaper()
    with FarmServer(fm.root, port, fm.hosts):
        if ns.warm_only:
            warm_only(variants, ns.work, fm.opml(ns.feeds), rules, ns.feeds, ns.warm_only)
            return 0
        for rep in range(ns.repeats):
            order = variants[rep % len(variants) :] + variants[: rep % len(variants)]
            for name, src in order:
                home = ns.work / f"{name}-{rep}"
                new_home(src, home, fm.opml(ns.feeds), rules)
                wall, cpu, total, out = timed_cli(src, home, "refresh", "--no-content", "--json")
                doc = json.loads(out)
                expected = ns.feeds * spec.items
                if doc.get("new_articles") != expected or doc.get("errors"):
                    print(f"!! {name}: {doc.get('new_articles')} new, {doc.get('errors')} errors")
                results[name]["cold"].append(wall)
                results[name]["cold_cpu"].append(cpu)
                results[name]["cold_all"].append(total)
                line = f"rep {rep} {name}: cold {wall:.2f} s ({cpu:.2f} CPU-s, {total:.2f} in all)"
                for _ in range(ns.warm):
                    wall, cpu, _, out = timed_cli(src, home, "refresh", "--no-content", "--json")
                    doc = json.loads(out)
                    same = sum(1 for f in doc["feeds"] if f["status"] == "unchanged")
                    if same != ns.feeds:
                        print(f"!! {name}: warm {same} of {ns.feeds} unchanged")
                    results[name]["warm"].append(wall)
                    results[name]["warm_cpu"].append(cpu)
                    line += f"; warm {wall:.2f} s ({cpu:.2f})"
                print(line, f"load {os.getloadavg()[0]:.2f}", flush=True)
                shutil.rmtree(home, ignore_errors=True)
    for name, _ in variants:
        r = results[name]
        parts = []
        for key in ("cold", "cold_cpu", "cold_all", "warm", "warm_cpu"):
            v = r[key]
            if not v:
                continue
            parts.append(
                f"{key} {statistics.median(v):.2f} ({min(v):.2f}–{max(v):.2f}, n={len(v)})"
            )
        print(f"{name}: " + "; ".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
