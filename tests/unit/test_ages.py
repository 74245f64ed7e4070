"""Ages on a date (29 February included) and pathway eligibility."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from diversion_app.domain.ages import (
    age_on,
    community_resolution_age_problem,
    pathway_age_problem,
)
from diversion_app.domain.enums import Pathway

births = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year: the birthday is 1 March
        return date(day.year + years, 3, 1)


@given(born=births, years=st.integers(min_value=0, max_value=30))
def test_age_turns_on_the_birthday_and_not_the_day_before(born: date, years: int) -> None:
    birthday = _add_years(born, years)
    assert age_on(born, birthday) == years
    if years > 0:
        assert age_on(born, birthday - timedelta(days=1)) == years - 1


@given(born=births, days=st.integers(min_value=0, max_value=20000))
def test_age_never_decreases(born: date, days: int) -> None:
    later = born + timedelta(days=days)
    assert age_on(born, later) <= age_on(born, later + timedelta(days=1))


def test_leap_day_birthday() -> None:
    born = date(2012, 2, 29)
    assert age_on(born, date(2022, 2, 28)) == 9
    assert age_on(born, date(2022, 3, 1)) == 10
    assert age_on(born, date(2024, 2, 29)) == 12


@given(born=births, on=births)
def test_pathway_eligibility_matches_the_age_bands(born: date, on: date) -> None:
    assume(on >= born)
    age = age_on(born, on)
    assert (pathway_age_problem(Pathway.DIVERSION, born, on) is None) == (10 <= age <= 17)
    assert (pathway_age_problem(Pathway.PREVENTION, born, on) is None) == (8 <= age <= 17)
    assert (community_resolution_age_problem(born, on) is None) == (10 <= age <= 17)


@pytest.mark.parametrize("age", [9, 18])
def test_cr_refused_outside_10_to_17_with_a_plain_reason(age: int) -> None:
    born = date(2000, 6, 1)
    problem = community_resolution_age_problem(born, date(2000 + age, 6, 1))
    assert problem is not None
    assert f"was {age} on the offence date" in problem


def test_eight_year_old_refused_on_diversion_but_allowed_on_prevention() -> None:
    born = date(2018, 1, 10)
    on = date(2026, 11, 28)
    assert "diversion pathway is for ages 10 to 17" in (
        pathway_age_problem(Pathway.DIVERSION, born, on) or ""
    )
    assert pathway_age_problem(Pathway.PREVENTION, born, on) is None
