"""A cheap "has anyone written to the database?" signal, one per open application.

SQLite: ``PRAGMA data_version`` on one connection kept for the purpose changes whenever
another connection (another user's program, or another connection of ours) commits.
PostgreSQL: every write transaction ends with ``NOTIFY diversion_changes`` (sent on
commit by ``notify_change``); a connection kept for the purpose ``LISTEN``s for it.
Other databases: the signal always fires and the caller checks for itself.

The signal only says *something* was written; ``services.base.change_watch`` then reads
what changed.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from diversion_app.persistence.engine import sqlite_path

CHANNEL = "diversion_changes"
log = logging.getLogger(__name__)


def notify_change(connection: sa.Connection) -> None:
    """In a write transaction: tell the other programs on commit (PostgreSQL only)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"NOTIFY {CHANNEL}")


class ChangeSignal:
    """``fired()`` is True if anything was committed since it was last asked."""

    def __init__(self, engine: Engine) -> None:
        self._sqlite: sqlite3.Connection | None = None
        self._listener: Any = None
        self._last_version: int | None = None
        url = engine.url
        path = sqlite_path(url.render_as_string(hide_password=True))
        try:
            if path is not None:
                self._sqlite = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
                self._last_version = self._data_version()
            elif url.get_backend_name() == "postgresql":
                self._listener = self._listen(engine)
        except Exception as error:  # the application works without it (Refresh still does)
            log.warning("cannot watch for other users' changes: %s", error.__class__.__name__)
            self.close()

    def _data_version(self) -> int:
        assert self._sqlite is not None
        return int(self._sqlite.execute("PRAGMA data_version").fetchone()[0])

    @staticmethod
    def _listen(engine: Engine) -> Any:
        import psycopg

        url = engine.url.set(drivername="postgresql")
        connection = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def fired(self) -> bool:
        try:
            if self._sqlite is not None:
                version = self._data_version()
                changed = version != self._last_version
                self._last_version = version
                return changed
            if self._listener is not None:
                return sum(1 for _ in self._listener.notifies(timeout=0)) > 0
        except Exception as error:
            log.warning("watching for changes failed: %s", error.__class__.__name__)
            return True
        return True

    def close(self) -> None:
        for connection in (self._sqlite, self._listener):
            if connection is not None:
                try:
                    connection.close()
                except Exception:  # closing a broken connection
                    log.debug("closing the change watch failed")
        self._sqlite = None
        self._listener = None
