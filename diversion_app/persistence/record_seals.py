"""Each young person's identity (number, names, date of birth) carries a keyed seal.

The seal is refreshed by the ORM on every insert and update the application makes, with
the database's audit key; a name or date of birth edited directly in the tables, by
someone without the key, no longer matches its seal and ``diversion-app check`` says so.
Bulk loaders that write rows with plain SQL call ``seal_values`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper

from diversion_app.domain.audit_seal import young_person_seal
from diversion_app.persistence.audit_key import key_for
from diversion_app.persistence.models import YoungPerson

_table: sa.Table = YoungPerson.__table__  # type: ignore[assignment]


def seal_values(key: bytes, row: dict[str, Any]) -> str:
    """The seal of a young person row given as a column -> value mapping."""
    born = row["date_of_birth"]
    if not isinstance(born, date):
        born = date.fromisoformat(str(born))
    return young_person_seal(
        key,
        record_id=int(row["id"]),
        given_name=row["given_name"],
        family_name=row["family_name"],
        preferred_name=row["preferred_name"],
        date_of_birth=born,
    )


def _seal_of(key: bytes, person: YoungPerson) -> str:
    return young_person_seal(
        key,
        record_id=person.id,
        given_name=person.given_name,
        family_name=person.family_name,
        preferred_name=person.preferred_name,
        date_of_birth=person.date_of_birth,
    )


@event.listens_for(YoungPerson, "after_insert")
def _seal_new(_mapper: Mapper[Any], connection: Connection, target: YoungPerson) -> None:
    seal = _seal_of(key_for(connection), target)
    connection.execute(sa.update(_table).where(_table.c.id == target.id).values(record_seal=seal))
    sa.orm.attributes.set_committed_value(target, "record_seal", seal)


@event.listens_for(YoungPerson, "before_update")
def _seal_changed(_mapper: Mapper[Any], connection: Connection, target: YoungPerson) -> None:
    target.record_seal = _seal_of(key_for(connection), target)


_SEALED_COLUMNS = ("id", "given_name", "family_name", "preferred_name", "date_of_birth")


def _rows(connection: Connection, batch: int) -> Iterator[list[dict[str, Any]]]:
    last_id = 0
    columns = [_table.c[name] for name in _SEALED_COLUMNS] + [_table.c.record_seal]
    while True:
        rows = connection.execute(
            sa.select(*columns).where(_table.c.id > last_id).order_by(_table.c.id).limit(batch)
        ).all()
        if not rows:
            return
        yield [dict(row._mapping) for row in rows]
        last_id = rows[-1].id


def seal_all(connection: Connection, key: bytes, *, batch: int = 2000) -> int:
    """Seal every young person row (the migration that introduces seals); returns the count."""
    sealed = 0
    for rows in _rows(connection, batch):
        connection.execute(
            sa.update(_table)
            .where(_table.c.id == sa.bindparam("row_id"))
            .values(record_seal=sa.bindparam("seal")),
            [{"row_id": row["id"], "seal": seal_values(key, row)} for row in rows],
        )
        sealed += len(rows)
    return sealed


def unsealed_records(connection: Connection, *, batch: int = 5000) -> list[int]:
    """The ids of young people whose seal does not match their identity as stored."""
    key = key_for(connection)
    wrong: list[int] = []
    for rows in _rows(connection, batch):
        wrong += [row["id"] for row in rows if row["record_seal"] != seal_values(key, row)]
    return wrong
