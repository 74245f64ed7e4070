"""Export a caseworker's visits for a date range to an iCalendar (.ics) file.

The file is built off the GUI thread (a year of a whole team's visits takes seconds), with
a busy bar; the window stays responsive and the dialog reports the result when it is done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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

from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.timekeeping import format_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.casework.calendar_export import CalendarExport
from diversion_app.services.registry import Services
from diversion_app.ui.casework.visit_when import ERROR_STYLE
from diversion_app.ui.widgets import reason_dialogs
from diversion_app.ui.widgets.form_scaffold import date_field, read_date

log = logging.getLogger(__name__)


class ExportThread(QThread):
    """Runs one export; ``done`` carries the CalendarExport or the error to show."""

    done = Signal(object)

    def __init__(self, job: Callable[[], CalendarExport], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._job = job

    def run(self) -> None:
        outcome: object
        try:
            outcome = self._job()
        except (DomainError, ServiceError) as error:
            outcome = error
        except Exception as error:
            log.error("calendar export failed: %s", type(error).__name__)
            outcome = ServiceError(
                "The calendar file could not be made. The log file has the technical detail."
            )
        self.done.emit(outcome)


class CalendarExportDialog(QDialog):
    """Choose the range and the file; ``result_export`` holds what was written."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        caseworker_id: int | None,
        caseworker_name: str,
        first_day: date,
        last_day: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.caseworker_id = caseworker_id
        self.result_export: CalendarExport | None = None
        self.setWindowTitle("Export visits to a calendar")
        self.setAccessibleName("Export visits to a calendar")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Diary of:", QLabel(caseworker_name))
        self.first = date_field("From", first_day)
        self.last = date_field("To", last_day)
        form.addRow("&From:", self.first)
        form.addRow("&To:", self.last)
        file_row = QHBoxLayout()
        self.path = QLineEdit(str(Path.home() / f"visits-{first_day:%Y%m%d}.ics"))
        self.path.setAccessibleName("File")
        browse = QPushButton("&Choose…")
        browse.setAccessibleName("Choose file")
        browse.clicked.connect(self.choose_file)
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form.addRow("F&ile:", file_row)
        layout.addLayout(form)
        note = QLabel(
            "The file names each young person by initials only (unless an administrator "
            "allows more). Exporting is recorded in the audit trail as a disclosure."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.message = QLabel()
        self.message.setAccessibleName("Problems")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        self.busy = QProgressBar()
        self.busy.setAccessibleName("Exporting")
        self.busy.setRange(0, 0)
        self.busy.setFormat("Exporting…")
        self.busy.hide()
        layout.addWidget(self.busy)
        self.worker: ExportThread | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setAccessibleName("Export")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the calendar file", self.path.text(), "iCalendar files (*.ics)"
        )
        if chosen:
            self.path.setText(chosen if chosen.endswith(".ics") else f"{chosen}.ics")

    def submit(self) -> None:
        text = self.path.text().strip()
        if not text:
            self._show("Choose a file to save the calendar to.")
            return
        caseworker_id = self.caseworker_id
        typed: dict[str, str] = {}
        first = read_date(self.first, "first", typed, required_message="Type the first day.")
        last = read_date(self.last, "last", typed, required_message="Type the last day.")
        if first is None or last is None:
            self._show(" ".join(typed.values()))
            return
        path = Path(text)
        self.message.hide()
        for_whom = reason_dialogs.ask_recipient(self, "calendar file")
        if for_whom is None:
            self._show("Nothing was exported: say who the calendar is for and why to export it.")
            return
        self.worker = ExportThread(
            lambda: self.services.calendar_export.export(
                self.actor, caseworker_id, first, last, path, for_whom=for_whom
            ),
            self,
        )
        self.worker.done.connect(self._finished)
        self._set_busy(True)
        self.worker.start()

    def is_busy(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.export_button, self.cancel_button, self.first, self.last, self.path):
            widget.setEnabled(not busy)

    def _finished(self, outcome: object) -> None:
        if self.worker is not None:
            self.worker.wait()
        self._set_busy(False)
        if isinstance(outcome, CalendarExport):
            self.result_export = outcome
            self.accept()
        elif isinstance(outcome, ValidationError):
            self._show("\n".join(outcome.problems.values()))
        else:
            self._show(str(outcome))

    def reject(self) -> None:
        if not self.is_busy():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_busy():
            event.ignore()
            return
        super().closeEvent(event)

    def summary(self) -> str:
        done = self.result_export
        if done is None:
            return ""
        noun = "visit" if done.visits == 1 else "visits"
        return (
            f"Exported {done.visits} {noun} ({format_date(self.first.value())} to "
            f"{format_date(self.last.value())}) to {done.path.name}."
        )

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
