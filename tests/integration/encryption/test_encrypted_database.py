"""Encrypted databases end to end: created encrypted, converted with ``encrypt``, opened by
``check``, ``report`` and the services with the passphrase, refused untouched with a wrong
one, and unreadable to plain ``sqlite3``; backups before a migration are encrypted too."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from diversion_app.cli import main
from diversion_app.domain.enums import Role
from diversion_app.persistence import encryption, name_search
from diversion_app.persistence.engine import create_engine, session_factory, sqlite_url
from diversion_app.persistence.migrate import DatabaseOpenError, open_database, upgrade
from diversion_app.persistence.name_search import NAME_TRIGRAMS
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services

PASSPHRASE = "correct horse battery staple"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
EVERYONE = Actor(None, "test.all", "Test All Roles", frozenset(Role))


@pytest.fixture(autouse=True)
def _forget_passphrases() -> Iterator[None]:
    yield
    encryption._passphrases.clear()


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _unreadable_without_key(path: Path) -> None:
    with pytest.raises(sqlite3.DatabaseError), sqlite3.connect(path) as connection:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()


def test_a_new_database_is_created_encrypted_and_opens_only_with_its_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.db"
    monkeypatch.setenv("DIVERSION_DB_PASSPHRASE", PASSPHRASE)
    assert main(["demo", "--db", str(db), "--encrypted", "--young-people", "40"]) == 0
    encryption._passphrases.clear()
    assert encryption.looks_encrypted(db)
    assert b"Demo Administrator" not in db.read_bytes()
    _unreadable_without_key(db)
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 0
    assert "No faults found." in capsys.readouterr().out
    encryption._passphrases.clear()

    before = _files(tmp_path)
    monkeypatch.setenv("DIVERSION_DB_PASSPHRASE", "not the passphrase at all")
    assert main(["check", "--db", str(db)]) == 1
    assert "The passphrase does not open" in capsys.readouterr().err
    assert _files(tmp_path) == before
    monkeypatch.delenv("DIVERSION_DB_PASSPHRASE")
    assert main(["check", "--db", str(db)]) == 1  # no terminal, no passphrase: refused
    assert "is encrypted" in capsys.readouterr().err
    assert _files(tmp_path) == before


def test_reports_run_on_an_encrypted_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "enc.db"
    monkeypatch.setenv("DIVERSION_DB_PASSPHRASE", PASSPHRASE)
    assert main(["demo", "--db", str(db), "--encrypted", "--young-people", "40"]) == 0
    encryption._passphrases.clear()
    monkeypatch.setenv("DIVERSION_PASSWORD", "demo-supervisor-pass")
    out = tmp_path / "year.pdf"
    args = ["report", "performance", "--db", str(db), "--user", "supervisor"]
    args += ["--for", "the test suite", "--purpose", "supervision"]
    assert main([*args, "--from", "01/06/2025", "--to", "31/05/2026", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "Period performance report written" in capsys.readouterr().out


def test_encrypt_converts_a_plain_database_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "plain.db"
    assert main(["demo", "--db", str(db), "--young-people", "40"]) == 0
    with sqlite3.connect(db) as connection:
        names = connection.execute("SELECT given_name, family_name FROM young_people").fetchall()
    assert f"{names[0][0]}".encode() in db.read_bytes()
    old_backup = db.with_name(db.name + ".backup-20260101-090000")
    old_backup.write_bytes(db.read_bytes())
    capsys.readouterr()

    monkeypatch.setenv("DIVERSION_DB_PASSPHRASE", "short")
    assert main(["encrypt", "--db", str(db)]) == 1
    assert "at least 12 characters" in capsys.readouterr().err
    assert not encryption.looks_encrypted(db)

    monkeypatch.setenv("DIVERSION_DB_PASSPHRASE", PASSPHRASE)
    assert main(["encrypt", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "is now encrypted" in out and "NOT encrypted" in out and old_backup.name in out
    assert encryption.looks_encrypted(db)
    _unreadable_without_key(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([db.name, old_backup.name])
    connection = encryption.connect(db, PASSPHRASE, read_only=True)
    try:
        assert (
            connection.execute("SELECT given_name, family_name FROM young_people").fetchall()
            == names
        )
    finally:
        connection.close()
    assert main(["encrypt", "--db", str(db)]) == 1
    assert "already encrypted" in capsys.readouterr().err

    plain_again = tmp_path / "second.db"
    assert main(["demo", "--db", str(plain_again), "--young-people", "20"]) == 0
    leftover = plain_again.with_name(plain_again.name + ".backup-20260101-090000")
    leftover.write_bytes(b"SQLite format 3\x00" + b"\x00" * 1008)
    assert main(["encrypt", "--db", str(plain_again), "--remove-plain-backups"]) == 0
    assert not leftover.exists()


def test_a_backup_before_migrating_an_encrypted_file_is_encrypted(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    encryption.remember(db, PASSPHRASE)
    engine = create_engine(sqlite_url(db))
    upgrade(engine, "0003_perf2")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO households (id, address_line1, created_at) "
            "VALUES (1, '7 Cipher Close', '2026-01-01 09:00:00.000000')"
        )
    engine.dispose()
    opened = open_database(sqlite_url(db), now=NOW)
    with opened.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT address_line1 FROM households")).all() == [
            ("7 Cipher Close",)
        ]
    opened.engine.dispose()
    backup = opened.backup_path
    assert backup is not None and encryption.looks_encrypted(backup)
    assert b"Cipher Close" not in backup.read_bytes()
    _unreadable_without_key(backup)
    copy = encryption.connect(backup, PASSPHRASE, read_only=True)
    try:
        assert copy.execute("SELECT address_line1 FROM households").fetchall() == [
            ("7 Cipher Close",)
        ]
    finally:
        copy.close()


def test_an_encrypted_file_opened_without_its_passphrase_is_refused_untouched(
    tmp_path: Path,
) -> None:
    db = tmp_path / "locked.db"
    encryption.remember(db, PASSPHRASE)
    open_database(sqlite_url(db), now=NOW).engine.dispose()
    encryption._passphrases.clear()
    before = _files(tmp_path)
    with pytest.raises(DatabaseOpenError, match="is encrypted"):
        open_database(sqlite_url(db), now=NOW)
    with pytest.raises(encryption.WrongPassphrase, match="nothing in the file was changed"):
        encryption.unlock(db, "a wrong passphrase here")
    assert _files(tmp_path) == before


def _name_search_answers(db: Path) -> None:
    """The names' trigram index works under SQLCipher: it agrees with the table, and a name
    search through it finds exactly those the plain LIKE finds."""
    connection = encryption.connect(db, PASSPHRASE, read_only=True)
    try:
        (family,) = connection.execute(
            "SELECT family_name_key FROM young_people WHERE length(family_name_key) >= 3 "
            "ORDER BY id LIMIT 1"
        ).fetchone()
        by_index = connection.execute(
            f"SELECT rowid FROM {NAME_TRIGRAMS} WHERE {NAME_TRIGRAMS} MATCH ? ORDER BY rowid",
            (f'"{family}"',),
        ).fetchall()
        by_like = connection.execute(
            "SELECT id FROM young_people WHERE search_name LIKE ? ORDER BY id", (f"%{family}%",)
        ).fetchall()
    finally:
        connection.close()
    assert by_like and set(by_like) <= set(by_index)
    encryption.remember(db, PASSPHRASE)
    opened = open_database(sqlite_url(db), now=NOW)
    try:
        with opened.engine.begin() as writing:
            problem = name_search.integrity_problem(writing)
        services = Services.build(
            ServiceContext(session_factory(opened.engine), now_provider=lambda: NOW)
        )
        rows, total = services.young_people.first_page(
            EVERYONE, PageRequest(text=family, limit=500)
        )
    finally:
        opened.engine.dispose()
    assert problem is None
    assert total == len(rows) == len(by_like)


def test_name_search_index_in_an_encrypted_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_encrypted = tmp_path / "made.db"
    monkeypatch.setenv("DIVERSION_DB_PASSPHRASE", PASSPHRASE)
    assert main(["demo", "--db", str(made_encrypted), "--encrypted", "--young-people", "40"]) == 0
    encryption._passphrases.clear()
    _name_search_answers(made_encrypted)

    converted = tmp_path / "converted.db"
    monkeypatch.delenv("DIVERSION_DB_PASSPHRASE")
    assert main(["demo", "--db", str(converted), "--young-people", "40"]) == 0
    monkeypatch.setenv("DIVERSION_DB_PASSPHRASE", PASSPHRASE)
    assert main(["encrypt", "--db", str(converted)]) == 0  # sqlcipher_export's copy
    encryption._passphrases.clear()
    _name_search_answers(converted)
