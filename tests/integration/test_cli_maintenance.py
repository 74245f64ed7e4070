"""--version, --help, ``folders`` and ``backup``: what someone installing Diversion relies on."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from diversion_app import __version__, cli_maintenance
from diversion_app.cli import build_parser, main
from diversion_app.paths import backup_dir, config_dir, data_dir, log_dir, migrations_dir
from diversion_app.persistence.migrate import head_revision


def test_version_prints_the_version_and_the_schema_revision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"diversion-app {__version__}",
        f"database schema revision {head_revision()}",
    ]


def test_the_revision_follows_the_migrations_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration added later changes what --version says: nothing is written in by hand."""
    copy = tmp_path / "db"
    shutil.copytree(migrations_dir(), copy)
    head = head_revision()
    (copy / "versions" / "9999_later.py").write_text(
        f"revision = '9999_later'\ndown_revision = '{head}'\n", encoding="utf-8"
    )
    monkeypatch.setattr("diversion_app.persistence.migrate.migrations_dir", lambda: copy)
    monkeypatch.setattr(cli_maintenance, "migrations_dir", lambda: copy)
    assert cli_maintenance.version_text().endswith("database schema revision 9999_later")


def test_help_lists_every_command_on_a_line_of_its_own(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    commands = next(
        action.choices
        for action in build_parser()._actions
        if hasattr(action, "choices") and isinstance(action.choices, dict)
    )
    for name in commands:
        line = next((ln for ln in out.splitlines() if ln.strip().startswith(name + " ")), "")
        assert re.match(rf"^\s+{name}\s{{2,}}\w", line), f"{name} has no line of its own"
    assert "--version" in out and "COMMAND --help" in out


def test_folders_lists_where_everything_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["folders"]) == 0
    out = capsys.readouterr().out
    for label, path in [
        ("Data folder:", data_dir()),
        ("Settings folder:", config_dir()),
        ("Log folder:", log_dir()),
        ("Backup folder:", backup_dir()),
    ]:
        assert f"{label}" in out and str(path) in out
    assert main(["folders", "--db", str(tmp_path / "x.db")]) == 0
    assert f"Database:            {tmp_path / 'x.db'}" in capsys.readouterr().out


def _rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT id, given_name FROM young_people ORDER BY id").fetchall()


def test_backup_copies_the_database_whole_into_the_backup_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "live.db"
    assert main(["demo", "--db", str(db), "--young-people", "30"]) == 0
    capsys.readouterr()
    held_open = sqlite3.connect(db)  # the application may be running: a reader is open
    try:
        assert main(["backup", "--db", str(db), "--to", str(tmp_path / "copies")]) == 0
    finally:
        held_open.close()
    copies = list((tmp_path / "copies").iterdir())
    assert len(copies) == 1 and re.fullmatch(r"live-\d{8}-\d{6}\.db", copies[0].name)
    assert f"to {copies[0]}" in capsys.readouterr().out
    assert _rows(copies[0]) == _rows(db)
    assert main(["check", "--db", str(copies[0])]) == 0


def test_backup_names_the_copy_by_london_time_and_never_overwrites(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert main(["demo", "--db", str(db), "--young-people", "10"]) == 0
    summer = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 July in London
    copy = cli_maintenance.backup_sqlite(db, tmp_path / "b", now=summer)
    assert copy.name == "d-20260702-003000.db"
    with pytest.raises(cli_maintenance.MaintenanceError, match="already exists"):
        cli_maintenance.backup_sqlite(db, tmp_path / "b", now=summer)
    assert [p.name for p in (tmp_path / "b").iterdir()] == [copy.name]


def test_backup_refuses_what_it_cannot_copy_in_one_plain_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("shopping list", encoding="utf-8")
    assert main(["backup", "--db", str(not_a_db), "--to", str(tmp_path / "b")]) == 1
    assert "is not a Diversion database" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()
    assert main(["backup", "--db", str(tmp_path / "missing.db")]) == 1
    assert "There is no database at" in capsys.readouterr().err
    url = "postgresql+psycopg://diversion:secret@dbhost/diversion"
    assert main(["backup", "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert "pg_dump" in err and "secret" not in err and len(err.strip().splitlines()) == 1
