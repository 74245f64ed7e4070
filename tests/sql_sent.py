"""What SQL a piece of code sends: the statements an engine executes, with their parameters.

Tests that hold a service to a number of statements, or read a statement's plan, listen on
the engine while the service runs and stop listening however it ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event


@contextmanager
def sql_sent(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    """``(statement, parameters)`` of each statement ``engine`` executes inside the block."""
    sent: list[tuple[str, Any]] = []

    def seen(_conn: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", seen)
