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


def limit_for(field: str) -> int | None:
    """The most characters ``field`` can hold, or None if it is not a stored text.

    The schema is read when the first form asks, not when this module is imported: the
    sign-in shows before the data layer is loaded (``ui.data_loader``).
    """
    from diversion_app.services.base.text_guard import max_lengths

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


def limit_any_text(widget: QWidget) -> None:
    """The outer bound for a text box no form registered: the longest any stored text can be.

    A field registered under its service field name keeps its own (smaller) limit; a
    multi-line box is always a ``Text`` column, so this is its schema limit too.
    """
    if isinstance(widget, QLineEdit):
        if widget.maxLength() > TEXT_MAX_LENGTH:
            widget.setMaxLength(TEXT_MAX_LENGTH)
    elif isinstance(widget, QPlainTextEdit | QTextEdit) and widget.property("max_length") is None:
        limit_text_box(widget, TEXT_MAX_LENGTH)


def limit_text_box(box: QPlainTextEdit | QTextEdit, limit: int = TEXT_MAX_LENGTH) -> None:
    """A multi-line box that keeps at most ``limit`` characters (typed or pasted)."""

    def cut() -> None:
        excess = len(box.toPlainText()) - int(box.property("max_length"))
        if excess <= 0:
            return
        cursor = box.textCursor()  # the cursor is just after what was typed or pasted
        end = cursor.position()
        cursor.setPosition(max(end - excess, 0), QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    if box.property("max_length") is None:
        box.textChanged.connect(cut)
    box.setProperty("max_length", limit)
