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


def test_the_school_referral_form_has_one_control_per_alt_letter(
    qtbot: QtBot, demo_services: Services
) -> None:
    from diversion_app.domain.enums import SchoolAction
    from diversion_app.ui.dialogs.school_referral_form import SchoolReferralForm
    from tests.ui.qa_mnemonics import clashing_mnemonics

    spoc = demo_services.accounts.sign_in("spoc.south", "demo-spoc-pass")
    form = SchoolReferralForm(demo_services, spoc)
    qtbot.addWidget(form)
    form.show()
    for action in SchoolAction:
        form.action.action.set_value(action)
        assert clashing_mnemonics(form) == {}, action


def test_one_click_on_a_match_chooses_the_pupil(qtbot: QtBot, demo_services: Services) -> None:
    from PySide6.QtCore import Qt

    from diversion_app.ui.dialogs.school_referral_form import SchoolReferralForm

    spoc = demo_services.accounts.sign_in("spoc.south", "demo-spoc-pass")
    form = SchoolReferralForm(demo_services, spoc)
    qtbot.addWidget(form)
    form.show()
    picker = form.pupil
    qtbot.keyClicks(picker.search, "ma")
    picker.run_search()
    item = picker.matches.item(1)
    rect = picker.matches.visualItemRect(item)
    qtbot.mouseClick(picker.matches.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    person_id, name = item.data(Qt.ItemDataRole.UserRole)
    assert picker.chosen_id == person_id
    assert picker.chosen_label.text() == f"Pupil: {name}"
    # Enter on another match chooses that one
    picker.matches.setFocus()
    picker.matches.setCurrentRow(2)
    qtbot.keyClick(picker.matches, Qt.Key.Key_Return)
    assert picker.chosen_id == picker.matches.item(2).data(Qt.ItemDataRole.UserRole)[0]
