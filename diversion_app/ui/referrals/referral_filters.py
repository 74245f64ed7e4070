"""The Referrals page's quick filters: which referrals (open, overdue, due soon,
unallocated, all), mine only, a pathway and a caseworker.

They start on open referrals, due first, so the list opens on the work still to do rather
than on years of closed referrals. Each change re-queries the database (SQL paging).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QWidget

from diversion_app.domain.enums import Pathway
from diversion_app.domain.permissions import Permission
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.flow_layout import FlowLayout


@dataclass(frozen=True)
class Scope:
    label: str
    filter: ReferralFilter
    sort: str
    descending: bool = False


SCOPES = [
    Scope("Open referrals, due first", ReferralFilter(open_only=True), "urgency"),
    Scope("Overdue, most overdue first", ReferralFilter(overdue_only=True), "due"),
    Scope("Due soon, due first", ReferralFilter(due_soon_only=True), "due"),
    Scope("Unallocated, oldest first", ReferralFilter(unallocated_only=True), "received_at"),
    Scope("All referrals, newest first", ReferralFilter(), "received_at", True),
]


class ReferralQuickFilters(QWidget):
    """Emits ``changed`` whenever a filter is changed; ``current()`` is the filter."""

    changed = Signal()

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = FlowLayout(self)
        show_label = QLabel("S&how:")
        self.scope = QComboBox()
        self.scope.setAccessibleName("Show which referrals")
        for scope in SCOPES:
            self.scope.addItem(scope.label)
        show_label.setBuddy(self.scope)
        layout.addWidget(show_label)
        layout.addWidget(self.scope)
        self.mine = QCheckBox("&Mine only")
        self.mine.setAccessibleName("Only referrals allocated to me")
        self.mine.setVisible(actor.user_id is not None and can(actor, Permission.WORK_REFERRAL))
        layout.addWidget(self.mine)
        pathway_label = QLabel("Pa&thway:")
        self.pathway = QComboBox()
        self.pathway.setAccessibleName("Pathway")
        self.pathway.addItem("Any pathway", None)
        for member in Pathway:
            self.pathway.addItem(member.label, member.value)
        pathway_label.setBuddy(self.pathway)
        layout.addWidget(pathway_label)
        layout.addWidget(self.pathway)
        self.caseworker_label = QLabel("Case&worker:")
        self.caseworker = QComboBox()
        self.caseworker.setAccessibleName("Caseworker")
        self.caseworker.addItem("Any caseworker", None)
        if can(actor, Permission.ALLOCATE):
            for option in services.allocation.caseworkers(actor):
                self.caseworker.addItem(option.name, option.id)
        self.caseworker_label.setBuddy(self.caseworker)
        team = can(actor, Permission.ALLOCATE)
        self.caseworker_label.setVisible(team)
        self.caseworker.setVisible(team)
        layout.addWidget(self.caseworker_label)
        layout.addWidget(self.caseworker)
        self.scope.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.mine.toggled.connect(lambda _on: self.changed.emit())
        self.pathway.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.caseworker.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def current_scope(self) -> Scope:
        return SCOPES[max(0, self.scope.currentIndex())]

    def current(self) -> ReferralFilter:
        chosen = self.current_scope().filter
        pathway = self.pathway.currentData()
        if pathway is not None:
            chosen = replace(chosen, pathway=Pathway(pathway))
        if self.mine.isChecked() and self.actor.user_id is not None:
            chosen = replace(chosen, caseworker_id=self.actor.user_id)
        elif self.caseworker.currentData() is not None:
            chosen = replace(chosen, caseworker_id=int(self.caseworker.currentData()))
        return chosen

    def describe(self) -> str:
        """The list's heading, in words."""
        words = self.current_scope().label
        if self.pathway.currentData() is not None:
            words += f"; {self.pathway.currentText().lower()} pathway"
        if self.mine.isChecked():
            words = "Mine: " + words[:1].lower() + words[1:]
        elif self.caseworker.currentData() is not None:
            words += f"; {self.caseworker.currentText()}"
        return words
