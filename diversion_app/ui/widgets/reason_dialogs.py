"""The two questions the Data Protection Act asks this application to put (section 62):

- ``RecipientDialog``: before any print or export, who it is for and why;
- ``JustificationDialog``: before opening a young person who is not on your own caseload,
  area or school list, why you need to (asked once per sign-in for each young person).

Both check the answer with the domain rules and show in plain words what to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.access_rules import (
    AccessReason,
    DisclosurePurpose,
    Justification,
    Recipient,
    justification,
    recipient,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.services.base.access import JustificationNeeded
from diversion_app.services.base.actor import Actor
from diversion_app.ui.widgets.form_scaffold import EnumCombo, FormRows, enum_combo, plain_label

if TYPE_CHECKING:
    from diversion_app.services.registry import Services

T = TypeVar("T")


class _AskDialog(QDialog):
    def __init__(self, title: str, intro: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.intro = plain_label(intro)
        self.intro.setAccessibleName("Why this is asked")
        layout.addWidget(self.intro)
        self.form = FormRows()
        layout.addWidget(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept_if_valid(self) -> None:
        try:
            self.check()
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return
        self.accept()

    def check(self) -> None:
        raise NotImplementedError


class RecipientDialog(_AskDialog):
    """Who a print or export is for and why; ``answer`` holds the checked recipient."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Who is this {what} for?",
            "Personal data is leaving the application. Say who this copy is for and why: "
            "it is recorded in the audit trail and printed on the copy.",
            "&Continue",
            parent,
        )
        self.answer: Recipient | None = None
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText('for example "panel of 12/01" or "school DSL"')
        self.form.add("recipient", "&Recipient:", self.recipient)
        self.purpose: EnumCombo[DisclosurePurpose] = enum_combo(
            DisclosurePurpose, "Purpose", blank="Choose…"
        )
        self.form.add("purpose", "&Purpose:", self.purpose)
        self.note = QLineEdit()
        self.note.setAccessibleName("Purpose in your words")
        self.form.add("note", "In your &words:", self.note)

    def check(self) -> None:
        self.answer = recipient(self.recipient.text(), self.purpose.value(), self.note.text())


class JustificationDialog(_AskDialog):
    """Why a person opens a young person not on their own list; ``answer`` holds it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Why are you opening this record?",
            "This young person is not on your caseload, area or school list. Say why you "
            "need to open the record. The reason is kept in the audit trail and shown in the "
            "record's access log; you are asked once for each young person until you sign out.",
            "&Open the record",
            parent,
        )
        self.answer: Justification | None = None
        self.reason: EnumCombo[AccessReason] = enum_combo(AccessReason, "Reason", blank="Choose…")
        self.form.add("reason", "&Reason:", self.reason)
        self.note = QLineEdit()
        self.note.setAccessibleName("Reason in your words")
        self.form.add("note", "In your &words:", self.note)

    def check(self) -> None:
        self.answer = justification(self.reason.value(), self.note.text())


def ask_recipient(parent: QWidget | None, what: str) -> Recipient | None:
    """Ask who a print or export is for (tests replace this module function)."""
    dialog = RecipientDialog(what, parent)
    return dialog.answer if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_justification(parent: QWidget | None) -> Justification | None:
    """Ask why (tests replace this module function; a person sees the dialog)."""
    dialog = JustificationDialog(parent)
    return dialog.answer if dialog.exec() == QDialog.DialogCode.Accepted else None


def with_reason(
    parent: QWidget | None, services: Services, actor: Actor, attempt: Callable[[], T]
) -> T | None:
    """``attempt()`` (a service read); if the young person is not on the actor's own list,
    ask why, record the reason, and try once more. None if the person gave no reason."""
    try:
        return attempt()
    except JustificationNeeded as needed:
        answer = ask_justification(parent)
        if answer is None:
            return None
        for young_person_id in needed.young_person_ids:
            services.access.justify(actor, young_person_id, answer.reason, answer.note)
        return attempt()


def reason_given(
    parent: QWidget | None, services: Services, actor: Actor, young_person_id: int | None
) -> bool:
    """Before opening a window on ``young_person_id`` (None: no reason needed): ask why and
    record it. False if the person gave no reason (the window is then not opened)."""
    if young_person_id is None:
        return True
    answer = ask_justification(parent)
    if answer is None:
        return False
    services.access.justify(actor, young_person_id, answer.reason, answer.note)
    return True
