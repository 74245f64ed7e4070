"""Which period a report compares with (DOMAIN.md, "What supervisors and the panel read").

A range of whole calendar months is compared with the same number of whole months just
before it (June 2023-May 2024 beside June 2022-May 2023; January-March beside
October-December); any other range with the same number of days just before it.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta


def is_whole_months(start: date, end: date) -> bool:
    """True when the range starts on a 1st and ends on the last day of a month."""
    return start.day == 1 and end.day == monthrange(end.year, end.month)[1] and start <= end


def months_between(start: date, end: date) -> int:
    """How many calendar months a whole-month range covers."""
    return (end.year - start.year) * 12 + (end.month - start.month) + 1


def month_shift(day: date, months: int) -> date:
    """The 1st of the month ``months`` months from ``day``'s month (negative goes back)."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def previous_range(start: date, end: date) -> tuple[date, date]:
    """The range the report shows beside ``start``-``end`` (both ends included)."""
    if is_whole_months(start, end):
        months = months_between(start, end)
        return month_shift(start, -months), start - timedelta(days=1)
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)
