"""The caseworker's diary: visits in a date range, for one caseworker or the whole team."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVarTuple

import sqlalchemy as sa

from diversion_app.domain.diary import Interval, first_contact_after_due
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
from diversion_app.services.base import access
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.permissions import require

_Columns = TypeVarTuple("_Columns")


def in_diary_window(
    statement: sa.Select[*_Columns],
    start: datetime,
    end: datetime,
    caseworker_id: int | None,
) -> sa.Select[*_Columns]:
    """Narrow a select of visits (with their young person) to those starting in
    [start, end), earliest first, and to one caseworker's diary when one is given."""
    statement = (
        statement.join(Referral, Referral.id == Visit.referral_id)
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
    return statement


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
    caseworker_ids: tuple[int, ...] = ()
    clash: bool = False
    """Overlaps another visit of the same caseworker in the range (cancelled visits aside)."""
    clock_due_at: datetime | None = None
    """When the referral's 48-hour clock falls due (for flagging a late first contact)."""

    @property
    def after_clock_due(self) -> bool:
        """A first-contact visit booked to start after its 48-hour clock is due."""
        return first_contact_after_due(self.purpose, self.status, self.start_at, self.clock_due_at)


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
        statement = in_diary_window(
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
                Referral.clock_due_at,
            ),
            start,
            end,
            caseworker_id,
        )
        with self.ctx.read_only() as session:
            rows = session.execute(statement).all()
            ids = [row[0] for row in rows]
            names: dict[int, list[str]] = {visit_id: [] for visit_id in ids}
            workers: dict[int, list[int]] = {visit_id: [] for visit_id in ids}
            if ids:
                for visit_id, user_id, name in session.execute(
                    sa.select(visit_caseworkers.c.visit_id, User.id, User.display_name)
                    .join(User, User.id == visit_caseworkers.c.user_id)
                    .where(visit_caseworkers.c.visit_id.in_(ids))
                    .order_by(User.display_name)
                ):
                    names[visit_id].append(name)
                    workers[visit_id].append(user_id)
        clashing = _clashing(rows, workers)
        with self.ctx.unit_of_work() as session:  # the children listed: who, when, how many
            access.search(session, actor, "diary", listed=len(rows), at=self.ctx.now())
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
                caseworker_ids=tuple(workers[row[0]]),
                clash=row[0] in clashing,
                clock_due_at=row[10],
            )
            for row in rows
        ]


def _clashing(rows: Sequence[Any], workers: dict[int, list[int]]) -> set[int]:
    """Ids of visits that overlap another busy visit of one of their caseworkers."""
    by_worker: dict[int, list[tuple[int, Interval]]] = {}
    for row in rows:
        if row[9] is VisitStatus.CANCELLED:
            continue
        for user_id in workers[row[0]]:
            by_worker.setdefault(user_id, []).append((row[0], Interval(row[4], row[5])))
    found: set[int] = set()
    for spans in by_worker.values():
        for index, (visit_id, span) in enumerate(spans):
            for other_id, other in spans[index + 1 :]:
                if other.start >= span.end:
                    break  # rows are in start order: nothing later can overlap
                if span.overlaps(other):
                    found.update((visit_id, other_id))
    return found
