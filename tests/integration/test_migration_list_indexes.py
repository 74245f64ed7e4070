"""Migration 0008_list_indexes on a database holding young people and referrals: every row
survives unchanged, the referral list's index holds every referral and the young people's
name-order index holds ``disposed_at`` too."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from diversion_app.persistence.engine import create_engine, sqlite_url
from diversion_app.persistence.migrate import head_revision, open_database, upgrade
from diversion_app.persistence.models import LIST_BY_STATUS_COLUMNS

PREVIOUS = "0007_issue17"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
REFERRALS = [
    # id, person, pathway, status, received, met, assessment due, assessed
    (1, 1, "diversion", "received", "2026-11-27 10:00:00.000000", None, "2026-12-11", None),
    (
        2,
        1,
        "prevention",
        "assessed",
        "2026-10-01 09:30:00.000000",
        "2026-10-02 11:00:00.000000",
        "2026-10-15",
        "2026-10-09",
    ),
    (
        3,
        2,
        "diversion",
        "closed",
        "2025-03-04 16:45:00.000000",
        "2025-03-05 08:00:00.000000",
        "2025-03-18",
        "2025-03-12",
    ),
    (4, 2, "prevention", "declined", "2026-11-29 23:30:00.000000", None, None, None),
]


def database_with_rows(path: Path, revision: str = PREVIOUS) -> None:
    """A database at ``revision`` holding two young people and ``REFERRALS``."""
    engine = create_engine(sqlite_url(path))
    upgrade(engine, revision)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO households (id, address_line1, created_at) "
            "VALUES (1, '1 Example Street', '2026-01-01 09:00:00.000000')"
        )
        for person_id, given, family in ((1, "Amara", "Okafor"), (2, "Ben", "O'Neill")):
            connection.execute(
                "INSERT INTO young_people (id, given_name, family_name, search_name, "
                "family_name_key, date_of_birth, gender, ethnicity, household_id, area, "
                "looked_after, child_plan, send, created_at, updated_at) VALUES "
                "(?, ?, ?, ?, ?, '2011-04-02', 'not_known', 'not_stated', 1, 'east', 0, 0, 0, "
                "'2026-01-01 09:00:00.000000', '2026-01-01 09:00:00.000000')",
                (person_id, given, family, f"{given} {family}".lower(), family.lower()),
            )
        for referral_id, person, pathway, status, received, met, due, assessed in REFERRALS:
            connection.execute(
                "INSERT INTO referrals (id, young_person_id, pathway, source, referrer_name, "
                "reasons, received_at, consent_young_person, consent_parent_carer, "
                "consent_to_share, status, status_changed_at, clock_due_at, clock_met_at, "
                "assessment_due_on, assessed_on, created_at) VALUES "
                "(?, ?, ?, 'police', 'PC One', '[]', ?, 1, 1, 1, ?, ?, ?, ?, ?, ?, ?)",
                (
                    referral_id,
                    person,
                    pathway,
                    received,
                    status,
                    received,
                    received,
                    met,
                    due,
                    assessed,
                    received,
                ),
            )


def every_row(path: Path) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        return [
            connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("young_people", "referrals")
        ]


def upgraded_to_head(path: Path) -> None:
    """Open the file as the application does: migrated to head, a backup made first."""
    opened = open_database(sqlite_url(path), now=NOW)
    opened.engine.dispose()
    assert opened.revision == head_revision()
    assert opened.backup_path is not None


def index_columns(connection: sqlite3.Connection, name: str) -> list[str]:
    return [row[2] for row in connection.execute(f"PRAGMA index_info({name})")]


def test_referrals_survive_unchanged_and_are_indexed(tmp_path: Path) -> None:
    path = tmp_path / "at-0007.db"
    database_with_rows(path)
    before = every_row(path)
    assert [len(rows) for rows in before] == [2, len(REFERRALS)]
    with sqlite3.connect(path) as connection:
        assert index_columns(connection, "ix_young_people_name_order")[-1] == "id"

    upgraded_to_head(path)
    assert every_row(path) == before
    with sqlite3.connect(path) as connection:
        columns = index_columns(connection, "ix_referrals_list_by_status")
        name_order = index_columns(connection, "ix_young_people_name_order")
        indexed = connection.execute(
            "SELECT count(*) FROM referrals INDEXED BY ix_referrals_list_by_status "
            "WHERE status IN ('received', 'assessed', 'closed', 'declined')"
        ).fetchone()
        (check,) = connection.execute("PRAGMA integrity_check").fetchone()
    assert columns == list(LIST_BY_STATUS_COLUMNS)
    assert name_order == ["family_name_key", "search_name", "id", "disposed_at"]
    assert indexed == (len(REFERRALS),)
    assert check == "ok"
