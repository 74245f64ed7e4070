"""When a visit is: the typed date and times read back, and what is wrong with them.

Shared by booking a visit (``visit_form``) and moving one (``visit_outcome``): the one UK
date input and two 24-hour time inputs, read as Europe/London wall-clock times.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time

from PySide6.QtWidgets import QLabel, QWidget

from diversion_app.domain.timekeeping import london_to_utc
from diversion_app.ui.widgets.form_scaffold import read_date, show_problems
from diversion_app.ui.widgets.uk_date import UkDateEdit
from diversion_app.ui.widgets.uk_time import UkTimeEdit

ERROR_STYLE = "color: #8b0000; background: #fde2e1; padding: 6px; border-radius: 4px;"


def typed_instant(day: UkDateEdit, at: UkTimeEdit) -> datetime | None:
    """A typed London date and time as a UTC instant; None until both can be read."""
    on, clock_time = day.value(), at.value()
    if on is None or clock_time is None:
        return None
    return london_to_utc(datetime.combine(on, clock_time))


def when_problems(day: UkDateEdit, start: UkTimeEdit, end: UkTimeEdit) -> dict[str, str]:
    """What is wrong with a typed date, start and end, keyed as the visit services key them."""
    problems: dict[str, str] = {}
    read_date(day, "start_at", problems, required_message="Type the date of the visit.")
    if "start_at" not in problems:
        problem = start.problem("Type the start time, like 14:30.")
        if problem is not None:
            problems["start_at"] = problem
    problem = end.problem("Type the end time, like 15:30.")
    if problem is not None:
        problems["end_at"] = problem
    return problems


def show_refusal(
    message: QLabel, problems: Mapping[str, str], fields: Mapping[str, QWidget]
) -> None:
    """A refused booking in the form's message line, the scaffold's one way; the cursor goes
    to the field (by the service's field name) of the first problem."""
    message.setStyleSheet(ERROR_STYLE)
    show_problems(message, {}, problems, fields=fields)


def minutes_of(value: time) -> int:
    return value.hour * 60 + value.minute
