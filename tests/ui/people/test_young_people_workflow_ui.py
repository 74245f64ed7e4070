"""An officer drives the Young people screens: search, add, siblings, CRs and the referral."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from diversion_app.domain.enums import OffenceCategory, Pathway, ReferralReason, Role, VictimType
from diversion_app.persistence.models import CommunityResolution, YoungPerson
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.ui.people.community_resolution_dialog import CommunityResolutionDialog
from diversion_app.ui.people.cr_correction_dialog import CorrectCrDialog
from diversion_app.ui.people.young_people_page import YoungPeoplePage
from diversion_app.ui.people.young_person_dialog import YoungPersonDialog
from diversion_app.ui.referrals.referral_actions import ReasonDialog
from tests.integration.people.test_young_people_workflow import MIA

OFFICER = Actor(
    user_id=None, username="pc.ui", display_name="PC Interface", roles=frozenset({Role.OFFICER})
)


@pytest.fixture
def page(qtbot: QtBot, services: Services) -> YoungPeoplePage:
    widget = YoungPeoplePage(services, OFFICER)
    qtbot.addWidget(widget)
    widget.show()
    widget.activate()
    return widget


def fill_person(qtbot: QtBot, dialog: YoungPersonDialog, **values: str) -> None:
    for field, text in values.items():
        edit = getattr(dialog, field)
        if isinstance(edit, QComboBox):  # choose by the words shown, as a person would
            edit.setCurrentIndex(edit.findText(text))
            continue
        edit.clear()
        type_text(qtbot, edit, text)


def type_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Type ASCII key by key; other scripts arrive as an input method would deliver them."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)


def add_person(qtbot: QtBot, page: YoungPeoplePage, **values: str) -> YoungPersonDialog:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.add_dialog
    assert dialog is not None
    fill_person(qtbot, dialog, **values)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


MIA_FORM = {
    "given_name": "Mia",
    "family_name": "Okafor",
    "date_of_birth": "05/03/2011",
    "gender": "Female",
    "address_line1": "12 Example Street",
    "postcode": "DM5 3AB",
}


def close_windows(page: YoungPeoplePage) -> None:
    for window in list(page.records.values()):
        window.close()


def test_search_by_part_of_a_name_and_a_uk_date_of_birth(
    qtbot: QtBot, page: YoungPeoplePage, services: Services
) -> None:
    editor = services.young_person_editor
    editor.create(OFFICER, MIA)
    editor.create(
        OFFICER,
        replace(
            MIA,
            given_name="Zoë",
            family_name="Núñez",
            date_of_birth="14/07/2012",
            address_line1="3 Lane",
            postcode="DM1 1AA",
        ),
    )
    page.refresh()
    search = page.list.search
    assert search is not None
    qtbot.keyClicks(search, "nune")
    qtbot.waitUntil(lambda: page.model.filter_text == "nune", timeout=2000)
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == ["Zoë Núñez"]
    search.clear()
    qtbot.keyClicks(search, "05/03/2011")
    qtbot.waitUntil(lambda: page.model.filter_text == "05/03/2011", timeout=2000)
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == ["Mia Okafor"]
    page.list.table.setFocus()
    page.list.table.selectRow(0)
    qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
    assert len(page.records) == 1
    window = next(iter(page.records.values()))
    assert window.heading.text().startswith("Mia Okafor")
    close_windows(page)


def test_adding_a_child_shows_the_existing_match(
    qtbot: QtBot, page: YoungPeoplePage, services: Services
) -> None:
    existing = services.young_person_editor.create(OFFICER, MIA)
    dialog = add_person(qtbot, page, **{**MIA_FORM, "given_name": "mia", "postcode": "dm53ab"})
    assert dialog.matches_box.isVisible()
    assert dialog.match_list.count() == 1
    assert "Same name and date of birth" in dialog.match_list.item(0).text()
    assert not dialog.sibling_button.isEnabled()
    qtbot.mouseClick(dialog.open_match_button, Qt.MouseButton.LeftButton)
    assert list(page.records) == [existing.id]
    assert services.young_people.count(OFFICER) == 1
    close_windows(page)


def test_adding_a_sibling_puts_both_in_one_household(
    qtbot: QtBot, page: YoungPeoplePage, services: Services
) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    dialog = add_person(
        qtbot, page, **{**MIA_FORM, "given_name": "Tomás", "date_of_birth": "14/07/2013"}
    )
    assert "Same surname and address" in dialog.match_list.item(0).text()
    assert dialog.sibling_button.isEnabled()
    qtbot.mouseClick(dialog.sibling_button, Qt.MouseButton.LeftButton)
    assert services.young_people.count(OFFICER) == 2
    window = page.open_record(mia.id)
    assert [
        window.siblings.item(i).text().split(",")[0] for i in range(window.siblings.count())
    ] == ["Tomás Okafor"]
    close_windows(page)


@pytest.mark.parametrize("name", ["<b>Zoë</b>", "O'Brien", "Siobhán Ní Bhriain", "محمد", "王小明"])
def test_names_are_kept_exactly_as_typed(
    qtbot: QtBot, page: YoungPeoplePage, services: Services, name: str
) -> None:
    add_person(qtbot, page, **{**MIA_FORM, "given_name": name, "family_name": name})
    with services.ctx.read_only() as session:
        person = session.query(YoungPerson).one()
        assert (person.given_name, person.family_name) == (name, name)
    window = next(iter(page.records.values()))
    assert window.heading.text().startswith(f"{name} {name}")
    assert window.heading.textFormat() == Qt.TextFormat.PlainText
    close_windows(page)


def test_the_gender_is_never_chosen_for_the_person(
    qtbot: QtBot, page: YoungPeoplePage, services: Services
) -> None:
    without = {key: value for key, value in MIA_FORM.items() if key != "gender"}
    dialog = add_person(qtbot, page, **without)
    assert dialog.isVisible()
    assert dialog.gender.currentText() == "Choose..."
    assert dialog.form.problem_text("gender") == (
        "Choose the young person's gender ('Not known' if it is not known)."
    )
    assert services.young_people.count(OFFICER) == 0
    fill_person(qtbot, dialog, gender="Not known")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert services.young_people.count(OFFICER) == 1
    close_windows(page)


def test_bad_input_is_explained_and_kept(
    qtbot: QtBot, page: YoungPeoplePage, services: Services
) -> None:
    dialog = add_person(
        qtbot, page, **{**MIA_FORM, "given_name": "", "date_of_birth": "31/02/2012"}
    )
    assert dialog.isVisible()
    assert dialog.form.problem_text("given_name") == "Enter the first name."
    assert "not a real date" in dialog.form.problem_text("date_of_birth")
    assert dialog.date_of_birth.text() == "31/02/2012"
    assert dialog.family_name.text() == "Okafor"
    assert services.young_people.count(OFFICER) == 0
    dialog.reject()


def fill_cr(qtbot: QtBot, dialog: CommunityResolutionDialog, reference: str, offence: str) -> None:
    dialog.crime_reference.clear()
    qtbot.keyClicks(dialog.crime_reference, reference)
    dialog.offence_date.clear()
    qtbot.keyClicks(dialog.offence_date, offence)
    dialog.offence_category.setCurrentIndex(dialog.offence_category.findData(OffenceCategory.THEFT))
    dialog.offence_description.setPlainText("Took sweets from a shop.")
    qtbot.keyClicks(dialog.collar_number, "4521")
    dialog.accepted_responsibility.setChecked(True)
    dialog.appropriate_adult_present.setChecked(True)
    dialog.victim_type.setCurrentIndex(dialog.victim_type.findData(VictimType.BUSINESS))
    next(iter(dialog.action_boxes.values())).setChecked(True)
    qtbot.keyClicks(dialog.authorised_by, "Sgt Example")


def test_a_cr_shows_on_the_timeline_and_a_second_offers_the_referral(
    qtbot: QtBot, page: YoungPeoplePage, services: Services
) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    window = page.open_record(mia.id)
    qtbot.mouseClick(window.cr_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert isinstance(dialog, CommunityResolutionDialog)
    fill_cr(qtbot, dialog, "CR/26/001234", "01/11/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_label.isVisible() and not dialog.offer_referral_button.isVisible()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert window.timeline_rows()[0] == (
        "01/11/2026",
        "Community Resolution",
        "Theft (CR/26/001234)",
    )

    qtbot.mouseClick(window.cr_button, Qt.MouseButton.LeftButton)
    second = window.dialog
    assert isinstance(second, CommunityResolutionDialog)
    fill_cr(qtbot, second, "CR/26/001234", "20/11/2026")
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    assert "already recorded" in second.form.problem_text("crime_reference")
    assert second.offence_date.text() == "20/11/2026"
    second.crime_reference.clear()
    qtbot.keyClicks(second.crime_reference, "CR/26/005555")
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    assert second.notice_label.isVisible()
    assert "1 earlier Community Resolution (offence dates 01/11/2026)" in second.notice_label.text()
    qtbot.mouseClick(second.offer_referral_button, Qt.MouseButton.LeftButton)
    referral = second.referral_dialog
    assert referral is not None and referral.isVisible()
    assert referral.selected_person() == mia.id
    assert referral.referrer_name.text() == "PC Interface (4521)"
    assert "CR/26/005555" in referral.community_resolution.currentText()
    assert "Theft on 20/11/2026" in referral.offence_details.toPlainText()
    assert referral.offence_date.text() == "20/11/2026"
    assert referral.pathway.currentData() == Pathway.DIVERSION
    assert referral.reason_boxes[ReferralReason.OFFENCE].isChecked()
    with qtbot.waitSignal(referral.referral_made, timeout=2000):
        qtbot.mouseClick(referral.save_button, Qt.MouseButton.LeftButton)
    kinds = [row[1] for row in window.timeline_rows()]
    assert kinds.count("Community Resolution") == 2 and "Referral" in kinds
    close_windows(page)


def test_a_cr_is_corrected_then_withdrawn_from_the_timeline(
    qtbot: QtBot, page: YoungPeoplePage, services: Services
) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    window = page.open_record(mia.id)
    qtbot.mouseClick(window.cr_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert isinstance(dialog, CommunityResolutionDialog)
    fill_cr(qtbot, dialog, "CR/26/001234", "01/11/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not window.correct_cr_button.isEnabled()
    window.timeline.selectRow(0)
    assert window.correct_cr_button.isEnabled() and window.withdraw_cr_button.isEnabled()
    qtbot.mouseClick(window.correct_cr_button, Qt.MouseButton.LeftButton)
    correct = window.dialog
    assert isinstance(correct, CorrectCrDialog)
    assert correct.offence_date.text() == "01/11/2026"
    correct.offence_date.clear()
    qtbot.keyClicks(correct.offence_date, "02/11/2026")
    qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    assert correct.isVisible()  # no reason given yet
    assert "Say why" in correct.form.problem_text("reason")
    qtbot.keyClicks(correct.reason, "The offence was the next day")
    qtbot.mouseClick(correct.save_button, Qt.MouseButton.LeftButton)
    assert not correct.isVisible()
    assert window.timeline_rows()[0][0] == "02/11/2026"
    window.timeline.selectRow(0)
    qtbot.mouseClick(window.withdraw_cr_button, Qt.MouseButton.LeftButton)
    withdraw = window.dialog
    assert isinstance(withdraw, ReasonDialog)
    qtbot.keyClicks(withdraw.reason, "Recorded against the wrong child")
    qtbot.mouseClick(withdraw.save_button, Qt.MouseButton.LeftButton)
    assert not withdraw.isVisible()
    assert window.record is not None and window.record.community_resolutions == 0
    window.timeline.selectRow(0)
    assert not window.withdraw_cr_button.isEnabled()
    close_windows(page)


@pytest.mark.parametrize(
    ("reference", "offence", "field", "words"),
    [
        ("CR/26/001234", "04/03/2021", "offence_date", "was 9"),
        ("CR/26/001234", "05/03/2029", "offence_date", "future"),
        ("CR/26/001234", "31/02/2026", "offence_date", "not a real date"),
        ("12345", "01/11/2026", "crime_reference", "like CR/26/012345"),
    ],
)
def test_bad_crs_are_explained_and_nothing_saved(
    qtbot: QtBot, services: Services, reference: str, offence: str, field: str, words: str
) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    dialog = CommunityResolutionDialog(services, OFFICER, mia.id, "Mia Okafor")
    qtbot.addWidget(dialog)
    dialog.show()
    fill_cr(qtbot, dialog, reference, offence)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert words in dialog.form.problem_text(field)
    assert dialog.offence_date.text() == offence
    with services.ctx.read_only() as session:
        assert session.query(CommunityResolution).count() == 0


def test_eighteen_on_the_offence_date_is_refused(qtbot: QtBot, services: Services) -> None:
    older = services.young_person_editor.create(OFFICER, replace(MIA, date_of_birth="01/11/2008"))
    dialog = CommunityResolutionDialog(services, OFFICER, older.id, "Mia Okafor")
    qtbot.addWidget(dialog)
    fill_cr(qtbot, dialog, "CR/26/001234", "01/11/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "was 18 on the offence date" in dialog.form.problem_text("offence_date")


def test_household_members_from_the_record(
    qtbot: QtBot, page: YoungPeoplePage, services: Services
) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    window = page.open_record(mia.id)
    qtbot.mouseClick(window.add_member_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    qtbot.keyClicks(dialog.given_name, "Grace")  # type: ignore[union-attr]
    qtbot.keyClicks(dialog.family_name, "Okafor")  # type: ignore[union-attr]
    dialog.parental_responsibility.setChecked(True)  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    assert window.members.rowCount() == 1
    assert window.members.item(0, 0).text() == "Grace Okafor"
    assert window.members.item(0, 2).text() == "Yes"
    window.members.selectRow(0)
    qtbot.mouseClick(window.remove_member_button, Qt.MouseButton.LeftButton)
    confirm = window.dialog
    assert isinstance(confirm, QMessageBox) and "Remove Grace Okafor" in confirm.text()
    qtbot.mouseClick(confirm.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert window.members.rowCount() == 1
    qtbot.mouseClick(window.remove_member_button, Qt.MouseButton.LeftButton)
    confirm = window.dialog
    assert isinstance(confirm, QMessageBox)
    qtbot.mouseClick(confirm.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert window.members.rowCount() == 0
    close_windows(page)
    QApplication.processEvents()


def test_editing_details_and_moving_a_child_between_households(
    qtbot: QtBot, page: YoungPeoplePage, services: Services
) -> None:
    from diversion_app.ui.people.household_dialogs import MoveHouseholdDialog

    mia = services.young_person_editor.create(OFFICER, MIA)
    ava = services.young_person_editor.create(
        OFFICER,
        replace(
            MIA,
            given_name="Ava",
            family_name="Price",
            address_line1="9 Far Lane",
            postcode="DM1 1AA",
        ),
    )
    window = page.open_record(mia.id)
    qtbot.mouseClick(window.edit_button, Qt.MouseButton.LeftButton)
    edit = window.dialog
    assert isinstance(edit, YoungPersonDialog)
    assert edit.given_name.text() == "Mia" and edit.date_of_birth.text() == "05/03/2011"
    fill_person(qtbot, edit, date_of_birth="5/3/2099", preferred_name="Mimi")
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert "cannot be in the future" in edit.form.problem_text("date_of_birth")
    assert edit.preferred_name.text() == "Mimi"
    fill_person(qtbot, edit, date_of_birth="05/03/2011")
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert not edit.isVisible()
    assert window.details["preferred"].text() == "Mimi"

    qtbot.mouseClick(window.move_button, Qt.MouseButton.LeftButton)
    move = window.dialog
    assert isinstance(move, MoveHouseholdDialog)
    qtbot.keyClicks(move.search, "DM1 1")
    assert move.households.count() == 1 and "Ava Price" in move.households.item(0).text()
    qtbot.mouseClick(move.move_button, Qt.MouseButton.LeftButton)
    assert "9 Far Lane" in window.address_label.text()
    assert [
        window.siblings.item(i).text().split(",")[0] for i in range(window.siblings.count())
    ] == ["Ava Price"]
    assert services.young_person_record.open(OFFICER, ava.id).siblings[0].id == mia.id
    close_windows(page)


def test_a_demo_record_shows_every_kind_and_opens_a_referral(
    qtbot: QtBot, demo_services: Services, everyone: Actor
) -> None:
    from diversion_app.persistence.models import Closure, Referral
    from diversion_app.ui.referrals.referral_record import ReferralRecordWindow

    with demo_services.ctx.read_only() as session:
        person_id = (
            session.query(Referral.young_person_id)
            .join(Closure, Closure.referral_id == Referral.id)
            .order_by(Referral.young_person_id)
            .first()[0]
        )
    page = YoungPeoplePage(demo_services, everyone)
    qtbot.addWidget(page)
    window = page.open_record(person_id)
    kinds = {row[1] for row in window.timeline_rows()}
    assert {"Referral", "Contact", "Visit", "Assessment", "Programme", "Closure"} <= kinds
    row = next(i for i, r in enumerate(window.timeline_rows()) if r[1] == "Referral")
    window.show()
    window.timeline.scrollToItem(window.timeline.item(row, 0))
    cell = window.timeline.visualItemRect(window.timeline.item(row, 1)).center()
    qtbot.mouseClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(window.timeline.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert isinstance(window.dialog, ReferralRecordWindow)
    window.dialog.close()
    close_windows(page)


def test_an_edit_that_makes_a_record_look_like_another_is_checked_first(
    qtbot: QtBot, page: YoungPeoplePage, services: Services
) -> None:
    mia = services.young_person_editor.create(OFFICER, MIA)
    other = services.young_person_editor.create(
        OFFICER,
        replace(MIA, given_name="Maya", address_line1="9 Far Lane", postcode="DM1 1AA"),
        confirmed_new=True,
    )
    window = page.open_record(other.id)
    qtbot.mouseClick(window.edit_button, Qt.MouseButton.LeftButton)
    edit = window.dialog
    assert isinstance(edit, YoungPersonDialog)
    fill_person(qtbot, edit, given_name="Mia")
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert edit.matches_box.isVisible() and edit.matches[0].id == mia.id
    assert edit.sibling_button.isHidden()
    assert services.young_person_record.open(OFFICER, other.id).given_name == "Maya"
    qtbot.mouseClick(edit.new_button, Qt.MouseButton.LeftButton)
    assert services.young_person_record.open(OFFICER, other.id).given_name == "Mia"
    close_windows(page)
