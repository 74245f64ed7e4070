"""The scaffold's fields: plain-text labels, text and password boxes, enum choices, notices.

Every enum choice is an ``EnumCombo`` (``value()`` is the chosen member, None for the
blank "Choose…" item); dates are the one UK date input (``widgets.uk_date``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from diversion_app.domain.enums import LabelledEnum

E = TypeVar("E", bound=LabelledEnum)

NOTICE_STYLE = (
    "background: #eef6fc; color: #1f3b57; border: 1px solid #9ac1e0; "
    "border-radius: 4px; padding: 6px;"
)
READ_ONLY_TEXT = (
    "You can read this, but only the caseworker the referral is allocated to, "
    "or a supervisor, can change it."
)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as rich text (a name like <b>Zoë</b> is a name)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def text_field(accessible_name: str, parent: QWidget | None = None) -> QLineEdit:
    field = QLineEdit(parent)
    field.setAccessibleName(accessible_name)
    return field


def password_field(accessible_name: str, parent: QWidget | None = None) -> QLineEdit:
    field = text_field(accessible_name, parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class EnumCombo(QComboBox, Generic[E]):
    """A choice of enum members by their labels; ``value()`` is the member (None if blank).

    Each item's data is the member's value, so ``findData`` and ``currentData`` work too.
    """

    def __init__(self, members: Iterable[E], accessible_name: str, blank: str | None) -> None:
        super().__init__()
        self.setAccessibleName(accessible_name)
        self.members: list[E] = list(members)
        self._by_value = {member.value: member for member in self.members}
        if blank is not None:
            self.addItem(blank, None)
        for member in self.members:
            self.addItem(member.label, member.value)

    def value(self) -> E | None:
        data = self.currentData()
        return None if data is None else self._by_value.get(str(data))

    def set_value(self, member: E | None) -> None:
        """Choose ``member``; None (or one not offered) goes back to the first item."""
        index = self.findData(None if member is None else member.value)
        self.setCurrentIndex(max(index, 0))


def enum_combo(
    members: type[E] | Iterable[E], accessible_name: str, *, blank: str | None = None
) -> EnumCombo[E]:
    """A choice of ``members`` (an enum, or some of its members); ``blank`` comes first."""
    return EnumCombo(members, accessible_name, blank)


def required_choice(value: E | None) -> E:
    """For a combo with no blank item: there is always a choice."""
    assert value is not None
    return value


def select_data(combo: QComboBox, value: object) -> None:
    """Choose the item whose data is ``value`` (nothing changes if there is none)."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def notice(text: str, accessible_name: str, parent: QWidget | None = None) -> QLabel:
    """A pale blue sentence saying something about the whole form."""
    label = QLabel(text, parent)
    label.setStyleSheet(NOTICE_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    return label


def read_only_notice(parent: QWidget | None = None) -> QLabel:
    """Says why a casework form offers no Save: the reader may not work this referral."""
    return notice(READ_ONLY_TEXT, "Read only", parent)
