"""Form building blocks: labelled rows with an error line under each, and a summary at the top.

A failed save shows each service message next to its field and keeps what was typed;
problems are shown through the one form scaffold (``form_scaffold.show_problems``).
User text is always shown as plain text (a name like ``<b>Zoë</b>`` is a name, not markup).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from diversion_app.domain.enums import LabelledEnum
from diversion_app.services.base.text_guard import max_lengths
from diversion_app.ui.widgets.form_scaffold import (
    ERROR_STYLE,
    SUMMARY_STYLE,
    clear_problems,
    show_message,
    show_problems,
)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as rich text."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def enum_combo(
    enum: type[LabelledEnum], accessible_name: str, *, blank: str | None = None
) -> QComboBox:
    """A combo of an enum's labels (data = the member); ``blank`` adds a 'choose' first item."""
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    if blank is not None:
        combo.addItem(blank, None)
    for member in enum:
        combo.addItem(member.label, member)
    return combo


E = TypeVar("E", bound=LabelledEnum)


def enum_data(combo: QComboBox, enum: type[E]) -> E | None:
    """The chosen member (Qt hands string enums back as plain strings), or None for 'choose'."""
    value = combo.currentData()
    return None if value is None else enum(value)


def required_choice(value: E | None) -> E:
    """For combos with no blank item: there is always a choice."""
    assert value is not None
    return value


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class FormRows(QWidget):
    """A QFormLayout whose rows each carry an error label, keyed by the service's field name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.summary = plain_label()
        self.summary.setStyleSheet(SUMMARY_STYLE)
        self.summary.setAccessibleName("Problems with the form")
        self.summary.hide()
        outer.addWidget(self.summary)
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.layout_)
        outer.addStretch(1)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def add(self, field: str, label: str, widget: QWidget) -> QWidget:
        limit = max_lengths().get(field)
        if limit is not None and isinstance(widget, QLineEdit):
            widget.setMaxLength(limit)  # the schema's limit: typing stops there
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        container = QWidget()
        container.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = plain_label()
        error.setStyleSheet(ERROR_STYLE)
        error.setAccessibleName(f"Problem with {widget.accessibleName()}")
        error.hide()
        column.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.layout_.addRow(caption, container)
        self.errors[field] = error
        self.fields[field] = widget
        return widget

    def add_widget(self, widget: QWidget) -> None:
        self.layout_.addRow(widget)

    def show_problems(self, problems: dict[str, str], *, other: Iterable[str] = ()) -> None:
        """Each problem beside its field; any without a field at the top (``form_scaffold``)."""
        show_problems(self.summary, self.errors, problems, other=other, fields=self.fields)

    def show_message(self, message: str) -> None:
        show_message(self.summary, self.errors, message)

    def clear_problems(self) -> None:
        clear_problems(self.summary, self.errors)

    def problem_text(self, field: str) -> str:
        label = self.errors[field]
        return label.text() if not label.isHidden() else ""
