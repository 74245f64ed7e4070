"""The follow-ups due: closed cases whose 12-month reoffending check has not been recorded."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QPushButton, QVBoxLayout, QWidget

from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.casework.follow_ups import FollowUpFilter, FollowUpRow
from diversion_app.services.registry import Services
from diversion_app.ui.casework.follow_up_form import FollowUpDialog
from diversion_app.ui.widgets.lazy_table import Column, LazyTableModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.reason_dialogs import with_reason

FOLLOW_UP_COLUMNS: list[Column[FollowUpRow]] = [
    Column("Young person", lambda r: r.young_person, sort_key="young_person"),
    Column("Follow-up due", lambda r: format_date(r.due_on), sort_key="due_on"),
    Column("Closed", lambda r: format_date(r.closed_on), sort_key="closed_on"),
    Column("Outcome", lambda r: r.outcome.label),
    Column("Caseworker", lambda r: r.caseworker),
]


class FollowUpsPanel(QWidget):
    """A paged list of follow-ups due; Enter or "Record follow-up…" records the selected one."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.filter = FollowUpFilter()
        listing = services.follow_ups
        self.model: LazyTableModel[FollowUpRow] = LazyTableModel(
            FOLLOW_UP_COLUMNS,
            lambda request: listing.page_due(actor, request, self.filter),
            lambda text: listing.count_due(actor, text, self.filter),
            parent=self,
        )
        self.list = ListPage(
            "Reoffending follow-ups due",
            self.model,
            noun=("follow-up", "follow-ups"),
            search_hint="Search follow-ups by the young person's name",
        )
        self.upcoming = QCheckBox("Include those not yet due")
        self.upcoming.setAccessibleName("Include follow-ups not yet due")
        self.upcoming.toggled.connect(self._set_upcoming)
        self.record_button = QPushButton("Record follow-&up…")
        self.record_button.setAccessibleName("Record follow-up")
        self.record_button.clicked.connect(self.record_selected)
        # officers and SPOCs read the list; caseworkers and supervisors record follow-ups
        self.record_button.setVisible(
            can(actor, Permission.WORK_REFERRAL) or can(actor, Permission.WORK_ANY_REFERRAL)
        )
        self.list.toolbar.addWidget(self.upcoming)
        self.list.toolbar.addWidget(self.record_button)
        self.list.on_row_activated(self._activated)
        self.dialog: FollowUpDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)

    def _set_upcoming(self, include: bool) -> None:
        self.filter = FollowUpFilter(due_only=not include)
        self.list.reload()

    def refresh(self) -> None:
        self.list.reload()

    def record_selected(self) -> None:
        row = self.list.current_row()
        if row is not None:
            self.record(row)

    def _activated(self, row: FollowUpRow) -> None:
        self.record(row)

    def record(self, row: FollowUpRow) -> FollowUpDialog | None:
        """Open the follow-up form (asking why first if the young person is not on the
        person's own list; None if they gave no reason)."""
        services, actor = self.services, self.actor
        dialog = with_reason(
            self, services, actor, lambda: FollowUpDialog(services, actor, row, self)
        )
        if dialog is None:
            return None
        self.dialog = dialog
        dialog.changed.connect(self.refresh)
        dialog.open()
        return dialog
