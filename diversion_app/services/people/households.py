"""Households: their members (add, edit, remove) and moving a child to another household.

Siblings on the scheme are young people sharing a household; adults and other members
are ``HouseholdMember`` rows with their relationship, parental responsibility, contact
details and any interpreter need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from diversion_app.domain.enums import AuditAction, Relationship
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.names import normalise_name, normalise_postcode
from diversion_app.domain.permissions import Permission
from diversion_app.domain.young_person_rules import (
    AddressDraft,
    MemberDraft,
    address_problems,
    member_problems,
)
from diversion_app.persistence.models import (
    Contact,
    Household,
    HouseholdMember,
    YoungPerson,
    assessment_participants,
)
from diversion_app.services.base import access, audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, NotFound
from diversion_app.services.base.listing import like_pattern
from diversion_app.services.base.permissions import require
from diversion_app.services.base.stale import edit_stamp, refuse_if_stale
from diversion_app.services.people.young_people import add_household, household_address


@dataclass(frozen=True)
class HouseholdChoice:
    """A household someone might move to, described by its address and its children."""

    id: int
    address: str
    children: str


def _member_values(draft: MemberDraft) -> dict[str, Any]:
    return {
        "given_name": draft.given_name.strip(),
        "family_name": draft.family_name.strip(),
        "relationship_to_child": draft.relationship,
        "parental_responsibility": draft.parental_responsibility,
        "phone": draft.phone.strip() or None,
        "email": draft.email.strip() or None,
        "language": draft.language.strip() or None,
        "interpreter_needed": draft.interpreter_needed,
        "notes": draft.notes.strip() or None,
    }


class HouseholdService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _require_edit(self, actor: Actor, young_person_id: int | None) -> None:
        require(
            self.ctx,
            actor,
            Permission.EDIT_YOUNG_PERSON,
            entity="household",
            young_person_id=young_person_id,
        )

    # --- members ---------------------------------------------------------------------------
    def add_member(
        self, actor: Actor, household_id: int, draft: MemberDraft, *, young_person_id: int
    ) -> int:
        """One user action: add a member to a household; returns the member's id."""
        self._require_edit(actor, young_person_id)
        problems = member_problems(draft)
        if problems:
            raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            if session.get(Household, household_id) is None:
                raise NotFound("That household no longer exists.")
            member = HouseholdMember(household_id=household_id, **_member_values(draft))
            session.add(member)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "household_member",
                member.id,
                at=now,
                young_person_id=young_person_id,
                changes=audit.diff({}, _member_values(draft)),
            )
            return member.id

    def member_draft(self, actor: Actor, member_id: int, *, young_person_id: int) -> MemberDraft:
        """A household member as the edit form shows them (opened from ``young_person_id``'s
        record; the opening is audited as a view of that record)."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.unit_of_work() as session:
            member = session.get(HouseholdMember, member_id)
            if member is None:
                raise NotFound("That household member no longer exists.")
            access.view(
                session,
                actor,
                young_person_id,
                at=self.ctx.now(),
                entity="household_member",
                entity_id=member_id,
            )
            return _draft_of(member)

    def update_member(
        self, actor: Actor, member_id: int, draft: MemberDraft, *, young_person_id: int
    ) -> None:
        """One user action: change a household member's details."""
        self._require_edit(actor, young_person_id)
        problems = member_problems(draft)
        if problems:
            raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            member = session.get(HouseholdMember, member_id)
            if member is None:
                raise NotFound("That household member no longer exists.")
            refuse_if_stale(
                session,
                draft.edit_stamp,
                [("household_member", member)],
                what="household member",
                young_person_id=young_person_id,
            )
            values = _member_values(draft)
            before = {key: getattr(member, key) for key in values}
            for key, value in values.items():
                setattr(member, key, value)
            changes = audit.diff(before, values)
            if changes:
                audit.record(
                    session,
                    actor,
                    AuditAction.CHANGED,
                    "household_member",
                    member.id,
                    at=now,
                    young_person_id=young_person_id,
                    changes=changes,
                )

    def remove_member(
        self, actor: Actor, member_id: int, *, young_person_id: int, edit_stamp: str = ""
    ) -> None:
        """One user action: remove a member who has left the household.

        A member already named on a recorded contact or assessment stays on record, so the
        history keeps its meaning; the message says so. ``edit_stamp`` is the member's
        (``MemberView.edit_stamp``) as the record showed them: a member someone changed
        since is not removed unseen, and one someone removed since is said to be gone.
        """
        self._require_edit(actor, young_person_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            member = session.get(HouseholdMember, member_id)
            if member is None:
                raise NotFound("That household member no longer exists.")
            refuse_if_stale(
                session,
                edit_stamp,
                [("household_member", member)],
                what="household member",
                young_person_id=young_person_id,
                decision="Not removed",
            )
            if _member_is_referenced(session, member_id):
                raise Conflict(
                    "This member is named on a recorded contact or assessment, so they stay on "
                    "the record; edit their details instead (for example, note that they moved "
                    "out).",
                    existing_id=member_id,
                )
            values = _member_values(_draft_of(member))
            session.delete(member)
            audit.record(
                session,
                actor,
                AuditAction.DELETED,
                "household_member",
                member_id,
                at=now,
                young_person_id=young_person_id,
                changes=audit.diff(values, {}),
            )

    # --- moving a child --------------------------------------------------------------------
    def households_like(self, actor: Actor, text: str, *, limit: int = 30) -> list[HouseholdChoice]:
        """Households whose postcode or a child's name matches ``text`` (to move a child to)."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        text = text.strip()
        if not text:
            return []
        by_child = sa.select(YoungPerson.household_id).where(
            YoungPerson.search_name.like(like_pattern(normalise_name(text)), escape="\\")
        )
        with self.ctx.read_only() as session:
            households = (
                session.execute(
                    sa.select(Household)
                    .where(
                        sa.or_(
                            Household.postcode_key.like(normalise_postcode(text) + "%"),
                            Household.id.in_(by_child),
                        )
                    )
                    .order_by(Household.postcode_key, Household.id)
                    .limit(limit)
                )
                .scalars()
                .all()
            )
            result = []
            for household in households:
                names = session.execute(
                    sa.select(YoungPerson.given_name, YoungPerson.family_name)
                    .where(YoungPerson.household_id == household.id)
                    .order_by(YoungPerson.date_of_birth)
                ).all()
                result.append(
                    HouseholdChoice(
                        household.id,
                        household_address(household),
                        ", ".join(f"{g} {f}" for g, f in names),
                    )
                )
            return result

    def move_young_person(
        self,
        actor: Actor,
        young_person_id: int,
        *,
        to_household_id: int | None = None,
        new_address: AddressDraft | None = None,
    ) -> int:
        """One user action: move a child to another household, or to a new one at an address.

        The household left behind keeps its members; returns the child's household id.
        """
        self._require_edit(actor, young_person_id)
        if (to_household_id is None) == (new_address is None):
            raise ValidationError({"household": "Choose a household, or give a new address."})
        if new_address is not None:
            problems = address_problems(new_address)
            if problems:
                raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            person = session.get(YoungPerson, young_person_id)
            if person is None:
                raise NotFound("That young person no longer exists.")
            old = person.household_id
            if new_address is not None:
                household = add_household(
                    session, actor, new_address, now, young_person_id=person.id
                )
                target = household.id
            else:
                assert to_household_id is not None
                if session.get(Household, to_household_id) is None:
                    raise NotFound("That household no longer exists.")
                target = to_household_id
            if target == old:
                raise ValidationError({"household": "The young person already lives there."})
            person.household_id = target
            person.updated_at = now
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "young_person",
                person.id,
                at=now,
                young_person_id=person.id,
                changes={"household_id": [old, target]},
            )
            return target


def _draft_of(member: HouseholdMember) -> MemberDraft:
    return MemberDraft(
        given_name=member.given_name,
        family_name=member.family_name,
        relationship=Relationship(member.relationship_to_child),
        parental_responsibility=member.parental_responsibility,
        phone=member.phone or "",
        email=member.email or "",
        language=member.language or "",
        interpreter_needed=member.interpreter_needed,
        notes=member.notes or "",
        edit_stamp=edit_stamp(member),
    )


def _member_is_referenced(session: Any, member_id: int) -> bool:
    contact = session.execute(
        sa.select(Contact.id).where(Contact.carer_member_id == member_id).limit(1)
    ).first()
    if contact is not None:
        return True
    took_part = session.execute(
        sa.select(assessment_participants.c.assessment_id)
        .where(assessment_participants.c.member_id == member_id)
        .limit(1)
    ).first()
    return took_part is not None
