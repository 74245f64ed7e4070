"""The referral record's Visits tab and its "Schedule visit" button (added by extension).

Registered in ``referral_record.RECORD_EXTENSIONS`` when this module is imported (the
Diary page imports it), so every referral record lists its visits, earliest first, with
their outcome, and books a new one with the same visit form the diary uses.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import VisitStatus
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_datetime, format_time
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.casework.visits import VisitDetail
from diversion_app.services.registry import Services
from diversion_app.ui.casework.visit_details import VisitDetailsDialog
from diversion_app.ui.casework.visit_form import VisitForm
from diversion_app.ui.referrals.referral_record import RECORD_EXTENSIONS, ReferralRecordView

HEADINGS = ["When", "Purpose", "Place", "Caseworker(s)", "Status", "Outcome"]


def outcome_text(visit: VisitDetail) -> str:
    if visit.status is VisitStatus.COMPLETED:
        seen = (["young person"] if visit.saw_young_person else []) + list(visit.seen_carers)
        return "Seen: " + ", ".join(seen) if seen else ""
    if visit.status is VisitStatus.CANCELLED:
        return f"By {visit.cancelled_by}: {visit.outcome_notes}".strip()
    return visit.outcome_notes


class ReferralVisitsTab(QWidget):
    def __init__(self, services: Services, actor: Actor, view: ReferralRecordView) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.visits: list[VisitDetail] = []
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(HEADINGS))
        self.table.setAccessibleName("Visits")
        self.table.setHorizontalHeaderLabels(HEADINGS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        # "activated" is Enter and, in every desktop style, a double-click: one window
        self.table.cellActivated.connect(lambda row, _col: self.open_visit(row))
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.open_button = QPushButton("&Open visit…")
        self.open_button.setAccessibleName("Open visit")
        self.open_button.clicked.connect(lambda: self.open_visit(self.table.currentRow()))
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.visits = self.services.visits.visits_for_referral(self.actor, self.view.referral_id)
        self.table.setRowCount(len(self.visits))
        for row, visit in enumerate(self.visits):
            cells = [
                f"{format_datetime(visit.start_at)}-{format_time(visit.end_at)}",
                visit.purpose.label,
                visit.place.label,
                ", ".join(visit.caseworkers),
                visit.status.label,
                outcome_text(visit),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def open_visit(self, row: int) -> None:
        if not 0 <= row < len(self.visits):
            return
        dialog = VisitDetailsDialog(
            self.services, self.actor, self.visits[row].id, self, show_referral_button=False
        )
        dialog.changed.connect(self.changed)
        self.dialog = dialog
        dialog.open()

    def schedule(self) -> VisitForm:
        form = VisitForm(self.services, self.actor, referral_id=self.view.referral_id, parent=self)
        form.accepted.connect(self.changed)
        self.dialog = form
        form.open()
        return form

    def changed(self) -> None:
        """A visit was booked or its outcome recorded: the clock and contacts may have moved."""
        self.reload()
        self.view.reload()
        self.view.changed.emit()


def add_visits(view: ReferralRecordView) -> None:
    if not can(view.actor, Permission.READ_CASE_NOTES):
        return  # visits are case notes: not for a police officer or a SPOC
    tab = ReferralVisitsTab(view.services, view.actor, view)
    view.add_tab(tab, "Visits")
    button = QPushButton("Schedule &visit…")
    button.setAccessibleName("Schedule visit")
    button.clicked.connect(lambda _checked=False: tab.schedule())
    record = view.record
    button.setVisible(record is not None and record.may_work and record.status.is_open)
    view.add_action(button)
    view.visits_tab = tab  # type: ignore[attr-defined]
    view.schedule_visit_button = button  # type: ignore[attr-defined]


if add_visits not in RECORD_EXTENSIONS:
    RECORD_EXTENSIONS.append(add_visits)
