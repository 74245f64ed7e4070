"""Migration 0007_issue17 on a database holding young people: every row survives, unchanged,
with no disposal, review date or hold, and the decisions table is there and empty."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from diversion_app.persistence.engine import create_engine, sqlite_url
from diversion_app.persistence.migrate import head_revision, open_database, upgrade

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PEOPLE = [
    (1, "Amara", "Okafor", "2011-04-02"),
    (2, "Ben", "O'Neill", "2010-12-31"),
    (3, "Chloé", "Dubois", "2012-02-29"),
]


def test_young_people_survive_the_upgrade_with_nothing_disposed(tmp_path: Path) -> None:
    path = tmp_path / "at-0003.db"
    engine = create_engine(sqlite_url(path))
    upgrade(engine, "0003_perf2")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO households (id, address_line1, created_at) "
            "VALUES (1, '1 Example Street', '2026-01-01 09:00:00.000000')"
        )
        for person_id, given, family, born in PEOPLE:
            connection.execute(
                "INSERT INTO young_people (id, given_name, family_name, search_name, "
                "family_name_key, date_of_birth, gender, ethnicity, household_id, area, "
                "looked_after, child_plan, send, created_at, updated_at) VALUES "
                "(?, ?, ?, ?, ?, ?, 'not_known', 'not_stated', 1, 'east', 0, 0, 0, "
                "'2026-01-01 09:00:00.000000', '2026-01-01 09:00:00.000000')",
                (person_id, given, family, f"{given} {family}".lower(), family.lower(), born),
            )
    opened = open_database(sqlite_url(path), now=NOW)
    opened.engine.dispose()
    assert opened.revision == head_revision()
    assert opened.backup_path is not None
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT id, given_name, family_name, date_of_birth, disposed_at, "
            "retention_review_on, legal_hold_reason FROM young_people ORDER BY id"
        ).fetchall()
        decisions = connection.execute("SELECT count(*) FROM retention_decisions").fetchone()
        columns = {row[1] for row in connection.execute("PRAGMA table_info(retention_decisions)")}
    assert rows == [(*person, None, None, None) for person in PEOPLE]
    assert decisions == (0,)
    assert {"young_person_id", "decision", "decided_at", "reason", "backups"} <= columns
