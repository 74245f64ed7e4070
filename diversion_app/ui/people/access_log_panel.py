"""The record's "Access log" tab: who looked at this young person's record, when and why,
and every print, export or subject access pack that included them (newest first).

Shown to supervisors and to the young person's own caseworker; it pages through the
trail in SQL, so years of looks open as fast as a handful.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from diversion_app.domain.timekeeping import format_datetime
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.people.access_log import AccessLogRow
from diversion_app.services.registry import Services
from diversion_app.ui.people.record_tables import fill_table, record_table
from diversion_app.ui.widgets.form_scaffold import plain_label

ACCESS_LOG_COLUMNS = ["When", "Who", "What", "Why / for whom"]
PAGE = 100


class AccessLogPanel(QWidget):
    def __init__(
        self, services: Services, actor: Actor, young_person_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.young_person_id = young_person_id
        self.rows: list[AccessLogRow] = []
        self.total = 0
        layout = QVBoxLayout(self)
        self.summary = plain_label()
        self.summary.setAccessibleName("Access log summary")
        layout.addWidget(self.summary)
        self.table = record_table("Access log", ACCESS_LOG_COLUMNS)
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(1, 160)
        self.table.setColumnWidth(2, 300)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.more_button = QPushButton("Show &older entries")
        self.more_button.setAccessibleName("Show older entries")
        self.more_button.clicked.connect(self.show_more)
        row.addWidget(self.more_button)
        layout.addLayout(row)

    def reload(self) -> None:
        self.total = self.services.access.log_count(self.actor, self.young_person_id)
        self.rows = self.services.access.log(
            self.actor, self.young_person_id, PageRequest(limit=PAGE)
        )
        self._show()

    def show_more(self) -> None:
        self.rows += self.services.access.log(
            self.actor, self.young_person_id, PageRequest(offset=len(self.rows), limit=PAGE)
        )
        self._show()

    def _show(self) -> None:
        fill_table(
            self.table,
            [[format_datetime(r.at), r.who, r.what, r.why] for r in self.rows],
        )
        self.summary.setText(
            f"{self.total:,} entries; the newest {len(self.rows):,} are shown."
            if self.total > len(self.rows)
            else f"{self.total:,} entries."
        )
        self.more_button.setVisible(self.total > len(self.rows))

    def shown_rows(self) -> list[tuple[str, str, str, str]]:
        """Each row as shown (for tests and screen readers' sake, the same words)."""
        result = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(4)]
            texts = [cell.text() if cell else "" for cell in cells]
            result.append((texts[0], texts[1], texts[2], texts[3]))
        return result
