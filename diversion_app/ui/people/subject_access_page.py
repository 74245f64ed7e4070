"""The Subject access page (supervisors): every request not yet answered, the soonest due
first, with the days left; "Make pack…" answers the one chosen."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QPushButton, QVBoxLayout, QWidget

from diversion_app.domain.errors import DomainError
from diversion_app.domain.timekeeping import format_date, format_datetime, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.people.subject_access import RequestRow
from diversion_app.services.registry import Services
from diversion_app.ui.people.subject_access_dialog import make_pack
from diversion_app.ui.widgets.form_scaffold import plain_label
from diversion_app.ui.widgets.lazy_table import Column, LazyTableModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.page_base import Page


class SubjectAccessPage(Page):
    title = "Subject access"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.open_only = True

        def today() -> date:
            return london_today(services.ctx.now())

        columns: list[Column[RequestRow]] = [
            Column("Record", lambda r: str(r.young_person_id)),
            Column("Young person", lambda r: r.young_person),
            Column("Asked by", lambda r: r.requester),
            Column("Received", lambda r: format_date(r.received_on)),
            Column("Reply due", lambda r: format_date(r.due_on)),
            Column(
                "Days left",
                lambda r: (
                    (
                        f"Overdue by {-r.days_left(today())}"
                        if r.days_left(today()) < 0
                        else str(r.days_left(today()))
                    )
                    if r.sent_at is None
                    else ""
                ),
                foreground=lambda r: (
                    "#a4001d" if r.sent_at is None and r.days_left(today()) < 7 else None
                ),
            ),
            Column(
                "Status",
                lambda r: (
                    r.status.label
                    + (f" {format_datetime(r.sent_at)}" if r.sent_at is not None else "")
                ),
            ),
        ]
        self.model: LazyTableModel[RequestRow] = LazyTableModel(
            columns,
            lambda request: services.subject_access.requests(
                actor, request, open_only=self.open_only
            ),
            lambda _text: services.subject_access.count(actor, open_only=self.open_only),
            parent=self,
        )
        self.list = ListPage(self.title, self.model, noun=("request", "requests"))
        self.all_box = QCheckBox("Show answered requests too")
        self.all_box.setAccessibleName("Show answered requests too")
        self.all_box.toggled.connect(self._toggle)
        self.list.toolbar.addWidget(self.all_box)
        self.list.toolbar.addStretch(1)
        self.pack_button = QPushButton("&Make pack…")
        self.pack_button.setAccessibleName("Make pack")
        self.pack_button.clicked.connect(self.make_pack_for_current)
        self.list.toolbar.addWidget(self.pack_button)
        self.message = plain_label(
            "Requests are recorded from the young person's record (Subject access…)."
        )
        self.message.setAccessibleName("Result")
        self.message.setContentsMargins(9, 0, 9, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        self.list.reload()

    def _toggle(self, checked: bool) -> None:
        self.open_only = not checked
        self.list.reload()

    def make_pack_for_current(self) -> None:
        row = self.list.current_row()
        if row is None:
            self.message.setText("Choose a request first.")
            return
        try:
            written = make_pack(self, self.services, self.actor, row.id)
        except (DomainError, ServiceError) as error:
            self.message.setText(str(error))
            return
        if written is not None:
            self.message.setText(
                f"The pack is in {written.pdf.parent}: {written.pdf.name} ({written.pages} "
                f"pages) and {written.json.name}."
            )
            self.list.reload()
