"""The whole-family assessment form: domains with ratings and notes, the young person's own
views, parent/carer views, strengths, safety level, conclusion and the household members who
took part. Save a draft and come back to it; complete it; a supervisor signs it off or
returns it with a comment.

A save, sign-off or return made after someone else changed the assessment is refused
naming them; the form then reloads what they saved with the user's typing beside it
(``widgets.stale_save``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.assessment import AssessmentForm, DomainRating
from diversion_app.domain.enums import AssessmentDomain, ConcernRating, SafetyLevel
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.snapshot import Snapshot
from diversion_app.domain.timekeeping import format_date, format_datetime, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.casework.assessments import AssessmentView
from diversion_app.services.referrals.access import may_work
from diversion_app.services.registry import Services
from diversion_app.ui.casework.snapshot_fields import SnapshotFields
from diversion_app.ui.widgets.form_scaffold import (
    EnumCombo,
    FieldProblems,
    date_field,
    enum_combo,
    error_label,
    notice,
    read_date,
    read_only_notice,
)
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel

NOT_RATED = "Not rated yet"


def _text_box(name: str, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class AssessmentDialog(QDialog):
    """One referral's whole-family assessment."""

    changed = Signal()

    def __init__(
        self, services: Services, actor: Actor, referral_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.referral_id = referral_id
        self.view: AssessmentView = services.assessments.for_referral(actor, referral_id)
        self.setWindowTitle(f"Whole-family assessment — {self.view.referral.young_person}")
        self.resize(1180, 820)

        self.heading = QLabel(f"Whole-family assessment: {self.view.referral.young_person}")
        self.heading.setObjectName("pageHeading")
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Assessment status")
        self.banner = QLabel()
        self.returned = notice("", "Supervisor's comment")
        self.may_work = may_work(actor, self.view.referral.caseworker_id)
        self.read_only = read_only_notice()
        self.read_only.setVisible(not self.may_work)

        # details
        today = london_today(services.ctx.now())
        self.started_on = date_field("Date started", today)
        self.completed_on = date_field("Date completed", today)
        self.safety = enum_combo(list(SafetyLevel), "Safety and wellbeing level", blank="Choose…")
        self.participants = QListWidget()
        self.participants.setAccessibleName("Household members who took part")
        self.participants.setFixedHeight(96)
        errors = {
            name: error_label(f"Problem with {name.replace('_', ' ')}")
            for name in (
                "started_on",
                "completed_on",
                "safety_level",
                "participants",
                "ratings",
                "young_person_views",
                "conclusion",
            )
        }
        details = QGroupBox("Assessment")
        form = QFormLayout(details)
        self.assessor = QLabel(self._assessor_text())
        self.assessor.setAccessibleName("Assessor")
        form.addRow("Assessor", self.assessor)
        form.addRow("&Started", self.started_on)
        form.addRow("", errors["started_on"])
        form.addRow("Completed", self.completed_on)
        form.addRow("", errors["completed_on"])
        form.addRow("Took &part", self.participants)
        form.addRow("", errors["participants"])

        # domains
        domains = QGroupBox("Domains (rating and notes)")
        grid = QGridLayout(domains)
        grid.addWidget(errors["ratings"], 0, 0, 1, 3)
        self.ratings: dict[AssessmentDomain, EnumCombo[ConcernRating]] = {}
        self.notes: dict[AssessmentDomain, QLineEdit] = {}
        for row, domain in enumerate(AssessmentDomain, start=1):
            label = QLabel(domain.label)
            combo = enum_combo(list(ConcernRating), f"Rating: {domain.label}", blank=NOT_RATED)
            notes = QLineEdit()
            notes.setAccessibleName(f"Notes: {domain.label}")
            notes.setPlaceholderText("Notes")
            label.setBuddy(combo)
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(notes, row, 2)
            self.ratings[domain] = combo
            self.notes[domain] = notes
        grid.setColumnStretch(2, 1)

        # views and conclusion
        views = QGroupBox("Views, strengths and conclusion")
        views_form = QFormLayout(views)
        self.young_person_views = _text_box("The young person's own views", 90)
        self.young_person_views.setPlaceholderText("In the young person's own words")
        self.carer_views = _text_box("Parent or carer views")
        self.strengths = _text_box("Strengths and protective factors")
        self.conclusion = _text_box("Conclusion: recommended programme")
        views_form.addRow("&Young person's views", self.young_person_views)
        views_form.addRow("", errors["young_person_views"])
        views_form.addRow("Parent/carer views", self.carer_views)
        views_form.addRow("Strengths", self.strengths)
        views_form.addRow("Safety level", self.safety)
        views_form.addRow("", errors["safety_level"])
        views_form.addRow("&Conclusion", self.conclusion)
        views_form.addRow("", errors["conclusion"])

        # supervisor
        self.supervisor_box = QGroupBox("Supervisor")
        supervisor = QVBoxLayout(self.supervisor_box)
        self.return_comment = _text_box("Comment when returning", 50)
        self.return_comment.setPlaceholderText("What needs changing (when returning)")
        supervisor_buttons = QHBoxLayout()
        self.sign_off_button = QPushButton("Sign &off")
        self.return_button = QPushButton("&Return with comment")
        supervisor_buttons.addWidget(self.sign_off_button)
        supervisor_buttons.addWidget(self.return_button)
        supervisor.addWidget(self.return_comment)
        supervisor.addLayout(supervisor_buttons)
        self.start_snapshot = SnapshotFields(
            "Start snapshot for the KPI return ('Not known' is allowed and counted)"
        )
        saved_start = services.snapshots.for_referral(actor, referral_id).start
        self.start_snapshot.set_value(saved_start or Snapshot())
        errors.update(self.start_snapshot.errors)
        self.editable_parts = [details, domains, views, self.start_snapshot]

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(details)
        left.addWidget(domains)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(views)
        right.addWidget(self.supervisor_box)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addLayout(columns)
        content_layout.addWidget(self.start_snapshot)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        self.save_button = QPushButton("Save &draft")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip("Save what is typed so far and come back to it (Ctrl+S)")
        self.complete_button = QPushButton("Co&mplete assessment")
        self.close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.complete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.returned)
        layout.addWidget(self.read_only)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.problems = FieldProblems(self.banner, errors)
        self.your_typing = YourTypingPanel()
        layout.insertWidget(layout.indexOf(self.banner) + 1, self.your_typing)
        self.stale_save = StaleSave(self, self._typed_fields, self._reload, self.your_typing)
        self.save_button.clicked.connect(self.save_draft)
        self.complete_button.clicked.connect(self.complete)
        self.sign_off_button.clicked.connect(self.sign_off)
        self.return_button.clicked.connect(self.return_for_changes)
        self.close_button.clicked.connect(self.reject)
        self._load(self.view)

    # --- showing ------------------------------------------------------------------------------

    def _assessor_text(self) -> str:
        """Who assesses; a reader of an unstarted assessment is not named as its assessor."""
        if self.view.id is not None or self.may_work:
            return self.view.assessor
        worker = self.view.referral.caseworker
        return f"Not started yet (allocated to {worker})" if worker else "Not started yet"

    def _load(self, view: AssessmentView) -> None:
        self.view = view
        form = view.form
        self.started_on.set_value(form.started_on)
        if form.completed_on is not None:
            self.completed_on.set_value(form.completed_on)
        self.safety.set_value(form.safety_level)
        self.participants.clear()
        for member in view.household:
            item = QListWidgetItem(f"{member.name} ({member.relationship.label.lower()})")
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = member.id in form.participant_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.participants.addItem(item)
        for domain in AssessmentDomain:
            given = form.ratings.get(domain, DomainRating())
            self.ratings[domain].set_value(given.rating)
            self.notes[domain].setText(given.notes)
        self.young_person_views.setPlainText(form.young_person_views)
        self.carer_views.setPlainText(form.carer_views)
        self.strengths.setPlainText(form.strengths)
        self.conclusion.setPlainText(form.conclusion)
        self.status_label.setText(self._status_text(view))
        self.returned.setText(f"Returned by the supervisor: {view.return_comment}")
        editable = view.editable and self.may_work
        self.returned.setVisible(bool(view.return_comment) and editable)
        for part in self.editable_parts:
            part.setEnabled(editable)
        self.save_button.setVisible(editable)
        self.complete_button.setVisible(editable)
        may_approve = can(self.actor, Permission.APPROVE)
        self.supervisor_box.setVisible(may_approve and view.awaiting_sign_off)
        self.stale_save.remember_opened()

    def _typed_fields(self) -> dict[str, QWidget]:
        """The fields a user types in, by name (for the typing kept beside a reload)."""
        fields: dict[str, QWidget] = {"started_on": self.started_on, "safety": self.safety}
        for domain in AssessmentDomain:
            fields[f"rating.{domain.value}"] = self.ratings[domain]
            fields[f"notes.{domain.value}"] = self.notes[domain]
        fields.update(
            young_person_views=self.young_person_views,
            carer_views=self.carer_views,
            strengths=self.strengths,
            conclusion=self.conclusion,
            participants=self.participants,
        )
        return fields

    def _reload(self) -> None:
        self._load(self.services.assessments.for_referral(self.actor, self.referral_id))

    def _status_text(self, view: AssessmentView) -> str:
        if view.status is None:
            return "Not started: nothing has been saved yet."
        text = f"Status: {view.status.label}"
        if view.form.completed_on is not None and not view.editable:
            text += f" on {format_date(view.form.completed_on)}"
        if view.signed_off_by:
            text += (
                f" · signed off by {view.signed_off_by} at {format_datetime(view.signed_off_at)}"
            )
        if view.awaiting_sign_off:
            text += " · waiting for a supervisor to sign it off"
        return text

    # --- reading the form -----------------------------------------------------------------------
    def form(self, *, completing: bool) -> AssessmentForm:
        participants = []
        for row in range(self.participants.count()):
            item = self.participants.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                participants.append(int(item.data(Qt.ItemDataRole.UserRole)))
        typed: dict[str, str] = {}
        started_on = read_date(
            self.started_on, "started_on", typed, required_message="Type the day it started."
        )
        completed_on = (
            read_date(
                self.completed_on,
                "completed_on",
                typed,
                required_message="Type the day it was completed.",
            )
            if completing
            else None
        )
        if typed or started_on is None:
            raise ValidationError(typed)
        return AssessmentForm(
            started_on=started_on,
            completed_on=completed_on,
            ratings={
                domain: DomainRating(self.ratings[domain].value(), self.notes[domain].text())
                for domain in AssessmentDomain
            },
            young_person_views=self.young_person_views.toPlainText(),
            carer_views=self.carer_views.toPlainText(),
            strengths=self.strengths.toPlainText(),
            safety_level=self.safety.value(),
            conclusion=self.conclusion.toPlainText(),
            participant_ids=tuple(participants),
        )

    # --- actions --------------------------------------------------------------------------------
    def _run(self, action: object) -> bool:
        result: list[AssessmentView] = []

        def call() -> None:
            assert callable(action)
            result.append(action())

        if self.problems.attempt(call):
            self._load(result[0])
            self.changed.emit()
            return True
        if self.stale_save.handle_if_stale(self.problems.last_error):
            self.problems.clear()
        return False

    def save_draft(self) -> None:
        assessments, actor, referral = self.services.assessments, self.actor, self.referral_id
        start, stamp = self.start_snapshot.value(), self.view.edit_stamp
        if self._run(
            lambda: assessments.save_draft(
                actor, referral, self.form(completing=False), start, edit_stamp=stamp
            )
        ):
            self.status_label.setText(self.status_label.text() + " · draft saved")

    def complete(self) -> None:
        assessments, actor, referral = self.services.assessments, self.actor, self.referral_id
        start, stamp = self.start_snapshot.value(), self.view.edit_stamp
        self._run(
            lambda: assessments.complete(
                actor, referral, self.form(completing=True), start, edit_stamp=stamp
            )
        )

    def sign_off(self) -> None:
        assert self.view.id is not None
        assessment_id, stamp = self.view.id, self.view.edit_stamp
        self._run(
            lambda: self.services.assessments.sign_off(self.actor, assessment_id, edit_stamp=stamp)
        )

    def return_for_changes(self) -> None:
        assert self.view.id is not None
        assessment_id, comment = self.view.id, self.return_comment.toPlainText()
        stamp = self.view.edit_stamp
        self._run(
            lambda: self.services.assessments.return_for_changes(
                self.actor, assessment_id, comment, edit_stamp=stamp
            )
        )
