"""The one typed time (14:30, 24-hour) and the one date-time input (a UK date and a time).

``UkTimeEdit`` is a line edit for a time of day; ``UkDateTimeEdit`` puts the UK date
field (``widgets.uk_date``, with its calendar) and a time field side by side. Both keep what
was typed; ``problem`` says in plain words what is wrong with it, and ``value`` is None
until it can be read. Times are Europe/London wall-clock times; the form turns them into
UTC instants (``timekeeping.london_to_utc``).
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from diversion_app.domain.errors import DomainError
from diversion_app.domain.timekeeping import london_to_utc, parse_uk_date, to_london
from diversion_app.domain.typed_time import format_24_hour_time, parse_24_hour_time
from diversion_app.ui.widgets.uk_date import UkDateEdit

TIME_HINT = "hh:mm"


class UkTimeEdit(QLineEdit):
    """A time of day typed on the 24-hour clock; blank means no time."""

    def __init__(
        self, accessible_name: str, value: time | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        described = "Type the time on the 24-hour clock, like 14:30"
        self.setAccessibleDescription(described + ".")
        self.setToolTip(described + " (UK time).")
        self.setPlaceholderText(TIME_HINT)
        self.setMaxLength(5)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:00") * 3)
        self.set_value(value)

    def value(self) -> time | None:
        try:
            return parse_24_hour_time(self.text()) if self.text().strip() else None
        except DomainError:
            return None

    def set_value(self, value: time | None) -> None:
        self.setText(format_24_hour_time(value) if value is not None else "")

    def problem(self, missing: str) -> str | None:
        """What is wrong with the typed time (``missing`` when blank); None when it is right."""
        if not self.text().strip():
            return missing
        try:
            parse_24_hour_time(self.text())
        except DomainError as error:
            return str(error)
        return None


class UkDateTimeEdit(QWidget):
    """A UK date (typed, or from the calendar) and a 24-hour time, side by side."""

    def __init__(
        self, accessible_name: str, value: datetime | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.date_part = UkDateEdit(f"{accessible_name}: date", parent=self)
        self.time_part = UkTimeEdit(f"{accessible_name}: time", parent=self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.date_part, 1)
        layout.addWidget(self.time_part)
        self.setFocusProxy(self.date_part)
        self.set_value(value)

    def value(self) -> datetime | None:
        """The wall-clock date and time typed (naive, Europe/London), or None."""
        day, at = self.date_part.value(), self.time_part.value()
        return None if day is None or at is None else datetime.combine(day, at)

    def set_value(self, value: datetime | None) -> None:
        """Show ``value`` (a naive Europe/London wall-clock time), or blank."""
        self.date_part.set_value(value.date() if value is not None else None)
        self.time_part.set_value(value.time() if value is not None else None)

    def set_date(self, day: date) -> None:
        self.date_part.set_value(day)

    def instant(self) -> datetime | None:
        """The typed London wall-clock time as a UTC instant, or None until it can be read."""
        wall_clock = self.value()
        return None if wall_clock is None else london_to_utc(wall_clock)

    def set_instant(self, instant: datetime) -> None:
        """Show an instant as its Europe/London date and time."""
        self.set_value(to_london(instant).replace(tzinfo=None))

    def problem(self) -> str | None:
        """What is wrong with what was typed, in plain words; None when it can be read."""
        text = self.date_part.text()
        if not text.strip():
            return "Type the date, like 28/11/2026, and the time, like 14:30."
        try:
            parse_uk_date(text)
        except DomainError as error:
            return str(error)
        return self.time_part.problem("Type the time on the 24-hour clock, like 14:30.")
