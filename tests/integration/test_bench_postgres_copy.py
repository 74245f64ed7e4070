"""The bench's copy of a SQLite database into PostgreSQL (``tests/bench/postgres.py``).

Skipped unless ``DIVERSION_TEST_POSTGRES_URL`` names a PostgreSQL database these tests
may use (``.ci/run`` starts a throwaway one). The copy goes into a fresh schema of its
own: every row arrives, the application reads it as it reads the SQLite file, new rows
get new ids, and a second load of the same build is skipped.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from diversion_app.app import build_services
from diversion_app.persistence.models import Base
from diversion_app.services.base.listing import PageRequest
from tests.bench import postgres
from tests.conftest import FIXED_NOW
from tests.pg_schemas import scratch_schema

PG_URL = os.environ.get("DIVERSION_TEST_POSTGRES_URL", "")

if not PG_URL:
    pytest.skip(
        "set DIVERSION_TEST_POSTGRES_URL to run the PostgreSQL tests", allow_module_level=True
    )


@pytest.fixture
def schema_url() -> Iterator[str]:
    with scratch_schema(PG_URL, "diversion_bench") as url:
        yield url


def _counts_in_sqlite(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {
            table.name: connection.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
            for table in Base.metadata.sorted_tables
        }


def test_every_row_is_copied_read_by_the_application_and_cached(
    schema_url: str, demo_template: Path
) -> None:
    record = {"version": "test-build", "built_at": FIXED_NOW.isoformat()}
    loaded = postgres.load(demo_template, record, schema_url)
    assert loaded["cached"] is False
    expected = _counts_in_sqlite(demo_template)
    assert loaded["rows"] == expected
    assert expected["referrals"] > 0 and expected["audit_events"] > 0

    services = build_services(schema_url, lambda: FIXED_NOW)
    actor = services.accounts.sign_in("supervisor", "demo-supervisor-pass")
    rows, total = services.referral_list.first_page(actor, PageRequest())
    assert total == expected["referrals"]
    with sqlite3.connect(demo_template) as connection:
        newest = connection.execute(
            "SELECT given_name, family_name FROM young_people WHERE id = ?",
            (rows[0].young_person_id,),
        ).fetchone()
    assert rows[0].young_person == f"{newest[0]} {newest[1]}"
    assert rows[0].received_at.tzinfo is not None  # instants come back aware, as from SQLite

    # signing in wrote an audit event after the copied ones: the id sequence moved on
    with postgres.connect(schema_url) as connection:
        events = connection.execute("SELECT count(*), max(id) FROM audit_events").fetchone()
    assert events[0] > expected["audit_events"] and events[1] > expected["audit_events"]
    services.ctx.sessions.kw["bind"].dispose()

    again = postgres.load(demo_template, record, schema_url)
    assert again == {"cached": True, "stamp": loaded["stamp"]}
    changed = postgres.load(demo_template, {**record, "version": "another-build"}, schema_url)
    assert changed["cached"] is False and changed["rows"] == expected
