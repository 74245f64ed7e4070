"""Adding a pupil a SPOC meets for the first time, and finding pupils for school work.

A minimal intake: names, date of birth, gender, ethnicity, school and home address. The
people issue's full "add a young person" (with its likely-match check) replaces this
where it exists; until then an exact match on name and date of birth is refused, so the
SPOC picks the existing record instead of making a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from diversion_app.domain.ages import age_on
from diversion_app.domain.enums import Area, AuditAction, Ethnicity, Gender
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.names import format_postcode, normalise_name, normalise_postcode
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import Household, School, YoungPerson
from diversion_app.services import audit
from diversion_app.services.actor import Actor
from diversion_app.services.context import ServiceContext
from diversion_app.services.errors import Conflict, NotFound
from diversion_app.services.permissions import require

NAME_LIMIT = 100
OLDEST_PUPIL = 25
"""A date of birth making the pupil older than this is taken to be mistyped."""


@dataclass(frozen=True)
class PupilDraft:
    given_name: str
    family_name: str
    date_of_birth: date | None
    gender: Gender | None
    ethnicity: Ethnicity | None
    school_id: int | None
    address_line1: str
    postcode: str = ""
    preferred_name: str = ""


@dataclass(frozen=True)
class PupilRow:
    id: int
    name: str
    date_of_birth: date
    area: Area
    school: str


def pupil_problems(draft: PupilDraft, today: date) -> dict[str, str]:
    """Every field of a new pupil that cannot be saved, with a plain sentence saying what to fix."""
    problems: dict[str, str] = {}
    for field, words in (("given_name", "given name"), ("family_name", "family name")):
        value = getattr(draft, field).strip()
        if not value:
            problems[field] = f"Enter the pupil's {words}."
        elif len(value) > NAME_LIMIT:
            problems[field] = f"Shorten the {words} to {NAME_LIMIT} characters or fewer."
        elif not normalise_name(value):
            problems[field] = f"The {words} needs at least one letter."
    if len(draft.preferred_name.strip()) > NAME_LIMIT:
        problems["preferred_name"] = f"Shorten the preferred name to {NAME_LIMIT} characters."
    if draft.date_of_birth is None:
        problems["date_of_birth"] = "Enter the pupil's date of birth, like 14/03/2012."
    elif draft.date_of_birth > today:
        problems["date_of_birth"] = "The date of birth cannot be in the future."
    elif age_on(draft.date_of_birth, today) > OLDEST_PUPIL:
        problems["date_of_birth"] = (
            f"That date of birth makes the pupil over {OLDEST_PUPIL}; check the year."
        )
    if draft.gender is None:
        problems["gender"] = "Choose the pupil's gender (or 'Not known')."
    if draft.ethnicity is None:
        problems["ethnicity"] = "Choose the pupil's ethnicity (or 'Not stated')."
    if draft.school_id is None:
        problems["school"] = "Choose the pupil's school."
    if not draft.address_line1.strip():
        problems["address_line1"] = "Enter the first line of the pupil's home address."
    elif len(draft.address_line1.strip()) > 200:
        problems["address_line1"] = "Shorten the address line to 200 characters or fewer."
    if draft.postcode.strip() and len(normalise_postcode(draft.postcode)) > 8:
        problems["postcode"] = "Enter a UK postcode, like SW1A 1AA."
    return problems


class SchoolPupilService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add_pupil(self, actor: Actor, draft: PupilDraft) -> PupilRow:
        """One user action: add a young person met through school work."""
        require(self.ctx, actor, Permission.EDIT_YOUNG_PERSON, entity="young_person")
        now = self.ctx.now()
        problems = pupil_problems(draft, london_today(now))
        if problems:
            raise ValidationError(problems)
        assert draft.date_of_birth and draft.gender and draft.ethnicity and draft.school_id
        given, family = draft.given_name.strip(), draft.family_name.strip()
        preferred = draft.preferred_name.strip()
        with self.ctx.unit_of_work() as session:
            school = session.get(School, draft.school_id)
            if school is None:
                raise NotFound("That school no longer exists.")
            family_key = normalise_name(family)
            same = session.execute(
                sa.select(YoungPerson.id, YoungPerson.given_name).where(
                    YoungPerson.family_name_key == family_key,
                    YoungPerson.date_of_birth == draft.date_of_birth,
                )
            ).all()
            for person_id, existing_given in same:
                if normalise_name(existing_given) == normalise_name(given):
                    raise Conflict(
                        "A young person with this name and date of birth is already recorded; "
                        "search for them and pick that record instead.",
                        existing_id=person_id,
                    )
            postcode = format_postcode(draft.postcode) if draft.postcode.strip() else None
            household = Household(
                address_line1=draft.address_line1.strip(),
                postcode=postcode,
                postcode_key=normalise_postcode(postcode) if postcode else None,
                area=school.area,
                created_at=now,
            )
            session.add(household)
            session.flush()
            person = YoungPerson(
                given_name=given,
                family_name=family,
                preferred_name=preferred or None,
                search_name=normalise_name(" ".join(p for p in (given, preferred, family) if p)),
                family_name_key=family_key,
                date_of_birth=draft.date_of_birth,
                gender=draft.gender,
                ethnicity=draft.ethnicity,
                household_id=household.id,
                area=school.area,
                school_id=school.id,
                created_at=now,
                updated_at=now,
            )
            session.add(person)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "young_person",
                person.id,
                at=now,
                young_person_id=person.id,
                changes={"school_id": [None, school.id], "via": [None, "school referral"]},
            )
            return PupilRow(
                person.id, f"{given} {family}", draft.date_of_birth, school.area, school.name
            )
