"""Driving the sign-in like a person: first start, signing in, the lock-out, the idle lock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.enums import AuditAction, Role
from diversion_app.persistence.models import AuditEvent
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.account_dialogs import NewAccountDialog
from diversion_app.ui.accounts.admin_page import AdminPage
from diversion_app.ui.accounts.session_lock import SessionLock
from diversion_app.ui.accounts.sign_in import FirstAdministratorDialog, SignInDialog, sign_in_flow
from diversion_app.ui.main_window import MainWindow


def _sign_in(services: Services, username: str, password: str) -> Actor:
    return services.accounts.sign_in(username, password)


def test_first_start_asks_for_the_administrator(qtbot: QtBot, services: Services) -> None:
    dialog = FirstAdministratorDialog(services.accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "first.admin")
    qtbot.keyClicks(dialog.display_name, "Alex Example")
    qtbot.keyClicks(dialog.password, "password123")
    qtbot.keyClicks(dialog.confirm, "password12")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.problems["confirm"].text() == "The two passwords are not the same."
    qtbot.keyClicks(dialog.confirm, "3")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "most common passwords" in dialog.problems["password"].text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.username.text() == "first.admin"
    for field in (dialog.password, dialog.confirm):
        field.clear()
        qtbot.keyClicks(field, "Harbour-Kestrel-Violet-9")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.roles == {Role.ADMINISTRATOR}
    assert not services.accounts.needs_first_administrator()


def test_the_flow_shows_the_first_administrator_setup_on_a_new_database(
    qtbot: QtBot, services: Services
) -> None:
    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstAdministratorDialog)
        dialog.username.setText("boss")
        dialog.display_name.setText("The Boss")
        dialog.password.setText("Harbour-Kestrel-Violet-9")
        dialog.confirm.setText("Harbour-Kestrel-Violet-9")
        dialog.also_supervisor.setChecked(True)
        dialog.create_button.click()

    QTimer.singleShot(0, fill_in)
    actor = sign_in_flow(services.accounts)
    assert actor is not None and actor.roles == {Role.ADMINISTRATOR, Role.SUPERVISOR}

    def sign_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        dialog.username.setText("boss")
        dialog.password.setText("Harbour-Kestrel-Violet-9")
        dialog.sign_in_button.click()

    QTimer.singleShot(0, sign_in)
    again = sign_in_flow(services.accounts)
    assert again is not None and again.user_id == actor.user_id


def test_sign_in(qtbot: QtBot, demo_services: Services) -> None:
    dialog = SignInDialog(demo_services.accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "Enter your username and your password."
    qtbot.keyClicks(dialog.username, "officer")
    qtbot.keyClicks(dialog.password, "demo-officer-pass")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.roles == {Role.OFFICER}
    assert dialog.password.text() == ""


def test_five_wrong_passwords_then_a_lock(qtbot: QtBot, demo_services: Services) -> None:
    dialog = SignInDialog(demo_services.accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "caseworker")
    for attempt in range(1, 6):
        qtbot.keyClicks(dialog.password, f"not-my-password-{attempt}")
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        assert dialog.password.text() == "" and dialog.username.text() == "caseworker"
        assert "username or password is not right" in dialog.problem.text()
    qtbot.keyClicks(dialog.password, "demo-caseworker-pass")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert "is locked" in dialog.problem.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    with demo_services.ctx.read_only() as session:
        actions = session.execute(
            sa.select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(2)
        ).scalars()
        assert list(actions) == [AuditAction.SIGN_IN_FAILED, AuditAction.LOCKED]


@pytest.fixture
def admin_window(qtbot: QtBot, demo_services: Services) -> Iterator[tuple[MainWindow, SessionLock]]:
    configure_qt_application()
    actor = _sign_in(demo_services, "admin", "demo-admin-pass")
    window = MainWindow(demo_services, actor, "demo.db")
    qtbot.addWidget(window)
    lock = SessionLock(window, demo_services.accounts, actor, 10)
    window.show()
    yield window, lock


def test_the_idle_lock_keeps_the_form_as_it_was(
    qtbot: QtBot, admin_window: tuple[MainWindow, SessionLock]
) -> None:
    window, lock = admin_window
    page = window.show_page("Administration")
    assert isinstance(page, AdminPage)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = page.open_dialog
    assert isinstance(form, NewAccountDialog)
    qtbot.keyClicks(form.username, "new.starter")
    qtbot.keyClicks(form.display_name, "Nia Newstarter")
    qtbot.keyClicks(form.password, "half-typed")
    form.role_boxes[Role.CASEWORKER].setChecked(True)

    lock.set_idle_interval_ms(80)
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    lock.set_idle_interval_ms(600_000)
    covered = {cover.host for cover in lock.covers}
    assert window in covered and form in covered
    assert all(cover.isVisible() for cover in lock.covers)
    qtbot.keyClicks(form.username, "XYZ")  # swallowed while locked
    assert form.username.text() == "new.starter"

    cover = next(c for c in lock.covers if c.host is form)
    qtbot.keyClicks(cover.password, "wrong-password-here")
    qtbot.mouseClick(cover.unlock_button, Qt.MouseButton.LeftButton)
    assert lock.locked and "not right" in cover.problem.text()
    qtbot.keyClicks(cover.password, "demo-admin-pass")
    qtbot.keyClick(cover.password, Qt.Key.Key_Return)
    assert not lock.locked
    assert form.isVisible()
    assert form.username.text() == "new.starter"
    assert form.display_name.text() == "Nia Newstarter"
    assert form.password.text() == "half-typed"
    assert form.role_boxes[Role.CASEWORKER].isChecked()
    qtbot.keyClicks(form.username, "2")
    assert form.username.text() == "new.starter2"
    form.reject()


def test_lock_on_request_with_the_shortcut(
    qtbot: QtBot, admin_window: tuple[MainWindow, SessionLock]
) -> None:
    window, lock = admin_window
    assert lock.action in window.file_menu.actions()
    assert lock.action.shortcut().toString() == "Ctrl+L"
    lock.action.trigger()
    assert lock.locked and len(lock.covers) == 1
    assert lock.try_unlock("demo-admin-pass")
    assert not lock.locked and not any(c.isVisible() for c in lock.covers)


@pytest.mark.parametrize(
    ("username", "password", "pages"),
    [
        (
            "officer",
            "demo-officer-pass",
            ["Dashboard", "Young people", "Referrals", "Diary", "Schools", "Reports"],
        ),
        # the administrator keeps the list of schools and SPOCs (issue 7): the Schools page
        # shows them the schools as reference data and the administration, no school work
        ("admin", "demo-admin-pass", ["Schools", "Administration", "Audit trail"]),
        (
            "supervisor",
            "demo-supervisor-pass",
            [
                "Dashboard",
                "Young people",
                "Referrals",
                "Diary",
                "Schools",
                "Reports",
                "Audit trail",
                "Subject access",
                "Retention review",
            ],
        ),
    ],
)
def test_each_role_sees_only_its_pages(
    qtbot: QtBot, demo_services: Services, username: str, password: str, pages: list[str]
) -> None:
    configure_qt_application()
    actor = _sign_in(demo_services, username, password)
    window = MainWindow(demo_services, actor, "demo.db")
    qtbot.addWidget(window)
    shown = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert shown == pages
    if username == "officer":
        assert "Administration" not in window.pages


def test_a_window_that_opens_while_locked_is_covered_too(
    qtbot: QtBot, admin_window: tuple[MainWindow, SessionLock]
) -> None:
    window, lock = admin_window
    lock.lock()
    late = QDialog(window)
    late.setWindowTitle("Opened while locked")
    late.show()
    assert any(cover.host is late and cover.isVisible() for cover in lock.covers)
    assert lock.try_unlock("demo-admin-pass")
    assert late.isVisible() and not lock.locked
    late.close()
