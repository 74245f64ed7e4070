"""The scaffold's actions: Save and Cancel, reading a form and saving it, a short message.

``submit`` is the one save path of the forms that build a draft: what was typed wrong is
shown without asking the service; otherwise the service's refusal is shown the same way.
The form, and everything typed in it, stays as it was whenever the save does not happen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton, QWidget

from diversion_app.ui.widgets.form_scaffold.problems import SAVE_ERRORS, FieldProblems

D = TypeVar("D")
R = TypeVar("R")


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
    problems: FieldProblems,
    draft: Callable[[dict[str, str]], D],
    call: Callable[[D], R],
) -> R | None:
    """Read the form, show what was typed wrong, else ask the service; None if refused."""
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
