"""The passphrase asked before the sign-in, typed as a person would: a wrong one is refused
in plain words and changes nothing; the right one opens; a new database asks it twice and
may keep it in the system keyring."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diversion_app import key_store
from diversion_app.persistence import encryption
from diversion_app.persistence.engine import sqlite_url
from diversion_app.persistence.migrate import open_database
from diversion_app.ui.accounts.unlock_dialog import UnlockDialog, needs_unlocking

PASSPHRASE = "correct horse battery staple"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture(autouse=True)
def _clean() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)
    encryption._passphrases.clear()


@pytest.fixture
def encrypted_db(tmp_path: Path) -> Path:
    db = tmp_path / "locked.db"
    encryption.remember(db, PASSPHRASE)
    open_database(sqlite_url(db), now=NOW).engine.dispose()
    encryption._passphrases.clear()
    return db


def test_a_wrong_passphrase_is_refused_and_the_right_one_opens(
    qtbot: QtBot, encrypted_db: Path
) -> None:
    before = {p.name: p.read_bytes() for p in encrypted_db.parent.iterdir()}
    assert needs_unlocking(encrypted_db, create=False)
    dialog = UnlockDialog(encrypted_db, new=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "not the right passphrase")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "The passphrase does not open" in dialog.problem.text()
    assert {p.name: p.read_bytes() for p in encrypted_db.parent.iterdir()} == before
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert not needs_unlocking(encrypted_db, create=False)


def test_a_new_database_asks_twice_and_may_keep_it_in_the_keyring(
    qtbot: QtBot, tmp_path: Path, _clean: MemoryKeyring
) -> None:
    db = tmp_path / "fresh.db"
    assert needs_unlocking(db, create=True) and not needs_unlocking(db, create=False)
    dialog = UnlockDialog(db, new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "too short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "Use a passphrase of at least 12 characters."
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.again, PASSPHRASE + "!")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "The two passphrases are not the same."
    dialog.again.clear()
    qtbot.keyClicks(dialog.again, PASSPHRASE)
    dialog.keep.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert key_store.load(db) == PASSPHRASE
    open_database(sqlite_url(db), now=NOW).engine.dispose()
    assert encryption.looks_encrypted(db)
