"""Migration 0010_referrals_by_person on a database holding young people and referrals: every
row survives unchanged, the new index holds every referral by young person and received time
(and a search reads the referrals from it alone), and the downgrade puts the old one back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from diversion_app.persistence.engine import create_engine, sqlite_url
from diversion_app.persistence.migrate import alembic_config
from tests.integration.test_migration_list_indexes import (
    REFERRALS,
    database_with_rows,
    every_row,
    index_columns,
    upgraded_to_head,
)

PREVIOUS = "0009_name_search_index"


def _indexes(connection: sqlite3.Connection) -> set[str]:
    return {row[1] for row in connection.execute("PRAGMA index_list(referrals)")}


def test_referrals_survive_unchanged_and_are_indexed_by_person_and_received(
    tmp_path: Path,
) -> None:
    path = tmp_path / "at-0009.db"
    database_with_rows(path, PREVIOUS)
    before = every_row(path)
    assert len(before[1]) == len(REFERRALS)
    with sqlite3.connect(path) as connection:
        assert "ix_referrals_young_person_id" in _indexes(connection)

    upgraded_to_head(path)
    assert every_row(path) == before
    with sqlite3.connect(path) as connection:
        assert "ix_referrals_young_person_id" not in _indexes(connection)
        columns = index_columns(connection, "ix_referrals_young_person_received")
        by_person = connection.execute(
            "SELECT young_person_id, received_at, id FROM referrals "
            "INDEXED BY ix_referrals_young_person_received WHERE young_person_id IN (1, 2) "
            "ORDER BY young_person_id, received_at, id"
        ).fetchall()
        plan = " ".join(
            str(row[3])
            for row in connection.execute(
                "EXPLAIN QUERY PLAN SELECT id, received_at FROM referrals "
                "WHERE young_person_id IN (SELECT id FROM young_people WHERE id = 2) "
                "ORDER BY received_at DESC"
            )
        )
        (check,) = connection.execute("PRAGMA integrity_check").fetchone()
    assert columns == ["young_person_id", "received_at", "id"]
    assert by_person == sorted(
        (person, received, rid) for rid, person, _p, _s, received, *_ in REFERRALS
    )
    assert "COVERING INDEX ix_referrals_young_person_received" in plan
    assert check == "ok"


def test_the_downgrade_puts_the_index_by_young_person_back(tmp_path: Path) -> None:
    path = tmp_path / "down.db"
    database_with_rows(path, "0010_referrals_by_person")
    before = every_row(path)
    engine = create_engine(sqlite_url(path))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, PREVIOUS)
    engine.dispose()
    assert every_row(path) == before
    with sqlite3.connect(path) as connection:
        indexes = _indexes(connection)
    assert "ix_referrals_young_person_id" in indexes
    assert "ix_referrals_young_person_received" not in indexes
