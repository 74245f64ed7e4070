"""Reading, in SQL, each young person's records by disposal type and the day of their last action.

``candidates`` narrows the people worth looking at (not disposed of, 18 or over, no open
work, no legal hold, no later review date, nothing recent) with indexed conditions;
``last_actions`` then gathers, for just those people, the latest action of every record
kind in a handful of grouped queries. The retention rule itself is ``domain.retention``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import ClosureStatus, Pathway
from diversion_app.domain.retention import ADULT_AGE, DisposalType, latest_last_action_allowed
from diversion_app.domain.timekeeping import london_to_utc, to_london
from diversion_app.persistence.models import (
    Assessment,
    Closure,
    CommunityResolution,
    Contact,
    FollowUp,
    Programme,
    Referral,
    RestorativeJustice,
    RestorativeJusticeParticipant,
    SchoolReferral,
    Visit,
    YoungPerson,
)
from diversion_app.services.base.open_referrals import referral_is_open

CHUNK = 500
PATHWAY_TYPES = {
    Pathway.DIVERSION: DisposalType.DIVERSION_REFERRAL,
    Pathway.PREVENTION: DisposalType.PREVENTION_REFERRAL,
}

LastActions = dict[int, dict[DisposalType, list[date]]]
"""Young person id -> disposal type -> the last action of each record of that type."""


def end_of_day_instant(day: date) -> datetime:
    """The first instant after ``day`` (midnight London time that follows it), in UTC."""
    return london_to_utc(datetime.combine(day + timedelta(days=1), time(0)))


def open_referral_exists() -> sa.Exists:
    return sa.exists().where(Referral.young_person_id == YoungPerson.id, referral_is_open())


def open_follow_up_exists() -> sa.Exists:
    """An approved closure whose 12-month follow-up has not been recorded."""
    return sa.exists().where(
        Referral.young_person_id == YoungPerson.id,
        Closure.referral_id == Referral.id,
        Closure.status == ClosureStatus.APPROVED,
        ~sa.exists().where(FollowUp.closure_id == Closure.id),
    )


def open_school_referral_exists() -> sa.Exists:
    return sa.exists().where(
        SchoolReferral.young_person_id == YoungPerson.id, SchoolReferral.open.is_(True)
    )


def not_recent(newest_allowed: date) -> list[sa.ColumnElement[bool]]:
    """No record with an action after ``newest_allowed`` (the cut-off of the shortest period)."""
    after = end_of_day_instant(newest_allowed)
    return [
        ~sa.exists().where(
            Referral.young_person_id == YoungPerson.id,
            sa.or_(
                Referral.received_at >= after,
                Referral.status_changed_at >= after,
                Referral.ended_at >= after,
            ),
        ),
        ~sa.exists().where(
            CommunityResolution.young_person_id == YoungPerson.id,
            CommunityResolution.recorded_on > newest_allowed,
        ),
        ~sa.exists().where(
            SchoolReferral.young_person_id == YoungPerson.id,
            SchoolReferral.concern_date > newest_allowed,
        ),
    ]


def unblocked_and_adult(today: date) -> list[sa.ColumnElement[bool]]:
    """Not disposed of, 18 or over, no hold, no later review date."""
    return [
        YoungPerson.disposed_at.is_(None),
        YoungPerson.legal_hold_reason.is_(None),
        sa.or_(YoungPerson.retention_review_on.is_(None), YoungPerson.retention_review_on <= today),
        YoungPerson.date_of_birth <= latest_last_action_allowed(ADULT_AGE, today),
    ]


def no_open_work() -> list[sa.ColumnElement[bool]]:
    return [~open_referral_exists(), ~open_follow_up_exists(), ~open_school_referral_exists()]


def candidates(
    session: Session, today: date, shortest_years: int, *, only: int | None = None
) -> list[int]:
    """Ids of the people who may be due (or just ``only``, if it may be): no one else is."""
    newest = latest_last_action_allowed(shortest_years, today)
    statement = sa.select(YoungPerson.id).where(
        *unblocked_and_adult(today), *no_open_work(), *not_recent(newest)
    )
    if only is not None:
        statement = statement.where(YoungPerson.id == only)
    return list(session.execute(statement).scalars())


def held_back(session: Session, today: date, shortest_years: int) -> dict[str, int]:
    """How many people would be looked at but for each kind of open work (one pass; a
    person may have several kinds)."""
    newest = latest_last_action_allowed(shortest_years, today)
    kinds = {
        "open referral": open_referral_exists(),
        "unanswered 12-month follow-up": open_follow_up_exists(),
        "open school concern": open_school_referral_exists(),
    }
    statement = sa.select(
        *(sa.func.coalesce(sa.func.sum(sa.case((c, 1), else_=0)), 0) for c in kinds.values())
    ).where(*unblocked_and_adult(today), *not_recent(newest))
    counts = session.execute(statement).one()
    return {kind: int(count) for kind, count in zip(kinds, counts, strict=True)}


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_london(value).date()
    if isinstance(value, date):
        return value
    return None


def _latest(*values: Any) -> date | None:
    days = [day for day in (_day(value) for value in values) if day is not None]
    return max(days) if days else None


def last_actions(session: Session, person_ids: Sequence[int]) -> LastActions:
    """For each person, every record's last action by disposal type."""
    result: LastActions = defaultdict(lambda: defaultdict(list))
    for start in range(0, len(person_ids), CHUNK):
        chunk = list(person_ids[start : start + CHUNK])
        _community_resolutions(session, chunk, result)
        _referrals(session, chunk, result)
        _school_referrals(session, chunk, result)
        _restorative_justice(session, chunk, result)
    return result


def _community_resolutions(session: Session, ids: list[int], result: LastActions) -> None:
    cr = CommunityResolution
    for person_id, recorded_on, offence_date, created_at in session.execute(
        sa.select(cr.young_person_id, cr.recorded_on, cr.offence_date, cr.created_at).where(
            cr.young_person_id.in_(ids)
        )
    ):
        day = _latest(recorded_on, offence_date, created_at)
        if day is not None:
            result[person_id][DisposalType.COMMUNITY_RESOLUTION].append(day)


def _referrals(session: Session, ids: list[int], result: LastActions) -> None:
    latest: dict[int, list[Any]] = defaultdict(list)
    owner: dict[int, tuple[int, Pathway]] = {}
    for referral_id, person_id, pathway, *instants in session.execute(
        sa.select(
            Referral.id,
            Referral.young_person_id,
            Referral.pathway,
            Referral.received_at,
            Referral.status_changed_at,
            Referral.ended_at,
            Referral.allocated_at,
        ).where(Referral.young_person_id.in_(ids))
    ):
        owner[referral_id] = (person_id, pathway)
        latest[referral_id].extend(instants)
    if not owner:
        return
    referral_ids = list(owner)
    for statement in _referral_work(referral_ids):
        for referral_id, *values in session.execute(statement):
            latest[referral_id].extend(values)
    for referral_id, (person_id, pathway) in owner.items():
        day = _latest(*latest[referral_id])
        if day is not None:
            result[person_id][PATHWAY_TYPES[pathway]].append(day)


def _referral_work(referral_ids: list[int]) -> Iterable[Any]:
    """The latest contact, visit, assessment, programme, closure and follow-up per referral."""
    yield (
        sa.select(Contact.referral_id, sa.func.max(Contact.occurred_at))
        .where(Contact.referral_id.in_(referral_ids))
        .group_by(Contact.referral_id)
    )
    yield (
        sa.select(Visit.referral_id, sa.func.max(Visit.end_at))
        .where(Visit.referral_id.in_(referral_ids))
        .group_by(Visit.referral_id)
    )
    yield (
        sa.select(Assessment.referral_id, sa.func.max(Assessment.updated_at))
        .where(Assessment.referral_id.in_(referral_ids))
        .group_by(Assessment.referral_id)
    )
    yield (
        sa.select(Programme.referral_id, sa.func.max(Programme.updated_at))
        .where(Programme.referral_id.in_(referral_ids))
        .group_by(Programme.referral_id)
    )
    yield (
        sa.select(
            Closure.referral_id,
            sa.func.max(Closure.closed_on),
            sa.func.max(Closure.approved_at),
            sa.func.max(FollowUp.recorded_on),
        )
        .outerjoin(FollowUp, FollowUp.closure_id == Closure.id)
        .where(Closure.referral_id.in_(referral_ids))
        .group_by(Closure.referral_id)
    )


def _school_referrals(session: Session, ids: list[int], result: LastActions) -> None:
    sr = SchoolReferral
    for person_id, concern_date, created_at in session.execute(
        sa.select(sr.young_person_id, sr.concern_date, sr.created_at).where(
            sr.young_person_id.in_(ids)
        )
    ):
        day = _latest(concern_date, created_at)
        if day is not None:
            result[person_id][DisposalType.SCHOOL_REFERRAL].append(day)


def _restorative_justice(session: Session, ids: list[int], result: LastActions) -> None:
    rj, part = RestorativeJustice, RestorativeJusticeParticipant
    for person_id, held_on, follow_up_on, created_at in session.execute(
        sa.select(part.young_person_id, rj.held_on, rj.follow_up_on, rj.created_at)
        .join(rj, rj.id == part.rj_id)
        .where(part.young_person_id.in_(ids))
    ):
        day = _latest(held_on, follow_up_on, created_at)
        if day is not None:
            result[person_id][DisposalType.RESTORATIVE_JUSTICE].append(day)
