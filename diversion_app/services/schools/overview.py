"""Schools and their SPOCs, with the school work recorded for each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from diversion_app.domain.enums import Area, SchoolType
from diversion_app.domain.permissions import Permission
from diversion_app.domain.school_rules import school_year_start, term_start
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import (
    RestorativeJustice,
    School,
    SchoolReferral,
    Spoc,
    User,
)
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.permissions import require


@dataclass(frozen=True)
class SchoolRow:
    id: int
    name: str
    area: Area
    school_type: SchoolType
    spoc: str
    open_school_referrals: int
    restorative_justice_this_year: int
    restorative_justice_this_term: int
    referrals_to_yos: int


def academic_year_start(today: date) -> date:
    """1 September of the current school year."""
    return school_year_start(today)


class SchoolsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def schools(self, actor: Actor, area: Area | None = None) -> list[SchoolRow]:
        require(self.ctx, actor, Permission.VIEW_CASES)
        today = london_today(self.ctx.now())
        year_start = academic_year_start(today)
        open_referrals = (
            sa.select(sa.func.count())
            .where(SchoolReferral.school_id == School.id, SchoolReferral.open.is_(True))
            .scalar_subquery()
        )
        to_yos = (
            sa.select(sa.func.count())
            .where(SchoolReferral.school_id == School.id, SchoolReferral.referral_id.is_not(None))
            .scalar_subquery()
        )
        rj = (
            sa.select(sa.func.count())
            .where(
                RestorativeJustice.school_id == School.id, RestorativeJustice.held_on >= year_start
            )
            .scalar_subquery()
        )
        rj_term = (
            sa.select(sa.func.count())
            .where(
                RestorativeJustice.school_id == School.id,
                RestorativeJustice.held_on >= term_start(today),
            )
            .scalar_subquery()
        )
        spoc_name = (
            sa.select(User.display_name)
            .join(Spoc, Spoc.user_id == User.id)
            .where(Spoc.area == School.area, Spoc.active.is_(True))
            .order_by(Spoc.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        statement = (
            sa.select(
                School.id,
                School.name,
                School.area,
                School.school_type,
                spoc_name,
                open_referrals,
                rj,
                to_yos,
                rj_term,
            )
            .where(School.active.is_(True))
            .order_by(School.area, School.name)
        )
        if area is not None:
            statement = statement.where(School.area == area)
        with self.ctx.read_only() as session:
            rows = session.execute(statement).all()
        return [
            SchoolRow(
                id=row[0],
                name=row[1],
                area=row[2],
                school_type=row[3],
                spoc=row[4] or "No SPOC",
                open_school_referrals=int(row[5]),
                restorative_justice_this_year=int(row[6]),
                referrals_to_yos=int(row[7]),
                restorative_justice_this_term=int(row[8]),
            )
            for row in rows
        ]
