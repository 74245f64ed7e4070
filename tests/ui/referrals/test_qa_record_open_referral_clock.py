"""QA: the young person's record lists each open referral with its 48-hour clock in words,
coloured as the most pressing clock (a referral is never listed without its clock)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
from diversion_app.ui.referrals.clock_style import CLOCK_COLOURS


def test_an_overdue_open_referral_shows_its_clock_on_the_record(
    qtbot: QtBot, demo_services: Services, everyone: Actor
) -> None:
    overdue = demo_services.referral_list.page(
        everyone, PageRequest(offset=0, limit=1), ReferralFilter(overdue_only=True)
    )
    assert overdue, "the demo data has overdue referrals"
    row = overdue[0]
    window = YoungPersonRecordWindow(demo_services, everyone, row.young_person_id)
    qtbot.addWidget(window)
    window.show()
    label = window.details["referrals"]
    assert f"(number {row.id}) — 48-hour clock: Overdue by" in label.text()
    assert CLOCK_COLOURS[row.clock.state][1] in label.styleSheet()
