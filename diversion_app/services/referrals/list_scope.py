"""Least privilege for the Referrals list: which referrals' rows each reader is shown.

Decided with the permission table (``docs/audit-and-subject-access.md``): supervisors and
caseworkers see every referral's list row (a caseworker opening one not allocated to
them is asked why); a police officer sees the referrals they made; a School Liaison SPOC
the referrals they made and those of young people who live in their area or go to a
school in it. The condition is plain SQL added to the list's query, so counting and
paging stay in the database.
"""

from __future__ import annotations

import sqlalchemy as sa

from diversion_app.domain.enums import Role
from diversion_app.persistence.models import Referral, School, Spoc, YoungPerson
from diversion_app.services.base.actor import Actor


def sees_every_referral(actor: Actor) -> bool:
    """Supervisors and caseworkers: the team's whole list (rows only, not case notes)."""
    return actor.has(Role.SUPERVISOR) or actor.has(Role.CASEWORKER)


def referral_rows_for(actor: Actor) -> sa.ColumnElement[bool] | None:
    """The SQL condition on ``Referral`` for the rows ``actor`` may see (None: all)."""
    if sees_every_referral(actor):
        return None
    user_id = actor.user_id
    if user_id is None:
        return sa.false()
    shown: list[sa.ColumnElement[bool]] = [Referral.created_by_id == user_id]
    if actor.has(Role.SPOC):
        areas = sa.select(Spoc.area).where(Spoc.user_id == user_id, Spoc.active.is_(True))
        schools = sa.select(School.id).where(School.area.in_(areas))
        people = sa.select(YoungPerson.id).where(
            sa.or_(YoungPerson.area.in_(areas), YoungPerson.school_id.in_(schools))
        )
        shown.append(Referral.young_person_id.in_(people))
    return sa.or_(*shown)
