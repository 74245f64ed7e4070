"""The working-day deadlines of a referral: worked out, read, met, and the closure days.

Each referral keeps ``assessment_due_on`` (10 working days after receipt) and, on the
diversion pathway, ``recommendation_due_on`` (15), so lists and the dashboard find
what is due with an indexed query, as they do for the 48-hour clock. An administrator
keeps the scheme's local closure days; changing them moves the deadlines of open
referrals that are still waiting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import AuditAction, Pathway
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import london_today
from diversion_app.domain.working_days import (
    DeadlineReading,
    WorkingCalendar,
    closure_day_problems,
    deadlines_for,
    read_deadline,
)
from diversion_app.persistence.models import Referral, Setting
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import can, require
from diversion_app.services.base.setting_stamp import refuse_if_setting_moved, setting_stamp
from diversion_app.services.referrals.access import require_may_work

CLOSURE_DAYS_KEY = "working_days.local_closures"
ASSESSMENT = "Assessment (10 working days)"
RECOMMENDATION = "Recommendation to the police (15 working days)"


def local_closure_days(session: Session) -> list[date]:
    setting = session.get(Setting, CLOSURE_DAYS_KEY)
    if setting is None or not setting.value:
        return []
    return sorted(date.fromisoformat(text) for text in json.loads(setting.value))


def working_calendar(session: Session) -> WorkingCalendar:
    return WorkingCalendar.with_closures(local_closure_days(session))


def apply_deadlines(session: Session, referral: Referral, calendar: WorkingCalendar) -> None:
    """Work out a referral's deadlines from its received day (in the caller's transaction)."""
    deadlines = deadlines_for(london_today(referral.received_at), calendar)
    if referral.assessed_on is None:
        referral.assessment_due_on = deadlines.assessment_due_on
    if referral.pathway is Pathway.DIVERSION:
        if referral.recommendation_sent_on is None:
            referral.recommendation_due_on = deadlines.recommendation_due_on
    else:
        referral.recommendation_due_on = None


@dataclass(frozen=True)
class ReferralDeadlines:
    assessment: DeadlineReading
    recommendation: DeadlineReading


def read_referral_deadlines(
    referral: Referral, today: date, calendar: WorkingCalendar
) -> ReferralDeadlines:
    ended = None if referral.status.is_open or referral.ended_at is None else referral.ended_at
    ended_on = None if ended is None else london_today(ended)
    return ReferralDeadlines(
        read_deadline(
            ASSESSMENT,
            referral.assessment_due_on,
            referral.assessed_on,
            today,
            calendar,
            ended_on=ended_on,
        ),
        read_deadline(
            RECOMMENDATION,
            referral.recommendation_due_on,
            referral.recommendation_sent_on,
            today,
            calendar,
            ended_on=ended_on,
        ),
    )


class DeadlineService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def closure_days(self, actor: Actor) -> list[date]:
        """The local closure days (administrators keep them; anyone on cases may read them)."""
        if not can(actor, Permission.MANAGE_REFERENCE_LISTS):
            require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            return local_closure_days(session)

    def closure_days_stamp(self, actor: Actor) -> str:
        """The closure days' edit stamp, read with them when the dialog opens."""
        if not can(actor, Permission.MANAGE_REFERENCE_LISTS):
            require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            return setting_stamp(session, [CLOSURE_DAYS_KEY])

    def set_closure_days(self, actor: Actor, days: list[date], *, edit_stamp: str = "") -> int:
        """An administrator sets the local closure days; returns how many deadlines moved.
        ``edit_stamp`` (``closure_days_stamp`` as read) refuses the save if another
        administrator added or removed a day since."""
        require(self.ctx, actor, Permission.MANAGE_REFERENCE_LISTS, entity="setting")
        problems = closure_day_problems(days)
        if problems:
            raise ValidationError({"closure_days": " ".join(problems)})
        now = self.ctx.now()
        wanted = sorted(set(days))
        with self.ctx.unit_of_work() as session:
            refuse_if_setting_moved(
                session,
                edit_stamp,
                [CLOSURE_DAYS_KEY],
                what="list of closure days",
                audited_as=["local_closure_days"],
            )
            before = local_closure_days(session)
            session.merge(
                Setting(key=CLOSURE_DAYS_KEY, value=json.dumps([d.isoformat() for d in wanted]))
            )
            calendar = WorkingCalendar.with_closures(wanted)
            moved = 0
            waiting = session.execute(
                sa.select(Referral).where(
                    referral_is_open(),
                    sa.or_(
                        Referral.assessed_on.is_(None), Referral.recommendation_sent_on.is_(None)
                    ),
                )
            ).scalars()
            for referral in waiting:
                old = (referral.assessment_due_on, referral.recommendation_due_on)
                apply_deadlines(session, referral, calendar)
                if (referral.assessment_due_on, referral.recommendation_due_on) != old:
                    moved += 1
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "setting",
                None,
                at=now,
                changes={
                    "local_closure_days": [
                        [d.isoformat() for d in before],
                        [d.isoformat() for d in wanted],
                    ],
                    "deadlines_moved": [None, moved],
                },
            )
            return moved

    def for_referral(self, actor: Actor, referral_id: int) -> ReferralDeadlines:
        require(self.ctx, actor, Permission.VIEW_CASES, entity="referral", entity_id=referral_id)
        today = london_today(self.ctx.now())
        with self.ctx.read_only() as session:
            referral = session.get(Referral, referral_id)
            if referral is None:
                raise NotFound("That referral no longer exists.")
            return read_referral_deadlines(referral, today, working_calendar(session))

    def record_recommendation_sent(
        self, actor: Actor, referral_id: int, sent_on: date | None
    ) -> ReferralDeadlines:
        """Record the day the police were told the recommended outcome (None clears it)."""
        require(self.ctx, actor, Permission.VIEW_CASES, entity="referral", entity_id=referral_id)
        require_may_work(self.ctx, actor, referral_id)
        now = self.ctx.now()
        today = london_today(now)
        with self.ctx.unit_of_work() as session:
            referral = session.get(Referral, referral_id)
            if referral is None:
                raise NotFound("That referral no longer exists.")
            if referral.pathway is not Pathway.DIVERSION:
                raise ValidationError(
                    {"sent_on": "Only a diversion referral has a recommendation to the police."}
                )
            received_on = london_today(referral.received_at)
            if sent_on is not None and sent_on > today:
                raise ValidationError({"sent_on": "The day cannot be in the future."})
            if sent_on is not None and sent_on < received_on:
                raise ValidationError(
                    {
                        "sent_on": "The day cannot be before the referral was received "
                        f"({received_on.strftime('%d/%m/%Y')})."
                    }
                )
            before = referral.recommendation_sent_on
            referral.recommendation_sent_on = sent_on
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "referral",
                referral.id,
                at=now,
                young_person_id=referral.young_person_id,
                changes={
                    "recommendation_sent_on": [
                        None if before is None else before.isoformat(),
                        None if sent_on is None else sent_on.isoformat(),
                    ]
                },
            )
            return read_referral_deadlines(referral, today, working_calendar(session))
