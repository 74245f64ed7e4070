"""Small builders for referral tests: a child in a household with a mother, users by role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from diversion_app.domain.enums import (
    Area,
    Ethnicity,
    Gender,
    Pathway,
    ReferralReason,
    ReferralSource,
    Relationship,
    Role,
)
from diversion_app.domain.referral_rules import ReferralDraft
from diversion_app.persistence.models import Household, HouseholdMember, User, UserRole, YoungPerson
from diversion_app.services.actor import Actor
from diversion_app.services.context import ServiceContext


@dataclass(frozen=True)
class Family:
    young_person_id: int
    mother_id: int
    sibling_id: int


def add_family(
    ctx: ServiceContext, born: date, given: str = "Ellie", family: str = "Marsh"
) -> Family:
    now = ctx.now()
    with ctx.unit_of_work() as session:
        household = Household(address_line1="4 Mill Lane", postcode="XX1 1XX", created_at=now)
        session.add(household)
        session.flush()
        mother = HouseholdMember(
            household_id=household.id,
            given_name="Dawn",
            family_name=family,
            relationship_to_child=Relationship.MOTHER,
            parental_responsibility=True,
        )
        sibling = HouseholdMember(
            household_id=household.id,
            given_name="Sam",
            family_name=family,
            relationship_to_child=Relationship.SIBLING,
        )
        person = YoungPerson(
            given_name=given,
            family_name=family,
            search_name=f"{given} {family}".lower(),
            family_name_key=family.lower(),
            date_of_birth=born,
            gender=Gender.FEMALE,
            ethnicity=Ethnicity.NOT_STATED,
            household_id=household.id,
            area=Area.SOUTH,
            created_at=now,
            updated_at=now,
        )
        session.add_all([mother, sibling, person])
        session.flush()
        return Family(person.id, mother.id, sibling.id)


def add_user(ctx: ServiceContext, username: str, name: str, role: Role) -> Actor:
    with ctx.unit_of_work() as session:
        user = User(username=username, display_name=name, created_at=ctx.now())
        session.add(user)
        session.flush()
        session.add(UserRole(user_id=user.id, role=role))
        return Actor(user.id, username, name, frozenset({role}))


def prevention_draft(ctx: ServiceContext, person_id: int, **changes: object) -> ReferralDraft:
    values: dict[str, object] = dict(
        young_person_id=person_id,
        pathway=Pathway.PREVENTION,
        source=ReferralSource.SCHOOL,
        referrer_name="Head of Year",
        received_at=ctx.now() - timedelta(hours=1),
        reasons=(ReferralReason.ANTI_SOCIAL_BEHAVIOUR,),
    )
    values.update(changes)
    return ReferralDraft(**values)  # type: ignore[arg-type]
