"""The scaffold's input limits: typing stops at the schema's maximum for the field.

The schema is the one declaration of each text's maximum (``services.base.text_guard``:
``String(n)`` of the column, 20,000 characters for notes and other multi-line text). A
field registered with the scaffold under its service field name gets that limit: a line
edit through ``setMaxLength``, a multi-line box by refusing characters past it (pasting
too is cut at the limit).
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from diversion_app.domain.text_input import TEXT_MAX_LENGTH
from diversion_app.services.base.text_guard import max_lengths


def limit_for(field: str) -> int | None:
    """The most characters ``field`` can hold, or None if it is not a stored text."""
    return max_lengths().get(field)


def limit_typing(widget: QWidget, field: str) -> None:
    """Stop typing in ``widget`` at the schema's limit for ``field`` (if it has one)."""
    limit = limit_for(field)
    if limit is None:
        return
    if isinstance(widget, QLineEdit):
        if widget.maxLength() > limit:
            widget.setMaxLength(limit)
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        limit_text_box(widget, limit)


def limit_text_box(box: QPlainTextEdit | QTextEdit, limit: int = TEXT_MAX_LENGTH) -> None:
    """A multi-line box that keeps at most ``limit`` characters (typed or pasted)."""

    def cut() -> None:
        excess = len(box.toPlainText()) - limit
        if excess <= 0:
            return
        cursor = box.textCursor()  # the cursor is just after what was typed or pasted
        end = cursor.position()
        cursor.setPosition(max(end - excess, 0), QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    box.setProperty("max_length", limit)
    box.textChanged.connect(cut)
