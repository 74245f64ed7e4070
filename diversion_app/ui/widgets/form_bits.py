"""Small pieces the account dialogs share: a problem label under a field, a password field."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from diversion_app.ui.widgets.form_scaffold import ERROR_STYLE, announce

PROBLEM_STYLE = ERROR_STYLE


def problem_label(name: str, parent: QWidget | None = None) -> QLabel:
    """A red sentence under a field, hidden until there is something to say."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAccessibleName(name.replace("_", " "))
    label.setStyleSheet(PROBLEM_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_problem(label: QLabel, text: str | None) -> None:
    """One sentence under a field; it is announced to a screen reader (``form_scaffold``)."""
    label.setText(text or "")
    label.setVisible(bool(text))
    if text:
        announce(label, text)


def password_field(accessible_name: str, parent: QWidget | None = None) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field


def text_field(accessible_name: str, parent: QWidget | None = None) -> QLineEdit:
    field = QLineEdit(parent)
    field.setAccessibleName(accessible_name)
    return field
