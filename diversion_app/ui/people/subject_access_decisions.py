"""The three decisions on a subject access request besides making the pack (supervisors):
extending the reply's deadline by two months (once; a complex request or many requests),
withdrawing or closing it, and marking it answered outside the application. Each asks
for its reason in plain words and stays open, with what was typed, until it is right.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from diversion_app.domain.subject_access import extended_due
from diversion_app.domain.subject_access_decisions import ExtensionGround
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.services.base.actor import Actor
from diversion_app.services.people.subject_access import RequestRow
from diversion_app.services.registry import Services
from diversion_app.ui.widgets.form_dialog import FormDialog
from diversion_app.ui.widgets.form_scaffold import (
    date_field,
    enum_combo,
    limit_text_box,
    plain_label,
    required_date,
)


def _reason_box(name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(72)
    limit_text_box(box)
    return box


def _about(row: RequestRow) -> QLabel:
    return plain_label(
        f"Request from {row.requester} about {row.young_person} (record {row.young_person_id}), "
        f"received {format_date(row.received_on)}, reply due {format_date(row.due_on)}."
    )


class ExtendRequestDialog(FormDialog):
    """Two more months to reply: only once, only for a complex request or many requests."""

    def __init__(
        self, services: Services, actor: Actor, row: RequestRow, parent: QWidget | None = None
    ) -> None:
        super().__init__("Extend the deadline", "&Extend to " + _new_due(row), parent)
        self.services, self.actor, self.row = services, actor, row
        self.new_due: str | None = None
        self.form.addRow(_about(row))
        self.form.addRow(
            plain_label(
                "The law allows two more months, once, only when the request is complex or "
                "the requester has made a number of requests. Tell the requester why within "
                "the first month; what you write here is kept in the audit trail."
            )
        )
        self.ground = enum_combo(ExtensionGround, "Why more time is needed", blank="Choose…")
        self.add_field("&Why more time:", "ground", self.ground)
        self.reason = _reason_box("What makes it take longer")
        self.add_field("&What to tell them:", "reason", self.reason)

    def save(self) -> None:
        moved = self.services.subject_access.extend(
            self.actor,
            self.row.id,
            self.ground.value(),
            self.reason.toPlainText(),
        )
        self.new_due = format_date(moved)


def _new_due(row: RequestRow) -> str:
    return format_date(extended_due(row.received_on))


class WithdrawRequestDialog(FormDialog):
    """Close an open request with no pack: the requester withdrew it, or another reason."""

    def __init__(
        self, services: Services, actor: Actor, row: RequestRow, parent: QWidget | None = None
    ) -> None:
        super().__init__("Withdraw or close the request", "&Close the request", parent)
        self.ok_button.setDefault(False)
        self.ok_button.setAutoDefault(False)
        self.services, self.actor, self.row = services, actor, row
        self.form.addRow(_about(row))
        self.reason = _reason_box("Why it is withdrawn or closed")
        self.reason.setPlaceholderText(
            'for example "withdrawn by the requester in writing on 12/01"'
        )
        self.add_field("&Why:", "reason", self.reason)

    def save(self) -> None:
        self.services.subject_access.withdraw(self.actor, self.row.id, self.reason.toPlainText())


class AnsweredDialog(FormDialog):
    """The reply went outside the application (by post, handed over): when and how."""

    def __init__(
        self, services: Services, actor: Actor, row: RequestRow, parent: QWidget | None = None
    ) -> None:
        super().__init__("Mark the request answered", "&Mark answered", parent)
        self.services, self.actor, self.row = services, actor, row
        self.form.addRow(_about(row))
        today = london_today(services.ctx.now())
        self.answered_on = date_field("Date the reply was sent", today)
        self.add_field("&Sent on:", "answered_on", self.answered_on)
        self.how = _reason_box("How the reply was given")
        self.how.setPlaceholderText('for example "pack posted recorded delivery to the mother"')
        self.add_field("&How:", "how", self.how)

    def save(self) -> None:
        self.services.subject_access.mark_answered(
            self.actor,
            self.row.id,
            required_date(self.answered_on, "answered_on", "Type the date the reply was sent."),
            self.how.toPlainText(),
        )
