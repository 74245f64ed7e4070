"""What the school liaison forms share: typed enum combos, UK dates, problems shown in place.

A form asks a service to save; a ``ValidationError`` comes back as field -> sentence and
each sentence is shown under its field (and all of them at the top), the input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Generic, TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from diversion_app.domain.enums import LabelledEnum
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.timekeeping import parse_uk_date
from diversion_app.services.base.errors import ServiceError
from diversion_app.ui.widgets.form_scaffold import (
    ERROR_STYLE,
    SUMMARY_STYLE,
    clear_problems,
    show_message,
    show_problems,
)
from diversion_app.ui.widgets.uk_date import UkDateEdit

E = TypeVar("E", bound=LabelledEnum)
D = TypeVar("D")
R = TypeVar("R")


class EnumCombo(QComboBox, Generic[E]):
    """A combo of an enum's labels, read back as the member (Qt keeps only the string)."""

    def __init__(self, enum_type: type[E], accessible_name: str, blank: str | None) -> None:
        super().__init__()
        self.enum_type = enum_type
        self.setAccessibleName(accessible_name)
        if blank is not None:
            self.addItem(blank, None)
        for member in enum_type:
            self.addItem(member.label, member.value)

    def value(self) -> E | None:
        data = self.currentData()
        return None if data is None else self.enum_type(data)

    def set_value(self, member: E | None) -> None:
        index = self.findData(None if member is None else member.value)
        if index >= 0:
            self.setCurrentIndex(index)


def enum_combo(
    enum_type: type[E], accessible_name: str, *, blank: str | None = None
) -> EnumCombo[E]:
    """A combo of an enum's labels; ``blank`` (meaning "none chosen") first if given."""
    return EnumCombo(enum_type, accessible_name, blank)


def date_field(accessible_name: str, value: date | None = None) -> QLineEdit:
    """The one typed UK date field, with its calendar (``widgets.uk_date``)."""
    return UkDateEdit(accessible_name, value)


def read_date(
    edit: QLineEdit, field: str, problems: dict[str, str], *, required_message: str | None
) -> date | None:
    """The typed date, or None; a problem is added for a bad (or missing, if required) date."""
    text = edit.text().strip()
    if not text:
        if required_message:
            problems[field] = required_message
        return None
    try:
        return parse_uk_date(text)
    except DomainError as error:
        problems[field] = str(error)
        return None


class ProblemDisplay:
    """Per-field error labels under a form's fields, and a summary at the top."""

    def __init__(self, summary: QLabel) -> None:
        self.summary = summary
        summary.setStyleSheet(SUMMARY_STYLE)
        summary.setWordWrap(True)
        summary.setAccessibleName("Problems to fix")
        summary.hide()
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def add_row(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> None:
        """Add ``widget`` to ``form`` with an error label for ``field`` below it."""
        form.addRow(label, widget)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setAccessibleName(f"Problem with {label.rstrip(':').lower()}")
        error.hide()
        form.addRow("", error)
        self.labels[field] = error
        self.fields[field] = widget

    def attach(self, field: str, error: QLabel) -> None:
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.labels[field] = error

    def clear(self) -> None:
        clear_problems(self.summary, self.labels)

    def show(self, problems: dict[str, str]) -> None:
        """Through the one form scaffold (``form_scaffold.show_problems``)."""
        show_problems(self.summary, self.labels, problems, fields=self.fields)

    def show_message(self, message: str) -> None:
        show_message(self.summary, self.labels, message)

    def show_error(self, error: Exception) -> None:
        """A refused save, in plain words (never a traceback)."""
        if isinstance(error, ValidationError):
            self.show(error.problems)
        else:
            self.show_message(str(error))


SAVE_ERRORS = (ValidationError, DomainError, ServiceError)
"""What a save can raise on purpose; each is shown to the user as a plain sentence."""


def save_cancel_buttons(
    dialog: QDialog, save: Callable[[], None], accessible_name: str
) -> tuple[QDialogButtonBox, QPushButton]:
    """Save (runs ``save``) and Cancel (closes the form); Save is named for screen readers."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
    save_button.setAccessibleName(accessible_name)
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons, save_button


def submit(
    problems: ProblemDisplay,
    draft: Callable[[dict[str, str]], D],
    call: Callable[[D], R],
) -> R | None:
    """Read the form, show what was typed wrong, else ask the service; None if refused.

    The form and everything typed in it stay as they were whenever the save does not happen.
    """
    typed: dict[str, str] = {}
    read = draft(typed)
    if typed:
        problems.show(typed)
        return None
    try:
        return call(read)
    except SAVE_ERRORS as error:
        problems.show_error(error)
        return None


def inform(parent: QWidget, title: str, text: str) -> QMessageBox:
    """A non-blocking message box (tests read it; people close it)."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    box.setIcon(QMessageBox.Icon.Information)
    box.open()
    return box
