"""A supervisor and a caseworker follow a referral through the screens, with an injected clock.

New referral -> unallocated on the supervisor's dashboard -> allocated -> "due soon" on
the caseworker's dashboard (and a notification) when time moves on -> a home visit
meeting the child and her mother -> "met". A second referral for the same child and
pathway is refused with a button to open the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.enums import Pathway, ReferralReason, ReferralSource, Role
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.referrals.contact_form import ContactForm
from diversion_app.ui.referrals.dashboard_page import DashboardPage
from diversion_app.ui.referrals.referral_actions import AllocateDialog
from diversion_app.ui.referrals.referral_form import ReferralForm
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
from diversion_app.ui.referrals.referrals_page import ReferralsPage
from tests.conftest import MovableClock
from tests.integration.referral_fixtures import Family, add_family, add_user

CLOCK_COLUMN = 4


@pytest.fixture
def team(services: Services) -> dict[str, Actor]:
    configure_qt_application()
    return {
        "supervisor": add_user(services.ctx, "sue", "Sue Pervisor", Role.SUPERVISOR),
        "alex": add_user(services.ctx, "alex", "Alex Caseworker", Role.CASEWORKER),
    }


@pytest.fixture
def ellie(services: Services) -> Family:
    return add_family(services.ctx, date(2013, 6, 1))


@pytest.fixture
def window_for(qtbot: QtBot, services: Services) -> Iterator:  # type: ignore[type-arg]
    def make(actor: Actor) -> MainWindow:
        window = MainWindow(services, actor, "test.db")
        qtbot.addWidget(window)
        window.show()
        return window

    yield make


def _choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def _fill_referral(qtbot: QtBot, form: ReferralForm, name: str, pathway: Pathway) -> None:
    qtbot.keyClicks(form.person_search, name)
    qtbot.waitUntil(lambda: form.people.count() == 1, timeout=2000)
    _choose(form.pathway, pathway.label)
    _choose(form.source, ReferralSource.SCHOOL.label)
    qtbot.keyClicks(form.referrer_name, "Mrs Patel, Head of Year 9")
    qtbot.keyClicks(form.referrer_contact, "01234 567890")
    qtbot.mouseClick(
        form.reason_boxes[ReferralReason.ANTI_SOCIAL_BEHAVIOUR], Qt.MouseButton.LeftButton
    )
    form.reason_boxes[ReferralReason.ANTI_SOCIAL_BEHAVIOUR].setChecked(True)


def _new_referral_form(qtbot: QtBot, page: ReferralsPage) -> ReferralForm:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = page.form
    assert isinstance(form, ReferralForm) and form.isVisible()
    return form


def _clock_texts(page: DashboardPage) -> list[str]:
    model = page.model
    return [model.index(r, CLOCK_COLUMN).data() for r in range(model.rowCount())]


def test_supervisor_and_caseworker_follow_a_referral_to_met(
    qtbot: QtBot,
    services: Services,
    team: dict[str, Actor],
    ellie: Family,
    window_for,  # type: ignore[no-untyped-def]
    clock: MovableClock,
) -> None:
    supervisor = window_for(team["supervisor"])
    referrals = supervisor.show_page("Referrals")
    assert isinstance(referrals, ReferralsPage)
    form = _new_referral_form(qtbot, referrals)
    _fill_referral(qtbot, form, "ellie", Pathway.PREVENTION)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.summary.text()
    record = referrals.opened
    assert isinstance(record, ReferralRecordWindow)
    assert "not yet allocated" in record.view.summary.text()
    assert "On track: 48 h 00 m left" in record.view.clock_badge.text()
    assert "due 30/11/2026 14:30 (UK time)" in record.view.clock_badge.text()

    # the supervisor's dashboard: one unallocated referral, opened from its tile
    dashboard = supervisor.show_page("Dashboard")
    assert isinstance(dashboard, DashboardPage)
    dashboard.refresh()
    assert dashboard.tiles["unallocated"].value == 1
    qtbot.mouseClick(dashboard.tiles["unallocated"], Qt.MouseButton.LeftButton)
    assert dashboard.list.heading.text() == "Unallocated, oldest first"
    assert dashboard.model.rowCount() == 1
    assert dashboard.model.index(0, 6).data() == "Unallocated"

    # allocate from the record, with Alex's caseload beside the name
    qtbot.mouseClick(record.view.allocate_button, Qt.MouseButton.LeftButton)
    dialog = record.view.open_dialog
    assert isinstance(dialog, AllocateDialog)
    assert dialog.caseworker.currentData() is None  # nobody is pre-selected
    assert dialog.caseworker.itemText(1) == "Alex Caseworker (0 open cases, 0 overdue)"
    dialog.choose("Alex Caseworker")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Caseworker: Alex Caseworker" in record.view.summary.text()
    assert "Allocated to Alex Caseworker" in [
        record.view.history.item(r, 2).text() for r in range(record.view.history.rowCount())
    ]
    dashboard.refresh()
    assert dashboard.tiles["unallocated"].value == 0

    # the caseworker: their referral, due first; time moves on and it becomes "due soon"
    caseworker = window_for(team["alex"])
    mine = caseworker.show_page("Dashboard")
    assert isinstance(mine, DashboardPage)
    assert mine.list.heading.text() == "My referrals, due first"
    assert "unallocated" not in mine.tiles
    assert _clock_texts(mine)[0].startswith("On track")
    assert caseworker.banner.isHidden()
    clock.advance(hours=37)
    mine.timer.timeout.emit()
    assert _clock_texts(mine) == ["Due soon: 11 h 00 m left"]
    assert mine.tiles["due_soon"].value == 1
    caseworker.clock_notifier.timer.timeout.emit()
    assert caseworker.banner.isVisible()
    assert "Due soon" in caseworker.banner.label.text()

    # a home visit meeting Ellie and her mother meets the clock
    mine.list.table.setFocus()
    mine.list.table.selectRow(0)
    qtbot.keyClick(mine.list.table, Qt.Key.Key_Return)
    opened = mine.opened
    assert isinstance(opened, ReferralRecordWindow)
    view = opened.view
    assert "Due soon" in view.clock_badge.text()
    qtbot.mouseClick(view.contact_button, Qt.MouseButton.LeftButton)
    contact = view.open_dialog
    assert isinstance(contact, ContactForm)
    contact.occurred_at.set_instant(clock() - timedelta(hours=1))
    _choose(contact.method, "Home visit")
    _choose(contact.outcome, "Made contact")
    contact.with_young_person.setChecked(True)
    _choose(contact.carer, "Dawn Marsh (mother)")
    qtbot.keyClicks(contact.notes, "Seen at home with mum; agreed a first assessment visit.")
    qtbot.mouseClick(contact.save_button, Qt.MouseButton.LeftButton)
    assert not contact.isVisible(), contact.summary.text()
    assert view.clock_badge.text().startswith("48-hour contact clock: Met in 36 h 00 m")
    assert "Status: Contacted" in view.summary.text()
    assert view.contacts.item(0, 2).text() == "Young person and Dawn Marsh (mother)"
    mine.refresh()
    assert _clock_texts(mine) == ["Met in 36 h 00 m"]


def test_a_second_referral_for_the_same_child_and_pathway_is_refused_with_a_link(
    qtbot: QtBot,
    services: Services,
    team: dict[str, Actor],
    ellie: Family,
    window_for,  # type: ignore[no-untyped-def]
) -> None:
    window = window_for(team["supervisor"])
    page = window.show_page("Referrals")
    assert isinstance(page, ReferralsPage)
    first = _new_referral_form(qtbot, page)
    _fill_referral(qtbot, first, "ellie", Pathway.PREVENTION)
    qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)
    assert page.model.total == 1
    existing = page.opened
    assert isinstance(existing, ReferralRecordWindow)
    existing.close()

    second = _new_referral_form(qtbot, page)
    _fill_referral(qtbot, second, "ellie", Pathway.PREVENTION)
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    assert second.isVisible()
    assert "already has an open prevention referral" in second.summary.text()
    assert second.open_existing_button.isVisible()
    qtbot.mouseClick(second.open_existing_button, Qt.MouseButton.LeftButton)
    reopened = page.opened
    assert isinstance(reopened, ReferralRecordWindow)
    assert reopened.view.referral_id == second.existing_id
    page.refresh()
    assert page.model.total == 1
