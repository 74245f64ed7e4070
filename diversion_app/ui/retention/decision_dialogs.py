"""The review decisions as forms: keep (reason, next review), dispose of (reason), legal holds.

Each asks the retention service; a refusal shows its sentence beside the field and keeps
what was typed. Disposal says plainly what goes and which backups still hold the data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from diversion_app.domain.retention import add_years
from diversion_app.domain.timekeeping import format_date
from diversion_app.ui.widgets.form_dialog import FormDialog
from diversion_app.ui.widgets.form_scaffold import date_field, required_date

REASON_HINT = "Do not name the young person: the reason is kept after their records go."


class DecisionForm(FormDialog):
    """A decision's form: a reason box (never naming the child) and OK that runs ``save``.

    OK is not the default button: a decision is made by pressing it, never by Enter.
    """

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(title, ok_text, parent, minimum_width=560, ok_is_default=False)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(REASON_HINT)
        self.reason.setFixedHeight(80)

    def explain(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        self.form.addRow(label)
        return label

    def reason_text(self) -> str:
        return self.reason.toPlainText()


class KeepDialog(DecisionForm):
    def __init__(
        self,
        name: str,
        today: date,
        keep: Callable[[str, date], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Keep the records of {name}", "&Keep records", parent)
        self._keep = keep
        self.explain("The records stay as they are and come back to the queue on the review date.")
        self.add_field("&Reason", "reason", self.reason, "Reason for keeping")
        self.review_on = date_field("Next review date", add_years(today, 1))
        self.add_field("Next &review", "review_on", self.review_on, "Next review date")

    def save(self) -> None:
        review_on = required_date(
            self.review_on, "review_on", "Type the next review date, like 28/11/2027."
        )
        self._keep(self.reason_text(), review_on)


class DisposeDialog(DecisionForm):
    def __init__(
        self,
        name: str,
        born: date,
        what_goes: str,
        backups: list[str],
        dispose: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Dispose of the records of {name}", "&Dispose of records", parent)
        self._dispose = dispose
        self.explain(
            f"{name}, born {format_date(born)}: {what_goes}.\n\n"
            "Their names, date of birth, identifiers, address, family members, every note "
            "and free-text field, and the details in the audit trail are erased for good. "
            "The dated counts stay, without anything that identifies them, so past reports "
            "still add up. This cannot be undone."
        )
        if backups:
            listed = "\n".join(f"  {name}" for name in backups)
            self.explain(
                f"{len(backups)} backup file(s) beside the database were made before today "
                f"and still hold these records:\n{listed}\n"
                "They are named in the disposal's log; delete them when they are no longer "
                "needed."
            )
        self.add_field("&Reason", "reason", self.reason, "Reason for disposal")

    def save(self) -> None:
        self._dispose(self.reason_text())


class HoldDialog(DecisionForm):
    def __init__(
        self,
        name: str,
        placing: bool,
        act: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        title = "Place a legal hold on" if placing else "Release the legal hold on"
        super().__init__(
            f"{title} the records of {name}",
            "&Place hold" if placing else "&Release hold",
            parent,
        )
        self._act = act
        self.explain(
            "While a legal hold is in place the records are never offered for disposal."
            if placing
            else "Once released, the records come to the queue when they are past their periods."
        )
        self.add_field("&Reason", "reason", self.reason, "Reason for the hold")

    def save(self) -> None:
        self._act(self.reason_text())
