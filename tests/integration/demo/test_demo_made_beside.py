"""The demo rows made in a second process are the rows made in one: same tables, same ids,
same values, in the same order; the database passes every check and its counts are the
summary's."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from diversion_app.demo.generator import DemoBuilder, DemoSummary
from diversion_app.persistence.engine import session_factory, sqlite_url
from diversion_app.persistence.migrate import open_database
from diversion_app.persistence.name_search import is_index_object
from diversion_app.services.accounts.maintenance import check_database
from diversion_app.services.base.context import ServiceContext
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="made beside only where processes fork"
)

RANDOM_PER_DATABASE = {("users", "password_hash"), ("young_people", "record_seal")}
"""Salted password hashes and seals under each database's own audit key."""
NOT_DEMO_ROWS = {"settings", "audit_events", "alembic_version", "sqlite_stat1", "sqlite_stat4"}


def _build(path: Path, *, beside: bool) -> tuple[DemoSummary, ServiceContext]:
    opened = open_database(sqlite_url(path), now=FIXED_NOW)
    ctx = ServiceContext(session_factory(opened.engine), now_provider=lambda: FIXED_NOW)
    return DemoBuilder(ctx, young_people=400, seed=11, beside=beside).build(), ctx


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            # the names' trigram index is made from young_people, compared through them
            if name not in NOT_DEMO_ROWS and not is_index_object(name)
        ]
        out = {}
        for table in tables:
            columns = [
                f'"{column}"'
                for _, column, *_ in connection.execute(f'PRAGMA table_info("{table}")')
                if (table, column) not in RANDOM_PER_DATABASE
            ]
            out[table] = connection.execute(
                f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY rowid'
            ).fetchall()
        return out


def _schema(path: Path) -> set[tuple[str, str, str, str | None]]:
    with sqlite3.connect(path) as connection:
        return {
            (kind, name, table, sql)
            for kind, name, table, sql in connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"
            )
            if not name.startswith("sqlite_stat")
        }


def test_rows_made_beside_are_the_rows_made_in_one_process(tmp_path: Path) -> None:
    one, _ = _build(tmp_path / "one.db", beside=False)
    two, ctx = _build(tmp_path / "two.db", beside=True)
    assert two == one
    made_in_one = _rows(tmp_path / "one.db")
    made_beside = _rows(tmp_path / "two.db")
    assert made_beside.keys() == made_in_one.keys()
    for table, rows in made_in_one.items():
        assert made_beside[table] == rows, table
    assert sum(len(rows) for rows in made_beside.values()) > 10_000

    # the indexes dropped for the load and built again after it: Alembic's schema
    open_database(sqlite_url(tmp_path / "empty.db"), now=FIXED_NOW).engine.dispose()
    assert _schema(tmp_path / "two.db") == _schema(tmp_path / "empty.db")
    assert _schema(tmp_path / "one.db") == _schema(tmp_path / "empty.db")

    report = check_database(ctx)  # integrity, foreign keys, triggers, audit chain and seals
    assert report.ok, report.problems
    counts = {table: len(rows) for table, rows in made_beside.items()}
    assert counts["young_people"] == two.young_people == 400
    assert counts["households"] == two.households
    assert counts["referrals"] == two.referrals
    assert counts["contacts"] == two.contacts
    assert counts["visits"] == two.visits
    assert counts["community_resolutions"] == two.community_resolutions
    assert counts["schools"] == two.schools
    ctx.sessions.kw["bind"].dispose()
