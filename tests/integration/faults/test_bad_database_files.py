"""Every bad database file: one plain sentence, a non-zero exit, the file untouched, no backup.

The full disk and the read-only folder are real: a small tmpfs mounted for the test (it is
skipped where the machine does not allow mounting). The lock is held by another process.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from diversion_app.cli import main
from diversion_app.persistence.engine import create_engine, sqlite_url
from diversion_app.persistence.file_faults import network_problem
from diversion_app.persistence.migrate import upgrade
from tests.integration.faults.processes import finish, start, wait_for_line

FOR = ["--for", "the test suite", "--purpose", "supervision"]
AUDIT = ["audit", "--user", "admin", "--csv"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """``diversion-app audit`` on ``path``: the one line it printed (the exit must fail)."""
    code = main([AUDIT[0], "--db", str(path), *FOR, *AUDIT[1:], str(tmp_path / "trail.csv")])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert len(err.splitlines()) == 1, err
    assert "Error" not in err.replace(str(path), "") and "Traceback" not in err
    return err


def _no_backup(path: Path) -> None:
    assert list(path.parent.glob(f"{path.name}.backup-*")) == []
    assert list(path.parent.glob(f".{path.name}.backup-*")) == []


def _old_database(path: Path, rows: int = 20) -> None:
    engine = create_engine(sqlite_url(path))
    upgrade(engine, "0003_perf2")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO households (address_line1, created_at) "
                "VALUES (:line, '2025-01-02 09:00:00')"
            ),
            [{"line": f"{number} Mill Lane " + "x" * 180} for number in range(rows)],
        )
    engine.dispose()


def test_another_programs_sqlite_file_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    places = tmp_path / "places.sqlite"
    connection = sqlite3.connect(places)
    connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    connection.commit()
    connection.close()
    before = _digest(places)
    err = _run(places, tmp_path, capsys)
    assert "is another program's database, not a Diversion database" in err
    assert _digest(places) == before
    _no_backup(places)
    connection = sqlite3.connect(places)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert tables == {"moz_places"}


def test_an_empty_file_is_refused_and_stays_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    assert "is an empty file, not a Diversion database" in _run(empty, tmp_path, capsys)
    assert main(["check", "--db", str(empty)]) != 0
    assert "is an empty file" in capsys.readouterr().err
    assert empty.stat().st_size == 0
    _no_backup(empty)


def test_a_file_locked_by_another_program_is_named_as_locked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.db"
    _old_database(path)
    before = _digest(path)
    holder = start("hold-exclusive", str(path), "6")
    try:
        wait_for_line(holder, "held")
        err = _run(path, tmp_path, capsys)
    finally:
        finish(holder)
    assert "is in use by another program that is holding it locked" in err
    assert "damaged" not in err
    assert _digest(path) == before
    _no_backup(path)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 600 KB tmpfs, mounted for the test (skipped where mounting is not allowed)."""
    where = tmp_path / "small-disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("this machine does not allow mounting a small filesystem")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


@pytest.mark.parametrize(
    "room",
    [16 * 1024, 200 * 1024],
    ids=["no room to read the file", "no room for the backup before migrating"],
)
def test_a_full_disk_is_named_and_no_partial_backup_is_left(
    tmp_path: Path, small_disk: Path, capsys: pytest.CaptureFixture[str], room: int
) -> None:
    source = tmp_path / "old.db"
    _old_database(source, rows=600)
    path = small_disk / "old.db"
    shutil.copy(source, path)
    filler = small_disk / "filler"
    with filler.open("wb") as handle:  # fill the disk but for a few pages
        free = shutil.disk_usage(small_disk).free
        handle.write(b"\0" * max(0, free - room))
    before = _digest(path)
    err = _run(path, tmp_path, capsys)
    assert f"The disk holding {path} is full" in err
    assert _digest(path) == before
    _no_backup(path)


def test_a_read_only_folder_is_named_and_nothing_is_written(
    tmp_path: Path, small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "old.db"
    _old_database(source)
    path = small_disk / "old.db"
    shutil.copy(source, path)
    before = _digest(path)
    remounted = subprocess.run(
        ["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, check=False
    )
    if remounted.returncode != 0:
        pytest.skip("this machine does not allow a read-only remount")
    err = _run(path, tmp_path, capsys)
    assert "cannot be written: the file or its folder is read-only" in err
    assert _digest(path) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["old.db"]


def test_the_gui_shows_the_sentence_in_a_dialog(
    tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from diversion_app.app import run_gui

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    empty = tmp_path / "empty.db"
    empty.touch()
    assert run_gui(sqlite_url(empty)) == 1
    assert len(shown) == 1 and "is an empty file, not a Diversion database" in shown[0]
    assert empty.stat().st_size == 0


@pytest.mark.parametrize("kind", ["nfs4", "cifs", "smb3", "fuse.sshfs"])
def test_a_database_on_a_network_filesystem_is_refused(kind: str) -> None:
    mounts = [("/srv/share", kind), ("/", "ext4")]
    problem = network_problem(Path("/srv/share/team/diversion.db"), mounts)
    assert problem is not None
    assert f"is on a network drive ({kind})" in problem
    assert "PostgreSQL mode" in problem
    assert network_problem(Path("/home/me/diversion.db"), mounts) is None
