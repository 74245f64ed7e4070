"""Showing a form's problems: a summary above the fields and a line under each field.

A thin adapter over the one form scaffold (``form_scaffold.show_problems``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from diversion_app.ui.widgets.form_scaffold import (
    ERROR_STYLE,
    SUMMARY_STYLE,
    clear_problems,
    show_message,
    show_problems,
)


def error_label(accessible: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setAccessibleName(accessible)
    label.hide()
    return label


class FieldErrors:
    """Per-field error lines in a QFormLayout, plus a summary label for the rest."""

    def __init__(self, summary: QLabel) -> None:
        self.summary = summary
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        summary.setStyleSheet(SUMMARY_STYLE)

    def add_row(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> None:
        form.addRow(label, widget)
        line = error_label(f"Problem with {label.rstrip(':').lower()}")
        self.labels[field] = line
        self.fields[field] = widget
        form.addRow("", line)

    def clear(self) -> None:
        clear_problems(self.summary, self.labels)

    def show(self, problems: dict[str, str]) -> None:
        """Through the one form scaffold (``form_scaffold.show_problems``)."""
        show_problems(self.summary, self.labels, problems, fields=self.fields)

    def show_message(self, text: str) -> None:
        show_message(self.summary, self.labels, text)

    def text_for(self, field: str) -> str:
        label = self.labels.get(field)
        return label.text() if label is not None else ""
