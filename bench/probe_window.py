"""One measured run of the window, in its own process (started by bench/run.py).

    BENCH_T0=<time.time() at launch> QT_QPA_PLATFORM=offscreen \
        python bench/probe_window.py MODE HOME [--queries ...]

MODE:

* ``startup`` -- `newsreader.ui.main.run` on HOME, as `newsreader` with no command does; the
  clock stops once the article list has painted its first page (a zero-delay timer after that
  paint event, so the paint itself is counted). Prints the time from BENCH_T0 (the parent's
  clock just before it started this process: interpreter start and imports are included) to the
  window shown and to the list painted, and the peak RSS (``VmHWM``: ``getrusage`` would give
  the parent's peak, see ``procmem.py``) and the RSS now (``VmRSS``) at that moment; then, when
  the sections' feeds and counts (read in a worker after the first paint) are in, the time and
  the RSS again (``counts_in``, ``rss_mb_after_counts``); and when the window's second stage
  (menus, actions and their keys, the search box) has run after the paint (``commands``). Only
  the list's viewport is watched, from just before the window shows, as ``probe_baseline.py``
  watches its list (see `Probe`).
* ``interact`` -- start-up as above, then: searches through ``Library.search``, opening
  articles (``Library.article`` + ``article_document``; and selecting rows in the window until
  the article view has painted), paging through the whole article list in the window
  (``scrollToBottom`` + events: the view calls the model's ``fetchMore``), and
  ``Library.articles`` at deep offsets. On the way through the list, ``scroll_feel``: what a
  reader holding Page Down feels -- one scroll-bar page every 30 ms through the event loop, the
  longest event-loop turn per page (and the GUI thread's CPU in it), at the top, at half the
  list and at its end (scrolling back up). ``--parts scroll`` runs only the scrolling.
* ``reading`` -- start-up, then an hour of reading compressed: ``--steps`` times the window's
  own commands as a reader uses them (next article ``j`` -- which opens it and marks it read --,
  every 40 articles the next feed, every 150 a search typed in the box and left, every 25 the
  list paged down), sampling the *current* RSS (``/proc/self/status`` VmRSS) every 100 steps;
  reports the samples, the growth over the second half, and the peak. The app gives freed heap
  back to the system once a minute (``ui/gc_guard.py``); compressed into a minute, the run gets
  that only with ``BENCH_TRIM=1`` (a trim after each sample: two samples per step then).
* ``stall`` -- start-up, then Refresh all (the window's action: ``RefreshController`` runs
  ``Library.refresh`` in the window's worker) while a 5 ms precise timer records how late the
  event loop serves it; ends when the refresh finished and the window's last sync was applied.
  Also the GUI thread's CPU per gap, each garbage collection (generation, ms) and the window's
  own GUI-thread steps that took 8 ms or more.

The result is one JSON document on the last line of stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

T0 = float(os.environ.get("BENCH_T0") or time.time())
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

from procmem import current_rss_mb, peak_rss_mb  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from newsreader import APP_ID  # noqa: E402
from newsreader.core.models import ArticleQuery  # noqa: E402
from newsreader.paths import app_paths  # noqa: E402
from newsreader.ui import main as ui_main  # noqa: E402
from newsreader.ui.views import ArticleListView  # noqa: E402

IMPORTED = time.time() - T0
SCREEN_ROWS = 30  # rows of the article list on one screen, with room to spare
FEEL_STEP_MS = 30  # scroll_feel: one page every 30 ms, as a held Page Down key repeats

DEFAULT_QUERIES = (
    "ha noi", "dot pha", "kinh t", "nguoi dan", "duong sat do thi", "Hà Nội", "đột phá",
    "chuyen doi so", "cao toc bac nam", "nha o xa hoi", "thu tuong", "\"duong sat\" ha noi",
    "kinh te so", "gia vang",
)  # fmt: skip


def now() -> float:
    return time.time() - T0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary(values: list[float]) -> dict[str, float]:
    """Milliseconds: p50, p95, max, n."""
    import statistics  # the measuring modes' imports load after the start-up is measured

    ms = [v * 1000 for v in values]
    return {
        "p50": statistics.median(ms) if ms else float("nan"),
        "p95": pct(ms, 95),
        "max": max(ms) if ms else float("nan"),
        "min": min(ms) if ms else float("nan"),
        "n": len(ms),
    }


class Probe(QObject):
    """Watches the article list's viewport for the window shown and the list's first paint.

    Only that viewport is watched, from just before the window is shown, as
    ``probe_baseline.py`` watches its list's: a filter on the whole application (or on the
    viewport from its creation) brings every event of the start into Python (each event class
    made into a Python type, with its enums, on first sight) -- a cost of the probe, not of the
    product, that the bare window's probe does not pay."""

    def __init__(self, app: QApplication, mode: str, ns: argparse.Namespace) -> None:
        super().__init__()
        self.app = app
        self.mode = mode
        self.ns = ns
        self.marks: dict[str, float] = {"imported": IMPORTED}
        self.result: dict[str, Any] = {"mode": mode}
        self._painted = False

    def watch(self, view: ArticleListView) -> None:
        """Called as the window is about to be shown (see `main`)."""
        self._watched = view.viewport()
        self._watched.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._painted:
            return False
        kind = event.type()
        if kind == QEvent.Type.Show:  # the list's viewport shows with the window
            self.marks.setdefault("shown", now())
        elif kind == QEvent.Type.Paint:
            view = obj.parent()
            if isinstance(view, ArticleListView) and (
                view.model().rowCount() > 0 or self.mode == "stall"
            ):
                self._painted = True
                self.marks["paint_event"] = now()
                QTimer.singleShot(0, self._after_first_paint)
        return False

    def window(self) -> Any:
        for w in self.app.topLevelWidgets():
            if w.objectName() == "mainWindow":
                return w
        raise RuntimeError("no main window")

    def _after_first_paint(self) -> None:
        self.marks["painted"] = now()
        self.result["peak_rss_mb_at_paint"] = peak_rss_mb()
        self.result["rss_mb_at_paint"] = current_rss_mb()
        self.result["cpu_s_at_paint"] = time.process_time()  # this process's CPU, all threads
        self._watched.removeEventFilter(self)
        window = self.window()
        self.result["rows"] = window.articles_model.rowCount()
        if self.mode == "startup":  # (the total is read at the end: not in the window's way)
            self._commands_then_counts(window)
            return
        self.result["total_articles"] = window.library.totals()[0]
        if self.mode == "interact":
            QTimer.singleShot(0, lambda: self._interact(window))
        elif self.mode == "reading":
            QTimer.singleShot(0, lambda: self._reading(window))
        else:
            QTimer.singleShot(0, lambda: self._stall(window))

    def _commands_then_counts(self, window: Any) -> None:
        """The window's second stage -- menus, actions and their keys, the search box -- runs
        once its first frame is painted: note when (``commands``: the keys work from then on);
        then the counts."""

        def built() -> None:
            self.marks.setdefault("commands", now())

        if getattr(window, "commands_ready", True):  # (a window built whole at once)
            built()
        else:
            window.commands_built.connect(built)
        self._counts_then_finish(window)

    def _counts_then_finish(self, window: Any) -> None:
        """The sections' feeds and counts are read in a worker after the first paint: note when
        they are in and the memory then, too (not part of the start-up target)."""

        def counted() -> None:
            if "counts_in" not in self.marks:
                self.marks["counts_in"] = now()
                self.result["rss_mb_after_counts"] = current_rss_mb()
                self.finish()

        if window.library_loaded:
            counted()
            return
        window.library_synced.connect(counted)
        QTimer.singleShot(30_000, self.finish)

    def finish(self) -> None:
        if self.result.get("finished"):
            return
        self.result["finished"] = True
        if "total_articles" not in self.result:
            self.result["total_articles"] = self.window().library.totals()[0]
        self.result["marks"] = self.marks
        self.result["peak_rss_mb"] = peak_rss_mb()
        print(json.dumps(self.result), flush=True)
        self.app.quit()

    # -- interact ----------------------------------------------------------------------------

    def _interact(self, window: Any) -> None:
        from newsreader.ui.article_html import article_document, labels_for_language

        lib = window.library
        ns = self.ns
        out: dict[str, Any] = {}
        # Search through the library facade, as the brief asks; with every hit's snippet made
        # (`snippets=True`, reading bodies: what the CLI's `search` runs); and exactly what the
        # window's search box runs in its worker before the list shows
        # (`ui.search.search_for_list`) plus the lead snippets of a screen of rows (`SCREEN_ROWS`;
        # the list makes them as rows are drawn, `ui.search.lead_snippets`); and the count the
        # status line shows after it (a second worker job, when 200 or more match).
        from newsreader.ui.search import COUNT_CAP, lead_snippets, search_for_list

        def window_search(q: str) -> int:
            hits = search_for_list(lib, q)
            lead_for = lead_snippets(q)
            if lead_for is not None:
                for hit in hits[:SCREEN_ROWS]:
                    lead_for(hit.article)
            return len(hits)

        searches: dict[str, Callable[[str], int]] = {
            "search": lambda q: len(lib.search(q, limit=200)),
            "search_snippets": lambda q: len(lib.search(q, limit=200, snippets=True)),
            "search_window": window_search,
            "search_count": lambda q: lib.count_search(q, ArticleQuery(), cap=COUNT_CAP),
        }
        for key, run_search in searches.items() if "search" in ns.parts else ():
            per_query: dict[str, dict[str, float]] = {}
            times: list[float] = []
            for q in ns.queries:
                run_search(q)  # warm-up
                mine = []
                hits = 0
                for _ in range(ns.search_repeats):
                    t = time.perf_counter()
                    hits = run_search(q)
                    mine.append(time.perf_counter() - t)
                per_query[q] = {**summary(mine), "hits": hits}
                times += mine
            out[key] = {**summary(times), "queries": per_query}
        # Opening an article: library + HTML document.
        total = lib.totals()[0]
        if "open" not in ns.parts:
            ns.articles = 0
        import random

        rng = random.Random(7)
        ids = [a.id for a in lib.articles(ArticleQuery(limit=total))] if ns.articles else []
        sample = rng.sample(ids, min(ns.articles, len(ids)))
        labels = labels_for_language("vi_VN")
        times = []
        for article_id in sample:
            t = time.perf_counter()
            art = lib.article(article_id)
            article_document(art, dark=False, labels=labels)
            times.append(time.perf_counter() - t)
        out["article_open_library"] = summary(times)
        # Opening in the window: select a row, let the view lay out and paint.
        view = window.article_list
        model = window.articles_model
        times = []
        selecting: list[float] = []  # setCurrentIndex: the window's handler, setHtml included
        for row in range(1, min(ns.articles, model.rowCount()) + 1):
            t = time.perf_counter()
            view.setCurrentIndex(model.index(row % model.rowCount()))
            selecting.append(time.perf_counter() - t)
            window.article_view.viewport().repaint()
            self.app.processEvents()
            times.append(time.perf_counter() - t)
        out["article_open_window"] = summary(times)
        out["article_open_window_select"] = summary(selecting)
        # Scrolling: page through the whole list in the window, and how it feels at depth.
        out.update(self._scrolling(window, total))
        # Deep offsets through the library.
        deep: dict[str, dict[str, float]] = {}
        for offset in sorted({0, 10_000, 50_000, max(0, total - 200)} & set(range(total))):
            mine = []
            for _ in range(5):
                t = time.perf_counter()
                lib.articles(ArticleQuery(limit=200, offset=offset))
                mine.append(time.perf_counter() - t)
            deep[str(offset)] = summary(mine)
        out["articles_offset"] = deep
        self.result.update(out)
        self.finish()

    def _scrolling(self, window: Any, total: int) -> dict[str, Any]:
        """Page through the whole list (``scrollToBottom`` + events: the view calls the model's
        ``fetchMore``; the old figure), with three sessions of `_scroll_feel` on the way: at
        the top, at half the list and at its end (scrolling back up there)."""
        import statistics

        view = window.article_list
        model = window.articles_model
        ns = self.ns
        view.clearSelection()
        view.scrollToTop()
        self.app.processEvents()

        def reached() -> int:  # rows of the list paged in so far (a bounded model drops some)
            return int(getattr(model, "rows_above", 0)) + model.rowCount()

        feel: dict[str, Any] = {"top": self._scroll_feel(view, ns.feel_steps, 1)}
        feel["top"]["at_row"] = 0
        view.scrollToTop()
        self.app.processEvents()
        pages: list[float] = []
        stuck = 0
        started = time.perf_counter()
        feeling = 0.0
        budget = ns.scroll_budget
        while reached() < total and stuck < 3 and time.perf_counter() - started < budget:
            before = reached()
            t = time.perf_counter()
            view.scrollToBottom()
            self.app.processEvents()
            dt = time.perf_counter() - t
            if reached() > before:
                pages.append(dt)
                stuck = 0
            else:
                stuck += 1
            if "half" not in feel and reached() >= total // 2:
                t = time.perf_counter()
                feel["half"] = {**self._scroll_feel(view, ns.feel_steps, 1), "at_row": reached()}
                feeling += time.perf_counter() - t
        view.scrollToBottom()
        self.app.processEvents()
        feel["end"] = {**self._scroll_feel(view, ns.feel_steps, -1), "at_row": reached()}
        every = [g for f in feel.values() for g in f.pop("gaps")]
        every_cpu = [g for f in feel.values() for g in f.pop("cpu_gaps")]
        return {
            "scroll_window": {
                **summary(pages),
                "rows": reached(),
                "rows_loaded": model.rowCount(),
                "total_s": time.perf_counter() - started - feeling,
                "last10_p50": statistics.median(pages[-10:]) * 1000 if pages else float("nan"),
                "first10_p50": statistics.median(pages[:10]) * 1000 if pages else float("nan"),
                "budget_s": budget,
                "complete": reached() >= total,
            },
            "scroll_feel": {
                **summary(every),
                "cpu": summary(every_cpu),
                "sessions": feel,
                "step_ms": FEEL_STEP_MS,
            },
        }

    def _scroll_feel(self, view: Any, steps: int, direction: int) -> dict[str, Any]:
        """What a reader holding Page Down (or Page Up) feels: one scroll bar page every
        `FEEL_STEP_MS` through the event loop (paging in rows as the view asks), while a 5 ms
        precise timer records how late the loop serves it. For each page: the longest
        event-loop turn until the next page (the step's own work, layout and paint)."""
        bar = view.verticalScrollBar()
        action = (
            bar.SliderAction.SliderPageStepAdd
            if direction > 0
            else bar.SliderAction.SliderPageStepSub
        )
        loop = QEventLoop()
        clock = QElapsedTimer()
        clock.start()
        gaps: list[float] = []
        cpu_gaps: list[float] = []  # the same turns in the GUI thread's CPU time
        work: list[float] = []
        state = {"last": 0.0, "worst": 0.0, "n": 0, "cpu": time.thread_time(), "worst_cpu": 0.0}

        def tick() -> None:
            t = clock.nsecsElapsed() / 1e9
            cpu = time.thread_time()
            state["worst"] = max(state["worst"], t - state["last"])
            state["worst_cpu"] = max(state["worst_cpu"], cpu - state["cpu"])
            state["last"] = t
            state["cpu"] = cpu

        def step() -> None:
            tick()  # a turn that ends here counts for the page before
            if state["n"]:
                gaps.append(state["worst"])
                cpu_gaps.append(state["worst_cpu"])
            edge = bar.value() == (bar.maximum() if direction > 0 else bar.minimum())
            if state["n"] >= steps or (edge and state["n"]):
                ticker.stop()
                stepper.stop()
                loop.quit()
                return
            state["worst"] = state["worst_cpu"] = 0.0
            t = time.perf_counter()
            bar.triggerAction(action)
            work.append(time.perf_counter() - t)
            state["n"] += 1

        ticker = QTimer()
        ticker.setTimerType(Qt.TimerType.PreciseTimer)
        ticker.setInterval(5)
        ticker.timeout.connect(tick)
        stepper = QTimer()
        stepper.setTimerType(Qt.TimerType.PreciseTimer)
        stepper.setInterval(FEEL_STEP_MS)
        stepper.timeout.connect(step)
        state["last"] = clock.nsecsElapsed() / 1e9
        ticker.start()
        stepper.start()
        loop.exec()
        return {
            **summary(gaps),
            "cpu": summary(cpu_gaps),
            "step_work": summary(work),
            "gaps": gaps,
            "cpu_gaps": cpu_gaps,
        }

    # -- reading -----------------------------------------------------------------------------

    def _reading(self, window: Any) -> None:
        import gc

        steps = self.ns.steps
        actions = window.actions_by_id
        queries = list(self.ns.queries)
        samples: list[tuple[int, float]] = [(0, current_rss_mb())]
        started = time.perf_counter()
        window.article_list.setFocus()

        # One step per return to the event loop, as keys arrive: deferred deletes and queued
        # signals run between steps exactly as they do for a reader.
        def step(n: int) -> None:
            actions["next_article"].trigger()
            if n % 40 == 0:
                actions["next_section"].trigger()
            if n % 25 == 0:
                window.article_list.scrollToBottom()
            if n % 150 == 0:
                window.search_box.setText(queries[(n // 150) % len(queries)])
                QTimer.singleShot(200, actions["leave_search"].trigger)
            if n % 100 == 0:
                gc.collect()
                samples.append((n, current_rss_mb()))
                if os.environ.get("BENCH_TRIM"):
                    import ctypes

                    ctypes.CDLL("libc.so.6").malloc_trim(0)
                    samples.append((n, current_rss_mb()))
            if n < steps:
                QTimer.singleShot(250 if n % 150 == 0 else 1, lambda: step(n + 1))
            else:
                QTimer.singleShot(300, done)

        def done() -> None:
            gc.collect()
            samples.append((steps, current_rss_mb()))
            half = samples[len(samples) // 2][1]
            self.result["reading"] = {
                "steps": steps,
                "seconds": time.perf_counter() - started,
                "rss_mb": samples,
                "rss_start_mb": samples[0][1],
                "rss_end_mb": samples[-1][1],
                "growth_second_half_mb": samples[-1][1] - half,
            }
            self.finish()

        QTimer.singleShot(0, lambda: step(1))

    # -- stall -------------------------------------------------------------------------------

    def _stall(self, window: Any) -> None:
        import gc

        gaps: list[tuple[float, float]] = []  # (time since refresh start, gap seconds)
        clock = QElapsedTimer()
        clock.start()
        # Garbage collections during the refresh (the window collects on the GUI thread,
        # ui/gc_guard.py): (time since refresh start, generation, ms, objects collected).
        collections: list[tuple[float, int, float, int]] = []
        started_gc: dict[str, float] = {}

        def on_gc(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                started_gc["t"] = time.perf_counter()
                return
            took = (time.perf_counter() - started_gc.get("t", time.perf_counter())) * 1000
            at = clock.nsecsElapsed() / 1e9
            collections.append((at, info["generation"], took, info["collected"]))

        gc.callbacks.append(on_gc)
        # The window's own GUI-thread steps of a refresh, timed when they take 8 ms or more.
        slow: list[tuple[float, str, float]] = []

        def timed(owner: Any, name: str) -> None:
            original = getattr(owner, name, None)
            if original is None:  # (an older product, measured for a before/after)
                return

            def wrapper(*args: Any, **kwargs: Any) -> Any:
                t = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    took = (time.perf_counter() - t) * 1000
                    if took >= 8:
                        slow.append((clock.nsecsElapsed() / 1e9, name, took))

            setattr(owner, name, wrapper)

        for name in (
            "_apply_sync", "_apply_head", "_on_refresh_progress", "_show_progress", "sync_library",
            "_on_refresh_finished", "_fetch_offline_content", "_fetch_feed_icons",
            "_repaint_thumbnails", "_on_thumbnail_ready",
        ):  # fmt: skip
            timed(window, name)
        window.sections_model.modelReset.connect(
            lambda: slow.append((clock.nsecsElapsed() / 1e9, "sections reset", 0.0))
        )
        timed(window.article_list, "paintEvent")
        timed(window.sections_view, "paintEvent")
        timed(window.sections_model, "set_library_state")
        timed(window.articles_model, "apply_head")
        timed(window.article_list, "keep_window")
        state: dict[str, Any] = {"last": 0.0, "finished": None, "result": None}
        ticker = QTimer(self)
        ticker.setTimerType(Qt.TimerType.PreciseTimer)
        ticker.setInterval(5)

        cpu_gaps: list[float] = []  # the same gaps in the GUI thread's CPU time (load-proof)
        state["cpu"] = time.thread_time()

        def tick() -> None:
            t = clock.nsecsElapsed() / 1e9
            cpu = time.thread_time()
            gaps.append((t, t - state["last"]))
            cpu_gaps.append(cpu - state["cpu"])
            state["last"] = t
            state["cpu"] = cpu

        ticker.timeout.connect(tick)
        refresher = window.refresher

        def finished(result: Any) -> None:
            state["finished"] = clock.nsecsElapsed() / 1e9
            state["result"] = result

        def synced() -> None:
            if state["finished"] is not None and "done" not in state:
                state["done"] = True
                QTimer.singleShot(500, report)  # keep ticking through the last merge

        def report() -> None:
            ticker.stop()
            if on_gc in gc.callbacks:
                gc.callbacks.remove(on_gc)
            result = state["result"]
            lates = [g for _t, g in gaps[1:]]
            worst = sorted(gaps[1:], key=lambda p: p[1], reverse=True)[:10]
            self.result["stall"] = {
                "max_gap_ms": max(lates) * 1000 if lates else float("nan"),
                "max_cpu_gap_ms": max(cpu_gaps[1:]) * 1000 if cpu_gaps[1:] else float("nan"),
                "p99_cpu_gap_ms": pct(cpu_gaps[1:], 99) * 1000,
                "cpu_gaps_over_50ms": sum(1 for g in cpu_gaps[1:] if g > 0.050),
                "p99_gap_ms": pct(lates, 99) * 1000,
                "p50_gap_ms": pct(lates, 50) * 1000,
                "gaps_over_50ms": sum(1 for g in lates if g > 0.050),
                "gaps_over_16ms": sum(1 for g in lates if g > 0.016),
                "ticks": len(lates),
                "worst": [(round(t, 3), round(g * 1000, 1)) for t, g in worst],
                "refresh_s": state["finished"],
                "new_articles": result.new_articles if result is not None else None,
                "errors": result.errors if result is not None else None,
                "rows_after": window.articles_model.rowCount(),
                "slow_calls": [(round(t, 3), n, round(ms, 1)) for t, n, ms in slow],
                "gc": {
                    "collections": len(collections),
                    "ms_total": sum(c[2] for c in collections),
                    "longest": sorted(
                        ((round(t, 3), g, round(ms, 1)) for t, g, ms, _n in collections),
                        key=lambda c: c[2],
                        reverse=True,
                    )[:5],
                },
            }
            self.finish()

        refresher.finished.connect(finished)
        window.library_synced.connect(synced)
        state["last"] = clock.nsecsElapsed() / 1e9
        ticker.start()
        window.refresh_all()
        QTimer.singleShot(int(self.ns.timeout * 1000), report)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("startup", "interact", "stall", "reading"))
    ap.add_argument("home", type=Path)
    ap.add_argument("--queries", nargs="*", default=list(DEFAULT_QUERIES))
    ap.add_argument("--search-repeats", type=int, default=10)
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--steps", type=int, default=1500, help="reading: articles opened")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--scroll-budget", type=float, default=60, help="seconds of scrolling at most")
    ap.add_argument("--feel-steps", type=int, default=60, help="pages per scroll_feel session")
    ap.add_argument(
        "--parts",
        default="search,open,scroll",
        type=lambda v: set(v.split(",")),
        help="interact: which parts to run (search, open, scroll)",
    )
    ns = ap.parse_args(argv)
    app = QApplication([APP_ID])
    probe = Probe(app, ns.mode, ns)
    show = ui_main.MainWindow.show

    def shown(window: Any) -> None:
        if not hasattr(probe, "_watched"):  # the first window the application shows
            probe.watch(window.article_list)
        show(window)

    ui_main.MainWindow.show = shown  # type: ignore[method-assign]
    code = ui_main.run(app_paths(ns.home), [])
    # The result is printed: skip interpreter teardown (PySide6 has crashed in it, see
    # docs/perf.md), which is no part of any measurement.
    sys.stdout.flush()
    sys.stderr.flush()
    if os.environ.get("BENCH_NO_EXIT"):  # under a profiler, which reports at exit
        return code
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
