"""Slow work off the GUI thread (ui/workers.py): the event loop keeps turning while a large
PDF builds, the result arrives on the GUI thread, and cancelling stops the work."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import SimpleDocTemplate, Table

from diversion_app.services.reports.printing import ReportCancelled
from diversion_app.ui.workers import BackgroundJob

TICK_MS = 10


Progress = Callable[[int, int], None]


def build_large_pdf(progress: Progress, rows: int = 8000) -> int:
    """A many-page ReportLab table (pure Python, like the caseload summary); its size."""
    data: list[list[str]] = [["Young person", "Pathway", "Status", "Received", "Caseworker"]]
    for n in range(rows):
        data.append([f"Person {n}", "Diversion", "Allocated", "28/11/2026 14:30", "Ash"])
        if n % 250 == 0:
            progress(n, rows)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(A4)).build([Table(data, repeatRows=1)])
    progress(rows, rows)
    return len(out.getvalue())


class TickCounter:
    """A GUI-thread timer that counts how often the event loop got round to it."""

    def __init__(self) -> None:
        self.ticks = 0
        self.longest_gap = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_gap = max(self.longest_gap, now - self._last)
        self._last = now
        self.ticks += 1

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()


def test_the_event_loop_keeps_turning_while_a_large_report_builds(qtbot: QtBot) -> None:
    counter = TickCounter()
    progress: list[tuple[int, int]] = []
    threads: list[Any] = []
    results: list[int] = []

    def on_result(size: int) -> None:
        threads.append(QThread.currentThread())
        results.append(size)

    job = BackgroundJob()
    job.succeeded.connect(on_result)
    job.progressed.connect(lambda done, total: progress.append((done, total)))
    started = time.perf_counter()
    counter.start()
    with qtbot.waitSignal(job.finished, timeout=120_000):
        job.start(lambda report, _cancelled: build_large_pdf(report))
    elapsed = time.perf_counter() - started
    counter.timer.stop()
    assert results and results[0] > 10_000
    assert threads == [QApplication.instance().thread()]  # the result arrives on the GUI thread
    assert progress[-1] == (8000, 8000)
    # the build took a while, and the timer kept firing all through it
    assert elapsed > 0.5
    assert counter.ticks >= 0.2 * elapsed * 1000 / TICK_MS
    # no pause near the length of the build (a garbage collection in the worker may still
    # hold the interpreter for a moment on a busy machine)
    assert counter.longest_gap < elapsed / 2


def test_the_same_build_on_the_gui_thread_would_freeze_it(qtbot: QtBot) -> None:
    """The counter above can fail: run the work in the GUI thread and the timer stops."""
    counter = TickCounter()
    counter.start()
    started = time.perf_counter()
    build_large_pdf(lambda done, total: None, rows=1500)
    elapsed = time.perf_counter() - started
    qtbot.wait(2 * TICK_MS)
    counter.timer.stop()
    assert counter.ticks <= 3
    assert counter.longest_gap >= elapsed * 0.9


def test_cancelling_stops_the_work_at_its_next_step(qtbot: QtBot) -> None:
    steps: list[int] = []
    outcomes: list[str] = []

    def slow(progress: Progress, cancelled: Callable[[], bool]) -> str:
        for step in range(1000):
            if cancelled():
                raise ReportCancelled
            progress(step, 1000)
            steps.append(step)
            time.sleep(0.005)
        return "done"

    job = BackgroundJob()
    job.succeeded.connect(lambda _value: outcomes.append("result"))
    job.cancelled.connect(lambda: outcomes.append("cancelled"))
    job.start(slow)
    qtbot.waitUntil(lambda: len(steps) >= 3, timeout=10_000)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.cancel()
    assert outcomes == ["cancelled"]
    assert len(steps) < 1000
    assert not job.is_running()


def test_an_unexpected_error_comes_back_as_a_plain_sentence_without_personal_data(
    qtbot: QtBot, caplog: Any
) -> None:
    failures: list[str] = []

    def fails(_progress: Progress, _cancelled: Callable[[], bool]) -> None:
        raise ValueError("Zoë O'Neill, 12 Example Street")

    job = BackgroundJob()
    job.failed.connect(failures.append)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.start(fails)
    assert failures and "Zoë" not in failures[0] and "log" in failures[0]
    assert "ValueError" in caplog.text
