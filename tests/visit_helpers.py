"""Test data for the diary tests: a household with carers, a caseworker, a referral."""

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
from diversion_app.persistence.models import (
    Household,
    HouseholdMember,
    Referral,
    User,
    UserRole,
    YoungPerson,
)
from diversion_app.services.actor import Actor
from diversion_app.services.context import ServiceContext
from diversion_app.services.referral_core import make_referral


@dataclass(frozen=True)
class Family:
    young_person_id: int
    mother_id: int
    grandfather_id: int


def add_caseworker(ctx: ServiceContext, name: str = "Casey Worker") -> Actor:
    username = name.lower().replace(" ", ".")
    with ctx.unit_of_work() as session:
        user = User(
            username=username,
            display_name=name,
            password_hash=None,
            active=True,
            created_at=ctx.now(),
        )
        session.add(user)
        session.flush()
        session.add(UserRole(user_id=user.id, role=Role.CASEWORKER))
        return Actor(user.id, username, name, frozenset({Role.CASEWORKER}))


def add_family(ctx: ServiceContext, given: str = "Jordan", family: str = "Sample") -> Family:
    now = ctx.now()
    with ctx.unit_of_work() as session:
        household = Household(
            address_line1="12 Orchard Road", town="Exampleton", postcode="EX1 2AB", created_at=now
        )
        session.add(household)
        session.flush()
        mother = HouseholdMember(
            household_id=household.id,
            given_name="Alex",
            family_name=family,
            relationship_to_child=Relationship.MOTHER,
            parental_responsibility=True,
        )
        grandfather = HouseholdMember(
            household_id=household.id,
            given_name="Sam",
            family_name=family,
            relationship_to_child=Relationship.GRANDPARENT,
        )
        person = YoungPerson(
            given_name=given,
            family_name=family,
            search_name=f"{given} {family}".lower(),
            family_name_key=family.lower(),
            date_of_birth=date(2012, 6, 1),
            gender=Gender.NOT_KNOWN,
            ethnicity=Ethnicity.NOT_STATED,
            household_id=household.id,
            area=Area.EAST,
            created_at=now,
            updated_at=now,
        )
        session.add_all([mother, grandfather, person])
        session.flush()
        return Family(person.id, mother.id, grandfather.id)


def add_referral(
    ctx: ServiceContext,
    actor: Actor,
    young_person_id: int,
    *,
    caseworker_id: int | None = None,
    hours_ago: float = 1,
) -> int:
    draft = ReferralDraft(
        young_person_id=young_person_id,
        pathway=Pathway.PREVENTION,
        source=ReferralSource.SCHOOL,
        referrer_name="Head of Year",
        received_at=ctx.now() - timedelta(hours=hours_ago),
        reasons=(ReferralReason.ANTI_SOCIAL_BEHAVIOUR,),
    )
    made = make_referral(ctx, actor, draft)
    if caseworker_id is not None:
        with ctx.unit_of_work() as session:
            referral = session.get(Referral, made.id)
            assert referral is not None
            referral.caseworker_id = caseworker_id
    return made.id
