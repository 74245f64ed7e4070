"""The Schools page's lists and figures, and a pupil's school work for their timeline.

Read-only: who may see these is VIEW_CASES (every area is visible; recording is checked in
``school_work``). Every list pages, sorts and searches in SQL; the area figures are two
grouped queries, whatever the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import sqlalchemy as sa

from diversion_app.domain.enums import (
    Area,
    ReferralStatus,
    RjPart,
    RjType,
    SchoolAction,
    SchoolConcernType,
)
from diversion_app.domain.names import normalise_name
from diversion_app.domain.permissions import Permission
from diversion_app.domain.school_rules import school_year_start, term_start
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import (
    Referral,
    RestorativeJustice,
    RestorativeJusticeParticipant,
    School,
    SchoolReferral,
    YoungPerson,
)
from diversion_app.services.base import access
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.listing import (
    PageRequest,
    count_of,
    in_page_order,
    like_pattern,
    ordered,
)
from diversion_app.services.base.permissions import require

PART_ORDER = sa.case(
    {RjPart.HARMER.value: 0, RjPart.BOTH.value: 1, RjPart.HARMED.value: 2},
    value=RestorativeJusticeParticipant.part,
    else_=3,
)
"""Pupils listed harmer first, then those who were both, then the harmed."""


@dataclass(frozen=True)
class SchoolScope:
    """Which school work a list shows: one school, one area, or everything."""

    area: Area | None = None
    school_id: int | None = None


@dataclass(frozen=True)
class SchoolReferralRow:
    id: int
    concern_date: date
    school: str
    area: Area
    young_person_id: int
    young_person: str
    concern_type: SchoolConcernType
    action: SchoolAction | None
    referral_id: int | None
    referral_status: ReferralStatus | None
    open: bool


@dataclass(frozen=True)
class RjRow:
    id: int
    held_on: date
    school: str
    area: Area
    rj_type: RjType
    pupils: str
    agreement_reached: bool
    follow_up_on: date | None


@dataclass(frozen=True)
class SchoolWorkEntry:
    """One line of a pupil's school work, for their timeline."""

    kind: str
    """"school_referral" or "restorative_justice"."""
    id: int
    on: date
    school: str
    summary: str


@dataclass(frozen=True)
class SchoolWorkSummary:
    """The figures of the Schools page for one area, one school, or all."""

    open_school_referrals: int
    restorative_justice_this_term: int
    restorative_justice_this_year: int
    referred_to_yos: int
    term_start: date
    year_start: date


def _person_name(given: str, family: str) -> str:
    return f"{given} {family}"


class SchoolWorkListService:
    referral_sort: ClassVar[dict[str, Any]] = {
        "concern_date": SchoolReferral.concern_date,
        "school": School.name,
        "young_person": YoungPerson.family_name_key,
        "concern_type": SchoolReferral.concern_type,
    }
    rj_sort: ClassVar[dict[str, Any]] = {
        "held_on": RestorativeJustice.held_on,
        "school": School.name,
        "rj_type": RestorativeJustice.rj_type,
    }

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- a pupil's school work (for the timeline) -------------------------------------------
    def pupil_school_work(self, actor: Actor, young_person_id: int) -> list[SchoolWorkEntry]:
        """A pupil's school referrals and restorative justice, newest first."""
        require(self.ctx, actor, Permission.VIEW_CASES, young_person_id=young_person_id)
        with self.ctx.read_only() as session:
            concerns = session.execute(
                sa.select(
                    SchoolReferral.id,
                    SchoolReferral.concern_date,
                    School.name,
                    SchoolReferral.concern_type,
                    SchoolReferral.action,
                )
                .join(School, School.id == SchoolReferral.school_id)
                .where(SchoolReferral.young_person_id == young_person_id)
            ).all()
            rjs = session.execute(
                sa.select(
                    RestorativeJustice.id,
                    RestorativeJustice.held_on,
                    School.name,
                    RestorativeJustice.rj_type,
                    RestorativeJusticeParticipant.part,
                    RestorativeJustice.agreement_reached,
                )
                .join(
                    RestorativeJustice,
                    RestorativeJustice.id == RestorativeJusticeParticipant.rj_id,
                )
                .join(School, School.id == RestorativeJustice.school_id)
                .where(RestorativeJusticeParticipant.young_person_id == young_person_id)
            ).all()
        entries = [
            SchoolWorkEntry(
                "school_referral",
                row[0],
                row[1],
                row[2],
                f"School concern: {row[3].label.lower()}"
                + (f"; {row[4].label.lower()}" if row[4] else "; no action yet"),
            )
            for row in concerns
        ] + [
            SchoolWorkEntry(
                "restorative_justice",
                row[0],
                row[1],
                row[2],
                f"Restorative justice {row[3].label.lower()} ({row[4].label.lower()}); "
                + ("agreement reached" if row[5] else "no agreement"),
            )
            for row in rjs
        ]
        return sorted(entries, key=lambda e: (e.on, e.kind, e.id), reverse=True)

    # --- the lists and figures of the Schools page ------------------------------------------
    def summary(self, actor: Actor, scope: SchoolScope) -> SchoolWorkSummary:
        """The figures for one school, one area, or (no area) all areas."""
        if scope.school_id is None:
            return self.summaries_by_area(actor)[scope.area]
        return self._summaries(actor, scope)[None]

    def summaries_by_area(self, actor: Actor) -> dict[Area | None, SchoolWorkSummary]:
        """Each area's figures, and all areas' under None (two grouped queries)."""
        return self._summaries(actor, SchoolScope())

    def _summaries(self, actor: Actor, scope: SchoolScope) -> dict[Area | None, SchoolWorkSummary]:
        require(self.ctx, actor, Permission.VIEW_CASES)
        today = london_today(self.ctx.now())
        term, year = term_start(today), school_year_start(today)

        def flag(condition: sa.ColumnElement[bool]) -> Any:
            return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

        referrals = self._scoped_referrals(scope).with_only_columns(
            School.area,
            flag(SchoolReferral.open.is_(True)),
            flag(SchoolReferral.referral_id.is_not(None)),
        )
        rjs = (
            self._scoped_rj(scope)
            .with_only_columns(
                School.area, flag(RestorativeJustice.held_on >= term), sa.func.count()
            )
            .where(RestorativeJustice.held_on >= year)
        )
        with self.ctx.read_only() as session:
            by_area: dict[Area | None, list[int]] = {area: [0, 0, 0, 0] for area in Area}
            for area, open_count, to_yos in session.execute(referrals.group_by(School.area)):
                by_area[area][0], by_area[area][3] = int(open_count), int(to_yos)
            for area, this_term, this_year in session.execute(rjs.group_by(School.area)):
                by_area[area][1], by_area[area][2] = int(this_term), int(this_year)
        by_area[None] = [sum(values[i] for values in by_area.values()) for i in range(4)]
        return {
            area: SchoolWorkSummary(
                open_school_referrals=values[0],
                restorative_justice_this_term=values[1],
                restorative_justice_this_year=values[2],
                referred_to_yos=values[3],
                term_start=term,
                year_start=year,
            )
            for area, values in by_area.items()
        }

    def count_school_referrals(
        self, actor: Actor, scope: SchoolScope, kind: str, text: str = ""
    ) -> int:
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.unit_of_work() as session:  # the list shown is audited as a search
            statement = count_of(self._referral_list(scope, kind, text))
            listed = int(session.execute(statement).scalar_one())
            access.search(session, actor, "school_referrals", listed=listed, at=self.ctx.now())
            return listed

    def school_referrals(
        self, actor: Actor, scope: SchoolScope, kind: str, request: PageRequest
    ) -> list[SchoolReferralRow]:
        """``kind`` is "open" (open school referrals) or "to_yos" (referrals passed to the YOS)."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        statement = ordered(
            self._referral_list(scope, kind, request.text),
            request,
            self.referral_sort,
            [SchoolReferral.concern_date.desc()],
            SchoolReferral.id,
        )
        with self.ctx.read_only() as session:
            ids = list(session.execute(statement).scalars())
            if not ids:
                return []
            rows = session.execute(
                sa.select(
                    SchoolReferral.id,
                    SchoolReferral.concern_date,
                    School.name,
                    School.area,
                    YoungPerson.id,
                    YoungPerson.given_name,
                    YoungPerson.family_name,
                    SchoolReferral.concern_type,
                    SchoolReferral.action,
                    SchoolReferral.referral_id,
                    Referral.status,
                    SchoolReferral.open,
                )
                .join(School, School.id == SchoolReferral.school_id)
                .join(YoungPerson, YoungPerson.id == SchoolReferral.young_person_id)
                .outerjoin(Referral, Referral.id == SchoolReferral.referral_id)
                .where(SchoolReferral.id.in_(ids))
            ).all()
        result = []
        for row in in_page_order(ids, rows):
            result.append(
                SchoolReferralRow(
                    id=row[0],
                    concern_date=row[1],
                    school=row[2],
                    area=row[3],
                    young_person_id=row[4],
                    young_person=_person_name(row[5], row[6]),
                    concern_type=row[7],
                    action=row[8],
                    referral_id=row[9],
                    referral_status=row[10],
                    open=row[11],
                )
            )
        return result

    def count_restorative_justice(
        self, actor: Actor, scope: SchoolScope, period: str, text: str = ""
    ) -> int:
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.unit_of_work() as session:  # the list shown is audited as a search
            statement = count_of(self._rj_list(scope, period, text))
            listed = int(session.execute(statement).scalar_one())
            access.search(session, actor, "restorative_justice", listed=listed, at=self.ctx.now())
            return listed

    def restorative_justice_list(
        self, actor: Actor, scope: SchoolScope, period: str, request: PageRequest
    ) -> list[RjRow]:
        """``period`` is "term" (this term) or "year" (this school year)."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        statement = ordered(
            self._rj_list(scope, period, request.text),
            request,
            self.rj_sort,
            [RestorativeJustice.held_on.desc()],
            RestorativeJustice.id,
        )
        with self.ctx.read_only() as session:
            ids = list(session.execute(statement).scalars())
            if not ids:
                return []
            rows = session.execute(
                sa.select(
                    RestorativeJustice.id,
                    RestorativeJustice.held_on,
                    School.name,
                    School.area,
                    RestorativeJustice.rj_type,
                    RestorativeJustice.agreement_reached,
                    RestorativeJustice.follow_up_on,
                )
                .join(School, School.id == RestorativeJustice.school_id)
                .where(RestorativeJustice.id.in_(ids))
            ).all()
            pupils: dict[int, list[str]] = {}
            for rj_id, given, family, part in session.execute(
                sa.select(
                    RestorativeJusticeParticipant.rj_id,
                    YoungPerson.given_name,
                    YoungPerson.family_name,
                    RestorativeJusticeParticipant.part,
                )
                .join(YoungPerson, YoungPerson.id == RestorativeJusticeParticipant.young_person_id)
                .where(RestorativeJusticeParticipant.rj_id.in_(ids))
                .order_by(PART_ORDER, YoungPerson.family_name_key)
            ):
                pupils.setdefault(rj_id, []).append(f"{given} {family} ({part.label.lower()})")
        return [
            RjRow(
                id=row[0],
                held_on=row[1],
                school=row[2],
                area=row[3],
                rj_type=row[4],
                pupils=", ".join(pupils.get(row[0], [])),
                agreement_reached=row[5],
                follow_up_on=row[6],
            )
            for row in in_page_order(ids, rows)
        ]

    @staticmethod
    def _scoped_referrals(scope: SchoolScope) -> sa.Select[Any]:
        statement = sa.select(SchoolReferral.id).join(School, School.id == SchoolReferral.school_id)
        if scope.school_id is not None:
            statement = statement.where(SchoolReferral.school_id == scope.school_id)
        if scope.area is not None:
            statement = statement.where(School.area == scope.area)
        return statement

    @staticmethod
    def _scoped_rj(scope: SchoolScope) -> sa.Select[Any]:
        statement = sa.select(RestorativeJustice.id).join(
            School, School.id == RestorativeJustice.school_id
        )
        if scope.school_id is not None:
            statement = statement.where(RestorativeJustice.school_id == scope.school_id)
        if scope.area is not None:
            statement = statement.where(School.area == scope.area)
        return statement

    def _referral_list(self, scope: SchoolScope, kind: str, text: str) -> sa.Select[Any]:
        statement = self._scoped_referrals(scope).join(
            YoungPerson, YoungPerson.id == SchoolReferral.young_person_id
        )
        if kind == "open":
            statement = statement.where(SchoolReferral.open.is_(True))
        elif kind == "to_yos":
            statement = statement.where(SchoolReferral.referral_id.is_not(None))
        else:
            raise ValueError(f"unknown school referral list {kind!r}")
        if text.strip():
            statement = statement.where(
                YoungPerson.search_name.like(like_pattern(normalise_name(text)), escape="\\")
            )
        return statement

    def _rj_list(self, scope: SchoolScope, period: str, text: str) -> sa.Select[Any]:
        today = london_today(self.ctx.now())
        if period == "term":
            since = term_start(today)
        elif period == "year":
            since = school_year_start(today)
        else:
            raise ValueError(f"unknown period {period!r}")
        statement = self._scoped_rj(scope).where(RestorativeJustice.held_on >= since)
        if text.strip():
            pupils = (
                sa.select(RestorativeJusticeParticipant.rj_id)
                .join(YoungPerson, YoungPerson.id == RestorativeJusticeParticipant.young_person_id)
                .where(
                    YoungPerson.search_name.like(like_pattern(normalise_name(text)), escape="\\")
                )
            )
            statement = statement.where(RestorativeJustice.id.in_(pupils))
        return statement
