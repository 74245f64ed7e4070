"""Asking SQL about lists of ids: each database is sent the form it runs well, and a
statement cached for one subquery is never reused for another."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from diversion_app.persistence.models import Referral, YoungPerson
from diversion_app.services.base.id_lists import among_found


def _found(pattern: str) -> sa.Select[tuple[int]]:
    return sa.select(YoungPerson.id).where(YoungPerson.search_name.like(pattern))


def _sql(statement: sa.Select[tuple[int]], dialect: sa.Dialect) -> str:
    return " ".join(str(statement.compile(dialect=dialect)).split())


def test_sqlite_is_sent_an_in_subquery_and_postgresql_an_array_it_runs_first() -> None:
    statement = sa.select(Referral.id).where(
        among_found(Referral.young_person_id, _found("%smith%"))
    )
    assert "referrals.young_person_id IN (SELECT young_people.id FROM young_people WHERE" in (
        _sql(statement, sqlite.dialect())
    )
    assert "referrals.young_person_id = ANY (ARRAY(SELECT young_people.id FROM young_people" in (
        _sql(statement, postgresql.dialect())
    )
    assert " = 1" not in _sql(statement, sqlite.dialect())  # a condition, not compared


def test_the_cache_key_follows_the_subquery() -> None:
    by_name = sa.select(Referral.id).where(among_found(Referral.young_person_id, _found("%a%")))
    same_shape = sa.select(Referral.id).where(among_found(Referral.young_person_id, _found("%b%")))
    other = sa.select(Referral.id).where(
        among_found(
            Referral.young_person_id,
            sa.select(YoungPerson.id).where(YoungPerson.family_name_key == "b"),
        )
    )
    key = by_name._generate_cache_key()
    assert key == same_shape._generate_cache_key()  # only the bound value differs
    assert key != other._generate_cache_key()
