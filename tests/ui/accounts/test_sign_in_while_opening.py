"""The sign-in shows while the database is still being opened behind it.

``run_gui`` shows the sign-in before the data layer is imported; a ``ServicesLoader``
opens the database on a thread. These tests hold the loader back (or let it fail) and
drive the dialog as a person would, and run the real start in a fresh process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from diversion_app.domain.enums import Role
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.sign_in import FirstAdministratorDialog, SignInDialog, sign_in_flow
from diversion_app.ui.data_loader import ServicesLoader


def _held_loader(services: Services) -> tuple[ServicesLoader, threading.Event]:
    release = threading.Event()

    def slow_open() -> Services:
        release.wait(10)
        return services

    loader = ServicesLoader(slow_open)
    QTimer.singleShot(0, loader.start)
    return loader, release


def test_signing_in_before_the_database_is_open_waits_for_it(
    qtbot: QtBot, demo_services: Services
) -> None:
    loader, release = _held_loader(demo_services)
    seen: list[str] = []

    def type_and_sign_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        seen.append("open" if loader.finished else "still opening")
        dialog.username.setText("officer")
        dialog.password.setText("demo-officer-pass")
        QTimer.singleShot(0, release.set)  # the database opens while Sign in waits
        dialog.sign_in_button.click()

    QTimer.singleShot(0, type_and_sign_in)
    actor = sign_in_flow(loader)
    assert seen == ["still opening"]
    assert actor is not None and actor.username == "officer"
    assert actor.roles == {Role.OFFICER}


def test_a_new_database_turns_the_sign_in_into_the_first_administrator_form(
    qtbot: QtBot, services: Services
) -> None:
    loader, release = _held_loader(services)
    first_dialog: list[str] = []

    def look_then_open() -> None:
        dialog = QApplication.activeModalWidget()
        first_dialog.append(type(dialog).__name__)
        release.set()

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FirstAdministratorDialog):
            QTimer.singleShot(20, fill_in)  # the sign-in has not given way yet
            return
        dialog.username.setText("first.admin")
        dialog.display_name.setText("Sam Taylor")
        dialog.password.setText("Harbour-Kestrel-Violet-9")
        dialog.confirm.setText("Harbour-Kestrel-Violet-9")
        dialog.create_button.click()

    QTimer.singleShot(0, look_then_open)
    QTimer.singleShot(0, fill_in)
    actor = sign_in_flow(loader)
    assert first_dialog == ["SignInDialog"]
    assert actor is not None and actor.username == "first.admin"
    assert not services.accounts.needs_first_administrator()


def test_a_database_that_cannot_be_opened_ends_the_sign_in_and_says_why(
    qtbot: QtBot,
) -> None:
    class DatabaseOpenError(Exception):
        pass

    release = threading.Event()

    def broken() -> Any:
        release.wait(10)
        raise DatabaseOpenError("diversion.db is an empty file, not a Diversion database.")

    loader = ServicesLoader(broken)
    QTimer.singleShot(0, loader.start)
    QTimer.singleShot(0, release.set)
    assert sign_in_flow(loader) is None
    assert loader.settle() == "diversion.db is an empty file, not a Diversion database."


CHILD = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from diversion_app.app import run_gui

    said = []

    def at_sign_in():
        dialog = QApplication.activeModalWidget()
        said.append({
            "dialog": type(dialog).__name__,
            "sqlalchemy_imported": "sqlalchemy" in sys.modules,
        })
        dialog.username.setText("officer")
        dialog.password.setText("demo-officer-pass")
        dialog.sign_in_button.click()
        QTimer.singleShot(0, in_window)

    def in_window():
        from diversion_app.ui.main_window import MainWindow
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(20, in_window)
            return
        window = windows[0]
        said.append({
            "page": window.current_page().title,
            "focus": window.focusWidget() is window.current_page().list.search,
            "built": list(window.pages.built),
        })
        QTimer.singleShot(0, after_sign_out)
        window.sign_out()

    def after_sign_out():
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # the window is closing; the sign-in comes back next
            QTimer.singleShot(20, after_sign_out)
            return
        said.append({"dialog": type(dialog).__name__})
        dialog.reject()

    app = QApplication(sys.argv)
    QTimer.singleShot(0, at_sign_in)
    code = run_gui("sqlite:///" + sys.argv[1])
    print(json.dumps({"code": code, "said": said}))
    """
)


def test_the_real_start_shows_the_sign_in_before_the_data_layer(
    tmp_path: Path, demo_template: Path
) -> None:
    database = tmp_path / "team.db"
    shutil.copy(demo_template, database)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(database)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**_environment(), "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    at_sign_in, in_window, after_sign_out = result["said"]
    assert at_sign_in == {"dialog": "SignInDialog", "sqlalchemy_imported": False}
    # an officer starts on Young people with the cursor in the search; nothing else built
    assert in_window == {"page": "Young people", "focus": True, "built": ["Young people"]}
    assert after_sign_out == {"dialog": "SignInDialog"}


def _environment() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_damage_found_while_the_sign_in_is_open_ends_the_application_with_a_failure(
    qtbot: QtBot, tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from diversion_app import app
    from diversion_app.persistence import migrate

    database = tmp_path / "team.db"
    shutil.copy(demo_template, database)
    full_check = migrate.check_sqlite_file

    def damaged_in_the_background(path: Path, *args: Any, **kwargs: Any) -> None:
        if "should_stop" in kwargs:  # the full check the window runs behind the sign-in
            raise migrate.DatabaseOpenError(f"{path.name} is damaged. Restore it from a backup.")
        full_check(path, *args, **kwargs)

    monkeypatch.setattr(migrate, "defers_full_check", lambda _path: True)
    monkeypatch.setattr(migrate, "check_sqlite_file", damaged_in_the_background)
    monkeypatch.setattr(app, "DAMAGED_FILES_FOUND", [])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    # QApplication.exit outside the main loop would leave every later event loop of this
    # test run returning at once: recorded instead (closing the windows is what ends it)
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))

    def give_up() -> None:  # only if the damage were never reported
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            dialog.reject()

    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(give_up)
    safety.start(30_000)
    try:
        code = app.run_gui(f"sqlite:///{database}")
    finally:
        safety.stop()  # never left to close some later test's dialog
    assert code == 1
    assert shown == ["team.db is damaged. Restore it from a backup."]
    assert exits == [1]
