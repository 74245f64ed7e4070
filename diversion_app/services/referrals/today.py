"""A caseworker's day at a glance: how many first contacts fall due today (UK day)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import london_to_utc, london_today
from diversion_app.persistence.models import Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import require


def london_day_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Today's Europe/London day as [start, end) instants in UTC (23 or 25 hours at a
    clock change)."""
    today = london_today(now)
    start = london_to_utc(datetime.combine(today, time()))
    end = london_to_utc(datetime.combine(today + timedelta(days=1), time()))
    return start, end


class TodayService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def day_bounds(self) -> tuple[datetime, datetime]:
        return london_day_bounds(self.ctx.now())

    def first_contacts_due_today(self, actor: Actor, caseworker_id: int | None) -> int:
        """Open referrals whose 48-hour clock is not yet met and falls due today (UK day),
        not already overdue: the first contacts still to make today."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        now = self.ctx.now()
        _start, end = london_day_bounds(now)
        statement = (
            sa.select(sa.func.count())
            .select_from(Referral)
            .where(
                referral_is_open(),
                Referral.clock_met_at.is_(None),
                Referral.clock_due_at >= now,
                Referral.clock_due_at < end,
            )
        )
        if caseworker_id is not None:
            statement = statement.where(Referral.caseworker_id == caseworker_id)
        with self.ctx.read_only() as session:
            return int(session.execute(statement).scalar_one())
