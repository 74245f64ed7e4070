"""The Audit trail page: who viewed, changed, disclosed or was refused what, and when.

Supervisors and administrators (READ_AUDIT) read it for one young person (by record
number) or one user, between two dates, and export what they see to CSV.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.access_rules import Recipient
from diversion_app.domain.audit_wording import record_words
from diversion_app.domain.errors import DomainError
from diversion_app.domain.timekeeping import format_datetime, london_today, parse_uk_date
from diversion_app.services.accounts.admin_lists import AuditFilter, AuditRow
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from diversion_app.services.reports.printing import ReportCancelled
from diversion_app.ui.widgets import reason_dialogs
from diversion_app.ui.widgets.form_scaffold import error_label, show_problem
from diversion_app.ui.widgets.lazy_table import Column, LazyTableModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.page_base import Page
from diversion_app.ui.widgets.uk_date import UkDateEdit
from diversion_app.ui.workers import BackgroundJob

AUDIT_COLUMNS: list[Column[AuditRow]] = [
    Column("When", lambda r: format_datetime(r.at)),
    Column("Who", lambda r: r.username),
    Column("What", lambda r: r.action.label),
    Column("Record", lambda r: record_words(r.entity, r.entity_id)),
    Column("Young person", lambda r: str(r.young_person_id or "")),
    Column("Details", lambda r: r.details, tooltip=lambda r: r.details),
]


class AuditPage(Page):
    title = "Audit trail"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.admin = services.admin
        self.filter = AuditFilter()
        self.model: LazyTableModel[AuditRow] = LazyTableModel(
            AUDIT_COLUMNS,
            lambda request: self.admin.audit_events(actor, request, self.filter),
            lambda _text: self.admin.audit_count(actor, self.filter),
            parent=self,
        )
        self.list = ListPage("Audit trail", self.model, noun=("event", "events"))
        self.young_person = QLineEdit()
        self.young_person.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.young_person.setPlaceholderText("record number")
        self.young_person.setAccessibleName("Young person record number")
        self.user = QComboBox()
        self.user.setAccessibleName("User")
        self.date_from = UkDateEdit("From date")
        self.date_to = UkDateEdit("To date")
        self.apply_button = QPushButton("&Show")
        self.apply_button.setAccessibleName("Show events")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply_filter)
        self.export_button = QPushButton("E&xport CSV…")
        self.export_button.setAccessibleName("Export to CSV")
        self.export_button.clicked.connect(self.choose_export_file)
        for field in (self.young_person, self.date_from, self.date_to):
            field.returnPressed.connect(self.apply_filter)
        filters = QFormLayout()
        who = QHBoxLayout()
        who.addWidget(self.young_person)
        who.addWidget(QLabel("User"))
        who.addWidget(self.user, 1)
        when = QHBoxLayout()
        when.addWidget(self.date_from)
        when.addWidget(QLabel("to"))
        when.addWidget(self.date_to)
        when.addWidget(self.apply_button)
        when.addWidget(self.export_button)
        self.export_progress = QProgressBar()
        self.export_progress.setAccessibleName("Export progress")
        self.export_progress.hide()
        self.cancel_export_button = QPushButton("Cancel export")
        self.cancel_export_button.setAccessibleName("Cancel the export")
        self.cancel_export_button.clicked.connect(self.cancel_export)
        self.cancel_export_button.hide()
        when.addWidget(self.export_progress)
        when.addWidget(self.cancel_export_button)
        when.addStretch(1)
        self.export_job = BackgroundJob(self)
        self.export_job.progressed.connect(self._export_progressed)
        self.export_job.succeeded.connect(self._export_succeeded)
        self.export_job.failed.connect(self._export_failed)
        self.export_job.cancelled.connect(self._export_cancelled)
        self.export_job.finished.connect(self._export_finished)
        self._export_path = Path()
        filters.addRow("Young person", who)
        filters.addRow("From", when)
        self.problem = error_label("audit problem", object_name="audit_problem")
        self.message = QLabel()
        self.message.setAccessibleName("Result")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        if self.user.count() == 0:
            self.user.addItem("Everyone", None)
            for person in self.admin.audit_people(self.actor):
                self.user.addItem(f"{person.display_name} ({person.username})", person.id)
        self.list.reload()

    def _read_filter(self) -> AuditFilter | None:
        problems = []
        dates: list[date | None] = []
        for field, name in ((self.date_from, "from"), (self.date_to, "to")):
            text = field.text().strip()
            if not text:
                dates.append(None)
                continue
            try:
                dates.append(parse_uk_date(text))
            except DomainError as error:
                problems.append(f"The {name} date: {error}")
                dates.append(None)
        if problems:
            show_problem(self.problem, " ".join(problems))
            return None
        if dates[0] and dates[1] and dates[0] > dates[1]:
            show_problem(self.problem, "The to date is before the from date.")
            return None
        person = self.young_person.text().strip()
        return AuditFilter(
            young_person_id=int(person) if person else None,
            user_id=self.user.currentData(),
            date_from=dates[0],
            date_to=dates[1],
        )

    def apply_filter(self) -> None:
        where = self._read_filter()
        if where is None:
            return
        show_problem(self.problem, None)
        self.filter = where
        self.list.reload()

    def choose_export_file(self) -> None:
        where = self._read_filter()
        if where is None:
            return
        for_whom = self.ask_recipient()
        if for_whom is None:
            return
        suggested = f"audit-trail-{london_today(self.services.ctx.now()).isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the audit trail", suggested, "CSV files (*.csv)"
        )
        if path:
            self.export_to(Path(path), where, for_whom)

    def ask_recipient(self) -> Recipient | None:
        """Ask who the export is for and why (tests replace this; a person sees the dialog)."""
        return reason_dialogs.ask_recipient(self, "audit trail export")

    def show_young_person(self, young_person_id: int) -> None:
        """Narrow the trail to one young person (from their record's "Audit trail" action)."""
        self.young_person.setText(str(young_person_id))
        self.user.setCurrentIndex(0)
        self.date_from.clear()
        self.date_to.clear()
        self.apply_filter()

    def export_to(
        self, path: Path, where: AuditFilter | None = None, for_whom: Recipient | None = None
    ) -> None:
        """Write the events the filter selects to ``path`` off the GUI thread.

        A progress bar with Cancel shows while it runs (a cancelled export leaves no file);
        the result, or what went wrong, is said in plain words when it ends.
        """
        where = where or self.filter
        for_whom = for_whom or self.ask_recipient()
        if for_whom is None:
            return
        actor, admin = self.actor, self.admin
        total = admin.audit_count(actor, where)

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
            def step(done: int) -> None:
                progress(min(done, total), total)
                if cancelled():
                    raise ReportCancelled

            try:
                return admin.export_audit_csv(actor, where, path, progress=step, for_whom=for_whom)
            except ReportCancelled:
                path.unlink(missing_ok=True)
                raise
            except OSError as error:
                path.unlink(missing_ok=True)
                raise DomainError(f"The file could not be written: {error.strerror}.") from None

        self.export_button.setEnabled(False)
        self.export_progress.setRange(0, max(total, 1))
        self.export_progress.setValue(0)
        self.export_progress.show()
        self.cancel_export_button.show()
        show_problem(self.problem, None)
        self.message.setText("Exporting the audit trail…")
        self._export_path = path
        self.export_job.start(work)

    def cancel_export(self) -> None:
        self.export_job.cancel()

    def _export_progressed(self, done: int, total: int) -> None:
        self.export_progress.setRange(0, max(total, 1))
        self.export_progress.setValue(done)

    def _export_succeeded(self, count: object) -> None:
        self.message.setText(f"Exported {int(str(count)):,} events to {self._export_path.name}.")
        self.list.reload()

    def _export_failed(self, message: str) -> None:
        self.message.clear()
        show_problem(self.problem, message)

    def _export_cancelled(self) -> None:
        self.message.setText("Export cancelled; no file was written.")

    def _export_finished(self) -> None:
        self.export_progress.hide()
        self.cancel_export_button.hide()
        self.export_button.setEnabled(True)
