"""The scaffold's form layout: labelled rows, each with its error line, and a summary on top.

``FormRows`` is a widget: ``add`` puts a field in a row under its caption (its buddy, for
the Alt shortcut) with the error line below it, keyed by the service's field name;
``show_problems`` shows a refused save through ``FieldProblems``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QFormLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from diversion_app.ui.widgets.form_scaffold.fields import plain_label
from diversion_app.ui.widgets.form_scaffold.limits import limit_typing
from diversion_app.ui.widgets.form_scaffold.problems import (
    FieldProblems,
    error_label,
    show_problems,
)


class FormRows(QWidget):
    """A QFormLayout whose rows each carry an error label, keyed by the service's field name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.summary = plain_label()
        self.summary.setAccessibleName("Problems with the form")
        outer.addWidget(self.summary)
        self.problems = FieldProblems(self.summary)
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.layout_)
        outer.addStretch(1)
        self.errors = self.problems.labels
        self.fields = self.problems.widgets

    def add(self, field: str, label: str, widget: QWidget) -> QWidget:
        limit_typing(widget, field)
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        container = QWidget()
        container.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = error_label(f"Problem with {widget.accessibleName()}")
        column.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.layout_.addRow(caption, container)
        self.problems.attach(field, error, widget)
        return widget

    def add_widget(self, widget: QWidget) -> None:
        self.layout_.addRow(widget)

    def show_problems(self, problems: dict[str, str], *, other: Iterable[str] = ()) -> None:
        """Each problem beside its field; any without a field at the top."""
        show_problems(self.summary, self.errors, problems, other=other, fields=self.fields)

    def show_message(self, message: str) -> None:
        self.problems.show_message(message)

    def clear_problems(self) -> None:
        self.problems.clear()

    def problem_text(self, field: str) -> str:
        return self.problems.text_for(field)
