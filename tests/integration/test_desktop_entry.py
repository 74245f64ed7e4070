"""Linux: `make install-desktop` puts a valid menu entry and icon in the XDG folders."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_install_and_uninstall_the_menu_entry(tmp_path: Path) -> None:
    data = tmp_path / "share"
    program = "/opt/diversion app/diversion-app"
    done = make("install-desktop", f"XDG_DATA_HOME={data}", f"DESKTOP_EXEC={program}")
    assert done.returncode == 0, done.stderr
    entry = data / "applications" / "diversion-app.desktop"
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / "diversion-app.svg"
    assert icon.read_bytes() == (ROOT / "resources" / "icons" / "diversion.svg").read_bytes()
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read(entry, encoding="utf-8")
    desktop = parsed["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "Diversion"
    assert desktop["Exec"] == f'"{program}"'
    assert desktop["Icon"] == icon.stem
    assert desktop["Terminal"] == "false"
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(
            ["desktop-file-validate", str(entry)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    gone = make("uninstall-desktop", f"XDG_DATA_HOME={data}")
    assert gone.returncode == 0, gone.stderr
    assert not entry.exists() and not icon.exists()
