"""Files written beside the database: never onto it, never half a file, never unaudited."""

from __future__ import annotations

import errno
import hashlib
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from diversion_app.cli import main
from diversion_app.domain.enums import AuditAction
from diversion_app.persistence.models import AuditEvent
from diversion_app.services.accounts.admin_lists import AuditFilter
from diversion_app.services.base import safe_output
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import DatabaseBusy
from diversion_app.services.base.safe_output import OutputRefused
from diversion_app.services.registry import Services
from diversion_app.services.reports import printing
from diversion_app.services.reports.caseload_data import CaseloadScope
from tests.conftest import FOR_TESTS
from tests.integration.faults import processes


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _people(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA quick_check").fetchone() == ("ok",)
        return int(connection.execute("SELECT count(*) FROM young_people").fetchone()[0])
    finally:
        connection.close()


FOR = ["--for", "the test suite", "--purpose", "supervision"]


@pytest.fixture
def db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-supervisor-pass")
    return path


@pytest.mark.parametrize(
    ("command", "target", "words"),
    [
        (["report", "caseload", "--out"], "{db}", "is the database itself"),
        (
            ["report", "performance", "--from", "01/06/2025", "--to", "31/05/2026", "--out"],
            "{db}",
            "is the database itself",
        ),
        (["report", "caseload", "--out"], "{db}-wal", "one of the database's working files"),
        (["report", "caseload", "--out"], "{db}-shm", "one of the database's working files"),
        (["report", "caseload", "--out"], "{db}.backup-20261128-120000", "is a backup"),
        (["report", "caseload", "--out"], "{other}", "is a database file"),
    ],
)
def test_a_report_onto_the_database_or_its_files_is_refused(
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    target: str,
    words: str,
) -> None:
    other = tmp_path / "places.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE moz_places (url TEXT)")
    connection.close()
    before = {path.name: _digest(path) for path in tmp_path.iterdir() if path.is_file()}
    people = _people(db)
    out = target.format(db=db, other=other)
    code = main([*command[:2], "--db", str(db), "--user", "supervisor", *FOR, *command[2:], out])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert words in err and len(err.splitlines()) == 1
    # Refused before the database is opened: every file as it was, no backup made.
    assert _people(db) == people
    after = {path.name: _digest(path) for path in tmp_path.iterdir() if path.is_file()}
    assert after == before
    assert not Path(out).exists() or Path(out).name in before
    assert not [name for name in after if name.endswith(".part")]


def test_the_audit_csv_onto_the_database_is_refused(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-admin-pass")
    people = _people(db)
    before = _digest(db)
    code = main(["audit", "--db", str(db), "--user", "admin", *FOR, "--csv", str(db)])
    err = capsys.readouterr().err
    assert code != 0 and "is the database itself" in err
    assert _people(db) == people
    assert _digest(db) == before  # refused before anything was opened or recorded


def _disclosures(services: Services, _actor: Actor) -> int:
    with services.ctx.read_only() as session:
        return int(
            session.execute(
                sa.select(sa.func.count(AuditEvent.id)).where(
                    AuditEvent.action == AuditAction.DISCLOSED
                )
            ).scalar_one()
        )


def test_a_full_disk_leaves_no_csv_and_no_disclosure(
    demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, everyone: Actor
) -> None:
    out = tmp_path / "trail.csv"
    before = _disclosures(demo_services, everyone)
    monkeypatch.setattr(
        "diversion_app.services.accounts.admin_lists.write_then_rename",
        _wrapped_full_disk(),
    )
    with pytest.raises(OutputRefused, match="the disk is full"):
        demo_services.admin.export_audit_csv(everyone, AuditFilter(), out, for_whom=FOR_TESTS)
    assert not out.exists()
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    assert _disclosures(demo_services, everyone) == before


def _wrapped_full_disk():  # type: ignore[no-untyped-def]
    real = safe_output.write_then_rename

    def writer(ctx, path, write, **kwargs):  # type: ignore[no-untyped-def]
        def filling(target: Path):  # type: ignore[no-untyped-def]
            write(target)
            raise OSError(errno.ENOSPC, "No space left on device")

        return real(ctx, path, filling, **kwargs)

    return writer


def test_a_report_whose_disclosure_cannot_be_recorded_is_not_left_behind(
    demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, everyone: Actor
) -> None:
    def busy(*_args: object, **_kwargs: object) -> None:
        raise DatabaseBusy("The database is busy: another program or user has held it.")

    monkeypatch.setattr(printing, "record_disclosure", busy)
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    with pytest.raises(DatabaseBusy):
        demo_services.reports.write_caseload_pdf(
            everyone, out_folder / "c.pdf", CaseloadScope(), for_whom=FOR_TESTS
        )
    assert list(out_folder.iterdir()) == []  # neither the PDF nor its temporary file


def test_the_file_is_renamed_only_after_its_disclosure_is_committed(
    demo_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, everyone: Actor
) -> None:
    out = tmp_path / "caseload.pdf"
    seen: list[bool] = []
    real = printing.record_disclosure

    def watching(*args: object, **kwargs: object) -> None:
        seen.append(out.exists())
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(printing, "record_disclosure", watching)
    before = _disclosures(demo_services, everyone)
    demo_services.reports.write_caseload_pdf(everyone, out, CaseloadScope(), for_whom=FOR_TESTS)
    assert seen == [False] and out.exists()
    assert _disclosures(demo_services, everyone) == before + 1


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses at the rename")
@pytest.mark.parametrize("how", ["flock", "lockf", "write"])
def test_a_report_onto_a_file_another_program_holds_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    """A second, real process holds last week's report open; the new one is refused."""
    out = tmp_path / "caseload.pdf"
    out.write_bytes(b"%PDF-1.4 last week's report, open in a viewer\n")
    before = _digest(out)
    holder = processes.start("hold-file", str(out), how, "60")
    try:
        processes.wait_for_line(holder, "held")
        code = main(
            ["report", "caseload", "--db", str(db), "--user", "supervisor", *FOR, "--out", str(out)]
        )
        err = capsys.readouterr().err.strip()
    finally:
        holder.kill()
        processes.finish(holder)
    assert code != 0
    assert len(err.splitlines()) == 1 and "is in use by another program" in err, err
    assert _digest(out) == before
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".part")]


def test_a_file_open_in_libreoffice_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-admin-pass")
    out = tmp_path / "audit.csv"
    out.write_text("at,who\n")
    (tmp_path / ".~lock.audit.csv#").write_text("Anna,anna-pc,anna,28.11.2026 14:30;\n")
    code = main(["audit", "--db", str(db), "--user", "admin", *FOR, "--csv", str(out)])
    err = capsys.readouterr().err.strip()
    assert code != 0 and "is open in an office program" in err
    assert out.read_text() == "at,who\n"


def test_a_file_nobody_holds_is_replaced(db: Path, tmp_path: Path) -> None:
    """The check refuses only files in use: an old report nobody has open is replaced."""
    out = tmp_path / "caseload.pdf"
    out.write_bytes(b"old")
    (tmp_path / "other.pdf").write_bytes(b"")  # another file in the folder is held
    holder = processes.start("hold-file", str(tmp_path / "other.pdf"), "flock", "60")
    try:
        processes.wait_for_line(holder, "held")
        code = main(
            ["report", "caseload", "--db", str(db), "--user", "supervisor", *FOR, "--out", str(out)]
        )
    finally:
        holder.kill()
        processes.finish(holder)
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF")
