"""Finding young people: search by name, UK date of birth, postcode or police identifier."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import sqlalchemy as sa

from diversion_app.domain.ages import age_on
from diversion_app.domain.enums import OPEN_REFERRAL_STATUSES, Area, Pathway, ReferralStatus
from diversion_app.domain.errors import DomainError
from diversion_app.domain.names import normalise_name, normalise_postcode
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import london_today, parse_uk_date
from diversion_app.persistence.models import Household, Referral, School, YoungPerson
from diversion_app.services.actor import Actor
from diversion_app.services.context import ServiceContext
from diversion_app.services.listing import PageRequest, count_of, like_pattern, ordered
from diversion_app.services.permissions import require

_POSTCODE = re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*(\d[A-Za-z]{0,2})?$")
_IDENTIFIER = re.compile(r"^(?=.*\d)[A-Za-z0-9/\-]{5,}$")


@dataclass(frozen=True)
class YoungPersonRow:
    id: int
    name: str
    date_of_birth: date
    age: int
    area: Area
    school: str
    open_referral: str


class YoungPeopleService:
    """The list and search behind the Young people page."""

    sort_columns: ClassVar[dict[str, Any]] = {
        "name": YoungPerson.family_name_key,
        "date_of_birth": YoungPerson.date_of_birth,
        "area": YoungPerson.area,
    }

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _filtered(self, text: str) -> sa.Select[Any]:
        statement = sa.select(YoungPerson.id)
        text = text.strip()
        if not text:
            return statement
        try:
            born = parse_uk_date(text) if re.match(r"^\d{1,2}/\d{1,2}/\d{4}$", text) else None
        except DomainError:
            return statement.where(sa.false())
        if born is not None:
            return statement.where(YoungPerson.date_of_birth == born)
        conditions: list[sa.ColumnElement[bool]] = [
            YoungPerson.search_name.like(like_pattern(normalise_name(text)), escape="\\")
        ]
        if _IDENTIFIER.match(text):
            upper = text.upper()
            conditions += [YoungPerson.local_person_id == upper, YoungPerson.pnc_id == upper]
        if _POSTCODE.match(text):
            household_ids = sa.select(Household.id).where(
                Household.postcode_key.like(normalise_postcode(text) + "%")
            )
            conditions.append(YoungPerson.household_id.in_(household_ids))
        return statement.where(sa.or_(*conditions))

    def count(self, actor: Actor, text: str = "") -> int:
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            return int(session.execute(count_of(self._filtered(text))).scalar_one())

    def search(self, actor: Actor, request: PageRequest) -> list[YoungPersonRow]:
        require(self.ctx, actor, Permission.VIEW_CASES)
        ids = ordered(
            self._filtered(request.text),
            request,
            self.sort_columns,
            [YoungPerson.family_name_key, YoungPerson.search_name],
            YoungPerson.id,
        )
        today = london_today(self.ctx.now())
        with self.ctx.read_only() as session:
            id_list = list(session.execute(ids).scalars())
            if not id_list:
                return []
            open_referral = (
                sa.select(Referral.pathway, Referral.status)
                .where(
                    Referral.young_person_id == YoungPerson.id,
                    Referral.status.in_(OPEN_REFERRAL_STATUSES),
                )
                .order_by(Referral.received_at.desc())
                .limit(1)
            )
            rows = session.execute(
                sa.select(
                    YoungPerson.id,
                    YoungPerson.given_name,
                    YoungPerson.family_name,
                    YoungPerson.preferred_name,
                    YoungPerson.date_of_birth,
                    YoungPerson.area,
                    School.name,
                    open_referral.with_only_columns(Referral.pathway).scalar_subquery(),
                    open_referral.with_only_columns(Referral.status).scalar_subquery(),
                )
                .outerjoin(School, School.id == YoungPerson.school_id)
                .where(YoungPerson.id.in_(id_list))
            ).all()
        by_id = {row[0]: row for row in rows}
        result = []
        for person_id in id_list:
            row = by_id[person_id]
            _, given, family, preferred, born, area, school, pathway, status = row
            name = f"{given} {family}" + (f" ({preferred})" if preferred else "")
            referral = (
                f"{Pathway(pathway).label}: {ReferralStatus(status).label}" if pathway else ""
            )
            result.append(
                YoungPersonRow(
                    id=person_id,
                    name=name,
                    date_of_birth=born,
                    age=age_on(born, today) if born <= today else 0,
                    area=area,
                    school=school or "",
                    open_referral=referral,
                )
            )
        return result
