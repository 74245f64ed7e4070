"""A supervisor allocates several referrals at once from the dashboard and the Referrals
list, by keyboard; the Referrals page opens on open referrals due first, and its quick
filters narrow it in SQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app.domain.enums import Pathway
from diversion_app.domain.errors import ValidationError
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.referrals.dashboard_page import DashboardPage
from diversion_app.ui.referrals.referral_actions import AllocateDialog
from diversion_app.ui.referrals.referrals_page import ReferralsPage


def _supervisor_window(qtbot: QtBot, services: Services) -> MainWindow:
    actor = services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    window = MainWindow(services, actor, "demo.db")
    qtbot.addWidget(window)
    window.show()
    return window


def test_three_unallocated_referrals_are_allocated_at_once_by_keyboard(
    qtbot: QtBot, demo_services: Services
) -> None:
    window = _supervisor_window(qtbot, demo_services)
    dashboard = window.current_page()
    assert isinstance(dashboard, DashboardPage)
    before = dashboard.tiles["unallocated"].value
    assert before >= 3
    dashboard.tiles["unallocated"].setFocus()
    qtbot.keyClick(dashboard.tiles["unallocated"], Qt.Key.Key_Space)
    table = dashboard.list.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = [dashboard.model.row_at(i.row()).id for i in table.selectionModel().selectedRows()]
    assert len(chosen) == 3
    qtbot.mouseClick(dashboard.allocate_button, Qt.MouseButton.LeftButton)
    dialog = dashboard.allocate_dialog
    assert isinstance(dialog, AllocateDialog)
    assert dialog.windowTitle() == "Allocate 3 referrals"
    assert dialog.caseworker.currentData() is None  # no pre-selection
    loads = [
        int(dialog.caseworker.itemText(i).split("(")[1].split()[0])
        for i in range(1, dialog.caseworker.count())
    ]
    assert loads == sorted(loads)  # lightest caseload first
    assert "overdue)" in dialog.caseworker.itemText(1)
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)  # nobody chosen: refused
    assert dialog.isVisible() and dialog.message.text() == "Choose the caseworker to allocate to."
    dialog.caseworker.setCurrentIndex(1)
    lightest = dialog.caseworker.currentData()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dashboard.tiles["unallocated"].value == before - 3
    for referral_id in chosen:
        record = demo_services.referral_record.record(dashboard.actor, referral_id)
        assert record.caseworker is not None
    mine = demo_services.referral_list.count(
        dashboard.actor, "", ReferralFilter(caseworker_id=lightest)
    )
    assert mine >= 3


def test_allocating_several_is_all_or_none(demo_services: Services) -> None:
    actor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    waiting = demo_services.allocation.unallocated(actor, PageRequest(0, 2))
    worker = demo_services.allocation.caseworkers(actor)[0].id
    closed = demo_services.referral_list.page(
        actor, PageRequest(0, 1), ReferralFilter(missed_within_days=3650)
    )
    ids = [row.id for row in waiting]
    if closed and not closed[0].status.is_open:
        ids.append(closed[0].id)
    else:
        ids.append(999_999)
    with pytest.raises(ValidationError) as refused:
        demo_services.allocation.allocate_many(actor, ids, worker)
    assert refused.value.problems["referrals"].startswith("Nothing was allocated.")
    assert demo_services.allocation.count_unallocated(actor) >= len(waiting)
    for row in waiting:
        assert not demo_services.referral_record.record(actor, row.id).caseworker


def test_the_referrals_page_opens_on_open_referrals_due_first_and_filters_by_pathway(
    qtbot: QtBot, demo_services: Services
) -> None:
    window = _supervisor_window(qtbot, demo_services)
    page = window.show_page("Referrals")
    assert isinstance(page, ReferralsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    assert page.list.heading.text() == "Open referrals, due first"
    statuses = {page.model.row_at(r).status for r in range(page.model.rowCount())}
    assert all(status.is_open for status in statuses)
    actor = page.actor
    assert page.model.total == demo_services.referral_list.count(
        actor, "", ReferralFilter(open_only=True)
    )
    page.filters.pathway.setCurrentIndex(page.filters.pathway.findData(Pathway.PREVENTION.value))
    qtbot.waitUntil(
        lambda: (
            page.model.total
            == demo_services.referral_list.count(
                actor, "", ReferralFilter(open_only=True, pathway=Pathway.PREVENTION)
            )
        )
    )
    assert {page.model.row_at(r).pathway for r in range(page.model.rowCount())} == {
        Pathway.PREVENTION
    }
    assert page.list.heading.text() == "Open referrals, due first; prevention pathway"
