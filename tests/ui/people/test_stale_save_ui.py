"""Two people edit one young person: the second is told who changed it and keeps their typing."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.enums import Relationship, Role
from diversion_app.domain.young_person_rules import MemberDraft
from diversion_app.services.registry import Services
from diversion_app.ui.people.household_dialogs import MemberDialog
from diversion_app.ui.people.young_person_dialog import YoungPersonDialog
from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
from diversion_app.ui.widgets.stale_save import RELOAD_TEXT
from tests.factories import add_child, add_user
from tests.ui.answer_modal import answer_when_asked


def test_a_stale_edit_is_refused_then_reloaded_with_my_typing_beside(
    qtbot: QtBot, services: Services
) -> None:
    anna = add_user(services.ctx, "anna", "Anna Officer", Role.OFFICER)
    ben = add_user(services.ctx, "ben", "Ben Officer", Role.OFFICER)
    person_id = add_child(services.ctx, date(2011, 4, 2), given="Kai", family="Moran")
    for officer in (anna, ben):  # neither made this record: each has said why they open it
        services.access.justify(officer, person_id, AccessReason.DUTY)
    dialog = YoungPersonDialog(services, ben, person_id)
    qtbot.addWidget(dialog)
    dialog.show()

    # Anna saves a preferred name from her own computer after Ben opened the form.
    anna_form = services.young_person_editor.draft_for(anna, person_id)
    services.young_person_editor.update(
        anna, person_id, dataclasses.replace(anna_form, preferred_name="Kaiden", town="Northby")
    )

    qtbot.keyClicks(dialog.pnc_id, "26/1234567X")
    qtbot.keyClicks(dialog.town, "Southby")
    seen: list[str] = []
    answer_when_asked(qtbot, RELOAD_TEXT, seen)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert seen and seen[0].startswith("Anna Officer changed this young person's record at")
    assert dialog.isVisible()  # nothing lost: the form is still open
    # The form now shows Anna's values; Ben's typing is beside them.
    assert dialog.preferred_name.text() == "Kaiden"
    assert dialog.town.text() == "Northby"
    panel = dialog.your_typing
    assert panel.isVisible()
    assert set(panel.use_buttons) == {"pnc_id", "town"}  # not the name Ben never touched
    qtbot.mouseClick(panel.use_buttons["pnc_id"], Qt.MouseButton.LeftButton)
    assert dialog.pnc_id.text() == "26/1234567X"

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    saved = services.young_person_editor.draft_for(anna, person_id)
    assert (saved.preferred_name, saved.town, saved.pnc_id) == ("Kaiden", "Northby", "26/1234567X")


def test_choosing_not_now_keeps_the_form_and_saves_nothing(
    qtbot: QtBot, services: Services
) -> None:
    anna = add_user(services.ctx, "anna", "Anna Officer", Role.OFFICER)
    ben = add_user(services.ctx, "ben", "Ben Officer", Role.OFFICER)
    person_id = add_child(services.ctx, date(2011, 4, 2))
    for officer in (anna, ben):
        services.access.justify(officer, person_id, AccessReason.DUTY)
    household_id = services.young_person_record.open(anna, person_id).household_id
    member_id = services.households.add_member(
        anna,
        household_id,
        MemberDraft("Ruth", "Moran", Relationship.MOTHER),
        young_person_id=person_id,
    )
    dialog = MemberDialog(
        services, ben, household_id=household_id, young_person_id=person_id, member_id=member_id
    )
    qtbot.addWidget(dialog)
    dialog.show()
    draft = services.households.member_draft(anna, member_id, young_person_id=person_id)
    services.households.update_member(
        anna, member_id, dataclasses.replace(draft, phone="01632 960111"), young_person_id=person_id
    )
    qtbot.keyClicks(dialog.language, "Polish")
    seen: list[str] = []
    answer_when_asked(qtbot, "&Not now", seen)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert seen and "Anna Officer changed this household member" in seen[0]
    assert dialog.isVisible() and dialog.language.text() == "Polish"
    assert "Anna Officer changed this household member" in dialog.form.summary.text()
    assert (
        services.households.member_draft(anna, member_id, young_person_id=person_id).language == ""
    )


def test_removing_a_member_someone_changed_meanwhile_is_refused(
    qtbot: QtBot, services: Services
) -> None:
    anna = add_user(services.ctx, "anna", "Anna Officer", Role.OFFICER)
    ben = add_user(services.ctx, "ben", "Ben Officer", Role.OFFICER)
    person_id = add_child(services.ctx, date(2011, 4, 2))
    for officer in (anna, ben):
        services.access.justify(officer, person_id, AccessReason.DUTY)
    household_id = services.young_person_record.open(anna, person_id).household_id
    member_id = services.households.add_member(
        anna,
        household_id,
        MemberDraft("Ruth", "Moran", Relationship.MOTHER),
        young_person_id=person_id,
    )
    window = YoungPersonRecordWindow(services, ben, person_id)
    qtbot.addWidget(window)
    window.show()
    window.members.selectRow(0)
    # Anna notes Ruth's new phone after Ben opened the record
    draft = services.households.member_draft(anna, member_id, young_person_id=person_id)
    services.households.update_member(
        anna, member_id, dataclasses.replace(draft, phone="01632 960111"), young_person_id=person_id
    )

    qtbot.mouseClick(window.remove_member_button, Qt.MouseButton.LeftButton)
    confirm = window.dialog
    assert isinstance(confirm, QMessageBox)
    qtbot.mouseClick(confirm.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    refusal = window.dialog
    assert isinstance(refusal, QMessageBox) and refusal.windowTitle() == "Member not removed"
    assert refusal.text().startswith("Not removed: Anna Officer changed this household member at")
    assert window.members.rowCount() == 1  # still there, now with Anna's change shown
    assert "01632 960111" in window.members.item(0, 3).text()
    assert services.households.member_draft(anna, member_id, young_person_id=person_id).phone
