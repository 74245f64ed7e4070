"""Recording the 12-month reoffending follow-up: did the young person come to notice again?"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.closure import FollowUpForm
from diversion_app.domain.timekeeping import format_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.casework.follow_ups import FollowUpRow
from diversion_app.services.referrals.access import may_work
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_scaffold import FieldProblems, error_label, read_only_notice


class FollowUpDialog(QDialog):
    changed = Signal()

    def __init__(
        self, services: Services, actor: Actor, row: FollowUpRow, parent: QWidget | None = None
    ) -> None:
        # read first (the form's opening): a refusal leaves no half-built window behind
        options = services.follow_ups.link_options(actor, row.closure_id)
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.row = row
        self.setWindowTitle(f"12-month follow-up — {row.young_person}")
        self.resize(600, 420)
        heading = QLabel(f"12-month follow-up: {row.young_person}")
        heading.setObjectName("pageHeading")
        summary = QLabel(
            f"Closed on {format_date(row.closed_on)} ({row.outcome.label.lower()}); "
            f"follow-up due {format_date(row.due_on)}."
        )
        summary.setWordWrap(True)
        banner = QLabel()
        errors = {
            name: error_label(f"Problem with {name.replace('_', ' ')}")
            for name in ("came_to_notice", "details", "community_resolution_id", "new_referral_id")
        }
        self.yes = QRadioButton("&Yes")
        self.no = QRadioButton("&No")
        self.no.setChecked(True)
        self.yes.setAccessibleName("Came to notice again: yes")
        self.no.setAccessibleName("Came to notice again: no")
        group = QButtonGroup(self)
        group.addButton(self.yes)
        group.addButton(self.no)
        answer = QHBoxLayout()
        answer.addWidget(self.yes)
        answer.addWidget(self.no)
        answer.addStretch(1)
        self.details = QPlainTextEdit()
        self.details.setAccessibleName("What happened")
        self.details.setTabChangesFocus(True)
        self.new_cr = QComboBox()
        self.new_cr.setAccessibleName("New Community Resolution")
        self.new_cr.addItem("None", None)
        for option in options.community_resolutions:
            self.new_cr.addItem(option.text, option.id)
        self.new_referral = QComboBox()
        self.new_referral.setAccessibleName("New referral")
        self.new_referral.addItem("None", None)
        for option in options.referrals:
            self.new_referral.addItem(option.text, option.id)
        self.record_button = QPushButton("&Record follow-up")
        form = QFormLayout()
        form.addRow("Came to notice again?", answer)
        form.addRow("", errors["came_to_notice"])
        form.addRow("&What happened", self.details)
        form.addRow("", errors["details"])
        form.addRow("New &CR", self.new_cr)
        form.addRow("", errors["community_resolution_id"])
        form.addRow("New re&ferral", self.new_referral)
        form.addRow("", errors["new_referral_id"])
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(summary)
        layout.addWidget(banner)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.problems = FieldProblems(banner, errors)
        self.record_button.clicked.connect(self.record)
        self.may_work = may_work(actor, row.caseworker_id)
        self.read_only = read_only_notice()
        layout.insertWidget(layout.indexOf(banner), self.read_only)
        self.read_only.setVisible(not self.may_work)
        for part in (self.yes, self.no, self.details, self.new_cr, self.new_referral):
            part.setEnabled(self.may_work)
        self.record_button.setVisible(self.may_work)

    def form(self) -> FollowUpForm:
        return FollowUpForm(
            came_to_notice=self.yes.isChecked(),
            details=self.details.toPlainText(),
            community_resolution_id=self.new_cr.currentData(),
            new_referral_id=self.new_referral.currentData(),
        )

    def record(self) -> None:
        form = self.form()
        follow_ups, actor, closure = self.services.follow_ups, self.actor, self.row.closure_id
        if self.problems.attempt(lambda: follow_ups.record(actor, closure, form)):
            self.changed.emit()
            self.accept()
