"""The one place that knows which database driver is in use.

Every SQLite connection gets foreign keys on, WAL, synchronous FULL and a busy
timeout, and proper BEGIN handling (the SQLAlchemy recipe for pysqlite). A write
transaction (a connection with the ``WRITE_TRANSACTION`` execution option) begins with
``BEGIN IMMEDIATE``, so it takes the write lock before it reads and the busy timeout
applies; if another program holds the lock longer, the BEGIN is retried with backoff
(``sqlite_write_lock``) within a bound, then ``WriteLockTimeout`` says so plainly.
Reads begin with a plain ``BEGIN`` and never take the write lock. Other
URLs (PostgreSQL) are passed straight through; ``follow_explicit_ids`` keeps
PostgreSQL's id sequences in step after bulk inserts with explicit ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from diversion_app.persistence import encryption, name_search
from diversion_app.persistence.sqlite_write_lock import (
    DEFAULT_WRITE_LOCK_WAIT_SECONDS,
    WRITE_TRANSACTION,
    WriteLockTimeout,
    begin_immediate,
)

BUSY_TIMEOUT_MS = 5000

__all__ = [
    "BUSY_TIMEOUT_MS",
    "WRITE_TRANSACTION",
    "WriteLockTimeout",
    "create_engine",
    "display_url",
    "follow_explicit_ids",
    "is_sqlite",
    "session_factory",
    "sqlite_path",
    "sqlite_url",
]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def display_url(url: str) -> str:
    """``url`` fit to show or log: any password is masked."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(an unreadable database URL)"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for memory or other databases."""
    if not is_sqlite(url):
        return None
    parsed = sa.engine.make_url(url)
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _key_every_connection(engine: Engine, passphrase: str, path: Path | None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        encryption.key_connection(dbapi_connection, passphrase, path)


def _configure_sqlite(engine: Engine, write_lock_wait_seconds: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA secure_delete = ON")  # erased rows' bytes are overwritten
        cursor.close()
        name_search.note_presence(engine.dialect, dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        if connection.get_execution_options().get(WRITE_TRANSACTION):
            begin_immediate(connection.connection.driver_connection, write_lock_wait_seconds)
        else:
            connection.exec_driver_sql("BEGIN")


def create_engine(
    url: str,
    *,
    echo: bool = False,
    write_lock_wait_seconds: float = DEFAULT_WRITE_LOCK_WAIT_SECONDS,
) -> Engine:
    """An engine for ``url`` with the project's connection settings applied.

    ``write_lock_wait_seconds``: how long (SQLite) a write transaction waits, in all,
    for another program to let go of the write lock before ``WriteLockTimeout``.
    A SQLite file unlocked with a passphrase (``encryption.remember``) is opened through
    SQLCipher, its key the first statement of every connection.
    """
    if is_sqlite(url):
        passphrase = encryption.passphrase_for(sqlite_path(url))
        extra: dict[str, Any] = {} if passphrase is None else {"module": encryption.driver()}
        engine = sa.create_engine(
            url,
            echo=echo,
            hide_parameters=True,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
            **extra,
        )
        if passphrase is not None:
            _key_every_connection(engine, passphrase, sqlite_path(url))
        _configure_sqlite(engine, write_lock_wait_seconds)
        return engine
    return sa.create_engine(url, echo=echo, hide_parameters=True, pool_pre_ping=True)


def follow_explicit_ids(connection: sa.Connection, tables: Iterable[sa.Table]) -> None:
    """After rows were inserted with explicit ids, let the next generated id follow the largest.

    SQLite needs nothing (a new rowid is always above the largest); PostgreSQL's id
    sequences know nothing of explicit ids, so each is set past ``max(id)``.
    """
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        sequence = sa.func.pg_get_serial_sequence(table.name, column.name)
        connection.execute(
            sa.select(sa.func.setval(sequence, sa.func.coalesce(sa.func.max(column), 0) + 1, False))
        )


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
