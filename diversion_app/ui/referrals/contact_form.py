"""Recording a contact: when, how, with whom (the young person, a named parent or carer).

If the 48-hour clock is overdue or was missed, the form asks for the reason and will not
save without it; the service checks the same rule.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.contact_rules import CLOCK_REASON_NEEDED, ContactDraft
from diversion_app.domain.enums import ContactMethod, ContactOutcome
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.referrals.record import ReferralRecord
from diversion_app.services.registry import Services
from diversion_app.ui.referrals.clock_badge import clock_line
from diversion_app.ui.widgets.form_scaffold import FieldProblems, error_label
from diversion_app.ui.widgets.uk_time import UkDateTimeEdit


class ContactForm(QDialog):
    contact_saved = Signal(int)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        record: ReferralRecord,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.record = record
        self.setWindowTitle(f"Record a contact — {record.young_person}")
        self.setAccessibleName("Record a contact")
        layout = QVBoxLayout(self)
        clock = QLabel(f"48-hour clock: {clock_line(record.clock)}")
        clock.setWordWrap(True)
        layout.addWidget(clock)
        self.summary = error_label("Problems with the contact")
        layout.addWidget(self.summary)
        form = QFormLayout()
        self.errors = FieldProblems(self.summary)

        self.occurred_at = UkDateTimeEdit("Date and time of the contact")
        self.occurred_at.set_instant(services.ctx.now())
        self.errors.add_row(form, "&When (UK time):", "occurred_at", self.occurred_at)

        self.method = QComboBox()
        self.method.setAccessibleName("Method")
        self.method.addItem("Choose how…", None)  # no default: the method decides the clock
        for method in ContactMethod:
            self.method.addItem(method.label, method)
        self.errors.add_row(form, "&Method:", "method", self.method)

        self.outcome = QComboBox()
        self.outcome.setAccessibleName("Outcome")
        self.outcome.addItem("Choose the outcome…", None)  # no default: it can stop the clock
        for outcome in ContactOutcome:
            self.outcome.addItem(outcome.label, outcome)
        self.errors.add_row(form, "&Outcome:", "outcome", self.outcome)

        self.with_young_person = QCheckBox("The young person")
        self.with_young_person.setAccessibleName("With the young person")
        self.errors.add_row(form, "With:", "with_whom", self.with_young_person)
        self.carer = QComboBox()
        self.carer.setAccessibleName("With a parent or carer")
        self.carer.addItem("No parent or carer", None)
        for option in record.carers:
            self.carer.addItem(option.label, option.id)
        self.errors.add_row(form, "Parent or &carer:", "carer_member_id", self.carer)

        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setMaximumHeight(90)
        self.errors.add_row(form, "&Notes:", "notes", self.notes)

        self.clock_reason = QPlainTextEdit()
        self.clock_reason.setAccessibleName("Reason the 48-hour clock is overdue or missed")
        self.clock_reason.setMaximumHeight(70)
        self.clock_reason.setPlainText(record.clock_reason)
        self.clock_reason_label = QLabel("&Reason the clock is overdue or missed:")
        self.clock_reason_label.setBuddy(self.clock_reason)
        form.addRow(self.clock_reason_label, self.clock_reason)
        line = error_label("Problem with the clock reason")
        self.errors.labels["clock_reason"] = line
        form.addRow("", line)
        self.set_reason_visible(record.clock.state.needs_reason)
        layout.addLayout(form)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save contact")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.errors.clear()

    def set_reason_visible(self, visible: bool) -> None:
        self.clock_reason.setVisible(visible)
        self.clock_reason_label.setVisible(visible)

    def draft(self) -> ContactDraft:
        """The typed contact; a ValidationError if the method or the outcome is not chosen."""
        problems: dict[str, str] = {}
        if self.method.currentData() is None:
            problems["method"] = "Choose how the contact was made."
        if self.outcome.currentData() is None:
            problems["outcome"] = (
                "Choose the outcome: only a contact that was made stops the 48-hour clock."
            )
        occurred_at = self.occurred_at.instant()
        if occurred_at is None:
            problems["occurred_at"] = self.occurred_at.problem() or "Type the date and time."
        if problems or occurred_at is None:
            raise ValidationError(problems)
        return ContactDraft(
            referral_id=self.record.id,
            occurred_at=occurred_at,
            method=ContactMethod(self.method.currentData()),
            outcome=ContactOutcome(self.outcome.currentData()),
            with_young_person=self.with_young_person.isChecked(),
            carer_member_id=self.carer.currentData(),
            notes=self.notes.toPlainText(),
            clock_reason=self.clock_reason.toPlainText() if self.clock_reason.isVisible() else "",
        )

    def save(self) -> None:
        try:
            saved = self.services.contacts.record(self.actor, self.draft())
        except ValidationError as error:
            if "clock_reason" in error.problems:
                self.set_reason_visible(True)
                problems = dict(error.problems)
                problems["clock_reason"] = CLOCK_REASON_NEEDED
                self.errors.show(problems)
            else:
                self.errors.show(error.problems)
            return
        except (DomainError, ServiceError) as error:
            self.errors.show_message(str(error))
            return
        self.contact_saved.emit(saved.id)
        self.accept()
