"""Taking SQLite's write lock first, and waiting for it within a bound.

A transaction that reads and then writes under a plain (deferred) ``BEGIN`` cannot be
given the lock later if another connection wrote in between: SQLite refuses it at once
with "database is locked" and the busy timeout never applies. ``BEGIN IMMEDIATE`` takes
the write lock before the first read, so the busy timeout does apply; on top of it the
BEGIN is retried with a growing, jittered pause until ``wait_seconds`` have passed, and
only then does the writer give up with a plain sentence.

Only the BEGIN is retried: nothing has been read or written yet, so a retry can never
repeat half of a user's action.
"""

from __future__ import annotations

import random
import time
from typing import Any

WRITE_TRANSACTION = "diversion_write_transaction"
"""The execution option that marks a connection whose transaction will write."""

DEFAULT_WRITE_LOCK_WAIT_SECONDS = 30.0
_FIRST_PAUSE_SECONDS = 0.02
_LONGEST_PAUSE_SECONDS = 0.5
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


class WriteLockTimeout(Exception):
    """Another program held the database's write lock for longer than we wait."""

    def __init__(self, waited_seconds: float) -> None:
        super().__init__(
            f"The database is busy: another program or user has held it for "
            f"{waited_seconds:.0f} seconds, so nothing was saved. Try again in a moment; "
            "if this keeps happening, close other copies of Diversion or programs using "
            "the database file."
        )
        self.waited_seconds = waited_seconds


def is_lock_error(error: BaseException) -> bool:
    """Whether ``error`` is SQLite saying another connection holds the lock."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return int(code) & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text


def begin_immediate(
    driver_connection: Any,
    wait_seconds: float,
    *,
    clock: Any = time.monotonic,
    sleep: Any = time.sleep,
) -> None:
    """Run ``BEGIN IMMEDIATE`` on a raw DB-API connection, retrying while it is locked."""
    started = clock()
    pause = _FIRST_PAUSE_SECONDS
    while True:
        try:
            driver_connection.execute("BEGIN IMMEDIATE")
            return
        except Exception as error:  # sqlite3's or an other driver's OperationalError
            if not is_lock_error(error):
                raise
            waited = clock() - started
            if waited >= wait_seconds:
                raise WriteLockTimeout(waited) from None
            sleep(min(pause * (0.5 + random.random()), max(0.0, wait_seconds - waited)))
            pause = min(pause * 2, _LONGEST_PAUSE_SECONDS)
