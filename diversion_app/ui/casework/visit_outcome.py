"""Recording what happened at a visit, and moving a visit to another time.

The outcome dialog records a visit completed (who was seen: the young person, which
carers), cancelled (by whom, why) or did not attend. A completed visit that met the
young person or a carer is recorded as a contact by the service, so the 48-hour clock
moves without typing it twice. The reschedule dialog books the visit again and keeps
the old one, cancelled, in the history.

Both check the visit has not changed since the dialog read it: an outcome recorded or a
reschedule made by someone else meanwhile refuses the save, naming them, and the dialog
reloads the visit with what was typed kept (``widgets.stale_save``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.diary import NeedsConfirmation
from diversion_app.domain.enums import VisitStatus
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.timekeeping import format_datetime, format_time, to_london
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.casework.visits import CANCELLED_BY_CHOICES, VisitDetail, VisitOutcome
from diversion_app.services.registry import Services
from diversion_app.ui.casework.visit_form import QUESTION_STYLE
from diversion_app.ui.casework.visit_when import (
    ERROR_STYLE,
    show_refusal,
    typed_instant,
    when_problems,
)
from diversion_app.ui.widgets.form_scaffold import date_field
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel
from diversion_app.ui.widgets.uk_time import UkTimeEdit


def _visit_heading(visit: VisitDetail) -> str:
    return (
        f"{visit.purpose.label} visit with {visit.young_person}, "
        f"{format_datetime(visit.start_at)}-{format_time(visit.end_at)}"
    )


class _VisitDialog(QDialog):
    """What the outcome and reschedule dialogs share: the visit, its heading above the
    form, the panel that shows one's own typing after a reload, and the reload itself."""

    message: QLabel
    """The dialog's problem line (made by each dialog where its form puts it)."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        visit: VisitDetail,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.visit = visit
        self.saved: VisitDetail | None = None
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        self.heading = QLabel(_visit_heading(visit))
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.your_typing = YourTypingPanel()
        layout.addWidget(self.your_typing)

    def _reload(self) -> None:
        self.visit = self.services.visits.visit(self.actor, self.visit.id)
        self.heading.setText(_visit_heading(self.visit) + f" ({self.visit.status.label.lower()})")
        self.message.hide()
        # the longer heading may wrap onto another line: grow so that it is not cut off
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else -1
        if needed > self.height():
            self.resize(self.width(), needed)


class OutcomeDialog(_VisitDialog):
    """Record a visit's outcome. ``saved`` holds the visit once recorded."""

    def __init__(
        self, services: Services, actor: Actor, visit: VisitDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, actor, visit, "Record the visit's outcome", parent)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)

        choice = QHBoxLayout()
        self.completed = QRadioButton("&Completed")
        self.cancelled = QRadioButton("C&ancelled")
        self.did_not_attend = QRadioButton("&Did not attend")
        self.group = QButtonGroup(self)
        for button, status in (
            (self.completed, VisitStatus.COMPLETED),
            (self.cancelled, VisitStatus.CANCELLED),
            (self.did_not_attend, VisitStatus.DID_NOT_ATTEND),
        ):
            button.setAccessibleName(status.label)
            self.group.addButton(button)
            choice.addWidget(button)
        choice.addStretch(1)
        layout.addLayout(choice)

        self.seen_box = QGroupBox("Who was seen")
        seen = QVBoxLayout(self.seen_box)
        self.young_person = QCheckBox(f"The young person ({visit.young_person})")
        self.young_person.setAccessibleName("Young person seen")
        seen.addWidget(self.young_person)
        self.carers = QListWidget()
        self.carers.setAccessibleName("Carers seen")
        self.carers.setMaximumHeight(100)
        context = services.visits.referral_for_visit(actor, visit.referral_id)
        for carer in context.carers:
            item = QListWidgetItem(f"{carer.name} ({carer.relationship.lower()})")
            item.setData(Qt.ItemDataRole.UserRole, carer.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.carers.addItem(item)
        if not context.carers:
            self.carers.addItem("No carers are recorded for the household.")
        seen.addWidget(QLabel("Carers seen:"))
        seen.addWidget(self.carers)
        layout.addWidget(self.seen_box)

        self.cancel_box = QGroupBox("Cancellation")
        cancel_form = QFormLayout(self.cancel_box)
        self.cancelled_by = QComboBox()
        self.cancelled_by.setEditable(True)
        self.cancelled_by.setAccessibleName("Cancelled by")
        self.cancelled_by.addItem("")
        self.cancelled_by.addItems(list(CANCELLED_BY_CHOICES))
        cancel_form.addRow("Cancelled &by:", self.cancelled_by)
        layout.addWidget(self.cancel_box)

        notes_form = QFormLayout()
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setMaximumHeight(80)
        self.notes_label = QLabel("&Notes:")
        self.notes_label.setBuddy(self.notes)
        notes_form.addRow(self.notes_label, self.notes)
        layout.addLayout(notes_form)

        self.message = QLabel()
        self.message.setAccessibleName("Problems")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save outcome")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.group.buttonToggled.connect(lambda *_: self._show_parts())
        self.completed.setChecked(True)
        self._show_parts()
        fields = {"young_person": self.young_person, "cancelled_by": self.cancelled_by}
        fields["notes"] = self.notes
        self.stale_save = StaleSave(self, lambda: fields, self._reload, self.your_typing)
        self.stale_save.remember_opened()

    def status(self) -> VisitStatus:
        if self.cancelled.isChecked():
            return VisitStatus.CANCELLED
        if self.did_not_attend.isChecked():
            return VisitStatus.DID_NOT_ATTEND
        return VisitStatus.COMPLETED

    def _show_parts(self) -> None:
        status = self.status()
        self.seen_box.setVisible(status is VisitStatus.COMPLETED)
        self.cancel_box.setVisible(status is VisitStatus.CANCELLED)
        self.notes_label.setText("&Why:" if status is VisitStatus.CANCELLED else "&Notes:")

    def seen_carer_ids(self) -> tuple[int, ...]:
        chosen = []
        for row in range(self.carers.count()):
            item = self.carers.item(row)
            member = item.data(Qt.ItemDataRole.UserRole)
            if member is not None and item.checkState() == Qt.CheckState.Checked:
                chosen.append(int(member))
        return tuple(chosen)

    def check_carer(self, name_starts: str) -> None:
        """Tick a carer by the start of their name (for keyboard users and tests)."""
        for row in range(self.carers.count()):
            item = self.carers.item(row)
            if item.text().startswith(name_starts):
                item.setCheckState(Qt.CheckState.Checked)

    def submit(self) -> None:
        status = self.status()
        outcome = VisitOutcome(
            status=status,
            saw_young_person=status is VisitStatus.COMPLETED and self.young_person.isChecked(),
            seen_carer_ids=self.seen_carer_ids() if status is VisitStatus.COMPLETED else (),
            cancelled_by=self.cancelled_by.currentText() if status is VisitStatus.CANCELLED else "",
            notes=self.notes.toPlainText(),
        )
        try:
            self.saved = self.services.visits.record_outcome(
                self.actor, self.visit.id, outcome, edit_stamp=self.visit.edit_stamp
            )
        except StaleRecord as error:
            self._show(str(error))
            self.stale_save.handle(error)
            return
        except ValidationError as error:
            self._show("\n".join(error.problems.values()))
            return
        except (DomainError, ServiceError) as error:
            self._show(str(error))
            return
        self.accept()

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class RescheduleDialog(_VisitDialog):
    """Move a scheduled visit to a new time; the old booking stays in the history."""

    def __init__(
        self, services: Services, actor: Actor, visit: VisitDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, actor, visit, "Reschedule the visit", parent)
        self._confirming = False
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        form = QFormLayout()
        start, end = to_london(visit.start_at), to_london(visit.end_at)
        self.date = date_field("New date", start.date())
        self.start = UkTimeEdit("New start time", start.time().replace(second=0, microsecond=0))
        self.end = UkTimeEdit("New end time", end.time().replace(second=0, microsecond=0))
        when = QHBoxLayout()
        for widget in (self.date, QLabel("from"), self.start, QLabel("to"), self.end):
            when.addWidget(widget)
        form.addRow("When:", when)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        form.addRow("&Reason:", self.reason)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setAccessibleName("Problems")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for signal in (self.date.textChanged, self.start.textChanged, self.end.textChanged):
            signal.connect(lambda *_: self._edited())
        fields: dict[str, QWidget] = {"date": self.date, "start": self.start, "end": self.end}
        fields["reason"] = self.reason
        self.stale_save = StaleSave(self, lambda: fields, self._reload, self.your_typing)
        self.stale_save.remember_opened()

    def _edited(self) -> None:
        self._confirming = False
        self.save_button.setText("Save")

    def fields_by_name(self) -> dict[str, QWidget]:
        """Each field by the name the visit services give its problems."""
        start = self.date if self.date.value() is None else self.start
        return {"start_at": start, "end_at": self.end, "reason": self.reason}

    def submit(self) -> None:
        problems = when_problems(self.date, self.start, self.end)
        start_at, end_at = typed_instant(self.date, self.start), typed_instant(self.date, self.end)
        if problems or start_at is None or end_at is None:
            show_refusal(self.message, problems, self.fields_by_name())
            return
        try:
            self.saved = self.services.visits.reschedule(
                self.actor,
                self.visit.id,
                start_at,
                end_at,
                self.reason.text(),
                confirm=self._confirming,
                edit_stamp=self.visit.edit_stamp,
            )
        except StaleRecord as error:
            self._show(str(error), ERROR_STYLE)
            self.stale_save.handle(error)
            return
        except NeedsConfirmation as questions:
            self._confirming = True
            self.save_button.setText("Save anyway")
            self._show(
                "Please check before saving:\n• " + "\n• ".join(questions.questions), QUESTION_STYLE
            )
            return
        except ValidationError as error:
            show_refusal(self.message, error.problems, self.fields_by_name())
            return
        except (DomainError, ServiceError) as error:
            self._show(str(error), ERROR_STYLE)
            return
        self.accept()

    def _show(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.show()
