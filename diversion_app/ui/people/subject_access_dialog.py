"""Recording a subject access request from the young person's record (supervisors), and
making its pack straight away or later from the Subject access page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.subject_access import RequestDraft, Requester, reply_due
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.people.subject_access import PackWritten
from diversion_app.services.registry import Services
from diversion_app.ui.people.subject_access_pack_job import PackJob, written_words
from diversion_app.ui.widgets.form_scaffold import (
    EnumCombo,
    FormRows,
    date_field,
    enum_combo,
    plain_label,
    required_date,
)


def ask_folder(parent: QWidget | None) -> Path | None:
    """Where to write a pack (tests replace this module function)."""
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen = QFileDialog.getExistingDirectory(parent, "Save the subject access pack in", start)
    return Path(chosen) if chosen else None


class SubjectAccessDialog(QDialog):
    """Who asked and when; the reply is due one calendar month after the day received."""

    def __init__(
        self, services: Services, actor: Actor, young_person_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.young_person_id = young_person_id
        self.request_id: int | None = None
        self.written: PackWritten | None = None
        self.setWindowTitle("Subject access request")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "A young person, or their parent or carer, may ask for the information held "
                "about them. The reply is due one calendar month after the request was received."
            )
        )
        self.form = FormRows()
        self.requester: EnumCombo[Requester] = enum_combo(
            Requester, "Who is asking", blank="Choose…"
        )
        self.form.add("requester", "&Who is asking:", self.requester)
        self.parent_choice = QComboBox()
        self.parent_choice.setAccessibleName("Which parent or carer")
        self.parent_choice.addItem("Choose…", None)
        for choice in services.subject_access.parents(actor, young_person_id):
            self.parent_choice.addItem(f"{choice.name} ({choice.relationship.lower()})", choice.id)
        self.form.add("parent_member_id", "&Parent or carer:", self.parent_choice)
        self.requester_name = QLineEdit()
        self.form.add("requester_name", "Their &name:", self.requester_name)
        today = london_today(services.ctx.now())
        self.received = date_field("Date received", today)
        self.received.textChanged.connect(lambda _text: self._show_due())
        self.form.add("received_on", "&Received on:", self.received)
        self.due = plain_label()
        self.due.setAccessibleName("Reply due")
        self.form.add_widget(self.due)
        self.notes = QLineEdit()
        self.form.add("notes", "N&otes:", self.notes)
        layout.addWidget(self.form)
        self.result_label = plain_label()
        self.result_label.setAccessibleName("Result")
        layout.addWidget(self.result_label)
        self.pack_job = PackJob(services, actor, self)
        self.closing = False  # closed while a pack was being made: close once it stops
        self.pack_job.done.connect(self._pack_done)
        self.pack_job.failed.connect(self._pack_failed)
        self.pack_job.cancelled.connect(self._pack_cancelled)
        layout.addWidget(self.pack_job)
        buttons = QDialogButtonBox()
        self.record_button = buttons.addButton(
            "&Record the request", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.pack_button = buttons.addButton(
            "Record and make the &pack…", QDialogButtonBox.ButtonRole.ActionRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.record_button.clicked.connect(self.record)
        self.pack_button.clicked.connect(self.record_and_make_pack)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.requester.currentIndexChanged.connect(lambda _i: self._show_fields())
        self._show_fields()
        self._show_due()

    def _show_fields(self) -> None:
        who = self.requester.value()
        self.parent_choice.setEnabled(who is Requester.PARENT_CARER)
        self.requester_name.setEnabled(who is Requester.REPRESENTATIVE)

    def _show_due(self) -> None:
        received = self.received.value()
        if received is None:
            self.due.setText("The reply date is shown once the date received is typed.")
        else:
            self.due.setText(f"Reply due by {format_date(reply_due(received))}.")

    def draft(self) -> RequestDraft:
        return RequestDraft(
            young_person_id=self.young_person_id,
            requester=self.requester.value(),
            requester_name=self.requester_name.text(),
            received_on=required_date(
                self.received, "received_on", "Type the date the request was received."
            ),
            parent_member_id=self.parent_choice.currentData(),
            notes=self.notes.text(),
        )

    def _save(self) -> bool:
        if self.request_id is not None:
            return True
        try:
            self.request_id = self.services.subject_access.record_request(self.actor, self.draft())
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return False
        except (DomainError, ServiceError) as error:
            self.form.show_message(str(error))
            return False
        self.form.clear_problems()
        return True

    def record(self) -> None:
        if self._save():
            self.accept()

    def record_and_make_pack(self) -> None:
        if not self._save():
            return
        assert self.request_id is not None
        self.record_button.setEnabled(False)
        folder = ask_folder(self)
        if folder is None:
            self.result_label.setText(
                "The request is recorded; make the pack from the Subject access page."
            )
            return
        self.pack_button.setEnabled(False)
        self.result_label.setText("Making the pack…")
        self.pack_job.start(self.request_id, folder)

    def _pack_done(self, written: object) -> None:
        assert isinstance(written, PackWritten)
        self.written = written
        self.result_label.setText(written_words(written))
        self._close_if_asked()

    def _pack_failed(self, error: str) -> None:
        self.pack_button.setEnabled(True)
        self.result_label.setText(f"The request is recorded, but no pack was made: {error}")
        self._close_if_asked()

    def _pack_cancelled(self) -> None:
        self.pack_button.setEnabled(True)
        self.result_label.setText(
            "Cancelled: no pack was made. The request is recorded and still open."
        )
        self._close_if_asked()

    def _close_if_asked(self) -> None:
        if self.closing:
            self.closing = False
            super().reject()

    def reject(self) -> None:
        if self.pack_job.is_running():  # closing waits for the cancel, never half a pack
            self.closing = True
            self.result_label.setText("Stopping the pack before closing…")
            self.pack_job.cancel()
            return
        super().reject()
