"""The 48-hour contact clock: exact elapsed hours, both parties, BST changes, every state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.clock import (
    CLOCK_LENGTH,
    ClockState,
    ContactEvent,
    clock_reading,
    due_at,
    met_at,
    read_clock,
)
from diversion_app.domain.timekeeping import LONDON, format_datetime, london_to_utc

instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
)
offsets = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10))


@given(received=instants)
def test_due_is_exactly_48_elapsed_hours(received: datetime) -> None:
    due = due_at(received)
    assert due - received == timedelta(hours=48)
    # the same whichever zone the receipt was given in
    assert due_at(received.astimezone(LONDON)) == due


@given(received=instants, child_after=offsets, carer_after=offsets)
def test_met_needs_both_the_child_and_a_carer(
    received: datetime, child_after: timedelta, carer_after: timedelta
) -> None:
    child = ContactEvent(received + child_after, reached_young_person=True, reached_carer=False)
    carer = ContactEvent(received + carer_after, reached_young_person=False, reached_carer=True)
    now = received + timedelta(days=20)
    assert read_clock(received, [child], now).state is ClockState.OVERDUE
    assert read_clock(received, [carer], now).state is ClockState.OVERDUE
    reading = read_clock(received, [child, carer], now)
    met = received + max(child_after, carer_after)
    assert reading.met_at == met
    expected = ClockState.MET if met <= received + CLOCK_LENGTH else ClockState.MISSED
    assert reading.state is expected


@given(
    received=instants, elapsed=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=5))
)
def test_open_clock_state_follows_time_left(received: datetime, elapsed: timedelta) -> None:
    reading = read_clock(received, [], received + elapsed)
    left = CLOCK_LENGTH - elapsed
    if left < timedelta(0):
        assert reading.state is ClockState.OVERDUE
        assert reading.summary.startswith("overdue by ")
    elif left <= timedelta(hours=12):
        assert reading.state is ClockState.DUE_SOON
        assert reading.summary.endswith(" left")
    else:
        assert reading.state is ClockState.ON_TRACK
    assert reading.remaining == left


def test_one_home_visit_meeting_both_meets_the_clock() -> None:
    received = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    visit = ContactEvent(received + timedelta(hours=20), True, True)
    reading = read_clock(received, [visit], received + timedelta(hours=60))
    assert reading.state is ClockState.MET
    assert reading.summary == "met in 20 h 00 m"


def test_summary_words() -> None:
    received = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    on_track = read_clock(received, [], received + timedelta(hours=16, minutes=40))
    assert on_track.summary == "31 h 20 m left"
    overdue = read_clock(received, [], received + timedelta(hours=51, minutes=5, seconds=30))
    assert overdue.summary == "overdue by 3 h 05 m"


@pytest.mark.parametrize(
    ("received_local", "due_local"),
    [
        # Saturday before the clocks go back (Sunday 25/10/2026 02:00 BST -> 01:00 GMT)
        (datetime(2026, 10, 24, 1, 30), "26/10/2026 00:30"),
        # Saturday before the clocks go forward (Sunday 29/03/2026 01:00 GMT -> 02:00 BST)
        (datetime(2026, 3, 28, 1, 30), "30/03/2026 02:30"),
    ],
)
def test_saturday_before_the_clocks_change(received_local: datetime, due_local: str) -> None:
    received = london_to_utc(received_local)
    assert format_datetime(due_at(received)) == due_local
    assert due_at(received) - received == timedelta(hours=48)


def test_back_dated_referral_can_already_be_overdue() -> None:
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    received = now - timedelta(hours=50)
    assert read_clock(received, [], now).state is ClockState.OVERDUE


def test_declined_stops_the_clock_and_late_closure_without_contact_is_missed() -> None:
    received = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    later = received + timedelta(days=5)
    assert (
        clock_reading(received, None, later, declined=True, stopped_at=later).state
        is ClockState.STOPPED
    )
    assert clock_reading(received, None, later, stopped_at=later).state is ClockState.MISSED
    early = received + timedelta(hours=3)
    assert clock_reading(received, None, later, stopped_at=early).state is ClockState.STOPPED


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        due_at(datetime(2026, 1, 1, 9, 0))


def test_met_at_ignores_unsuccessful_parties() -> None:
    t = datetime(2026, 1, 1, tzinfo=UTC)
    assert met_at([ContactEvent(t, False, False)]) is None
