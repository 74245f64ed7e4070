"""Correcting a Community Resolution already recorded: the same form, filled in with what
was recorded, and a reason for the correction (kept in the audit trail).

A CR corrected or withdrawn by someone else after this form opened is not written over:
the save is refused naming who and when, and the form reloads with the typing kept
beside the new values (``widgets.stale_save``).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from diversion_app.domain.community_resolution_rules import CommunityResolutionDraft
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.registry import Services
from diversion_app.ui.people.community_resolution_dialog import CommunityResolutionDialog
from diversion_app.ui.widgets.form_scaffold import select_data
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel


class CorrectCrDialog(CommunityResolutionDialog):
    """The Community Resolution form in "correct" mode."""

    records_opening = False
    """Already recorded: reading the CR to correct (``draft_of``) is the opening."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        cr_id: int,
        young_person_name: str,
        parent: QWidget | None = None,
    ) -> None:
        draft = services.cr_changes.draft_of(actor, cr_id)
        super().__init__(services, actor, draft.young_person_id, young_person_name, parent)
        self.cr_id = cr_id
        self.setWindowTitle(f"Correct Community Resolution: {young_person_name}")
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(56)
        self.reason.setAccessibleName("Reason for the correction")
        self.form.add("reason", "Reason for the co&rrection:", self.reason)
        self.save_button.setText("Save correction")
        self.save_button.setAccessibleName("Save correction")
        self.your_typing = YourTypingPanel()
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, self.your_typing)
        self.stale_save = StaleSave(self, lambda: self.form.fields, self._reload, self.your_typing)
        self._fill(draft)

    def _reload(self) -> None:
        self._fill(self.services.cr_changes.draft_of(self.actor, self.cr_id))

    def _fill(self, draft: CommunityResolutionDraft) -> None:
        self.edit_stamp = draft.edit_stamp
        self.crime_reference.setText(draft.crime_reference)
        self.offence_date.setText(draft.offence_date)
        select_data(self.offence_category, draft.offence_category)
        self.offence_description.setPlainText(draft.offence_description)
        self.location.setText(draft.location)
        self.officer_name.setText(draft.officer_name)
        self.collar_number.setText(draft.collar_number)
        self.accepted_responsibility.setChecked(draft.accepted_responsibility)
        self.appropriate_adult_present.setChecked(draft.appropriate_adult_present)
        select_data(self.victim_type, draft.victim_type)
        self.victim_consulted.setChecked(draft.victim_consulted)
        self.victim_views.setPlainText(draft.victim_views)
        for action, box in self.action_boxes.items():
            box.setChecked(action in draft.restorative_actions)
        self.gravity_score.setValue(draft.gravity_score)
        self.authorised_by.setText(draft.authorised_by)
        self.stale_save.remember_opened()

    def save(self) -> None:
        try:
            self.services.cr_changes.correct(
                self.actor,
                self.cr_id,
                dataclasses.replace(self.draft(), edit_stamp=self.edit_stamp),
                self.reason.toPlainText(),
            )
        except StaleRecord as error:
            self.form.show_message(str(error))
            if self.stale_save.handle(error):
                self.form.clear_problems()
            return
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return
        except (DomainError, ServiceError) as error:
            self.form.show_message(str(error))
            return
        self.recorded.emit(self.cr_id)
        self.accept()
