"""Every text written to the database is checked against its column's declared length.

The schema is the one declaration of each field's maximum length (``String(n)``; multi-line
``Text`` columns share ``TEXT_MAX_LENGTH``). Before any flush, every new or changed row's
text is checked against it, and for control characters (``domain.text_input``), so an
over-long address or a NUL in a name is a plain ValidationError beside the field on SQLite
and PostgreSQL alike, never a server DataError. ``max_lengths`` gives the same limits to
the forms, which stop typing at the limit.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from diversion_app.domain.errors import ValidationError
from diversion_app.domain.text_input import TEXT_MAX_LENGTH, text_problem
from diversion_app.persistence.models import AuditEvent, Base

UNCHECKED_TABLES = frozenset({AuditEvent.__tablename__})
"""Written only by the application itself (hashes, ids), never typed by a person."""

_LABELS = {
    "address_line1": "The first address line",
    "address_line2": "The second address line",
    "pnc_id": "The PNC ID",
    "local_person_id": "The local person ID",
    "crime_reference": "The crime reference",
}


def _label(key: str) -> str:
    return _LABELS.get(key, "The " + key.replace("_", " "))


def _text_columns(table: sa.Table) -> list[tuple[str, int | None, bool]]:
    """(column key, maximum length, multi-line) for each text column of ``table``."""
    found: list[tuple[str, int | None, bool]] = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, sa.Text):
            found.append((column.key, TEXT_MAX_LENGTH, True))
        elif isinstance(kind, sa.String) and not isinstance(kind, sa.Enum):
            found.append((column.key, kind.length, False))
    return found


@cache
def max_lengths() -> dict[str, int]:
    """Field name -> the longest text it takes (the shortest where two tables share a name)."""
    limits: dict[str, int] = {}
    for table in Base.metadata.tables.values():
        if table.name in UNCHECKED_TABLES:
            continue
        for key, length, _multi in _text_columns(table):
            if length is not None:
                limits[key] = min(length, limits.get(key, length))
    return limits


def problems_in(row: Any) -> dict[str, str]:
    """Every text field of ``row`` that cannot be saved, with what to fix."""
    table = getattr(row, "__table__", None)
    if table is None or table.name in UNCHECKED_TABLES:
        return {}
    problems: dict[str, str] = {}
    for key, length, multi_line in _text_columns(table):
        value = getattr(row, key, None)
        if not isinstance(value, str):
            continue
        problem = text_problem(_label(key), value, length, multi_line=multi_line)
        if problem is not None:
            problems[key] = problem
    return problems


@event.listens_for(Session, "before_flush")
def _check_text(session: Session, _context: Any, _instances: Any) -> None:
    problems: dict[str, str] = {}
    for row in (*session.new, *session.dirty):
        problems.update(problems_in(row))
    if problems:
        raise ValidationError(problems)
