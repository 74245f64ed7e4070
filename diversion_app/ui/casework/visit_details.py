"""One visit's details, with the actions a caseworker takes on it.

From here a scheduled visit's outcome is recorded or the visit is moved to another
time, and the referral is opened (when the referral record view is installed).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import VisitStatus
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date, format_time
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.casework.visits import VisitDetail
from diversion_app.services.referrals.access import may_work
from diversion_app.services.registry import Services
from diversion_app.ui.casework.visit_outcome import OutcomeDialog, RescheduleDialog

ReferralOpener = Callable[[QWidget, Services, Actor, int], Any]


def referral_opener() -> ReferralOpener | None:
    """The referral record window's opener, if that view is part of this build."""
    try:
        module = importlib.import_module("diversion_app.ui.referrals.referral_record")
    except ImportError:
        return None
    opener = getattr(module, "open_referral", None)
    return opener if callable(opener) else None


def describe(visit: VisitDetail) -> list[tuple[str, str]]:
    """The visit as (label, text) pairs, in the order a reader wants them."""
    rows = [
        ("Young person", visit.young_person),
        ("Referral", str(visit.referral_id)),
        (
            "When",
            f"{format_date(visit.start_at)} {format_time(visit.start_at)}"
            f"-{format_time(visit.end_at)}",
        ),
        ("Purpose", visit.purpose.label),
        (
            "Place",
            f"{visit.place.label}: {visit.place_detail}"
            if visit.place_detail
            else visit.place.label,
        ),
        ("Caseworker(s)", ", ".join(visit.caseworkers)),
        ("Status", visit.status.label),
    ]
    if visit.notes:
        rows.append(("Notes", visit.notes))
    if visit.status is VisitStatus.COMPLETED:
        seen = (["the young person"] if visit.saw_young_person else []) + list(visit.seen_carers)
        rows.append(("Seen", ", ".join(seen) or "nobody recorded"))
    if visit.cancelled_by:
        rows.append(("Cancelled by", visit.cancelled_by))
    if visit.outcome_notes:
        rows.append(("Outcome notes", visit.outcome_notes))
    if visit.rescheduled_from_id:
        rows.append(("Rescheduled from", f"visit {visit.rescheduled_from_id}"))
    if visit.rescheduled_to_id:
        rows.append(("Rescheduled to", f"visit {visit.rescheduled_to_id}"))
    if visit.contact_id:
        rows.append(("Contact", "recorded from this visit (counts for the 48-hour clock)"))
    return rows


class VisitDetailsDialog(QDialog):
    """Shows a visit; ``changed`` is emitted after an outcome or a reschedule is saved."""

    changed = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        visit_id: int,
        parent: QWidget | None = None,
        *,
        show_referral_button: bool = True,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.visit_id = visit_id
        self.child: QDialog | None = None
        self.setWindowTitle("Visit")
        self.setAccessibleName("Visit details")
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.outcome_button = QPushButton("Record &outcome…")
        self.outcome_button.setAccessibleName("Record outcome")
        self.reschedule_button = QPushButton("&Reschedule…")
        self.reschedule_button.setAccessibleName("Reschedule")
        self.referral_button = QPushButton("Open re&ferral")
        self.referral_button.setAccessibleName("Open referral")
        for button in (self.outcome_button, self.reschedule_button, self.referral_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.outcome_button.clicked.connect(self.record_outcome)
        self.reschedule_button.clicked.connect(self.reschedule)
        self.referral_button.clicked.connect(self.open_referral)
        self.referral_button.setVisible(show_referral_button and referral_opener() is not None)
        layout.addWidget(self.buttons)
        self.load()

    def load(self) -> None:
        self.visit = self.services.visits.visit(self.actor, self.visit_id)
        while self.form.rowCount():
            self.form.removeRow(0)
        for label, text in describe(self.visit):
            value = QLabel(text)
            value.setWordWrap(True)
            value.setAccessibleName(label)
            self.form.addRow(f"{label}:", value)
        scheduled = self.visit.status is VisitStatus.SCHEDULED
        self.outcome_button.setEnabled(scheduled)
        self.reschedule_button.setEnabled(scheduled)
        # officers and SPOCs read the team's diary but do not record or move visits
        may_change = any(
            may_work(self.actor, caseworker_id) for caseworker_id in self.visit.caseworker_ids
        ) or can(self.actor, Permission.WORK_ANY_REFERRAL)
        self.outcome_button.setVisible(may_change)
        self.reschedule_button.setVisible(may_change)

    def value(self, label: str) -> str:
        """The text shown beside ``label`` ('' if there is none)."""
        for text_label, text in describe(self.visit):
            if text_label == label:
                return text
        return ""

    def record_outcome(self) -> None:
        self._open_child(OutcomeDialog(self.services, self.actor, self.visit, self))

    def reschedule(self) -> None:
        self._open_child(RescheduleDialog(self.services, self.actor, self.visit, self))

    def open_referral(self) -> None:
        opener = referral_opener()
        if opener is not None:
            opener(self, self.services, self.actor, self.visit.referral_id)

    def _open_child(self, dialog: QDialog) -> None:
        self.child = dialog
        dialog.accepted.connect(self._child_saved)
        dialog.open()

    def _child_saved(self) -> None:
        saved = getattr(self.child, "saved", None)
        if isinstance(saved, VisitDetail):
            self.visit_id = saved.id
        self.load()
        self.changed.emit()
