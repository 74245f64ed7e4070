"""The Young people page: find a young person by name, date of birth, postcode or identifier."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from diversion_app.domain.timekeeping import format_date
from diversion_app.services.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.services.young_people import YoungPersonRow
from diversion_app.ui.models.lazy_table import Column, LazyTableModel
from diversion_app.ui.views.base import Page
from diversion_app.ui.widgets.list_page import ListPage

COLUMNS: list[Column[YoungPersonRow]] = [
    Column("Name", lambda r: r.name, sort_key="name"),
    Column("Date of birth", lambda r: format_date(r.date_of_birth), sort_key="date_of_birth"),
    Column("Age", lambda r: str(r.age), align_right=True),
    Column("Area", lambda r: r.area.label, sort_key="area"),
    Column("School", lambda r: r.school),
    Column("Open referral", lambda r: r.open_referral),
]


class YoungPeoplePage(Page):
    title = "Young people"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        people = services.young_people
        self.model: LazyTableModel[YoungPersonRow] = LazyTableModel(
            COLUMNS,
            lambda request: people.search(actor, request),
            lambda text: people.count(actor, text),
            parent=self,
        )
        self.list = ListPage(
            self.title,
            self.model,
            noun=("young person", "young people"),
            search_hint="Search by name, date of birth (05/03/2011), postcode or police ID",
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)

    def refresh(self) -> None:
        self.list.reload()
