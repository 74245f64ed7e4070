"""The clock badge on an open record tells a screen reader when its state changes.

"Now" is the injected clock: moving it and letting the record's timer tick turns the
badge from on track to due soon to overdue; recording a contact that meets the clock
turns it to met. Each change is one accessibility announcement; a tick with no change
announces nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.contact_rules import ContactDraft
from diversion_app.domain.enums import ContactMethod, ContactOutcome, Role
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
from diversion_app.ui.widgets.form_scaffold import ANNOUNCER
from tests.conftest import MovableClock
from tests.integration.referral_fixtures import add_family, add_user, prevention_draft


def _open_record(qtbot: QtBot, services: Services) -> tuple[ReferralRecordWindow, Actor, int, int]:
    configure_qt_application()
    supervisor = add_user(services.ctx, "sue", "Sue Pervisor", Role.SUPERVISOR)
    family = add_family(services.ctx, date(2012, 3, 9), given="Kai", family="Obi")
    made = services.referral_record.make(
        supervisor, prevention_draft(services.ctx, family.young_person_id)
    )
    window = ReferralRecordWindow(services, supervisor, made.id)
    qtbot.addWidget(window)
    window.show()
    assert window.view.clock_badge.text().startswith("48-hour contact clock: On track")
    return window, supervisor, made.id, family.mother_id


@pytest.fixture
def heard() -> Iterator[list[str]]:
    said: list[str] = []
    ANNOUNCER.announced.connect(said.append)
    yield said
    ANNOUNCER.announced.disconnect(said.append)


def test_the_badge_announces_due_soon_then_met(
    qtbot: QtBot, services: Services, clock: MovableClock, heard: list[str]
) -> None:
    window, supervisor, referral_id, mother_id = _open_record(qtbot, services)
    window.view.tick()  # nothing changed: nothing said
    clock.advance(hours=1)
    window.view.tick()  # the time left changed, the state did not
    assert heard == []

    clock.advance(hours=37)
    window.view.tick()
    assert "Due soon" in window.view.clock_badge.text()
    assert heard == [
        "The 48-hour contact clock has changed: Due soon: 9 h 00 m left"
        " — due 30/11/2026 13:30 (UK time)"
    ]

    services.contacts.record(
        supervisor,
        ContactDraft(
            referral_id=referral_id,
            occurred_at=clock() - timedelta(minutes=10),
            method=ContactMethod.HOME_VISIT,
            outcome=ContactOutcome.MADE_CONTACT,
            with_young_person=True,
            carer_member_id=mother_id,
        ),
    )
    window.view.tick()
    assert len(heard) == 2
    assert heard[1].startswith("The 48-hour contact clock has changed: Met in 38 h 50 m")
    window.view.tick()
    assert len(heard) == 2


def test_the_badge_announces_overdue(
    qtbot: QtBot, services: Services, clock: MovableClock, heard: list[str]
) -> None:
    window, _, _, _ = _open_record(qtbot, services)
    clock.advance(hours=50)  # straight past due soon to overdue: one announcement
    window.view.tick()
    assert heard == [
        "The 48-hour contact clock has changed: Overdue by 3 h 00 m"
        " — due 30/11/2026 13:30 (UK time)"
    ]
    assert window.view.clock_badge.text().startswith("48-hour contact clock: Overdue by")
