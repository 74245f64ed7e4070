"""School terms, school records and restorative justice participants (domain/school_rules.py)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.enums import Area, RjPart, SchoolType
from diversion_app.domain.school_rules import (
    RjParticipantDraft,
    SchoolDraft,
    easter_sunday,
    participant_problems,
    school_problems,
    school_year_start,
    term_name,
    term_start,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def test_easter_sundays_we_know() -> None:
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    assert easter_sunday(2038) == date(2038, 4, 25)


@given(days)
def test_the_term_starts_inside_the_school_year_and_on_or_before_today(today: date) -> None:
    start = term_start(today)
    assert school_year_start(today) <= start <= today
    assert today - school_year_start(today) < timedelta(days=366)
    assert easter_sunday(today.year).weekday() == 6


@given(days)
def test_terms_change_only_on_their_first_days(today: date) -> None:
    tomorrow = today + timedelta(days=1)
    if term_start(tomorrow) != term_start(today):
        assert term_start(tomorrow) == tomorrow
        assert term_name(tomorrow) != term_name(today)


def test_term_names_for_the_2026_27_school_year() -> None:
    assert term_start(date(2026, 11, 28)) == date(2026, 9, 1)
    assert term_name(date(2026, 11, 28)) == "autumn term"
    assert term_start(date(2027, 3, 28)) == date(2027, 1, 1)
    assert term_start(date(2027, 3, 29)) == date(2027, 3, 29)
    assert term_name(date(2027, 7, 1)) == "summer term"


def test_a_school_without_an_area_is_refused_plainly() -> None:
    problems = school_problems(SchoolDraft("Oak Lane Primary", None, SchoolType.PRIMARY))
    assert problems == {
        "area": "Choose the school's area (South, East or West); the area decides its SPOC."
    }
    assert school_problems(SchoolDraft("Oak Lane Primary", Area.WEST, SchoolType.PRIMARY)) == {}


pupil_ids = st.integers(min_value=1, max_value=6)
entries = st.lists(st.builds(RjParticipantDraft, pupil_ids, st.sampled_from(list(RjPart))))


@given(entries)
def test_participants_are_accepted_only_when_each_pupil_appears_once_with_both_sides(
    drafts: list[RjParticipantDraft],
) -> None:
    problems = participant_problems(drafts)
    ids = [d.young_person_id for d in drafts]
    parts = {d.part for d in drafts}
    valid = (
        len(set(ids)) == len(ids) >= 2
        and bool(parts & {RjPart.HARMED, RjPart.BOTH})
        and bool(parts & {RjPart.HARMER, RjPart.BOTH})
    )
    assert (problems == {}) == valid


def test_the_same_pupil_as_harmer_and_harmed_names_them_and_says_what_to_do() -> None:
    problems = participant_problems(
        [RjParticipantDraft(3, RjPart.HARMED), RjParticipantDraft(3, RjPart.HARMER)],
        {3: "Ava Smith"},
    )
    assert problems == {
        "participants": (
            "Ava Smith is listed as both harmer and harmed. "
            "Keep one entry and choose the part 'Both' instead."
        )
    }
    both = [RjParticipantDraft(3, RjPart.BOTH), RjParticipantDraft(4, RjPart.BOTH)]
    assert participant_problems(both) == {}
