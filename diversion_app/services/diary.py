"""The caseworker's diary: visits in a date range, for one caseworker or the whole team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from diversion_app.domain.enums import Role, VisitPlace, VisitPurpose, VisitStatus
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import (
    Referral,
    User,
    UserRole,
    Visit,
    YoungPerson,
    visit_caseworkers,
)
from diversion_app.services.actor import Actor
from diversion_app.services.context import ServiceContext
from diversion_app.services.permissions import require


@dataclass(frozen=True)
class VisitRow:
    id: int
    referral_id: int
    young_person: str
    start_at: datetime
    end_at: datetime
    place: VisitPlace
    place_detail: str
    purpose: VisitPurpose
    status: VisitStatus
    caseworkers: tuple[str, ...]


@dataclass(frozen=True)
class CaseworkerOption:
    id: int
    name: str


class DiaryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def caseworkers(self, actor: Actor) -> list[CaseworkerOption]:
        """Everyone with visits to show: caseworkers first, by name."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            rows = session.execute(
                sa.select(User.id, User.display_name)
                .join(UserRole, UserRole.user_id == User.id)
                .where(UserRole.role == Role.CASEWORKER, User.active.is_(True))
                .order_by(User.display_name)
            ).all()
        return [CaseworkerOption(id=row[0], name=row[1]) for row in rows]

    def visits(
        self,
        actor: Actor,
        start: datetime,
        end: datetime,
        caseworker_id: int | None = None,
    ) -> list[VisitRow]:
        """Visits starting in [start, end), earliest first."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        statement = (
            sa.select(
                Visit.id,
                Visit.referral_id,
                YoungPerson.given_name,
                YoungPerson.family_name,
                Visit.start_at,
                Visit.end_at,
                Visit.place,
                Visit.place_detail,
                Visit.purpose,
                Visit.status,
            )
            .join(Referral, Referral.id == Visit.referral_id)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .where(Visit.start_at >= start, Visit.start_at < end)
            .order_by(Visit.start_at, Visit.id)
        )
        if caseworker_id is not None:
            statement = statement.where(
                Visit.id.in_(
                    sa.select(visit_caseworkers.c.visit_id).where(
                        visit_caseworkers.c.user_id == caseworker_id
                    )
                )
            )
        with self.ctx.read_only() as session:
            rows = session.execute(statement).all()
            ids = [row[0] for row in rows]
            names: dict[int, list[str]] = {visit_id: [] for visit_id in ids}
            if ids:
                for visit_id, name in session.execute(
                    sa.select(visit_caseworkers.c.visit_id, User.display_name)
                    .join(User, User.id == visit_caseworkers.c.user_id)
                    .where(visit_caseworkers.c.visit_id.in_(ids))
                    .order_by(User.display_name)
                ):
                    names[visit_id].append(name)
        return [
            VisitRow(
                id=row[0],
                referral_id=row[1],
                young_person=f"{row[2]} {row[3]}",
                start_at=row[4],
                end_at=row[5],
                place=row[6],
                place_detail=row[7] or "",
                purpose=row[8],
                status=row[9],
                caseworkers=tuple(names[row[0]]),
            )
            for row in rows
        ]
