"""The one way every form shows what to fix, and tells a screen reader.

Every form's problem helper (``FormRows``, ``Problems``, ``FieldErrors``,
``ProblemDisplay``, the account dialogs' ``show_problem``) hands a refused save to
``show_problems``, so all forms behave alike:

- one summary above the fields, with one heading ("Nothing was saved. Fix the 2 problems
  below."), listing only the problems that have no field of their own;
- each other problem once, under its field;
- the cursor moved to the first field with a problem;
- an accessibility announcement (``announce``) of the heading and the problems.

``announce`` is also used for the 48-hour clock's changes and the overdue banner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOUR = "#b00020"
ERROR_STYLE = f"color: {ERROR_COLOUR};"
SUMMARY_STYLE = (
    f"background: #fde7e9; color: {ERROR_COLOUR}; border: 1px solid {ERROR_COLOUR}; "
    "border-radius: 4px; padding: 6px; font-weight: 600;"
)


class Announcer(QObject):
    """Relays announcements; ``announced`` lets tests (and a status bar) hear them too."""

    announced = Signal(str)


ANNOUNCER = Announcer()


def announce(widget: QWidget, text: str, *, urgent: bool = True) -> None:
    """Ask assistive technology to read ``text`` now (Qt's announcement event)."""
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if urgent
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)
    ANNOUNCER.announced.emit(text)


def heading_for(count: int) -> str:
    """The summary's one heading."""
    if count <= 1:
        return "Nothing was saved. Fix the problem below."
    return f"Nothing was saved. Fix the {count} problems below."


def field_of(error_label: QLabel) -> QWidget | None:
    """The control an error label belongs to: the nearest one before it that takes focus."""
    widget = error_label.previousInFocusChain()
    while widget is not None and widget is not error_label:
        if (
            widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
            and widget.isEnabled()
            and not widget.isWindow()
        ):
            return widget
        widget = widget.previousInFocusChain()
    return None


def show_problems(
    summary: QLabel,
    labels: Mapping[str, QLabel],
    problems: Mapping[str, str],
    *,
    other: Iterable[str] = (),
    fields: Mapping[str, QWidget] | None = None,
) -> None:
    """Show a refused save: each problem under its field, the rest in the summary."""
    clear_problems(summary, labels)
    unplaced = list(other)
    first: QWidget | None = None
    for field, message in problems.items():
        label = labels.get(field)
        if label is None:
            unplaced.append(message)
            continue
        label.setText(message)
        label.show()
        if first is None:
            first = (fields or {}).get(field) or field_of(label)
    count = len(problems) + len(list(other))
    heading = heading_for(count)
    summary.setText("\n".join([heading, *unplaced]))
    summary.show()
    if first is not None:
        first.setFocus(Qt.FocusReason.OtherFocusReason)
    announce(summary, " ".join([heading, *problems.values(), *other]))


def show_message(summary: QLabel, labels: Mapping[str, QLabel], message: str) -> None:
    """A refusal that belongs to no field (a clash, a stale form): in the summary."""
    clear_problems(summary, labels)
    summary.setText(message)
    summary.show()
    announce(summary, message)


def clear_problems(summary: QLabel, labels: Mapping[str, QLabel]) -> None:
    summary.hide()
    summary.clear()
    for label in labels.values():
        label.hide()
        label.clear()
