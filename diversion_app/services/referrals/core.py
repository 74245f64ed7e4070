"""The pieces of the referral workflow that other workflows share, inside their transactions.

``make_referral`` is the one way a referral is created (by an officer, a SPOC's school
referral, a caseworker); ``change_status`` the one way its status moves;
``sync_clock`` the one way the 48-hour clock learns of contacts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.clock import ContactEvent, counts_as_parent_or_carer, due_at, met_at
from diversion_app.domain.enums import (
    AuditAction,
    ContactMethod,
    ContactOutcome,
    Pathway,
    ReferralStatus,
)
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.referral_rules import (
    ReferralDraft,
    advanced_to,
    referral_problems,
    transition_problem,
)
from diversion_app.persistence.models import (
    CommunityResolution,
    Contact,
    HouseholdMember,
    NoCarerDecision,
    Referral,
    ReferralEvent,
    YoungPerson,
)
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, NotFound
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import require
from diversion_app.services.casework.comes_to_notice import fill_for_offence
from diversion_app.services.referrals.deadlines import apply_deadlines, working_calendar


@dataclass(frozen=True)
class MadeReferral:
    id: int
    young_person_id: int
    due_at: datetime


def open_referral_for(session: Session, young_person_id: int, pathway: str) -> int | None:
    return session.execute(
        sa.select(Referral.id).where(
            Referral.young_person_id == young_person_id,
            Referral.pathway == pathway,
            referral_is_open(),
        )
    ).scalar_one_or_none()


def get_referral(session: Session, referral_id: int) -> Referral:
    """The referral, or ``NotFound`` in plain words (it was removed since the screen read it)."""
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFound("That referral no longer exists.")
    return referral


def insert_referral(
    session: Session, actor: Actor, draft: ReferralDraft, now: datetime
) -> Referral:
    """Validate and add a referral in the caller's transaction (audited)."""
    person = session.get(YoungPerson, draft.young_person_id)
    if person is None:
        raise NotFound("That young person no longer exists.")
    if draft.community_resolution_id is not None:
        cr = session.get(CommunityResolution, draft.community_resolution_id)
        if cr is None or cr.young_person_id != person.id:
            raise ValidationError(
                {
                    "community_resolution_id": (
                        "The linked Community Resolution is not this young person's."
                    )
                }
            )
        if draft.offence_date is None:
            draft = _with_offence_date(draft, cr)
    problems = referral_problems(draft, person.date_of_birth, now)
    if problems:
        raise ValidationError(problems)
    existing = open_referral_for(session, person.id, draft.pathway.value)
    if existing is not None:
        raise Conflict(
            f"{person.given_name} {person.family_name} already has an open "
            f"{draft.pathway.value} referral (number {existing}); add to that one instead.",
            existing_id=existing,
        )
    received = draft.received_at
    referral = Referral(
        young_person_id=person.id,
        pathway=draft.pathway,
        source=draft.source,
        referrer_name=draft.referrer_name.strip(),
        referrer_contact=draft.referrer_contact.strip() or None,
        reasons=[reason.value for reason in draft.reasons],
        reason_notes=draft.reason_notes.strip() or None,
        community_resolution_id=draft.community_resolution_id,
        offence_details=draft.offence_details.strip() or None,
        offence_date=draft.offence_date,
        received_at=received,
        consent_young_person=draft.consent_young_person,
        consent_parent_carer=draft.consent_parent_carer,
        consent_to_share=draft.consent_to_share,
        status=ReferralStatus.RECEIVED,
        status_changed_at=now,
        clock_due_at=due_at(received),
        created_at=now,
        created_by_id=actor.user_id,
    )
    apply_deadlines(session, referral, working_calendar(session))
    session.add(referral)
    session.flush()
    if draft.pathway is Pathway.DIVERSION and draft.offence_date is not None:
        # a new offence: comes to notice again inside a 12-month follow-up window?
        fill_for_offence(
            session, actor, person.id, draft.offence_date, now, referral_id=referral.id
        )
    record_referral_event(
        session,
        actor,
        referral,
        now,
        kind="status",
        from_value=None,
        to_value=ReferralStatus.RECEIVED.value,
        action=AuditAction.CREATED,
        changes={
            "pathway": [None, draft.pathway.value],
            "source": [None, draft.source.value],
            "received_at": [None, received.isoformat()],
        },
    )
    return referral


def record_referral_event(
    session: Session,
    actor: Actor,
    referral: Referral,
    now: datetime,
    *,
    kind: str,
    from_value: str | None,
    to_value: str | None,
    changes: dict[str, Any],
    reason: str | None = None,
    action: AuditAction = AuditAction.CHANGED,
) -> None:
    """Add a dated, attributed line to the referral's history and audit the change.

    The one way a status move, allocation or clock reason is written down, so the
    history the referral record shows and the audit trail always agree.
    """
    session.add(
        ReferralEvent(
            referral_id=referral.id,
            at=now,
            user_id=actor.user_id,
            kind=kind,
            from_value=from_value,
            to_value=to_value,
            reason=reason,
        )
    )
    audit.record(
        session,
        actor,
        action,
        "referral",
        referral.id,
        at=now,
        young_person_id=referral.young_person_id,
        changes=changes,
    )


def _with_offence_date(draft: ReferralDraft, cr: CommunityResolution) -> ReferralDraft:
    from dataclasses import replace

    return replace(draft, offence_date=cr.offence_date)


def make_referral(ctx: ServiceContext, actor: Actor, draft: ReferralDraft) -> MadeReferral:
    """One user action: make a referral to the YOS (starts the 48-hour clock)."""
    require(
        ctx,
        actor,
        Permission.MAKE_REFERRAL,
        entity="referral",
        young_person_id=draft.young_person_id,
    )
    now = ctx.now()
    with ctx.unit_of_work() as session:
        referral = insert_referral(session, actor, draft, now)
        return MadeReferral(referral.id, referral.young_person_id, referral.clock_due_at)


def change_status(
    session: Session,
    actor: Actor,
    referral: Referral,
    new_status: ReferralStatus,
    now: datetime,
    reason: str | None = None,
) -> None:
    """Move a referral's status (checked, dated, attributed, audited) in the caller's session."""
    problem = transition_problem(referral.status, new_status, reason)
    if problem:
        raise DomainError(problem)
    old = referral.status
    referral.status = new_status
    referral.status_changed_at = now
    if reason:
        referral.status_reason = reason.strip()
    if not new_status.is_open:
        referral.ended_at = now
    record_referral_event(
        session,
        actor,
        referral,
        now,
        kind="status",
        from_value=old.value,
        to_value=new_status.value,
        reason=(reason or "").strip() or None,
        changes={
            "status": [old.value, new_status.value],
            **({"reason": [None, reason]} if reason else {}),
        },
    )


def add_contact(
    session: Session,
    actor: Actor,
    referral: Referral,
    now: datetime,
    *,
    occurred_at: datetime,
    method: ContactMethod,
    outcome: ContactOutcome,
    with_young_person: bool,
    with_carer: bool,
    carer_member_id: int | None,
    notes: str | None,
    changes: dict[str, Any],
    visit_id: int | None = None,
) -> Contact:
    """Add a contact on the referral in the caller's transaction (audited).

    The caller then runs ``sync_clock`` when the contact may have met the clock.
    """
    contact = Contact(
        referral_id=referral.id,
        occurred_at=occurred_at,
        method=method,
        outcome=outcome,
        with_young_person=with_young_person,
        with_carer=with_carer,
        carer_member_id=carer_member_id,
        notes=notes,
        visit_id=visit_id,
        recorded_by_id=actor.user_id,
        created_at=now,
    )
    session.add(contact)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.CREATED,
        "contact",
        contact.id,
        at=now,
        young_person_id=referral.young_person_id,
        changes=changes,
    )
    return contact


def sync_clock(session: Session, actor: Actor, referral: Referral, now: datetime) -> None:
    """Recompute when the clock was met from the referral's successful contacts.

    Only contacts at or after receipt count, and a carer only when the household member
    reached is a parent or carer (``counts_as_parent_or_carer``: never a sibling); with
    a recorded "no parent or carer to contact", reaching the young person is enough.

    Once both the young person and a carer have been reached, an allocated (or newly
    received) referral moves on to "contacted".
    """
    rows = session.execute(
        sa.select(
            Contact.occurred_at,
            Contact.with_young_person,
            Contact.with_carer,
            HouseholdMember.relationship_to_child,
            HouseholdMember.parental_responsibility,
        )
        .outerjoin(HouseholdMember, HouseholdMember.id == Contact.carer_member_id)
        .where(
            Contact.referral_id == referral.id,
            Contact.outcome == ContactOutcome.MADE_CONTACT,
        )
    ).all()
    no_carer = (
        session.execute(
            sa.select(NoCarerDecision.id).where(NoCarerDecision.referral_id == referral.id)
        ).first()
        is not None
    )
    met = met_at(
        (
            ContactEvent(
                occurred_at,
                bool(with_child),
                bool(with_carer)
                and (
                    # a contact written without a named member keeps its flag (older data)
                    relationship is None
                    or counts_as_parent_or_carer(relationship, bool(responsibility))
                ),
            )
            for occurred_at, with_child, with_carer, relationship, responsibility in rows
        ),
        received_at=referral.received_at,
        no_parent_or_carer=no_carer,
    )
    if met != referral.clock_met_at:
        referral.clock_met_at = met
    if met is not None and referral.status.is_open:
        target = advanced_to(referral.status, ReferralStatus.CONTACTED)
        if target is not referral.status:
            change_status(session, actor, referral, target, now)
