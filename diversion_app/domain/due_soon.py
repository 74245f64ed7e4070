"""The "due soon" threshold of the 48-hour clock: a setting (DOMAIN.md: "inside the last
12 hours: our choice, configurable").

Stored as whole hours under ``DUE_SOON_SETTING``; a missing or unreadable value falls back
to the default, so a damaged setting never stops the clock being read.
"""

from __future__ import annotations

from datetime import timedelta

from diversion_app.domain.clock import CLOCK_LENGTH, DEFAULT_DUE_SOON

DUE_SOON_SETTING = "due_soon_hours"
DEFAULT_DUE_SOON_HOURS = int(DEFAULT_DUE_SOON.total_seconds() // 3600)
DUE_SOON_RANGE = (1, int(CLOCK_LENGTH.total_seconds() // 3600) - 1)
"""At least an hour of warning; never the whole 48 hours (then nothing is ever on track)."""


def due_soon_problem(hours: int) -> str | None:
    """Plain words for what is wrong with a threshold, or None when it will do."""
    low, high = DUE_SOON_RANGE
    if not low <= hours <= high:
        return f"Choose between {low} and {high} hours before the due time."
    return None


def due_soon_from_setting(value: str | None) -> timedelta:
    """The threshold a stored value stands for (the default if missing or unreadable)."""
    try:
        hours = int(value) if value is not None else DEFAULT_DUE_SOON_HOURS
    except ValueError:
        hours = DEFAULT_DUE_SOON_HOURS
    if due_soon_problem(hours) is not None:
        hours = DEFAULT_DUE_SOON_HOURS
    return timedelta(hours=hours)
