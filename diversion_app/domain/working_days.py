"""Working days and the two working-day deadlines of out-of-court work (RETURNS.md).

A working day is Monday to Friday, not a bank holiday of England and Wales (from the
maintained ``holidays`` package, never a hand-typed list: ``bank_holiday_table`` keeps
the package's own answer for the years in use) and not a local closure day
an administrator has added. Counting starts the working day after the referral is
received (on its Europe/London calendar day): the assessment is due 10 working days
after receipt, the recommendation to the police 15.

A deadline is read like the 48-hour clock: on track, due soon (due today or the next
working day), overdue, met, missed, or stopped (the referral ended without it).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from diversion_app.domain.bank_holiday_table import bank_holidays_in
from diversion_app.domain.enums import LabelledEnum
from diversion_app.domain.timekeeping import format_date

ASSESSMENT_WORKING_DAYS = 10
RECOMMENDATION_WORKING_DAYS = 15
MAX_CLOSURE_DAYS = 60
"""A local closure list longer than this is more likely a mistake than a closure."""


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(bank_holidays_in(year))


def bank_holiday_name(day: date) -> str | None:
    """The name of the England and Wales bank holiday on ``day``, if it is one."""
    return bank_holidays_in(day.year).get(day)


@lru_cache(maxsize=256)
def _weekdays_off(closure_days: frozenset[date], first_year: int, last_year: int) -> list[date]:
    """Bank holidays and closure days from ``first_year`` to ``last_year`` that fall on a
    weekday, in order (the days a count of weekdays takes off)."""
    days = {day for day in closure_days if first_year <= day.year <= last_year}
    for year in range(first_year, last_year + 1):
        days |= _bank_holidays(year)
    return sorted(day for day in days if day.weekday() < 5)


@dataclass(frozen=True)
class WorkingCalendar:
    """Weekends, bank holidays of England and Wales, and the scheme's own closure days."""

    closure_days: frozenset[date] = frozenset()

    @classmethod
    def with_closures(cls, days: Iterable[date]) -> WorkingCalendar:
        return cls(frozenset(days))

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in _bank_holidays(day.year)
            and day not in self.closure_days
        )

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself never counts)."""
        if count < 1:
            raise ValueError("count working days from one upwards")
        day = start
        counted = 0
        while counted < count:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        # weekdays by whole weeks, then the days off on weekdays in between: a list of old
        # referrals reads deadlines years away, which a day-by-day walk made slow
        weeks, rest = divmod((end - start).days, 7)
        first = start.weekday()
        weekdays = weeks * 5 + sum(1 for offset in range(1, rest + 1) if (first + offset) % 7 < 5)
        days_off = _weekdays_off(self.closure_days, start.year, end.year)
        return weekdays - (bisect_right(days_off, end) - bisect_right(days_off, start))


@dataclass(frozen=True)
class WorkingDayDeadlines:
    assessment_due_on: date
    recommendation_due_on: date


def deadlines_for(received_on: date, calendar: WorkingCalendar) -> WorkingDayDeadlines:
    """Both deadlines for a referral received on ``received_on`` (a London calendar day)."""
    return WorkingDayDeadlines(
        calendar.add_working_days(received_on, ASSESSMENT_WORKING_DAYS),
        calendar.add_working_days(received_on, RECOMMENDATION_WORKING_DAYS),
    )


class DeadlineState(LabelledEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"
    STOPPED = "stopped"
    NOT_APPLICABLE = "not_applicable"

    @property
    def is_running(self) -> bool:
        return self in (DeadlineState.ON_TRACK, DeadlineState.DUE_SOON, DeadlineState.OVERDUE)


@dataclass(frozen=True)
class DeadlineReading:
    """What one working-day deadline says on one day."""

    name: str
    due_on: date | None
    done_on: date | None
    state: DeadlineState
    working_days_left: int
    """Working days from today to the due day (negative once overdue); 0 when settled."""

    @property
    def summary(self) -> str:
        """Words for the state, never colour alone."""
        due = format_date(self.due_on)
        done = format_date(self.done_on)
        if self.state is DeadlineState.NOT_APPLICABLE:
            return "not needed on this pathway"
        if self.state is DeadlineState.MET:
            return f"met on {done} (due {due})"
        if self.state is DeadlineState.MISSED:
            return f"missed: done {done}, due {due}" if done else f"missed: due {due}"
        if self.state is DeadlineState.STOPPED:
            return f"stopped: referral ended (was due {due})"
        if self.state is DeadlineState.OVERDUE:
            days = -self.working_days_left
            return f"overdue by {days} working day{'s' if days != 1 else ''} (due {due})"
        if self.working_days_left == 0:
            return f"due today ({due})"
        days = self.working_days_left
        return f"due {due}: {days} working day{'s' if days != 1 else ''} left"


def read_deadline(
    name: str,
    due_on: date | None,
    done_on: date | None,
    today: date,
    calendar: WorkingCalendar,
    *,
    ended_on: date | None = None,
) -> DeadlineReading:
    """The deadline's state on ``today``.

    Done on or before the due day is met, after it missed. A referral that ended before
    it was done stops the deadline, unless it ended after the due day (then missed).
    """
    if due_on is None:
        return DeadlineReading(name, None, done_on, DeadlineState.NOT_APPLICABLE, 0)
    if done_on is not None:
        state = DeadlineState.MET if done_on <= due_on else DeadlineState.MISSED
        return DeadlineReading(name, due_on, done_on, state, 0)
    if ended_on is not None:
        state = DeadlineState.MISSED if ended_on > due_on else DeadlineState.STOPPED
        return DeadlineReading(name, due_on, None, state, 0)
    left = calendar.working_days_between(today, due_on)
    if today > due_on:
        return DeadlineReading(name, due_on, None, DeadlineState.OVERDUE, min(left, -1))
    state = DeadlineState.DUE_SOON if left <= 1 else DeadlineState.ON_TRACK
    return DeadlineReading(name, due_on, None, state, left)


def closure_day_problems(days: Iterable[date]) -> list[str]:
    """What is wrong with a list of local closure days, in plain words."""
    listed = list(days)
    problems: list[str] = []
    if len(listed) != len(set(listed)):
        problems.append("A closure day is listed twice.")
    if len(listed) > MAX_CLOSURE_DAYS:
        problems.append(f"At most {MAX_CLOSURE_DAYS} local closure days can be listed.")
    for day in listed:
        if day.weekday() >= 5:
            problems.append(
                f"{day.strftime('%d/%m/%Y')} is a weekend day; weekends are never working days."
            )
        elif day in _bank_holidays(day.year):
            problems.append(
                f"{day.strftime('%d/%m/%Y')} is already a bank holiday ({bank_holiday_name(day)})."
            )
    return problems
