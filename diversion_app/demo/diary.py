"""The demo caseworkers' diaries: the first free hour for a visit, and booking it.

A region's ten years give each caseworker tens of thousands of visits, so finding a free
hour often walks many hours forward. ``free_start`` gives exactly the hour the plain walk
gives (a test holds it to that walk): hour by hour from the start, its quarter-hours
checked against those booked, on to 09:00 the next day after the last visit hour. It
works out the London hour once per day walked and counts on from there, since the
clocks change only in the small hours.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from diversion_app.domain.timekeeping import LONDON, london_to_utc

QUARTER_HOUR = 15 * 60
VISIT_QUARTERS = 4
"""A demo visit lasts an hour: four quarter-hours of the caseworker's diary."""
LAST_VISIT_HOUR = 17
TRIES = 30
ONE_HOUR = timedelta(hours=1)
ONE_DAY = timedelta(days=1)
QUARTERS_PER_HOUR = 3600 // QUARTER_HOUR
FIRST_STEADY_HOUR = 3
"""From 03:00 to midnight, London time, the clocks never change (they change at 01:00 UTC)."""


def quarter(instant: datetime) -> int:
    """The quarter-hour an aware instant falls in, counted from 1970."""
    return int(instant.timestamp()) // QUARTER_HOUR


def book(booked: set[int], start: datetime) -> None:
    """Mark the hour from ``start`` as taken."""
    first = quarter(start)
    booked.update(range(first, first + VISIT_QUARTERS))


def free_start(booked: set[int], start: datetime) -> datetime:
    """The first hour from ``start`` (in working hours, 09:00-18:00) that is free in
    ``booked``; ``start`` itself if none is found within a few days."""
    candidate = start
    first = quarter(candidate)
    hour = -1  # the candidate's London hour, once known
    for _ in range(TRIES):
        if booked.isdisjoint(range(first, first + VISIT_QUARTERS)):
            return candidate
        candidate += ONE_HOUR
        if FIRST_STEADY_HOUR <= hour < 23 and first >= 0:
            hour += 1  # the same day, no change of the clocks in between
            first += QUARTERS_PER_HOUR
        else:
            local = candidate.astimezone(LONDON)
            hour = local.hour
            first = quarter(candidate)
        if hour > LAST_VISIT_HOUR:
            local = candidate.astimezone(LONDON)
            next_day = local.replace(tzinfo=None, hour=9, minute=0) + ONE_DAY
            candidate = london_to_utc(next_day)
            hour = -1
            first = quarter(candidate)
    return start
