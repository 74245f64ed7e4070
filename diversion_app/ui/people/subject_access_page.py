"""The Subject access page (supervisors): every request not yet answered, the soonest due
first, with the days left; "Make pack…" answers the one chosen (off the GUI thread, with
progress and Cancel); "Extend…", "Withdraw…" and "Mark answered…" record the other
decisions on it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QDialog, QPushButton, QVBoxLayout, QWidget

from diversion_app.domain.subject_access import RequestStatus
from diversion_app.domain.timekeeping import format_date, format_datetime, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.people.subject_access import PackWritten, RequestRow
from diversion_app.services.registry import Services
from diversion_app.ui.people import subject_access_dialog
from diversion_app.ui.people.subject_access_decisions import (
    AnsweredDialog,
    ExtendRequestDialog,
    WithdrawRequestDialog,
)
from diversion_app.ui.people.subject_access_pack_job import PackJob, written_words
from diversion_app.ui.widgets.form_scaffold import plain_label
from diversion_app.ui.widgets.lazy_table import Column, LazyTableModel
from diversion_app.ui.widgets.list_page import ListPage
from diversion_app.ui.widgets.page_base import Page

DecisionDialog = ExtendRequestDialog | WithdrawRequestDialog | AnsweredDialog


def overdue_words(days: int) -> str:
    """A reply overdue by ``days`` whole days, in words ("Overdue by 1 day")."""
    return f"Overdue by {days} day{'' if days == 1 else 's'}"


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
            Column(
                "Reply due",
                lambda r: format_date(r.due_on) + (" (extended)" if r.extended else ""),
            ),
            Column(
                "Days left",
                lambda r: (
                    (
                        overdue_words(-r.days_left(today()))
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
        self.extend_button = QPushButton("E&xtend…")
        self.extend_button.setAccessibleName("Extend the deadline by two months")
        self.extend_button.clicked.connect(lambda: self._decide(ExtendRequestDialog))
        self.withdraw_button = QPushButton("&Withdraw…")
        self.withdraw_button.setAccessibleName("Withdraw or close the request")
        self.withdraw_button.clicked.connect(lambda: self._decide(WithdrawRequestDialog))
        self.answered_button = QPushButton("Mark &answered…")
        self.answered_button.setAccessibleName("Mark the request answered")
        self.answered_button.clicked.connect(lambda: self._decide(AnsweredDialog))
        self.decision_buttons = (
            self.pack_button,
            self.extend_button,
            self.withdraw_button,
            self.answered_button,
        )
        for button in self.decision_buttons:
            self.list.toolbar.addWidget(button)
        self.pack_job = PackJob(services, actor, self)
        self.pack_job.row.setContentsMargins(9, 0, 9, 0)  # in line with the list above
        self.pack_job.done.connect(self._pack_done)
        self.pack_job.failed.connect(self._pack_failed)
        self.pack_job.cancelled.connect(self._pack_cancelled)
        self.dialog: QDialog | None = None
        self.message = plain_label(
            "Requests are recorded from the young person's record (Subject access…)."
        )
        self.message.setAccessibleName("Result")
        self.message.setContentsMargins(9, 0, 9, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.pack_job)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        self.list.reload()

    def _toggle(self, checked: bool) -> None:
        self.open_only = not checked
        self.list.reload()

    def _open_row(self) -> RequestRow | None:
        """The chosen request if it is still open (else says why nothing happens)."""
        row: RequestRow | None = self.list.current_row()
        if row is None:
            self.message.setText("Choose a request first.")
            return None
        if row.status is not RequestStatus.OPEN:
            self.message.setText(f"That request is already {row.status.label.lower()}.")
            return None
        if self.pack_job.is_running():
            self.message.setText("Wait for the pack being made, or cancel it, first.")
            return None
        return row

    def make_pack_for_current(self) -> None:
        row = self._open_row()
        if row is None:
            return
        folder = subject_access_dialog.ask_folder(self)
        if folder is None:
            return
        self.message.setText(f"Making the pack for record {row.young_person_id}…")
        for button in self.decision_buttons:
            button.setEnabled(False)
        self.pack_job.start(row.id, folder)

    def _pack_finished(self, words: str) -> None:
        for button in self.decision_buttons:
            button.setEnabled(True)
        self.message.setText(words)
        self.list.reload()

    def _pack_done(self, written: object) -> None:
        assert isinstance(written, PackWritten)
        self._pack_finished(written_words(written))

    def _pack_failed(self, error: str) -> None:
        self._pack_finished(f"No pack was made: {error}")

    def _pack_cancelled(self) -> None:
        self._pack_finished("Cancelled: no pack was made and the request is still open.")

    def _decide(self, dialog_class: type[DecisionDialog]) -> None:
        row = self._open_row()
        if row is None:
            return
        if dialog_class is ExtendRequestDialog and row.extended:
            self.message.setText(
                "That request has already been extended; it can be extended only once."
            )
            return
        dialog = dialog_class(self.services, self.actor, row, self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._decided(dialog, row))
        dialog.open()

    def _decided(self, dialog: DecisionDialog, row: RequestRow) -> None:
        if isinstance(dialog, ExtendRequestDialog):
            words = (
                f"Extended: the reply for record {row.young_person_id} is now due {dialog.new_due}."
            )
        elif isinstance(dialog, WithdrawRequestDialog):
            words = f"The request for record {row.young_person_id} is closed (withdrawn)."
        else:
            words = f"The request for record {row.young_person_id} is marked answered."
        self.message.setText(words)
        self.list.reload()
