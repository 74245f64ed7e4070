"""The school referral form: a school's concern about a pupil and the SPOC's action.

``SchoolReferralForm`` records a new concern (picking or adding the pupil). Choosing a
referral to the diversion or prevention pathway asks for the referral's reasons and
consents, and saving makes the YOS referral too, its 48-hour clock running.
``SchoolReferralDialog`` opens a recorded one: the action can be recorded if it was not
decided at the time, the referral closed or reopened, and the YOS referral opened. If
someone else recorded the action, closed or reopened it after the dialog opened, the save
is refused naming them and the dialog reloads it, keeping what was typed beside
(``widgets.stale_save``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import ReferralReason, SchoolAction, SchoolConcernType
from diversion_app.domain.school_rules import REFERRAL_ACTIONS
from diversion_app.domain.timekeeping import format_date, format_datetime, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.registry import Services
from diversion_app.services.schools.work import (
    ActionDraft,
    SchoolReferralDraft,
    SchoolReferralRecord,
)
from diversion_app.ui.people.pupil_picker import PupilPicker
from diversion_app.ui.schools.school_choice import school_combo
from diversion_app.ui.widgets.form_scaffold import (
    SAVE_ERRORS,
    FieldProblems,
    date_field,
    enum_combo,
    read_date,
    save_cancel_buttons,
    submit,
)
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel


class ActionSection(QGroupBox):
    """What the SPOC did; a referral action reveals the YOS referral's details."""

    def __init__(self, problems: FieldProblems, parent: QWidget | None = None) -> None:
        super().__init__("Action taken", parent)
        self.action = enum_combo(SchoolAction, "Action taken", blank="Not decided yet")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Action notes")
        self.notes.setPlaceholderText("Advice given, the service referred to, anything to add")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        form = QFormLayout(self)
        problems.add_row(form, "&Action:", "action", self.action)
        problems.add_row(form, "Action n&otes:", "action_notes", self.notes)
        self.referral_box = QGroupBox("Referral to the YOS (starts the 48-hour contact clock)")
        referral_layout = QVBoxLayout(self.referral_box)
        referral_layout.addWidget(QLabel("Reasons (none ticked: the concern's own reason):"))
        reasons = QGridLayout()
        self.reasons: dict[ReferralReason, QCheckBox] = {}
        for index, reason in enumerate(ReferralReason):
            box = QCheckBox(reason.label)
            box.setAccessibleName(f"Reason: {reason.label}")
            self.reasons[reason] = box
            reasons.addWidget(box, index // 2, index % 2)
        referral_layout.addLayout(reasons)
        self.offence_details = QLineEdit()
        self.offence_details.setAccessibleName("Offence details")
        self.offence_details.setPlaceholderText("Diversion: the offence (else the description)")
        referral_layout.addWidget(self.offence_details)
        self.consent_young_person = QCheckBox("Young person consents")
        self.consent_parent = QCheckBox("Parent or carer consents")
        self.consent_share = QCheckBox("Consent to share information")
        for box in (self.consent_young_person, self.consent_parent, self.consent_share):
            box.setAccessibleName(box.text())
            referral_layout.addWidget(box)
        self.pathway_error = QLabel()
        problems.attach("pathway", self.pathway_error)
        referral_layout.addWidget(self.pathway_error)
        self.reasons_error = QLabel()
        problems.attach("reasons", self.reasons_error)
        referral_layout.addWidget(self.reasons_error)
        form.addRow(self.referral_box)
        self.action.currentIndexChanged.connect(self._action_changed)
        self._action_changed()

    def _action_changed(self) -> None:
        self.referral_box.setVisible(self.action.value() in REFERRAL_ACTIONS)

    def draft(self) -> ActionDraft | None:
        action = self.action.value()
        if action is None:
            return None
        referral = action in REFERRAL_ACTIONS
        return ActionDraft(
            action=action,
            notes=self.notes.toPlainText(),
            reasons=tuple(r for r, box in self.reasons.items() if box.isChecked())
            if referral
            else (),
            offence_details=self.offence_details.text() if referral else "",
            consent_young_person=referral and self.consent_young_person.isChecked(),
            consent_parent_carer=referral and self.consent_parent.isChecked(),
            consent_to_share=referral and self.consent_share.isChecked(),
        )


def saved_message(record: SchoolReferralRecord) -> str:
    text = f"School referral {record.id} saved for {record.young_person}."
    if record.referral_id is not None and record.referral_pathway is not None:
        due = format_datetime(record.referral_due_at)
        text += (
            f" Referral {record.referral_id} to the {record.referral_pathway.value} pathway made"
            f" (unallocated); the 48-hour contact clock is due {due}."
        )
    return text


class SchoolReferralForm(QDialog):
    """Record a school's concern about a pupil, and the action taken."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        school_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New school referral")
        self.services = services
        self.actor = actor
        self.saved: SchoolReferralRecord | None = None
        summary = QLabel()
        self.problems = FieldProblems(summary)
        self.school = school_combo(services, actor, school_id)
        self.pupil = PupilPicker(services, actor, lambda: self.school.currentData())
        self.concern_date = date_field("Date of the concern", london_today(services.ctx.now()))
        self.raised_by = QLineEdit()
        self.raised_by.setAccessibleName("Raised by")
        self.raised_by.setPlaceholderText("Name and role at the school, e.g. Head of Year 8")
        self.concern_type = enum_combo(SchoolConcernType, "Type of concern", blank="Choose…")
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Description of the concern")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(120)
        concern = QGroupBox("The concern")
        form = QFormLayout(concern)
        self.problems.add_row(form, "&School:", "school", self.school)
        self.problems.add_row(form, "&Pupil:", "young_person", self.pupil)
        self.problems.add_row(form, "&Date of concern:", "concern_date", self.concern_date)
        self.problems.add_row(form, "&Raised by:", "raised_by", self.raised_by)
        self.problems.add_row(form, "&Type of concern:", "concern_type", self.concern_type)
        self.problems.add_row(form, "D&escription:", "description", self.description)
        self.action = ActionSection(self.problems)
        buttons, self.save_button = save_cancel_buttons(self, self.save, "Save the school referral")
        columns = QHBoxLayout()
        columns.addWidget(concern, 3, Qt.AlignmentFlag.AlignTop)
        columns.addWidget(self.action, 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(columns)
        layout.addWidget(buttons)
        self.resize(1000, 470)

    def draft(self, problems: dict[str, str]) -> SchoolReferralDraft:
        return SchoolReferralDraft(
            school_id=self.school.currentData(),
            young_person_id=self.pupil.chosen_id,
            concern_date=read_date(
                self.concern_date,
                "concern_date",
                problems,
                required_message="Enter the date of the concern, like 28/11/2026.",
            ),
            raised_by=self.raised_by.text(),
            concern_type=self.concern_type.value(),
            description=self.description.toPlainText(),
            action=self.action.draft(),
        )

    def save(self) -> None:
        saved = submit(
            self.problems,
            self.draft,
            lambda draft: self.services.school_work.record_school_referral(self.actor, draft),
        )
        if saved is not None:
            self.saved = saved
            self.accept()


class SchoolReferralDialog(QDialog):
    """A recorded school referral: its details, its action (or record one), its YOS referral."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        school_referral_id: int,
        parent: QWidget | None = None,
    ) -> None:
        # read first: a refusal (a reason needed) leaves no half-built window behind
        record = services.school_work.school_referral(actor, school_referral_id)
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.record = record
        self.changed = False
        # only those the service will let record work here are offered the buttons
        self.may_record = services.school_work.may_record_in(actor, self.record.area)
        self.setWindowTitle(f"School referral {self.record.id}")
        summary = QLabel()
        self.problems = FieldProblems(summary)
        self.details = QLabel()
        self.details.setAccessibleName("School referral details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = ActionSection(self.problems)
        self.record_action = QPushButton("&Record the action")
        self.record_action.setAccessibleName("Record the action")
        self.record_action.clicked.connect(self.save_action)
        self.open_toggle = QPushButton()
        self.open_toggle.clicked.connect(self.toggle_open)
        self.open_referral = QPushButton("Open the &YOS referral")
        self.open_referral.setAccessibleName("Open the YOS referral")
        self.open_referral.clicked.connect(self.show_referral)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_action)
        buttons.addWidget(self.open_referral)
        buttons.addWidget(self.open_toggle)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.your_typing = YourTypingPanel()
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.your_typing)
        layout.addWidget(self.details, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.action)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.referral_window: QWidget | None = None
        fields: dict[str, QWidget] = {
            "action": self.action.action,
            "notes": self.action.notes,
            "offence_details": self.action.offence_details,
        }
        self.stale_save = StaleSave(self, lambda: fields, self._reload, self.your_typing)
        self._show()
        self.stale_save.remember_opened()
        self.resize(720, 520)

    def _reload(self) -> None:
        self.record = self.services.school_work.school_referral(self.actor, self.record.id)
        self.problems.clear()
        self._show()

    def _refused(self, error: Exception) -> None:
        self.problems.show_error(error)
        if isinstance(error, StaleRecord):
            self.stale_save.handle(error)

    def _show(self) -> None:
        r = self.record
        lines = [
            f"<b>{_html(r.young_person)}</b> (born {format_date(r.date_of_birth)})",
            f"School: {_html(r.school)} ({r.area.label} area); SPOC {_html(r.spoc)}",
            f"Concern on {format_date(r.concern_date)}, raised by {_html(r.raised_by)}:"
            f" {r.concern_type.label.lower()}",
            _html(r.description).replace("\n", "<br>"),
        ]
        if r.action is not None:
            lines.append(f"Action: <b>{r.action.label}</b>")
            if r.action_notes:
                lines.append(_html(r.action_notes).replace("\n", "<br>"))
        if r.referral_id is not None and r.referral_pathway and r.referral_status:
            lines.append(
                f"YOS referral {r.referral_id}: {r.referral_pathway.label} pathway,"
                f" {r.referral_status.label.lower()}; 48-hour clock due"
                f" {format_datetime(r.referral_due_at)}"
            )
        lines.append(
            "This school referral is open." if r.open else "This school referral is closed."
        )
        self.details.setText("<br>".join(lines))
        self.action.setVisible(r.action is None and self.may_record)
        self.record_action.setVisible(r.action is None and self.may_record)
        self.open_toggle.setVisible(self.may_record)
        self.open_referral.setVisible(r.referral_id is not None)
        self.open_toggle.setText("&Close this school referral" if r.open else "Re&open")
        self.open_toggle.setAccessibleName(self.open_toggle.text().replace("&", ""))

    def save_action(self) -> None:
        action = self.action.draft()
        if action is None:
            self.problems.show({"action": "Choose the action taken."})
            return
        try:
            self.record = self.services.school_work.take_action(
                self.actor, self.record.id, action, edit_stamp=self.record.edit_stamp
            )
        except SAVE_ERRORS as error:
            self._refused(error)
            return
        self.problems.clear()
        self.changed = True
        self._show()

    def toggle_open(self) -> None:
        try:
            self.record = self.services.school_work.set_open(
                self.actor, self.record.id, not self.record.open, edit_stamp=self.record.edit_stamp
            )
        except SAVE_ERRORS as error:
            self._refused(error)
            return
        self.changed = True
        self._show()

    def show_referral(self) -> None:
        from diversion_app.ui.referrals.referral_record import open_referral

        if self.record.referral_id is not None:
            self.referral_window = open_referral(
                self, self.services, self.actor, self.record.referral_id
            )
            if self.referral_window is not None:
                self.referral_window.view.changed.connect(self._referral_changed)

    def _referral_changed(self) -> None:
        self.record = self.services.school_work.school_referral(self.actor, self.record.id)
        self.changed = True
        self._show()


def _html(text: str) -> str:
    from html import escape

    return escape(text)
