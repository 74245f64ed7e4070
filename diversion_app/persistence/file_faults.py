"""What is wrong with a database file, in one plain sentence each.

A locked file, a full disk, a read-only folder, an empty file, another program's SQLite
file and a file on a network share are different problems with different cures, so each
gets its own sentence (``DatabaseOpenError`` carries it to the dialog or the command
line). Nothing here writes to the file.

SQLite's locking and its write-ahead log rely on the operating system's file locks and
shared memory, which network filesystems (NFS, SMB/CIFS) do not provide reliably: several
users on a shared drive can corrupt the file. Such a location is refused with a pointer to
the PostgreSQL mode, which is built for several users.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "fuse.sshfs",
        "davfs",
        "fuse.davfs2",
        "glusterfs",
        "ceph",
        "lustre",
    }
)

NEARLY_FULL_BYTES = 1024 * 1024
"""Less free space than this on the disk, and an I/O error is taken as a full disk."""

_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14


def locked(path: Path) -> str:
    return (
        f"{path} is in use by another program that is holding it locked. Close that "
        "program (or wait for it to finish) and try again; the file has been left as it was."
    )


def disk_full(path: Path) -> str:
    return f"The disk holding {path} is full. Free some space and try again; nothing was changed."


def read_only(path: Path) -> str:
    return (
        f"{path} cannot be written: the file or its folder is read-only, or you may not "
        "write there. Diversion needs to write beside the database (its working files); "
        "move it to a folder you can write to, or ask your IT team. Nothing was changed."
    )


def empty_file(path: Path) -> str:
    return (
        f"{path} is an empty file, not a Diversion database. Choose the right file, or "
        "give a name that does not exist yet to start a new database; this one has been "
        "left as it was."
    )


def not_ours(path: Path) -> str:
    return (
        f"{path} is another program's database, not a Diversion database. Choose the "
        "right file; this one has been left as it was."
    )


def network_share(path: Path, kind: str) -> str:
    return (
        f"{path} is on a network drive ({kind}). A Diversion database file must be on this "
        "computer's own disk: on a shared drive the file's locking does not work and the "
        "data can be damaged. For several users, use the PostgreSQL mode "
        "(--db postgresql+psycopg://user@server/database)."
    )


def sqlite_error_code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return int(code) & 0xFF if code is not None else None


def plain_problem(path: Path, error: BaseException) -> str | None:
    """A sentence for a locked file, a full disk or a read-only place; None for others."""
    original = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error
    if isinstance(original, OSError):
        if original.errno in (errno.ENOSPC, errno.EDQUOT):
            return disk_full(path)
        if original.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return read_only(path)
        return None
    code = sqlite_error_code(original)
    text = str(original).lower()
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return locked(path)
    if code == _SQLITE_FULL or "disk is full" in text:
        return disk_full(path)
    if code == _SQLITE_READONLY or "readonly database" in text or "read-only" in text:
        return read_only(path)
    if code == _SQLITE_CANTOPEN or "unable to open database file" in text:
        return read_only(path)
    if (code == _SQLITE_IOERR or "disk i/o error" in text) and _nearly_full(path):
        return disk_full(path)  # e.g. no room for the shared-memory file beside it
    return None


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.expanduser().absolute().parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _mount_points() -> list[tuple[str, str]]:
    """(mount point, filesystem type) for every mount, longest mount point first."""
    try:
        lines = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    mounts = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 3:
            where = parts[1].replace("\\040", " ")
            mounts.append((where, parts[2]))
    return sorted(mounts, key=lambda mount: len(mount[0]), reverse=True)


def filesystem_type(path: Path, mounts: list[tuple[str, str]] | None = None) -> str | None:
    """The filesystem type holding ``path`` (Linux), or None if it cannot be told."""
    resolved = str(path.expanduser().absolute().parent.resolve(strict=False))
    for where, kind in mounts if mounts is not None else _mount_points():
        if resolved == where or resolved.startswith(where.rstrip("/") + "/"):
            return kind
    return None


def network_problem(path: Path, mounts: list[tuple[str, str]] | None = None) -> str | None:
    """A refusal if ``path`` is on a network filesystem (or a Windows network path)."""
    text = str(path)
    if os.name == "nt" and (text.startswith("\\\\") or text.startswith("//")):
        return network_share(path, "a Windows network share")
    kind = filesystem_type(path, mounts)
    if kind is not None and kind.lower() in NETWORK_FILESYSTEMS:
        return network_share(path, kind)
    return None


def foreign_schema_problem(path: Path, table_names: set[str]) -> str | None:
    """A refusal if the SQLite file has tables but is not one of ours."""
    if table_names and "alembic_version" not in table_names:
        return not_ours(path)
    return None


def table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(row[0]) for row in rows}
