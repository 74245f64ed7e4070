"""QA pass 2: the first QA pass's UI leftovers.

The Schools page's Alt+H clashed with the Help menu; the Reports caseload table stretched its
last column; the young-person pickers showed the first matches without saying more exist; a
reader of an unstarted assessment was shown as its Assessor.
"""

from __future__ import annotations

from collections import Counter

from pytestqt.qtbot import QtBot

from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.enums import Role
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services
from diversion_app.ui.casework.assessment_form import AssessmentDialog
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.people.pupil_picker import MATCHES_SHOWN, PupilPicker
from diversion_app.ui.referrals.referral_form import PICKER_ROWS, ReferralForm
from diversion_app.ui.reports.reports_page import ReportsPage
from diversion_app.ui.schools.schools_page import SchoolsPage
from diversion_app.ui.widgets.more_matches import more_matches_text
from tests.casework_helpers import add_user, make_case
from tests.ui.qa_mnemonics import clashing_mnemonics


def test_the_schools_page_has_no_alt_letter_clash_with_the_menus(
    qtbot: QtBot, demo_services: Services
) -> None:
    for username, password in (
        ("supervisor", "demo-supervisor-pass"),
        ("admin", "demo-admin-pass"),
        ("spoc.south", "demo-spoc-pass"),
    ):
        actor = demo_services.accounts.sign_in(username, password)
        window = MainWindow(demo_services, actor, "demo.db")
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        page = window.show_page(SchoolsPage.title)
        assert isinstance(page, SchoolsPage)
        for tab in range(page.tabs.count()):
            page.tabs.setCurrentIndex(tab)
            assert clashing_mnemonics(window) == {}, (username, tab)


def test_the_caseload_numbers_sit_under_their_headings(
    qtbot: QtBot, demo_services: Services
) -> None:
    actor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    window = MainWindow(demo_services, actor, "demo.db")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    page = window.show_page(ReportsPage.title)
    assert isinstance(page, ReportsPage)
    table = page.list.table
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    last = page.model.columnCount() - 1
    assert table.viewport().width() > 900
    # "Due soon" and a few digits need well under 200 px; stretched it took half the page
    assert table.columnWidth(last) < 200


def _common_search(services: Services, actor: Actor, more_than: int) -> tuple[str, int]:
    """A two-letter name start that more than `more_than` demo young people share."""
    rows = services.young_people.search(actor, PageRequest(limit=500))
    starts = Counter(row.name.split()[-1][:2] for row in rows)
    for text, _n in starts.most_common(5):
        total = services.young_people.count(actor, text)
        if total > more_than:
            return text, total
    raise AssertionError("no search text matches enough demo young people")


def test_the_referral_form_picker_says_when_more_young_people_match(
    qtbot: QtBot, demo_services: Services, everyone: Actor
) -> None:
    text, total = _common_search(demo_services, everyone, PICKER_ROWS)
    form = ReferralForm(demo_services, everyone)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.person_search, text)
    form.search_people()
    assert form.people.count() == PICKER_ROWS
    assert form.more_people.isVisible()
    assert form.more_people.text() == (
        f"Showing the first {PICKER_ROWS} of {total:,} — type more to narrow."
    )
    form.person_search.clear()
    form.search_people()
    assert not form.more_people.isVisible()


def test_the_pupil_picker_says_when_more_young_people_match(
    qtbot: QtBot, demo_services: Services, everyone: Actor
) -> None:
    text, total = _common_search(demo_services, everyone, MATCHES_SHOWN)
    picker = PupilPicker(demo_services, everyone)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.search, text)
    picker.run_search()
    assert picker.matches.count() == MATCHES_SHOWN
    assert picker.more_matches.isVisible()
    assert f"of {total:,} — type more to narrow" in picker.more_matches.text()


def test_more_matches_text_is_silent_when_everything_is_listed() -> None:
    assert more_matches_text(20, 20) == ""
    assert more_matches_text(5, 3) == ""
    assert more_matches_text(20, 1432) == "Showing the first 20 of 1,432 — type more to narrow."


def test_a_reader_of_an_unstarted_assessment_is_not_named_its_assessor(
    qtbot: QtBot, ctx: ServiceContext, services: Services
) -> None:
    case = make_case(ctx)
    # another caseworker, covering (officers no longer read assessments: need to know)
    reader = add_user(ctx, "cw.three", "Caseworker Three", Role.CASEWORKER)
    services.access.justify(reader, case.young_person_id, AccessReason.COVERING)
    dialog = AssessmentDialog(services, reader, case.referral_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Caseworker Three" not in dialog.assessor.text()
    assert dialog.assessor.text().startswith("Not started yet")
    assert case.caseworker.display_name in dialog.assessor.text()
    # the allocated caseworker starting it is its assessor
    own = AssessmentDialog(services, case.caseworker, case.referral_id)
    qtbot.addWidget(own)
    own.show()
    assert own.assessor.text() == case.caseworker.display_name


def test_the_audit_trail_details_read_as_words(qtbot: QtBot, demo_services: Services) -> None:
    from diversion_app.ui.accounts.audit_page import AuditPage

    actor = demo_services.accounts.sign_in("admin", "demo-admin-pass")
    window = MainWindow(demo_services, actor, "demo.db")
    qtbot.addWidget(window)
    window.show()
    page = window.show_page(AuditPage.title)
    assert isinstance(page, AuditPage)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 2)
    details = page.model.columnCount() - 1
    shown = {page.model.index(row, details).data() for row in range(page.model.rowCount())}
    assert "Signed in with a password" in shown
    assert any(text.startswith("Young people created: ") for text in shown)
    assert not any("how:" in text or "young_people" in text for text in shown)


def test_the_audit_trail_names_records_in_words(qtbot: QtBot, demo_services: Services) -> None:
    from diversion_app.domain.audit_wording import record_words
    from diversion_app.ui.accounts.audit_page import AuditPage

    assert record_words("school_referral", 87) == "School referral 87"
    assert record_words("community_resolution", 3) == "Community Resolution 3"
    actor = demo_services.accounts.sign_in("admin", "demo-admin-pass")
    window = MainWindow(demo_services, actor, "demo.db")
    qtbot.addWidget(window)
    window.show()
    page = window.show_page(AuditPage.title)
    assert isinstance(page, AuditPage)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 2)
    shown = {page.model.index(row, 3).data() for row in range(page.model.rowCount())}
    assert "Demo data" in shown
    assert f"User {actor.user_id}" in shown
    assert not any("_" in text for text in shown)


def test_enter_on_an_account_opens_its_roles(qtbot: QtBot, demo_services: Services) -> None:
    from PySide6.QtCore import Qt

    from diversion_app.ui.accounts.account_dialogs import RolesDialog
    from diversion_app.ui.accounts.admin_page import AdminPage

    actor = demo_services.accounts.sign_in("admin", "demo-admin-pass")
    window = MainWindow(demo_services, actor, "demo.db")
    qtbot.addWidget(window)
    window.show()
    page = window.show_page(AdminPage.title)
    assert isinstance(page, AdminPage)
    page.refresh()
    page.select_username("officer")
    page.users.table.setFocus()
    qtbot.keyClick(page.users.table, Qt.Key.Key_Return)
    assert isinstance(page.open_dialog, RolesDialog)
    assert page.open_dialog.isVisible()
    assert "officer" in page.open_dialog.windowTitle()
    page.open_dialog.reject()
