"""How a 48-hour clock state looks: colour and words together, never colour alone."""

from __future__ import annotations

from diversion_app.domain.clock import ClockReading, ClockState

CLOCK_COLOURS: dict[ClockState, tuple[str, str]] = {
    # state: (text colour, background)
    ClockState.ON_TRACK: ("#1b5e20", "#e8f5e9"),
    ClockState.DUE_SOON: ("#7a4f00", "#fff3cd"),
    ClockState.OVERDUE: ("#ffffff", "#b71c1c"),
    ClockState.MET: ("#1b5e20", "#e8f5e9"),
    ClockState.MISSED: ("#8b0000", "#fde2e1"),
    ClockState.STOPPED: ("#424242", "#eeeeee"),
}


def clock_text(reading: ClockReading) -> str:
    """State and time in words: 'On track: 31 h 20 m left', 'Overdue by 3 h 05 m', 'Met in 20 h'."""
    if reading.state in (ClockState.ON_TRACK, ClockState.DUE_SOON):
        return f"{reading.state.label}: {reading.summary}"
    return reading.summary[:1].upper() + reading.summary[1:]


def clock_foreground(reading: ClockReading) -> str:
    return CLOCK_COLOURS[reading.state][0]


def clock_background(reading: ClockReading) -> str:
    return CLOCK_COLOURS[reading.state][1]
