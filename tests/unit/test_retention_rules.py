"""The retention rule: N years after the last action, or the 18th birthday, whichever is later."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from diversion_app.domain.retention import (
    DisposalType,
    RetentionPeriods,
    add_years,
    due_on,
    eighteenth_birthday,
    is_past_period,
    keep_until,
    latest_last_action_allowed,
    records_due,
    validate_keep,
    validate_years,
)

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
years = st.integers(min_value=1, max_value=30)


def test_the_published_example_is_the_default() -> None:
    assert all(RetentionPeriods.defaults().for_type(kind) == 3 for kind in DisposalType)


def test_kept_three_years_after_the_last_action_or_to_eighteen_whichever_is_later() -> None:
    born = date(2010, 6, 15)
    assert keep_until(date(2027, 1, 10), 3, born) == date(2030, 1, 10)
    assert keep_until(date(2023, 1, 10), 3, born) == date(2028, 6, 15)  # 18th birthday later
    assert not is_past_period(date(2027, 1, 10), 3, born, date(2030, 1, 9))
    assert is_past_period(date(2027, 1, 10), 3, born, date(2030, 1, 10))


def test_a_leap_day_falls_due_on_the_first_of_march() -> None:
    assert add_years(date(2024, 2, 29), 3) == date(2027, 3, 1)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert eighteenth_birthday(date(2012, 2, 29)) == date(2030, 3, 1)


@given(days, years, days)
@example(date(2024, 2, 29), 3, date(2027, 2, 28))
@example(date(2024, 2, 29), 3, date(2027, 3, 1))
@example(date(2021, 2, 28), 3, date(2024, 2, 29))
@example(date(2021, 3, 1), 3, date(2024, 2, 29))
@example(date(2020, 2, 29), 4, date(2024, 2, 29))
def test_the_sql_cut_off_agrees_with_the_rule(last: date, n: int, today: date) -> None:
    cut_off = latest_last_action_allowed(n, today)
    assert (last <= cut_off) == (add_years(last, n) <= today)


@given(days, years, days, days)
def test_never_before_eighteen_nor_before_the_period(
    last: date, n: int, born: date, today: date
) -> None:
    if is_past_period(last, n, born, today):
        assert add_years(born, 18) <= today
        assert add_years(last, n) <= today


@given(st.lists(st.tuples(st.sampled_from(list(DisposalType)), days), max_size=6), days)
def test_a_person_is_due_only_when_every_record_is(
    actions: list[tuple[DisposalType, date]], born: date
) -> None:
    periods = RetentionPeriods({kind: 2 + i for i, kind in enumerate(DisposalType)})
    records = records_due(actions, periods, born)
    due = due_on(records, born)
    assert all(record.keep_until <= due for record in records)
    assert due >= eighteenth_birthday(born)


def test_blockers_and_validation_say_what_to_fix() -> None:
    assert validate_years({DisposalType.SCHOOL_REFERRAL: 0}) == {
        "school_referral": "The period for School referral must be between 1 and 100 years."
    }
    today = date(2036, 1, 1)
    assert set(validate_keep("", None, today)) == {"reason", "review_on"}
    assert "review_on" in validate_keep("Claim pending", today, today)
    assert validate_keep("Claim pending", date(2036, 6, 1), today) == {}
