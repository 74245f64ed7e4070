"""Running the GUI where no GPU driver can be reached, and telling whether one was loaded.

Linux's OpenGL is split between small dispatch libraries (libGL, libEGL: part of Qt's
link line, present on any desktop) and the vendor drivers that do the work (Mesa's
libGLX_mesa, libEGL_mesa, the *_dri.so and gallium drivers, NVIDIA's). The environment
below points every driver search at nothing, as on a thin client or a remote desktop
session with no GPU; ``gpu_driver_libraries`` reads what a running process has loaded.
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

GPU_FREE_ENVIRONMENT = {
    "__EGL_VENDOR_LIBRARY_DIRS": "/nonexistent",
    "__GLX_VENDOR_LIBRARY_NAME": "nonexistent",
    "LIBGL_DRIVERS_PATH": "/nonexistent",
    "GBM_BACKENDS_PATH": "/nonexistent",
    "VK_ICD_FILENAMES": "/nonexistent.json",
}

_DRIVER = re.compile(
    r"libGLX_(?:mesa|nvidia)|libEGL_(?:mesa|nvidia)|_dri\.so|libgallium|libvulkan|"
    r"libnvidia|libqxcb-(?:glx|egl)-integration|libqeglfs"
)


def gpu_driver_libraries(pid: int) -> list[str]:
    """The OpenGL driver and Qt GL-integration libraries mapped into process ``pid``."""
    maps = Path(f"/proc/{pid}/maps").read_text(encoding="utf-8", errors="replace")
    found = {line.split()[-1] for line in maps.splitlines() if _DRIVER.search(line)}
    return sorted(found)


@dataclass(frozen=True)
class GuiRun:
    started: bool
    """The application logged that its QApplication was up."""
    still_running: bool
    """Still running ``seconds`` after that (it did not crash or quit)."""
    drivers: list[str]
    stderr: str


def watch_gui(
    command: list[str], env: dict[str, str], log_file: Path, *, seconds: float = 5.0
) -> GuiRun:
    """Start the GUI, wait for it to come up, let it run ``seconds``, then end it."""
    process = subprocess.Popen(
        command,
        env=env,
        cwd=env["HOME"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = False
    drivers: list[str] = []
    try:
        deadline = time.monotonic() + STARTUP_ALLOWANCE_SECONDS
        while process.poll() is None and time.monotonic() < deadline:
            if log_file.exists() and STARTED in log_file.read_text(encoding="utf-8"):
                started = True
                break
            time.sleep(0.2)
        if started:
            time.sleep(seconds)
        still_running = process.poll() is None
        if still_running:
            drivers = gpu_driver_libraries(process.pid)
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=60)
    return GuiRun(started, started and still_running, drivers, err)


STARTED = "started: Qt platform"
STARTUP_ALLOWANCE_SECONDS = 120
"""Generous: on a loaded two-core CI machine the first start of a bundle can take long."""
