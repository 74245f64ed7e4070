"""Who may change a referral: a caseworker only the referrals allocated to them.

Checked in the services (``domain.permissions.may_work_referral``) before any change,
with the refusal audited in its own transaction.
"""

from __future__ import annotations

import sqlalchemy as sa

from diversion_app.domain.permissions import may_work_referral
from diversion_app.persistence.models import Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.permissions import refuse


def require_may_work(ctx: ServiceContext, actor: Actor, referral_id: int) -> None:
    """Raise NotFound or PermissionDenied (audited) unless ``actor`` may change the referral."""
    with ctx.read_only() as session:
        row = session.execute(
            sa.select(Referral.caseworker_id, Referral.young_person_id).where(
                Referral.id == referral_id
            )
        ).one_or_none()
    if row is None:
        raise NotFound("That referral no longer exists.")
    caseworker_id, young_person_id = row
    if not may_work_referral(actor.roles, actor.user_id, caseworker_id):
        raise refuse(
            ctx,
            actor,
            "change a referral that is not allocated to you",
            entity="referral",
            entity_id=referral_id,
            young_person_id=young_person_id,
        )


def may_work(actor: Actor, caseworker_id: int | None) -> bool:
    """For screens: whether to offer the actions at all (the services check again)."""
    return may_work_referral(actor.roles, actor.user_id, caseworker_id)
