"""The Reports page: the team's caseload by caseworker (printed reports build on it)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from diversion_app.services.actor import Actor
from diversion_app.services.caseload import CaseloadRow
from diversion_app.services.registry import Services
from diversion_app.ui.models.lazy_table import Column, ListModel
from diversion_app.ui.views.base import Page
from diversion_app.ui.views.follow_ups_panel import FollowUpsPanel
from diversion_app.ui.widgets.list_page import ListPage

CASELOAD_COLUMNS: list[Column[CaseloadRow]] = [
    Column("Caseworker", lambda r: r.caseworker),
    Column("Open referrals", lambda r: str(r.open_referrals), align_right=True),
    Column("Overdue", lambda r: str(r.overdue), align_right=True),
    Column("Due soon", lambda r: str(r.due_soon), align_right=True),
]


class ReportsPage(Page):
    title = "Reports"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.model: ListModel[CaseloadRow] = ListModel(
            CASELOAD_COLUMNS, lambda: services.caseload.by_caseworker(actor), parent=self
        )
        self.list = ListPage(
            "Caseload by caseworker", self.model, noun=("caseworker", "caseworkers")
        )
        self.follow_ups = FollowUpsPanel(services, actor)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Reports")
        self.tabs.addTab(self.list, "&Caseload")
        self.tabs.addTab(self.follow_ups, "&Follow-ups due")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        self.list.reload()
        self.follow_ups.refresh()
