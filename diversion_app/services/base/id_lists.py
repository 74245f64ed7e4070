"""Asking SQL about a list of ids: one array parameter on PostgreSQL, an IN list on SQLite.

A report reads facts about tens of thousands of referrals, a batch at a time. SQLite
takes each batch as an IN list of bound parameters, kept under its parameter limit.
PostgreSQL takes the batch as one array parameter (``= ANY(...)``), so a batch can be
large: the team caseload is read in a handful of statements instead of 150, each
planned once rather than with 900 parameters (and PostgreSQL prepares a statement it
sees again). The rows found are the same either way.

``among_found`` is the same question about the ids a subquery finds (the young people
whose name matches a search): PostgreSQL is told to run the subquery first
(``= ANY(ARRAY(...))``). Left to choose, it would walk every referral in the order
shown and look up each one's young person, about half a second per keystroke, when the
few people found lead straight to their referrals.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

SQLITE_BATCH = 900
"""Ids per statement on SQLite: below the bound-parameter limit of older builds (999)."""
ARRAY_BATCH = 6000
"""Ids per statement on PostgreSQL (one parameter): a few statements for a whole team,
still short enough to ask between batches whether the person cancelled."""


def _uses_arrays(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def batch_size(session: Session) -> int:
    """How many ids one statement asks about on this session's database."""
    return ARRAY_BATCH if _uses_arrays(session) else SQLITE_BATCH


def batches(session: Session, ids: Sequence[int]) -> Iterator[Sequence[int]]:
    """``ids`` in slices of ``batch_size``, in order."""
    size = batch_size(session)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def among(
    session: Session, column: sa.ColumnElement[int] | Any, ids: Sequence[int]
) -> sa.ColumnElement[bool]:
    """``column`` is one of ``ids`` (a batch no larger than ``batch_size``)."""
    condition: sa.ColumnElement[bool]
    if _uses_arrays(session):
        array = sa.bindparam(None, list(ids), type_=sa.ARRAY(sa.Integer))
        condition = column == sa.any_(array)
    else:
        condition = column.in_(list(ids))
    return condition


def insert_for_each(
    session: Session, model: Any, column: str, ids: Sequence[int], **fixed: int
) -> None:
    """Insert one ``model`` row per id in ``ids`` (into ``column``), with ``fixed`` values.

    PostgreSQL unnests one array parameter in a single statement; SQLite inserts the rows
    as one executemany. Thousands of rows (a team's disclosure links) either way.
    """
    if not ids:
        return
    if not _uses_arrays(session):
        session.execute(sa.insert(model), [{**fixed, column: value} for value in ids])
        return
    values = sa.func.unnest(sa.bindparam(None, list(ids), type_=sa.ARRAY(sa.Integer)))
    chosen = [sa.literal(value, sa.Integer) for value in fixed.values()]
    session.execute(sa.insert(model).from_select([*fixed, column], sa.select(*chosen, values)))


class among_found(FunctionElement[bool]):  # noqa: N801 (a SQL construct, named as one)
    """``column`` is one of the ids ``found`` (a one-column SELECT) returns.

    ``among_found(Referral.young_person_id, select(YoungPerson.id).where(...))``;
    compiled per dialect (below), the same rows either way.
    """

    type = sa.Boolean()
    inherit_cache = True
    name = "among_found"
    _is_implicitly_boolean = True  # a condition as it stands, not compared with 1

    def __init__(self, column: Any, found: sa.Select[Any]) -> None:
        super().__init__(column, found.scalar_subquery())


@compiles(among_found)
def _among_found_in(element: among_found, compiler: Any, **kw: Any) -> str:
    column, found = list(element.clauses)
    return f"{compiler.process(column, **kw)} IN {compiler.process(found, **kw)}"


@compiles(among_found, "postgresql")
def _among_found_array(element: among_found, compiler: Any, **kw: Any) -> str:
    column, found = list(element.clauses)
    return f"{compiler.process(column, **kw)} = ANY (ARRAY{compiler.process(found, **kw)})"
