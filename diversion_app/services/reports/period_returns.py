"""The period report's returns figures: the working-day deadlines, and fairness.

For the referrals received in the period: each working-day deadline met, missed, overdue
(open, not done, past its day), still running or stopped, counted in SQL by the rules of
``domain.working_days``. Fairness: referrals by ethnicity and by sex beside the first
contacts with the police (a young person's first Community Resolution) in the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import Ethnicity, Gender
from diversion_app.domain.kpi import FAIRNESS_ETHNICITIES, FAIRNESS_SEXES, SMALL_CELL
from diversion_app.persistence.models import CommunityResolution, Referral, YoungPerson
from diversion_app.services.base.open_referrals import referral_is_open


@dataclass(frozen=True)
class DeadlineCounts:
    met: int = 0
    missed: int = 0
    overdue: int = 0
    running: int = 0
    stopped: int = 0

    @property
    def met_rate(self) -> float | None:
        settled = self.met + self.missed + self.overdue
        return None if settled == 0 else 100.0 * self.met / settled


@dataclass(frozen=True)
class FairnessCounts:
    referrals_by_ethnicity: dict[Ethnicity, int] = field(default_factory=dict)
    referrals_by_sex: dict[Gender, int] = field(default_factory=dict)
    first_contacts_by_ethnicity: dict[Ethnicity, int] = field(default_factory=dict)
    first_contacts_by_sex: dict[Gender, int] = field(default_factory=dict)


def _counted(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def deadline_counts(
    session: Session,
    in_period: sa.ColumnElement[bool],
    due: Any,
    done: Any,
    today: date,
) -> DeadlineCounts:
    """Met, missed, overdue, running and stopped for one deadline column pair."""
    is_open = referral_is_open()
    # the day the referral ended (its UTC day: at most an hour early in summer time)
    ended_day: Any = sa.func.date(Referral.ended_at)
    if session.get_bind().dialect.name != "sqlite":
        ended_day = sa.cast(Referral.ended_at, sa.Date)
    applies = due.is_not(None)
    met = sa.and_(applies, done.is_not(None), done <= due)
    missed = sa.and_(
        applies,
        sa.or_(
            sa.and_(done.is_not(None), done > due),
            sa.and_(done.is_(None), sa.not_(is_open), ended_day > due),
        ),
    )
    overdue = sa.and_(applies, done.is_(None), is_open, due < today)
    running = sa.and_(applies, done.is_(None), is_open, due >= today)
    stopped = sa.and_(applies, done.is_(None), sa.not_(is_open), ended_day <= due)
    row = session.execute(
        sa.select(
            _counted(met), _counted(missed), _counted(overdue), _counted(running), _counted(stopped)
        ).where(in_period)
    ).one()
    return DeadlineCounts(*(int(value) for value in row))


def fairness_counts(
    session: Session, in_period: sa.ColumnElement[bool], start: date, end: date
) -> FairnessCounts:
    by_group = session.execute(
        sa.select(YoungPerson.ethnicity, YoungPerson.gender, sa.func.count())
        .select_from(Referral)
        .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .where(in_period)
        .group_by(YoungPerson.ethnicity, YoungPerson.gender)
    ).all()
    first_cr = (
        sa.select(
            CommunityResolution.young_person_id.label("person"),
            sa.func.min(CommunityResolution.recorded_on).label("first_on"),
        )
        .group_by(CommunityResolution.young_person_id)
        .subquery()
    )
    first_contacts = session.execute(
        sa.select(YoungPerson.ethnicity, YoungPerson.gender, sa.func.count())
        .select_from(first_cr)
        .join(YoungPerson, YoungPerson.id == first_cr.c.person)
        .where(first_cr.c.first_on.between(start, end))
        .group_by(YoungPerson.ethnicity, YoungPerson.gender)
    ).all()

    def tally(rows: Any) -> tuple[dict[Ethnicity, int], dict[Gender, int]]:
        ethnicity: dict[Ethnicity, int] = dict.fromkeys(FAIRNESS_ETHNICITIES, 0)
        sex: dict[Gender, int] = dict.fromkeys(FAIRNESS_SEXES, 0)
        for group_ethnicity, group_sex, count in rows:
            ethnicity[group_ethnicity] = ethnicity.get(group_ethnicity, 0) + int(count)
            sex[group_sex] = sex.get(group_sex, 0) + int(count)
        return ethnicity, sex

    referral_ethnicity, referral_sex = tally(list(by_group))
    contact_ethnicity, contact_sex = tally(list(first_contacts))
    return FairnessCounts(referral_ethnicity, referral_sex, contact_ethnicity, contact_sex)


def group_share(counts: dict[Any, int], group: Any) -> float | None:
    """A group's share of the whole, left out (None) when the group is a small cell."""
    total = sum(counts.values())
    count = counts.get(group, 0)
    if total == 0 or 0 < count < SMALL_CELL:
        return None
    return 100.0 * count / total
