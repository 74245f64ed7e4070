"""QA: on the Reports page no Alt+letter answers to two controls (File menu, the Follow-ups
tab and its Record button all used Alt+F), and only casework roles are offered Record."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diversion_app.services.registry import Services
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.reports.reports_page import ReportsPage
from tests.ui.qa_mnemonics import clashing_mnemonics


def test_reports_page_mnemonics_are_unambiguous_for_every_case_role(
    qtbot: QtBot, demo_services: Services
) -> None:
    for username, password, records in (
        ("supervisor", "demo-supervisor-pass", True),
        ("caseworker", "demo-caseworker-pass", True),
        ("officer", "demo-officer-pass", False),
    ):
        actor = demo_services.accounts.sign_in(username, password)
        window = MainWindow(demo_services, actor, "demo.db")
        qtbot.addWidget(window)
        window.show()
        page = window.show_page(ReportsPage.title)
        assert isinstance(page, ReportsPage)
        for tab in range(page.tabs.count()):
            page.tabs.setCurrentIndex(tab)
            assert clashing_mnemonics(window) == {}, (username, tab)
        assert page.follow_ups.record_button.isVisible() is records, username
