"""What every service shares: the session factory, the injected clock and the settings.

``unit_of_work`` is a write transaction: on SQLite it takes the write lock first
(``BEGIN IMMEDIATE``, waited for within a bound), so several users' writes queue instead
of being refused. ``read_only`` never takes the write lock.
"""

from __future__ import annotations

from collections.abc import Iterator
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


@dataclass
class ServiceContext:
    sessions: sessionmaker[Session]
    now_provider: Now = field(default=system_now)

    def now(self) -> datetime:
        return ensure_utc(self.now_provider())

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: committed if the block finishes, rolled back if it raises."""
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

    @contextmanager
    def read_only(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed."""
        session = self.sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()
