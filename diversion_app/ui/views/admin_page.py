"""The Administration page: user accounts and their roles, and the latest audit events."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from diversion_app.domain.timekeeping import format_datetime
from diversion_app.services.actor import Actor
from diversion_app.services.admin import AuditRow, UserRow
from diversion_app.services.listing import PageRequest
from diversion_app.services.registry import Services
from diversion_app.ui.models.lazy_table import Column, ListModel
from diversion_app.ui.views.base import Page
from diversion_app.ui.widgets.list_page import ListPage

USER_COLUMNS: list[Column[UserRow]] = [
    Column("Username", lambda r: r.username),
    Column("Name", lambda r: r.display_name),
    Column("Roles", lambda r: ", ".join(role.label for role in r.roles)),
    Column("Active", lambda r: "Yes" if r.active else "No (disabled)"),
    Column("Last signed in", lambda r: format_datetime(r.last_signed_in_at) or "Never"),
]

AUDIT_COLUMNS: list[Column[AuditRow]] = [
    Column("When", lambda r: format_datetime(r.at)),
    Column("Who", lambda r: r.username),
    Column("What", lambda r: r.action.label),
    Column("Record", lambda r: f"{r.entity} {r.entity_id}" if r.entity_id else r.entity),
]


class AdminPage(Page):
    title = "Administration"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.users_model: ListModel[UserRow] = ListModel(
            USER_COLUMNS, lambda: services.admin.users(actor), parent=self
        )
        self.audit_model: ListModel[AuditRow] = ListModel(
            AUDIT_COLUMNS,
            lambda: services.admin.audit_events(actor, PageRequest(limit=500)),
            parent=self,
        )
        self.users = ListPage("User accounts", self.users_model, noun=("account", "accounts"))
        self.audit = ListPage("Latest audit events", self.audit_model, noun=("event", "events"))
        tabs = QTabWidget()
        tabs.addTab(self.users, "Accounts")
        tabs.addTab(self.audit, "Audit trail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(tabs)

    def refresh(self) -> None:
        self.users.reload()
        self.audit.reload()
