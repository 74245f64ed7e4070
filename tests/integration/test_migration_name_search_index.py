"""Migration 0009_name_search_index on a database holding young people: every row survives
unchanged, the trigram index holds every name, and the Referrals and Young people searches
answer afterwards exactly as they did before it; the downgrade takes it away again."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from diversion_app.persistence.engine import create_engine, session_factory, sqlite_url
from diversion_app.persistence.migrate import head_revision, open_database, upgrade
from diversion_app.persistence.name_search import NAME_TRIGRAMS, SQLITE_TRIGGERS
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.people.young_people import YoungPeopleService
from diversion_app.services.referrals.referral_list import ReferralFilter, ReferralListService
from tests.integration.people.name_rows import add_household, add_named
from tests.integration.people.test_name_trigram_index import _without_index
from tests.integration.test_migration_list_indexes import upgraded_to_head

PREVIOUS = "0008_list_indexes"
NOW = datetime(2026, 11, 30, 19, 0, tzinfo=UTC)
PEOPLE = [
    ("Zoë", "O'Neill", False),
    ("José", "García-López", False),
    ("Siân", "Smith-Jones", False),
    ("Mia", "Smith", False),
    ("Amara", "Okafor", False),
    ("Łukasz", "Kowalski", False),
    ("Ren", "O’Brien", False),
    ("小龙", "李", False),
    ("Mohammed", "Al-Hassan", False),
    ("Disposed", "Of", True),
    ("Kacper", "Kowalski", False),
]
TYPED = [
    "smith", "smi", "sm", "s", "zoe", "zoë o", "oneill", "o'neill", "garcia", "lópez",
    "lopez", "siân", "kowal", "kowalski kacper", "obrien", "o’b", "李", "小龙", "al-h",
    "mohammed al", "of", "disposed", "100%", "a_b", "\\",
]  # fmt: skip


def _database_at_previous_revision_with_rows(path: Path) -> None:
    engine = create_engine(sqlite_url(path))
    upgrade(engine, PREVIOUS)
    with engine.begin() as connection:
        household = add_household(connection)
        for number, (given, family, disposed) in enumerate(PEOPLE):
            add_named(connection, household, given, family, disposed=disposed, number=number)
    engine.dispose()


def _every_row(path: Path) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        return [
            connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("young_people", "referrals", "households")
        ]


def _answers(path: Path, actor: Actor) -> list[object]:
    engine = create_engine(sqlite_url(path))
    ctx = ServiceContext(session_factory(engine), now_provider=lambda: NOW)
    answers: list[object] = []
    try:
        for typed in TYPED:
            for sort in (None, "young_person"):
                request = PageRequest(0, 100, sort, False, typed)
                answers.append(
                    ReferralListService(ctx).first_page(actor, request, ReferralFilter())
                )
            answers.append(YoungPeopleService(ctx).first_page(actor, PageRequest(text=typed)))
    finally:
        engine.dispose()
    return answers


def test_rows_survive_and_searches_answer_as_before(tmp_path: Path, everyone: Actor) -> None:
    path = tmp_path / "at-0008.db"
    _database_at_previous_revision_with_rows(path)
    rows_before = _every_row(path)
    with pytest.MonkeyPatch.context() as patch:
        _without_index(patch)  # the searches as they were: no index to use yet
        answers_before = _answers(path, everyone)
    assert sum(1 for answer in answers_before if answer[1]) > 10  # type: ignore[index]

    upgraded_to_head(path)
    assert _every_row(path) == rows_before
    with sqlite3.connect(path) as connection:
        indexed = connection.execute(f"SELECT count(*) FROM {NAME_TRIGRAMS}").fetchone()
        smith = connection.execute(
            f"SELECT rowid FROM {NAME_TRIGRAMS} WHERE {NAME_TRIGRAMS} MATCH '\"smith\"' "
            "ORDER BY rowid"
        ).fetchall()
        triggers = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                ("young_people",),
            )
        }
        connection.execute(
            f"INSERT INTO {NAME_TRIGRAMS}({NAME_TRIGRAMS}, rank) VALUES ('integrity-check', 1)"
        )
        (check,) = connection.execute("PRAGMA integrity_check").fetchone()
    assert indexed == (len(PEOPLE),)
    assert smith == [(3,), (4,)]
    assert set(SQLITE_TRIGGERS) <= triggers
    assert check == "ok"
    assert _answers(path, everyone) == answers_before


def test_the_downgrade_removes_the_index_and_keeps_the_rows(tmp_path: Path) -> None:
    path = tmp_path / "at-0008.db"
    _database_at_previous_revision_with_rows(path)
    rows_before = _every_row(path)
    engine = create_engine(sqlite_url(path))
    upgrade(engine, "0009_name_search_index")
    from alembic import command

    from diversion_app.persistence.migrate import alembic_config

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, PREVIOUS)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        left = connection.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE ?", (f"{NAME_TRIGRAMS}%",)
        ).fetchall()
    assert left == []
    assert _every_row(path) == rows_before


def test_a_sqlite_without_the_trigram_tokenizer_upgrades_and_searches_without_the_index(
    tmp_path: Path, everyone: Actor
) -> None:
    """A SQLite built without FTS5 (or before 3.34, without its trigram tokenizer) refuses
    the index's table: here an authorizer refuses every virtual table. The upgrade still
    reaches the newest schema with every row, and the searches answer as before, every
    name read by the LIKE alone."""
    path = tmp_path / "at-0008.db"
    _database_at_previous_revision_with_rows(path)
    rows_before = _every_row(path)
    with pytest.MonkeyPatch.context() as patch:
        _without_index(patch)
        answers_before = _answers(path, everyone)

    engine = create_engine(sqlite_url(path))

    def refuse_virtual_tables(action: int, *_: object) -> int:
        return sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_CREATE_VTABLE else sqlite3.SQLITE_OK

    sa.event.listen(
        engine,
        "connect",
        lambda dbapi_connection, _record: dbapi_connection.set_authorizer(refuse_virtual_tables),
    )
    upgrade(engine)
    engine.dispose()

    opened = open_database(sqlite_url(path), now=NOW)
    opened.engine.dispose()
    assert opened.revision == head_revision()
    assert _every_row(path) == rows_before
    with sqlite3.connect(path) as connection:
        made = connection.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE ?", (f"{NAME_TRIGRAMS}%",)
        ).fetchall()
    assert made == []
    assert _answers(path, everyone) == answers_before
