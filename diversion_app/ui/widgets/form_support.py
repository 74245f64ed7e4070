"""What the casework dialogs share: UK date fields, error labels beside fields, a banner.

Problems are shown through the one form scaffold (``form_scaffold.show_problems``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Generic, TypeVar

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QWidget

from diversion_app.domain.enums import LabelledEnum
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.services.base.errors import ServiceError
from diversion_app.ui.widgets.form_scaffold import (
    ERROR_STYLE,
    SUMMARY_STYLE,
    clear_problems,
    show_message,
    show_problems,
)

E = TypeVar("E", bound=LabelledEnum)

BANNER_STYLE = SUMMARY_STYLE
NOTICE_STYLE = (
    "background: #eef6fc; color: #1f3b57; border: 1px solid #9ac1e0; "
    "border-radius: 4px; padding: 6px;"
)


def date_edit(accessible_name: str, value: date | None = None) -> QDateEdit:
    """A calendar-popup date field showing 28/11/2026."""
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setAccessibleName(accessible_name)
    if value is not None:
        edit.setDate(to_qdate(value))
    return edit


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class EnumCombo(QComboBox, Generic[E]):
    """A combo of enum labels whose ``value()`` is the chosen member (or None for the blank)."""

    def __init__(self, accessible_name: str, members: list[E], *, blank: str | None) -> None:
        super().__init__()
        self.setAccessibleName(accessible_name)
        self.members = list(members)
        self.offset = 0 if blank is None else 1
        if blank is not None:
            self.addItem(blank)
        for member in members:
            self.addItem(member.label)

    def value(self) -> E | None:
        index = self.currentIndex() - self.offset
        return self.members[index] if 0 <= index < len(self.members) else None

    def set_value(self, member: E | None) -> None:
        if member is None or member not in self.members:
            self.setCurrentIndex(0)
        else:
            self.setCurrentIndex(self.members.index(member) + self.offset)


def enum_combo(accessible_name: str, members: list[E], *, blank: str | None = None) -> EnumCombo[E]:
    """A combo of enum labels; ``blank`` adds an empty first choice."""
    return EnumCombo(accessible_name, members, blank=blank)


def error_label(accessible_name: str) -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.hide()
    return label


class Problems:
    """Shows a service's refusal: each field's sentence beside it, the rest in the banner."""

    def __init__(self, banner: QLabel, fields: Mapping[str, QLabel]) -> None:
        self.banner = banner
        self.fields = dict(fields)
        self.last_error: Exception | None = None
        banner.setStyleSheet(BANNER_STYLE)
        banner.setWordWrap(True)
        banner.setAccessibleName("Problems to fix")
        banner.hide()

    def clear(self) -> None:
        clear_problems(self.banner, self.fields)

    def show(self, error: Exception) -> None:
        """A refusal through the one form scaffold (``form_scaffold.show_problems``)."""
        self.last_error = error
        if isinstance(error, ValidationError):
            show_problems(self.banner, self.fields, error.problems)
        else:
            show_message(self.banner, self.fields, str(error))

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run ``action``; show what it refused and return False, or clear and return True."""
        try:
            action()
        except (DomainError, ServiceError) as error:
            self.show(error)
            return False
        self.clear()
        self.last_error = None
        return True


READ_ONLY_TEXT = (
    "You can read this, but only the caseworker the referral is allocated to, "
    "or a supervisor, can change it."
)


def read_only_notice(parent: QWidget | None = None) -> QLabel:
    """Says why a casework form offers no Save: the reader may not work this referral."""
    return notice(READ_ONLY_TEXT, "Read only", parent)


def notice(text: str, accessible_name: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet(NOTICE_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    return label
