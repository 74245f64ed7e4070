"""The audit key kept in a real keyring: stored there (not in a key file) when a database is
made, read back from it when the database is opened again, and a key missing from the
keyring refuses the database with the administrator's instructions.

The backend is ``keyrings.alt``'s plain file keyring, a real ``keyring`` backend whose
store is a file in this test's temporary folder; the user's own keyring and profile are
never touched (the profile folders point into the temporary folder too).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
import sqlalchemy as sa
from keyrings.alt.file import PlaintextKeyring

from diversion_app.domain.enums import AuditAction, Role
from diversion_app.persistence import audit_key
from diversion_app.persistence.engine import session_factory, sqlite_url
from diversion_app.persistence.migrate import DatabaseOpenError, open_database
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ACTOR = Actor(None, "test.admin", "Test Administrator", frozenset({Role.ADMINISTRATOR}))


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlaintextKeyring]:
    """A real keyring backend storing into ``tmp_path``; the key file store switched off."""
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")  # type: ignore[misc]
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv(audit_key.KEY_DIR_ENV)  # as on a user's computer: the keyring is used
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # where key files would go
    audit_key.forget_cached_keys()
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
        audit_key.forget_cached_keys()


def _key_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "config").rglob("*.key"))


def test_a_key_is_stored_in_and_read_from_the_keyring(
    file_keyring: PlaintextKeyring, tmp_path: Path
) -> None:
    key = bytes(range(32))
    assert audit_key.store_key("database-one", key) == "the keyring"
    assert _key_files(tmp_path) == []
    stored = file_keyring.get_password(audit_key.KEYRING_SERVICE, "database-one")
    assert stored is not None and audit_key.decode_key(stored) == key
    assert audit_key.load_key("database-one") == key
    assert audit_key.load_key("database-two") is None  # missing from the keyring: no key


def test_a_database_made_here_keeps_its_key_in_the_keyring_and_opens_again(
    file_keyring: PlaintextKeyring, tmp_path: Path
) -> None:
    path = tmp_path / "diversion.db"
    opened = open_database(sqlite_url(path), now=NOW)
    with opened.engine.connect() as connection:
        db_id = audit_key.database_id(connection)
    sessions = session_factory(opened.engine)
    with sessions.begin() as session:  # one event sealed under the key from the keyring
        audit.record(session, ACTOR, AuditAction.SIGNED_IN, "user", None, at=NOW)
    opened.engine.dispose()
    assert db_id is not None
    assert file_keyring.get_password(audit_key.KEYRING_SERVICE, db_id)
    assert _key_files(tmp_path) == []  # the keyring, not a key file beside the configuration

    audit_key.forget_cached_keys()  # a new start: the key comes from the keyring
    again = open_database(sqlite_url(path), now=NOW)
    with session_factory(again.engine)() as session:
        assert audit_key.key_for(session.connection()) == audit_key.load_key(db_id)
        assert session.execute(sa.text("SELECT count(*) FROM audit_events")).scalar_one() == 1
        assert audit.verify_chain(session) == []  # the seal holds under the keyring's key
    again.engine.dispose()

    file_keyring.delete_password(audit_key.KEYRING_SERVICE, db_id)  # the key is lost
    audit_key.forget_cached_keys()
    with pytest.raises(DatabaseOpenError) as refused:
        open_database(sqlite_url(path), now=NOW)
    message = str(refused.value)
    assert "audit key for this database is not on this computer" in message
    assert "audit-key import" in message and db_id in message
