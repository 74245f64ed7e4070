"""What the application sets up before its QApplication: software rendering, settings file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from diversion_app.ui.platform_setup import prefer_software_rendering


def test_software_rendering_is_the_default_but_a_setting_already_made_is_kept() -> None:
    environ: dict[str, str] = {}
    prefer_software_rendering(environ)
    assert environ == {"QT_OPENGL": "software", "QT_XCB_GL_INTEGRATION": "none"}
    chosen = {"QT_OPENGL": "desktop"}
    prefer_software_rendering(chosen)
    assert chosen == {"QT_OPENGL": "desktop", "QT_XCB_GL_INTEGRATION": "none"}


def test_window_settings_go_to_an_ini_file_in_the_settings_folder(tmp_path: Path) -> None:
    """Run apart, so this process's own QSettings are not redirected."""
    program = (
        "import sys;"
        "from pathlib import Path;"
        "from diversion_app.app import configure_qt_application;"
        "from diversion_app.ui.platform_setup import keep_settings_in;"
        "configure_qt_application(); keep_settings_in(Path(sys.argv[1]));"
        "from PySide6.QtCore import QSettings;"
        "s = QSettings(); s.setValue('main_window/geometry', 'x'); s.sync();"
        "print(s.fileName())"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    ini = tmp_path / "Diversion Scheme" / "Diversion.ini"
    assert done.stdout.strip() == str(ini)
    assert "geometry=x" in ini.read_text(encoding="utf-8")


def test_software_opengl_is_asked_for_before_the_application_exists(tmp_path: Path) -> None:
    program = (
        "import os;"
        "from diversion_app.ui.platform_setup import prefer_software_rendering;"
        "prefer_software_rendering();"
        "from PySide6.QtCore import QCoreApplication, Qt;"
        "from PySide6.QtWidgets import QApplication;"
        "app = QApplication([]);"
        "print(QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_UseSoftwareOpenGL),"
        " os.environ['QT_OPENGL'])"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "software"]
    assert "must be set before" not in done.stderr
