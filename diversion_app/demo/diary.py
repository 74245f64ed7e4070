"""The demo caseworkers' diaries: the first free hour for a visit, and booking it.

A region's ten years give each caseworker tens of thousands of visits, so finding a free
hour often walks many hours forward, and in a full diary most walks go their whole
length. ``free_start`` gives exactly the hour the plain walk gives (a test holds it to
that walk): hour by hour from the start, its quarter-hours checked against those booked,
on to 09:00 the next day after the last visit hour. It walks in whole numbers (the
quarter-hour and the hour counted from 1970) instead of instants: London's offset from
UTC is looked up once per hour of the calendar (it changes only on the hour, by whole
hours), the next morning's 09:00 once per day, and the instant is made only for the
hour found.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from diversion_app.demo.london_clock import HOUR_OFFSETS, london_offset
from diversion_app.domain.timekeeping import LONDON, london_to_utc

QUARTER_HOUR = 15 * 60
VISIT_QUARTERS = 4
"""A demo visit lasts an hour: four quarter-hours of the caseworker's diary."""
LAST_VISIT_HOUR = 17
TRIES = 30
ONE_HOUR = timedelta(hours=1)
ONE_DAY = timedelta(days=1)
QUARTERS_PER_HOUR = 3600 // QUARTER_HOUR
EPOCH_DAY = date(1970, 1, 1).toordinal()

_next_mornings: dict[tuple[int, int, int], tuple[datetime, int]] = {}
"""(London day since 1970, second, microsecond) -> the next day's 09:00 at that second and
microsecond, as an instant, and its quarter-hour."""


def quarter(instant: datetime) -> int:
    """The quarter-hour an aware instant falls in, counted from 1970."""
    return int(instant.timestamp()) // QUARTER_HOUR


def book(booked: set[int], start: datetime) -> None:
    """Mark the hour from ``start`` as taken."""
    first = quarter(start)
    booked.update(range(first, first + VISIT_QUARTERS))


def next_morning(london_day: int, second: int, microsecond: int) -> tuple[datetime, int]:
    """09:00 (at ``second`` and ``microsecond``) on the day after the ``london_day``-th
    London day since 1970, as an instant, and its quarter-hour."""
    key = (london_day, second, microsecond)
    known = _next_mornings.get(key)
    if known is None:
        day = date.fromordinal(EPOCH_DAY + london_day + 1)
        morning = london_to_utc(datetime.combine(day, time(9, 0, second, microsecond)))
        known = _next_mornings[key] = (morning, quarter(morning))
    return known


def free_start(booked: set[int], start: datetime) -> datetime:
    """The first hour from ``start`` (in working hours, 09:00-18:00) that is free in
    ``booked``; ``start`` itself if none is found within a few days."""
    first = quarter(start)
    if first < 1:  # before 1970 the quarter's whole seconds are rounded up, not down
        return _free_start_walked(booked, start)
    found = start
    steps = 0  # hours on from ``found``
    offsets = HOUR_OFFSETS
    for _ in range(TRIES):
        # the hour's four quarters (VISIT_QUARTERS), asked one by one: most often the first
        # is taken, and a set answers that sooner than a range compared with it
        if not (
            first in booked or first + 1 in booked or first + 2 in booked or first + 3 in booked
        ):
            return found + steps * ONE_HOUR if steps else found
        steps += 1
        first += QUARTERS_PER_HOUR
        hour = first // QUARTERS_PER_HOUR
        offset = offsets.get(hour)
        if offset is None:
            offset = london_offset(hour)
            if offset is None:
                return _free_start_walked(booked, start)
        london_hours = hour + offset
        if london_hours % 24 > LAST_VISIT_HOUR:
            found, first = next_morning(london_hours // 24, start.second, start.microsecond)
            steps = 0
    return start


def _free_start_walked(booked: set[int], start: datetime) -> datetime:
    """``free_start`` working out each hour's instant and London hour (before 1970, and
    wherever London's offset is not whole hours)."""
    candidate = start
    for _ in range(TRIES):
        first = quarter(candidate)
        if booked.isdisjoint(range(first, first + VISIT_QUARTERS)):
            return candidate
        candidate += ONE_HOUR
        local = candidate.astimezone(LONDON)
        if local.hour > LAST_VISIT_HOUR:
            next_day = local.replace(tzinfo=None, hour=9, minute=0) + ONE_DAY
            candidate = london_to_utc(next_day)
    return start
