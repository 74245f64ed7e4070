"""The diary's rules: clashes, working hours, free slots before the due time, BST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.diary import (
    Interval,
    WorkingHours,
    free_slots,
    overlaps,
    parse_working_hours,
    schedule_questions,
    schedule_refusal,
    visit_instants,
)
from diversion_app.domain.enums import VisitPurpose
from diversion_app.domain.errors import DomainError
from diversion_app.domain.timekeeping import LONDON, to_london

instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
lengths = st.integers(min_value=1, max_value=8 * 60).map(lambda m: timedelta(minutes=m))


@given(instants, lengths, lengths)
def test_touching_visits_do_not_clash(start: datetime, first: timedelta, second: timedelta) -> None:
    end = start + first
    assert not overlaps(start, end, end, end + second)
    assert not overlaps(end, end + second, start, end)


@given(instants, lengths, instants, lengths)
def test_overlap_is_symmetric_and_means_shared_time(
    a: datetime, a_len: timedelta, b: datetime, b_len: timedelta
) -> None:
    shared = min(a + a_len, b + b_len) - max(a, b)
    assert overlaps(a, a + a_len, b, b + b_len) == overlaps(b, b + b_len, a, a + a_len)
    assert overlaps(a, a + a_len, b, b + b_len) == (shared > timedelta(0))


def test_one_minute_of_overlap_is_a_clash() -> None:
    nine = datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert overlaps(
        nine, nine + timedelta(hours=1), nine + timedelta(minutes=59), nine + timedelta(hours=2)
    )


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(min_value=0, max_value=22),
    st.sampled_from([0, 15, 30, 45]),
)
def test_visits_keep_their_london_start_time_whatever_the_season(
    day: date, hour: int, minute: int
) -> None:
    local = datetime.combine(day, time(hour, minute), tzinfo=LONDON)
    if local.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None):
        return  # 01:00-02:00 does not exist on the day the clocks go forward
    span = visit_instants(day, time(hour, minute), time(hour + 1, minute))
    assert to_london(span.start).time() == time(hour, minute)
    assert to_london(span.start).date() == day


def test_the_same_local_time_across_the_bst_changes_is_a_different_utc_hour() -> None:
    before_spring = visit_instants(date(2026, 3, 28), time(10), time(11))
    after_spring = visit_instants(date(2026, 3, 30), time(10), time(11))
    assert before_spring.start.hour == 10 and after_spring.start.hour == 9
    before_autumn = visit_instants(date(2026, 10, 24), time(10), time(11))
    after_autumn = visit_instants(date(2026, 10, 26), time(10), time(11))
    assert before_autumn.start.hour == 9 and after_autumn.start.hour == 10
    for span in (before_spring, after_spring, before_autumn, after_autumn):
        assert to_london(span.start).time() == time(10)
        assert span.end - span.start == timedelta(hours=1)


def test_working_hours_default_and_configured() -> None:
    hours = WorkingHours()
    inside = visit_instants(date(2026, 7, 1), time(8), time(20))
    early = visit_instants(date(2026, 7, 1), time(7, 30), time(8, 30))
    late = visit_instants(date(2026, 12, 1), time(19, 30), time(20, 30))
    assert hours.contains(inside.start, inside.end)
    assert not hours.contains(early.start, early.end)
    assert not hours.contains(late.start, late.end)
    assert parse_working_hours("07:00-21:30") == WorkingHours(time(7), time(21, 30))
    with pytest.raises(DomainError, match="like 08:00-20:00"):
        parse_working_hours("eight till late")
    with pytest.raises(DomainError, match="end after"):
        parse_working_hours("20:00-08:00")


busy_spans = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=60 * 60), st.integers(min_value=15, max_value=240)
    ),
    max_size=8,
)


@given(
    instants,
    st.integers(min_value=1, max_value=72),
    busy_spans,
    st.sampled_from([30, 60, 90]),
)
def test_free_slots_are_free_in_hours_and_before_the_due_time(
    earliest: datetime, hours_ahead: int, busy: list[tuple[int, int]], minutes: int
) -> None:
    deadline = earliest + timedelta(hours=hours_ahead)
    taken = [
        Interval(earliest + timedelta(minutes=a), earliest + timedelta(minutes=a + b))
        for a, b in busy
    ]
    length = timedelta(minutes=minutes)
    slots = free_slots(taken, earliest=earliest, deadline=deadline, length=length)
    for slot in slots:
        assert slot.start >= earliest and slot.end <= deadline
        assert slot.end - slot.start == length
        assert WorkingHours().contains(slot.start, slot.end)
        assert not any(slot.overlaps(b) for b in taken)
        assert to_london(slot.start).minute in (0, 30)
    assert [s.start for s in slots] == sorted(s.start for s in slots)


def test_free_slots_skip_a_busy_morning_and_stop_at_the_due_time() -> None:
    now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 08:00 London (GMT)
    due = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    busy = [visit_instants(date(2026, 11, 30), time(8), time(10, 15))]
    slots = free_slots(busy, earliest=now, deadline=due, length=timedelta(hours=1))
    starts = [to_london(s.start).strftime("%H:%M") for s in slots]
    assert starts == ["10:30", "11:30"]


def test_no_slot_when_the_due_time_has_passed() -> None:
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert free_slots([], earliest=now, deadline=now - timedelta(hours=1)) == []


def test_questions_for_past_clash_out_of_hours_and_after_due() -> None:
    now = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)
    late = visit_instants(date(2026, 11, 27), time(21), time(22))
    questions = schedule_questions(
        late,
        now=now,
        purpose=VisitPurpose.FIRST_CONTACT,
        due_at=now - timedelta(days=2),
        clashing=[late],
    )
    text = " ".join(questions)
    assert "in the past" in text and "clashes" in text
    assert "outside working hours (08:00-20:00)" in text and "after the referral's 48-hour" in text
    fine = visit_instants(date(2026, 11, 30), time(10), time(11))
    assert (
        schedule_questions(fine, now=now, purpose=VisitPurpose.REVIEW, due_at=None, clashing=[])
        == []
    )


def test_end_before_start_is_refused() -> None:
    span = visit_instants(date(2026, 11, 30), time(11), time(10))
    assert schedule_refusal(span) == "The visit must end after it starts: check the end time."
    assert schedule_refusal(visit_instants(date(2026, 11, 30), time(10), time(11))) is None
