"""The Young people page: find a young person by name, date of birth, postcode or identifier.

The search narrows as you type; Enter or a double-click opens the record; 'Add young
person' (Ctrl+N) opens the form with its duplicate check.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.people.young_people import YoungPersonRow
from diversion_app.services.registry import Services
from diversion_app.ui.people import referral_household  # noqa: F401  (the Household tab)
from diversion_app.ui.people.young_person_dialog import YoungPersonDialog
from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
from diversion_app.ui.widgets.lazy_table import Column, LazyTableModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.page_base import Page

SEARCH_BATCH = 100
"""Rows fetched per batch: a screenful or three, so each keystroke fetches little."""

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
            batch_size=SEARCH_BATCH,
            fetch_first=lambda request: people.first_page(actor, request),
            parent=self,
        )
        self.list = ListPage(
            self.title,
            self.model,
            noun=("young person", "young people"),
            search_hint="Search by name, date of birth (05/03/2011), postcode or police ID",
        )
        self.add_button = QPushButton("&Add young person")
        self.add_button.setAccessibleName("Add young person")
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.add_button.setToolTip("Add a young person (Ctrl+N)")
        self.add_button.setEnabled(can(actor, Permission.EDIT_YOUNG_PERSON))
        self.add_button.clicked.connect(self.add_young_person)
        self.list.toolbar.addWidget(self.add_button)
        self.list.on_row_activated(lambda row: self._open_row(row.id))
        self.records: dict[int, YoungPersonRecordWindow] = {}
        self.add_dialog: YoungPersonDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)

    def refresh(self) -> None:
        self.list.reload()

    def add_young_person(self) -> YoungPersonDialog:
        dialog = YoungPersonDialog(self.services, self.actor, parent=self)
        dialog.saved.connect(self._added)
        dialog.open_existing.connect(self.open_record)
        self.add_dialog = dialog
        dialog.open()
        return dialog

    def _added(self, young_person_id: int) -> None:
        self.refresh()
        self.open_record(young_person_id)

    def _open_row(self, young_person_id: int) -> None:
        self.open_record(young_person_id)

    def open_record(self, young_person_id: int) -> YoungPersonRecordWindow:
        """Show the record's window (one per young person; raised if already open)."""
        window = self.records.get(young_person_id)
        if window is None:
            window = YoungPersonRecordWindow(self.services, self.actor, young_person_id, self)
            window.open_person.connect(self.open_record)
            window.changed.connect(self.list.model.refresh_loaded)
            window.destroyed.connect(lambda *_: self.records.pop(young_person_id, None))
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.records[young_person_id] = window
        else:
            window.reload()
        window.show()
        if QGuiApplication.platformName() != "offscreen":  # offscreen cannot raise windows
            window.raise_()
            window.activateWindow()
        return window
