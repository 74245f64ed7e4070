"""Recording restorative justice delivered in a school, and opening a recorded one.

The pupils are added one at a time with their part (harmer, harmed or both); the service
refuses the same pupil entered twice, naming them and saying to choose "Both".
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import RjPart, RjType
from diversion_app.domain.school_rules import RjParticipantDraft
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.services.schools.work import RjDraft, RjRecord
from diversion_app.ui.people.pupil_picker import PupilPicker
from diversion_app.ui.schools.school_choice import school_combo
from diversion_app.ui.widgets.form_scaffold import (
    FieldProblems,
    date_field,
    enum_combo,
    read_date,
    save_cancel_buttons,
    submit,
)

FOLLOW_UP_AFTER = timedelta(days=28)
"""The follow-up check offered by default: four weeks on (our choice; the SPOC can change it)."""


class RestorativeJusticeForm(QDialog):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        school_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restorative justice in school")
        self.services = services
        self.actor = actor
        self.saved: RjRecord | None = None
        self.entries: list[tuple[int, str, RjPart]] = []
        today = london_today(services.ctx.now())
        summary = QLabel()
        self.problems = FieldProblems(summary)
        self.school = school_combo(services, actor, school_id)
        self.held_on = date_field("Date held", today)
        self.rj_type = enum_combo(RjType, "Type of restorative justice", blank="Choose…")
        self.pupil = PupilPicker(services, actor, lambda: self.school.currentData())
        self.part = enum_combo(RjPart, "Part the pupil played")
        self.add_participant = QPushButton("Add &to the pupils")
        self.add_participant.setAccessibleName("Add the pupil to those who took part")
        self.add_participant.clicked.connect(self.add_chosen)
        self.participants = QListWidget()
        self.participants.setAccessibleName("Pupils who took part")
        self.participants.setMaximumHeight(90)
        self.remove_participant = QPushButton("Re&move")
        self.remove_participant.setAccessibleName("Remove the selected pupil")
        self.remove_participant.clicked.connect(self.remove_selected)
        self.agreement = QCheckBox("Agreement reached")
        self.agreement.setAccessibleName("Agreement reached")
        self.outcome = QPlainTextEdit()
        self.outcome.setAccessibleName("Outcome")
        self.outcome.setTabChangesFocus(True)
        self.outcome.setFixedHeight(60)
        self.follow_up = date_field("Follow-up check date", today + FOLLOW_UP_AFTER)
        part_row = QHBoxLayout()
        part_row.addWidget(QLabel("Part:"))
        part_row.addWidget(self.part)
        part_row.addWidget(self.add_participant)
        part_row.addStretch(1)
        taken = QHBoxLayout()
        taken.addWidget(self.participants, 1)
        taken.addWidget(self.remove_participant, 0, Qt.AlignmentFlag.AlignTop)
        pupils = QWidget()
        pupils_layout = QVBoxLayout(pupils)
        pupils_layout.setContentsMargins(0, 0, 0, 0)
        pupils_layout.addWidget(self.pupil)
        pupils_layout.addLayout(part_row)
        pupils_layout.addLayout(taken)
        pupils.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        form = QFormLayout()
        self.problems.add_row(form, "&School:", "school", self.school)
        self.problems.add_row(form, "&Date held:", "held_on", self.held_on)
        self.problems.add_row(form, "T&ype:", "rj_type", self.rj_type)
        self.problems.add_row(form, "&Pupils:", "participants", pupils)
        self.problems.add_row(form, "", "agreement", self.agreement)
        self.problems.add_row(form, "&Outcome:", "outcome", self.outcome)
        self.problems.add_row(form, "&Follow-up check:", "follow_up_on", self.follow_up)
        buttons, self.save_button = save_cancel_buttons(
            self, self.save, "Save the restorative justice record"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def add_chosen(self) -> None:
        if self.pupil.chosen_id is None:
            self.problems.show({"participants": "Search for a pupil and choose them first."})
            return
        part = self.part.value() or RjPart.HARMER
        self.entries.append((self.pupil.chosen_id, self.pupil.chosen_name, part))
        item = QListWidgetItem(f"{self.pupil.chosen_name} — {part.label.lower()}")
        self.participants.addItem(item)
        self.problems.clear()

    def remove_selected(self) -> None:
        row = self.participants.currentRow()
        if 0 <= row < len(self.entries):
            del self.entries[row]
            self.participants.takeItem(row)

    def draft(self, problems: dict[str, str]) -> RjDraft:
        return RjDraft(
            school_id=self.school.currentData(),
            held_on=read_date(
                self.held_on,
                "held_on",
                problems,
                required_message="Enter the date it took place, like 28/11/2026.",
            ),
            rj_type=self.rj_type.value(),
            participants=tuple(RjParticipantDraft(pid, part) for pid, _n, part in self.entries),
            agreement_reached=self.agreement.isChecked(),
            outcome=self.outcome.toPlainText(),
            follow_up_on=read_date(self.follow_up, "follow_up_on", problems, required_message=None),
        )

    def save(self) -> None:
        saved = submit(
            self.problems,
            self.draft,
            lambda draft: self.services.school_work.record_restorative_justice(self.actor, draft),
        )
        if saved is not None:
            self.saved = saved
            self.accept()


class RestorativeJusticeDialog(QDialog):
    """A recorded restorative justice session, read only."""

    def __init__(
        self, services: Services, actor: Actor, rj_id: int, parent: QWidget | None = None
    ) -> None:
        # read first: a refusal (a reason needed) leaves no half-built window behind
        record = services.school_work.restorative_justice(actor, rj_id)
        super().__init__(parent)
        self.record = record
        self.setWindowTitle(f"Restorative justice {record.id}")
        from html import escape

        pupils = "<br>".join(
            f"{escape(p.name)}: {p.part.label.lower()}" for p in record.participants
        )
        lines = [
            f"<b>{record.rj_type.label}</b> at {escape(record.school)} ({record.area.label})"
            f" on {format_date(record.held_on)}; SPOC {escape(record.spoc)}",
            pupils,
            "Agreement reached" if record.agreement_reached else "No agreement reached",
            escape(record.outcome).replace("\n", "<br>"),
            f"Follow-up check: {format_date(record.follow_up_on) or 'none set'}",
        ]
        self.details = QLabel("<br>".join(line for line in lines if line))
        self.details.setAccessibleName("Restorative justice details")
        self.details.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details, 0, Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)
        layout.addWidget(close)
        self.resize(560, 300)
