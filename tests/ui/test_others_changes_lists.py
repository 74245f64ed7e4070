"""Another user's change shows in the lists and the dashboard, without losing one's place.

Person A has the main window open; person B works through a second set of services on
its own connection to the same SQLite file (another user's copy of the application).
Each test waits for A's screen to show B's change (``qtbot.waitUntil``, within the five
seconds the watcher is allowed) and checks what A was doing is untouched: the chosen row,
the scroll position, a half-typed setting, an open dialog.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.enums import (
    Area,
    Role,
    SchoolType,
    VisitPlace,
    VisitPurpose,
)
from diversion_app.domain.school_rules import SchoolDraft
from diversion_app.services.accounts.accounts import AccountDraft
from diversion_app.services.base.actor import Actor
from diversion_app.services.casework.visits import VisitDraft
from diversion_app.services.registry import Services
from diversion_app.ui.accounts.admin_page import AdminPage
from diversion_app.ui.casework.diary_page import DiaryPage
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.people.young_people_page import YoungPeoplePage
from diversion_app.ui.referrals.dashboard_page import DashboardPage
from diversion_app.ui.referrals.referrals_page import ReferralsPage
from diversion_app.ui.retention.review_page import RetentionPage
from diversion_app.ui.schools.schools_page import SchoolsPage
from diversion_app.ui.widgets.keep_place import row_key
from diversion_app.ui.widgets.list_page import ListPage
from tests.casework_helpers import make_case
from tests.conftest import MovableClock
from tests.factories import add_child, add_user, referral_draft

WITHIN = 5000
"""The watcher's promise: another user's change shows within five seconds."""


@pytest.fixture
def other(their_services: Services) -> Services:
    """Person B's copy of the application: its own engine on the same file."""
    return their_services


def _window(qtbot: QtBot, services: Services, actor: Actor, db_path: Path) -> MainWindow:
    configure_qt_application()
    window = MainWindow(services, actor, str(db_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _referrals(services: Services, supervisor: Actor, how_many: int) -> None:
    now = services.ctx.now()
    for number in range(how_many):
        person = add_child(services.ctx, date(2011, 1, 1) + timedelta(days=number), f"P{number}")
        services.referral_record.make(supervisor, referral_draft(person, now - timedelta(hours=1)))


def _choose_row(page: ListPage, row: int) -> object:
    page.table.selectRow(row)
    page.table.scrollTo(page.model.index(row, 0))
    return row_key(page.model.row_at(row))


def test_the_referrals_list_shows_a_new_referral_and_keeps_the_chosen_row(
    qtbot: QtBot, services: Services, other: Services, db_path: Path
) -> None:
    me = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    _referrals(services, me, 45)
    window = _window(qtbot, services, me, db_path)
    page = window.show_page("Referrals")
    assert isinstance(page, ReferralsPage)
    qtbot.waitUntil(lambda: page.list.model.total == 45)
    chosen = _choose_row(page.list, 40)
    scrolled = page.list.table.verticalScrollBar().value()
    assert scrolled > 0

    colleague = add_user(other.ctx, "sam", "Sam Supervisor", Role.SUPERVISOR)
    person = add_child(other.ctx, date(2012, 2, 2), "Newest")
    other.referral_record.make(colleague, referral_draft(person, other.ctx.now()))

    qtbot.waitUntil(lambda: page.list.model.total == 46, timeout=WITHIN)
    current = page.list.table.currentIndex()
    assert current.isValid() and row_key(page.list.model.row_at(current.row())) == chosen
    assert page.list.table.verticalScrollBar().value() == scrolled
    assert page.list.count_label.text() == "46 referrals"


def test_the_young_people_list_keeps_the_chosen_row(
    qtbot: QtBot, services: Services, other: Services, db_path: Path
) -> None:
    me = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    _referrals(services, me, 40)
    window = _window(qtbot, services, me, db_path)
    page = window.show_page("Young people")
    assert isinstance(page, YoungPeoplePage)
    qtbot.waitUntil(lambda: page.list.model.total == 40)
    chosen = _choose_row(page.list, 30)

    colleague = add_user(other.ctx, "sam", "Sam Supervisor", Role.SUPERVISOR)
    person = add_child(other.ctx, date(2012, 2, 2), "Aaron", "Aardvark")
    other.referral_record.make(colleague, referral_draft(person, other.ctx.now()))

    qtbot.waitUntil(lambda: page.list.model.total == 41, timeout=WITHIN)
    current = page.list.table.currentIndex()
    assert row_key(page.list.model.row_at(current.row())) == chosen


def test_the_dashboard_tiles_and_list_count_another_users_referral(
    qtbot: QtBot, services: Services, other: Services, db_path: Path
) -> None:
    me = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    _referrals(services, me, 3)
    window = _window(qtbot, services, me, db_path)
    page = window.show_page("Dashboard")
    assert isinstance(page, DashboardPage)
    before = page.tiles["unallocated"].value
    assert before == 3

    colleague = add_user(other.ctx, "sam", "Sam Supervisor", Role.SUPERVISOR)
    person = add_child(other.ctx, date(2012, 2, 2), "Newest")
    other.referral_record.make(colleague, referral_draft(person, other.ctx.now()))

    qtbot.waitUntil(lambda: page.tiles["unallocated"].value == 4, timeout=WITHIN)
    assert page.tiles["open_referrals"].value == 4
    assert "4" in page.tiles["unallocated"].text()


def test_the_diary_shows_a_visit_another_user_booked(
    qtbot: QtBot, services: Services, other: Services, db_path: Path
) -> None:
    case = make_case(services.ctx)
    window = _window(qtbot, services, case.caseworker, db_path)
    page = window.show_page("Diary")
    assert isinstance(page, DiaryPage)
    assert page.rows == []

    start = other.ctx.now() + timedelta(hours=1)
    other.visits.schedule(
        case.supervisor,
        VisitDraft(
            referral_id=case.referral_id,
            caseworker_ids=(case.caseworker.user_id or 0,),
            start_at=start,
            end_at=start + timedelta(hours=1),
            place=VisitPlace.HOME,
            purpose=VisitPurpose.INTERVENTION_SESSION,
        ),
        confirm=True,
    )

    qtbot.waitUntil(lambda: len(page.rows) == 1, timeout=WITHIN)


def test_the_schools_list_shows_a_school_another_user_added(
    qtbot: QtBot, services: Services, other: Services, db_path: Path
) -> None:
    me = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    window = _window(qtbot, services, me, db_path)
    page = window.show_page("Schools")
    assert isinstance(page, SchoolsPage)
    assert page.list.model.rowCount() == 0

    colleague = add_user(other.ctx, "ada", "Ada Admin", Role.ADMINISTRATOR)
    other.school_admin.create_school(
        colleague, SchoolDraft("Hillside Academy", Area.SOUTH, SchoolType.ACADEMY)
    )

    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=WITHIN)
    assert page.list.model.row_at(0).name == "Hillside Academy"


def test_the_retention_page_shows_a_legal_hold_another_user_placed(
    qtbot: QtBot, services: Services, other: Services, db_path: Path
) -> None:
    me = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    person = add_child(services.ctx, date(2010, 3, 3), "Held")
    window = _window(qtbot, services, me, db_path)
    page = window.show_page("Retention review")
    assert isinstance(page, RetentionPage)
    assert page.holds.model.rowCount() == 0

    colleague = add_user(other.ctx, "sam", "Sam Supervisor", Role.SUPERVISOR)
    other.retention_reviews.place_hold(colleague, person, "Court proceedings continue.")

    qtbot.waitUntil(lambda: page.holds.model.rowCount() == 1, timeout=WITHIN)


def test_the_retention_queue_keeps_the_chosen_row_and_its_scroll(
    qtbot: QtBot, services: Services, other: Services, db_path: Path, clock: MovableClock
) -> None:
    """The queue is worked out in the background: its place is put back when it arrives."""
    people = [
        add_child(services.ctx, date(2000, 1, 1) + timedelta(days=n), f"Due{n}") for n in range(45)
    ]
    clock.advance(days=366 * 16)  # every one of them is now past every period
    me = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    window = _window(qtbot, services, me, db_path)
    page = window.show_page("Retention review")
    assert isinstance(page, RetentionPage)
    qtbot.waitUntil(lambda: page.queue.model.rowCount() == 45)
    chosen = _choose_row(page.queue, 40)
    scrolled = page.queue.table.verticalScrollBar().value()
    assert scrolled > 0

    colleague = add_user(other.ctx, "sam", "Sam Supervisor", Role.SUPERVISOR)
    other.retention_reviews.place_hold(colleague, people[0], "Court proceedings continue.")

    qtbot.waitUntil(lambda: page.holds.model.rowCount() == 1, timeout=WITHIN)
    qtbot.waitUntil(lambda: page.queue.model.rowCount() == 44, timeout=WITHIN)
    current = page.queue.table.currentIndex()
    assert current.isValid() and row_key(page.queue.model.row_at(current.row())) == chosen
    assert page.queue.table.verticalScrollBar().value() == scrolled
    assert page.keep_button.isEnabled()  # the chosen row can be decided on at once


def test_a_half_typed_setting_on_the_administration_page_is_left_alone(
    qtbot: QtBot, services: Services, other: Services, db_path: Path
) -> None:
    me = add_user(services.ctx, "ada", "Ada Admin", Role.ADMINISTRATOR)
    window = _window(qtbot, services, me, db_path)
    page = window.show_page("Administration")
    assert isinstance(page, AdminPage)
    accounts = page.users.model.total
    page.idle_minutes.setValue(page.idle_minutes.value() + 7)
    typed = page.idle_minutes.value()

    colleague = add_user(other.ctx, "bea", "Bea Admin", Role.ADMINISTRATOR)
    other.accounts.create_account(
        colleague,
        AccountDraft("new.worker", "New Worker", "a long enough pass phrase", {Role.CASEWORKER}),
    )

    qtbot.waitUntil(lambda: page.users.model.total == accounts + 2, timeout=WITHIN)
    assert page.idle_minutes.value() == typed  # not put back to the saved value


def test_a_list_waits_while_a_dialog_is_open_over_the_window(
    qtbot: QtBot, services: Services, other: Services, db_path: Path
) -> None:
    me = add_user(services.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    _referrals(services, me, 2)
    window = _window(qtbot, services, me, db_path)
    page = window.show_page("Young people")
    assert isinstance(page, YoungPeoplePage)
    qtbot.waitUntil(lambda: page.list.model.total == 2)
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)

    colleague = add_user(other.ctx, "sam", "Sam Supervisor", Role.SUPERVISOR)
    person = add_child(other.ctx, date(2012, 2, 2), "Newest")
    other.referral_record.make(colleague, referral_draft(person, other.ctx.now()))
    seen: list[int] = []
    window.change_watcher.changed.connect(lambda _changes: seen.append(1))
    qtbot.waitUntil(lambda: bool(seen), timeout=WITHIN)  # the change was noticed...
    assert page.list.model.total == 2  # ...but the list behind the dialog was not touched

    dialog.close()
    qtbot.waitUntil(lambda: page.list.model.total == 3, timeout=WITHIN)
