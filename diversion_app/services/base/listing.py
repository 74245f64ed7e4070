"""Paging, sorting and filtering lists in SQL, so a list of 100,000 opens like a list of 100."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa

DEFAULT_PAGE_SIZE = 200

RowT = TypeVar("RowT", bound=Sequence[Any])


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
    order = order_for(request, sort_columns, default_order, tiebreak)
    return statement.order_by(*order).offset(max(0, request.offset)).limit(max(1, request.limit))


def order_for(
    request: PageRequest,
    sort_columns: Mapping[str, Any],
    default_order: Sequence[Any],
    tiebreak: Any,
) -> list[Any]:
    """The ORDER BY terms ``ordered`` applies (a statement reading a page's rows again by
    its ids sorts them by the same terms)."""
    key = sort_columns.get(request.sort or "")
    if key is None:
        return [*default_order, tiebreak]
    columns = key if isinstance(key, tuple) else (key,)
    return [c.desc() if request.descending else c.asc() for c in (*columns, tiebreak)]


def count_of(statement: sa.Select[Any]) -> sa.Select[Any]:
    """SELECT count(*) over ``statement`` (its ORDER BY and paging dropped)."""
    inner = statement.order_by(None).limit(None).offset(None).subquery()
    return sa.select(sa.func.count()).select_from(inner)


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE's own wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def starts_with(column: Any, prefix: str) -> sa.ColumnElement[bool]:
    """``column`` begins with ``prefix`` (case as typed): a range an index can serve, made exact.

    The range ends at the prefix's stem with its last letter or digit stepped up
    ('AB1' -> 'AB2', 'AB9' -> 'AC'), which sorts above every extension of the prefix in a
    binary collation (SQLite) and a linguistic one alike (PostgreSQL in en_GB.UTF-8 sorts
    'AB12' above 'AB1' + U+FFFF, so that bound found nothing). LIKE keeps exact extensions.
    """
    stem = len(prefix)
    while stem and not _steppable(prefix[stem - 1]):
        stem -= 1
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    condition = sa.and_(column >= prefix, column.like(f"{escaped}%", escape="\\"))
    if stem:
        upper = prefix[: stem - 1] + chr(ord(prefix[stem - 1]) + 1)
        condition = sa.and_(condition, column < upper)
    return condition


def _steppable(char: str) -> bool:
    """One more than ``char`` is still a letter or digit of the same kind (not past 9 or Z)."""
    return char.isascii() and char.isalnum() and char not in "9Zz"


def in_page_order(ids: Sequence[int], rows: Iterable[RowT]) -> list[RowT]:
    """Rows keyed by their first column (the id), put back in the order the page was sorted.

    Lists fetch a page of ids in the requested order first, then the columns to show for
    just those ids; this puts the second query's rows back in the first one's order.
    """
    by_id = {row[0]: row for row in rows}
    return [by_id[row_id] for row_id in ids]
