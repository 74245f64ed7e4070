"""Opening a database safely: check it, back it up, bring it to the current schema.

A file that is not a SQLite database, a corrupt one, or one written by a newer
version of the application is refused with a plain message and left untouched.
Before any migration is applied to an existing file, a copy is made beside it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from diversion_app.domain.timekeeping import LONDON
from diversion_app.paths import migrations_dir
from diversion_app.persistence import encryption
from diversion_app.persistence.audit_key import AuditKeyMissing, key_for
from diversion_app.persistence.engine import create_engine, display_url, sqlite_path
from diversion_app.persistence.file_faults import (
    empty_file,
    foreign_schema_problem,
    network_problem,
    plain_problem,
    table_names,
)

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when a migration may be needed: a database already at the head
# revision opens without it (a quarter of a second off every start, issue 10).

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUPS_KEPT = 5
BACKUP_PART_SUFFIX = ".part"
CHECK_LOCK_WAIT_SECONDS = 2.0
"""How long the read-only check waits for another program's exclusive lock."""
FULL_CHECK_AT_OPEN_MAX_BYTES = 64 * 1024 * 1024
"""Above this size the GUI may defer ``quick_check`` to a background thread (issue 10): on a
region's ten years (600 MB) it takes longer than the whole of the rest of the start."""


class DatabaseOpenError(Exception):
    """The database cannot be opened; the message says why and what to do."""


@dataclass(frozen=True)
class OpenedDatabase:
    url: str
    engine: Engine
    revision: str
    backup_path: Path | None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*=\s*['\"]([^'\"]+)['\"]", re.M)


def quick_head_revision() -> str | None:
    """The head revision read straight from the version files (no Alembic import).

    None unless the files name exactly one head; callers then ask Alembic.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (migrations_dir() / "versions").glob("*.py"):
        for kind, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8")):
            (revisions if kind == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, read with plain SQL (None if there is none)."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def latest_backup(path: Path) -> Path | None:
    backups = sorted(path.parent.glob(f"{path.name}.backup-*"))
    return backups[-1] if backups else None


def defers_full_check(path: Path | None) -> bool:
    """Whether opening ``path`` with ``defer_large_check`` leaves quick_check for later."""
    if path is None or not path.is_file():
        return False
    return path.stat().st_size > FULL_CHECK_AT_OPEN_MAX_BYTES


def check_sqlite_file(
    path: Path, *, full: bool = True, should_stop: Callable[[], bool] | None = None
) -> None:
    """Refuse a file that is not a SQLite database or fails SQLite's own integrity check.

    With ``full=False`` only the header and the schema are read (milliseconds); the caller
    then runs ``check_sqlite_file(path)`` in the background, where ``should_stop`` lets the
    application end the check early when it closes (the file is then left unjudged).
    """
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a database file.")
    if not path.exists():
        return
    if path.stat().st_size == 0:
        raise DatabaseOpenError(empty_file(path))
    if encryption_problem(path, full=full, should_stop=should_stop):
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseOpenError(
            plain_problem(path, error) or f"{path} cannot be read; it has been left as it was."
        ) from None
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(
            f"{path} is not a Diversion database (it is not a SQLite file). "
            "Choose the right file; this one has been left as it was."
        )
    names: set[str] = set()
    try:
        connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, timeout=CHECK_LOCK_WAIT_SECONDS
        )
        if should_stop is not None:
            stop = should_stop
            connection.set_progress_handler(lambda: 1 if stop() else 0, 10_000)
        try:
            names = table_names(connection)
            rows = connection.execute("PRAGMA quick_check").fetchall() if full else [("ok",)]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if should_stop is not None and should_stop():
            return
        plain = plain_problem(path, error)
        if plain is not None:
            raise DatabaseOpenError(plain) from None
        rows = [(str(error),)]
    if rows != [("ok",)]:
        backup = latest_backup(path)
        where = f" The most recent backup is {backup}." if backup else " No backup was found."
        raise DatabaseOpenError(
            f"{path} is damaged and cannot be opened; it has been left as it was.{where}"
        )
    foreign = foreign_schema_problem(path, names)
    if foreign is not None:
        raise DatabaseOpenError(foreign)


def encryption_problem(path: Path, *, full: bool, should_stop: Callable[[], bool] | None) -> bool:
    """For an encrypted file: True once checked through its key; a refusal without one.

    False for a plain file, which the caller checks as before.
    """
    passphrase = encryption.passphrase_for(path)
    if passphrase is None:
        if encryption.looks_encrypted(path):
            raise DatabaseOpenError(
                f"{path} is encrypted, or is not a Diversion database. If it is encrypted, "
                "open it with its passphrase (the application asks for it when it starts)."
            )
        return False
    if not encryption.looks_encrypted(path):
        raise DatabaseOpenError(
            f"{path} is not encrypted: open it without a passphrase, or encrypt it first "
            "(diversion-app encrypt --db PATH)."
        )
    try:
        rows = encryption.quick_check(path, passphrase, full=full, should_stop=should_stop)
    except encryption.EncryptionError as error:
        raise DatabaseOpenError(str(error)) from None
    if rows != [("ok",)]:
        backup = latest_backup(path)
        where = f" The most recent backup is {backup}." if backup else " No backup was found."
        raise DatabaseOpenError(
            f"{path} is damaged and cannot be opened; it has been left as it was.{where}"
        )
    return True


def backup_sqlite_file(path: Path, *, now: datetime) -> Path:
    """Copy the database aside (SQLite's online backup, so WAL content is included).

    The copy is made under a hidden temporary name and renamed to
    ``<name>.backup-YYYYMMDD-HHMMSS`` only when complete and flushed to disk, so a backup
    killed or out of space never leaves a partial file under a backup's name (which would
    count toward the five kept and be named as "the most recent backup"). An encrypted
    database's backup is encrypted with the same key.
    """
    stamp = now.astimezone(LONDON).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.backup-{stamp}")
    _remove_abandoned_backups(path)
    handle, temporary_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=BACKUP_PART_SUFFIX, dir=path.parent
    )
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        source = encryption.connect_like(path, path)
        try:
            destination = encryption.connect_like(temporary, path)
            try:
                source.backup(destination)
            finally:
                destination.close()
        finally:
            source.close()
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    for old in sorted(path.parent.glob(f"{path.name}.backup-*"))[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target


def _remove_abandoned_backups(path: Path) -> None:
    """Delete partial backups left by a copy that was killed (older than an hour)."""
    cutoff = time.time() - 3600
    for partial in path.parent.glob(f".{path.name}.backup-*{BACKUP_PART_SUFFIX}"):
        with contextlib.suppress(OSError):
            if partial.stat().st_mtime < cutoff:
                partial.unlink()


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


def open_database(
    url: str, *, now: datetime, create: bool = True, defer_large_check: bool = False
) -> OpenedDatabase:
    """Check, back up and migrate the database at ``url``; returns its engine at head.

    ``defer_large_check``: for a large file already at head, read only its header and
    schema now, and leave the full check to the caller (see ``defers_full_check``).
    """
    path = sqlite_path(url)
    existed = False
    deferred = defer_large_check and defers_full_check(path)
    if path is not None:
        on_network = network_problem(path)
        if on_network is not None:
            raise DatabaseOpenError(on_network)
        check_sqlite_file(path, full=not deferred)
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
        stored = stored_revision(engine)
        at_head = stored is not None and stored == quick_head_revision()
        revision = stored if at_head else current_revision(engine)
    except Exception as error:
        engine.dispose()
        logging.getLogger(__name__).error("cannot open database: %s", error.__class__.__name__)
        if path is not None:
            problem = plain_problem(path, error) or (
                f"Cannot open the database at {path}: check the "
                "path, that you may write to that folder, and that no other program holds the file."
            )
        else:
            problem = server_unreadable(url, error)
        raise DatabaseOpenError(problem) from None
    if at_head and revision is not None:
        require_audit_key(engine)
        return OpenedDatabase(url=url, engine=engine, revision=revision, backup_path=None)
    head = head_revision()
    if revision is not None and revision not in known_revisions():
        engine.dispose()
        raise DatabaseOpenError(
            "This database was written by a newer version of Diversion "
            f"(schema {revision}). Install the newer version to open it."
        )
    backup_path: Path | None = None
    if revision != head:
        if path is not None and deferred:
            try:
                check_sqlite_file(path)  # never migrate a damaged file
            except DatabaseOpenError:
                engine.dispose()
                raise
        try:
            if path is not None and existed:
                backup_path = backup_sqlite_file(path, now=now)
            upgrade(engine)
            engine.dispose()  # connections opened before noted the schema as it was then
        except Exception as error:
            engine.dispose()
            logging.getLogger(__name__).error(
                "cannot bring the database up to date: %s", error.__class__.__name__
            )
            raise DatabaseOpenError(_migration_problem(path, url, error, backup_path)) from None
    require_audit_key(engine)
    return OpenedDatabase(url=url, engine=engine, revision=head, backup_path=backup_path)


def _migration_problem(
    path: Path | None, url: str, error: Exception, backup_path: Path | None
) -> str:
    """The plain sentence for a backup or migration that failed (nothing was changed)."""
    if path is None:
        return server_unreadable(url, error)
    plain = plain_problem(path, error)
    if plain is not None:
        return plain
    kept = f" A copy was made first: {backup_path}." if backup_path is not None else ""
    return (
        f"The database at {path} could not be brought up to date for this version of "
        f"Diversion; it has been left as it was.{kept}"
    )


def require_audit_key(engine: Engine) -> None:
    """Refuse, in plain words, a database whose audit key is not on this computer."""
    try:
        with engine.connect() as connection:
            key_for(connection)
    except AuditKeyMissing as error:
        engine.dispose()
        raise DatabaseOpenError(str(error)) from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
