"""How a working-day deadline looks in lists and on the record: words first, colour beside."""

from __future__ import annotations

from diversion_app.domain.timekeeping import format_date
from diversion_app.domain.working_days import DeadlineReading, DeadlineState

DEADLINE_COLOURS: dict[DeadlineState, tuple[str, str]] = {
    # state: (text colour, background)
    DeadlineState.ON_TRACK: ("#1b5e20", "#e8f5e9"),
    DeadlineState.DUE_SOON: ("#7a4f00", "#fff3cd"),
    DeadlineState.OVERDUE: ("#ffffff", "#b71c1c"),
    DeadlineState.MET: ("#1b5e20", "#e8f5e9"),
    DeadlineState.MISSED: ("#8b0000", "#fde2e1"),
    DeadlineState.STOPPED: ("#424242", "#eeeeee"),
    DeadlineState.NOT_APPLICABLE: ("#424242", "#eeeeee"),
}


def deadline_cell(reading: DeadlineReading | None) -> str:
    """A list cell: 'Overdue by 2 working days (due 12/01/2027)', 'Met on 08/01/2027 ...'."""
    if reading is None or reading.due_on is None:
        return ""
    return reading.summary[:1].upper() + reading.summary[1:]


def deadline_foreground(reading: DeadlineReading | None) -> str | None:
    if reading is None or reading.due_on is None:
        return None
    if reading.state is DeadlineState.OVERDUE:
        return DEADLINE_COLOURS[DeadlineState.MISSED][0]
    return DEADLINE_COLOURS[reading.state][0]


def deadline_tooltip(reading: DeadlineReading | None) -> str:
    if reading is None or reading.due_on is None:
        return ""
    return (
        f"{reading.name}: due {format_date(reading.due_on)} "
        "(working days: no weekends, bank holidays or local closure days)"
    )


def deadline_style(reading: DeadlineReading) -> str:
    colour, background = DEADLINE_COLOURS[reading.state]
    return (
        f"color: {colour}; background: {background}; font-weight: 600;"
        " padding: 4px 10px; border-radius: 5px;"
    )
