"""QA pass 2: the school-liaison workflow walked as a SPOC, supervisor and administrator."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from diversion_app.services.registry import Services
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.schools.schools_page import SchoolsPage

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
    from diversion_app.ui.schools.school_referral_form import SchoolReferralForm
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

    from diversion_app.ui.schools.school_referral_form import SchoolReferralForm

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


def _text_at_the_top(label: QLabel) -> bool:
    """The label is no taller than its text (a taller one centres the text vertically)."""
    return label.geometry().top() < 40 and label.height() <= label.heightForWidth(label.width()) + 4


def _a_south_school_referral(services: Services) -> int:
    from diversion_app.domain.enums import Area
    from diversion_app.services.base.listing import PageRequest
    from diversion_app.services.schools.lists import SchoolScope

    supervisor = services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    rows = services.school_lists.school_referrals(
        supervisor, SchoolScope(area=Area.SOUTH), "open", PageRequest(limit=1)
    )
    return rows[0].id


def test_a_school_referral_offers_close_only_to_those_who_may_record_it(
    qtbot: QtBot, demo_services: Services
) -> None:
    from diversion_app.ui.schools.school_referral_form import SchoolReferralDialog
    from diversion_app.ui.widgets.reason_dialogs import with_reason

    school_referral = _a_south_school_referral(demo_services)
    for username, password, offered in (
        ("officer", "demo-officer-pass", False),
        ("caseworker", "demo-caseworker-pass", False),
        ("spoc.east", "demo-spoc-pass", False),
        ("spoc.south", "demo-spoc-pass", True),
        ("supervisor", "demo-supervisor-pass", True),
    ):
        actor = demo_services.accounts.sign_in(username, password)
        # a pupil not on the reader's own list is opened with a reason, as the list does
        dialog = with_reason(
            None,
            demo_services,
            actor,
            lambda actor=actor: SchoolReferralDialog(demo_services, actor, school_referral),
        )
        assert dialog is not None
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.open_toggle.isVisible() is offered, username
        # the details sit at the top, not floating in the middle of the window
        assert _text_at_the_top(dialog.details), username


def test_a_spoc_is_offered_only_their_own_areas_schools(
    qtbot: QtBot, demo_services: Services
) -> None:
    from diversion_app.ui.schools.restorative_justice_form import RestorativeJusticeForm
    from diversion_app.ui.schools.school_referral_form import SchoolReferralForm

    spoc = demo_services.accounts.sign_in("spoc.east", "demo-spoc-pass")
    supervisor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    for form_class in (SchoolReferralForm, RestorativeJusticeForm):
        own = form_class(demo_services, spoc)
        qtbot.addWidget(own)
        names = [own.school.itemText(i) for i in range(1, own.school.count())]
        assert names and all("(East;" in name for name in names), form_class
        every = form_class(demo_services, supervisor)
        qtbot.addWidget(every)
        assert every.school.count() > own.school.count()


def test_a_restorative_justice_record_reads_from_the_top(
    qtbot: QtBot, demo_services: Services
) -> None:
    from datetime import timedelta

    from diversion_app.domain.enums import RjPart, RjType
    from diversion_app.domain.school_rules import RjParticipantDraft
    from diversion_app.services.base.listing import PageRequest
    from diversion_app.services.schools.work import RjDraft
    from diversion_app.ui.schools.restorative_justice_form import RestorativeJusticeDialog

    spoc = demo_services.accounts.sign_in("spoc.south", "demo-spoc-pass")
    school = next(
        c for c in demo_services.school_work.school_choices(spoc) if c.area.value == "south"
    )
    pupils = demo_services.young_people.search(spoc, PageRequest(limit=2))
    today = demo_services.ctx.now().date()
    record = demo_services.school_work.record_restorative_justice(
        spoc,
        RjDraft(
            school.id,
            today,
            RjType.CONFERENCE,
            (
                RjParticipantDraft(pupils[0].id, RjPart.HARMER),
                RjParticipantDraft(pupils[1].id, RjPart.HARMED),
            ),
            True,
            "Apology accepted.",
            today + timedelta(days=28),
        ),
    )
    dialog = RestorativeJusticeDialog(demo_services, spoc, record.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _text_at_the_top(dialog.details)


def test_the_school_editor_grows_to_show_its_problems_without_covering_fields(
    qtbot: QtBot, demo_services: Services
) -> None:
    from diversion_app.ui.schools.school_admin_dialogs import SchoolEditDialog

    supervisor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    editor = SchoolEditDialog(demo_services, supervisor)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.name, "Test School")
    qtbot.keyClicks(editor.email, "not-an-email")
    editor.save()
    qtbot.wait(10)
    assert editor.isVisible()
    key_staff_bottom = editor.key_staff.mapTo(editor, editor.key_staff.rect().bottomLeft()).y()
    save_top = editor.save_button.mapTo(editor, editor.save_button.rect().topLeft()).y()
    assert save_top > key_staff_bottom


def test_the_schools_and_spocs_lists_give_the_names_the_room(
    qtbot: QtBot, demo_services: Services
) -> None:
    from diversion_app.ui.schools.school_admin_dialogs import SchoolsAdminDialog, SpocsAdminDialog

    supervisor = demo_services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    for dialog_class in (SchoolsAdminDialog, SpocsAdminDialog):
        dialog = dialog_class(demo_services, supervisor)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(10)
        table = dialog.list.table
        last = table.model().columnCount() - 1
        assert not table.horizontalScrollBar().isVisible(), dialog_class
        assert table.columnWidth(0) > table.columnWidth(last), dialog_class
