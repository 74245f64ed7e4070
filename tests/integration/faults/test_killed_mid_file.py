"""Kill -9 during a backup or a migration: no partial file under a backup's name."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from diversion_app.persistence.engine import create_engine, sqlite_url
from diversion_app.persistence.migrate import (
    backup_sqlite_file,
    head_revision,
    latest_backup,
    open_database,
    upgrade,
)
from tests.integration.faults.processes import finish, start, wait_for_line

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _old_database_with_rows(path: Path, rows: int = 3000) -> None:
    engine = create_engine(sqlite_url(path))
    upgrade(engine, "0003_perf2")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO households (address_line1, town, created_at) "
                "VALUES (:line, 'Lowford', '2025-01-02 09:00:00')"
            ),
            [{"line": f"{number} Mill Lane " + "x" * 150} for number in range(rows)],
        )
    engine.dispose()


def _households(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM households").fetchone()[0])
    finally:
        connection.close()


def _backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.backup-*"))


def test_a_backup_killed_half_way_leaves_no_file_under_a_backup_name(tmp_path: Path) -> None:
    path = tmp_path / "diversion.db"
    _old_database_with_rows(path)
    copier = start("backup", str(path))
    wait_for_line(copier, "copying")
    time.sleep(0.3)
    os.kill(copier.pid, signal.SIGKILL)
    finish(copier)

    assert _backups(path) == []
    assert latest_backup(path) is None
    partial = list(tmp_path.glob(f".{path.name}.backup-*.part"))
    assert len(partial) == 1  # the half copy is hidden, never counted as a backup
    # The next backup, an hour or more later, clears the abandoned copy and is complete.
    old = time.time() - 7200
    os.utime(partial[0], (old, old))
    made = backup_sqlite_file(path, now=NOW)
    assert _backups(path) == [made]
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))
    assert _households(made) == 3000


def test_a_migration_killed_before_commit_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "diversion.db"
    _old_database_with_rows(path, rows=50)
    migrating = start("migrate", str(path))
    wait_for_line(migrating, "migrated, not committed")
    os.kill(migrating.pid, signal.SIGKILL)
    finish(migrating)

    backups = _backups(path)
    assert len(backups) == 1 and _households(backups[0]) == 50  # a whole backup, or none
    connection = sqlite3.connect(path)
    try:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        columns = [row[1] for row in connection.execute("PRAGMA table_info(households)")]
    finally:
        connection.close()
    assert revision == "0003_perf2" and "version" not in columns
    assert _households(path) == 50

    opened = open_database(sqlite_url(path), now=NOW)  # the next start migrates it
    opened.engine.dispose()
    assert opened.revision == head_revision()
    assert _households(path) == 50
