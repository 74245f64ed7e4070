"""Sign out and Switch user on a shared PC, through ``app.run_gui`` as a person would.

A caseworker signs in, opens one of their referrals, then uses File > Switch user; an
officer signs in at the sign-in that comes back, sees their own first page and nothing of
the caseworker's, then uses File > Sign out and closes the sign-in. Both ends of session
are in the audit trail, each saying which it was.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from diversion_app.app import run_gui
from diversion_app.domain.enums import AuditAction
from diversion_app.persistence.engine import sqlite_url
from diversion_app.persistence.migrate import open_database
from diversion_app.persistence.models import AuditEvent, User
from diversion_app.ui.accounts.sign_in import SignInDialog
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.referrals.dashboard_page import DashboardPage
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
from tests.conftest import FIXED_NOW


def _on_screen() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def _main_windows() -> list[MainWindow]:
    return [w for w in _on_screen() if isinstance(w, MainWindow)]


class Person:
    """Plays a script of steps, each waiting until its screen is up (polled by a timer)."""

    def __init__(self, qtbot: QtBot, steps: list[Callable[[], bool]]) -> None:
        self.qtbot = qtbot
        self.steps = steps
        self.done = 0
        self.failure: BaseException | None = None
        self.give_up_at = time.monotonic() + 60
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.act)
        self.timer.start()

    def act(self) -> None:
        if self.done == len(self.steps):
            self.timer.stop()
            return
        try:
            if time.monotonic() > self.give_up_at:
                raise AssertionError(f"step {self.done + 1} never found its screen")
            if self.steps[self.done]():
                self.done += 1
        except BaseException as failure:  # stop the application so that the test can fail
            self.failure = failure
            self.timer.stop()
            for widget in _on_screen():
                if isinstance(widget, QDialog):
                    widget.reject()
                else:
                    widget.close()


def _sign_in_dialog() -> SignInDialog | None:
    dialog = QApplication.activeModalWidget()
    return dialog if isinstance(dialog, SignInDialog) and dialog.isVisible() else None


def test_switch_user_then_sign_out_through_the_gui(
    qtbot: QtBot, demo_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "shared-pc.db"
    shutil.copy(demo_template, path)
    seen: dict[str, object] = {}

    def sign_in(username: str, password: str) -> Callable[[], bool]:
        def step() -> bool:
            dialog = _sign_in_dialog()
            if dialog is None:
                return False
            # the sign-in is the only thing on screen: no window of anyone before
            assert _on_screen() == [dialog], [type(w).__name__ for w in _on_screen()]
            qtbot.keyClicks(dialog.username, username)
            qtbot.keyClicks(dialog.password, password)
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
            return True

        return step

    def caseworker_opens_a_referral_then_switches_user() -> bool:
        windows = _main_windows()
        if not windows:
            return False
        (window,) = windows
        assert window.actor.username == "caseworker"
        page = window.current_page()
        assert isinstance(page, DashboardPage)
        assert page.list.heading.text() == "My referrals, due first"
        assert page.model.rowCount() > 0
        page.list.table.setFocus()
        page.list.table.selectRow(0)
        qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
        assert isinstance(page.opened, ReferralRecordWindow) and page.opened.isVisible()
        seen["caseworker_record"] = page.opened.windowTitle()
        seen["caseworker_window"] = window
        window.file_menu.setFocus()
        window.switch_action.trigger()
        return True

    def officer_sees_their_own_start_page_then_signs_out() -> bool:
        windows = _main_windows()
        if not windows:
            return False
        (window,) = windows  # one main window: the caseworker's has gone
        assert window is not seen["caseworker_window"]
        assert window.actor.username == "officer"
        assert window.current_page().title == "Young people"
        titles = [w.windowTitle() for w in _on_screen()]
        assert seen["caseworker_record"] not in titles
        assert not any(isinstance(w, ReferralRecordWindow) for w in _on_screen())
        seen["officer_page"] = window.current_page().title
        window.sign_out_action.trigger()
        return True

    def close_the_sign_in() -> bool:
        dialog = _sign_in_dialog()
        if dialog is None:
            return False
        seen["third_sign_in"] = True
        dialog.reject()
        return True

    person = Person(
        qtbot,
        [
            sign_in("caseworker", "demo-caseworker-pass"),
            caseworker_opens_a_referral_then_switches_user,
            sign_in("officer", "demo-officer-pass"),
            officer_sees_their_own_start_page_then_signs_out,
            close_the_sign_in,
        ],
    )
    code = run_gui(sqlite_url(path))
    if person.failure is not None:
        raise person.failure
    assert code == 0
    assert person.done == 5 and seen["third_sign_in"]
    assert _main_windows() == []

    opened = open_database(sqlite_url(path), now=FIXED_NOW)
    try:
        with opened.engine.connect() as connection:
            rows = connection.execute(
                sa.select(User.username, AuditEvent.action, AuditEvent.changes)
                .join(User, User.id == AuditEvent.entity_id)
                .where(
                    AuditEvent.entity == "user",
                    AuditEvent.action.in_([AuditAction.SIGNED_IN, AuditAction.SIGNED_OUT]),
                )
                .order_by(AuditEvent.id)
            ).all()
    finally:
        opened.engine.dispose()
    this_run = rows[-4:]  # the demo's own history comes before
    assert [(name, action, (changes or {}).get("how")) for name, action, changes in this_run] == [
        ("caseworker", AuditAction.SIGNED_IN, "sign in"),
        ("caseworker", AuditAction.SIGNED_OUT, "switch user"),
        ("officer", AuditAction.SIGNED_IN, "sign in"),
        ("officer", AuditAction.SIGNED_OUT, "sign out"),
    ]
