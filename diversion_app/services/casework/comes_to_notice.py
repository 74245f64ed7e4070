"""A young person comes to notice again: the 12-month follow-up is answered "yes".

DOMAIN.md: when a CR or a new offence (a CR, or a diversion referral with an offence) is
recorded for a young person whose closed referral's 12-month window it falls inside
(closures of any kind, not engaged included), the follow-up is answered "yes" with what
happened. Two moments call this: a new CR or diversion referral being recorded, and a
closure being approved after the offence was already on file.

This module reads and writes only tables (no other workflow's services), so the referral
workflow can call it inside its own transaction without an import circle.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.closure import follow_up_due, within_follow_up
from diversion_app.domain.enums import AuditAction, ClosureOutcome, ClosureStatus, Pathway
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.persistence.models import Closure, CommunityResolution, FollowUp, Referral
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor

CR_WORDS = "A new Community Resolution was recorded inside the 12-month follow-up."
REFERRAL_WORDS = (
    "A new diversion referral (offence on {day}) was made inside the 12-month follow-up."
)


def fill_for_offence(
    session: Session,
    actor: Actor,
    young_person_id: int,
    offence_date: date,
    now: datetime,
    *,
    cr_id: int | None = None,
    referral_id: int | None = None,
) -> int | None:
    """Answer "yes" on the follow-up of the approved closure whose window holds the offence.

    A follow-up already answered "yes" is left alone; one answered "no" is corrected.
    Returns the follow-up's id, or None when the offence falls in no window.
    """
    closures = session.execute(
        sa.select(Closure)
        .join(Referral, Referral.id == Closure.referral_id)
        .where(
            Referral.young_person_id == young_person_id,
            Closure.status == ClosureStatus.APPROVED,
            Closure.closed_on < offence_date,
        )
        .order_by(Closure.closed_on.desc(), Closure.id.desc())
    ).scalars()
    for closure in closures:
        if closure.referral_id == referral_id or not within_follow_up(
            closure.closed_on, offence_date
        ):
            continue
        return _answer_yes(
            session, actor, closure, young_person_id, offence_date, now, cr_id, referral_id
        )
    return None


def fill_after_approval(
    session: Session, actor: Actor, closure: Closure, young_person_id: int, now: datetime
) -> int | None:
    """On approving a closure: a CR or diversion referral already on file whose offence
    falls inside the new window (recorded while the closure awaited approval) answers it."""
    end = follow_up_due(closure.closed_on)
    cr = session.execute(
        sa.select(CommunityResolution.id, CommunityResolution.offence_date)
        .where(
            CommunityResolution.young_person_id == young_person_id,
            CommunityResolution.withdrawn_at.is_(None),
            CommunityResolution.offence_date > closure.closed_on,
            CommunityResolution.offence_date <= end,
        )
        .order_by(CommunityResolution.offence_date, CommunityResolution.id)
        .limit(1)
    ).first()
    referral = session.execute(
        sa.select(Referral.id, Referral.offence_date)
        .where(
            Referral.young_person_id == young_person_id,
            Referral.id != closure.referral_id,
            Referral.pathway == Pathway.DIVERSION,
            Referral.community_resolution_id.is_(None),
            Referral.offence_date > closure.closed_on,
            Referral.offence_date <= end,
        )
        .order_by(Referral.offence_date, Referral.id)
        .limit(1)
    ).first()
    referral_day: date | None = referral[1] if referral is not None else None
    if cr is not None and (referral_day is None or cr[1] <= referral_day):
        return _answer_yes(session, actor, closure, young_person_id, cr[1], now, cr[0], None)
    if referral is not None and referral_day is not None:
        return _answer_yes(
            session, actor, closure, young_person_id, referral_day, now, None, referral[0]
        )
    return None


def _answer_yes(
    session: Session,
    actor: Actor,
    closure: Closure,
    young_person_id: int,
    offence_date: date,
    now: datetime,
    cr_id: int | None,
    referral_id: int | None,
) -> int | None:
    existing = session.execute(
        sa.select(FollowUp).where(FollowUp.closure_id == closure.id)
    ).scalar_one_or_none()
    if existing is not None and existing.came_to_notice:
        return None
    if existing is None:
        existing = FollowUp(closure_id=closure.id)
        session.add(existing)
        action = AuditAction.CREATED
        before: dict[str, Any] = {}
    else:
        action = AuditAction.CHANGED
        before = {"came_to_notice": existing.came_to_notice}
    existing.recorded_on = london_today(now)
    existing.came_to_notice = True
    existing.details = (
        CR_WORDS if cr_id is not None else REFERRAL_WORDS.format(day=format_date(offence_date))
    )
    existing.community_resolution_id = cr_id
    existing.new_referral_id = referral_id
    existing.automatic = True
    existing.recorded_by_id = actor.user_id
    session.flush()
    links: dict[str, Any] = (
        {"community_resolution_id": [None, cr_id]}
        if cr_id is not None
        else {"new_referral_id": [None, referral_id]}
    )
    audit.record(
        session,
        actor,
        action,
        "follow_up",
        existing.id,
        at=now,
        young_person_id=young_person_id,
        changes={
            **audit.diff(before, {"came_to_notice": True}),
            **links,
            "automatic": [None, True],
        },
    )
    return existing.id


def close_as_not_engaged(
    session: Session, actor: Actor, referral: Referral, reason: str, now: datetime
) -> Closure:
    """The closure a referral ended as "not engaged" gets, so its 12-month follow-up is due
    like any other (non-engagers must not vanish from the reoffending figure).

    Ending as not engaged is itself the decision (with its reason), so the closure is
    recorded as approved at once, by the person who ended it; an offence already on file
    inside the new window answers the follow-up straight away.
    """
    closed_on = london_today(now)
    closure = Closure(
        referral_id=referral.id,
        closed_on=closed_on,
        outcome=ClosureOutcome.DID_NOT_ENGAGE,
        exit_summary=reason,
        status=ClosureStatus.APPROVED,
        requested_by_id=actor.user_id,
        approved_by_id=actor.user_id,
        approved_at=now,
        follow_up_due_on=follow_up_due(closed_on),
    )
    session.add(closure)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.CREATED,
        "closure",
        closure.id,
        at=now,
        young_person_id=referral.young_person_id,
        changes={
            "outcome": [None, ClosureOutcome.DID_NOT_ENGAGE.value],
            "status": [None, ClosureStatus.APPROVED.value],
            "follow_up_due_on": [None, closure.follow_up_due_on.isoformat()],
        },
    )
    fill_after_approval(session, actor, closure, referral.young_person_id, now)
    return closure
