"""Profiles behind docs/perf.md: where the time of a missed target goes.

    python bench/profile.py refresh [--feeds 200] [--warm]   # py-spy over the CLI and its workers
    python bench/profile.py startup HOME                      # import times + pyinstrument
    python bench/profile.py stall [--feeds 200]               # py-spy over the window's threads
    python bench/profile.py summary FILE [--top 40]           # summarise a py-spy raw profile

`refresh` and `stall` build (or reuse) the farm and start its server like bench/run.py. py-spy
samples at 250 Hz; the summary groups samples per process and thread and lists, for each, the
functions with the most samples under them ("inclusive") and at the top of the stack ("self").
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import farm  # noqa: E402
from server import FarmServer, pick_port  # noqa: E402

VENV_BIN = Path(sys.executable).parent
PY_SPY = str(VENV_BIN / "py-spy") if (VENV_BIN / "py-spy").exists() else "py-spy"
NEWSREADER = str(VENV_BIN / "newsreader")
_FRAME_PATH = re.compile(r" \((?:[^()]*/)?(?:site-packages/)?([^()]*)\)")


def summarize(raw: Path, top: int = 40, *, include: str = "") -> str:
    """Inclusive and self sample counts per (process, thread) from py-spy's raw output."""
    inclusive: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    own: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    totals: collections.Counter[str] = collections.Counter()
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        # py-spy: "process NNN:"cmd"" then (with --threads) "thread (0x..)" then frames
        head = [f for f in frames[:2] if f.startswith(("process ", "thread "))]
        key = " / ".join(re.sub(r':".*', "", h)[:60] for h in head) or "main"
        body = [_FRAME_PATH.sub(r" (\1)", f) for f in frames[len(head) :]]
        if include and not any(include in f for f in body):
            continue
        totals[key] += n
        for f in dict.fromkeys(body):
            inclusive[key][f] += n
        if body:
            own[key][body[-1]] += n
    out: list[str] = []
    for key, total in totals.most_common():
        out.append(f"== {key}: {total} samples")
        out.append("-- inclusive")
        out += [f"{n:7d} {n / total:5.1%}  {f}" for f, n in inclusive[key].most_common(top)]
        out.append("-- self")
        out += [f"{n:7d} {n / total:5.1%}  {f}" for f, n in own[key].most_common(top // 2)]
    return "\n".join(out)


def py_spy(out: Path, args: Sequence[str], *, subprocesses: bool = True) -> None:
    cmd = [PY_SPY, "record", "-r", "250", "--threads", "-f", "raw", "-o", str(out)]
    if subprocesses:
        cmd.append("--subprocesses")
    subprocess.run([*cmd, "--", *args], check=False, capture_output=True)


def _farm(feeds: int) -> tuple[farm.Farm, int]:
    spec0 = farm.FarmSpec(feeds=feeds)
    port = pick_port(farm.hosts(spec0))
    spec = farm.FarmSpec(feeds=feeds, port=port)
    fm = farm.build(spec, farm.DEFAULT_ROOT / f"farm-{spec.key()}", (feeds,))
    return fm, port


def profile_refresh(feeds: int, warm: bool, out: Path) -> None:
    fm, port = _farm(feeds)
    home = farm.DEFAULT_ROOT / f"profile-home-{feeds}"
    shutil.rmtree(home, ignore_errors=True)
    with FarmServer(fm.root, port, fm.hosts):
        subprocess.run(
            [NEWSREADER, "--home", str(home), "import", str(fm.opml(feeds))],
            check=True,
            capture_output=True,
        )
        cmd = [NEWSREADER, "--home", str(home), "refresh", "--no-content", "--json"]
        if warm:
            subprocess.run(cmd, check=True, capture_output=True)
        t = time.perf_counter()
        py_spy(out, cmd)
        print(f"profiled {'warm' if warm else 'cold'} refresh of {feeds} feeds in"
              f" {time.perf_counter() - t:.1f} s (with py-spy) -> {out}")  # fmt: skip
    shutil.rmtree(home, ignore_errors=True)


def profile_stall(feeds: int, out: Path) -> None:
    fm, port = _farm(feeds)
    home = farm.DEFAULT_ROOT / f"profile-stall-{feeds}"
    shutil.rmtree(home, ignore_errors=True)
    with FarmServer(fm.root, port, fm.hosts):
        subprocess.run(
            [NEWSREADER, "--home", str(home), "import", str(fm.opml(feeds))],
            check=True,
            capture_output=True,
        )
        from newsreader.paths import app_paths

        app_paths(home).settings_file.write_text(json.dumps({"defaults_imported": True}))
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BENCH_T0": repr(time.time())}
        os.environ.update(env)
        py_spy(out, [sys.executable, str(HERE / "probe_window.py"), "stall", str(home)])
    shutil.rmtree(home, ignore_errors=True)


def profile_startup(home: Path) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import newsreader.ui.main"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), len(m.group(3)) // 2, m.group(4), int(m.group(1))))
    total = max((r[0] for r in rows), default=0)
    lines = [f"import newsreader.ui.main: {total / 1000:.0f} ms cumulative; heaviest:"]
    for cum, depth, name, own in sorted(rows, reverse=True)[:40]:
        lines.append(f"{cum / 1000:8.1f} ms (self {own / 1000:6.1f})  {'  ' * depth}{name}")
    args = [sys.executable, "-m", "pyinstrument", "-r", "text", "--show-all"]
    pyi = subprocess.run(
        [*args, str(HERE / "probe_window.py"), "startup", str(home)],
        capture_output=True,
        text=True,
        env={**env, "BENCH_T0": repr(time.time()), "BENCH_NO_EXIT": "1"},
        check=False,
    )
    return "\n".join(lines) + "\n\n" + pyi.stdout[-12000:]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    r = sub.add_parser("refresh")
    r.add_argument("--feeds", type=int, default=200)
    r.add_argument("--warm", action="store_true")
    r.add_argument("--out", type=Path, default=Path("/tmp/newsreader-profile-refresh.txt"))
    s = sub.add_parser("stall")
    s.add_argument("--feeds", type=int, default=200)
    s.add_argument("--out", type=Path, default=Path("/tmp/newsreader-profile-stall.txt"))
    u = sub.add_parser("startup")
    u.add_argument("home", type=Path)
    m = sub.add_parser("summary")
    m.add_argument("file", type=Path)
    m.add_argument("--top", type=int, default=40)
    m.add_argument("--include", default="", help="only stacks with a frame containing this")
    ns = ap.parse_args(argv)
    if ns.what == "refresh":
        profile_refresh(ns.feeds, ns.warm, ns.out)
        print(summarize(ns.out))
    elif ns.what == "stall":
        profile_stall(ns.feeds, ns.out)
        print(summarize(ns.out))
    elif ns.what == "startup":
        print(profile_startup(ns.home))
    else:
        print(summarize(ns.file, ns.top, include=ns.include))
    return 0


if __name__ == "__main__":
    sys.exit(main())
