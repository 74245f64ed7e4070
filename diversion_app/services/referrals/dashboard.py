"""The supervisor's dashboard counts: what is overdue, due soon, unallocated, met and missed."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.due_soon import due_soon_window
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import require
from diversion_app.services.referrals.referral_list import (
    met_within,
    missed_within,
    working_day_overdue,
)


@dataclass(frozen=True)
class DashboardCounts:
    open_referrals: int
    overdue: int
    due_soon: int
    unallocated: int
    met_last_7_days: int
    missed_last_7_days: int
    met_last_28_days: int
    missed_last_28_days: int
    assessments_overdue: int = 0
    """Open, not assessed, past the 10-working-day deadline."""
    recommendations_overdue: int = 0
    """Open diversion referrals past the 15-working-day recommendation deadline."""


class DashboardService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def counts(self, actor: Actor, caseworker_id: int | None = None) -> DashboardCounts:
        require(self.ctx, actor, Permission.VIEW_CASES)
        now = self.ctx.now()
        today = london_today(now)
        is_open = referral_is_open()
        with self.ctx.read_only() as session:
            due_soon = due_soon_window(session)
        unmet = Referral.clock_met_at.is_(None)

        def met_since(days: int) -> sa.ColumnElement[bool]:
            return met_within(now, days)

        def missed_since(days: int) -> sa.ColumnElement[bool]:
            return missed_within(now, days)

        def counted(condition: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
            # one indexed COUNT per figure (see the referral indexes), not a scan of them all
            counting = sa.select(sa.func.count()).select_from(Referral).where(condition)
            if caseworker_id is not None:
                counting = counting.where(Referral.caseworker_id == caseworker_id)
            return counting.scalar_subquery()

        statement = sa.select(
            counted(is_open),
            counted(sa.and_(is_open, unmet, Referral.clock_due_at < now)),
            counted(
                sa.and_(
                    is_open,
                    unmet,
                    Referral.clock_due_at >= now,
                    Referral.clock_due_at <= now + due_soon,
                )
            ),
            counted(sa.and_(is_open, Referral.caseworker_id.is_(None))),
            counted(met_since(7)),
            counted(missed_since(7)),
            counted(met_since(28)),
            counted(missed_since(28)),
            counted(working_day_overdue(today, assessment=True, recommendation=False)),
            counted(working_day_overdue(today, assessment=False, recommendation=True)),
        )
        with self.ctx.read_only() as session:
            values = [int(v) for v in session.execute(statement).one()]
        return DashboardCounts(*values)
