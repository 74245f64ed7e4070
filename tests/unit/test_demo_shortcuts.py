"""The demo builder's quicker ways give exactly what the plain ways give.

The region's database is built with a few shortcuts (a diary walk that counts hours on,
weighted choices added up once, instants written from remembered text, London's day and
wall clock from its offset remembered per hour); each is held here to the straightforward
answer over a space of inputs.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diversion_app.demo import bulk_load, diary, london_clock
from diversion_app.demo.bulk_load import utc_text
from diversion_app.demo.choosing import Weighted, weighted
from diversion_app.domain.timekeeping import LONDON, london_to_utc, london_today


def plain_free_start(booked: set[int], start: datetime) -> datetime:
    """The walk as it was first written: every hour's quarter and London hour worked out."""
    candidate = start
    for _ in range(30):
        first = int(candidate.timestamp()) // (15 * 60)
        if not any(first + q in booked for q in range(4)):
            return candidate
        candidate += timedelta(hours=1)
        local = candidate.astimezone(LONDON)
        if local.hour > 17:
            next_day = local.replace(tzinfo=None, hour=9, minute=0) + timedelta(days=1)
            candidate = london_to_utc(next_day)
    return start


instants = st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2031, 12, 31), timezones=st.just(UTC)
)
# the days the clocks change (last Sundays of March and October) get their share
change_days = st.sampled_from(
    [datetime(2026, 3, 29, tzinfo=UTC), datetime(2026, 10, 25, tzinfo=UTC)]
).flatmap(
    lambda day: st.integers(-48 * 60, 48 * 60).map(lambda minutes: day + timedelta(minutes=minutes))
)


def _both_walks_agree(start: datetime, density: float, seed: int) -> None:
    """Diaries booked at random around ``start`` (a ``density`` of the quarter-hours)."""
    rng = random.Random(seed)
    first = int(start.timestamp()) // (15 * 60)
    booked = {q for q in range(first - 8, first + 4 * 24 * 5) if rng.random() < density}
    assert diary.free_start(booked, start) == plain_free_start(booked, start)


@settings(max_examples=400, deadline=None)
@given(
    start=st.one_of(instants, change_days),
    density=st.floats(0, 1),
    seed=st.integers(0, 2**32),
)
def test_the_diary_walk_finds_the_hour_the_plain_walk_finds(
    start: datetime, density: float, seed: int
) -> None:
    _both_walks_agree(start, density, seed)


@settings(max_examples=100, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime(1830, 1, 1), max_value=datetime(1970, 1, 3), timezones=st.just(UTC)
    ),
    density=st.floats(0, 1),
    seed=st.integers(0, 2**32),
)
def test_the_diary_walk_before_1970_finds_the_hour_the_plain_walk_finds(
    start: datetime, density: float, seed: int
) -> None:
    """Before 1970 (and before London kept whole hours) the walk works out each instant."""
    _both_walks_agree(start, density, seed)


@given(start=st.one_of(instants, change_days))
def test_booking_takes_the_hours_four_quarters(start: datetime) -> None:
    booked: set[int] = set()
    diary.book(booked, start)
    first = int(start.timestamp()) // (15 * 60)
    assert booked == {first, first + 1, first + 2, first + 3}


@given(
    choices=st.lists(
        st.tuples(st.integers(), st.floats(0.001, 10, allow_nan=False)), min_size=1, max_size=9
    ),
    seed=st.integers(0, 2**32),
)
def test_weighted_choices_added_up_once_pick_what_weighted_picks(
    choices: list[tuple[int, float]], seed: int
) -> None:
    fixed = Weighted(choices)
    plain, quick = random.Random(seed), random.Random(seed)
    for _ in range(20):
        assert fixed.pick(quick) == weighted(plain, choices)
    assert quick.random() == plain.random()  # the same draws were taken


@given(
    instant=st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), LONDON]),
    )
)
def test_an_instant_is_written_as_its_utc_isoformat(instant: datetime) -> None:
    in_utc = instant.astimezone(UTC).replace(tzinfo=None)
    expected = f"{in_utc.year:04d}{in_utc.isoformat(' ', 'microseconds')[4:]}"
    assert utc_text(instant) == expected
    assert utc_text(instant) == expected  # and again, from the remembered text


def test_instants_past_the_remembered_times_of_day_are_written_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bulk_load, "_clock_texts", {})
    monkeypatch.setattr(bulk_load, "CLOCK_TEXTS_KEPT", 0)
    instant = datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC)
    for _ in range(2):
        assert utc_text(instant) == "2026-03-29 00:59:59.999999"


any_instants = st.one_of(
    instants,
    change_days,
    st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2040, 12, 31),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=-3, minutes=-30)), LONDON]),
    ),
)


@settings(max_examples=400)
@given(instant=any_instants)
def test_the_remembered_london_day_and_wall_clock_are_the_time_zones(instant: datetime) -> None:
    for _ in range(2):  # worked out, then remembered
        assert london_clock.london_day(instant) == london_today(instant)
        wall_clock = london_clock.london_wall_clock(instant)
        assert wall_clock == instant.astimezone(LONDON).replace(tzinfo=None)
        assert wall_clock.tzinfo is None


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2040, 12, 31)))
def test_the_remembered_london_midnight_is_london_to_utc(day: date) -> None:
    for _ in range(2):
        assert london_clock.london_midnight(day) == london_to_utc(
            datetime.combine(day, datetime.min.time())
        )
