"""Opening a database safely: check it, back it up, bring it to the current schema.

A file that is not a SQLite database, a corrupt one, or one written by a newer
version of the application is refused with a plain message and left untouched.
Before any migration is applied to an existing file, a copy is made beside it.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from diversion_app.domain.timekeeping import LONDON
from diversion_app.paths import migrations_dir
from diversion_app.persistence.engine import create_engine, display_url, sqlite_path

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUPS_KEPT = 5


class DatabaseOpenError(Exception):
    """The database cannot be opened; the message says why and what to do."""


@dataclass(frozen=True)
class OpenedDatabase:
    url: str
    engine: Engine
    revision: str
    backup_path: Path | None


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def latest_backup(path: Path) -> Path | None:
    backups = sorted(path.parent.glob(f"{path.name}.backup-*"))
    return backups[-1] if backups else None


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a SQLite database or fails SQLite's own integrity check."""
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a database file.")
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(
            f"{path} is not a Diversion database (it is not a SQLite file). "
            "Choose the right file; this one has been left as it was."
        )
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        rows = [(str(error),)]
    if rows != [("ok",)]:
        backup = latest_backup(path)
        where = f" The most recent backup is {backup}." if backup else " No backup was found."
        raise DatabaseOpenError(
            f"{path} is damaged and cannot be opened; it has been left as it was.{where}"
        )


def backup_sqlite_file(path: Path, *, now: datetime) -> Path:
    """Copy the database aside (SQLite's online backup, so WAL content is included)."""
    stamp = now.astimezone(LONDON).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.backup-{stamp}")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    for old in sorted(path.parent.glob(f"{path.name}.backup-*"))[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target


def server_unreadable(url: str, error: Exception) -> str:
    """What to say when a database server cannot be read (the password never shown)."""
    return (
        f"Cannot open the database at {display_url(url)}: {error.__class__.__name__}. "
        "Check that the server is running, the database exists and you may use it."
    )


def engine_for(url: str) -> Engine:
    """An engine for ``url``; a malformed URL or a missing driver is a plain refusal."""
    try:
        return create_engine(url)
    except ModuleNotFoundError as error:
        raise DatabaseOpenError(
            f"The database driver {error.name} is not installed. For PostgreSQL install "
            "Diversion with its postgres extra: pip install 'diversion-app[postgres]'."
        ) from None
    except sa.exc.ArgumentError:
        raise DatabaseOpenError(
            "The database URL cannot be read; it looks like "
            "postgresql+psycopg://user@host/database."
        ) from None


def open_database(url: str, *, now: datetime, create: bool = True) -> OpenedDatabase:
    """Check, back up and migrate the database at ``url``; returns its engine at head."""
    path = sqlite_path(url)
    existed = False
    if path is not None:
        check_sqlite_file(path)
        existed = path.exists() and path.stat().st_size > 0
        if not existed and not create:
            raise DatabaseOpenError(f"There is no database at {path}.")
        if not existed:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                raise DatabaseOpenError(f"Cannot create the folder for {path}.") from None
    engine = engine_for(url)
    try:
        revision = current_revision(engine)
    except Exception as error:
        engine.dispose()
        logging.getLogger(__name__).error("cannot open database: %s", error.__class__.__name__)
        if path is not None:
            problem = (
                f"Cannot open the database at {path}: check the "
                "path, that you may write to that folder, and that no other program holds the file."
            )
        else:
            problem = server_unreadable(url, error)
        raise DatabaseOpenError(problem) from None
    head = head_revision()
    if revision is not None and revision not in known_revisions():
        engine.dispose()
        raise DatabaseOpenError(
            "This database was written by a newer version of Diversion "
            f"(schema {revision}). Install the newer version to open it."
        )
    backup_path: Path | None = None
    if revision != head:
        if path is not None and existed:
            backup_path = backup_sqlite_file(path, now=now)
        upgrade(engine)
    return OpenedDatabase(url=url, engine=engine, revision=head, backup_path=backup_path)


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
