"""The Retention review page and the periods on the Administration page, driven by hand.

A supervisor, ten years after the demo data, keeps one young person and disposes of
another: the dialogs refuse what is wrong in plain words, the disposal's file rebuild
runs off the GUI thread with its progress, and the decisions log shows both.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.retention import DisposalType
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.admin_page import AdminPage
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.retention.decision_dialogs import DisposeDialog, KeepDialog
from diversion_app.ui.retention.review_page import RetentionPage
from tests.conftest import MovableClock

TEN_YEARS = 3653


def _window(qtbot: QtBot, services: Services, username: str, password: str) -> MainWindow:
    configure_qt_application()
    window = MainWindow(services, services.accounts.sign_in(username, password), "demo.db")
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def page(qtbot: QtBot, demo_services: Services, clock: MovableClock) -> RetentionPage:
    clock.advance(days=TEN_YEARS)
    window = _window(qtbot, demo_services, "supervisor", "demo-supervisor-pass")
    page = window.show_page("Retention review")
    assert isinstance(page, RetentionPage)
    _loaded(qtbot, page)
    return page


def _loaded(qtbot: QtBot, page: RetentionPage) -> None:
    """The queue is worked out on the worker thread: wait for it as a person would."""
    qtbot.waitUntil(
        lambda: not page.loader.is_running() and not page.job.is_running(), timeout=60_000
    )
    assert "Working out" not in page.held_note.text()


def _select(page: RetentionPage, row: int) -> tuple[int, str]:
    page.queue.table.selectRow(row)
    chosen = page.selected()
    assert chosen is not None
    return chosen.young_person_id, chosen.name


def test_a_supervisor_keeps_one_and_disposes_of_another(
    qtbot: QtBot, page: RetentionPage, demo_services: Services, clock: MovableClock, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    total = page.queue_model.total
    qtmodeltester.check(page.queue_model)
    assert total > 2
    assert "held back by open work" in page.held_note.text()
    assert "with an unanswered 12-month follow-up" in page.held_note.text()
    kept_id, _kept_name = _select(page, 0)
    qtbot.mouseClick(page.keep_button, Qt.MouseButton.LeftButton)
    keep = page.open_dialog
    assert isinstance(keep, KeepDialog)
    keep.review_on.set_value(clock().date())
    qtbot.mouseClick(keep.ok_button, Qt.MouseButton.LeftButton)
    assert keep.isVisible()
    assert keep.problems["reason"].text() == "Say why the records are kept."
    assert keep.problems["review_on"].text() == "The next review must be after today."
    qtbot.keyClicks(keep.reason, "Civil claim pending")
    keep.review_on.set_value(clock().date() + timedelta(days=90))
    qtbot.mouseClick(keep.ok_button, Qt.MouseButton.LeftButton)
    assert not keep.isVisible()
    _loaded(qtbot, page)
    assert page.queue_model.total == total - 1

    gone_id, gone_name = _select(page, 0)
    assert gone_id != kept_id
    namesakes = demo_services.young_people.count(page.actor, gone_name)
    qtbot.mouseClick(page.dispose_button, Qt.MouseButton.LeftButton)
    dispose = page.open_dialog
    assert isinstance(dispose, DisposeDialog)
    family = gone_name.split()[-1]
    qtbot.keyClicks(dispose.reason, f"{family} has been an adult for years")
    qtbot.mouseClick(dispose.ok_button, Qt.MouseButton.LeftButton)
    assert dispose.isVisible()
    assert "Do not name the young person" in dispose.problems["reason"].text()
    dispose.reason.clear()
    qtbot.keyClicks(dispose.reason, "Every record past its period; nothing open.")
    qtbot.mouseClick(dispose.ok_button, Qt.MouseButton.LeftButton)
    assert not dispose.isVisible()
    qtbot.waitUntil(lambda: not page.job.is_running() and page.progress is None, timeout=60_000)
    _loaded(qtbot, page)
    assert page.message.text() == (
        "Disposed of. The erased data is no longer in the database file."
    )
    assert page.queue_model.total == total - 2
    page.tabs.setCurrentWidget(page.log)
    texts = [
        page.log_model.index(row, 1).data() + " " + page.log_model.index(row, 2).data()
        for row in range(page.log_model.rowCount())
    ]
    assert texts == [f"Dispose {gone_id}", f"Keep {kept_id}"]
    assert demo_services.young_people.count(page.actor, gone_name) == namesakes - 1


def test_the_administrator_sets_the_periods(qtbot: QtBot, demo_services: Services) -> None:
    window = _window(qtbot, demo_services, "admin", "demo-admin-pass")
    admin = window.show_page("Administration")
    assert isinstance(admin, AdminPage)
    box = admin.retention
    assert box.years[DisposalType.SCHOOL_REFERRAL].value() == 3
    box.years[DisposalType.SCHOOL_REFERRAL].setValue(6)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert box.message.text() == "Retention periods saved."
    assert demo_services.retention_periods.periods().for_type(DisposalType.SCHOOL_REFERRAL) == 6
    assert "Retention review" not in window.pages


def test_with_nobody_due_the_queue_says_so(qtbot: QtBot, demo_services: Services) -> None:
    window = _window(qtbot, demo_services, "supervisor", "demo-supervisor-pass")  # demo: today
    page = window.show_page("Retention review")
    assert isinstance(page, RetentionPage)
    _loaded(qtbot, page)
    assert page.queue.model.rowCount() == 0
    assert page.queue.empty_label.isVisible()
    assert page.queue.empty_label.text() == "Nobody is due for review today."
    assert page.holds.empty_label.text() == "No legal holds."
