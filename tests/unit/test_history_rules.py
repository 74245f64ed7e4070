"""Property tests for the rules fixed in "a record that holds up as evidence": who counts
for the 48-hour clock, when a contact counts, "no parent or carer", and the previous period."""

from __future__ import annotations

from calendar import monthrange
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.clock import ContactEvent, counts_as_parent_or_carer, met_at
from diversion_app.domain.enums import Relationship
from diversion_app.domain.no_carer_rules import no_carer_reason_problem
from diversion_app.domain.report_periods import is_whole_months, previous_range
from diversion_app.domain.turning_18 import eighteenth_birthday, turning_18_flag

RECEIVED = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)

contacts = st.lists(
    st.builds(
        ContactEvent,
        st.integers(-72 * 60, 96 * 60).map(lambda m: RECEIVED + timedelta(minutes=m)),
        st.booleans(),
        st.booleans(),
    ),
    max_size=8,
)


@given(st.sampled_from(list(Relationship)), st.booleans())
def test_a_sibling_never_counts_and_a_parent_always_does(
    relationship: Relationship, responsibility: bool
) -> None:
    counts = counts_as_parent_or_carer(relationship, responsibility)
    if relationship is Relationship.SIBLING:
        assert not counts
    elif relationship in (
        Relationship.MOTHER,
        Relationship.FATHER,
        Relationship.STEP_PARENT,
        Relationship.CARER,
    ):
        assert counts
    else:  # a grandparent or other adult counts only with parental responsibility
        assert counts is responsibility


@given(contacts, st.booleans())
def test_the_clock_is_never_met_before_receipt(events: list[ContactEvent], alone: bool) -> None:
    met = met_at(events, received_at=RECEIVED, no_parent_or_carer=alone)
    if met is not None:
        assert met >= RECEIVED
    # and it is met exactly as if the earlier contacts had never been made
    later = [event for event in events if event.occurred_at >= RECEIVED]
    assert met == met_at(later, no_parent_or_carer=alone)


@given(contacts)
def test_with_no_parent_or_carer_the_first_young_person_contact_meets_the_clock(
    events: list[ContactEvent],
) -> None:
    reached = [
        e.occurred_at for e in events if e.reached_young_person and e.occurred_at >= RECEIVED
    ]
    expected = min(reached) if reached else None
    assert met_at(events, received_at=RECEIVED, no_parent_or_carer=True) == expected
    both = met_at(events, received_at=RECEIVED)
    if both is not None and expected is not None:
        assert expected <= both  # never later than with a carer needed


@given(st.text(max_size=40))
def test_a_no_carer_reason_needs_a_few_words(reason: str) -> None:
    problem = no_carer_reason_problem(reason)
    assert (problem is None) == (10 <= len(reason.strip()) <= 2000)


@given(st.dates(date(2000, 1, 1), date(2040, 12, 1)), st.integers(1, 36))
def test_whole_months_compare_with_the_same_number_of_whole_months_just_before(
    first: date, months: int
) -> None:
    start = first.replace(day=1)
    index = start.year * 12 + start.month - 1 + months - 1
    year, month = index // 12, index % 12 + 1
    end = date(year, month, monthrange(year, month)[1])
    before_start, before_end = previous_range(start, end)
    assert is_whole_months(before_start, before_end)
    assert before_end == start - timedelta(days=1)
    span = (before_end.year - before_start.year) * 12 + before_end.month - before_start.month + 1
    assert span == months


@given(st.dates(date(2000, 1, 1), date(2040, 12, 1)), st.integers(0, 400))
def test_other_ranges_compare_with_the_same_number_of_days_just_before(
    start: date, extra: int
) -> None:
    end = start + timedelta(days=extra)
    before_start, before_end = previous_range(start, end)
    if is_whole_months(start, end):
        return
    assert before_end == start - timedelta(days=1)
    assert (before_end - before_start) == (end - start)


def test_the_examples_domain_md_gives() -> None:
    assert previous_range(date(2023, 6, 1), date(2024, 5, 31)) == (
        date(2022, 6, 1),
        date(2023, 5, 31),
    )
    assert previous_range(date(2024, 1, 1), date(2024, 3, 31)) == (
        date(2023, 10, 1),
        date(2023, 12, 31),
    )
    assert previous_range(date(2024, 2, 1), date(2024, 2, 29)) == (
        date(2024, 1, 1),
        date(2024, 1, 31),
    )
    assert previous_range(date(2024, 10, 3), date(2024, 12, 31)) == (
        date(2024, 7, 5),
        date(2024, 10, 2),
    )


@given(st.dates(date(2000, 1, 1), date(2015, 12, 31)), st.integers(0, 8000))
def test_the_turning_18_flag_appears_from_four_weeks_before_and_stays(
    born: date, days_old: int
) -> None:
    today = born + timedelta(days=days_old)
    flag = turning_18_flag(born, today)
    birthday = eighteenth_birthday(born)
    if today >= birthday:
        assert flag is not None and flag.startswith("Turned 18 on")
    elif (birthday - today).days <= 28:
        assert flag is not None and flag.startswith("Turns 18 on")
    else:
        assert flag is None


def test_a_leap_day_baby_turns_18_on_28_february() -> None:
    assert eighteenth_birthday(date(2008, 2, 29)) == date(2026, 2, 28)
    assert turning_18_flag(date(2008, 2, 29), date(2026, 2, 27)) == (
        "Turns 18 on 28/02/2026 (tomorrow): plan the closure or transfer."
    )
