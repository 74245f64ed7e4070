"""Closing a referral: what is still unsettled, the outcome, exit summary and date; the
supervisor approves (the referral closes and the 12-month follow-up falls due) or returns it.
A request or decision made after someone else asked for or decided the closure is refused
naming them, and the form reloads to show it (``widgets.stale_save``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.closure import ClosureBlocked, ClosureForm
from diversion_app.domain.enums import ClosureOutcome, ClosureStatus
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date, format_datetime, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.casework.closures import ClosureState
from diversion_app.services.referrals.access import may_work
from diversion_app.services.registry import Services
from diversion_app.ui.casework.snapshot_fields import SnapshotFields
from diversion_app.ui.widgets.form_scaffold import (
    SUMMARY_STYLE,
    FieldProblems,
    date_field,
    enum_combo,
    error_label,
    notice,
    read_only_notice,
    required_date,
)
from diversion_app.ui.widgets.stale_save import StaleSave, YourTypingPanel


def blocker_text(items: tuple[str, ...]) -> str:
    lines = "\n".join(f"• {item[0].upper()}{item[1:]}." for item in items)
    return f"Settle these before the case can be closed:\n{lines}"


class ClosureDialog(QDialog):
    changed = Signal()

    def __init__(
        self, services: Services, actor: Actor, referral_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.referral_id = referral_id
        self.state: ClosureState = services.closures.for_referral(actor, referral_id)
        self.setWindowTitle(f"Close the case — {self.state.referral.young_person}")
        self.resize(900, 720)
        self.heading = QLabel(f"Close the case: {self.state.referral.young_person}")
        self.heading.setObjectName("pageHeading")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Closure status")
        self.banner = QLabel()
        self.blockers = QLabel()
        self.blockers.setStyleSheet(SUMMARY_STYLE)
        self.blockers.setWordWrap(True)
        self.blockers.setAccessibleName("Still to settle")
        self.returned = notice("", "Supervisor's comment")
        self.may_work = may_work(actor, self.state.referral.caseworker_id)
        self.read_only = read_only_notice()

        errors = {
            name: error_label(f"Problem with {name.replace('_', ' ')}")
            for name in ("outcome", "exit_summary", "closed_on")
        }
        self.request_box = QGroupBox("Ask for the case to be closed")
        form = QFormLayout(self.request_box)
        self.outcome = enum_combo(list(ClosureOutcome), "Outcome", blank="Choose…")
        self.closed_on = date_field("Closure date", london_today(services.ctx.now()))
        self.exit_summary = QPlainTextEdit()
        self.exit_summary.setAccessibleName("Exit summary")
        self.exit_summary.setTabChangesFocus(True)
        self.exit_summary.setFixedHeight(70)
        self.end_snapshot = SnapshotFields(
            "End snapshot for the KPI return (starts from the assessment's; "
            "'Not known' is allowed and counted)"
        )
        self.end_snapshot.set_value(services.snapshots.for_referral(actor, referral_id).end_prefill)
        errors.update(self.end_snapshot.errors)
        self.request_button = QPushButton("&Ask a supervisor to close")
        form.addRow("&Outcome", self.outcome)
        form.addRow("", errors["outcome"])
        form.addRow("&Date", self.closed_on)
        form.addRow("", errors["closed_on"])
        form.addRow("&Exit summary", self.exit_summary)
        form.addRow("", errors["exit_summary"])
        form.addRow(self.end_snapshot)
        form.addRow("", self.request_button)

        self.decision_box = QGroupBox("Supervisor")
        decision = QVBoxLayout(self.decision_box)
        self.request_summary = QLabel()
        self.request_summary.setWordWrap(True)
        self.request_summary.setAccessibleName("Closure asked for")
        self.return_comment = QPlainTextEdit()
        self.return_comment.setAccessibleName("Comment when returning")
        self.return_comment.setPlaceholderText("What needs doing first (when returning)")
        self.return_comment.setFixedHeight(60)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton("A&pprove closure")
        self.return_button = QPushButton("&Return with comment")
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.return_button)
        decision.addWidget(self.request_summary)
        decision.addWidget(self.return_comment)
        decision.addLayout(buttons)

        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (
            self.heading,
            self.status_label,
            self.banner,
            self.blockers,
            self.returned,
            self.read_only,
            self.request_box,
            self.decision_box,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self.problems = FieldProblems(self.banner, errors)
        self.your_typing = YourTypingPanel()
        layout.insertWidget(layout.indexOf(self.banner) + 1, self.your_typing)
        fields = {
            "outcome": self.outcome,
            "closed_on": self.closed_on,
            "exit_summary": self.exit_summary,
            "return_comment": self.return_comment,
        }
        self.stale_save = StaleSave(self, lambda: fields, self._reload, self.your_typing)
        self.request_button.clicked.connect(self.request)
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(self.return_for_changes)
        self._load(self.state)

    def _load(self, state: ClosureState) -> None:
        self.state = state
        latest = state.latest
        self.blockers.setText(blocker_text(state.blockers) if state.blockers else "")
        may_request = state.can_request and self.may_work
        self.blockers.setVisible(bool(state.blockers) and may_request)
        self.request_box.setVisible(may_request)
        self.read_only.setVisible(state.can_request and not self.may_work)
        self.returned.setVisible(latest is not None and latest.status is ClosureStatus.RETURNED)
        if latest is not None and latest.return_comment:
            self.returned.setText(f"Returned by the supervisor: {latest.return_comment}")
        pending = latest is not None and latest.status is ClosureStatus.PENDING_APPROVAL
        self.decision_box.setVisible(pending and can(self.actor, Permission.APPROVE))
        if latest is None:
            self.status_label.setText(
                f"Referral status: {state.referral.status_label}. Nothing has been asked yet."
            )
        elif latest.status is ClosureStatus.APPROVED:
            self.status_label.setText(
                f"Closed on {format_date(latest.closed_on)} ({latest.outcome.label.lower()}); "
                f"approved by {latest.approved_by} at {format_datetime(latest.approved_at)}. "
                f"The 12-month follow-up is due on {format_date(latest.follow_up_due_on)}."
            )
        elif pending:
            self.status_label.setText(
                f"{latest.requested_by or 'A caseworker'} asked for closure on "
                f"{format_date(latest.closed_on)}; waiting for a supervisor's approval."
            )
            self.request_summary.setText(
                f"Outcome: {latest.outcome.label}\nExit summary: {latest.exit_summary}"
            )
        else:
            self.status_label.setText(
                f"Referral status: {state.referral.status_label}. "
                "The last request to close was returned."
            )
        self.stale_save.remember_opened()

    def _reload(self) -> None:
        self._load(self.services.closures.for_referral(self.actor, self.referral_id))
        self.changed.emit()

    def form(self) -> ClosureForm:
        return ClosureForm(
            outcome=self.outcome.value(),
            exit_summary=self.exit_summary.toPlainText(),
            closed_on=required_date(self.closed_on, "closed_on", "Type the closure date."),
        )

    def request(self) -> None:
        closures, actor, referral = self.services.closures, self.actor, self.referral_id
        end, stamp = self.end_snapshot.value(), self.state.edit_stamp
        if self.problems.attempt(
            lambda: closures.request(actor, referral, self.form(), end, edit_stamp=stamp)
        ):
            self._reload()
            return
        self._refused()
        error = self.problems.last_error
        if isinstance(error, ClosureBlocked):
            self.problems.clear()
            self.blockers.setText(blocker_text(error.items))
            self.blockers.show()

    def approve(self) -> None:
        latest = self.state.latest
        assert latest is not None
        closures, actor, stamp = self.services.closures, self.actor, latest.edit_stamp
        if self.problems.attempt(lambda: closures.approve(actor, latest.id, edit_stamp=stamp)):
            self._reload()
        else:
            self._refused()

    def return_for_changes(self) -> None:
        latest = self.state.latest
        assert latest is not None
        comment = self.return_comment.toPlainText()
        closures, actor, stamp = self.services.closures, self.actor, latest.edit_stamp
        if self.problems.attempt(
            lambda: closures.return_for_changes(actor, latest.id, comment, edit_stamp=stamp)
        ):
            self._reload()
        else:
            self._refused()

    def _refused(self) -> None:
        """After a refusal: someone else asked for or decided the closure since this form
        read it; say who, and reload to show it (what was typed stays in the fields)."""
        if self.stale_save.handle_if_stale(self.problems.last_error):
            self.problems.clear()
