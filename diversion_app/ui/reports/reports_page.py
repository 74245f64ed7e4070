"""The Reports page: print the caseload summary or the period report, export CSV, see caseloads.

The person picks a report and its options; the PDF (or CSV) is built off the GUI thread
with a progress bar and a Cancel button, then they can open it in the system viewer or
send it to a printer. Below sits the team's caseload by caseworker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.access_rules import Recipient
from diversion_app.domain.enums import Area
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.permissions import can
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from diversion_app.services.reports.caseload_data import CaseloadScope
from diversion_app.services.reports.caseload_figures import CaseloadRow
from diversion_app.services.reports.printing import WrittenReport
from diversion_app.ui.casework.follow_ups_panel import FollowUpsPanel
from diversion_app.ui.reports.kpi_options import KPI_RETURN, KpiOptions
from diversion_app.ui.widgets import reason_dialogs
from diversion_app.ui.widgets.form_scaffold import announce, date_field, read_date
from diversion_app.ui.widgets.lazy_table import Column, ListModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.page_base import Page
from diversion_app.ui.widgets.uk_date import UkDateEdit
from diversion_app.ui.workers import BackgroundJob

CASELOAD_COLUMNS: list[Column[CaseloadRow]] = [
    Column("Caseworker", lambda r: r.caseworker),
    Column("Open referrals", lambda r: str(r.open_referrals), align_right=True),
    Column("Overdue", lambda r: str(r.overdue), align_right=True),
    Column("Due soon", lambda r: str(r.due_soon), align_right=True),
]

CASELOAD = "Caseload summary"
PERFORMANCE = "Period performance report"


def _day(edit: UkDateEdit) -> date:
    """A date already checked by ``ReportsPage.dates_problem``."""
    value = edit.value()
    assert value is not None
    return value


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
        # Four short columns: stretching the last one put its numbers far from its heading.
        self.list.table.horizontalHeader().setStretchLastSection(False)
        self.job = BackgroundJob(self)
        self.job.progressed.connect(self._on_progress)
        self.job.succeeded.connect(self._on_succeeded)
        self.job.failed.connect(self._on_failed)
        self.job.cancelled.connect(self._on_cancelled)
        self.last_output: Path | None = None
        self.can_print = can(actor, Permission.PRINT_REPORTS)
        self.can_export = can(actor, Permission.EXPORT_DATA)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.can_print:
            box_row = QHBoxLayout()
            box_row.setContentsMargins(9, 9, 9, 0)
            box_row.addWidget(self._build_print_box())
            layout.addLayout(box_row)
        self.follow_ups = FollowUpsPanel(services, actor)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Reports")
        self.tabs.addTab(self.list, "Caseload")
        self.tabs.addTab(self.follow_ups, "Follow-ups &due")
        layout.addWidget(self.tabs, 1)

    # --- the controls ---------------------------------------------------------------------
    def _build_print_box(self) -> QGroupBox:
        today = london_today(self.services.ctx.now())
        box = QGroupBox("Print or export a report")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.report_choice = QComboBox()
        self.report_choice.addItems([CASELOAD, PERFORMANCE, KPI_RETURN])
        self.report_choice.setAccessibleName("Report")
        self.report_choice.setMinimumWidth(280)
        form.addRow("&Report:", self.report_choice)

        self.options = QStackedWidget()
        caseload_options = QWidget()
        caseload_form = QFormLayout(caseload_options)
        caseload_form.setContentsMargins(0, 0, 0, 0)
        caseload_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.whose = QComboBox()
        self.whose.setAccessibleName("Whose caseload")
        self.whose.setMinimumWidth(280)
        caseload_form.addRow("&Whose caseload:", self.whose)
        self.as_of = date_field("As-of date", today)
        caseload_form.addRow("&As of:", self.as_of)
        self.options.addWidget(caseload_options)

        period_options = QWidget()
        period_form = QFormLayout(period_options)
        period_form.setContentsMargins(0, 0, 0, 0)
        period_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.period_from = date_field("Period from", today - timedelta(days=364))
        self.period_to = date_field("Period to", today)
        period_form.addRow("&From:", self.period_from)
        period_form.addRow("&To:", self.period_to)
        self.options.addWidget(period_options)
        self.kpi_options = KpiOptions(today)
        self.options.addWidget(self.kpi_options)
        form.addRow(self.options)
        self.report_choice.currentIndexChanged.connect(self.options.setCurrentIndex)

        buttons = QHBoxLayout()
        self.pdf_button = QPushButton("Build PDF…")
        self.pdf_button.setAccessibleName("Build the PDF")
        self.pdf_button.setToolTip("Build the chosen report as a PDF (Ctrl+P)")
        self.pdf_button.setShortcut(QKeySequence("Ctrl+P"))
        self.pdf_button.clicked.connect(self.choose_and_build_pdf)
        buttons.addWidget(self.pdf_button)
        self.csv_button = QPushButton("Export &CSV…")
        self.csv_button.setAccessibleName("Export the chosen report as CSV")
        self.csv_button.clicked.connect(self.choose_and_export_csv)
        self.referrals_csv_button = QPushButton("Export referral &list…")
        self.referrals_csv_button.setAccessibleName("Export the referral list as CSV")
        self.referrals_csv_button.clicked.connect(self.choose_and_export_referrals)
        for button in (self.csv_button, self.referrals_csv_button):
            button.setVisible(self.can_export)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open the file just made")
        self.open_button.clicked.connect(self.open_output)
        self.print_button = QPushButton("Pr&int…")
        self.print_button.setAccessibleName("Print the PDF just made")
        self.print_button.clicked.connect(self.print_output)
        for button in (self.open_button, self.print_button):
            button.setEnabled(False)
            buttons.addWidget(button)
        form.addRow(buttons)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Report progress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        progress_row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the report")
        self.cancel_button.clicked.connect(self.job.cancel)
        self.cancel_button.hide()
        progress_row.addWidget(self.cancel_button)
        form.addRow(progress_row)
        self.status = QLabel()
        self.status.setAccessibleName("Report status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.status)
        box.setLayout(form)
        return box

    def refresh(self) -> None:
        self.list.reload()
        self.follow_ups.refresh()
        if self.can_print:
            self._fill_whose()

    def _fill_whose(self) -> None:
        chosen = self.whose.currentData()
        self.whose.clear()
        team = can(self.actor, Permission.PRINT_TEAM_CASELOAD)
        if team:  # a caseworker prints their own caseload only
            self.whose.addItem("Whole team", ("team", None))
            for area in Area:
                self.whose.addItem(f"Area: {area.label}", ("area", area.value))
        for row in self.services.caseload.by_caseworker(self.actor):
            if team or row.caseworker_id == self.actor.user_id:
                self.whose.addItem(row.caseworker, ("caseworker", row.caseworker_id))
        index = self.whose.findData(chosen) if chosen is not None else 0
        self.whose.setCurrentIndex(max(0, index))

    # --- what the person chose --------------------------------------------------------------
    def scope(self) -> CaseloadScope:
        kind, value = self.whose.currentData() or ("team", None)
        if kind == "area" and value is not None:
            return CaseloadScope(area=Area(str(value)))
        if kind == "caseworker" and value is not None:
            return CaseloadScope(caseworker_id=int(value))
        return CaseloadScope()

    def is_caseload(self) -> bool:
        return self.report_choice.currentText() == CASELOAD

    def is_kpi(self) -> bool:
        return self.report_choice.currentText() == KPI_RETURN

    def ask_save_path(self, caption: str, suggested: str, file_filter: str) -> Path | None:
        """Ask where to save (tests replace this; a person sees the file dialog)."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _ = QFileDialog.getSaveFileName(
            self, caption, str(Path(folder) / suggested), file_filter
        )
        return Path(chosen) if chosen else None

    def ask_recipient(self, what: str) -> Recipient | None:
        """Ask who the copy is for and why (tests replace this; a person sees the dialog)."""
        return reason_dialogs.ask_recipient(self, what)

    def _suggested(self, stem: str, suffix: str) -> str:
        return f"{stem}-{london_today(self.services.ctx.now()).isoformat()}.{suffix}"

    # --- actions ------------------------------------------------------------------------------
    def dates_problem(self) -> str | None:
        """What is wrong with the chosen report's typed dates, in plain words; None if right."""
        typed: dict[str, str] = {}
        if self.is_caseload():
            as_of = read_date(self.as_of, "as_of", typed, required_message="Type the as-of date.")
            today = london_today(self.services.ctx.now())
            if as_of is not None and as_of > today:
                typed["as_of"] = f"The as-of date cannot be after today ({format_date(today)})."
        elif not self.is_kpi():
            missing = "Type the first and the last day of the period."
            read_date(self.period_from, "period_from", typed, required_message=missing)
            read_date(self.period_to, "period_to", typed, required_message=missing)
        if not typed:
            return None
        return " ".join(dict.fromkeys(typed.values()))

    def dates_typed_right(self) -> bool:
        """Say (and announce) what is wrong with the dates before asking anything else."""
        problem = self.dates_problem()
        if problem is not None:
            self.status.setText(problem)
            announce(self.status, problem)
        return problem is None

    def choose_and_build_pdf(self) -> None:
        if self.job.is_running() or not self.dates_typed_right():
            return
        stem = "caseload-summary" if self.is_caseload() else "performance-report"
        if self.is_kpi():
            stem = f"kpi-return-{self.kpi_options.quarter()}"
        for_whom = self.ask_recipient(self.report_choice.currentText().lower())
        if for_whom is None:
            return
        path = self.ask_save_path(
            f"Save the {self.report_choice.currentText().lower()}",
            self._suggested(stem, "pdf"),
            "PDF files (*.pdf)",
        )
        if path is not None:
            self.build_pdf(path, for_whom)

    def build_pdf(self, path: Path, for_whom: Recipient) -> None:
        reports, actor = self.services.reports, self.actor
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if self.is_caseload():
            scope, as_of = self.scope(), _day(self.as_of)

            def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
                return reports.write_caseload_pdf(
                    actor,
                    path,
                    scope,
                    as_of,
                    progress=progress,
                    cancelled=cancelled,
                    for_whom=for_whom,
                )

        elif self.is_kpi():
            kpi, quarter = self.services.kpi, self.kpi_options.quarter()

            def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
                return kpi.write_pdf(actor, path, quarter, for_whom=for_whom)

        else:
            start, end = _day(self.period_from), _day(self.period_to)

            def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
                return reports.write_performance_pdf(
                    actor,
                    path,
                    start,
                    end,
                    progress=progress,
                    cancelled=cancelled,
                    for_whom=for_whom,
                )

        self._start(work, f"Building the {self.report_choice.currentText().lower()}…")

    def choose_and_export_csv(self) -> None:
        if self.job.is_running() or not self.dates_typed_right():
            return
        stem = "caseload" if self.is_caseload() else "performance-figures"
        if self.is_kpi():
            stem = f"kpi-return-{self.kpi_options.quarter()}"
        for_whom = self.ask_recipient(f"{self.report_choice.currentText().lower()} export")
        if for_whom is None:
            return
        path = self.ask_save_path(
            "Export as CSV", self._suggested(stem, "csv"), "CSV files (*.csv)"
        )
        if path is None:
            return
        exports, actor = self.services.exports, self.actor
        if self.is_kpi():
            kpi, quarter = self.services.kpi, self.kpi_options.quarter()
            self._start(
                lambda _p, _c: kpi.write_csv(actor, path, quarter, for_whom=for_whom),
                "Exporting the KPI return…",
            )
        elif self.is_caseload():
            scope, as_of = self.scope(), _day(self.as_of)
            self._start(
                lambda _p, _c: exports.caseload_csv(actor, path, scope, as_of, for_whom=for_whom),
                "Exporting the caseload…",
            )
        else:
            start, end = _day(self.period_from), _day(self.period_to)
            self._start(
                lambda _p, _c: exports.performance_csv(actor, path, start, end, for_whom=for_whom),
                "Exporting the period figures…",
            )

    def choose_and_export_referrals(self) -> None:
        if self.job.is_running():
            return
        for_whom = self.ask_recipient("referral list export")
        if for_whom is None:
            return
        path = self.ask_save_path(
            "Export the referral list", self._suggested("referrals", "csv"), "CSV files (*.csv)"
        )
        if path is None:
            return
        exports, actor = self.services.exports, self.actor
        self._start(
            lambda _p, _c: exports.referral_list_csv(
                actor, path, filter_=ReferralFilter(), for_whom=for_whom
            ),
            "Exporting every referral…",
        )

    def _start(self, work: Any, message: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(message)
        self.progress.setRange(0, 0)  # busy until the first page is out
        self.progress.show()
        self.cancel_button.show()
        self._set_busy(True)
        self.job.start(work)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.pdf_button, self.csv_button, self.referrals_csv_button):
            widget.setEnabled(not busy)
        self.open_button.setEnabled(not busy and self.last_output is not None)
        self.print_button.setEnabled(
            not busy and self.last_output is not None and self.last_output.suffix == ".pdf"
        )

    def _finish(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    def _on_progress(self, done: int, expected: int) -> None:
        self.progress.setRange(0, max(expected, done, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"Page {done} of about {max(expected, done)}")

    def _on_succeeded(self, written: WrittenReport) -> None:
        self._finish()
        self.last_output = written.path
        what = f"{written.pages} pages" if written.pages else f"{written.rows:,} rows"
        self.status.setText(f"Saved {written.path.name} ({what}) in {written.path.parent}.")
        self._set_busy(False)

    def _on_failed(self, message: str) -> None:
        self._finish()
        self.status.setStyleSheet("color: #a4001d;")
        self.status.setText(message)
        self._set_busy(False)

    def _on_cancelled(self) -> None:
        self._finish()
        self.status.setText("Cancelled; nothing was saved.")
        self._set_busy(False)

    def open_output(self) -> None:
        if self.last_output is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_output)))

    def print_output(self) -> None:
        if self.last_output is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from diversion_app.ui.reports.printing import PrintingUnavailable, spool_pdf

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the report")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        try:
            spool_pdf(self.last_output, printer.printerName(), printer.copyCount())
        except PrintingUnavailable as problem:
            self._on_failed(str(problem))
        else:
            self.status.setText(f"Sent {self.last_output.name} to {printer.printerName()}.")

    def closeEvent(self, event: Any) -> None:
        self.job.cancel()
        self.job.wait()
        super().closeEvent(event)
