"""The one-folder bundle runs without Python: built with the spec, copied, run in a clean room.

Builds ``packaging/diversion-app.spec`` with PyInstaller into ``tmp_path``, copies the
folder to a new empty folder (as a person unzipping it would), and runs it with no
virtual environment on the ``PATH``, ``PYTHONPATH`` unset and a home folder of its own:
``--version`` and ``--help``, ``demo`` into a new file, ``check`` on it, a caseload PDF,
and the GUI offscreen for five seconds with software OpenGL and no GPU driver reachable.
Slow (minutes): ``make test-slow`` and CI run it; ``make test`` does not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from diversion_app import __version__
from diversion_app.persistence.migrate import quick_head_revision
from diversion_app.ui.main_window import PAGE_TYPES
from diversion_app.ui.record_parts import RECORD_PART_MODULES
from tests.gpu_free import GPU_FREE_ENVIRONMENT, gpu_driver_libraries

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle, built once and copied to a fresh folder; the copy's program."""
    build = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(build / "dist"),
            "--workpath",
            str(build / "work"),
            str(ROOT / "packaging" / "diversion-app.spec"),
        ],
        capture_output=True,
        text=True,
        cwd=build,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    elsewhere = tmp_path_factory.mktemp("unzipped")
    shutil.copytree(build / "dist" / "diversion-app", elsewhere / "diversion-app", symlinks=True)
    (table,) = (build / "work").rglob("PYZ-00.toc")  # the Python modules the bundle carries
    shutil.copy(table, elsewhere / "modules.toc")
    shutil.rmtree(build)
    program = elsewhere / "diversion-app" / "diversion-app"
    assert program.is_file()
    return program


@pytest.fixture
def clean_environment(tmp_path: Path) -> dict[str, str]:
    """No Python of ours anywhere: a bare PATH, a new home, no PYTHONPATH or virtualenv."""
    home = tmp_path / "home"
    home.mkdir()
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }


def run(program: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=env["HOME"],
        timeout=300,
    )


def folder_size(folder: Path) -> int:
    return sum(f.lstat().st_size for f in folder.rglob("*") if f.is_file() or f.is_symlink())


def test_the_bundle_carries_what_it_needs_and_not_what_it_does_not(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    migrations = internal / "diversion_app" / "_migrations"
    shipped = sorted(p.name for p in (migrations / "versions").glob("0*.py"))
    assert shipped == sorted(p.name for p in (ROOT / "db" / "versions").glob("0*.py"))
    assert (migrations / "env.py").is_file()
    resources = internal / "diversion_app" / "_resources"
    for name in ("fonts/DejaVuSans.ttf", "common-passwords.txt", "icons/diversion.svg"):
        assert (resources / name).is_file(), name
    plugins = internal / "PySide6" / "Qt" / "plugins"
    assert (plugins / "platforms").is_dir()
    for unwanted in ("xcbglintegrations", "egldeviceintegrations", "sqldrivers", "tls"):
        assert not (plugins / unwanted).exists(), unwanted
    assert not list(internal.rglob("*QtQml*")) and not list(internal.rglob("*QtQuick*"))
    carried = (bundle.parent.parent / "modules.toc").read_text()
    for module in (*(entry.module for entry in PAGE_TYPES), *RECORD_PART_MODULES):
        assert f"'{module}'" in carried, f"{module} (imported by name) is not in the bundle"
    size_mb = folder_size(bundle.parent) / 1_000_000
    sys.stdout.write(f"\none-folder bundle: {size_mb:.0f} MB\n")
    assert size_mb < 400


def test_version_and_help_from_the_bundle(bundle: Path, clean_environment: dict[str, str]) -> None:
    version = run(bundle, clean_environment, "--version")
    assert version.returncode == 0, version.stderr
    assert f"diversion-app {__version__}" in version.stdout
    assert f"database schema revision {quick_head_revision()}" in version.stdout
    helped = run(bundle, clean_environment, "--help")
    assert helped.returncode == 0
    for command in ("gui", "demo", "check", "audit", "report", "folders", "backup"):
        assert f"    {command} " in helped.stdout, command


def test_demo_check_and_a_caseload_report_from_the_bundle(
    bundle: Path, clean_environment: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "new" / "demo.db"
    db.parent.mkdir()
    demo = run(bundle, clean_environment, "demo", "--db", str(db), "--young-people", "80")
    assert demo.returncode == 0, demo.stderr
    assert "Demo database ready: 80 young people" in demo.stdout
    checked = run(bundle, clean_environment, "check", "--db", str(db))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No faults found." in checked.stdout
    assert f"Schema revision: {quick_head_revision()}" in checked.stdout
    pdf = tmp_path / "caseload.pdf"
    signed_in = dict(clean_environment, DIVERSION_PASSWORD="demo-supervisor-pass")
    report = run(
        bundle,
        signed_in,
        "report",
        "caseload",
        "--db",
        str(db),
        "--user",
        "supervisor",
        "--out",
        str(pdf),
        "--for",
        "the bundle test",
        "--purpose",
        "supervision",
    )
    assert report.returncode == 0, report.stderr
    assert "Caseload summary written to" in report.stdout
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Caseload summary" in text and "OFFICIAL-SENSITIVE" in text
    backup = run(bundle, clean_environment, "backup", "--db", str(db))
    assert backup.returncode == 0, backup.stderr
    assert list((Path(clean_environment["HOME"]) / ".local/share/Diversion/Backups").glob("*.db"))


def test_the_gui_starts_offscreen_with_software_opengl_and_no_gpu_driver(
    bundle: Path, clean_environment: dict[str, str], tmp_path: Path
) -> None:
    env = dict(clean_environment, QT_OPENGL="software", **GPU_FREE_ENVIRONMENT)
    db = tmp_path / "gui.db"
    started = subprocess.Popen(
        [str(bundle), "--db", str(db)],
        env=env,
        cwd=env["HOME"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(5)
        still_running = started.poll() is None
        loaded = gpu_driver_libraries(started.pid) if still_running else []
    finally:
        started.terminate()
        _out, err = started.communicate(timeout=30)
    assert still_running, f"the GUI stopped early: {err[-2000:]}"
    assert loaded == [], f"GPU driver libraries were loaded: {loaded}"
    log = Path(env["HOME"]) / ".local/state/Diversion/log/diversion.log"
    assert "started: Qt platform offscreen" in log.read_text(encoding="utf-8")
    assert "Could not load the Qt platform plugin" not in err
    assert db.exists(), "the GUI made and migrated its new database"
