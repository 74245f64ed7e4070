"""The Schools page driven as a SPOC and as a supervisor would: forms, lists, administration."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from diversion_app.app import configure_qt_application
from diversion_app.domain.enums import (
    Area,
    ReferralStatus,
    RjPart,
    RjType,
    SchoolAction,
    SchoolConcernType,
)
from diversion_app.services.base.actor import Actor
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from diversion_app.services.schools.lists import SchoolScope
from diversion_app.ui.main_window import MainWindow
from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
from diversion_app.ui.referrals.referrals_page import ReferralsPage
from diversion_app.ui.schools.restorative_justice_form import RestorativeJusticeForm
from diversion_app.ui.schools.school_admin_dialogs import SchoolEditDialog, SchoolsAdminDialog
from diversion_app.ui.schools.school_referral_form import SchoolReferralForm
from diversion_app.ui.schools.schools_page import SchoolsPage
from tests.integration.school_fixtures import ADMIN, SchoolWorld, pupil, school_world


@pytest.fixture
def world(services: Services) -> SchoolWorld:
    return school_world(services)


def _window(qtbot: QtBot, services: Services, actor: Actor) -> Iterator[MainWindow]:
    configure_qt_application()
    main = MainWindow(services, actor, "/tmp/test.db")
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close()


@pytest.fixture
def spoc_window(qtbot: QtBot, services: Services, world: SchoolWorld) -> Iterator[MainWindow]:
    yield from _window(qtbot, services, world.south_spoc)


def _schools_page(window: MainWindow) -> SchoolsPage:
    page = window.show_page("Schools")
    assert isinstance(page, SchoolsPage)
    return page


def _click(qtbot: QtBot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _choose_school(qtbot: QtBot, combo, name: str) -> None:  # type: ignore[no-untyped-def]
    combo.setFocus()
    qtbot.keyClicks(combo, name)
    assert combo.currentText().startswith(name)


def _pick_pupil(qtbot: QtBot, picker, text: str) -> None:  # type: ignore[no-untyped-def]
    picker.search.clear()
    qtbot.keyClicks(picker.search, text)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    matches: QListWidget = picker.matches
    assert matches.count() >= 1
    item = matches.item(0)
    rect = matches.visualItemRect(item)
    qtbot.mouseClick(matches.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(matches, Qt.Key.Key_Return)
    assert picker.chosen_id is not None


def test_a_spoc_sees_their_own_area_first(spoc_window: MainWindow) -> None:
    page = _schools_page(spoc_window)
    assert page.area is Area.SOUTH
    assert page.tiles[0].area is Area.SOUTH and page.tiles[0].isChecked()
    assert page.tiles[0].text().startswith("South (your area)")
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == [
        "Hillside Academy"
    ]
    assert not page.schools_admin.isVisible()


def test_a_spoc_records_a_concern_for_a_new_pupil_and_refers_them_to_prevention(
    spoc_window: MainWindow, qtbot: QtBot, services: Services, world: SchoolWorld
) -> None:
    page = _schools_page(spoc_window)
    _click(qtbot, page.new_referral)
    form = page.dialog
    assert isinstance(form, SchoolReferralForm)
    _choose_school(qtbot, form.school, "Hillside")
    qtbot.keyClicks(form.pupil.search, "Ava Newpupil")
    _click(qtbot, form.pupil.add_button)
    adding = form.pupil.last_add_dialog
    assert adding is not None
    assert adding.given_name.text() == "Ava" and adding.family_name.text() == "Newpupil"
    assert adding.school.currentData() == world.south_school
    assert adding.area.currentText() == "South"
    qtbot.keyClicks(adding.date_of_birth, "01/03/2014")
    adding.gender.setCurrentIndex(adding.gender.findText("Female"))
    qtbot.keyClicks(adding.address_line1, "2 Example Lane")
    qtbot.keyClicks(adding.postcode, "EX2 2BB")
    _click(qtbot, adding.save_button)
    assert not adding.isVisible()
    assert form.pupil.chosen_id is not None
    assert form.pupil.chosen_label.text() == "Pupil: Ava Newpupil"
    qtbot.keyClicks(form.raised_by, "Head of Year 8")
    form.concern_type.setFocus()
    qtbot.keyClicks(form.concern_type, "Exploitation")
    assert form.concern_type.value() is SchoolConcernType.EXPLOITATION
    qtbot.keyClicks(form.description, "Seen getting into cars with older youths.")
    form.action.action.set_value(SchoolAction.REFER_PREVENTION)
    assert form.action.referral_box.isVisibleTo(form)
    _click(qtbot, form.action.consent_parent)
    _click(qtbot, form.save_button)
    assert form.saved is not None, form.problems.summary.text()
    assert not form.isVisible()
    message = page.last_message
    assert isinstance(message, QMessageBox)
    assert (
        f"Referral {form.saved.referral_id} to the prevention pathway made (unallocated); "
        "the 48-hour contact clock is due 30/11/2026 14:30." in message.text()
    )
    message.close()
    # the Schools page counts it, and it appears on the Referrals page unallocated
    assert page.tabs.tabText(3) == "Referred to the YOS (1)"
    assert page.tiles[0].text().splitlines()[1] == "1 open school referrals"
    referrals = spoc_window.show_page("Referrals")
    assert isinstance(referrals, ReferralsPage)
    rows = {
        referrals.model.index(r, 0).data(): [
            referrals.model.index(r, c).data() for c in range(referrals.model.columnCount())
        ]
        for r in range(referrals.model.rowCount())
    }
    row = rows["Ava Newpupil"]
    assert row[1:3] == ["Prevention", "Received"]
    assert row[4] == "On track: 48 h 00 m left"
    assert row[5] == "30/11/2026 14:30"
    assert row[6] == "Unallocated"
    assert row[7] == "School Liaison SPOC"
    unallocated = services.referral_list.page(
        world.south_spoc, _request(), ReferralFilter(unallocated_only=True)
    )
    assert [r.status for r in unallocated] == [ReferralStatus.RECEIVED]


def _request():  # type: ignore[no-untyped-def]
    from diversion_app.services.base.listing import PageRequest

    return PageRequest()


def test_a_pupil_outside_8_to_17_referred_to_prevention_is_refused_in_the_form(
    spoc_window: MainWindow, qtbot: QtBot, services: Services, world: SchoolWorld
) -> None:
    pupil(services, world.south_spoc, world.south_school, "Tiny", date(2019, 6, 1), "Youngster")
    page = _schools_page(spoc_window)
    _click(qtbot, page.new_referral)
    form = page.dialog
    assert isinstance(form, SchoolReferralForm)
    _choose_school(qtbot, form.school, "Hillside")
    _pick_pupil(qtbot, form.pupil, "Tiny Youngster")
    qtbot.keyClicks(form.raised_by, "Class teacher")
    form.concern_type.set_value(SchoolConcernType.BEHAVIOUR)
    qtbot.keyClicks(form.description, "Hitting other children.")
    form.action.action.set_value(SchoolAction.REFER_PREVENTION)
    _click(qtbot, form.save_button)
    sentence = (
        "The young person was 7 on the day received; the prevention pathway is for ages 8 to 17."
    )
    assert form.isVisible() and form.saved is None
    assert form.problems.summary.text() == "Nothing was saved. Fix the problem below."
    assert form.action.pathway_error.text() == sentence  # said once, under its field
    assert form.raised_by.text() == "Class teacher"
    scope = SchoolScope()
    assert services.school_lists.count_school_referrals(world.south_spoc, scope, "open") == 0


def _rj_form(page: SchoolsPage, qtbot: QtBot) -> RestorativeJusticeForm:
    _click(qtbot, page.new_rj)
    form = page.dialog
    assert isinstance(form, RestorativeJusticeForm)
    _choose_school(qtbot, form.school, "Hillside")
    form.rj_type.set_value(RjType.CONFERENCE)
    return form


def _add(qtbot: QtBot, form: RestorativeJusticeForm, name: str, part: RjPart) -> None:
    _pick_pupil(qtbot, form.pupil, name)
    form.part.set_value(part)
    _click(qtbot, form.add_participant)


def test_a_restorative_justice_conference_shows_on_both_pupils_timelines(
    spoc_window: MainWindow, qtbot: QtBot, services: Services, world: SchoolWorld
) -> None:
    ben = pupil(services, world.south_spoc, world.south_school, "Ben", date(2012, 5, 5), "Harmer")
    cal = pupil(services, world.south_spoc, world.south_school, "Cal", date(2012, 6, 6), "Harmed")
    page = _schools_page(spoc_window)
    form = _rj_form(page, qtbot)
    _add(qtbot, form, "Ben Harmer", RjPart.HARMER)
    _add(qtbot, form, "Cal Harmed", RjPart.HARMED)
    assert [form.participants.item(i).text() for i in range(form.participants.count())] == [
        "Ben Harmer — harmer",
        "Cal Harmed — harmed",
    ]
    _click(qtbot, form.agreement)
    qtbot.keyClicks(form.outcome, "Apology given and accepted.")
    _click(qtbot, form.save_button)
    assert form.saved is not None, form.problems.summary.text()
    for person, part in ((ben, "harmer"), (cal, "harmed")):
        record = YoungPersonRecordWindow(services, world.south_spoc, person)
        qtbot.addWidget(record)
        table = record.timeline
        rows = [
            [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ]
        assert ["Restorative justice", f"Conference in Hillside Academy ({part})"] in [
            row[1:3] for row in rows
        ]
        entries = services.school_lists.pupil_school_work(world.south_spoc, person)
        assert [(e.kind, e.id) for e in entries] == [("restorative_justice", form.saved.id)]
    assert page.tabs.tabText(1) == "Restorative justice this term (1)"
    term = page.work_lists[1]
    assert term.model.index(0, 3).data() == "Ben Harmer (harmer), Cal Harmed (harmed)"
    term.table.setCurrentIndex(term.model.index(0, 0))
    qtbot.keyClick(term.table, Qt.Key.Key_Return)
    opened = page.dialog
    assert opened is not None and "Ben Harmer: harmer" in opened.details.text()  # type: ignore[attr-defined]


def test_the_same_pupil_as_harmer_and_harmed_is_refused_in_the_form(
    spoc_window: MainWindow, qtbot: QtBot, services: Services, world: SchoolWorld
) -> None:
    pupil(services, world.south_spoc, world.south_school, "Ben", date(2012, 5, 5), "Twice")
    page = _schools_page(spoc_window)
    form = _rj_form(page, qtbot)
    _add(qtbot, form, "Ben Twice", RjPart.HARMER)
    _add(qtbot, form, "Ben Twice", RjPart.HARMED)
    _click(qtbot, form.save_button)
    assert form.isVisible() and form.saved is None
    assert form.problems.summary.text() == "Nothing was saved. Fix the problem below."
    assert "Ben Twice is listed as both harmer and harmed" in "".join(
        label.text() for label in form.problems.labels.values()
    )
    summary = services.school_lists.summary(world.south_spoc, SchoolScope())
    assert summary.restorative_justice_this_year == 0


@pytest.fixture
def supervisor_window(
    qtbot: QtBot, services: Services, world: SchoolWorld, supervisor: Actor
) -> Iterator[MainWindow]:
    yield from _window(qtbot, services, supervisor)


def _select_row(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex) -> None:
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def test_reassigning_a_school_to_another_area_changes_its_spoc(
    supervisor_window: MainWindow, qtbot: QtBot
) -> None:
    page = _schools_page(supervisor_window)
    spocs = {page.model.index(r, 0).data(): page.model.index(r, 3).data() for r in range(2)}
    assert spocs == {"Hillside Academy": "PCSO South", "Riverside Primary": "PCSO East"}
    _click(qtbot, page.schools_admin)
    admin = page.dialog
    assert isinstance(admin, SchoolsAdminDialog)
    names = [admin.model.index(r, 0).data() for r in range(admin.model.rowCount())]
    _select_row(qtbot, admin.list.table, admin.model.index(names.index("Hillside Academy"), 0))
    _click(qtbot, admin.edit_button)
    editor = admin.editor
    assert isinstance(editor, SchoolEditDialog)
    assert editor.spoc.text() == "PCSO South"
    editor.area.setFocus()
    qtbot.keyClicks(editor.area, "East")
    assert editor.spoc.text() == "PCSO East"
    _click(qtbot, editor.save_button)
    assert admin.status.text() == "Saved Hillside Academy: East area, SPOC PCSO East."
    admin.reject()
    spocs = {page.model.index(r, 0).data(): page.model.index(r, 3).data() for r in range(2)}
    assert spocs == {"Hillside Academy": "PCSO East", "Riverside Primary": "PCSO East"}


def test_a_school_without_an_area_is_refused_in_the_form(
    supervisor_window: MainWindow, qtbot: QtBot, services: Services
) -> None:
    page = _schools_page(supervisor_window)
    _click(qtbot, page.schools_admin)
    admin = page.dialog
    assert isinstance(admin, SchoolsAdminDialog)
    _click(qtbot, admin.new_button)
    editor = admin.editor
    assert isinstance(editor, SchoolEditDialog)
    qtbot.keyClicks(editor.name, "Oak Lane Primary")
    editor.school_type.setFocus()
    qtbot.keyClicks(editor.school_type, "Primary")
    _click(qtbot, editor.save_button)
    sentence = "Choose the school's area (South, East or West); the area decides its SPOC."
    assert editor.isVisible() and editor.saved is None
    assert editor.problems.labels["area"].text() == sentence
    assert editor.name.text() == "Oak Lane Primary"
    assert len(services.school_admin.all_schools(ADMIN)) == 2


def test_an_administrator_reaches_school_and_spoc_administration_but_no_pupils(
    qtbot: QtBot, services: Services, world: SchoolWorld
) -> None:
    window = next(_window(qtbot, services, ADMIN))
    page = _schools_page(window)
    assert page.schools_admin.isVisible() and page.spocs_admin.isVisible()
    assert not page.new_referral.isVisible()
    assert page.model.rowCount() == 2
    assert not page.tabs.isVisibleTo(page)


def test_opening_a_school_referral_records_the_action_later_and_closes_it(
    spoc_window: MainWindow, qtbot: QtBot, services: Services, world: SchoolWorld
) -> None:
    from diversion_app.services.schools.work import SchoolReferralDraft
    from diversion_app.ui.schools.school_referral_form import SchoolReferralDialog

    person = pupil(services, world.south_spoc, world.south_school, "Dan", date(2012, 1, 9))
    services.school_work.record_school_referral(
        world.south_spoc,
        SchoolReferralDraft(
            world.south_school,
            person,
            date(2026, 11, 20),
            "Head of Year 9",
            SchoolConcernType.WEAPONS,
            "Brought a knife to school.",
        ),
    )
    page = _schools_page(spoc_window)
    page.refresh()  # a SPOC starts on Schools: the page was read before this referral
    open_list = page.work_lists[0]
    assert open_list.model.index(0, 4).data() == "Not decided yet"
    open_list.table.setCurrentIndex(open_list.model.index(0, 0))
    qtbot.keyClick(open_list.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, SchoolReferralDialog)
    assert "Brought a knife to school." in dialog.details.text()
    _click(qtbot, dialog.record_action)
    assert dialog.problems.summary.text().startswith("Nothing was saved. Fix the problem")
    assert "Choose the action taken." in "".join(
        label.text() for label in [dialog.problems.summary, *dialog.problems.labels.values()]
    )
    dialog.action.action.set_value(SchoolAction.REFER_DIVERSION)
    _click(qtbot, dialog.record_action)
    assert dialog.record.referral_id is not None, dialog.problems.summary.text()
    assert "Diversion pathway, received" in dialog.details.text()
    assert dialog.open_referral.isVisible() and not dialog.record_action.isVisible()
    _click(qtbot, dialog.open_referral)
    shown = dialog.referral_window
    assert isinstance(shown, ReferralRecordWindow)
    assert shown.view.heading.text() == "Dan Pupil: diversion referral"
    assert shown.view.summary.text().startswith("Status: Received. Caseworker: not yet allocated.")
    back = [
        button
        for button in shown.view.findChildren(QPushButton)
        if button.accessibleName() == "Open the school referral this came from"
    ]
    assert len(back) == 1
    _click(qtbot, back[0])
    assert isinstance(shown.view.open_dialog, SchoolReferralDialog)
    assert shown.view.open_dialog.record.id == dialog.record.id
    shown.view.open_dialog.reject()
    shown.close()
    _click(qtbot, dialog.open_toggle)
    assert "This school referral is closed." in dialog.details.text()
    dialog.reject()
    assert page.tabs.tabText(0) == "Open school referrals (0)"
    assert page.tabs.tabText(3) == "Referred to the YOS (1)"


def test_adding_a_spoc_in_the_dialog_hands_the_area_over(
    supervisor_window: MainWindow, qtbot: QtBot, services: Services
) -> None:
    from diversion_app.domain.enums import Role
    from diversion_app.ui.schools.school_admin_dialogs import SpocsAdminDialog
    from tests.integration.school_fixtures import add_user

    add_user(services.ctx, "spoc.n", "PCSO Newcomer", Role.SPOC)
    page = _schools_page(supervisor_window)
    _click(qtbot, page.spocs_admin)
    dialog = page.dialog
    assert isinstance(dialog, SpocsAdminDialog)
    _click(qtbot, dialog.add_button)
    assert dialog.problems.summary.text() == (
        "Nothing was saved. Fix the 2 problems below.\n"
        "Choose the PCSO who will be the SPOC.\n"
        "Choose the area the SPOC covers (South, East or West)."
    )
    dialog.candidate.setCurrentIndex(1)
    dialog.new_area.set_value(Area.SOUTH)
    _click(qtbot, dialog.add_button)
    assert dialog.status.text() == (
        "PCSO Newcomer is the SPOC for the South area; 1 school now with them. "
        "PCSO South handed the area over and was stood down."
    )
    dialog.reject()
    spocs = {page.model.index(r, 0).data(): page.model.index(r, 3).data() for r in range(2)}
    assert spocs["Hillside Academy"] == "PCSO Newcomer"


def test_adding_a_pupil_already_on_record_offers_the_existing_record(
    spoc_window: MainWindow, qtbot: QtBot, services: Services, world: SchoolWorld
) -> None:
    existing = pupil(services, world.south_spoc, world.south_school, "Eve", date(2013, 4, 4))
    page = _schools_page(spoc_window)
    _click(qtbot, page.new_referral)
    form = page.dialog
    assert isinstance(form, SchoolReferralForm)
    _choose_school(qtbot, form.school, "Hillside")
    qtbot.keyClicks(form.pupil.search, "Eve Pupil")
    _click(qtbot, form.pupil.add_button)
    adding = form.pupil.last_add_dialog
    assert adding is not None
    qtbot.keyClicks(adding.date_of_birth, "04/04/2013")
    adding.gender.setCurrentIndex(adding.gender.findText("Female"))
    qtbot.keyClicks(adding.address_line1, "3 Example Road")
    qtbot.keyClicks(adding.postcode, "EX1 1AA")
    _click(qtbot, adding.save_button)
    assert adding.matches_box.isVisible()
    assert adding.match_list.count() >= 1
    _click(qtbot, adding.open_match_button)
    assert form.pupil.chosen_id == existing
    assert form.pupil.chosen_label.text() == "Pupil: Eve Pupil"
    assert services.young_people.count(world.south_spoc, "Eve Pupil") == 1
