"""Cold start and peak memory, each in fresh processes (see gui_child.py), offscreen."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.bench.common import ROOT, Measure, offscreen_env


def _child(*args: str) -> tuple[float, list[dict[str, Any]]]:
    """Start a child; seconds until it reports ready, and every line it reported."""
    started = time.time()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.gui_child", *args],
        cwd=ROOT,
        env=offscreen_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    lines = [json.loads(line) for line in process.stdout if line.startswith("{")]
    process.wait(timeout=300)
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"gui_child {args[0]} failed (exit {process.returncode})")
    for line in lines:
        for key in ("shell", "ready"):
            if key in line:
                line[f"{key}_after"] = line[key] - started
    ready = next(line for line in lines if "ready" in line)
    return ready["ready"] - started, lines


def cold_start(database: Path | str, times: int) -> list[Measure]:
    """The main window on the big database, and a bare QMainWindow, started alternately."""
    _child("bare")  # the first start of all reads Qt from disk; not a fair sample for either
    _child("app", str(database))
    app_samples: list[float] = []
    shell_samples: list[float] = []
    bare_samples: list[float] = []
    for _ in range(times):
        bare_samples.append(_child("bare")[0])
        seconds, lines = _child("app", str(database))
        app_samples.append(seconds)
        shell_samples.append(next(line["shell_after"] for line in lines if "shell" in line))
    bare = Measure(
        "bare_qt_window_start",
        "Bare PySide6 QMainWindow start (baseline)",
        bare_samples,
        note="fresh process to an idle event loop with the window shown, offscreen",
    )
    shell = Measure(
        "cold_start_interactive_shell",
        "Cold start to an interactive main window (shell: menus, navigation)",
        shell_samples,
        baseline=bare.median,
        baseline_label="bare QMainWindow start",
        ratio_aim=3.0,
        note="fresh process to the main window shown and the event loop idle; the database "
        "is still opening on a thread behind it (no SQLAlchemy imported yet)",
    )
    app = Measure(
        "cold_start_main_window",
        "Cold start to the dashboard filled (big database)",
        app_samples,
        aim=1.5,
        baseline=bare.median,
        baseline_label="bare QMainWindow start",
        note="fresh process (OS file cache warm) to the Dashboard shown with its counts and "
        "first 200 open referrals, event loop idle",
    )
    return [app, shell, bare]


def peak_memory(database: Path | str, times: int = 3) -> Measure:
    """Peak memory (VmHWM) of a process that opens the big database, or the PostgreSQL
    copy at a URL, and tours the pages."""
    samples = []
    for _ in range(times):
        _, lines = _child("app", str(database), "--tour")
        samples.append(lines[-1]["peak_mb"])
    return Measure(
        "peak_memory_big_database",
        "Peak memory with the big database open",
        samples,
        aim=300.0,
        unit="MB",
        note="VmHWM after opening every page, scrolling 2,200 referrals, a search and a sort",
    )
