"""Test records written straight to the database, in one place.

A household, a child in it, its members, a user with one role and the usual
prevention-pathway referral draft: the builders that the referral, diary, casework,
school, permission-table and log tests used to write out each for themselves. Each
takes the values a test cares about and gives every other field the same plain default.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

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
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext


def add_household(
    session: Session, now: datetime, address_line1: str = "1 Example Street", **address: Any
) -> Household:
    """A household (flushed, so it has its id); ``address`` gives town, postcode, ..."""
    household = Household(address_line1=address_line1, created_at=now, **address)
    session.add(household)
    session.flush()
    return household


def child(
    household_id: int,
    now: datetime,
    *,
    given: str,
    family: str,
    born: date,
    gender: Gender = Gender.NOT_KNOWN,
    area: Area = Area.EAST,
) -> YoungPerson:
    """A young person in the household, with the search keys the services would store."""
    return YoungPerson(
        given_name=given,
        family_name=family,
        search_name=f"{given} {family}".lower(),
        family_name_key=family.lower(),
        date_of_birth=born,
        gender=gender,
        ethnicity=Ethnicity.NOT_STATED,
        household_id=household_id,
        area=area,
        created_at=now,
        updated_at=now,
    )


def member(
    household_id: int,
    given: str,
    family: str,
    relationship: Relationship,
    *,
    parental_responsibility: bool = False,
) -> HouseholdMember:
    """A household member (not yet added to a session)."""
    return HouseholdMember(
        household_id=household_id,
        given_name=given,
        family_name=family,
        relationship_to_child=relationship,
        parental_responsibility=parental_responsibility,
    )


def add_child(ctx: ServiceContext, born: date, given: str = "Test", family: str = "Child") -> int:
    """One transaction: a child alone in a new household at 1 Example Street; their id."""
    now = ctx.now()
    with ctx.unit_of_work() as session:
        household = add_household(session, now)
        person = child(household.id, now, given=given, family=family, born=born)
        session.add(person)
        session.flush()
        return person.id


def add_user(ctx: ServiceContext, username: str, name: str, role: Role) -> Actor:
    """One transaction: an active account with one role (no password); the actor."""
    with ctx.unit_of_work() as session:
        user = User(username=username, display_name=name, created_at=ctx.now())
        user.roles = [UserRole(role=role)]
        session.add(user)
        session.flush()
        return Actor(user.id, username, name, frozenset({role}))


def referral_draft(young_person_id: int, received: datetime, **changes: object) -> ReferralDraft:
    """A school's prevention referral for anti-social behaviour received at ``received``;
    ``changes`` override any field (``received_at`` too)."""
    values: dict[str, object] = dict(
        young_person_id=young_person_id,
        pathway=Pathway.PREVENTION,
        source=ReferralSource.SCHOOL,
        referrer_name="Head of Year",
        received_at=received,
        reasons=(ReferralReason.ANTI_SOCIAL_BEHAVIOUR,),
    )
    values.update(changes)
    return ReferralDraft(**values)  # type: ignore[arg-type]
