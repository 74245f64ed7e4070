"""Instants, UK dates and Europe/London time: how the scheme reads and shows time.

Instants are timezone-aware UTC datetimes. Rules take "now" as an argument; only
``system_now`` reads the wall clock, and only the composition root calls it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from diversion_app.domain.errors import DomainError

LONDON = ZoneInfo("Europe/London")

Now = Callable[[], datetime]
"""Something that tells the current instant (injected everywhere; tests pass a fixed one)."""


def system_now() -> datetime:
    """The wall clock as an aware UTC instant."""
    return datetime.now(UTC)


def ensure_utc(instant: datetime) -> datetime:
    """Return ``instant`` in UTC; refuses naive datetimes, which are ambiguous."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("a naive datetime is not an instant; give it a time zone")
    return instant.astimezone(UTC)


def to_london(instant: datetime) -> datetime:
    return ensure_utc(instant).astimezone(LONDON)


def london_today(now: datetime) -> date:
    return to_london(now).date()


def format_date(day: date | datetime | None) -> str:
    """28/11/2026; an instant is shown on its Europe/London calendar day."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = to_london(day).date()
    # formatted directly: ``strftime`` imports the time module at every call, which costs
    # a list or a report with thousands of dates (the same text for years 1000 to 9999)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_datetime(instant: datetime | None) -> str:
    """28/11/2026 14:05 in Europe/London time."""
    if instant is None:
        return ""
    local = to_london(instant)
    return f"{local.day:02d}/{local.month:02d}/{local.year:04d} {local.hour:02d}:{local.minute:02d}"


def format_time(instant: datetime | None) -> str:
    if instant is None:
        return ""
    local = to_london(instant)
    return f"{local.hour:02d}:{local.minute:02d}"


def format_duration(span: timedelta) -> str:
    """A length of time as '31 h 20 m' (whole minutes, rounded down; never negative)."""
    minutes = max(0, int(span.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    if hours >= 100:
        days, hours = divmod(hours, 24)
        return f"{days} d {hours} h"
    return f"{hours} h {minutes:02d} m"


_UK_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def parse_uk_date(text: str) -> date:
    """Read a date typed the UK way (05/03/2011); a plain DomainError says what is wrong."""
    match = _UK_DATE.match(text)
    if not match:
        raise DomainError(
            f"'{text.strip()}' is not a date: type it as day/month/year, like 05/03/2011."
        )
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError(
            f"{text.strip()} is not a real date (check the day and the month)."
        ) from None


def london_to_utc(local: datetime) -> datetime:
    """A wall-clock time in Europe/London (naive) as a UTC instant.

    In the repeated hour when the clocks go back, the first occurrence is taken;
    a time in the skipped hour when they go forward is moved on by the gap.
    """
    if local.tzinfo is not None:
        return ensure_utc(local)
    aware = local.replace(tzinfo=LONDON, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None)
    if round_trip != local:  # in the gap: walk forward to the same offset after the change
        aware = (local + timedelta(hours=1)).replace(tzinfo=LONDON)
    return aware.astimezone(UTC)
