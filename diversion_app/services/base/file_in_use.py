"""Is an existing file open in another program? Then an output must not replace it.

Replacing a report or CSV that a spreadsheet or PDF viewer has open loses what that
program shows (or, on Windows, fails half-way with a sharing violation). On Linux and
macOS nothing stops the replacement, so ``in_use_problem`` looks for the signs a person
would recognise:

* an office program's lock file beside it (LibreOffice and OpenOffice write
  ``.~lock.NAME#``; Microsoft Office writes ``~$NAME``);
* a lock held on the file by another process (``flock``, or a POSIX ``fcntl``/``lockf``
  record lock), tested without waiting and released at once;
* on Linux, another process that has the file open for writing (``/proc/*/fd``, for the
  processes this user may look at).

Windows reports a file open elsewhere when it is replaced (``safe_output.plain_reason``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

PROC = Path("/proc")


def _office_lock(path: Path) -> bool:
    folder = path.parent
    names = (f".~lock.{path.name}#", f"~${path.name}", f"~${path.name[2:]}")
    return any((folder / name).exists() for name in names)


def _locked_by_another_process(path: Path) -> bool:
    """True if another process holds a lock on ``path`` (tested without blocking)."""
    if sys.platform == "win32":  # pragma: no cover - checked when the file is replaced
        return False
    import fcntl

    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            pass
        else:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
        try:  # a read lock meets any write lock another process holds on the file
            fcntl.lockf(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except (BlockingIOError, PermissionError):
            return True
        except OSError:
            return False
        fcntl.lockf(descriptor, fcntl.LOCK_UN)
        return False
    finally:
        os.close(descriptor)


def _open_for_writing_elsewhere(path: Path) -> bool:
    """Linux: another process this user can see has ``path`` open for writing."""
    if not PROC.is_dir():
        return False
    try:
        target = path.stat()
    except OSError:
        return False
    own = os.getpid()
    for entry in PROC.iterdir():
        if not entry.name.isdigit() or int(entry.name) == own:
            continue
        with contextlib.suppress(OSError):
            for descriptor in (entry / "fd").iterdir():
                with contextlib.suppress(OSError):
                    opened = descriptor.stat()  # follows the link to the open file
                    if (opened.st_dev, opened.st_ino) != (target.st_dev, target.st_ino):
                        continue
                    if _writable(entry / "fdinfo" / descriptor.name):
                        return True
    return False


def _writable(fdinfo: Path) -> bool:
    for line in fdinfo.read_text().splitlines():
        if line.startswith("flags:"):
            access = int(line.split()[1], 8) & 0o3
            return access in (os.O_WRONLY, os.O_RDWR)
    return False


def in_use_problem(path: Path) -> str | None:
    """One plain sentence if the existing file ``path`` is open in another program."""
    if not path.is_file():
        return None
    if _office_lock(path):
        return (
            f"{path} is open in an office program (its lock file is beside it); close it "
            "there, or choose another file name. Nothing was written."
        )
    if _locked_by_another_process(path) or _open_for_writing_elsewhere(path):
        return (
            f"{path} is in use by another program; close it there, or choose another file "
            "name. Nothing was written."
        )
    return None
