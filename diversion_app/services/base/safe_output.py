"""Writing files beside the database safely: never onto it, never half a file.

Every file a person asks for (PDF, CSV, calendar) goes through ``write_then_rename``:

* the path is refused if it is the database itself, one of its working files (``-wal``,
  ``-shm``, ``-journal``), one of its backups, or any other SQLite database, or if it is
  an existing file open in another program (``file_in_use``);
* the content is written under a temporary name in the same folder and flushed to disk;
* the caller's ``before_rename`` (the audit event saying what was disclosed) is committed;
* only then is the file renamed to the name asked for.

So a failure at any step (a full disk, a read-only folder, a locked database that cannot
take the audit event) leaves no file under the asked-for name and nothing half-written;
and no file appears without its disclosure in the audit trail.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from diversion_app.persistence.engine import sqlite_path
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.file_in_use import in_use_problem

T = TypeVar("T")

SQLITE_HEADER = b"SQLite format 3\x00"
WORKING_SUFFIXES = ("-wal", "-shm", "-journal")
BACKUP_MARK = ".backup-"


class OutputRefused(ServiceError):
    """The file cannot be written where the person asked; the message says why."""


def database_file(ctx: ServiceContext) -> Path | None:
    """The SQLite file behind ``ctx`` (None on PostgreSQL)."""
    bind = ctx.sessions.kw.get("bind")
    if bind is None:
        return None
    return sqlite_path(bind.url.render_as_string(hide_password=True))


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def output_problem(path: Path, database: Path | None) -> str | None:
    """Why ``path`` must not be written over, or None if it may be."""
    target = path.expanduser().resolve()
    if database is not None:
        db = database.expanduser().resolve()
        if target == db or (target.exists() and db.exists() and os.path.samefile(target, db)):
            return f"{path} is the database itself; choose another file name for the output."
        if target.parent == db.parent:
            if target.name in {db.name + suffix for suffix in WORKING_SUFFIXES}:
                return (
                    f"{path} is one of the database's working files; "
                    "choose another file name for the output."
                )
            if target.name.startswith(db.name + BACKUP_MARK):
                return (
                    f"{path} is a backup of the database; choose another file name for the output."
                )
    if target.is_file() and _is_sqlite_file(target):
        return (
            f"{path} is a database file, so it will not be written over; "
            "choose another file name for the output."
        )
    return None


def plain_reason(error: OSError) -> str:
    """An OSError as a few plain words a person can act on."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full; free some space or choose another place"
    if error.errno == errno.EROFS:
        return "that place is read-only; choose another folder"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "you may not write there, or the file is open in another program"
    if error.errno == errno.EBUSY:
        return "the file is in use by another program; close it and try again"
    return (error.strerror or "it could not be written").lower()


def _check_folder(path: Path) -> None:
    if path.is_dir():
        raise OutputRefused(f"Cannot write to {path}: it is a folder; give a file name.")
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(f"Cannot write to {path}: {folder} is a file, not a folder.")
    if not folder.is_dir():
        raise OutputRefused(f"Cannot write to {path}: the folder {folder} does not exist.")


def write_then_rename(
    ctx: ServiceContext | None,
    path: Path,
    write: Callable[[Path], T],
    *,
    before_rename: Callable[[T], None] | None = None,
    refusal: type[OutputRefused] = OutputRefused,
) -> T:
    """Write ``path`` safely (see the module's docstring); ``write`` fills a temporary file."""
    path = Path(path).expanduser()
    try:
        _check_folder(path)
    except OutputRefused as error:
        raise refusal(str(error)) from None
    problem = output_problem(path, database_file(ctx) if ctx is not None else None)
    if problem is None:
        problem = in_use_problem(path)
    if problem is not None:
        raise refusal(problem)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as error:
        raise refusal(f"Cannot write to the folder {path.parent}: {plain_reason(error)}.") from None
    os.close(handle)
    temporary_path = Path(temporary)
    try:
        result = write(temporary_path)
        with temporary_path.open("rb+") as written:
            os.fsync(written.fileno())
        if before_rename is not None:
            before_rename(result)
        os.replace(temporary_path, path)
    except OSError as error:
        raise refusal(f"Cannot write {path}: {plain_reason(error)}. Nothing was written.") from None
    finally:
        with contextlib.suppress(OSError):
            temporary_path.unlink()
    return result
