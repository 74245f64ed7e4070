"""What every service shares: the session factory, the injected clock and the settings.

``unit_of_work`` is a write transaction: on SQLite it takes the write lock first
(``BEGIN IMMEDIATE``, waited for within a bound), so several users' writes queue instead
of being refused. ``read_only`` never takes the write lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from diversion_app.domain.timekeeping import Now, ensure_utc, system_now
from diversion_app.persistence.change_signal import notify_change
from diversion_app.persistence.engine import WRITE_TRANSACTION, WriteLockTimeout
from diversion_app.services.base import text_guard  # noqa: F401 (checks text before a flush)
from diversion_app.services.base.errors import Conflict, DatabaseBusy

CHANGED_WHILE_SAVING = (
    "Someone else changed this record while you were saving, so your change was not "
    "saved. Close it, open it again and make your change once more."
)


log = logging.getLogger(__name__)


class NestedWriteTransaction(RuntimeError):
    """A write transaction was begun inside another on the same thread (it would wait for
    itself: the outer one holds the write lock). A programming error, never a user's."""


@dataclass
class ServiceContext:
    sessions: sessionmaker[Session]
    now_provider: Now = field(default=system_now)
    _local: threading.local = field(default_factory=threading.local, repr=False)

    def _pending(self) -> list[Callable[[], None]] | None:
        """The work waiting for this thread's open write transaction (None: none is open)."""
        pending: list[Callable[[], None]] | None = getattr(self._local, "pending", None)
        return pending

    def after_transaction(self, work: Callable[[], None]) -> None:
        """Run ``work`` (its own write transaction) now, or when this thread's open write
        transaction has ended, whether it committed or not (so a refusal raised inside one
        is still audited, without waiting for the lock the thread itself holds)."""
        pending = self._pending()
        if pending is None:
            work()
        else:
            pending.append(work)

    def now(self) -> datetime:
        return ensure_utc(self.now_provider())

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: committed if the block finishes, rolled back if it raises."""
        if self._pending() is not None:
            raise NestedWriteTransaction("a write transaction inside another on one thread")
        self._local.pending = []
        session = self.sessions()
        try:
            try:
                session.connection(execution_options={WRITE_TRANSACTION: True})
            except WriteLockTimeout as error:
                raise DatabaseBusy(str(error)) from None
            yield session
            notify_change(session.connection())  # PostgreSQL: other programs refresh
            session.commit()
        except StaleDataError:
            session.rollback()
            raise Conflict(CHANGED_WHILE_SAVING) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            pending = self._pending() or []
            self._local.pending = None
            for work in pending:
                try:
                    work()
                except Exception as error:  # never hide the error the caller is raising
                    log.error("work after a transaction failed: %s", error.__class__.__name__)

    @contextmanager
    def read_only(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed."""
        session = self.sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()
