"""Reading the dated history as it stood on a past day: who held a referral, how far
its assessment had got, how many sessions had been attended.

The facts are written by the workflows that make them (allocation periods by
allocation, assessment steps by the assessment service, sessions by the programme
service); this module only reads them, in a few grouped queries per batch of
referrals, for the caseload summary and the other as-of views.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.timekeeping import format_date
from diversion_app.persistence.models import (
    AllocationPeriod,
    Assessment,
    AssessmentEvent,
    Intervention,
    InterventionSession,
    Programme,
    ReferralEvent,
)
from diversion_app.services.base.id_lists import among


@dataclass(frozen=True)
class AssessmentStep:
    """An assessment's last dated step on a day: what it was and the day it counts from."""

    kind: str
    effective_on: date
    completed_on: date | None
    """The completion date in force that day (a returned assessment keeps its first)."""


def holders_at(instant: datetime) -> sa.Subquery:
    """Who held each referral at ``instant``: (referral_id, caseworker_id, held_from)."""
    return (
        sa.select(
            AllocationPeriod.referral_id,
            AllocationPeriod.caseworker_id,
            AllocationPeriod.held_from,
        )
        .where(
            AllocationPeriod.held_from <= instant,
            sa.or_(AllocationPeriod.held_until.is_(None), AllocationPeriod.held_until > instant),
        )
        .subquery("held")
    )


def assessment_steps_on(
    session: Session, referral_ids: Sequence[int], day: date
) -> dict[int, AssessmentStep]:
    """Each referral's latest assessment step dated on or before ``day`` (latest assessment)."""
    rows = session.execute(
        sa.select(
            Assessment.referral_id,
            Assessment.id,
            AssessmentEvent.kind,
            AssessmentEvent.effective_on,
        )
        .join(AssessmentEvent, AssessmentEvent.assessment_id == Assessment.id)
        .where(
            among(session, Assessment.referral_id, referral_ids),
            AssessmentEvent.effective_on <= day,
        )
        .order_by(
            Assessment.referral_id, Assessment.id, AssessmentEvent.effective_on, AssessmentEvent.id
        )
    ).all()
    steps: dict[int, AssessmentStep] = {}
    latest: dict[int, int] = {}
    for referral_id, assessment_id, kind, effective_on in rows:
        if latest.get(referral_id, assessment_id) != assessment_id:
            steps.pop(referral_id, None)
        latest[referral_id] = assessment_id
        before = steps.get(referral_id)
        completed = (
            effective_on if kind == "completed" else (before.completed_on if before else None)
        )
        steps[referral_id] = AssessmentStep(kind, effective_on, completed)
    return steps


def assessment_words(step: AssessmentStep, started_on: date) -> str:
    """The caseload's words for an assessment at a step: 'Signed off 15/12/2026'."""
    if step.kind == "signed_off":
        return f"Signed off {format_date(step.effective_on)}"
    if step.kind == "returned":
        return "Returned for changes"
    if step.kind == "completed":
        return f"Completed {format_date(step.effective_on)}"
    return f"In progress since {format_date(started_on)}"


def clock_reasons_at(
    session: Session, referral_ids: Sequence[int], instant: datetime
) -> dict[int, str]:
    """The clock reason each referral had been given by ``instant`` (the latest by then)."""
    latest = (
        sa.select(sa.func.max(ReferralEvent.id))
        .where(
            among(session, ReferralEvent.referral_id, referral_ids),
            ReferralEvent.kind == "clock",
            ReferralEvent.at <= instant,
        )
        .group_by(ReferralEvent.referral_id)
    )
    return {
        referral_id: reason or ""
        for referral_id, reason in session.execute(
            sa.select(ReferralEvent.referral_id, ReferralEvent.reason).where(
                ReferralEvent.id.in_(latest)
            )
        )
    }


def attendance_on(session: Session, referral_ids: Sequence[int], day: date) -> dict[int, int]:
    """Sessions attended on or before ``day``, per referral (from the dated session records)."""
    return {
        referral_id: int(count)
        for referral_id, count in session.execute(
            sa.select(Programme.referral_id, sa.func.count(InterventionSession.id))
            .join(Intervention, Intervention.programme_id == Programme.id)
            .join(InterventionSession, InterventionSession.intervention_id == Intervention.id)
            .where(
                among(session, Programme.referral_id, referral_ids),
                InterventionSession.attended.is_(True),
                InterventionSession.held_on <= day,
            )
            .group_by(Programme.referral_id)
        )
    }
