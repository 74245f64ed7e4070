"""Composition root: settings -> database -> services -> sign-in -> main window.

The sign-in dialog shows before the data layer (SQLAlchemy, the models, the services)
is imported: a ``ServicesLoader`` imports it and opens the database on a thread behind
the dialog, and the main window builds each page the first time it is shown.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from diversion_app import APP_NAME, ORG_NAME, __version__
from diversion_app.domain.enums import Role
from diversion_app.domain.timekeeping import Now, system_now
from diversion_app.services.base.actor import Actor

if TYPE_CHECKING:  # the data layer is imported when it is needed, not at start
    from diversion_app.services.registry import Services
    from diversion_app.ui.data_loader import ServicesLoader
    from diversion_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

LOCAL_ACTOR = Actor(
    user_id=None,
    username="local",
    display_name="Local user",
    roles=frozenset(Role),
)
"""Every role, for rendering screenshots and for tests that need every page.

The application itself never uses it: ``run_gui`` signs a person in first.
"""


def describe_database(url: str) -> str:
    """The database for the window's title: its file, or the server's part of the URL."""
    path = sqlite_file(url)
    return str(path) if path is not None else url.split("@")[-1]


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for memory or other databases.

    The same answer as ``persistence.engine.sqlite_path`` without importing SQLAlchemy,
    so that the passphrase and sign-in dialogs can show before the data layer is loaded.
    """
    scheme, separator, rest = url.partition("://")
    if not separator or not scheme.startswith("sqlite") or not rest.startswith("/"):
        return None
    database = rest[1:].split("?", 1)[0]
    if not database or database == ":memory:":
        return None
    return Path(database)


def build_services(
    url: str,
    now: Now = system_now,
    *,
    defer_large_check: bool = False,
    checkpoint: bool = True,
) -> Services:
    """Open ``url`` (checked, backed up, migrated) and hand over its services.

    ``checkpoint=False`` leaves the audit chain's daily checkpoint to the caller (the
    GUI writes it in the background once the first page is filled:
    ``checkpoint_in_background``)."""
    from diversion_app.persistence.engine import session_factory
    from diversion_app.persistence.migrate import open_database
    from diversion_app.services.base.audit_checkpoints import checkpoint_if_due
    from diversion_app.services.base.context import ServiceContext
    from diversion_app.services.registry import Services

    opened = open_database(url, now=now(), defer_large_check=defer_large_check)
    if opened.backup_path is not None:
        log.info("database backed up before migrating")
    services = Services.build(ServiceContext(session_factory(opened.engine), now_provider=now))
    if checkpoint:
        checkpoint_if_due(services.ctx)
    return services


def checkpoint_in_background(services: Services) -> None:
    """The audit chain's daily checkpoint, off the GUI thread once the window is filled
    (reading the chain's head is a query a start need not wait for). A quit waits for it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from diversion_app.services.base.audit_checkpoints import checkpoint_if_due
    from diversion_app.ui.workers import BackgroundJob

    app = QApplication.instance()
    assert app is not None
    job = BackgroundJob(app)
    app.aboutToQuit.connect(job.wait)
    job.failed.connect(lambda _reason: log.warning("the audit checkpoint could not be written"))
    QTimer.singleShot(
        0, lambda: job.start(lambda _progress, _cancelled: checkpoint_if_due(services.ctx))
    )


def configure_qt_application() -> None:
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)


def run_gui(url: str, *, create_encrypted: bool = False) -> int:
    configure_qt_application()
    from PySide6.QtWidgets import QApplication, QMessageBox

    from diversion_app.paths import config_dir
    from diversion_app.ui.platform_setup import keep_settings_in, prefer_software_rendering

    if QApplication.instance() is None:
        prefer_software_rendering()
        keep_settings_in(config_dir())
    app = QApplication.instance() or QApplication(sys.argv)
    show_application_icon()
    log.info("started: Qt platform %s", QApplication.platformName())
    from diversion_app.ui import error_guard

    error_guard.install()
    from diversion_app.ui.widgets import desk_policy

    desk_policy.install()
    from diversion_app.ui.style import apply_palette

    apply_palette(app)  # type: ignore[arg-type]
    from diversion_app.ui.accounts.unlock_dialog import unlock_database

    if not unlock_database(sqlite_file(url), create=create_encrypted):
        return 0
    loader = open_database_behind_sign_in(url)
    from diversion_app.ui.accounts.sign_in import sign_in_flow

    while True:  # Sign out and Switch user come back here, to the sign-in
        actor = sign_in_flow(loader)
        if actor is None:
            reason = loader.settle()  # never quit halfway through opening (migrating) it
            if DAMAGED_FILES_FOUND:  # said already, in a message
                return 1
            if reason is None:
                return 0
            QMessageBox.critical(None, APP_NAME, reason)
            print(f"diversion-app: {reason}", file=sys.stderr)
            return 1
        from diversion_app.ui.accounts.session_lock import SessionLock

        services = loader.wait()
        window = show_main_window(services, actor, url)
        window.session_lock = SessionLock(  # type: ignore[attr-defined]
            window, services.accounts, actor, services.accounts.idle_lock_minutes()
        )
        code = int(app.exec())
        if not window.signing_out:
            return code
        window.deleteLater()


def open_database_behind_sign_in(url: str) -> ServicesLoader:
    """Start importing the data layer and opening ``url`` on a thread, once the event loop
    runs (that is, once the sign-in dialog is on screen)."""
    from PySide6.QtCore import QTimer

    from diversion_app.ui.data_loader import ServicesLoader

    loader = ServicesLoader(lambda: build_services(url, defer_large_check=True, checkpoint=False))
    loader.loaded.connect(lambda _services: start_integrity_check(url))
    loader.loaded.connect(checkpoint_in_background)
    QTimer.singleShot(0, loader.start)
    return loader


def start_main_window(url: str, actor: Actor) -> MainWindow:
    """Show the window's shell at once, then open the database on a thread behind it.

    For a person already known (the bench's cold start, screenshots): the data layer is
    imported only once the shell is on screen; the first page is built and filled when
    the services arrive (a QApplication must exist).
    """
    from PySide6.QtCore import QTimer

    from diversion_app.ui.data_loader import ServicesLoader
    from diversion_app.ui.main_window import MainWindow

    loader = ServicesLoader(lambda: build_services(url, defer_large_check=True, checkpoint=False))
    window = MainWindow(loader, actor, describe_database(url))
    loader.setParent(window)
    loader.loaded.connect(lambda _services: start_integrity_check(url))
    loader.loaded.connect(checkpoint_in_background)
    window.show()
    QTimer.singleShot(0, loader.start)  # after the shell's first paint
    return window


def show_application_icon() -> None:
    """The icon on every window and, on Linux, the link to the installed .desktop file."""
    from PySide6.QtGui import QGuiApplication, QIcon

    from diversion_app.paths import resource

    QGuiApplication.setWindowIcon(QIcon(str(resource("icons", "diversion.svg"))))
    QGuiApplication.setDesktopFileName("diversion-app")


def show_main_window(services: Services, actor: Actor, url: str) -> MainWindow:
    """Show the main window for ``actor`` (a QApplication must exist)."""
    from diversion_app.ui.main_window import MainWindow

    window = MainWindow(services, actor, describe_database(url))
    window.show()
    return window


DAMAGED_FILES_FOUND: list[str] = []
"""What the background check found, so that a damage found while the sign-in is still
open (its own event loop, which ``QApplication.exit`` does not end) also ends the
application with a failure."""


def start_integrity_check(url: str) -> None:
    """For a large SQLite file opened without its full check: run it off the GUI thread.

    A damaged file is then reported as at opening, and the application closes (issue 10).
    """
    from diversion_app.persistence.migrate import (
        DatabaseOpenError,
        check_sqlite_file,
        defers_full_check,
    )

    path = sqlite_file(url)
    if path is None or not defers_full_check(path):
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    from diversion_app.ui.workers import BackgroundJob

    def problem(_progress: object, cancelled: Callable[[], bool]) -> str | None:
        try:
            check_sqlite_file(path, should_stop=cancelled)
        except DatabaseOpenError as error:
            return str(error)
        return None

    def report(message: str | None) -> None:
        if message is None:
            return
        print(f"diversion-app: {message}", file=sys.stderr)
        DAMAGED_FILES_FOUND.append(message)
        QMessageBox.critical(None, APP_NAME, message)
        QApplication.closeAllWindows()
        QApplication.exit(1)

    def stop() -> None:  # the application is closing: end the check, then its thread
        job.cancel()
        job.wait()

    app = QApplication.instance()
    assert app is not None
    job = BackgroundJob(app)  # lives as long as the application
    job.succeeded.connect(report)
    app.aboutToQuit.connect(stop)
    job.start(problem)
