"""Remote desktop: the GUI starts and draws with no GPU driver and never loads one.

On a real X server (Xvfb, as a Citrix or RDP session's display would be) the application
is started as a user starts it, with every GPU driver search pointed at nothing; after
five seconds it must still be running and must not have loaded any OpenGL driver or Qt's
GLX/EGL integration. A small Qt program that does make an OpenGL context shows that the
check sees such libraries when they are loaded. The application's own defaults are in
ui/platform_setup.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gpu_free import GPU_FREE_ENVIRONMENT, GuiRun, watch_gui

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def x_display() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (.ci/run installs it: Debian package xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        display = numbers.readline().strip()
    try:
        yield f":{display}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def start_gui(display: str, home: Path, **extra: str) -> GuiRun:
    """Start the application on ``display`` as a user would, and watch it for 5 s."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        **GPU_FREE_ENVIRONMENT,
        **extra,
    }
    home.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "diversion_app", "--db", str(home / "x.db")]
    return watch_gui(command, env, home / LOG_FILE)


LOG_FILE = ".local/state/Diversion/log/diversion.log"


def test_the_gui_on_x11_loads_no_gpu_driver(x_display: str, tmp_path: Path) -> None:
    run = start_gui(x_display, tmp_path / "plain", QT_OPENGL="software")
    assert run.started and run.still_running, run.stderr[-2000:]
    assert run.drivers == []
    log = (tmp_path / "plain" / LOG_FILE).read_text(encoding="utf-8")
    assert "started: Qt platform xcb" in log


OPENGL_PROGRAM = """
import pathlib, sys
from PySide6.QtGui import QGuiApplication, QOpenGLContext
app = QGuiApplication(sys.argv)
context = QOpenGLContext()
context.create()
log = pathlib.Path(sys.argv[1])
log.parent.mkdir(parents=True, exist_ok=True)
log.write_text("started: Qt platform " + app.platformName())
app.exec()
"""


def test_the_check_sees_the_drivers_a_program_that_uses_opengl_loads(
    x_display: str, tmp_path: Path
) -> None:
    """The detector is not blind: a Qt program that makes an OpenGL context is caught."""
    home = tmp_path / "opengl"
    home.mkdir()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "DISPLAY": x_display}
    env["QT_QPA_PLATFORM"] = "xcb"
    log = home / "started.log"
    run = watch_gui([sys.executable, "-c", OPENGL_PROGRAM, str(log)], env, log, seconds=1)
    assert run.started, run.stderr[-2000:]
    assert any("glx-integration" in library for library in run.drivers), run.drivers
