"""Qt set-up that must happen before the QApplication exists.

Remote desktop (Citrix, RDP) and thin clients often have no usable OpenGL, and a Qt
application that tries it can fail to start or draw black windows. Diversion is drawn
entirely by Qt's raster (software) painter, so OpenGL is switched off where Qt would
otherwise reach for it: ``QT_OPENGL=software`` (Windows: Mesa's ``opengl32sw`` if
anything ever asks), no GLX/EGL integration on X11, and Qt's own software-OpenGL
attribute. A value already set in the environment is respected.

Window positions and other per-user Qt settings go to an INI file in the platform's
configuration folder (``paths.config_dir()``) rather than the Windows registry, so
they travel with a roaming profile and are easy to reset.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt

SOFTWARE_RENDERING_ENVIRONMENT = {
    "QT_OPENGL": "software",
    "QT_XCB_GL_INTEGRATION": "none",
}


def prefer_software_rendering(environ: MutableMapping[str, str] = os.environ) -> None:
    """Draw without OpenGL; call before the QApplication is made."""
    for name, value in SOFTWARE_RENDERING_ENVIRONMENT.items():
        environ.setdefault(name, value)
    if QCoreApplication.instance() is None:  # Qt reads the attribute only at creation
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_UseSoftwareOpenGL)


def keep_settings_in(folder: Path) -> None:
    """Store QSettings as an INI file under ``folder`` (made when first written)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
