"""The audit trail and the children's identities cannot be quietly rewritten.

Each test plays someone who holds the database file and the application's code but not
the key: they drop the triggers, change rows, even recompute the chain; ``check`` finds it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from diversion_app.domain.audit_seal import GENESIS_HASH
from diversion_app.domain.enums import AuditAction
from diversion_app.persistence.engine import sqlite_path
from diversion_app.services.accounts.maintenance import check_database
from diversion_app.services.base import audit
from diversion_app.services.base.actor import SYSTEM_ACTOR
from diversion_app.services.base.audit_checkpoints import checkpoint_if_due
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from tests.conftest import MovableClock


@pytest.fixture(autouse=True)
def _own_checkpoints(audit_key_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every copy of the demo shares its identity: give each test its own checkpoint file."""
    folder = tmp_path / "keys"
    folder.mkdir()
    for key_file in audit_key_dir.glob("*.key"):
        shutil.copy(key_file, folder / key_file.name)
    monkeypatch.setenv("DIVERSION_AUDIT_KEY_DIR", str(folder))
    return folder


def _file(ctx: ServiceContext) -> Path:
    path = sqlite_path(str(ctx.sessions.kw["bind"].url))
    assert path is not None
    return path


def _tamper(ctx: ServiceContext, *statements: str) -> None:
    ctx.sessions.kw["bind"].dispose()
    with sqlite3.connect(_file(ctx)) as connection:
        connection.execute("DROP TRIGGER IF EXISTS audit_events_refuse_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_events_refuse_delete")
        for statement in statements:
            connection.execute(statement)


def _keyless_rechain(ctx: ServiceContext) -> None:
    """What the old, keyless chain allowed: recompute every link with the public recipe."""
    ctx.sessions.kw["bind"].dispose()
    with sqlite3.connect(_file(ctx)) as connection:
        rows = connection.execute(
            "SELECT id, at, user_id, username, action, entity, entity_id, young_person_id, "
            "changes FROM audit_events ORDER BY id"
        ).fetchall()
        prev = GENESIS_HASH
        for row_id, at, user_id, username, action, entity, entity_id, yp_id, changes in rows:
            payload = json.dumps(
                [
                    prev,
                    at,
                    user_id,
                    username,
                    action,
                    entity,
                    entity_id,
                    yp_id,
                    json.loads(changes),
                ],
                sort_keys=True,
                separators=(",", ":"),
            )
            link = hashlib.sha256(payload.encode()).hexdigest()
            connection.execute(
                "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?", (prev, link, row_id)
            )
            prev = link


def test_a_clean_demo_database_passes(demo_ctx: ServiceContext) -> None:
    assert check_database(demo_ctx).problems == []


def test_the_database_refuses_update_and_delete_on_the_trail(demo_ctx: ServiceContext) -> None:
    demo_ctx.sessions.kw["bind"].dispose()
    with sqlite3.connect(_file(demo_ctx)) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed or deleted"):
            connection.execute("UPDATE audit_events SET username = 'someone' WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed or deleted"):
            connection.execute("DELETE FROM audit_events WHERE id = 1")
    assert check_database(demo_ctx).problems == []


def test_an_altered_event_is_found_even_after_the_chain_is_recomputed(
    demo_ctx: ServiceContext,
) -> None:
    _tamper(demo_ctx, "UPDATE audit_events SET username = 'someone-else' WHERE id = 1")
    _keyless_rechain(demo_ctx)
    problems = check_database(demo_ctx).problems
    assert any("Audit event 1 has been altered" in problem for problem in problems)
    assert any("triggers that stop the audit trail" in problem for problem in problems)


def test_events_cut_off_the_end_are_found_against_the_checkpoint(
    demo_ctx: ServiceContext, clock: MovableClock
) -> None:
    for n in range(60):
        with demo_ctx.unit_of_work() as session:
            audit.record(
                session, SYSTEM_ACTOR, AuditAction.VIEWED, "young_person", n + 1, at=clock()
            )
    head = checkpoint_if_due(demo_ctx)
    assert check_database(demo_ctx).problems == []
    _tamper(demo_ctx, f"DELETE FROM audit_events WHERE id > {head.last_id - 50}")
    problems = check_database(demo_ctx).problems
    assert problems, (
        "cutting the newest 50 events leaves a valid chain: only the checkpoint sees it"
    )
    assert any("shorter than at the checkpoint of 28/11/2026" in problem for problem in problems)
    assert any(f"{head.count:,} events" in problem for problem in problems)


def test_a_rewrite_after_the_day_is_found_against_the_checkpoint(
    demo_ctx: ServiceContext,
) -> None:
    head = checkpoint_if_due(demo_ctx)
    _tamper(demo_ctx, f"UPDATE audit_events SET hash = '{'f' * 64}' WHERE id = {head.last_id}")
    problems = check_database(demo_ctx).problems
    assert any("does not match the checkpoint" in problem for problem in problems)


def test_a_forged_checkpoint_line_is_reported(
    demo_ctx: ServiceContext, _own_checkpoints: Path
) -> None:
    checkpoint_if_due(demo_ctx)
    [checkpoints] = _own_checkpoints.glob("*.checkpoints")
    with checkpoints.open("a", encoding="ascii") as handle:
        handle.write('{"at": "2026-11-29T00:00:00+00:00", "count": 1, "last_id": 1, "hash": "x"}\n')
    problems = check_database(demo_ctx).problems
    assert any("damaged or was not written by Diversion" in problem for problem in problems)


def test_a_name_or_date_of_birth_edited_in_the_tables_is_found(demo_ctx: ServiceContext) -> None:
    _tamper(
        demo_ctx,
        "UPDATE young_people SET family_name = 'Changed' WHERE id = 3",
        "UPDATE young_people SET date_of_birth = '2012-01-01' WHERE id = 7",
    )
    problems = check_database(demo_ctx).problems
    assert any(p.startswith("Young person record 3:") for p in problems)
    assert any(p.startswith("Young person record 7:") for p in problems)
    assert not any(p.startswith("Young person record 4:") for p in problems)
    assert all("Changed" not in problem for problem in problems)  # no personal data shown


def test_edits_made_through_the_application_keep_the_seal(
    demo_services: Services, supervisor: object
) -> None:
    from diversion_app.persistence.models import YoungPerson

    with demo_services.ctx.unit_of_work() as session:
        person = session.get(YoungPerson, 5)
        assert person is not None
        person.family_name = "Renamed"
        person.date_of_birth = date(2013, 3, 4)
    assert check_database(demo_services.ctx).problems == []
