"""The dashboard's counts as they stood at the end of a past day, read from the dated facts.

Open then (received by then, and not yet ended), held by whom then (allocation periods),
unmet then (met after that moment counts as unmet), and the met / missed tiles over the
7 and 28 days before it. Today's counts are ``DashboardService.counts``.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.due_soon import due_soon_window
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import require
from diversion_app.services.referrals.dashboard import DashboardCounts
from diversion_app.services.referrals.referral_list import met_within, missed_within
from diversion_app.services.reports.caseload_data import as_of_instant
from diversion_app.services.reports.dated_facts import holders_at


class DashboardAsOfService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def counts(
        self, actor: Actor, as_of: date, caseworker_id: int | None = None
    ) -> DashboardCounts:
        """The dashboard's figures at the end of ``as_of`` (now, for today)."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        _day, instant = as_of_instant(as_of, self.ctx.now())
        held = holders_at(instant)
        open_then = sa.and_(
            Referral.received_at <= instant,
            sa.or_(
                referral_is_open(),
                sa.and_(Referral.ended_at.is_not(None), Referral.ended_at > instant),
            ),
        )
        unmet_then = sa.or_(Referral.clock_met_at.is_(None), Referral.clock_met_at > instant)
        with self.ctx.read_only() as session:
            window = due_soon_window(session)

            def counted(condition: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
                counting = (
                    sa.select(sa.func.count())
                    .select_from(Referral)
                    .outerjoin(held, held.c.referral_id == Referral.id)
                    .where(condition)
                )
                if caseworker_id is not None:
                    counting = counting.where(held.c.caseworker_id == caseworker_id)
                return counting.scalar_subquery()

            def met_since(days: int) -> sa.ColumnElement[bool]:
                return sa.and_(met_within(instant, days), Referral.clock_met_at <= instant)

            def missed_since(days: int) -> sa.ColumnElement[bool]:
                return missed_within(instant, days)

            statement = sa.select(
                counted(open_then),
                counted(sa.and_(open_then, unmet_then, Referral.clock_due_at < instant)),
                counted(
                    sa.and_(
                        open_then,
                        unmet_then,
                        Referral.clock_due_at >= instant,
                        Referral.clock_due_at <= instant + window,
                    )
                ),
                counted(sa.and_(open_then, held.c.caseworker_id.is_(None))),
                counted(met_since(7)),
                counted(missed_since(7)),
                counted(met_since(28)),
                counted(missed_since(28)),
            )
            values = [int(v) for v in session.execute(statement).one()]
        return DashboardCounts(*values)
