"""Benchmarks at scale, side by side with newsboat: refresh, start-up, search, articles, scrolling.

    python bench/run.py            # the full run (1000-feed farm, 100,000-article library)
    python bench/run.py --quick    # a quick check (200-feed farm, 20,000 articles), < 2 minutes

Prints a table of medians (min-max, n) and writes it, with the machine, versions and commands, to
docs/perf.md between the ``bench:begin``/``bench:end`` markers (text outside them is kept).

Scenarios (see docs/perf.md for what each measures exactly):

* cold refresh: empty library, N feeds x 50 items, feeds only (``refresh --no-content``) -- each
  run in a new home; newsboat ``-x reload`` with a new cache;
* warm refresh: the same again, every feed answering 304 (newsboat needs two reloads before it
  sends validators: the second is not timed);
* default refresh: feeds, full text and images, until every new (lead-only) article reads
  offline;
* start-up: process start to the window shown and its article list painted, peak RSS; the same
  for a bare PySide6 window with the same three panes and no data (bench/probe_baseline.py);
* search: ``Library.search(q, limit=200)`` over the big library, folded Vietnamese queries;
* article open: ``Library.article`` + ``article_document``; and selecting rows in the window;
* scrolling: paging the whole list in the window (``fetchMore``), deep ``OFFSET`` queries;
* GUI stall: the longest gap of a 5 ms timer while the window refreshes the whole farm.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import biglib  # noqa: E402
import farm  # noqa: E402
from server import FarmServer, pick_port  # noqa: E402

PERF_MD = REPO / "docs" / "perf.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
VENV_BIN = Path(sys.executable).parent
NEWSREADER = str(VENV_BIN / "newsreader") if (VENV_BIN / "newsreader").exists() else "newsreader"
OUR_THREADS = 12  # Updater(workers=12): fetch threads; parsing in min(4, cores) processes


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- statistics -------------------------------------------------------------------------------


@dataclass
class Stat:
    """Repeated measurements of one thing (seconds, MB or ms: `unit` says)."""

    values: list[float] = field(default_factory=list)
    unit: str = "s"

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    def text(self) -> str:
        if not self.values:
            return "—"
        f = _fmt(self.unit)
        if len(self.values) == 1:
            return f"{f(self.values[0])} {self.unit} (n=1)"
        return (
            f"{f(self.median)} {self.unit} ({f(min(self.values))}–{f(max(self.values))},"
            f" n={len(self.values)})"
        )


def _fmt(unit: str) -> Callable[[float], str]:
    def f(v: float) -> str:
        if unit == "s":
            return f"{v:.2f}" if v < 10 else f"{v:.1f}"
        if unit == "ms":
            return f"{v:.1f}" if v < 100 else f"{v:.0f}"
        return f"{v:.0f}"

    return f


@dataclass
class Row:
    scenario: str
    ours: str
    newsboat: str = ""  # default config
    newsboat_eq: str = ""  # reload-threads equal to ours
    ratio: str = ""
    target: str = ""
    status: str = ""


def ratio_status(ours: float, theirs: float, limit: float) -> tuple[str, bool]:
    r = ours / theirs if theirs else float("inf")
    return f"{r:.2f}×", r <= limit


def verdict(ok: bool | None, note: str = "") -> str:
    if ok is None:
        return "—"
    return ("**MET**" if ok else "**MISSED**") + (f" {note}" if note else "")


# -- running things ---------------------------------------------------------------------------


@dataclass
class Timed:
    seconds: float
    stdout: str
    stderr: str
    code: int
    cpu: float  # user+sys of the process and the descendants it waited for


def timed(args: Sequence[str], env: dict[str, str] | None = None, timeout: float = 1800) -> Timed:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(
        list(args), capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(seconds, proc.stdout, proc.stderr, proc.returncode, cpu)


def newsreader_cmd(home: Path, *args: str) -> list[str]:
    return [NEWSREADER, "--home", str(home), *args]


def newsboat_cmd(urls: Path, cache: Path, config: Path) -> list[str]:
    return ["newsboat", "-x", "reload", "-u", str(urls), "-c", str(cache), "-C", str(config)]


def newsboat_env(home: Path) -> dict[str, str]:
    return {**os.environ, "TERM": os.environ.get("TERM") or "xterm", "HOME": str(home)}


def new_newsboat(root: Path, threads: int | None) -> Path:
    """A fresh newsboat directory: config (reload-threads or newsboat's default), no cache."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    (root / "config").write_text(f"reload-threads {threads}\n" if threads else "")
    return root


def newsboat_items(cache: Path) -> int:
    with contextlib.closing(sqlite3.connect(cache)) as db:
        return int(db.execute("SELECT COUNT(*) FROM rss_item").fetchone()[0])


def version_of(args: Sequence[str]) -> str:
    try:
        out = subprocess.run(list(args), capture_output=True, text=True, timeout=20, check=False)
    except OSError:
        return "not installed"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else ""


# -- the report -------------------------------------------------------------------------------


@dataclass
class Report:
    quick: bool
    started: float = field(default_factory=time.time)
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    machine: dict[str, str] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        log(f"{row.scenario}: ours {row.ours}; newsboat {row.newsboat} / {row.newsboat_eq}"
            f" {row.ratio} {row.status}")  # fmt: skip

    def detail(self, text: str) -> None:
        self.details.append(text)

    def warn(self, text: str) -> None:
        self.warnings.append(text)
        log("WARNING: " + text)

    def table(self) -> str:
        head = (
            "| Scenario | Newsreader | newsboat, default (reload-threads 1) | newsboat,"
            f" reload-threads {OUR_THREADS} | Ratio (default / {OUR_THREADS} threads) | Target |"
            " Status |"
        )
        lines = [head, "|" + "---|" * 7]
        for r in self.rows:
            lines.append(
                f"| {r.scenario} | {r.ours} | {r.newsboat or '—'} | {r.newsboat_eq or '—'} |"
                f" {r.ratio or '—'} | {r.target} | {r.status} |"
            )
        return "\n".join(lines)

    def markdown(self) -> str:
        when = dt.datetime.fromtimestamp(self.started).astimezone().strftime("%Y-%m-%d %H:%M %Z")
        minutes = (time.time() - self.started) / 60
        out = [
            BEGIN,
            "<!-- generated by bench/run.py: edit outside the markers only -->",
            f"## Results ({'quick check' if self.quick else 'full run'}, {when})",
            "",
            f"`python bench/run.py{' --quick' if self.quick else ''}` took {minutes:.1f} min."
            " Medians, with (min–max, n). Ratios are ours ÷ newsboat's (median ÷ median); a"
            " ratio target is judged against both newsboat configurations (status: default /"
            f" {OUR_THREADS} threads).",
            "",
            self.table(),
            "",
            "### Machine and versions",
            "",
            *[f"- {k}: {v}" for k, v in self.machine.items()],
            "",
            "### Commands",
            "",
            *[f"- `{c}`" for c in self.commands],
            "",
            "### Details",
            "",
            *self.details,
        ]
        if self.warnings:
            out += ["", "### Warnings", "", *[f"- {w}" for w in self.warnings]]
        out.append(END)
        return "\n".join(out) + "\n"


def write_perf_md(report: Report, path: Path) -> None:
    generated = report.markdown()
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            pre, rest = text.split(BEGIN, 1)
            post = rest.split(END, 1)[1]
            path.write_text(pre + generated.rstrip("\n") + post, encoding="utf-8")
            return
        path.write_text(text.rstrip("\n") + "\n\n" + generated, encoding="utf-8")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Performance\n\n" + generated, encoding="utf-8")


def machine_info() -> dict[str, str]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    distro = ""
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                distro = line.split("=", 1)[1].strip('"')
    versions = {}
    from importlib.metadata import PackageNotFoundError, version

    for module in ("newsreader", "feedparser", "PySide6", "lxml", "requests"):
        versions[module] = "?"
        for dist in (module, f"{module}-Essentials"):
            try:
                versions[module] = version(dist)
                break
            except PackageNotFoundError:
                continue
    return {
        "CPU": f"{cpu} × {os.cpu_count()} (the machine is shared: other jobs may have run)",
        "Memory": mem,
        "OS": f"{distro}, Linux {platform.release()}",
        "Python": platform.python_version(),
        "Newsreader": versions["newsreader"],
        "feedparser / PySide6 / lxml / requests": " / ".join(
            versions[m] for m in ("feedparser", "PySide6", "lxml", "requests")
        ),
        "SQLite": sqlite3.sqlite_version,
        "newsboat": version_of(["newsboat", "--version"]),
        "Load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# -- scenarios --------------------------------------------------------------------------------


@dataclass
class Config:
    quick: bool
    feeds: int  # farm size
    refresh_sizes: tuple[int, ...]
    cold_repeats: int
    warm_repeats: int
    library_articles: int
    startup_repeats: int
    search_repeats: int
    article_samples: int
    stall_feeds: int
    work: Path
    scroll_budget: float = 60
    stall_timeout: float = 600
    items: int = 50
    offline_feeds: int = 200
    rules: int = 20  # rules in each newsreader home of the refresh runs (issue 17)


# Rules of every kind, as a reader would keep them (issue 17): all are matched against every new
# article of a refresh; few match the farm's text.
BENCH_RULES: tuple[tuple[str, ...], ...] = (
    *(("--match", f"tu khoa {n}", "--action", "hide") for n in range(12)),
    *(("--match", f'"cum tu so {n}"', "--action", "read") for n in range(4)),
    ("--match", "bong da", "--action", "hide"),
    ("--match", "gia vang", "--field", "title", "--action", "save"),
    ("--match", r"/lãi\s+suất/", "--action", "highlight"),
    ("--match", "ha noi", "--folder", "tin", "--action", "notify"),
)


def add_rules(home: Path, count: int) -> None:
    """Give a newsreader home `count` rules (not timed)."""
    for args in (BENCH_RULES * (count // len(BENCH_RULES) + 1))[:count]:
        r = timed(newsreader_cmd(home, "rule", "add", *args), probe_env())
        if r.code != 0:
            raise RuntimeError(f"rule add failed: {r.stderr}")


def targets_for(n: int) -> tuple[float, float]:
    """(cold, warm) ratio targets (issue 15): those for 1000 feeds from 1000 on, else for 200."""
    return (0.4, 0.05) if n >= 1000 else (0.7, 0.25)


STARTUP_LIMIT_S = 0.4  # start-up to the list painted
STARTUP_LIMIT_X_BASELINE = 1.5  # ... and at most this times the bare-PySide6 window's
RSS_LIMIT_MB = 100
PAGE_LIMIT_MS = 50  # one page of the list, at any depth


@dataclass
class RefreshRuns:
    ours_cold: Stat = field(default_factory=Stat)
    ours_warm: Stat = field(default_factory=Stat)
    nb_cold: dict[str, Stat] = field(default_factory=dict)
    nb_warm: dict[str, Stat] = field(default_factory=dict)
    cpu: dict[str, Stat] = field(default_factory=dict)


NB_CONFIGS: tuple[tuple[str, int | None], ...] = (("default", None), ("eq", OUR_THREADS))


def refresh_scenarios(cfg: Config, fm: farm.Farm, server: FarmServer, report: Report) -> None:
    compile_package()
    for n in cfg.refresh_sizes:
        runs = RefreshRuns()
        for key, _ in NB_CONFIGS:
            runs.nb_cold[key] = Stat()
            runs.nb_warm[key] = Stat()
        for key in ("ours", "default", "eq"):
            runs.cpu[key] = Stat()
        opml, urls = fm.opml(n), fm.urls(n)
        expected = n * cfg.items
        homes: dict[str, Path] = {}
        for rep in range(cfg.cold_repeats):
            # rotate who goes first, so drift in the machine's load spreads over all
            order = ["ours", "default", "eq"]
            order = order[rep % 3 :] + order[: rep % 3]
            for who in order:
                if who == "ours":
                    home = cfg.work / f"nr-{n}"
                    shutil.rmtree(home, ignore_errors=True)
                    imp = timed(newsreader_cmd(home, "import", str(opml)), probe_env())
                    if imp.code != 0:
                        raise RuntimeError(f"import failed: {imp.stderr}")
                    add_rules(home, cfg.rules)
                    mark = server.log_mark()
                    r = timed(
                        newsreader_cmd(home, "refresh", "--no-content", "--json"), probe_env()
                    )
                    counts = server.log_counts(mark)
                    doc = json.loads(r.stdout) if r.code == 0 else {}
                    if r.code != 0 or doc.get("new_articles") != expected or doc.get("errors"):
                        report.warn(
                            f"newsreader cold {n}: exit {r.code}, {doc.get('new_articles')} new"
                            f" of {expected}, {doc.get('errors')} errors; {r.stderr[-300:]}"
                        )
                    if counts.get("200") != n:
                        report.warn(f"newsreader cold {n}: server answered {dict(counts)}")
                    runs.ours_cold.values.append(r.seconds)
                    runs.cpu["ours"].values.append(r.cpu)
                    homes["ours"] = home
                else:
                    threads = dict(NB_CONFIGS)[who]
                    root = new_newsboat(cfg.work / f"nb-{who}-{n}", threads)
                    mark = server.log_mark()
                    r = timed(
                        newsboat_cmd(urls, root / "cache.db", root / "config"), newsboat_env(root)
                    )
                    counts = server.log_counts(mark)
                    items = newsboat_items(root / "cache.db")
                    if r.code != 0 or items != expected:
                        report.warn(
                            f"newsboat ({who}) cold {n}: exit {r.code}, {items} items of"
                            f" {expected}; {r.stderr[-300:]}"
                        )
                    if counts.get("200") != n:
                        report.warn(f"newsboat ({who}) cold {n}: server answered {dict(counts)}")
                    runs.nb_cold[who].values.append(r.seconds)
                    runs.cpu[who].values.append(r.cpu)
                    homes[who] = root
            log(f"cold {n} #{rep + 1}: ours {runs.ours_cold.values[-1]:.2f} s, newsboat"
                f" {runs.nb_cold['default'].values[-1]:.2f} / {runs.nb_cold['eq'].values[-1]:.2f}"
                " s")  # fmt: skip
        # Warm: the last cold homes, refreshed again (all 304).
        for who, _ in NB_CONFIGS:
            root = homes[who]
            # newsboat stores ETag/Last-Modified only from its second reload of a new feed
            timed(newsboat_cmd(urls, root / "cache.db", root / "config"), newsboat_env(root))
        for rep in range(cfg.warm_repeats):
            order = ["ours", "default", "eq"]
            order = order[rep % 3 :] + order[: rep % 3]
            for who in order:
                mark = server.log_mark()
                if who == "ours":
                    r = timed(
                        newsreader_cmd(homes["ours"], "refresh", "--no-content", "--json"),
                        probe_env(),
                    )
                    doc = json.loads(r.stdout) if r.code == 0 else {}
                    unchanged = sum(1 for f in doc.get("feeds", []) if f["status"] == "unchanged")
                    if unchanged != n:
                        report.warn(f"newsreader warm {n}: {unchanged} of {n} unchanged")
                    runs.ours_warm.values.append(r.seconds)
                else:
                    root = homes[who]
                    r = timed(
                        newsboat_cmd(urls, root / "cache.db", root / "config"), newsboat_env(root)
                    )
                    runs.nb_warm[who].values.append(r.seconds)
                counts = server.log_counts(mark)
                if counts.get("304") != n:
                    report.warn(f"{who} warm {n}: server answered {dict(counts)} (not all 304)")
        cold_t, warm_t = targets_for(n)
        for kind, ours, theirs, limit in (
            ("Cold refresh", runs.ours_cold, runs.nb_cold, cold_t),
            ("Warm refresh (all 304)", runs.ours_warm, runs.nb_warm, warm_t),
        ):
            r1, ok1 = ratio_status(ours.median, theirs["default"].median, limit)
            r2, ok2 = ratio_status(ours.median, theirs["eq"].median, limit)
            report.add(
                Row(
                    f"{kind}, {n} feeds × {cfg.items}",
                    ours.text(),
                    theirs["default"].text(),
                    theirs["eq"].text(),
                    f"{r1} / {r2}",
                    f"≤ {limit}× newsboat",
                    f"{verdict(ok1)} / {verdict(ok2)}",
                )
            )
        report.detail(
            f"- Refresh {n} feeds: CPU time (user+sys) per cold run: newsreader's main process"
            f" {runs.cpu['ours'].text()} (its parser processes are children of the forkserver and"
            f" not counted here), newsboat default"
            f" {runs.cpu['default'].text()}, newsboat {OUR_THREADS} threads"
            f" {runs.cpu['eq'].text()}."
        )
        for home in homes.values():
            shutil.rmtree(home, ignore_errors=True)


def probe_env() -> dict[str, str]:
    """A window probe's environment. Bytecode is written and used, as an installed product has
    it: with PYTHONDONTWRITEBYTECODE set (as on this machine) every start compiled all of
    Newsreader's modules again (~0.1-0.2 s of the start-up), which no user's start does."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["BENCH_T0"] = repr(time.time())
    return env


def compile_package() -> None:
    """Write the package's bytecode once, before anything is timed: the CLI runs use it (see
    `probe_env`), as an installed product's start does."""
    import compileall

    import newsreader

    compileall.compile_dir(str(Path(newsreader.__file__).parent), quiet=1)


def baseline_probe() -> dict[str, Any]:
    """The bare PySide6 window's start-up (bench/probe_baseline.py)."""
    env = probe_env()
    proc = subprocess.run(
        [sys.executable, str(HERE / "probe_baseline.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"baseline probe failed ({proc.returncode}): {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def offline_status(home: Path) -> tuple[int, int]:
    """(lead-only articles that read offline, lead-only articles) in `home`'s library: reading
    offline is the page's text stored (for the article or its story) and every picture the
    article shows in the image cache, as the window would show it with the network gone."""
    from newsreader.app import open_library
    from newsreader.core.models import ArticleQuery
    from newsreader.core.pages.extract import needs_full_text
    from newsreader.paths import app_paths

    with open_library(app_paths(home)) as lib:
        lead_only = offline = 0
        for listed in lib.articles(ArticleQuery(limit=1_000_000)):
            stored = lib.storage.article(listed.id)
            if not needs_full_text(stored.content_html, stored.summary or ""):
                continue
            lead_only += 1
            urls = lib.storage.article_image_urls([listed.id])
            full = lib.article(listed.id).full_text
            offline += full and all(lib.cached_image(u) is not None for u in urls)
        return offline, lead_only


def offline_scenario(cfg: Config, fm: farm.Farm, server: FarmServer, report: Report) -> None:
    """The default refresh (feeds, then full text and images): until every new article, all of
    them lead-only, reads offline."""
    n = cfg.offline_feeds
    compile_package()
    home = cfg.work / f"offline-{n}"
    shutil.rmtree(home, ignore_errors=True)
    imp = timed(newsreader_cmd(home, "import", str(fm.opml(n))), probe_env())
    if imp.code != 0:
        raise RuntimeError(f"import failed: {imp.stderr}")
    log(f"default refresh (feeds + full text + images) of {n} feeds")
    mark = server.log_mark()
    r = timed(newsreader_cmd(home, "refresh", "--json"), probe_env(), timeout=3600)
    requests = server.log_counts(mark)
    doc = json.loads(r.stdout) if r.code == 0 else {}
    offline, lead_only = offline_status(home)
    content = doc.get("offline_content") or {}
    all_offline = lead_only > 0 and offline == lead_only
    report.add(
        Row(
            f"Default `refresh` (feeds + full text + images), {n} feeds × {cfg.items}: until every"
            " new lead-only article reads offline",
            f"{r.seconds:.2f} s (n=1) to exit; then {offline} of {lead_only} new lead-only"
            f" articles read offline (text and pictures; {content.get('images', '?')} images)",
            target="measured; every new article offline",
            status=verdict(all_offline, "" if all_offline else "(not every article)"),
        )
    )
    if r.code != 0:
        report.warn(f"default refresh: exit {r.code}: {r.stderr[-300:]}")
    report.detail(
        f"- Default refresh, {n} feeds: CPU (user+sys) of the main process {r.cpu:.1f} s (the"
        f" parser processes that extract the pages are not counted); `offline_content`"
        f" {json.dumps(content)}; server answers {json.dumps(dict(sorted(requests.items())))}."
        " The refresh fetches the page and pictures of every new article (newest first, hosts"
        " taking turns, 2 connections a host; `offline_per_refresh` caps it)."
    )
    shutil.rmtree(home, ignore_errors=True)


def probe(mode: str, home: Path, *args: str, timeout: float = 1200) -> dict[str, Any]:
    env = probe_env()
    proc = subprocess.run(
        [sys.executable, str(HERE / "probe_window.py"), mode, str(home), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"probe {mode} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    if proc.returncode != 0:
        log(f"probe {mode} exited with {proc.returncode} after its result: {proc.stderr[-300:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def library_scenarios(cfg: Config, report: Report) -> None:
    n = cfg.library_articles
    label = f"{n // 1000}k"
    log(f"building or reusing the {label}-article library")
    lib = biglib.build(cfg.work / f"lib-{label}", n)
    how = "reused from an earlier run" if lib.seconds == 0 else f"built in {lib.seconds:.0f} s"
    report.detail(
        f"- Library for start-up/search/articles/scrolling: {lib.articles} articles in"
        f" {lib.feeds} feeds, inserted with `Storage.store_refresh` (see bench/biglib.py; {how})."
    )
    for p in lib.fidelity:
        report.warn(f"library entries differ from the parser's: {p}")
    indicative = "" if n >= 100_000 else f" (at {label}: indicative)"
    # Start-up: one run of each to warm the OS caches, not counted; then ours and the bare
    # PySide6 window with the same panes alternately, so both see the same machine.
    probe("startup", lib.home)
    baseline_probe()
    shown, painted, rss = Stat(), Stat(), Stat(unit="MB")
    imported = Stat()
    base_painted, base_imported, base_rss = Stat(), Stat(), Stat(unit="MB")
    for _ in range(cfg.startup_repeats):
        r = probe("startup", lib.home)
        shown.values.append(r["marks"]["shown"])
        painted.values.append(r["marks"]["painted"])
        imported.values.append(r["marks"]["imported"])
        rss.values.append(r["peak_rss_mb_at_paint"])
        b = baseline_probe()
        base_painted.values.append(b["marks"]["painted"])
        base_imported.values.append(b["marks"]["imported"])
        base_rss.values.append(b["peak_rss_mb_at_paint"])
    times_base = painted.median / base_painted.median
    report.add(
        Row(
            f"Start-up to window shown and first page painted, {label} articles",
            f"{painted.text()}; the bare PySide6 window with the same three panes and no data:"
            f" {base_painted.text()}",
            ratio=f"{times_base:.2f}× the bare window",
            target=f"≤ {STARTUP_LIMIT_S} s and ≤ {STARTUP_LIMIT_X_BASELINE}× the bare window",
            status=f"{verdict(painted.median <= STARTUP_LIMIT_S)} /"
            f" {verdict(times_base <= STARTUP_LIMIT_X_BASELINE)}{indicative}",
        )
    )
    report.add(
        Row(
            f"Peak RSS at that moment, {label} articles",
            f"{rss.text()}; the bare PySide6 window: {base_rss.text()}",
            target=f"≤ {RSS_LIMIT_MB} MB",
            status=verdict(rss.median <= RSS_LIMIT_MB, indicative),
        )
    )
    report.detail(
        f"- Start-up marks (from process start): Python + imports done {imported.text()},"
        f" window shown {shown.text()}, list painted {painted.text()}. The bare PySide6 window"
        f" (bench/probe_baseline.py): imports done {base_imported.text()}, painted"
        f" {base_painted.text()}."
    )
    log("interact probe (search, articles, scrolling)")
    r = probe(
        "interact",
        lib.home,
        "--search-repeats",
        str(cfg.search_repeats),
        "--articles",
        str(cfg.article_samples),
        "--scroll-budget",
        str(cfg.scroll_budget),
    )
    s, ss, sw, sc = r["search"], r["search_snippets"], r["search_window"], r["search_count"]
    report.add(
        Row(
            f"Search `Library.search(q, limit=200)`, {label} articles, p50 / p95",
            f"{s['p50']:.1f} / {s['p95']:.1f} ms (max {s['max']:.0f}, n={s['n']})",
            target="p95 ≤ 30 ms",
            status=verdict(s["p95"] <= 30, indicative),
        )
    )
    report.add(
        Row(
            "Search as the window's box runs it until the list shows (`ui.search.search_for_list`"
            " + the lead snippets of a screen of rows), p50 / p95",
            f"{sw['p50']:.1f} / {sw['p95']:.1f} ms (max {sw['max']:.0f}, n={sw['n']})",
            target="p95 ≤ 30 ms",
            status=verdict(sw["p95"] <= 30, indicative),
        )
    )
    report.add(
        Row(
            "… then the count of all matches in the status line (`count_search`, up to 10,000;"
            " its own worker job, when 200 or more match), p50 / p95",
            f"{sc['p50']:.1f} / {sc['p95']:.1f} ms (max {sc['max']:.0f}, n={sc['n']})",
            target="measured",
            status="—",
        )
    )
    report.add(
        Row(
            "Search with every hit's snippet (`snippets=True`, bodies read: the CLI's `search`),"
            " p50 / p95",
            f"{ss['p50']:.1f} / {ss['p95']:.1f} ms (max {ss['max']:.0f}, n={ss['n']})",
            target="measured",
            status="—",
        )
    )
    qrows = [
        "| Query | hits | p50 ms | p95 ms | p50 ms, window | p50 ms, `snippets=True` |",
        "|---|---|---|---|---|---|",
    ]
    for q, v in s["queries"].items():
        vs, vw = ss["queries"][q], sw["queries"][q]
        qrows.append(
            f"| `{q}` | {v['hits']} | {v['p50']:.1f} | {v['p95']:.1f} | {vw['p50']:.1f}"
            f" | {vs['p50']:.1f} |"
        )
    report.detail(
        f"- Search per query ({label} articles, limit 200):\n\n" + "\n".join(qrows) + "\n"
    )
    a, aw = r["article_open_library"], r["article_open_window"]
    report.add(
        Row(
            "Article open: `Library.article` + `article_document`, p50 / p95",
            f"{a['p50']:.1f} / {a['p95']:.1f} ms (max {a['max']:.0f}, n={a['n']})",
            target="≤ 50 ms",
            status=verdict(a["p95"] <= 50, "(p95)"),
        )
    )
    report.add(
        Row(
            "Article open in the window: select a row → article view painted, p50 / p95",
            f"{aw['p50']:.1f} / {aw['p95']:.1f} ms (max {aw['max']:.0f}, n={aw['n']})",
            target="≤ 50 ms",
            status=verdict(aw["p95"] <= 50, "(p95)"),
        )
    )
    sel = r.get("article_open_window_select")
    if sel:
        report.detail(
            f"- Article open in the window: the selection handler alone (`Library.article`,"
            f" `article_document`, `setHtml`) p50 {sel['p50']:.1f} ms, p95 {sel['p95']:.1f} ms,"
            f" max {sel['max']:.0f} ms; the rest is layout, painting and other queued events."
        )
    sc = r["scroll_window"]
    report.add(
        Row(
            f"Scrolling the {label} list in the window: one page (200 rows via fetchMore), p50 /"
            " p95",
            f"{sc['p50']:.1f} / {sc['p95']:.1f} ms (max {sc['max']:.0f}, n={sc['n']}); first 10"
            f" pages p50 {sc['first10_p50']:.1f} ms, last 10 {sc['last10_p50']:.1f} ms; "
            + (
                f"whole list in {sc['total_s']:.1f} s"
                if sc["complete"]
                else f"{sc['rows']} rows reached in the {sc['budget_s']:.0f} s budget"
            ),
            target=f"p95 ≤ {PAGE_LIMIT_MS} ms at any depth",
            status=verdict(
                sc["p95"] <= PAGE_LIMIT_MS and sc["last10_p50"] <= PAGE_LIMIT_MS, indicative
            ),
        )
    )
    feel = r.get("scroll_feel")
    if feel is not None:  # probe_window.py `_scroll_feel`: what a reader holding Page Down feels
        at = ", ".join(
            f"{name} (row {v['at_row']}) {v['p95']:.0f}" for name, v in feel["sessions"].items()
        )
        report.add(
            Row(
                f"Scrolling the {label} list as a reader feels it: the longest event-loop turn"
                f" per screen page (Page Down every {feel['step_ms']} ms), p50 / p95",
                f"{feel['p50']:.1f} / {feel['p95']:.1f} ms (max {feel['max']:.0f},"
                f" n={feel['n']}); p95 at {at} ms; GUI-thread CPU p95"
                f" {feel['cpu']['p95']:.1f} ms",
                target=f"p95 ≤ {PAGE_LIMIT_MS} ms at any depth",
                status=verdict(
                    max(v["p95"] for v in feel["sessions"].values()) <= PAGE_LIMIT_MS,
                    indicative,
                ),
            )
        )
    deep = r["articles_offset"]
    report.detail(
        "- `Library.articles(ArticleQuery(limit=200, offset=k))` p50: "
        + ", ".join(f"k={k}: {v['p50']:.1f} ms" for k, v in deep.items())
        + "."
    )


def stall_scenario(cfg: Config, fm: farm.Farm, server: FarmServer, report: Report) -> None:
    n = cfg.stall_feeds
    home = cfg.work / f"stall-{n}"
    shutil.rmtree(home, ignore_errors=True)
    imp = timed(newsreader_cmd(home, "import", str(fm.opml(n))), probe_env())
    if imp.code != 0:
        raise RuntimeError(f"import failed: {imp.stderr}")
    from newsreader.paths import app_paths

    app_paths(home).settings_file.write_text(json.dumps({"defaults_imported": True}))
    log(f"GUI stall probe: refreshing {n} feeds in the window")
    r = probe("stall", home, "--timeout", str(cfg.stall_timeout))["stall"]
    if r["new_articles"] != n * cfg.items:
        report.warn(f"stall run: {r['new_articles']} new articles of {n * cfg.items}")
    report.add(
        Row(
            f"GUI stall: longest event-loop gap during a {n}-feed refresh in the window",
            f"{r['max_gap_ms']:.0f} ms (p99 {r['p99_gap_ms']:.0f} ms; {r['gaps_over_50ms']} gaps"
            f" > 50 ms of {r['ticks']} ticks; "
            + (
                f"refresh {r['refresh_s']:.1f} s, n=1)"
                if r["refresh_s"] is not None
                else f"refresh unfinished after {cfg.stall_timeout:.0f} s, n=1)"
            ),
            target="no gap > 50 ms",
            status=verdict(r["max_gap_ms"] <= 50),
        )
    )
    report.detail(
        f"- GUI stall, {n} feeds: the 10 longest gaps (seconds after Refresh all, ms): "
        + ", ".join(f"{t:.1f} s: {g:.0f}" for t, g in r["worst"])
        + f". {r['gaps_over_16ms']} gaps over 16 ms."
    )
    shutil.rmtree(home, ignore_errors=True)


# -- main -------------------------------------------------------------------------------------


def config(ns: argparse.Namespace) -> Config:
    work = ns.work
    if ns.quick:
        return Config(
            quick=True,
            feeds=200,
            refresh_sizes=(200,),
            cold_repeats=1,
            warm_repeats=2,
            library_articles=20_000,
            startup_repeats=3,
            search_repeats=3,
            article_samples=30,
            stall_feeds=100,
            work=work,
            scroll_budget=8,
            rules=ns.rules,
        )
    return Config(
        quick=False,
        feeds=1000,
        refresh_sizes=(200, 1000),
        cold_repeats=ns.repeats or 3,
        warm_repeats=5,
        library_articles=100_000,
        startup_repeats=5,
        search_repeats=5,
        article_samples=100,
        stall_feeds=1000,
        work=work,
        rules=ns.rules,
    )


@contextlib.contextmanager
def farm_server(
    cfg: Config, report: Report, python_server: bool
) -> Iterator[tuple[farm.Farm, FarmServer]]:
    spec0 = farm.FarmSpec(feeds=cfg.feeds, items=cfg.items)
    port = pick_port(farm.hosts(spec0))
    spec = farm.FarmSpec(feeds=cfg.feeds, items=cfg.items, port=port)
    log(f"farm: {spec.feeds} feeds x {spec.items} items (port {port})")
    fm = farm.build(
        spec,
        cfg.work / f"farm-{spec.key()}",
        (*cfg.refresh_sizes, cfg.stall_feeds, cfg.offline_feeds),
    )
    with FarmServer(fm.root, port, fm.hosts, force_python=python_server) as server:
        report.machine["Server"] = f"{server.kind} {server.version}"
        report.detail(
            f"- Farm: {spec.feeds} feeds × {spec.items} items ({fm.feed_bytes / 1e6:.0f} MB of"
            f" feeds, {fm.min_feed // 1024}–{fm.max_feed // 1024} KB each, 20% Atom, gzip on the"
            f" wire) on {len(fm.hosts)} loopback hosts ({spec.feeds_per_host} feeds per site),"
            f" served by {server.kind} with ETag/Last-Modified/gzip; generated by bench/farm.py"
            f" in `{fm.root}`."
        )
        yield fm, server


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small farm, few repeats (< 2 min)")
    ap.add_argument("--work", type=Path, default=farm.DEFAULT_ROOT, help="scratch directory")
    ap.add_argument("--out", type=Path, default=PERF_MD, help="the Markdown file to update")
    ap.add_argument("--no-write", action="store_true", help="print only")
    ap.add_argument("--repeats", type=int, help="cold refresh repeats (full run: 3)")
    ap.add_argument(
        "--only",
        default="refresh,offline,library,stall",
        help="comma-separated scenarios: refresh, offline (the default refresh with full text"
        " and images), library (start-up, search, articles, scrolling), stall",
    )
    ap.add_argument("--python-server", action="store_true", help="not nginx, even if installed")
    ap.add_argument("--rules", type=int, default=20, help="rules in the refresh runs' homes (20)")
    ns = ap.parse_args(argv)
    if shutil.which("newsboat") is None:
        log("newsboat is not installed (apt-get install newsboat): ratios will be missing")
    cfg = config(ns)
    cfg.work.mkdir(parents=True, exist_ok=True)
    only = set(ns.only.split(","))
    report = Report(quick=cfg.quick)
    report.machine = machine_info()
    report.commands = [
        "newsreader --home HOME import farm-N.opml  (not timed; a new HOME per cold run)",
        f"newsreader --home HOME rule add ...  ({cfg.rules} rules, not timed; see BENCH_RULES)",
        "newsreader --home HOME refresh --no-content --json  (timed: process start to exit)",
        "TERM=xterm HOME=DIR newsboat -x reload -u urls-N.txt -c DIR/cache.db -C DIR/config"
        "  (config empty = newsboat's defaults, or `reload-threads 12`; a new DIR per cold run)",
        "newsreader --home HOME refresh --json  (the default refresh: feeds, full text, images;"
        " timed: process start to exit)",
        "QT_QPA_PLATFORM=offscreen python bench/probe_window.py startup|interact|stall HOME",
        "QT_QPA_PLATFORM=offscreen python bench/probe_baseline.py  (the bare PySide6 window)",
    ]
    if only & {"refresh", "offline", "stall"}:
        with farm_server(cfg, report, ns.python_server) as (fm, server):
            if "refresh" in only:
                refresh_scenarios(cfg, fm, server, report)
            if "offline" in only:
                offline_scenario(cfg, fm, server, report)
            if "stall" in only:
                stall_scenario(cfg, fm, server, report)
    if "library" in only:
        library_scenarios(cfg, report)
    report.machine["Load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(report.table())
    if report.warnings:
        print("\nWarnings:\n" + "\n".join(f"- {w}" for w in report.warnings))
    if not ns.no_write:
        write_perf_md(report, ns.out)
        log(f"wrote {ns.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
