"""Working days and the 10- and 15-working-day deadlines, against the ``holidays`` calendar."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from diversion_app.domain.working_days import (
    DeadlineState,
    WorkingCalendar,
    closure_day_problems,
    deadlines_for,
    read_deadline,
)

PLAIN = WorkingCalendar()
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


def _bank(day: date) -> bool:
    return day in holidays.country_holidays("GB", subdiv="ENG", years=day.year)


def test_christmas_eve_referral_skips_christmas_boxing_day_substitute_and_new_year() -> None:
    deadlines = deadlines_for(date(2026, 12, 24), PLAIN)
    assert deadlines.assessment_due_on == date(2027, 1, 12)
    assert deadlines.assessment_due_on.strftime("%A") == "Tuesday"
    assert deadlines.recommendation_due_on == date(2027, 1, 19)
    assert deadlines.recommendation_due_on.strftime("%A") == "Tuesday"


def test_a_local_closure_day_pushes_the_deadline_one_working_day() -> None:
    closed = WorkingCalendar.with_closures([date(2027, 1, 5)])
    assert deadlines_for(date(2026, 12, 24), closed).assessment_due_on == date(2027, 1, 13)


def test_a_referral_received_at_the_weekend_counts_from_monday() -> None:
    # Saturday 7/3/2026: Monday 9/3 is the first working day, so 10 is Friday 20/3
    assert PLAIN.add_working_days(date(2026, 3, 7), 10) == date(2026, 3, 20)


@settings(max_examples=300, deadline=None)
@given(days, st.integers(min_value=1, max_value=30))
def test_the_due_day_is_the_nth_working_day_after_receipt(start: date, count: int) -> None:
    due = PLAIN.add_working_days(start, count)
    between = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    working = [d for d in between if d.weekday() < 5 and not _bank(d)]
    assert len(working) == count
    assert working[-1] == due
    assert due.weekday() < 5 and not _bank(due)
    assert PLAIN.working_days_between(start, due) == count


@settings(max_examples=300, deadline=None)
@given(days)
def test_a_day_is_a_working_day_exactly_when_holidays_says_it_is_not_a_bank_holiday(
    day: date,
) -> None:
    assert PLAIN.is_working_day(day) == (day.weekday() < 5 and not _bank(day))


@settings(max_examples=200, deadline=None)
@given(days, st.lists(days, max_size=5))
def test_closure_days_never_bring_a_deadline_forward(start: date, closed: list[date]) -> None:
    with_closures = WorkingCalendar.with_closures(closed)
    plain, local = deadlines_for(start, PLAIN), deadlines_for(start, with_closures)
    assert local.assessment_due_on >= plain.assessment_due_on
    assert local.recommendation_due_on > local.assessment_due_on
    assert local.assessment_due_on not in with_closures.closure_days


def test_deadline_states() -> None:
    due = date(2027, 1, 12)
    read = lambda today, done=None, ended=None: read_deadline(  # noqa: E731
        "Assessment", due, done, today, PLAIN, ended_on=ended
    )
    assert read(date(2027, 1, 4)).state is DeadlineState.ON_TRACK
    assert read(date(2027, 1, 4)).working_days_left == 6
    assert read(date(2027, 1, 11)).state is DeadlineState.DUE_SOON
    assert read(date(2027, 1, 12)).summary == "due today (12/01/2027)"
    overdue = read(date(2027, 1, 14))
    assert overdue.state is DeadlineState.OVERDUE
    assert overdue.summary == "overdue by 2 working days (due 12/01/2027)"
    assert read(date(2027, 2, 1), done=date(2027, 1, 12)).state is DeadlineState.MET
    assert read(date(2027, 2, 1), done=date(2027, 1, 13)).state is DeadlineState.MISSED
    assert read(date(2027, 2, 1), ended=date(2027, 1, 5)).state is DeadlineState.STOPPED
    assert read(date(2027, 2, 1), ended=date(2027, 1, 20)).state is DeadlineState.MISSED
    none = read_deadline("Recommendation", None, None, date(2027, 1, 4), PLAIN)
    assert none.state is DeadlineState.NOT_APPLICABLE


def test_closure_day_problems_name_weekends_bank_holidays_and_repeats() -> None:
    problems = closure_day_problems([date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 29)])
    assert any("25/12/2026 is already a bank holiday" in p for p in problems)
    assert any("26/12/2026 is a weekend day" in p for p in problems)
    assert closure_day_problems([date(2026, 12, 29), date(2026, 12, 29)]) == [
        "A closure day is listed twice."
    ]
    assert closure_day_problems([date(2026, 12, 29)]) == []


@settings(max_examples=300)
@given(
    days,
    st.integers(min_value=-4000, max_value=4000),
    st.lists(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)), max_size=8),
)
def test_working_days_between_counts_each_working_day_once(
    start: date, span: int, closed: list[date]
) -> None:
    """The counting by whole weeks agrees with walking day by day, across years."""
    calendar = WorkingCalendar.with_closures(closed)
    end = start + timedelta(days=span)
    low, high = min(start, end), max(start, end)
    walked = sum(
        1
        for offset in range(1, (high - low).days + 1)
        if calendar.is_working_day(low + timedelta(days=offset))
    )
    assert calendar.working_days_between(start, end) == (walked if end >= start else -walked)
