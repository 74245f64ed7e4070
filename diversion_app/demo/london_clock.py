"""London's calendar day and wall clock for the demo's millions of instants.

``london_today`` and ``astimezone(LONDON)`` look London's offset up in the time zone data
for every instant. London's offset from UTC changes only on the hour and by whole hours
(from 1847 on), so here it is looked up once per hour of the calendar and kept, and the
day or the wall clock follows by adding it. An instant that is not in UTC, or before
1970, takes the plain way; tests hold every answer to the plain way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from diversion_app.domain.timekeeping import LONDON, london_to_utc, london_today

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HOUR_OFFSETS: dict[int, int | None] = {}
"""Hours since 1970 (UTC) -> London's offset from UTC in whole hours then (None: not a
whole number of hours), as ``london_offset`` has found them (read directly by the walks
that ask for it thousands of times)."""
_london_days: dict[int, date] = {}
"""Hours since 1970 (UTC) -> the London day they fall in."""
_midnights: dict[date, datetime] = {}
_shifts: dict[int, timedelta] = {}


def london_offset(hour: int) -> int | None:
    """London's offset from UTC, in hours, during the ``hour``-th hour since 1970 (UTC)."""
    try:
        return HOUR_OFFSETS[hour]
    except KeyError:
        pass
    offset = datetime.fromtimestamp(hour * 3600, UTC).astimezone(LONDON).utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    whole = seconds // 3600 if seconds % 3600 == 0 else None
    HOUR_OFFSETS[hour] = whole
    return whole


def _hour_since_1970(instant: datetime) -> int | None:
    """The UTC hour an instant in UTC falls in, counted from 1970 (None: not in UTC, or
    before 1970)."""
    if instant.tzinfo is not UTC:
        return None
    since = instant - _EPOCH
    if since.days < 0:
        return None
    return since.days * 24 + since.seconds // 3600


def london_day(instant: datetime) -> date:
    """``london_today(instant)``: the London calendar day of an aware instant."""
    if instant.tzinfo is UTC:
        since = instant - _EPOCH
        hour = since.days * 24 + since.seconds // 3600
        day = _london_days.get(hour)
        if day is not None:
            return day
        if since.days >= 0:
            offset = london_offset(hour)
            if offset is not None:
                day = _london_days[hour] = (instant + timedelta(hours=offset)).date()
                return day
    return london_today(instant)


def london_wall_clock(instant: datetime) -> datetime:
    """``instant.astimezone(LONDON).replace(tzinfo=None)``: London's wall clock (naive) at
    an aware instant."""
    hour = _hour_since_1970(instant)
    offset = london_offset(hour) if hour is not None else None
    if offset is None:
        return instant.astimezone(LONDON).replace(tzinfo=None)
    shift = _shifts.get(offset)
    if shift is None:
        shift = _shifts[offset] = timedelta(hours=offset)
    return instant.replace(tzinfo=None) + shift


def london_midnight(day: date) -> datetime:
    """``london_to_utc`` of the start of a London day (remembered for each day)."""
    instant = _midnights.get(day)
    if instant is None:
        instant = _midnights[day] = london_to_utc(datetime.combine(day, time.min))
    return instant
