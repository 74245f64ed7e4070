"""Recording contacts on a referral: attempts and successes, and what they do to the clock.

After every contact the shared ``referral_core.sync_clock`` recomputes when the 48-hour
clock was met. If the clock is then overdue or missed, a reason must be given (kept in
the referral's ``clock_reason``); without one, nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from diversion_app.domain.clock import ClockReading, counts_as_parent_or_carer
from diversion_app.domain.contact_rules import CLOCK_REASON_NEEDED, ContactDraft, contact_problems
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import HouseholdMember, Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.permissions import require
from diversion_app.services.referrals.access import require_may_work
from diversion_app.services.referrals.core import add_contact, sync_clock
from diversion_app.services.referrals.record import keep_clock_reason
from diversion_app.services.referrals.referral_list import reading_for


@dataclass(frozen=True)
class ContactSaved:
    id: int
    clock: ClockReading


class ContactService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record(self, actor: Actor, draft: ContactDraft) -> ContactSaved:
        """One user action: record a contact (attempt or success) and update the clock."""
        require(self.ctx, actor, Permission.WORK_REFERRAL, entity="referral")
        require_may_work(self.ctx, actor, draft.referral_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            referral = session.get(Referral, draft.referral_id)
            if referral is None:
                raise NotFound("That referral no longer exists.")
            if not referral.status.is_open:
                raise DomainError(
                    f"This referral is {referral.status.label.lower()}; "
                    "contacts are recorded only on open referrals."
                )
            problems = contact_problems(draft, referral.received_at, now)
            if draft.carer_member_id is not None:
                member = session.get(HouseholdMember, draft.carer_member_id)
                if member is None or member.household_id != referral.young_person.household_id:
                    problems["carer_member_id"] = (
                        "Choose a parent or carer from the young person's household."
                    )
                elif not counts_as_parent_or_carer(
                    member.relationship_to_child, member.parental_responsibility
                ):
                    problems["carer_member_id"] = (
                        "The person chosen is recorded as the young person's "
                        f"{member.relationship_to_child.label.lower()}, not a parent or carer, "
                        "so cannot be the carer on this contact. Choose a parent or carer, "
                        "or leave the carer empty and say in the notes who else was there."
                    )
            if problems:
                raise ValidationError(problems)
            contact = add_contact(
                session,
                actor,
                referral,
                now,
                occurred_at=draft.occurred_at,
                method=draft.method,
                outcome=draft.outcome,
                with_young_person=draft.with_young_person,
                with_carer=draft.with_carer,
                carer_member_id=draft.carer_member_id,
                notes=draft.notes.strip() or None,
                changes={
                    "referral_id": [None, referral.id],
                    "method": [None, draft.method.value],
                    "outcome": [None, draft.outcome.value],
                },
            )
            sync_clock(session, actor, referral, now)
            reading = reading_for(
                referral.received_at, referral.clock_met_at, referral.status, referral.ended_at, now
            )
            reason = draft.clock_reason.strip()
            unexplained = not reason and not (referral.clock_reason or "").strip()
            if reading.state.needs_reason and unexplained:
                raise ValidationError({"clock_reason": CLOCK_REASON_NEEDED})
            if reason:
                keep_clock_reason(session, actor, referral, reason, now)
            return ContactSaved(contact.id, reading)
