"""Turnaround eligibility on a referral: the facts, the decision with reasons, the flag.

Age, looked-after status and a child protection plan come from the young person's
record and the referral's latest snapshot; the qualifying event, an earlier Turnaround
referral and any statutory order are recorded here. The Turnaround flag can be set only
while the check says eligible, and is counted in the returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import AuditAction
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.snapshot import SocialCareStatus
from diversion_app.domain.timekeeping import london_today
from diversion_app.domain.turnaround import (
    TurnaroundDecision,
    TurnaroundEvent,
    TurnaroundFacts,
    turnaround_eligibility,
)
from diversion_app.persistence.models import Referral, ReferralSnapshot, YoungPerson
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.permissions import require
from diversion_app.services.base.stale import refuse_if_values_moved, values_stamp
from diversion_app.services.referrals.core import get_referral


@dataclass(frozen=True)
class TurnaroundInputs:
    """What the user records for the check."""

    event: TurnaroundEvent | None
    event_date: date | None
    referred_before: bool
    statutory_order: bool


@dataclass(frozen=True)
class TurnaroundView:
    inputs: TurnaroundInputs
    decision: TurnaroundDecision
    flagged: bool
    edit_stamp: str = ""
    """The recorded facts and flag when read (``check`` without inputs): for ``save``."""


def _facts(session: Session, referral: Referral, inputs: TurnaroundInputs) -> TurnaroundFacts:
    person = session.get(YoungPerson, referral.young_person_id)
    assert person is not None
    social_care = session.execute(
        sa.select(ReferralSnapshot.social_care)
        .where(ReferralSnapshot.referral_id == referral.id)
        .order_by(ReferralSnapshot.recorded_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    return TurnaroundFacts(
        date_of_birth=person.date_of_birth,
        event=inputs.event,
        event_date=inputs.event_date,
        referred_before=inputs.referred_before,
        looked_after=person.looked_after or social_care is SocialCareStatus.LOOKED_AFTER,
        child_protection_plan=social_care is SocialCareStatus.CHILD_PROTECTION,
        statutory_order=inputs.statutory_order,
    )


def _inputs(referral: Referral) -> TurnaroundInputs:
    return TurnaroundInputs(
        referral.turnaround_event,
        referral.turnaround_event_on,
        bool(referral.turnaround_referred_before),
        bool(referral.turnaround_statutory_order),
    )


class TurnaroundService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def check(
        self, actor: Actor, referral_id: int, inputs: TurnaroundInputs | None = None
    ) -> TurnaroundView:
        """The decision for the recorded facts, or for ``inputs`` if given (nothing saved)."""
        require(self.ctx, actor, Permission.VIEW_CASES, entity="referral", entity_id=referral_id)
        today = london_today(self.ctx.now())
        with self.ctx.read_only() as session:
            referral = get_referral(session, referral_id)
            used = inputs or _inputs(referral)
            decision = turnaround_eligibility(_facts(session, referral, used), today)
            return TurnaroundView(used, decision, referral.turnaround_flag, _stamp(referral))

    def save(
        self,
        actor: Actor,
        referral_id: int,
        inputs: TurnaroundInputs,
        flag: bool,
        *,
        edit_stamp: str = "",
    ) -> TurnaroundView:
        """Record the facts and set or clear the Turnaround flag (only while eligible).

        ``edit_stamp`` is the view's from ``check``: facts or a flag someone else saved
        since are refused (``StaleRecord``), never written over.
        """
        require(self.ctx, actor, Permission.MAKE_REFERRAL, entity="referral", entity_id=referral_id)
        now = self.ctx.now()
        today = london_today(now)
        with self.ctx.unit_of_work() as session:
            referral = get_referral(session, referral_id)
            refuse_if_values_moved(
                session,
                edit_stamp,
                _stamp(referral),
                ("referral", referral.id),
                what="Turnaround record",
                young_person_id=referral.young_person_id,
            )
            decision = turnaround_eligibility(_facts(session, referral, inputs), today)
            if flag and not decision.eligible:
                raise ValidationError(
                    {"flag": "Not eligible for Turnaround: " + " ".join(decision.reasons)}
                )
            before = {**_as_dict(_inputs(referral)), "flag": referral.turnaround_flag}
            referral.turnaround_event = inputs.event
            referral.turnaround_event_on = inputs.event_date
            referral.turnaround_referred_before = inputs.referred_before
            referral.turnaround_statutory_order = inputs.statutory_order
            referral.turnaround_flag = flag
            changes = audit.diff(before, {**_as_dict(inputs), "flag": flag})
            if changes:
                audit.record(
                    session,
                    actor,
                    AuditAction.CHANGED,
                    "referral",
                    referral.id,
                    at=now,
                    young_person_id=referral.young_person_id,
                    changes={f"turnaround.{key}": value for key, value in changes.items()},
                )
            return TurnaroundView(inputs, decision, flag, _stamp(referral))


def _stamp(referral: Referral) -> str:
    facts = _as_dict(_inputs(referral))
    return values_stamp(*(facts[key] for key in sorted(facts)), referral.turnaround_flag)


def _as_dict(inputs: TurnaroundInputs) -> dict[str, object]:
    return {
        "event": None if inputs.event is None else inputs.event.value,
        "event_date": None if inputs.event_date is None else inputs.event_date.isoformat(),
        "referred_before": inputs.referred_before,
        "statutory_order": inputs.statutory_order,
    }
