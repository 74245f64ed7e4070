"""A Community Resolution (police outcome 8) as typed, and the checks before it is saved."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from diversion_app.domain.ages import community_resolution_age_problem
from diversion_app.domain.enums import OffenceCategory, RestorativeAction, VictimType
from diversion_app.domain.errors import DomainError
from diversion_app.domain.snapshot import Answer
from diversion_app.domain.timekeeping import parse_uk_date

DEFAULT_CRIME_REFERENCE_PATTERN = r"^[A-Z]{2}/\d{2}/\d{4,8}$"
DEFAULT_CRIME_REFERENCE_EXAMPLE = "CR/26/012345"
DEFAULT_CRIME_REFERENCE_DESCRIPTION = "two letters, the two-digit year and 4 to 8 digits"
GRAVITY_SCORES = range(1, 6)


@dataclass(frozen=True)
class CrimeReferenceFormat:
    """The force's crime reference format (kept in the settings table, so it can change)."""

    pattern: str = DEFAULT_CRIME_REFERENCE_PATTERN
    example: str = DEFAULT_CRIME_REFERENCE_EXAMPLE
    description: str = DEFAULT_CRIME_REFERENCE_DESCRIPTION

    def problem(self, reference: str) -> str | None:
        if not reference:
            return f"Enter the crime reference, like {self.example}."
        try:
            matches = re.fullmatch(self.pattern, reference) is not None
        except re.error:
            matches = True  # a broken configured pattern must not block recording
        if matches:
            return None
        return (
            f"'{reference}' is not in the force's crime reference format: "
            f"{self.description}, like {self.example}."
        )


def normalise_crime_reference(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


@dataclass(frozen=True)
class CommunityResolutionDraft:
    young_person_id: int
    crime_reference: str
    offence_date: str
    """As typed (05/03/2026)."""
    offence_category: OffenceCategory | None
    offence_description: str
    officer_name: str
    collar_number: str
    accepted_responsibility: bool
    appropriate_adult_present: bool
    victim_type: VictimType | None
    restorative_actions: tuple[RestorativeAction, ...]
    gravity_score: int
    authorised_by: str
    location: str = ""
    victim_consulted: bool = False
    victim_views: str = ""
    victim_rj: VictimRestorativeJustice | None = None
    """The victim's part in restorative justice (None: not recorded)."""
    edit_stamp: str = ""
    """The recorded CR's version when a correction form opened ("" for a new CR)."""


@dataclass(frozen=True)
class VictimRestorativeJustice:
    """Whether the victim was offered restorative justice, took part, and was listened to."""

    offered: Answer = Answer.NOT_KNOWN
    took_part: Answer = Answer.NOT_KNOWN
    views_considered: Answer = Answer.NOT_KNOWN


def victim_rj_problem(
    victim_type: VictimType | None, answers: VictimRestorativeJustice | None
) -> str | None:
    if answers is None:
        return None
    if victim_type is VictimType.NONE and Answer.YES in (
        answers.offered,
        answers.took_part,
        answers.views_considered,
    ):
        return "There was no victim, so the restorative justice answers cannot be 'Yes'."
    if answers.took_part is Answer.YES and answers.offered is Answer.NO:
        return "A victim can only take part in restorative justice if offered it."
    return None


def community_resolution_problems(
    draft: CommunityResolutionDraft,
    date_of_birth: date,
    today: date,
    reference_format: CrimeReferenceFormat,
) -> tuple[date | None, dict[str, str]]:
    """The parsed offence date and every field that cannot be saved, with what to fix."""
    problems: dict[str, str] = {}
    reference = normalise_crime_reference(draft.crime_reference)
    problem = reference_format.problem(reference)
    if problem:
        problems["crime_reference"] = problem
    offence: date | None = None
    if not draft.offence_date.strip():
        problems["offence_date"] = "Enter the offence date, like 05/03/2026."
    else:
        try:
            offence = parse_uk_date(draft.offence_date)
        except DomainError as error:
            problems["offence_date"] = str(error)
    if offence is not None:
        if offence > today:
            problems["offence_date"] = "The offence date cannot be in the future."
        else:
            age_problem = community_resolution_age_problem(date_of_birth, offence)
            if age_problem:
                problems["offence_date"] = age_problem
    if draft.offence_category is None:
        problems["offence_category"] = "Choose the offence category."
    if not draft.offence_description.strip():
        problems["offence_description"] = "Describe the offence in a sentence or two."
    if not draft.officer_name.strip():
        problems["officer_name"] = "Enter the officer's name."
    if not re.fullmatch(r"[A-Za-z0-9]{1,10}", draft.collar_number.strip()):
        problems["collar_number"] = "Enter the officer's collar number (letters and digits)."
    if not draft.accepted_responsibility:
        problems["accepted_responsibility"] = (
            "A Community Resolution needs the young person to accept responsibility; "
            "otherwise consider another outcome."
        )
    if not draft.appropriate_adult_present:
        problems["appropriate_adult_present"] = (
            "A child accepts responsibility with an appropriate adult present; "
            "confirm that one was."
        )
    if draft.victim_type is None:
        problems["victim_type"] = "Choose the victim: a person, a business or none."
    elif (
        draft.victim_type is not VictimType.NONE
        and draft.victim_consulted
        and not draft.victim_views.strip()
    ):
        problems["victim_views"] = "Record the victim's views (they were consulted)."
    rj_problem = victim_rj_problem(draft.victim_type, draft.victim_rj)
    if rj_problem:
        problems["victim_rj"] = rj_problem
    if not draft.restorative_actions:
        problems["restorative_actions"] = "Choose at least one restorative action agreed."
    if draft.gravity_score not in GRAVITY_SCORES:
        problems["gravity_score"] = "Give the gravity score from 1 to 5 (2 is the usual CR score)."
    if not draft.authorised_by.strip():
        problems["authorised_by"] = "Enter the supervisor who authorised the resolution."
    return offence, problems
