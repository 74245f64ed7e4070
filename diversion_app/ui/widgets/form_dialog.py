"""A small dialog form: fields with a problem line under each, OK runs ``save``.

A refusal (``ValidationError`` naming fields, or a service's sentence) is shown beside the
field it concerns, or in the summary above the fields (``form_scaffold.FieldProblems``),
and the dialog stays open with what was typed; only
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

from diversion_app.ui.widgets.form_scaffold import FieldProblems, error_label, limit_typing


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
        self.summary = error_label("Problems to fix", object_name="form_problem")
        self.field_problems = FieldProblems(self.summary)
        self.problems = self.field_problems.labels
        """Each field's problem line, by the service's field name."""
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
        layout.addWidget(self.summary)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def add_field(self, label: str, key: str, widget: QWidget, name: str | None = None) -> None:
        """A labelled field (its mnemonic moves to it) with its problem line under it."""
        if name is not None:
            widget.setAccessibleName(name)
        line = error_label(f"{key} problem".replace("_", " "), object_name=f"{key}_problem")
        self.field_problems.attach(key, line, widget)
        limit_typing(widget, key)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        self.form.addRow("", line)

    def try_save(self) -> None:
        """Run ``save``; a refusal is shown the scaffold's one way and the dialog stays open."""
        if self.field_problems.attempt(self.save):
            self.accept()

    def save(self) -> None:
        raise NotImplementedError
