"""The visit form: book a visit from a referral or from the diary.

For a first-contact visit it lists free slots before the referral's 48-hour due time and
warns as soon as the chosen time is after it. Clashes, times outside working hours and
visits in the past are put to the user as questions; "Save anyway" confirms them.
Nothing is saved until every problem is fixed; the form keeps what was typed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.diary import DEFAULT_VISIT_LENGTH, Interval, NeedsConfirmation
from diversion_app.domain.enums import VisitPlace, VisitPurpose
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.timekeeping import (
    format_datetime,
    format_time,
    london_today,
    to_london,
)
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.casework.visits import ReferralForVisit, VisitDetail, VisitDraft
from diversion_app.services.registry import Services
from diversion_app.ui.casework.visit_when import (
    ERROR_STYLE,
    minutes_of,
    show_refusal,
    typed_instant,
    when_problems,
)
from diversion_app.ui.widgets.form_scaffold import date_field
from diversion_app.ui.widgets.uk_time import UkTimeEdit

QUESTION_STYLE = "color: #5c3c00; background: #fff3cd; padding: 6px; border-radius: 4px;"


class VisitForm(QDialog):
    """Book a visit. ``saved`` holds the visit once it is booked."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        referral_id: int | None = None,
        caseworker_id: int | None = None,
        day: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.saved: VisitDetail | None = None
        self.context: ReferralForVisit | None = None
        self._confirming = False
        self._address_typed = False
        self.setWindowTitle("Schedule a visit")
        self.setAccessibleName("Schedule a visit")
        now = services.ctx.now()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.referral = QComboBox(self)
        self.referral.setAccessibleName("Referral")
        self.referral_label = QLabel()
        if referral_id is None:
            for option in services.visits.open_referrals(actor, caseworker_id):
                self.referral.addItem(option.label, option.referral_id)
            form.addRow("&Referral:", self.referral)
        else:
            self.referral.addItem("", referral_id)
            self.referral.hide()
            form.addRow("Referral:", self.referral_label)
        self.due_label = QLabel()
        self.due_label.setAccessibleName("48-hour due time")
        form.addRow("48-hour clock:", self.due_label)

        self.caseworkers = QListWidget()
        self.caseworkers.setAccessibleName("Caseworkers")
        self.caseworkers.setMaximumHeight(90)
        for worker in services.diary.caseworkers(actor):
            item = QListWidgetItem(worker.name)
            item.setData(Qt.ItemDataRole.UserRole, worker.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.caseworkers.addItem(item)
        form.addRow("&Caseworker(s):", self.caseworkers)

        self.purpose = QComboBox()
        self.purpose.setAccessibleName("Purpose")
        for purpose in VisitPurpose:
            self.purpose.addItem(purpose.label, purpose)
        form.addRow("&Purpose:", self.purpose)

        when = QHBoxLayout()
        self.date = date_field("Date", day or london_today(now))
        first_hour = 10
        if (day or london_today(now)) == london_today(now):
            first_hour = max(first_hour, min(to_london(now).hour + 1, 22))
        self.start = UkTimeEdit("Start time", time(first_hour, 0))
        self.end = UkTimeEdit("End time", time(first_hour + 1, 0))
        self._last_start = self.start.value()
        when.addWidget(self.date)
        when.addWidget(QLabel("from"))
        when.addWidget(self.start)
        when.addWidget(QLabel("to"))
        when.addWidget(self.end)
        when.addStretch(1)
        form.addRow("When:", when)
        self.after_due = QLabel()
        self.after_due.setAccessibleName("Due time warning")
        self.after_due.setStyleSheet(QUESTION_STYLE)
        self.after_due.setWordWrap(True)
        self.after_due.hide()
        form.addRow("", self.after_due)

        self.slots = QListWidget()
        self.slots.setAccessibleName("Free slots before the due time")
        self.slots.setMaximumHeight(110)
        self.slots_label = QLabel("Free &slots before the due time:")
        self.slots_label.setBuddy(self.slots)
        form.addRow(self.slots_label, self.slots)

        self.place = QComboBox()
        self.place.setAccessibleName("Place")
        for place in VisitPlace:
            self.place.addItem(place.label, place)
        form.addRow("P&lace:", self.place)
        self.place_detail = QLineEdit()
        self.place_detail.setAccessibleName("Address or place")
        form.addRow("&Address or place:", self.place_detail)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setMaximumHeight(70)
        form.addRow("&Notes:", self.notes)

        self.message = QLabel()
        self.message.setAccessibleName("Problems")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save visit")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.referral.currentIndexChanged.connect(lambda _i: self._load_referral())
        self.purpose.currentIndexChanged.connect(lambda _i: self._purpose_changed())
        self.place.currentIndexChanged.connect(lambda _i: self._place_changed())
        self.place_detail.textEdited.connect(self._detail_typed)
        self.slots.itemActivated.connect(self._use_slot)
        self.start.textChanged.connect(lambda _text: self._start_changed())
        self.caseworkers.itemChanged.connect(lambda _item: self._caseworkers_changed())
        for signal in (
            self.date.textChanged,
            self.end.textChanged,
            self.notes.textChanged,
        ):
            signal.connect(lambda *_: self._edited())
        self._default_caseworker = caseworker_id
        self._load_referral()

    # --- what the form shows ----------------------------------------------------------------
    def _load_referral(self) -> None:
        referral_id = self.referral.currentData()
        if referral_id is None:
            self.context = None
            self.due_label.setText("Choose a referral.")
            self.save_button.setEnabled(False)
            return
        self.save_button.setEnabled(True)
        self.context = self.services.visits.referral_for_visit(self.actor, int(referral_id))
        context = self.context
        self.referral_label.setText(f"{context.young_person} (referral {context.referral_id})")
        if context.clock_met_at is not None:
            self.due_label.setText(f"Met {format_datetime(context.clock_met_at)}")
        else:
            self.due_label.setText(f"Due {format_datetime(context.due_at)}")
        wanted = {self._default_caseworker or context.caseworker_id or self.actor.user_id}
        for row in range(self.caseworkers.count()):
            item = self.caseworkers.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in wanted:
                item.setCheckState(Qt.CheckState.Checked)
        first = context.clock_met_at is None
        self.purpose.setCurrentIndex(
            self.purpose.findData(VisitPurpose.FIRST_CONTACT if first else VisitPurpose.ASSESSMENT)
        )
        self._place_changed()
        self._purpose_changed()
        if first and self.slots.count() and self.slots.item(0).data(Qt.ItemDataRole.UserRole):
            self._use_slot(self.slots.item(0))  # the earliest free slot before the due time

    def _purpose_changed(self) -> None:
        first = self.chosen_purpose() is VisitPurpose.FIRST_CONTACT
        self.slots.setVisible(first)
        self.slots_label.setVisible(first)
        if first:
            self.refresh_slots()
        self._edited()

    def refresh_slots(self) -> None:
        self.slots.clear()
        if self.context is None:
            return
        length = self._length()
        context = self.context
        if context.clock_met_at is None and context.due_at > self.services.ctx.now():
            self.slots_label.setText("Free &slots before the due time:")
        else:
            self.slots_label.setText("Free &slots (the due time has passed):")
        found = self.services.visits.suggest_slots(
            self.actor, self.context.referral_id, self.chosen_caseworkers(), length
        )
        for slot in found:
            item = QListWidgetItem(
                f"{to_london(slot.start):%a} {format_datetime(slot.start)}-{format_time(slot.end)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, slot)
            self.slots.addItem(item)
        if not found:
            self.slots.addItem("No free slot is left before the due time.")

    def _place_changed(self) -> None:
        if self.context is None:
            return
        offered = {
            VisitPlace.HOME: self.context.household_address,
            VisitPlace.SCHOOL: self.context.school,
        }.get(self.chosen_place(), "")
        if not self._address_typed or not self.place_detail.text().strip():
            self.place_detail.setText(offered)
            self._address_typed = False
        self._edited()

    def _detail_typed(self, _text: str) -> None:
        self._address_typed = True
        self._edited()

    def _use_slot(self, item: QListWidgetItem) -> None:
        slot = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(slot, Interval):
            return
        start, end = to_london(slot.start), to_london(slot.end)
        self.date.set_value(start.date())
        self.start.set_value(start.time())
        self.end.set_value(end.time())

    def _start_changed(self) -> None:
        """Moving the start keeps the visit's length (within the day)."""
        value, previous, end = self.start.value(), self._last_start, self.end.value()
        if value is not None:
            self._last_start = value
            if previous is not None and end is not None:
                length = minutes_of(end) - minutes_of(previous)
                moved = minutes_of(value) + length
                if length > 0 and moved < 24 * 60:
                    self.end.set_value(time(moved // 60, moved % 60))
        self._edited()

    def _caseworkers_changed(self) -> None:
        if self.chosen_purpose() is VisitPurpose.FIRST_CONTACT:
            self.refresh_slots()
        self._edited()

    def _length(self) -> timedelta:
        start, end = self.start.value(), self.end.value()
        if start is None or end is None:
            return DEFAULT_VISIT_LENGTH
        span = datetime.combine(date.min, end) - datetime.combine(date.min, start)
        return span if span > timedelta(0) else DEFAULT_VISIT_LENGTH

    def _edited(self) -> None:
        """Any change takes back a pending "Save anyway" and re-checks the due time."""
        if self._confirming:
            self._confirming = False
            self.save_button.setText("Save")
            self.message.hide()
        self._check_due()

    def _check_due(self) -> None:
        context, start = self.context, self.start_at()
        late = (
            context is not None
            and context.clock_met_at is None
            and self.chosen_purpose() is VisitPurpose.FIRST_CONTACT
            and start is not None
            and start > context.due_at
        )
        if late and context is not None:
            self.after_due.setText(
                f"This time is after the 48-hour due time ({format_datetime(context.due_at)})."
            )
        self.after_due.setVisible(late)

    # --- reading the fields ---------------------------------------------------------------
    def chosen_purpose(self) -> VisitPurpose:
        return VisitPurpose(self.purpose.currentData())

    def chosen_place(self) -> VisitPlace:
        return VisitPlace(self.place.currentData())

    def chosen_caseworkers(self) -> list[int]:
        chosen = []
        for row in range(self.caseworkers.count()):
            item = self.caseworkers.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                chosen.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return chosen

    def fields_by_name(self) -> dict[str, QWidget]:
        """Each field by the name the visit services give its problems."""
        return {
            "start_at": self.date if self.date.value() is None else self.start,
            "end_at": self.end,
            "caseworkers": self.caseworkers,
            "place_detail": self.place_detail,
        }

    def start_at(self) -> datetime | None:
        return typed_instant(self.date, self.start)

    def end_at(self) -> datetime | None:
        return typed_instant(self.date, self.end)

    def draft(self) -> VisitDraft:
        """The typed visit; a ValidationError if the date or a time cannot be read."""
        assert self.context is not None
        problems = when_problems(self.date, self.start, self.end)
        start_at, end_at = self.start_at(), self.end_at()
        if problems or start_at is None or end_at is None:
            raise ValidationError(problems)
        return VisitDraft(
            referral_id=self.context.referral_id,
            caseworker_ids=tuple(self.chosen_caseworkers()),
            start_at=start_at,
            end_at=end_at,
            place=self.chosen_place(),
            purpose=self.chosen_purpose(),
            place_detail=self.place_detail.text(),
            notes=self.notes.toPlainText(),
        )

    # --- saving -------------------------------------------------------------------------------
    def submit(self) -> None:
        if self.context is None:
            self._show("Choose a referral for the visit.", ERROR_STYLE)
            return
        try:
            self.saved = self.services.visits.schedule(
                self.actor, self.draft(), confirm=self._confirming
            )
        except NeedsConfirmation as questions:
            self._confirming = True
            self.save_button.setText("Save anyway")
            self._show(
                "Please check before saving:\n• "
                + "\n• ".join(questions.questions)
                + "\nChoose Save anyway to book it as it is, or change the visit.",
                QUESTION_STYLE,
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
