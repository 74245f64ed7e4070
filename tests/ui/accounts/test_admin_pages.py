"""The Administration and Audit trail pages, driven as an administrator and a supervisor would."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.enums import Role
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.account_dialogs import (
    NewAccountDialog,
    ResetPasswordDialog,
    RolesDialog,
)
from diversion_app.ui.accounts.admin_page import AdminPage
from diversion_app.ui.accounts.audit_page import AuditPage
from diversion_app.ui.main_window import MainWindow


def _window(qtbot: QtBot, services: Services, username: str, password: str) -> MainWindow:
    configure_qt_application()
    window = MainWindow(services, services.accounts.sign_in(username, password), "demo.db")
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def admin_page(qtbot: QtBot, demo_services: Services) -> AdminPage:
    window = _window(qtbot, demo_services, "admin", "demo-admin-pass")
    page = window.show_page("Administration")
    assert isinstance(page, AdminPage)
    return page


def test_the_administrator_creates_an_account(
    qtbot: QtBot, admin_page: AdminPage, demo_services: Services, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(admin_page.users_model)
    before = admin_page.users_model.total
    qtbot.mouseClick(admin_page.new_button, Qt.MouseButton.LeftButton)
    dialog = admin_page.open_dialog
    assert isinstance(dialog, NewAccountDialog)
    qtbot.keyClicks(dialog.username, "new.caseworker")
    qtbot.keyClicks(dialog.display_name, "Casey New")
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.confirm, "short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "at least 10 characters" in dialog.problems["password"].text()
    assert dialog.problems["roles"].text() == "Give the account at least one role."
    for field in (dialog.password, dialog.confirm):
        field.clear()
        qtbot.keyClicks(field, "Bramble-Otter-Signal-54")
    dialog.role_boxes[Role.CASEWORKER].setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert admin_page.message.text() == "Account created."
    assert admin_page.users_model.total == before + 1
    actor = demo_services.accounts.sign_in("new.caseworker", "Bramble-Otter-Signal-54")
    assert actor.roles == {Role.CASEWORKER}


def test_roles_reset_disable_and_enable(
    qtbot: QtBot, admin_page: AdminPage, demo_services: Services
) -> None:
    admin_page.select_username("officer")
    qtbot.mouseClick(admin_page.roles_button, Qt.MouseButton.LeftButton)
    roles = admin_page.open_dialog
    assert isinstance(roles, RolesDialog)
    roles.role_boxes[Role.SUPERVISOR].setChecked(True)
    qtbot.mouseClick(roles.ok_button, Qt.MouseButton.LeftButton)
    assert not roles.isVisible()

    admin_page.select_username("officer")
    qtbot.mouseClick(admin_page.reset_button, Qt.MouseButton.LeftButton)
    reset = admin_page.open_dialog
    assert isinstance(reset, ResetPasswordDialog)
    qtbot.keyClicks(reset.password, "Lichen-Pebble-Harbour-20")
    qtbot.keyClicks(reset.confirm, "Lichen-Pebble-Harbour-20")
    qtbot.mouseClick(reset.ok_button, Qt.MouseButton.LeftButton)
    assert not reset.isVisible()
    assert demo_services.accounts.sign_in("officer", "Lichen-Pebble-Harbour-20").roles == {
        Role.OFFICER,
        Role.SUPERVISOR,
    }

    admin_page.select_username("officer")
    qtbot.mouseClick(admin_page.disable_button, Qt.MouseButton.LeftButton)
    assert admin_page.message.text() == "officer disabled."
    state = admin_page.users_model.index(admin_page.users.table.currentIndex().row(), 3).data()
    assert state == "Disabled"
    assert admin_page.enable_button.isEnabled() and not admin_page.disable_button.isEnabled()
    qtbot.mouseClick(admin_page.enable_button, Qt.MouseButton.LeftButton)
    assert admin_page.message.text() == "officer enabled."


def test_the_last_administrator_cannot_be_disabled(qtbot: QtBot, admin_page: AdminPage) -> None:
    admin_page.select_username("admin")
    qtbot.mouseClick(admin_page.disable_button, Qt.MouseButton.LeftButton)
    assert "last active administrator" in admin_page.problem.text()
    assert admin_page.problem.isVisible() and admin_page.message.text() == ""


def test_the_idle_lock_time_is_saved(
    qtbot: QtBot, admin_page: AdminPage, demo_services: Services
) -> None:
    assert admin_page.idle_minutes.value() == 10
    admin_page.idle_minutes.setValue(4)
    admin_page.save_idle_minutes()
    assert demo_services.accounts.idle_lock_minutes() == 4


def test_a_supervisor_reads_filters_and_exports_the_trail(
    qtbot: QtBot, demo_services: Services, tmp_path: Path, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    demo_services.accounts.sign_in("officer", "demo-officer-pass")
    window = _window(qtbot, demo_services, "supervisor", "demo-supervisor-pass")
    page = window.show_page("Audit trail")
    assert isinstance(page, AuditPage)
    qtmodeltester.check(page.model)
    everything = page.model.total
    assert everything > 0
    officer = page.user.findText("PC Demo Officer (officer)")
    page.user.setCurrentIndex(officer)
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert 0 < page.model.total < everything
    assert {page.model.index(r, 1).data() for r in range(page.model.rowCount())} == {"officer"}
    qtbot.keyClicks(page.date_from, "31/02/2026")
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert "not a real date" in page.problem.text()
    page.date_from.clear()
    qtbot.keyClicks(page.date_from, "01/12/2030")
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert page.model.total == 0 and not page.problem.isVisible()
    page.date_from.clear()
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.export_job.finished, timeout=60_000):
        page.export_to(tmp_path / "officer.csv")
        assert page.cancel_export_button.isVisible() and not page.export_button.isEnabled()
    assert page.message.text().startswith("Exported ")
    assert page.export_button.isEnabled() and not page.export_progress.isVisible()
    assert (tmp_path / "officer.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_cancelled_export_leaves_no_file(
    qtbot: QtBot, demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, demo_services, "supervisor", "demo-supervisor-pass")
    page = window.show_page("Audit trail")
    assert isinstance(page, AuditPage)
    clicked = threading.Event()
    real_export = page.admin.export_audit_csv

    def export_after_the_click(*args: Any, **kwargs: Any) -> int:
        # The demo trail is short: hold the worker until Cancel has been clicked, so the
        # click always lands while the export runs.
        assert clicked.wait(30)
        return real_export(*args, **kwargs)

    monkeypatch.setattr(page.admin, "export_audit_csv", export_after_the_click)
    with qtbot.waitSignal(page.export_job.finished, timeout=60_000):
        page.export_to(tmp_path / "cancelled.csv")
        qtbot.mouseClick(page.cancel_export_button, Qt.MouseButton.LeftButton)
        clicked.set()
    assert page.message.text() == "Export cancelled; no file was written."
    assert not (tmp_path / "cancelled.csv").exists()
