"""The supervisors' Retention page: who is due for review, legal holds, and the decisions.

The queue lists the young people whose every record is past its retention period, oldest
first, with what would go. Keep asks a reason and a review date; dispose asks a reason,
erases in one transaction, then rebuilds the database file off the GUI thread (a progress
dialog shows the steps) so the erased bytes leave the file.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.timekeeping import format_date, format_datetime, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.registry import Services
from diversion_app.services.retention.reviews import DecisionRow, HoldRow, QueuePage, QueueRow
from diversion_app.ui.retention.decision_dialogs import DisposeDialog, HoldDialog, KeepDialog
from diversion_app.ui.widgets.form_scaffold import FieldProblems, error_label, show_problem
from diversion_app.ui.widgets.keep_place import ListPlace
from diversion_app.ui.widgets.lazy_table import Column, LazyTableModel, ListModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.page_base import Page
from diversion_app.ui.workers import BackgroundJob

QUEUE_COLUMNS: list[Column[QueueRow]] = [
    Column("Record", lambda r: str(r.young_person_id), align_right=True),
    Column("Young person", lambda r: r.name),
    Column("Born", lambda r: format_date(r.date_of_birth)),
    Column("Area", lambda r: r.area.label),
    Column("Last action", lambda r: format_date(r.last_action)),
    Column("Due since", lambda r: format_date(r.due_since)),
    Column("What would go", lambda r: r.what_would_go),
]

HOLD_COLUMNS: list[Column[HoldRow]] = [
    Column("Record", lambda r: str(r.young_person_id), align_right=True),
    Column("Young person", lambda r: r.name),
    Column("Born", lambda r: format_date(r.date_of_birth)),
    Column("Reason for the hold", lambda r: r.reason),
]


def _refused_as_stale(dialog: QDialog) -> bool:
    """The decision dialog's last refusal was a decision someone else took first."""
    problems = getattr(dialog, "field_problems", None)
    return isinstance(problems, FieldProblems) and isinstance(problems.last_error, StaleRecord)


def _backups_text(row: DecisionRow) -> str:
    if row.decision.value != "dispose":
        return ""
    if not row.backups:
        return "None"
    return f"{row.backups_holding} still hold the data: " + ", ".join(row.backups)


DECISION_COLUMNS: list[Column[DecisionRow]] = [
    Column("When", lambda r: format_datetime(r.decided_at)),
    Column("Decision", lambda r: r.decision.label),
    Column("Record", lambda r: str(r.young_person_id), align_right=True),
    Column("By", lambda r: r.decided_by),
    Column("Reason", lambda r: r.reason),
    Column("Next review", lambda r: format_date(r.review_on)),
    Column("Records", lambda r: ", ".join(f"{kind} x{n}" for kind, n in r.records)),
    Column("Backups made before", _backups_text),
]


class RetentionPage(Page):
    title = "Retention review"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        self.reviews = services.retention_reviews
        self.held_back: dict[str, int] = {}
        self._queue_rows: list[QueueRow] = []
        self.queue_model: ListModel[QueueRow] = ListModel(
            QUEUE_COLUMNS, lambda: list(self._queue_rows), parent=self
        )
        self.queue = ListPage(
            "Due for review",
            self.queue_model,
            noun=("young person", "young people"),
            empty_text="Nobody is due for review today.",
        )
        self.keep_button = self._button("&Keep…", "Keep records", self.keep)
        self.dispose_button = self._button("&Dispose of…", "Dispose of records", self.dispose)
        self.hold_button = self._button("Legal &hold…", "Place a legal hold", self.hold)
        for button in (self.keep_button, self.dispose_button, self.hold_button):
            self.queue.toolbar.addWidget(button)
        self.queue.toolbar.addStretch(1)
        self.held_note = QLabel()
        self.held_note.setWordWrap(True)
        self.held_note.setAccessibleName("Held back by open work")
        queue_layout = self.queue.layout()
        assert queue_layout is not None
        queue_layout.addWidget(self.held_note)

        self.holds_model: ListModel[HoldRow] = ListModel(
            HOLD_COLUMNS, lambda: self.reviews.holds(actor), parent=self
        )
        self.holds = ListPage(
            "Legal holds", self.holds_model, noun=("hold", "holds"), empty_text="No legal holds."
        )
        self.release_button = self._button("&Release…", "Release legal hold", self.release)
        self.holds.toolbar.addWidget(self.release_button)
        self.holds.toolbar.addStretch(1)

        self.log_model: LazyTableModel[DecisionRow] = LazyTableModel(
            DECISION_COLUMNS,
            lambda request: self.reviews.decisions(actor, request),
            lambda _text: self.reviews.decision_count(actor),
            parent=self,
        )
        self.log = ListPage("Decisions", self.log_model, noun=("decision", "decisions"))

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Retention")
        self.tabs.addTab(self.queue, "&Due for review")
        self.tabs.addTab(self.holds, "Legal &holds")
        self.tabs.addTab(self.log, "Decisions &log")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Result")
        self.problem = error_label("retention problem", object_name="retention_problem")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        self.rebuild_button = self._button(
            "Remove erased data from the &file",
            "Remove erased data from the file",
            self.overwrite_erased,
        )
        self.rebuild_button.setToolTip(
            "Rebuilds the database file so nothing erased by a disposal can be read from it"
        )
        row.addWidget(self.rebuild_button)
        layout.addLayout(row)
        self.job = BackgroundJob(self)
        self.loader = BackgroundJob(self)
        """Works out the queue off the GUI thread: on years of records it takes seconds."""
        self.loader.succeeded.connect(self._queue_loaded)
        self.loader.failed.connect(self._queue_failed)
        self._load_again = False
        self._queue_place: ListPlace | None = None
        """The queue's place (chosen row, scroll) noted when a load starts, put back when
        the rows arrive: the queue loads in the background, after the page's own
        ``show_others_changes`` has already put its lists back."""
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_jobs)
        self.progress: QProgressDialog | None = None
        self.open_dialog: QDialog | None = None
        for model in (self.queue_model, self.holds_model):
            model.modelReset.connect(self._update_buttons)
        self.queue.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.holds.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        self.holds.reload()
        self.log.reload()
        self.load_queue()
        self._update_buttons()

    def load_queue(self) -> None:
        """Work out who is due on the worker thread; the list fills when it is done."""
        if self.loader.is_running():
            self._load_again = True
            return
        self.held_note.setText("Working out who is due for review…")
        if self._queue_place is None and self.queue_model.rowCount():
            self._queue_place = ListPlace.of(self.queue.table, self.queue_model)
        actor = self.actor
        everyone = PageRequest(limit=10**9)
        self.loader.start(lambda _progress, _cancelled: self.reviews.queue(actor, everyone))

    def _queue_loaded(self, page: object) -> None:
        assert isinstance(page, QueuePage)
        self._queue_rows = list(page.rows)
        self.held_back = page.held_back
        self.queue.reload()
        if self._queue_place is not None and not self._load_again:  # else after the next load
            self._queue_place.restore(self.queue.table, self.queue_model)
            self._queue_place = None
        held = [f"{count:,} with an {kind}" for kind, count in self.held_back.items() if count]
        self.held_note.setText(
            "Also past their dates but held back by open work, until it is finished: "
            + "; ".join(held)
            + "."
            if held
            else ""
        )
        self._update_buttons()
        if self._load_again:
            self._load_again = False
            self.load_queue()

    def _queue_failed(self, text: str) -> None:
        self.held_note.clear()
        show_problem(self.problem, text)

    def stop_jobs(self) -> None:
        """The application is closing: let a running job end before its thread goes."""
        self.loader.wait()
        self.job.wait()

    def _today(self) -> date:
        return london_today(self.services.ctx.now())

    def selected(self) -> QueueRow | None:
        row = self.queue.current_row()
        return row if isinstance(row, QueueRow) else None

    def selected_hold(self) -> HoldRow | None:
        row = self.holds.current_row()
        return row if isinstance(row, HoldRow) else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for button in (self.keep_button, self.dispose_button, self.hold_button):
            button.setEnabled(chosen and not self.job.is_running())
        self.rebuild_button.setEnabled(not self.job.is_running())
        self.release_button.setEnabled(self.selected_hold() is not None)

    # --- decisions --------------------------------------------------------------------------
    def _open(self, dialog: QDialog, done: str, after: object = None) -> None:
        self.open_dialog = dialog

        def finished(result: int) -> None:
            self.open_dialog = None
            if result == QDialog.DialogCode.Accepted:
                show_problem(self.problem, None)
                self.message.setText(done)
                if callable(after):
                    after()  # the file rebuild first: the queue is read again after it
                else:
                    self.refresh()
            elif _refused_as_stale(dialog):
                self.refresh()  # someone else decided first: the lists as they are now

        dialog.finished.connect(finished)
        dialog.open()

    def keep(self) -> None:
        row = self.selected()
        if row is None:
            return
        person, stamp = row.young_person_id, row.edit_stamp
        dialog = KeepDialog(
            row.name,
            self._today(),
            lambda reason, review_on: self.reviews.keep(
                self.actor, person, reason, review_on, edit_stamp=stamp
            ),
            self,
        )
        self._open(dialog, f"Records of record {person} kept; they come back on the review date.")

    def dispose(self) -> None:
        row = self.selected()
        if row is None:
            return
        person, stamp = row.young_person_id, row.edit_stamp
        dialog = DisposeDialog(
            row.name,
            row.date_of_birth,
            row.what_would_go,
            self.reviews.backups(self.actor),
            lambda reason: self.reviews.dispose(self.actor, person, reason, edit_stamp=stamp),
            self,
        )
        self._open(
            dialog,
            f"Records of record {person} disposed of. Removing the erased data from the file…",
            self.overwrite_erased,
        )

    def hold(self) -> None:
        row = self.selected()
        if row is None:
            return
        person, stamp = row.young_person_id, row.edit_stamp
        dialog = HoldDialog(
            row.name,
            True,
            lambda reason: self.reviews.place_hold(self.actor, person, reason, edit_stamp=stamp),
            self,
        )
        self._open(dialog, f"Legal hold placed on record {person}.")

    def release(self) -> None:
        row = self.selected_hold()
        if row is None:
            return
        person, stamp = row.young_person_id, row.edit_stamp
        dialog = HoldDialog(
            row.name,
            False,
            lambda reason: self.reviews.release_hold(self.actor, person, reason, edit_stamp=stamp),
            self,
        )
        self._open(dialog, f"Legal hold on record {person} released.")

    # --- the file rebuild, off the GUI thread ------------------------------------------------
    def overwrite_erased(self) -> None:
        if self.job.is_running():
            return
        progress = QProgressDialog(
            "Removing the erased data from the database file…", "", 0, 3, self
        )
        progress.setWindowTitle("Disposal")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAccessibleName("Disposal progress")
        self.progress = progress
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._overwritten)
        self.job.failed.connect(self._overwrite_failed)
        self.job.finished.connect(self._overwrite_finished)
        actor = self.actor
        self.job.start(lambda report, _cancelled: self.reviews.overwrite_erased(actor, report))
        self._update_buttons()

    def _progressed(self, done: int, total: int) -> None:
        dialog = self.progress
        if dialog is None:
            return
        steps = {
            0: "Step 1 of 3: writing the log into the file…",
            1: "Step 2 of 3: rebuilding the file without the erased pages…",
            2: "Step 3 of 3: emptying the write-ahead log…",
        }
        dialog.setLabelText(steps.get(done, "Finished."))
        dialog.setMaximum(total)
        dialog.setValue(done)  # a modal dialog runs the event loop here: the job may end

    def _overwritten(self, rebuilt: object) -> None:
        if rebuilt is False:  # a shared PostgreSQL database: the server manages its storage
            self.message.setText(
                "Disposed of. On the shared database the server reclaims the erased rows; "
                "ask its administrator about its vacuum and backup schedule."
            )
            return
        self.message.setText("Disposed of. The erased data is no longer in the database file.")

    def _overwrite_failed(self, text: str) -> None:
        show_problem(
            self.problem,
            f"The records were disposed of, but the file could not be rebuilt: {text} "
            "Try 'Remove erased data from the file' again when no one else is using it.",
        )

    def _overwrite_finished(self) -> None:
        for signal, slot in (
            (self.job.progressed, self._progressed),
            (self.job.succeeded, self._overwritten),
            (self.job.failed, self._overwrite_failed),
            (self.job.finished, self._overwrite_finished),
        ):
            signal.disconnect(slot)
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.refresh()
