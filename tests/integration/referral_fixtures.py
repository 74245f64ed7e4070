"""Small builders for referral tests: a child in a household with a mother, users by role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from diversion_app.domain.enums import Area, Gender, Relationship
from diversion_app.domain.referral_rules import ReferralDraft
from diversion_app.services.base.context import ServiceContext
from tests.factories import add_household, add_user, child, member, referral_draft

__all__ = ["Family", "add_family", "add_user", "prevention_draft"]


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
        household = add_household(session, now, "4 Mill Lane", postcode="XX1 1XX")
        mother = member(
            household.id, "Dawn", family, Relationship.MOTHER, parental_responsibility=True
        )
        sibling = member(household.id, "Sam", family, Relationship.SIBLING)
        person = child(
            household.id,
            now,
            given=given,
            family=family,
            born=born,
            gender=Gender.FEMALE,
            area=Area.SOUTH,
        )
        session.add_all([mother, sibling, person])
        session.flush()
        return Family(person.id, mother.id, sibling.id)


def prevention_draft(ctx: ServiceContext, person_id: int, **changes: object) -> ReferralDraft:
    return referral_draft(person_id, ctx.now() - timedelta(hours=1), **changes)
