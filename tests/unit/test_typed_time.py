"""A time of day typed on the 24-hour clock: every real time reads back as itself, and
anything else is refused in plain words."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.errors import DomainError
from diversion_app.domain.typed_time import format_24_hour_time, parse_24_hour_time


@given(st.times())
def test_every_time_of_day_reads_back_to_the_minute(value: time) -> None:
    shown = format_24_hour_time(value)
    assert len(shown) == 5 and shown[2] == ":"
    assert parse_24_hour_time(shown) == value.replace(second=0, microsecond=0)


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from([":", ".", ""]))
def test_the_ways_people_type_a_time(hour: int, minute: int, separator: str) -> None:
    typed = f" {hour}{separator}{minute:02d} "
    assert parse_24_hour_time(typed) == time(hour, minute)


@given(st.integers(24, 99), st.integers(0, 59))
def test_an_hour_past_23_is_refused(hour: int, minute: int) -> None:
    with pytest.raises(DomainError, match="hours go from 00 to 23"):
        parse_24_hour_time(f"{hour}:{minute:02d}")


@pytest.mark.parametrize("typed", ["", "2pm", "14", "14:3", "14:300", "1:2:3", "ab:cd"])
def test_what_is_not_a_time_says_how_to_type_one(typed: str) -> None:
    with pytest.raises(DomainError, match="24-hour clock, like 14:30"):
        parse_24_hour_time(typed)


def test_minutes_past_59_are_refused() -> None:
    with pytest.raises(DomainError, match="minutes from 00 to 59"):
        parse_24_hour_time("10:60")
