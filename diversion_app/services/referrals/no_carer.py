"""Recording "no parent or carer to contact" on a referral (who decided, when, why).

One user action and one transaction: the decision is stored as a dated fact
(``NoCarerDecision``), written to the referral's history and the audit trail, and the
48-hour clock is recomputed at once, since reaching the young person now meets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.no_carer_rules import no_carer_reason_problem
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import NoCarerDecision, Referral, User
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, NotFound
from diversion_app.services.base.permissions import require
from diversion_app.services.referrals.access import require_may_work
from diversion_app.services.referrals.core import record_referral_event, sync_clock


@dataclass(frozen=True)
class NoCarerRecord:
    """The recorded decision, as the referral record shows it."""

    referral_id: int
    reason: str
    recorded_at: datetime
    recorded_by: str


class NoCarerService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def decision(self, actor: Actor, referral_id: int) -> NoCarerRecord | None:
        """The referral's "no parent or carer" decision, if one was recorded."""
        require(self.ctx, actor, Permission.VIEW_CASES, entity="referral", entity_id=referral_id)
        with self.ctx.read_only() as session:
            row = session.execute(
                sa.select(NoCarerDecision.reason, NoCarerDecision.recorded_at, User.display_name)
                .outerjoin(User, User.id == NoCarerDecision.recorded_by_id)
                .where(NoCarerDecision.referral_id == referral_id)
            ).first()
        if row is None:
            return None
        return NoCarerRecord(referral_id, row[0], row[1], row[2] or "")

    def record(self, actor: Actor, referral_id: int, reason: str) -> NoCarerRecord:
        """One user action: record that there is no parent or carer to contact, and why."""
        require(self.ctx, actor, Permission.WORK_REFERRAL, entity="referral", entity_id=referral_id)
        require_may_work(self.ctx, actor, referral_id)
        problem = no_carer_reason_problem(reason)
        if problem:
            raise ValidationError({"reason": problem})
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            referral = session.get(Referral, referral_id)
            if referral is None:
                raise NotFound("That referral no longer exists.")
            if not referral.status.is_open:
                raise DomainError(
                    f"This referral is {referral.status.label.lower()}; the decision can be "
                    "recorded only on an open referral."
                )
            existing = session.execute(
                sa.select(NoCarerDecision.id).where(NoCarerDecision.referral_id == referral_id)
            ).scalar_one_or_none()
            if existing is not None:
                raise Conflict(
                    "This referral already has a recorded decision that there is no parent "
                    "or carer to contact.",
                    existing_id=existing,
                )
            text = reason.strip()
            session.add(
                NoCarerDecision(
                    referral_id=referral.id,
                    reason=text,
                    recorded_at=now,
                    recorded_by_id=actor.user_id,
                )
            )
            session.flush()
            record_referral_event(
                session,
                actor,
                referral,
                now,
                kind="no_carer",
                from_value="parent or carer to be reached",
                to_value="no parent or carer to contact",
                reason=text,
                changes={"no_parent_or_carer": [None, text]},
            )
            sync_clock(session, actor, referral, now)
            return NoCarerRecord(referral.id, text, now, actor.display_name)
