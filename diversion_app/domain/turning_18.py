"""The flag an open case raises when its young person turns 18 (DOMAIN.md, "Ages": 18 and
over is not eligible; the closure outcome "turned 18" exists for this)."""

from __future__ import annotations

from datetime import date

from diversion_app.domain.ages import age_on
from diversion_app.domain.closure import add_months
from diversion_app.domain.timekeeping import format_date

WARN_DAYS = 28
"""How long before the 18th birthday an open case starts to say so."""


def eighteenth_birthday(date_of_birth: date) -> date:
    """The 18th birthday (29 February babies: 28 February in a common year)."""
    return add_months(date_of_birth, 18 * 12)


def turning_18_flag(date_of_birth: date, today: date) -> str | None:
    """Plain words for an open case whose young person is 18, or will be within four
    weeks; None otherwise."""
    if today < date_of_birth:
        return None
    birthday = eighteenth_birthday(date_of_birth)
    if age_on(date_of_birth, today) >= 18 or today >= birthday:
        return (
            f"Turned 18 on {format_date(birthday)}: the scheme is for under-18s. Close the "
            "case (outcome 'turned 18') or record why it stays open."
        )
    days = (birthday - today).days
    if days <= WARN_DAYS:
        when = "tomorrow" if days == 1 else f"in {days} days"
        return f"Turns 18 on {format_date(birthday)} ({when}): plan the closure or transfer."
    return None
