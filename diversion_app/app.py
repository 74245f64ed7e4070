"""Composition root: settings -> database -> services -> main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from diversion_app import APP_NAME, ORG_NAME, __version__
from diversion_app.domain.enums import Role
from diversion_app.domain.timekeeping import Now, system_now
from diversion_app.persistence.engine import session_factory, sqlite_path
from diversion_app.persistence.migrate import (
    DatabaseOpenError,
    check_sqlite_file,
    defers_full_check,
    open_database,
)
from diversion_app.services.actor import Actor
from diversion_app.services.context import ServiceContext
from diversion_app.services.registry import Services

if TYPE_CHECKING:
    from diversion_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

LOCAL_ACTOR = Actor(
    user_id=None,
    username="local",
    display_name="Local user",
    roles=frozenset(Role),
)
"""Until sign-in lands (issue 9), the desktop acts for one local user holding every role."""


def describe_database(url: str) -> str:
    path = sqlite_path(url)
    return str(path) if path is not None else url.split("@")[-1]


def build_services(url: str, now: Now = system_now, *, defer_large_check: bool = False) -> Services:
    opened = open_database(url, now=now(), defer_large_check=defer_large_check)
    if opened.backup_path is not None:
        log.info("database backed up before migrating")
    return Services.build(ServiceContext(session_factory(opened.engine), now_provider=now))


def configure_qt_application() -> None:
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)


def run_gui(url: str) -> int:
    configure_qt_application()
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv)
    try:
        _window = open_main_window(url)  # kept alive while the event loop runs
    except DatabaseOpenError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        print(f"diversion-app: {error}", file=sys.stderr)
        return 1
    return int(app.exec())


def open_main_window(url: str) -> MainWindow:
    """Open the database and show the main window on it (a QApplication must exist).

    A large SQLite file gets its full integrity check in the background once the window
    is up (issue 10); if it fails, the window says so and closes.
    """
    from diversion_app.ui.main_window import MainWindow

    services = build_services(url, defer_large_check=True)
    window = MainWindow(services, LOCAL_ACTOR, describe_database(url))
    window.show()
    path = sqlite_path(url)
    if path is not None and defers_full_check(path):
        check_in_background(window, path)
    return window


def check_in_background(window: MainWindow, path: Path) -> None:
    """Run the file's quick_check off the GUI thread; close the window if it is damaged."""
    from PySide6.QtWidgets import QMessageBox

    from diversion_app.ui.workers import run_in_background

    def report(error: BaseException) -> None:
        message = (
            str(error)
            if isinstance(error, DatabaseOpenError)
            else f"The database at {path} could not be checked; it may be damaged."
        )
        print(f"diversion-app: {message}", file=sys.stderr)
        QMessageBox.critical(window, APP_NAME, message)
        window.close()

    run_in_background(lambda _progress: check_sqlite_file(path), on_error=report)
