"""Other processes for the fault suite: one that holds the write lock, one that allocates.

Each is started with ``python -m tests.integration.faults.processes <what> ...`` so the
lock or the race is between real processes, as between two people's computers.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.faults.processes", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process: subprocess.Popen[str], expected: str) -> None:
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line == expected, (line, process.stderr.read() if process.stderr else "")


def finish(process: subprocess.Popen[str]) -> int:
    """Wait for ``process`` to end, closing its pipes; its exit code."""
    process.communicate(timeout=60)
    return process.returncode


def hold_write_lock(path: str, seconds: str) -> None:
    import sqlite3

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    print("held", flush=True)
    time.sleep(float(seconds))
    connection.execute("COMMIT")
    connection.close()


def hold_exclusive_lock(path: str, seconds: str) -> None:
    """Hold the file the way some tools do: exclusive locking mode, a write begun."""
    import sqlite3

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")
    print("held", flush=True)
    time.sleep(float(seconds))
    connection.execute("ROLLBACK")
    connection.close()


def hold_file(path: str, how: str, seconds: str) -> None:
    """Keep an output file open as another program would: "flock" or "lockf" locks it,
    "write" only has it open for writing (as an editor in the middle of saving)."""
    import fcntl

    with open(path, "r+b") as handle:
        if how == "flock":
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        elif how == "lockf":
            fcntl.lockf(handle.fileno(), fcntl.LOCK_EX)
        print("held", flush=True)
        time.sleep(float(seconds))


def allocate_at(path: str, start_at: str, referral_id: str, supervisor: str, worker: str) -> None:
    """Allocate a referral read as unallocated, at the given wall-clock moment."""
    from datetime import UTC, datetime

    from diversion_app.domain.enums import Role
    from diversion_app.persistence.engine import session_factory, sqlite_url
    from diversion_app.persistence.migrate import open_database
    from diversion_app.services.base.actor import Actor
    from diversion_app.services.base.context import ServiceContext
    from diversion_app.services.base.errors import Conflict
    from diversion_app.services.registry import Services

    opened = open_database(sqlite_url(Path(path)), now=datetime.now(UTC))
    services = Services.build(ServiceContext(session_factory(opened.engine)))
    actor = Actor(
        int(supervisor),
        f"sup{supervisor}",
        f"Supervisor {supervisor}",
        frozenset({Role.SUPERVISOR}),
    )
    print("ready", flush=True)
    time.sleep(max(0.0, float(start_at) - time.time()))
    try:
        services.allocation.allocate(
            actor, int(referral_id), int(worker), expected_caseworker_id=None
        )
        print("won", flush=True)
    except Conflict:
        print("refused", flush=True)
    opened.engine.dispose()


def slow_backup(path: str) -> None:
    """Back the database up a page at a time, saying when the copy has begun."""
    import sqlite3
    from datetime import UTC, datetime

    from diversion_app.persistence import migrate

    real_connect = sqlite3.connect

    class Slow:
        def __init__(self, connection: sqlite3.Connection) -> None:
            self.real = connection

        def backup(self, target: Slow) -> None:
            def progress(_status: int, _remaining: int, _total: int) -> None:
                print("copying", flush=True)
                time.sleep(0.05)

            self.real.backup(target.real, pages=1, progress=progress)

        def close(self) -> None:
            self.real.close()

    from diversion_app.persistence import encryption

    slow_sqlite = type("SlowSqlite", (), {"connect": staticmethod(lambda p: Slow(real_connect(p)))})
    migrate.sqlite3 = slow_sqlite  # type: ignore[assignment]
    encryption.sqlite3 = slow_sqlite  # type: ignore[attr-defined]  (a plain file's connection)
    migrate.backup_sqlite_file(Path(path), now=datetime.now(UTC))
    print("done", flush=True)


def slow_migration(path: str) -> None:
    """Open an old database: the backup is made, the migration runs, then hangs before commit."""
    from datetime import UTC, datetime

    from alembic import command

    from diversion_app.persistence.engine import sqlite_url
    from diversion_app.persistence.migrate import open_database

    real_upgrade = command.upgrade

    def upgrade_then_hang(config: object, revision: str) -> None:
        real_upgrade(config, revision)  # type: ignore[arg-type]
        print("migrated, not committed", flush=True)
        time.sleep(60)

    command.upgrade = upgrade_then_hang  # type: ignore[assignment]
    open_database(sqlite_url(Path(path)), now=datetime.now(UTC))


if __name__ == "__main__":
    what, *arguments = sys.argv[1:]
    {
        "hold": hold_write_lock,
        "hold-exclusive": hold_exclusive_lock,
        "hold-file": hold_file,
        "allocate": allocate_at,
        "backup": slow_backup,
        "migrate": slow_migration,
    }[what](*arguments)
