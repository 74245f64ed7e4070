"""A small dialog form: fields with a problem line under each, OK runs ``save``.

A refusal (``ValidationError`` naming fields, or a service's sentence) is shown beside the
field it concerns, or under the form, and the dialog stays open with what was typed; only
a save that succeeds closes it. Used by the account forms and the retention decisions.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.errors import ValidationError
from diversion_app.services.base.errors import ServiceError
from diversion_app.ui.widgets.form_bits import problem_label, show_problem


class FormDialog(QDialog):
    """A dialog with problem labels per field and an OK button that runs ``save``.

    ``ok_is_default``: Enter in a one-line field presses OK (not for decisions that cannot
    be undone, where the person must press the button itself).
    """

    def __init__(
        self,
        title: str,
        ok_text: str,
        parent: QWidget | None,
        *,
        minimum_width: int = 520,
        ok_is_default: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(minimum_width)
        self.form = QFormLayout()
        self.problems: dict[str, QLabel] = {"form": problem_label("form_problem")}
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self.ok_button.setDefault(ok_is_default)
        self.ok_button.setAutoDefault(ok_is_default)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(self.form)
        layout.addWidget(self.problems["form"])
        layout.addWidget(self.buttons)

    def add_field(self, label: str, key: str, widget: QWidget, name: str | None = None) -> None:
        """A labelled field (its mnemonic moves to it) with its problem line under it."""
        if name is not None:
            widget.setAccessibleName(name)
        self.problems[key] = problem_label(f"{key}_problem")
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        self.form.addRow("", self.problems[key])

    def try_save(self) -> None:
        for label in self.problems.values():
            show_problem(label, None)
        try:
            self.save()
        except ValidationError as error:
            for field, text in error.problems.items():
                show_problem(self.problems.get(field, self.problems["form"]), text)
            return
        except ServiceError as error:
            show_problem(self.problems["form"], str(error))
            return
        self.accept()

    def save(self) -> None:
        raise NotImplementedError
