"""What every service shares: the session factory, the injected clock and the settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from diversion_app.domain.timekeeping import Now, ensure_utc, system_now


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
            yield session
            session.commit()
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
