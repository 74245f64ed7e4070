"""The Community Resolution checks: ages on the offence date, dates, the crime reference."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from diversion_app.domain.ages import age_on
from diversion_app.domain.community_resolution_rules import (
    CommunityResolutionDraft,
    CrimeReferenceFormat,
    community_resolution_problems,
    normalise_crime_reference,
)
from diversion_app.domain.enums import OffenceCategory, RestorativeAction, VictimType

TODAY = date(2026, 11, 28)


def draft(offence: str, reference: str = "CR/26/001234") -> CommunityResolutionDraft:
    return CommunityResolutionDraft(
        young_person_id=1,
        crime_reference=reference,
        offence_date=offence,
        offence_category=OffenceCategory.THEFT,
        offence_description="Took sweets.",
        officer_name="PC Test",
        collar_number="4521",
        accepted_responsibility=True,
        appropriate_adult_present=True,
        victim_type=VictimType.BUSINESS,
        restorative_actions=(RestorativeAction.APOLOGY,),
        gravity_score=2,
        authorised_by="Sgt Test",
    )


@given(
    born=st.dates(min_value=date(2000, 1, 1), max_value=date(2020, 12, 31)),
    offence=st.dates(min_value=date(2008, 1, 1), max_value=date(2027, 12, 31)),
)
def test_an_offence_date_is_accepted_exactly_when_the_child_was_10_to_17_and_it_is_past(
    born: date, offence: date
) -> None:
    parsed, problems = community_resolution_problems(
        draft(offence.strftime("%d/%m/%Y")), born, TODAY, CrimeReferenceFormat()
    )
    assert parsed == offence
    fits = offence <= TODAY and offence >= born and 10 <= age_on(born, offence) <= 17
    assert ("offence_date" not in problems) == fits
    assert set(problems) <= {"offence_date"}


@given(st.from_regex(r"[A-Z]{2}/\d{2}/\d{4,8}", fullmatch=True))
def test_references_in_the_default_format_are_accepted_in_any_case_and_spacing(
    reference: str,
) -> None:
    typed = " " + reference.lower().replace("/", " / ") + " "
    assert normalise_crime_reference(typed) == reference
    assert CrimeReferenceFormat().problem(normalise_crime_reference(typed)) is None


def test_plain_messages() -> None:
    born = date(2012, 3, 5)
    _, problems = community_resolution_problems(
        draft("04/03/2022", "CR-26-1"), born, TODAY, CrimeReferenceFormat()
    )
    assert problems["offence_date"] == (
        "The young person was 9 on the offence date; a Community Resolution is for ages 10 to 17."
    )
    assert problems["crime_reference"] == (
        "'CR-26-1' is not in the force's crime reference format: two letters, the two-digit "
        "year and 4 to 8 digits, like CR/26/012345."
    )
    _, problems = community_resolution_problems(
        draft("29/11/2026"), born, TODAY, CrimeReferenceFormat()
    )
    assert problems == {"offence_date": "The offence date cannot be in the future."}
    broken = CrimeReferenceFormat(pattern="([", example="X", description="x")
    assert broken.problem("anything") is None
