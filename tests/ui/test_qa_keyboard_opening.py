"""QA: Enter opens a timeline entry's referral (it took a double-click only), and a
double-click on a referral's visit opens one visit window, not two."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.services.base.listing import PageRequest
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from diversion_app.ui.casework.referral_visits import ReferralVisitsTab
from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow


def test_enter_on_a_timeline_entry_opens_its_referral(
    qtbot: QtBot, demo_services: Services
) -> None:
    supervisor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    row = demo_services.referral_list.page(
        supervisor, PageRequest(offset=0, limit=1), ReferralFilter(overdue_only=True)
    )[0]
    window = YoungPersonRecordWindow(demo_services, supervisor, row.young_person_id)
    qtbot.addWidget(window)
    window.show()
    assert window.record is not None
    entry = next(i for i, e in enumerate(window.record.timeline) if e.referral_id == row.id)
    window.timeline.setCurrentCell(entry, 0)
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_Return)
    opened = window.dialog
    assert isinstance(opened, ReferralRecordWindow)
    qtbot.addWidget(opened)
    assert opened.view.referral_id == row.id


def test_a_double_click_on_a_visit_opens_one_window(qtbot: QtBot, demo_services: Services) -> None:
    supervisor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    row = demo_services.referral_list.page(
        supervisor, PageRequest(offset=0, limit=1), ReferralFilter(overdue_only=True)
    )[0]
    record = ReferralRecordWindow(demo_services, supervisor, row.id)
    qtbot.addWidget(record)
    record.show()
    tab = record.findChild(ReferralVisitsTab)
    assert tab is not None and tab.table.rowCount() > 0
    opened: list[int] = []
    tab.open_visit = opened.append  # type: ignore[method-assign]
    # what Qt does on a double-click (styles that activate on double-click): both signals
    tab.table.cellDoubleClicked.emit(0, 0)
    tab.table.cellActivated.emit(0, 0)
    assert opened == [0]
