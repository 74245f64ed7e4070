"""Asking SQL about a list of ids: one array parameter on PostgreSQL, an IN list on SQLite.

A report reads facts about tens of thousands of referrals, a batch at a time. SQLite
takes each batch as an IN list of bound parameters, kept under its parameter limit.
PostgreSQL takes the batch as one array parameter (``= ANY(...)``), so a batch can be
large: the team caseload is read in a handful of statements instead of 150, each
planned once rather than with 900 parameters (and PostgreSQL prepares a statement it
sees again). The rows found are the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

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
