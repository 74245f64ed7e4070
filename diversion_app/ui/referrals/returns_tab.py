"""The referral record's "Deadlines and returns" tab (registered in ``RECORD_EXTENSIONS``).

It shows the two working-day deadlines beside the 48-hour clock's badge, records the day
the police were told the recommended outcome, the police outcome code, Child Gravity
Matrix score and the victim's part in restorative justice, the Outcome 22 task, and the
Turnaround eligibility check with its reasons and flag.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import Pathway
from diversion_app.domain.permissions import Permission
from diversion_app.domain.police_outcome import (
    GRAVITY_MEANINGS,
    OutcomeCode,
    PoliceOutcomeForm,
    VictimContact,
)
from diversion_app.domain.snapshot import Answer
from diversion_app.domain.timekeeping import format_date, format_datetime, london_today
from diversion_app.domain.turnaround import TurnaroundEvent
from diversion_app.domain.working_days import DeadlineState
from diversion_app.services.base.permissions import can
from diversion_app.services.referrals.turnaround import TurnaroundInputs
from diversion_app.ui.referrals.deadline_style import deadline_style
from diversion_app.ui.referrals.referral_record import RECORD_EXTENSIONS, ReferralRecordView
from diversion_app.ui.widgets.form_scaffold import (
    FieldProblems,
    date_field,
    enum_combo,
    error_label,
    required_date,
)


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    # only the wrapping sentences grow; choices and buttons keep their natural width
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return form


def _sentence(accessible: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(accessible)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


class ReturnsTab(QScrollArea):
    def __init__(self, view: ReferralRecordView) -> None:
        super().__init__()
        self.view = view
        self.services, self.actor, self.referral_id = view.services, view.actor, view.referral_id
        self.police_stamp = ""
        self.outcome22_stamp = ""
        self.turnaround_stamp = ""
        """What the police outcome and Turnaround parts showed when read (see ``load``)."""
        self.setWidgetResizable(True)
        self.setAccessibleName("Deadlines and returns")
        content = QWidget()
        layout = QVBoxLayout(content)
        self.banner = QLabel()
        layout.addWidget(self.banner)
        errors = {
            name: error_label(f"Problem with {name.replace('_', ' ')}")
            for name in (
                "sent_on",
                "event_date",
                "gravity_score",
                "rj_offered",
                "rj_took_part",
                "views_considered",
                "flag",
            )
        }
        self.problems = FieldProblems(self.banner, errors)
        may_edit = can(self.actor, Permission.MAKE_REFERRAL)

        # --- deadlines
        deadlines = QGroupBox("Working-day deadlines")
        deadline_rows = _form(deadlines)
        self.assessment_line = QLabel()
        self.assessment_line.setAccessibleName("Assessment deadline")
        self.recommendation_line = QLabel()
        self.recommendation_line.setAccessibleName("Recommendation deadline")
        deadline_rows.addRow("Assessment (10 working days):", self.assessment_line)
        deadline_rows.addRow("Recommendation to the police (15):", self.recommendation_line)
        self.sent_on = date_field("Day the police were told", london_today(self.services.ctx.now()))
        self.sent_button = QPushButton("Record: police &told")
        self.sent_button.setAccessibleName("Record the day the police were told")
        sent_row = QHBoxLayout()
        sent_row.addWidget(self.sent_on)
        sent_row.addWidget(self.sent_button)
        sent_row.addStretch(1)
        deadline_rows.addRow("Police told the recommended outcome on:", sent_row)
        deadline_rows.addRow("", errors["sent_on"])
        deadline_rows.addRow(
            "",
            QLabel(
                "Working days leave out weekends, bank holidays in England and Wales and "
                "the scheme's own closure days."
            ),
        )
        layout.addWidget(deadlines)

        # --- police outcome and victim
        police = QGroupBox("Police outcome, gravity and victim")
        police_rows = _form(police)
        self.outcome_code = enum_combo(
            list(OutcomeCode), "Police outcome code", blank="Not recorded"
        )
        self.gravity = QComboBox()
        self.gravity.setAccessibleName("Child Gravity Matrix score")
        self.gravity.addItem("Not recorded", None)
        for score, words in GRAVITY_MEANINGS.items():
            self.gravity.addItem(words, score)
        self.victim_present = enum_combo(list(Answer), "Is there a victim")
        self.rj_offered = enum_combo(list(Answer), "Victim offered restorative justice")
        self.rj_took_part = enum_combo(list(Answer), "Victim took part")
        self.views_considered = enum_combo(list(Answer), "Victim's views taken into account")
        police_rows.addRow("Outcome code:", self.outcome_code)
        police_rows.addRow("Gravity score (at the time):", self.gravity)
        police_rows.addRow("", errors["gravity_score"])
        police_rows.addRow("Victim:", self.victim_present)
        police_rows.addRow("Offered restorative justice:", self.rj_offered)
        police_rows.addRow("", errors["rj_offered"])
        police_rows.addRow("Took part:", self.rj_took_part)
        police_rows.addRow("", errors["rj_took_part"])
        police_rows.addRow("Views taken into account:", self.views_considered)
        police_rows.addRow("", errors["views_considered"])
        self.police_save = QPushButton("&Save outcome and victim")
        police_rows.addRow("", self.police_save)
        self.outcome22 = _sentence("Outcome 22")
        self.outcome22_button = QPushButton("Mark Outcome &22 recorded")
        police_rows.addRow("Outcome 22:", self.outcome22)
        police_rows.addRow("", self.outcome22_button)
        police.setEnabled(may_edit)
        layout.addWidget(police)

        # --- Turnaround
        turnaround = QGroupBox("Turnaround eligibility")
        turn_rows = _form(turnaround)
        self.turnaround_event = enum_combo(
            list(TurnaroundEvent), "Qualifying event", blank="None recorded"
        )
        self.event_on = date_field(
            "Date of the qualifying event", london_today(self.services.ctx.now())
        )
        self.referred_before = QCheckBox("Referred to Turnaround before")
        self.statutory_order = QCheckBox("Has been on a statutory court order")
        self.flag = QCheckBox("Flag this referral as Turnaround (counted in the returns)")
        self.decision = _sentence("Turnaround decision")
        self.check_button = QPushButton("C&heck eligibility")
        self.turnaround_save = QPushButton("Save T&urnaround")
        turn_rows.addRow("Qualifying event:", self.turnaround_event)
        turn_rows.addRow("Event date:", self.event_on)
        turn_rows.addRow("", errors["event_date"])
        turn_rows.addRow("", self.referred_before)
        turn_rows.addRow("", self.statutory_order)
        turn_rows.addRow("Decision:", self.decision)
        turn_rows.addRow("", self.flag)
        turn_rows.addRow("", errors["flag"])
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.turnaround_save)
        buttons.addStretch(1)
        turn_rows.addRow("", buttons)
        turn_rows.addRow(
            "",
            QLabel(
                "Age, looked-after status and a child protection plan come from the young "
                "person's record and the latest snapshot."
            ),
        )
        turnaround.setEnabled(may_edit)
        layout.addWidget(turnaround)
        layout.addStretch(1)
        self.setWidget(content)

        self.sent_button.clicked.connect(self.record_sent)
        self.police_save.clicked.connect(self.save_police)
        self.outcome22_button.clicked.connect(self.mark_outcome22)
        self.check_button.clicked.connect(self.check_turnaround)
        self.turnaround_save.clicked.connect(self.save_turnaround)
        self.reload()

    # --- showing ---------------------------------------------------------------------------
    def reload(self) -> None:
        deadlines = self.services.deadlines.for_referral(self.actor, self.referral_id)
        for line, reading in (
            (self.assessment_line, deadlines.assessment),
            (self.recommendation_line, deadlines.recommendation),
        ):
            text = reading.summary[:1].upper() + reading.summary[1:]
            line.setText(text)
            line.setAccessibleDescription(text)
            line.setStyleSheet(deadline_style(reading))
        record = self.view.record
        diversion = record is not None and record.pathway is Pathway.DIVERSION
        may_work = record is not None and record.may_work
        self.sent_on.setEnabled(diversion and may_work)
        self.sent_button.setEnabled(diversion and may_work)
        police = self.services.police_outcome.for_referral(self.actor, self.referral_id)
        self.police_stamp = police.edit_stamp  # a save over someone else's is refused
        self.outcome22_stamp = police.outcome22_stamp
        form = police.form
        self.outcome_code.set_value(form.outcome_code)
        gravity = form.gravity_score if form.gravity_score is not None else police.linked_cr_gravity
        self.gravity.setCurrentIndex(max(0, self.gravity.findData(gravity)))
        self.victim_present.set_value(form.victim.has_victim)
        self.rj_offered.set_value(form.victim.rj_offered)
        self.rj_took_part.set_value(form.victim.rj_took_part)
        self.views_considered.set_value(form.victim.views_considered)
        if police.outcome22_done_at is not None:
            self.outcome22.setText(
                f"Recorded by the police ({format_datetime(police.outcome22_done_at)})."
            )
        elif police.outcome22_due_at is not None:
            self.outcome22.setText(
                "The programme was completed: Outcome 22 can now be recorded "
                f"(since {format_date(police.outcome22_due_at)})."
            )
        else:
            self.outcome22.setText("Not yet: recorded once a diversion programme is completed.")
        self.outcome22_button.setVisible(
            police.outcome22_due_at is not None and police.outcome22_done_at is None
        )
        turnaround = self.services.turnaround.check(self.actor, self.referral_id)
        self.turnaround_stamp = turnaround.edit_stamp
        self.turnaround_event.set_value(turnaround.inputs.event)
        if turnaround.inputs.event_date is not None:
            self.event_on.set_value(turnaround.inputs.event_date)
        self.referred_before.setChecked(turnaround.inputs.referred_before)
        self.statutory_order.setChecked(turnaround.inputs.statutory_order)
        self.flag.setChecked(turnaround.flagged)
        self._show_decision(turnaround.decision.eligible, turnaround.decision.reasons)

    def _show_decision(self, eligible: bool, reasons: tuple[str, ...]) -> None:
        words = "Eligible" if eligible else "Not eligible"
        self.decision.setText(f"{words}: " + " ".join(reasons))
        colour = "#1b5e20" if eligible else "#8b0000"
        self.decision.setStyleSheet(f"color: {colour}; font-weight: 600;")

    # --- actions ---------------------------------------------------------------------------
    def _done(self) -> None:
        self.view.changed.emit()  # the tab and the strip re-read

    def record_sent(self) -> None:
        deadlines, actor, referral = self.services.deadlines, self.actor, self.referral_id

        def record() -> None:
            day = required_date(
                self.sent_on, "sent_on", "Type the day the police were told, like 28/11/2026."
            )
            deadlines.record_recommendation_sent(actor, referral, day)

        if self.problems.attempt(record):
            self._done()

    def police_form(self) -> PoliceOutcomeForm:
        return PoliceOutcomeForm(
            outcome_code=self.outcome_code.value(),
            gravity_score=self.gravity.currentData(),
            victim=VictimContact(
                self.victim_present.value() or Answer.NOT_KNOWN,
                self.rj_offered.value() or Answer.NOT_KNOWN,
                self.rj_took_part.value() or Answer.NOT_KNOWN,
                self.views_considered.value() or Answer.NOT_KNOWN,
            ),
        )

    def save_police(self) -> None:
        form = self.police_form()
        service, actor, referral = self.services.police_outcome, self.actor, self.referral_id
        stamp = self.police_stamp
        if self.problems.attempt(lambda: service.save(actor, referral, form, edit_stamp=stamp)):
            self._done()

    def mark_outcome22(self) -> None:
        service, actor, referral = self.services.police_outcome, self.actor, self.referral_id
        stamp = self.outcome22_stamp
        if self.problems.attempt(
            lambda: service.mark_outcome22_recorded(actor, referral, edit_stamp=stamp)
        ):
            self._done()

    def turnaround_inputs(self) -> TurnaroundInputs:
        event = self.turnaround_event.value()
        return TurnaroundInputs(
            event=event,
            event_date=(
                required_date(self.event_on, "event_date", "Type the date of the event.")
                if event is not None
                else None
            ),
            referred_before=self.referred_before.isChecked(),
            statutory_order=self.statutory_order.isChecked(),
        )

    def check_turnaround(self) -> None:
        def check() -> None:
            inputs = self.turnaround_inputs()
            result = self.services.turnaround.check(self.actor, self.referral_id, inputs)
            self._show_decision(result.decision.eligible, result.decision.reasons)

        self.problems.attempt(check)

    def save_turnaround(self) -> None:
        flag = self.flag.isChecked()
        service, actor, referral = self.services.turnaround, self.actor, self.referral_id
        stamp = self.turnaround_stamp
        if self.problems.attempt(
            lambda: service.save(actor, referral, self.turnaround_inputs(), flag, edit_stamp=stamp)
        ):
            self._done()


class DeadlineStrip(QLabel):
    """One line under the 48-hour clock: both working-day deadlines in words and colour."""

    def __init__(self, view: ReferralRecordView) -> None:
        super().__init__()
        self.view = view
        self.setObjectName("deadlineStrip")
        self.setAccessibleName("Working-day deadlines")
        self.setWordWrap(True)
        self.refresh()

    def refresh(self) -> None:
        deadlines = self.view.services.deadlines.for_referral(
            self.view.actor, self.view.referral_id
        )
        parts = [f"Assessment: {deadlines.assessment.summary}"]
        if deadlines.recommendation.due_on is not None:
            parts.append(f"Recommendation to the police: {deadlines.recommendation.summary}")
        text = "Working-day deadlines — " + " · ".join(parts)
        self.setText(text)
        self.setAccessibleDescription(text)
        worst = max(
            (deadlines.assessment, deadlines.recommendation),
            key=lambda reading: _SEVERITY.get(reading.state, 0),
        )
        self.setStyleSheet(f"QLabel#deadlineStrip {{ {deadline_style(worst)} }}")


_SEVERITY = {
    DeadlineState.OVERDUE: 4,
    DeadlineState.MISSED: 3,
    DeadlineState.DUE_SOON: 2,
    DeadlineState.ON_TRACK: 1,
}


def add_returns_tab(view: ReferralRecordView) -> None:
    tab = ReturnsTab(view)
    view.add_tab(tab, "Deadlines and returns")
    strip = DeadlineStrip(view)
    layout = view.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(layout.indexOf(view.clock_badge) + 1, strip)
    view.changed.connect(strip.refresh)
    view.changed.connect(tab.reload)


if add_returns_tab not in RECORD_EXTENSIONS:
    RECORD_EXTENSIONS.append(add_returns_tab)
