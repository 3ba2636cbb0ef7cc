"""Workers, the message bridge and exception hook, single instance, plain-text helpers."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QThread

from newsreader.core.errors import SearchQueryError
from newsreader.ui.messages import ExceptHookGuard, MessageBridge, describe_error
from newsreader.ui.single_instance import SingleInstance, server_name
from newsreader.ui.text import plain_line, plain_tooltip
from newsreader.ui.workers import Workers


@pytest.fixture
def workers(qapp: Any) -> Any:
    pool = Workers(threads=2)
    yield pool
    pool.shutdown()


def test_results_arrive_on_the_gui_thread(qtbot: Any, workers: Workers) -> None:
    main = QThread.currentThread()
    seen: list[tuple[int, bool, str]] = []

    def work() -> str:
        assert QThread.currentThread() is not main
        return threading.current_thread().name

    workers.run(work, lambda name: seen.append((1, QThread.currentThread() is main, name)))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0][1] is True
    assert workers.pending == 0


def test_errors_go_to_the_error_callback(qtbot: Any, workers: Workers) -> None:
    errors: list[BaseException] = []

    def fail() -> None:
        raise SearchQueryError("bad query")

    workers.run(fail, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], SearchQueryError)


def test_a_newer_task_with_the_same_key_wins(qtbot: Any, workers: Workers) -> None:
    results: list[str] = []

    def slow() -> str:
        time.sleep(0.3)
        return "old"

    workers.run(slow, results.append, key="search")
    workers.run(lambda: "new", results.append, key="search")
    qtbot.waitUntil(lambda: workers.pending == 0, timeout=3_000)
    assert results == ["new"]


def test_progress_reports_reach_the_gui_thread(qtbot: Any, workers: Workers) -> None:
    reports: list[object] = []
    done: list[object] = []

    def work(report: Any) -> str:
        for i in range(3):
            report(i)
        return "done"

    workers.run_reporting(work, reports.append, done.append)
    qtbot.waitUntil(lambda: bool(done))
    assert reports == [0, 1, 2] and done == ["done"]


def test_writer_runs_tasks_in_order(qtbot: Any, workers: Workers) -> None:
    order: list[int] = []
    for i in range(20):
        workers.run(lambda i=i: order.append(i), writer=True)
    qtbot.waitUntil(lambda: workers.pending == 0)
    assert order == list(range(20))


def test_uncaught_exceptions_become_messages(qtbot: Any, qapp: Any) -> None:
    bridge = MessageBridge()
    shown: list[tuple[str, bool]] = []
    bridge.posted.connect(lambda text, error, _timeout: shown.append((text, error)))
    guard = ExceptHookGuard(bridge)
    guard.install()
    try:
        try:
            raise ValueError("boom")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: len(shown) == 2)
    finally:
        guard.uninstall()
    assert shown[0][1] is True and "ValueError: boom" in shown[0][0]
    assert "ZeroDivisionError" in shown[1][0]
    assert sys.excepthook is not guard._hook


def test_describe_error_is_one_line() -> None:
    assert describe_error(SearchQueryError("a\nb")) == "a b"
    assert describe_error(FileNotFoundError(2, "No such file", "/x")) == "No such file: /x"


def test_second_instance_wakes_the_first(qtbot: Any, qapp: Any, tmp_path: Any) -> None:
    name = server_name(tmp_path)
    assert name == server_name(tmp_path) and name != server_name(tmp_path / "other")
    first = SingleInstance(name)
    assert first.claim()
    try:
        with qtbot.waitSignal(first.activated, timeout=3_000):
            assert SingleInstance(name).claim() is False
    finally:
        first.release()
    again = SingleInstance(name)
    assert again.claim()  # released: the next start owns the library
    again.release()


def test_plain_text_helpers_strip_controls_and_escape_markup() -> None:
    assert plain_line("  Tin\u202e mới\n\t<b>nóng</b>\x00 ") == "Tin mới <b>nóng</b>"
    assert plain_line("x" * 50, 10) == "x" * 9 + "…"
    tip = plain_tooltip('<img src="/etc/passwd">\nĐột phá')
    assert tip == '<qt>&lt;img src="/etc/passwd"&gt;<br>Đột phá</qt>'


def test_emitting_from_python_keeps_reference_counts_right(qapp: Any) -> None:
    from PySide6.QtCore import QObject, Signal

    from newsreader.ui.signals import emit

    class Source(QObject):
        changed = Signal(int)

    source = Source()
    received: list[int] = []
    source.changed.connect(received.append)
    before = sys.getrefcount(True)
    for i in range(3_000):
        emit(source.changed, i)
    assert len(received) == 3_000
    assert sys.getrefcount(True) >= before - 50  # PySide6 6.12 alone would drop 3,000


def test_cycle_collection_happens_on_the_gui_thread(qapp: Any) -> None:
    import gc

    from newsreader.ui.gc_guard import GuiThreadCollector

    gc.enable()
    collector = GuiThreadCollector()
    try:
        assert not gc.isenabled()

        class Node:
            def __init__(self) -> None:
                self.me = self

        for _ in range(5_000):
            Node()
        assert collector.check() > 0
    finally:
        collector.stop()
    assert gc.isenabled()
    gc.disable()  # as the tests' own fixture left it


def test_full_collections_are_rare_and_wait_while_busy(qapp: Any) -> None:
    import gc

    from newsreader.ui.gc_guard import GuiThreadCollector

    now = [0.0]
    busy = [True]
    collector = GuiThreadCollector(full_every_s=60, busy=lambda: busy[0], clock=lambda: now[0])
    collected: list[int] = []
    gc.callbacks.append(
        lambda phase, info: collected.append(info["generation"]) if phase == "start" else None
    )
    try:

        def fill_generation_2() -> None:
            gc.set_threshold(1, 1, 1)
            for _ in range(50):
                [[] for _ in range(10)]  # allocations move the counters
                gc.collect(0)
                gc.collect(1)
            collected.clear()

        old = gc.get_threshold()
        try:
            fill_generation_2()
            now[0] = 120.0
            collector.check()
            assert 2 not in collected  # busy: generation 1 at most
            busy[0] = False
            fill_generation_2()
            collector.check()
            assert 2 in collected
            fill_generation_2()
            now[0] = 150.0  # only 30 s since the last full collection
            collector.check()
            assert 2 not in collected
        finally:
            gc.set_threshold(*old)
    finally:
        gc.callbacks.pop()
        collector.stop()
        gc.disable()  # as the tests' own fixture left it


def test_thumbnails_come_with_rounded_corners(qapp: Any) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QColor, QImage

    from newsreader.ui.thumbnails import cover_image

    source = QImage(200, 120, QImage.Format.Format_RGB32)
    source.fill(QColor("red"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    source.save(buffer, "PNG")
    square = cover_image(bytes(data.data()), QSize(84, 60))
    rounded = cover_image(bytes(data.data()), QSize(84, 60), radius=6)
    assert square is not None and rounded is not None
    assert square.pixelColor(0, 0).alpha() == 255
    assert rounded.pixelColor(0, 0).alpha() == 0  # the corner is cut (the list does not clip)
    assert rounded.pixelColor(42, 30) == QColor("red")
