"""Test data for the diary tests: a household with carers, a caseworker, a referral."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from diversion_app.domain.enums import (
    Relationship,
    Role,
)
from diversion_app.persistence.models import (
    Referral,
)
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.referrals.core import make_referral
from tests.factories import add_household, add_user, child, member, referral_draft


@dataclass(frozen=True)
class Family:
    young_person_id: int
    mother_id: int
    grandfather_id: int


def add_caseworker(ctx: ServiceContext, name: str = "Casey Worker") -> Actor:
    return add_user(ctx, name.lower().replace(" ", "."), name, Role.CASEWORKER)


def add_family(ctx: ServiceContext, given: str = "Jordan", family: str = "Sample") -> Family:
    now = ctx.now()
    with ctx.unit_of_work() as session:
        household = add_household(
            session, now, "12 Orchard Road", town="Exampleton", postcode="EX1 2AB"
        )
        mother = member(
            household.id, "Alex", family, Relationship.MOTHER, parental_responsibility=True
        )
        grandfather = member(household.id, "Sam", family, Relationship.GRANDPARENT)
        person = child(household.id, now, given=given, family=family, born=date(2012, 6, 1))
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
    draft = referral_draft(young_person_id, ctx.now() - timedelta(hours=hours_ago))
    made = make_referral(ctx, actor, draft)
    if caseworker_id is not None:
        with ctx.unit_of_work() as session:
            referral = session.get(Referral, made.id)
            assert referral is not None
            referral.caseworker_id = caseworker_id
    return made.id
