"""Bad input on the referral screens is refused with a plain message, and nothing is saved.

A received time in the future; a contact dated before the referral was received; an
empty reason when the clock has been missed; an 8-year-old on the diversion pathway.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.enums import Pathway, ReferralReason, ReferralSource, Role
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services
from diversion_app.ui.referrals.contact_form import ContactForm
from diversion_app.ui.referrals.referral_actions import ReasonDialog
from diversion_app.ui.referrals.referral_form import ReferralForm
from diversion_app.ui.referrals.referral_record import ReferralRecordView
from tests.conftest import MovableClock
from tests.integration.referral_fixtures import Family, add_family, add_user, prevention_draft


@pytest.fixture
def supervisor_user(services: Services) -> Actor:
    configure_qt_application()
    return add_user(services.ctx, "sue", "Sue Pervisor", Role.SUPERVISOR)


def _form(qtbot: QtBot, services: Services, actor: Actor, name: str) -> ReferralForm:
    form = ReferralForm(services, actor)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.person_search, name)
    qtbot.waitUntil(lambda: form.people.count() == 1, timeout=2000)
    form.source.setCurrentIndex(form.source.findData(ReferralSource.POLICE))
    qtbot.keyClicks(form.referrer_name, "PC 1234 Jones")
    form.reason_boxes[ReferralReason.OFFENCE].setChecked(True)
    return form


def _record(qtbot: QtBot, services: Services, actor: Actor, family: Family) -> ReferralRecordView:
    made = services.referral_record.make(
        actor, prevention_draft(services.ctx, family.young_person_id)
    )
    view = ReferralRecordView(services, actor, made.id)
    qtbot.addWidget(view)
    view.show()
    return view


def test_a_received_time_in_the_future_is_refused(
    qtbot: QtBot, services: Services, supervisor_user: Actor, clock: MovableClock
) -> None:
    add_family(services.ctx, date(2012, 1, 1))
    form = _form(qtbot, services, supervisor_user, "ellie")
    form.pathway.setCurrentIndex(form.pathway.findData(Pathway.PREVENTION))
    form.received_at.set_instant(clock() + timedelta(hours=2))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.errors.text_for("received_at") == (
        "The date and time received cannot be in the future; a late referral can be back-dated."
    )
    assert services.referral_list.count(supervisor_user) == 0
    # back-dated is fine, and already overdue
    form.received_at.set_instant(clock() - timedelta(hours=50))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.summary.text()
    [row] = services.referral_list.page(supervisor_user, PageRequest())
    assert row.clock.summary == "overdue by 2 h 00 m"


def test_an_eight_year_old_is_refused_on_the_diversion_pathway(
    qtbot: QtBot, services: Services, supervisor_user: Actor
) -> None:
    add_family(services.ctx, date(2018, 1, 15), given="Tilly")
    form = _form(qtbot, services, supervisor_user, "tilly")
    form.pathway.setCurrentIndex(form.pathway.findData(Pathway.DIVERSION))
    qtbot.keyClicks(form.offence_details, "Criminal damage to a bus shelter")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()  # a diversion referral needs the offence date
    assert "Give the offence date" in form.errors.text_for("offence_date")
    qtbot.keyClicks(form.offence_date, "20/11/2026")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.errors.text_for("pathway") == (
        "The young person was 8 on the offence date; the diversion pathway is for ages 10 to 17."
    )
    assert form.summary.text() == "Nothing was saved. Fix the problem below."
    assert services.referral_list.count(supervisor_user) == 0
    # the same child may go on the prevention pathway (8-17)
    form.pathway.setCurrentIndex(form.pathway.findData(Pathway.PREVENTION))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()


def _choose_method_and_outcome(form: ContactForm) -> None:
    form.method.setCurrentIndex(form.method.findText("Home visit"))
    form.outcome.setCurrentIndex(form.outcome.findText("Made contact"))


def test_an_untouched_contact_form_chooses_no_method_or_outcome_for_the_clock(
    qtbot: QtBot, services: Services, supervisor_user: Actor
) -> None:
    family = add_family(services.ctx, date(2012, 1, 1))
    view = _record(qtbot, services, supervisor_user, family)
    qtbot.mouseClick(view.contact_button, Qt.MouseButton.LeftButton)
    form = view.open_dialog
    assert isinstance(form, ContactForm)
    assert form.method.currentData() is None and form.outcome.currentData() is None
    form.with_young_person.setChecked(True)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.summary.text() == "Nothing was saved. Fix the 2 problems below."
    assert form.errors.text_for("method") == "Choose how the contact was made."
    assert form.errors.text_for("outcome").startswith("Choose the outcome")
    assert view.contacts.rowCount() == 0
    assert "Overdue" not in view.clock_badge.text() and "Met" not in view.clock_badge.text()


def test_a_contact_before_the_referral_was_received_is_refused(
    qtbot: QtBot, services: Services, supervisor_user: Actor, clock: MovableClock
) -> None:
    family = add_family(services.ctx, date(2012, 1, 1))
    view = _record(qtbot, services, supervisor_user, family)
    qtbot.mouseClick(view.contact_button, Qt.MouseButton.LeftButton)
    form = view.open_dialog
    assert isinstance(form, ContactForm)
    form.occurred_at.set_instant(clock() - timedelta(hours=3))
    _choose_method_and_outcome(form)
    form.with_young_person.setChecked(True)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.errors.text_for("occurred_at").startswith(
        "A contact cannot be dated before the referral was received (28/11/2026 13:30)"
    )
    assert view.contacts.rowCount() == 0


def test_an_empty_reason_on_a_missed_clock_is_refused(
    qtbot: QtBot, services: Services, supervisor_user: Actor, clock: MovableClock
) -> None:
    family = add_family(services.ctx, date(2012, 1, 1))
    view = _record(qtbot, services, supervisor_user, family)
    clock.advance(hours=60)
    view.reload()
    assert view.clock_badge.text().startswith("48-hour contact clock: Overdue by 13 h 00 m")
    assert view.explain_button.isVisible()
    assert view.clock_reason.text().startswith("No reason has been given yet")
    # recording the late visit: the reason box is shown, and empty is refused
    qtbot.mouseClick(view.contact_button, Qt.MouseButton.LeftButton)
    form = view.open_dialog
    assert isinstance(form, ContactForm)
    assert form.clock_reason.isVisible()
    _choose_method_and_outcome(form)
    form.with_young_person.setChecked(True)
    form.carer.setCurrentIndex(1)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.errors.text_for("clock_reason") == (
        "The 48-hour clock is overdue or was missed: give the reason before saving."
    )
    assert view.contacts.rowCount() == 0
    qtbot.keyClicks(form.clock_reason, "Referral reached us late from the school")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert view.clock_badge.text().startswith("48-hour contact clock: Missed by 13 h 00 m")
    assert view.clock_reason.text().endswith("Referral reached us late from the school")
    # the explain dialog also refuses an empty reason
    qtbot.mouseClick(view.explain_button, Qt.MouseButton.LeftButton)
    dialog = view.open_dialog
    assert isinstance(dialog, ReasonDialog)
    dialog.reason.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text() == "Give a reason before saving; it cannot be left empty."


def test_declining_asks_for_a_reason_and_stops_the_clock(
    qtbot: QtBot, services: Services, supervisor_user: Actor, clock: MovableClock
) -> None:
    family = add_family(services.ctx, date(2012, 1, 1))
    view = _record(qtbot, services, supervisor_user, family)
    qtbot.mouseClick(view.decline_button, Qt.MouseButton.LeftButton)
    dialog = view.open_dialog
    assert isinstance(dialog, ReasonDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "Not eligible: already open to the YOS")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    clock.advance(days=3)
    view.tick()
    assert view.clock_badge.text() == (
        "48-hour contact clock: Stopped — due 30/11/2026 13:30 (UK time)"
    )
    assert "Status: Declined (Not eligible: already open to the YOS)" in view.summary.text()
    assert not view.contact_button.isVisible()
    last = view.history.rowCount() - 1
    assert view.history.item(last, 1).text() == "Sue Pervisor"
    assert view.history.item(last, 2).text() == "Status: Received -> Declined"


def test_a_caseworker_is_not_offered_work_on_someone_elses_referral(
    qtbot: QtBot, services: Services, supervisor_user: Actor
) -> None:
    alex = add_user(services.ctx, "alex", "Alex Caseworker", Role.CASEWORKER)
    bea = add_user(services.ctx, "bea", "Bea Caseworker", Role.CASEWORKER)
    family = add_family(services.ctx, date(2012, 1, 1))
    made = services.referral_record.make(
        supervisor_user, prevention_draft(services.ctx, family.young_person_id)
    )
    assert alex.user_id is not None
    services.allocation.allocate(supervisor_user, made.id, alex.user_id)
    services.access.justify(bea, family.young_person_id, AccessReason.COVERING)  # not hers
    theirs = ReferralRecordView(services, bea, made.id)
    qtbot.addWidget(theirs)
    theirs.show()
    assert not theirs.contact_button.isVisible()
    assert not theirs.decline_button.isVisible()
    assert not theirs.allocate_button.isVisible()
    own = ReferralRecordView(services, alex, made.id)
    qtbot.addWidget(own)
    own.show()
    assert own.contact_button.isVisible()
    assert not own.allocate_button.isVisible()
