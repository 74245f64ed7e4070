"""Showing what to fix, and telling a screen reader: the scaffold's problems part.

Every form shows a refused save through ``show_problems`` (directly, through
``FieldProblems`` or ``FormRows``, or for one sentence under a field ``show_problem``),
so all forms behave alike:

- one summary above the fields, with one heading ("Nothing was saved. Fix the 2 problems
  below."), listing only the problems that have no field of their own;
- each other problem once, under its field;
- the cursor moved to the first field with a problem;
- an accessibility announcement (``announce``) of the heading and the problems.

``announce`` is also used for the 48-hour clock's changes and the overdue banner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QWidget

from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.services.base.errors import ServiceError
from diversion_app.ui.widgets.form_scaffold.limits import limit_typing

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
            if first is None and field in (fields or {}):
                first = (fields or {})[field]  # said in the summary, the cursor goes to it
            continue
        label.setText(message)
        label.show()
        if first is None:
            first = (fields or {}).get(field) or field_of(label)
    count = len(problems) + len(list(other))
    heading = heading_for(count)
    summary.setText("\n".join([heading, *unplaced]))
    summary.show()
    bring_into_view(summary)
    if first is not None:
        first.setFocus(Qt.FocusReason.OtherFocusReason)
    announce(summary, " ".join([heading, *problems.values(), *other]))


def show_message(summary: QLabel, labels: Mapping[str, QLabel], message: str) -> None:
    """A refusal that belongs to no field (a clash, a stale form): in the summary."""
    clear_problems(summary, labels)
    summary.setText(message)
    summary.show()
    bring_into_view(summary)
    announce(summary, message)


def bring_into_view(widget: QWidget) -> None:
    """Scroll the form so that ``widget`` is on screen (a summary drawn below the fold)."""
    ancestor = widget.parentWidget()
    while ancestor is not None and not isinstance(ancestor, QScrollArea):
        ancestor = ancestor.parentWidget()
    if isinstance(ancestor, QScrollArea):
        area = ancestor
        area.ensureWidgetVisible(widget)
        # once more when the summary has grown to its new text
        QTimer.singleShot(0, widget, lambda: area.ensureWidgetVisible(widget))


def clear_problems(summary: QLabel, labels: Mapping[str, QLabel]) -> None:
    summary.hide()
    summary.clear()
    for label in labels.values():
        label.hide()
        label.clear()


def error_label(accessible_name: str, *, object_name: str = "") -> QLabel:
    """A red sentence under a field, hidden until there is something to say."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    if object_name:
        label.setObjectName(object_name)
    label.hide()
    return label


def show_problem(label: QLabel, text: str | None) -> None:
    """One sentence under one field (or none); it is announced to a screen reader."""
    label.setText(text or "")
    label.setVisible(bool(text))
    if text:
        announce(label, text)


SAVE_ERRORS = (ValidationError, DomainError, ServiceError)
"""What a save can raise on purpose; each is shown to the user as a plain sentence."""


class FieldProblems:
    """A form's summary label and the error line under each of its fields, by field name.

    ``show`` takes the service's field -> sentence; ``show_error`` any refusal a save can
    raise; ``attempt`` runs a save and shows what it refused.
    """

    def __init__(self, summary: QLabel, labels: Mapping[str, QLabel] | None = None) -> None:
        self.summary = summary
        self.labels: dict[str, QLabel] = dict(labels or {})
        self.widgets: dict[str, QWidget] = {}
        self.last_error: Exception | None = None
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setStyleSheet(SUMMARY_STYLE)
        summary.setWordWrap(True)
        if not summary.accessibleName():
            summary.setAccessibleName("Problems to fix")
        summary.hide()
        for label in self.labels.values():
            _style_error(label)

    def add_row(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> None:
        """Add ``widget`` to ``form`` with the error line for ``field`` below it."""
        limit_typing(widget, field)
        form.addRow(label, widget)
        line = error_label(f"Problem with {label.replace('&', '').rstrip(':').lower()}")
        form.addRow("", line)
        self.labels[field] = line
        self.widgets[field] = widget

    def attach(self, field: str, error: QLabel, widget: QWidget | None = None) -> None:
        """An error line the form placed itself (beside a group of fields, say)."""
        _style_error(error)
        self.labels[field] = error
        if widget is not None:
            self.widgets[field] = widget

    def clear(self) -> None:
        clear_problems(self.summary, self.labels)

    def show(self, problems: Mapping[str, str]) -> None:
        show_problems(self.summary, self.labels, problems, fields=self.widgets)

    def show_message(self, message: str) -> None:
        show_message(self.summary, self.labels, message)

    def show_error(self, error: Exception) -> None:
        """A refused save, in plain words (never a traceback)."""
        self.last_error = error
        if isinstance(error, ValidationError):
            self.show(error.problems)
        else:
            self.show_message(str(error))

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run ``action``; show what it refused and return False, or clear and return True."""
        try:
            action()
        except SAVE_ERRORS as error:
            self.show_error(error)
            return False
        self.clear()
        self.last_error = None
        return True

    def text_for(self, field: str) -> str:
        """The sentence shown under ``field`` ('' when none is shown)."""
        label = self.labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


def _style_error(label: QLabel) -> None:
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
