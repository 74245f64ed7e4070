"""The Schools page: every school by area, its SPOC, and the school work recorded there."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from diversion_app.services.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.services.schools import SchoolRow
from diversion_app.ui.models.lazy_table import Column, ListModel
from diversion_app.ui.views.base import Page
from diversion_app.ui.widgets.list_page import ListPage

SCHOOL_COLUMNS: list[Column[SchoolRow]] = [
    Column("School", lambda r: r.name),
    Column("Area", lambda r: r.area.label),
    Column("Type", lambda r: r.school_type.label),
    Column("SPOC", lambda r: r.spoc),
    Column("Open school referrals", lambda r: str(r.open_school_referrals), align_right=True),
    Column(
        "Restorative justice this year",
        lambda r: str(r.restorative_justice_this_year),
        align_right=True,
    ),
    Column("Referred to the YOS", lambda r: str(r.referrals_to_yos), align_right=True),
]


class SchoolsPage(Page):
    title = "Schools"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.model: ListModel[SchoolRow] = ListModel(
            SCHOOL_COLUMNS, lambda: services.schools.schools(actor), parent=self
        )
        self.list = ListPage(self.title, self.model, noun=("school", "schools"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)

    def refresh(self) -> None:
        self.list.reload()
