"""What the assessment, programme and closure workflows share: the referral heading, and
who may work on it (``referral_access.require_may_work``)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import Referral, User, YoungPerson
from diversion_app.services.base import access
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.permissions import require
from diversion_app.services.referrals.access import require_may_work
from diversion_app.services.referrals.core import get_referral


@dataclass(frozen=True)
class ReferralHeading:
    """Enough about a referral to head a form: who, which pathway, what status."""

    id: int
    young_person_id: int
    young_person: str
    status_label: str
    caseworker_id: int | None
    caseworker: str


def heading(session: Session, referral_id: int) -> ReferralHeading:
    row = session.execute(
        sa.select(
            Referral.id,
            Referral.young_person_id,
            YoungPerson.given_name,
            YoungPerson.family_name,
            Referral.status,
            Referral.caseworker_id,
            User.display_name,
        )
        .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .outerjoin(User, User.id == Referral.caseworker_id)
        .where(Referral.id == referral_id)
    ).one_or_none()
    if row is None:
        raise NotFound("That referral no longer exists.")
    return ReferralHeading(
        id=row[0],
        young_person_id=row[1],
        young_person=f"{row[2]} {row[3]}",
        status_label=row[4].label,
        caseworker_id=row[5],
        caseworker=row[6] or "Unallocated",
    )


def require_work(ctx: ServiceContext, actor: Actor, referral_id: int) -> ReferralHeading:
    """The referral's heading, if ``actor`` may work on it; else refuse (audited)."""
    require(ctx, actor, Permission.VIEW_CASES, entity="referral", entity_id=referral_id)
    require_may_work(ctx, actor, referral_id)
    with ctx.read_only() as session:
        return heading(session, referral_id)


def require_view(ctx: ServiceContext, actor: Actor, referral_id: int) -> ReferralHeading:
    """The referral's heading, if ``actor`` may read its case notes; else refuse (audited)."""
    require(ctx, actor, Permission.READ_CASE_NOTES, entity="referral", entity_id=referral_id)
    with ctx.read_only() as session:
        return heading(session, referral_id)


def open_for_reading(
    ctx: ServiceContext, actor: Actor, referral_id: int, entity: str
) -> ReferralHeading:
    """Opening a casework form: the case-notes permission, need to know, one view event."""
    found = require_view(ctx, actor, referral_id)
    with ctx.unit_of_work() as session:
        access.view(
            session,
            actor,
            found.young_person_id,
            at=ctx.now(),
            entity=entity,
            entity_id=referral_id,
        )
    return found


referral_row = get_referral
"""The referral being worked on, or ``NotFound`` (``referrals.core.get_referral``)."""
