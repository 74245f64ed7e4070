"""Migration 0005: a database at the previous revision, with rows, gains record versions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from diversion_app.persistence.engine import create_engine, session_factory, sqlite_url
from diversion_app.persistence.migrate import open_database, upgrade
from diversion_app.persistence.models import VERSIONED_TABLES, HouseholdMember, User

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _database_at_previous_revision_with_rows(path: Path) -> None:
    engine = create_engine(sqlite_url(path))
    upgrade(engine, "0003_perf2")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO users (id, username, display_name, active, failed_sign_ins, "
                "created_at) VALUES (7, 'sam', 'Sam Supervisor', 1, 0, '2025-01-02 09:00:00')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO households (id, address_line1, town, created_at) "
                "VALUES (3, '4 Mill Lane', 'Lowford', '2025-01-02 09:00:00')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO household_members (id, household_id, given_name, family_name, "
                "relationship_to_child, parental_responsibility, interpreter_needed) "
                "VALUES (11, 3, 'Ruth', 'Okafor', 'mother', 1, 0)"
            )
        )
    engine.dispose()


def test_existing_rows_survive_and_start_at_version_one(tmp_path: Path) -> None:
    path = tmp_path / "previous.db"
    _database_at_previous_revision_with_rows(path)

    opened = open_database(sqlite_url(path), now=NOW)
    try:
        assert opened.backup_path is not None
        with opened.engine.connect() as connection:
            user = connection.execute(
                sa.text("SELECT username, display_name, version FROM users WHERE id = 7")
            ).one()
            member = connection.execute(
                sa.text(
                    "SELECT given_name, family_name, relationship_to_child, version "
                    "FROM household_members WHERE id = 11"
                )
            ).one()
            columns = {
                table: {column["name"] for column in sa.inspect(connection).get_columns(table)}
                for table in VERSIONED_TABLES
            }
        assert tuple(user) == ("sam", "Sam Supervisor", 1)
        assert tuple(member) == ("Ruth", "Okafor", "mother", 1)
        assert all("version" in names for names in columns.values())

        sessions = session_factory(opened.engine)
        with sessions.begin() as session:
            stored = session.get(HouseholdMember, 11)
            assert stored is not None
            stored.phone = "01632 960123"
        with sessions() as session:
            after = session.get(HouseholdMember, 11)
            assert after is not None and after.version == 2
            assert after.phone == "01632 960123"
            assert session.get(User, 7) is not None
    finally:
        opened.engine.dispose()
