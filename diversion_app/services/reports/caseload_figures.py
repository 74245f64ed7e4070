"""Caseload figures per caseworker: the Reports page's summary and the allocation screen."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from diversion_app.domain.enums import Role
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import Referral, User, UserRole
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.due_soon import due_soon_window
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import require


@dataclass(frozen=True)
class CaseloadRow:
    caseworker_id: int
    caseworker: str
    open_referrals: int
    overdue: int
    due_soon: int


class CaseloadService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def by_caseworker(self, actor: Actor) -> list[CaseloadRow]:
        """Every active caseworker with their open caseload, including those with none."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        now = self.ctx.now()
        with self.ctx.read_only() as session:
            window = due_soon_window(session)
        unmet_open = sa.and_(referral_is_open(), Referral.clock_met_at.is_(None))
        open_count = sa.func.count(Referral.id)
        overdue = sa.func.coalesce(
            sa.func.sum(sa.case((sa.and_(unmet_open, Referral.clock_due_at < now), 1), else_=0)), 0
        )
        due_soon = sa.func.coalesce(
            sa.func.sum(
                sa.case(
                    (
                        sa.and_(
                            unmet_open,
                            Referral.clock_due_at >= now,
                            Referral.clock_due_at <= now + window,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            0,
        )
        statement = (
            sa.select(User.id, User.display_name, open_count, overdue, due_soon)
            .join(UserRole, sa.and_(UserRole.user_id == User.id, UserRole.role == Role.CASEWORKER))
            .outerjoin(
                Referral,
                sa.and_(
                    Referral.caseworker_id == User.id,
                    referral_is_open(),
                ),
            )
            .where(User.active.is_(True))
            .group_by(User.id, User.display_name)
            .order_by(User.display_name)
        )
        with self.ctx.read_only() as session:
            rows = session.execute(statement).all()
        return [CaseloadRow(row[0], row[1], int(row[2]), int(row[3]), int(row[4])) for row in rows]
