"""Paging, sorting and filtering lists in SQL, so a list of 100,000 opens like a list of 100."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

DEFAULT_PAGE_SIZE = 200


@dataclass(frozen=True)
class PageRequest:
    """Which slice of a list to fetch, in what order, narrowed by what text."""

    offset: int = 0
    limit: int = DEFAULT_PAGE_SIZE
    sort: str | None = None
    descending: bool = False
    text: str = ""


def ordered(
    statement: sa.Select[Any],
    request: PageRequest,
    sort_columns: Mapping[str, Any],
    default_order: Sequence[Any],
    tiebreak: Any,
) -> sa.Select[Any]:
    """Apply the requested sort (one of ``sort_columns``) and page; ties broken by ``tiebreak``.

    A sort key maps to one column or expression, or a tuple of them.
    """
    key = sort_columns.get(request.sort or "")
    if key is not None:
        columns = key if isinstance(key, tuple) else (key,)
        order = [c.desc() if request.descending else c.asc() for c in (*columns, tiebreak)]
    else:
        order = [*default_order, tiebreak]
    return statement.order_by(*order).offset(max(0, request.offset)).limit(max(1, request.limit))


def count_of(statement: sa.Select[Any]) -> sa.Select[Any]:
    """SELECT count(*) over ``statement`` (its ORDER BY and paging dropped)."""
    inner = statement.order_by(None).limit(None).offset(None).subquery()
    return sa.select(sa.func.count()).select_from(inner)


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE's own wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
