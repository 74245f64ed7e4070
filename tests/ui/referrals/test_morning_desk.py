"""The caseworker's morning: the start page for each role, the referral record's household
contacts and link to the young person, and a red overdue banner that opens the referral."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.domain.clock import ClockState
from diversion_app.domain.enums import OPEN_REFERRAL_STATUSES
from diversion_app.persistence.models import HouseholdMember, Referral, YoungPerson
from diversion_app.services.referrals.clock_watch import ClockAlert
from diversion_app.services.registry import Services
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.people import referral_household  # noqa: F401  (the Household tab)
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
from tests.conftest import FIXED_NOW


@pytest.mark.parametrize(
    ("username", "password", "start"),
    [
        ("officer", "demo-officer-pass", "Young people"),
        ("spoc.south", "demo-spoc-pass", "Schools"),
        ("supervisor", "demo-supervisor-pass", "Dashboard"),
        ("admin", "demo-admin-pass", "Administration"),
    ],
)
def test_each_role_starts_on_the_page_for_its_work(
    qtbot: QtBot, demo_services: Services, username: str, password: str, start: str
) -> None:
    actor = demo_services.accounts.sign_in(username, password)
    window = MainWindow(demo_services, actor, "demo.db")
    qtbot.addWidget(window)
    window.show()
    assert window.current_page().title == start
    if start == "Young people":
        qtbot.waitUntil(lambda: window.focusWidget() is not None)
        assert window.focusWidget() is window.current_page().list.search  # type: ignore[attr-defined]


def _referral_with_a_phone(services: Services) -> tuple[int, str, str]:
    with services.ctx.read_only() as session:
        row = session.execute(
            sa.select(Referral.id, HouseholdMember.phone, YoungPerson.given_name)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .join(HouseholdMember, HouseholdMember.household_id == YoungPerson.household_id)
            .where(
                Referral.status.in_(OPEN_REFERRAL_STATUSES),
                HouseholdMember.phone.is_not(None),
                HouseholdMember.parental_responsibility.is_(True),
            )
            .order_by(Referral.id)
            .limit(1)
        ).one()
    return int(row[0]), str(row[1]), str(row[2])


def test_the_referral_record_shows_the_household_contacts_and_opens_the_young_person(
    qtbot: QtBot, demo_services: Services
) -> None:
    supervisor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    referral_id, phone, given = _referral_with_a_phone(demo_services)
    window = ReferralRecordWindow(demo_services, supervisor, referral_id)
    qtbot.addWidget(window)
    window.show()
    view = window.view
    tab = view.household_tab  # type: ignore[attr-defined]
    shown = [tab.members.item(r, 3).text() for r in range(tab.members.rowCount())]
    assert phone in shown
    assert tab.address.text().startswith("Address: ")
    qtbot.mouseClick(view.young_person_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    person = view.young_person_window  # type: ignore[attr-defined]
    assert person.isVisible() and person.heading.text().startswith(given)


def test_an_overdue_alert_is_red_says_when_it_was_due_and_opens_the_referral(
    qtbot: QtBot, demo_services: Services
) -> None:
    supervisor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    referral_id, _phone, _given = _referral_with_a_phone(demo_services)
    window = MainWindow(demo_services, supervisor, "demo.db")
    qtbot.addWidget(window)
    window.show()
    alert = ClockAlert(
        referral_id, "Ann Example", ClockState.OVERDUE, FIXED_NOW - timedelta(hours=25)
    )
    assert alert.message == (
        "Overdue: the 48-hour clock for Ann Example was due 27/11/2026 13:30 (UK time)."
    )
    window.show_clock_alert(alert.message, alert)
    assert window.banner.isVisible() and "#b00020" in window.banner.styleSheet()
    qtbot.mouseClick(window.banner.open_button, Qt.MouseButton.LeftButton)
    assert window.opened_referral is not None
    assert window.opened_referral.view.referral_id == referral_id
    soon = ClockAlert(
        referral_id, "Ann Example", ClockState.DUE_SOON, FIXED_NOW + timedelta(hours=3)
    )
    window.show_clock_alert(soon.message, soon)
    assert "#b00020" not in window.banner.styleSheet()
