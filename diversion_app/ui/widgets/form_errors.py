"""Showing a form's problems: a summary above the fields and a line under each field."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

ERROR_STYLE = "color: #b00020;"


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

    def add_row(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> None:
        form.addRow(label, widget)
        line = error_label(f"Problem with {label.rstrip(':').lower()}")
        self.labels[field] = line
        form.addRow("", line)

    def clear(self) -> None:
        self.summary.clear()
        self.summary.hide()
        for label in self.labels.values():
            label.clear()
            label.hide()

    def show(self, problems: dict[str, str]) -> None:
        self.clear()
        for field, text in problems.items():
            label = self.labels.get(field)
            if label is not None:
                label.setText(text)
                label.show()
        self.summary.setText(
            "Please fix the following before saving:\n" + "\n".join(problems.values())
        )
        self.summary.show()

    def show_message(self, text: str) -> None:
        self.clear()
        self.summary.setText(text)
        self.summary.show()

    def text_for(self, field: str) -> str:
        label = self.labels.get(field)
        return label.text() if label is not None else ""
