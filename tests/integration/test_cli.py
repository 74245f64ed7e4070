"""The command line: demo and check, and one-line errors for bad paths and arguments."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from diversion_app.cli import main
from diversion_app.persistence.migrate import head_revision


def test_demo_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--young-people", "120", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "120 young people" in out
    assert "supervisor" in out and "demo-supervisor-pass" in out
    assert main(["check", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Schema revision: {head_revision()}" in out and "No faults found." in out


def test_demo_is_reproducible(tmp_path: Path) -> None:
    def fingerprint(path: Path) -> list[tuple[object, ...]]:
        with sqlite3.connect(path) as connection:
            return connection.execute(
                "SELECT given_name, family_name, date_of_birth, area FROM young_people ORDER BY id"
            ).fetchall()

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for path in (a, b):
        assert main(["demo", "--db", str(path), "--young-people", "60", "--seed", "11"]) == 0
    assert fingerprint(a)[:30] == fingerprint(b)[:30]


def test_demo_refuses_a_database_that_already_has_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "d.db"
    assert main(["demo", "--db", str(db), "--young-people", "20"]) == 0
    capsys.readouterr()
    assert main(["demo", "--db", str(db), "--young-people", "20"]) == 1
    err = capsys.readouterr().err
    assert "already holds records" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["demo", "check"])
def test_a_truncated_file_gives_one_line_and_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    db = tmp_path / "cut.db"
    assert main(["demo", "--db", str(db), "--young-people", "30"]) == 0
    with sqlite3.connect(db) as connection:  # fold the WAL in so the file is whole
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    capsys.readouterr()
    db.write_bytes(db.read_bytes()[:5000])
    before = db.read_bytes()
    assert main([command, "--db", str(db)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "damaged" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", ["demo", "check"])
def test_a_non_database_file_gives_one_line_and_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    db = tmp_path / "letter.txt"
    db.write_text("Dear colleague,\n")
    assert main([command, "--db", str(db)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not a Diversion database" in err
    assert db.read_text() == "Dear colleague,\n"


def test_check_of_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(tmp_path / "nowhere.db")]) != 0
    assert "There is no database" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["demo", "--young-people", "lots"], ["demo", "--young-people", "0"], ["frobnicate"]],
)
def test_bad_arguments_give_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert main([*argv, "--db", str(tmp_path / "x.db")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_a_folder_in_place_of_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", str(tmp_path)]) != 0
    assert "is a folder" in capsys.readouterr().err


def test_check_finds_a_tampered_audit_trail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "a.db"
    assert main(["demo", "--db", str(db), "--young-people", "20"]) == 0
    from datetime import UTC, datetime

    from diversion_app.domain.enums import AuditAction
    from diversion_app.persistence.engine import session_factory, sqlite_url
    from diversion_app.persistence.migrate import open_database
    from diversion_app.services.base import audit
    from diversion_app.services.base.actor import SYSTEM_ACTOR
    from diversion_app.services.base.context import ServiceContext

    opened = open_database(sqlite_url(db), now=datetime.now(UTC))
    ctx = ServiceContext(session_factory(opened.engine))
    for n in range(3):
        with ctx.unit_of_work() as session:
            audit.record(
                session, SYSTEM_ACTOR, AuditAction.VIEWED, "young_person", n + 1, at=ctx.now()
            )
    opened.engine.dispose()
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 0
    with sqlite3.connect(db) as connection:  # someone with the file: triggers out of the way
        connection.execute("DROP TRIGGER audit_events_refuse_update")
        connection.execute("DROP TRIGGER audit_events_refuse_delete")
        connection.execute("DELETE FROM audit_events WHERE id = 3")
    assert main(["check", "--db", str(db)]) == 1
    assert "Audit event 4" in capsys.readouterr().out
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE audit_events SET entity_id = 99 WHERE id = 2")
    assert main(["check", "--db", str(db)]) == 1
    assert "Audit event 2 has been altered" in capsys.readouterr().out


def test_a_shared_database_url_can_come_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shared, local = tmp_path / "shared.db", tmp_path / "local.db"
    assert main(["demo", "--db", str(shared), "--young-people", "20"]) == 0
    monkeypatch.setenv("DIVERSION_DATABASE_URL", f"sqlite:///{shared}")
    capsys.readouterr()
    assert main(["check"]) == 0
    assert "No faults found." in capsys.readouterr().out
    assert main(["check", "--db", str(local)]) == 2  # --db still wins: there is no such file
    assert f"There is no database at {local}" in capsys.readouterr().err
