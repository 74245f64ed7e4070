"""A large database opens without its full check, which then runs separately (issue 10)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from diversion_app.persistence import migrate
from diversion_app.persistence.engine import sqlite_url
from diversion_app.persistence.migrate import (
    DatabaseOpenError,
    check_sqlite_file,
    defers_full_check,
    open_database,
)

NOW = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)
PAGE = 4096


def _damaged_past_the_schema(tmp_path: Path) -> Path:
    """A database whose last page is garbage: its header and schema still read."""
    path = tmp_path / "big.db"
    opened = open_database(sqlite_url(path), now=NOW)
    with opened.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)")
        connection.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
            "INSERT INTO filler SELECT i, printf('%0200d', i) FROM n"
        )
    opened.engine.dispose()
    data = bytearray(path.read_bytes())
    data[-PAGE:] = b"\xff" * PAGE
    path.write_bytes(bytes(data))
    return path


def test_a_large_file_opens_at_once_and_its_damage_is_found_by_the_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _damaged_past_the_schema(tmp_path)
    with pytest.raises(DatabaseOpenError, match="damaged"):
        open_database(sqlite_url(path), now=NOW)  # checked in full: refused
    monkeypatch.setattr(migrate, "FULL_CHECK_AT_OPEN_MAX_BYTES", 1024)
    assert defers_full_check(path)
    opened = open_database(sqlite_url(path), now=NOW, defer_large_check=True)
    opened.engine.dispose()
    with pytest.raises(DatabaseOpenError, match="damaged"):
        check_sqlite_file(path)  # what the GUI then runs in the background


def test_a_small_file_is_always_checked_before_it_opens(tmp_path: Path) -> None:
    path = _damaged_past_the_schema(tmp_path)
    assert not defers_full_check(path)
    with pytest.raises(DatabaseOpenError, match="damaged"):
        open_database(sqlite_url(path), now=NOW, defer_large_check=True)


def test_a_large_file_that_needs_migrating_is_checked_in_full_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _damaged_past_the_schema(tmp_path)
    with sqlite3.connect(path) as connection:  # as if written before the last migration
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    connection.close()
    monkeypatch.setattr(migrate, "FULL_CHECK_AT_OPEN_MAX_BYTES", 1024)
    backups_before = sorted(tmp_path.glob("big.db.backup-*"))
    with pytest.raises(DatabaseOpenError, match="damaged"):
        open_database(sqlite_url(path), now=NOW, defer_large_check=True)
    assert sorted(tmp_path.glob("big.db.backup-*")) == backups_before
