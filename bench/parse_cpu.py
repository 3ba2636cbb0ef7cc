"""CPU of parsing the bench farm's feeds in-process, the parser processes' work in a refresh.

    python bench/parse_cpu.py [--feeds 200] [--rounds 3] [--prepare] [SRC ...]

Builds (or reuses) the farm like bench/run.py, then for each round runs, for each SRC (a
``src`` directory of a checkout, e.g. one made with ``git archive REV src | tar -x -C DIR``;
none: this checkout), a fresh interpreter that parses every feed once untimed and once timed
with ``time.process_time``, alternating between the SRCs. Prints each time and the median with
its spread per SRC. ``--prepare``: each parsed feed also goes through ``prepare.with_prepared``
(keys, hashes, folded search texts), as in a parser process of a refresh.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import farm  # noqa: E402

CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from newsreader.core.feeds.document import parse_feed
if sys.argv[4] == "1":
    from newsreader.core.feeds.prepare import with_prepared
    _parse = parse_feed
    def parse_feed(data, url, content_type):
        return with_prepared(_parse(data, url=url, content_type=content_type))
root = Path(sys.argv[2])
jobs = []
for line in sys.argv[3].splitlines():
    path, url = line.split(" ", 1)
    jobs.append(((root / path).read_bytes(), url))
for data, url in jobs:
    parse_feed(data, url=url, content_type="application/xml")
start = time.process_time()
for data, url in jobs:
    parse_feed(data, url=url, content_type="application/xml")
print(time.process_time() - start)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--prepare", action="store_true", help="also with_prepared, as a parser does")
    ap.add_argument("src", nargs="*", default=[str(HERE.parent / "src")])
    args = ap.parse_args()
    spec = farm.FarmSpec(feeds=args.feeds, port=18765)
    built = farm.build(spec, Path("/tmp/newsreader-bench") / f"farm-{spec.key()}")
    docs = list(farm.iter_feeds(spec, args.feeds))
    jobs = "\n".join(f"{doc.path} {doc.url}" for doc in docs)
    times: dict[str, list[float]] = {src: [] for src in args.src}
    for round_no in range(args.rounds):
        for src in args.src:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, src, str(built.root), jobs, str(int(args.prepare))],
                check=True,
                capture_output=True,
                text=True,
            )
            times[src].append(float(out.stdout))
            print(f"round {round_no + 1}: {src}: {times[src][-1]:.3f} CPU-s", flush=True)
    for src, values in times.items():
        print(
            f"{src}: median {statistics.median(values):.3f} CPU-s"
            f" ({min(values):.3f}-{max(values):.3f}, n={len(values)})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
