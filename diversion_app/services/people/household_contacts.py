"""Who to call about a young person: their household's address and its members' contacts.

Shown on the referral record, so that a caseworker making the first contact has the
parents' and carers' phone numbers and the address without opening another window.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import HouseholdMember, YoungPerson
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.permissions import require
from diversion_app.services.people.record import MemberView
from diversion_app.services.people.young_people import household_address


@dataclass(frozen=True)
class HouseholdContacts:
    young_person_id: int
    address: str
    members: tuple[MemberView, ...]
    """Parents and carers first (those with parental responsibility), then the others."""


class HouseholdContactsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def for_young_person(self, actor: Actor, young_person_id: int) -> HouseholdContacts:
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            person = session.get(YoungPerson, young_person_id)
            if person is None:
                raise NotFound("That young person no longer exists.")
            members = session.execute(
                sa.select(HouseholdMember)
                .where(HouseholdMember.household_id == person.household_id)
                .order_by(HouseholdMember.parental_responsibility.desc(), HouseholdMember.id)
            ).scalars()
            return HouseholdContacts(
                young_person_id=person.id,
                address=household_address(person.household),
                members=tuple(
                    MemberView(
                        id=member.id,
                        name=f"{member.given_name} {member.family_name}",
                        relationship=member.relationship_to_child,
                        parental_responsibility=member.parental_responsibility,
                        phone=member.phone or "",
                        email=member.email or "",
                        language=member.language or "",
                        interpreter_needed=member.interpreter_needed,
                        notes=member.notes or "",
                    )
                    for member in members
                ),
            )
