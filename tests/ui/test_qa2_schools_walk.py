"""QA pass 2: the school-liaison workflow walked as a SPOC, supervisor and administrator."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diversion_app.services.registry import Services
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.views.schools_page import SchoolsPage

ROLES = (
    ("spoc.south", "demo-spoc-pass"),
    ("supervisor", "demo-supervisor-pass"),
    ("admin", "demo-admin-pass"),
)


def _schools_page(qtbot: QtBot, services: Services, username: str, password: str) -> SchoolsPage:
    actor = services.accounts.sign_in(username, password)
    window = MainWindow(services, actor, "demo.db")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    page = window.show_page(SchoolsPage.title)
    assert isinstance(page, SchoolsPage)
    return page


def test_the_school_lists_fit_the_page_at_1280_with_the_names_given_the_room(
    qtbot: QtBot, demo_services: Services
) -> None:
    for username, password in ROLES:
        page = _schools_page(qtbot, demo_services, username, password)
        qtbot.waitUntil(lambda p=page: p.model.rowCount() > 0)  # type: ignore[misc]
        tables = [page.list.table]
        if page.sees_cases:
            tables += [work.table for work in page.work_lists]
        for index, table in enumerate(tables):
            if index:
                page.tabs.setCurrentIndex(index - 1)
            qtbot.wait(10)
            assert not table.horizontalScrollBar().isVisible(), (username, index)
        schools = page.list.table
        last = schools.model().columnCount() - 1
        # the names have the spare room, not an empty last column
        assert schools.columnWidth(0) > schools.columnWidth(last), username
