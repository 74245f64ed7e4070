"""QA: in the records and the casework forms no Alt+letter answers to two controls
(Open/Schedule visit, Edit/Remove member, Outcome/clock reason, Type/Attended,
Referrer contact/Linked CR each shared a letter)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from diversion_app.ui.casework.programme_form import ProgrammeDialog
from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
from diversion_app.ui.referrals.contact_form import ContactForm
from diversion_app.ui.referrals.referral_form import ReferralForm
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
from tests.ui.qa_mnemonics import clashing_mnemonics


def test_records_and_forms_have_unambiguous_mnemonics(
    qtbot: QtBot, demo_services: Services, everyone: Actor
) -> None:
    supervisor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    row = demo_services.referral_list.page(
        supervisor, PageRequest(offset=0, limit=1), ReferralFilter(overdue_only=True)
    )[0]
    record = ReferralRecordWindow(demo_services, supervisor, row.id)
    qtbot.addWidget(record)
    record.show()
    for tab in range(record.view.tabs.count()):
        record.view.tabs.setCurrentIndex(tab)
        assert clashing_mnemonics(record) == {}, record.view.tabs.tabText(tab)
    assert record.view.record is not None
    contact = ContactForm(demo_services, supervisor, record.view.record)
    programme = ProgrammeDialog(demo_services, supervisor, row.id)
    referral = ReferralForm(demo_services, supervisor)
    person = YoungPersonRecordWindow(demo_services, supervisor, row.young_person_id)
    for window in (contact, programme, referral, person):
        qtbot.addWidget(window)
        window.show()
        assert clashing_mnemonics(window) == {}, type(window).__name__
