"""Where the audit key lives: outside the database, one key per database.

Each database carries a random identifier (the ``audit.database_id`` setting; not a
secret). The key for that identifier is kept in the user's keyring when one is usable,
otherwise in an owner-only file beside the configuration
(``<config>/audit-keys/<id>.key``). ``DIVERSION_AUDIT_KEY_DIR`` moves the file store
(and turns the keyring off), for tests and for administrators who keep the key on a
protected drive. The daily chain checkpoints are kept beside the key files.

The key is created once, when the trail is first sealed (migration 0006); after that a
database whose key cannot be found is refused with a plain message, never given a new key.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import secrets
import uuid
import weakref
from pathlib import Path

import platformdirs
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from diversion_app import APP_NAME, ORG_NAME
from diversion_app.persistence import keyring_choice

log = logging.getLogger(__name__)

KEY_DIR_ENV = "DIVERSION_AUDIT_KEY_DIR"
DATABASE_ID_SETTING = "audit.database_id"
KEYRING_SERVICE = "Diversion audit key"
KEY_BYTES = 32

_settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
_cache: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


class AuditKeyMissing(Exception):
    """The database's audit key is not on this computer; the message says what to do."""


def key_dir() -> Path:
    override = os.environ.get(KEY_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, ORG_NAME)) / "audit-keys"


def checkpoint_path(database_id: str) -> Path:
    return key_dir() / f"{database_id}.checkpoints"


def _key_file(database_id: str) -> Path:
    return key_dir() / f"{database_id}.key"


def _keyring() -> object | None:
    """The keyring backend when a real one is there (never under the test override)."""
    if os.environ.get(KEY_DIR_ENV):
        return None
    return keyring_choice.backend(key_dir())


def _encode(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def decode_key(text: str) -> bytes:
    """A key from its exported form; ``ValueError`` if it is not one."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError:
        raise ValueError("This is not a Diversion audit key.") from None
    if len(key) != KEY_BYTES:
        raise ValueError("This is not a Diversion audit key.")
    return key


def load_key(database_id: str) -> bytes | None:
    ring = _keyring()
    if ring is not None:
        try:
            stored = ring.get_password(KEYRING_SERVICE, database_id)  # type: ignore[attr-defined]
        except Exception:
            stored = None
        if stored:
            return decode_key(stored)
    path = _key_file(database_id)
    if path.is_file():
        return decode_key(path.read_text(encoding="ascii"))
    return None


def store_key(database_id: str, key: bytes) -> str:
    """Keep ``key`` for ``database_id``; returns where (for the administrator's message)."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(KEYRING_SERVICE, database_id, _encode(key))  # type: ignore[attr-defined]
            return "the keyring"
        except Exception:
            log.warning("the keyring refused the audit key; using a key file")
    folder = key_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        folder.chmod(0o700)
    path = _key_file(database_id)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(_encode(key) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return str(path)


def database_id(connection: Connection) -> str | None:
    value = connection.execute(
        sa.select(_settings.c.value).where(_settings.c.key == DATABASE_ID_SETTING)
    ).scalar_one_or_none()
    return str(value) if value else None


def missing_key_message(db_id: str) -> str:
    return (
        "The audit key for this database is not on this computer, so its audit trail "
        "cannot be sealed or checked. Ask your administrator for the key exported with "
        "'diversion-app audit-key export' and load it with 'diversion-app audit-key import "
        f"FILE' (database {db_id})."
    )


def key_for(connection: Connection) -> bytes:
    """The audit key of the database behind ``connection`` (cached per engine)."""
    engine = connection.engine
    cached = _cache.get(engine)
    if cached is not None:
        return cached
    db_id = database_id(connection)
    if db_id is None:
        raise AuditKeyMissing(
            "This database's audit trail has not been sealed yet; open it with Diversion "
            "to bring it up to date."
        )
    key = load_key(db_id)
    if key is None:
        raise AuditKeyMissing(missing_key_message(db_id))
    _cache[engine] = key
    return key


def create_key(connection: Connection) -> bytes:
    """Give the database an identifier and a new key (used once, by migration 0006)."""
    db_id = database_id(connection)
    if db_id is not None:
        return key_for(connection)
    db_id = str(uuid.uuid4())
    key = secrets.token_bytes(KEY_BYTES)
    store_key(db_id, key)
    connection.execute(sa.insert(_settings).values(key=DATABASE_ID_SETTING, value=db_id))
    _cache[connection.engine] = key
    return key


def forget_cached_keys() -> None:
    """Drop the keys held in memory (tests that move the key store)."""
    _cache.clear()


def export_text(connection: Connection) -> str:
    """The database's key in the form ``audit-key import`` reads back (a secret: keep it safe)."""
    db_id = database_id(connection)
    key = key_for(connection)
    return json.dumps({"diversion_audit_key": 1, "database_id": db_id, "key": _encode(key)})


def import_text(connection: Connection, text: str) -> str:
    """Keep the key in ``text`` for this database, after checking that it is the right one.

    Returns where it was kept. ``ValueError`` with a plain message when it is not a key,
    is another database's key, or does not seal this database's newest audit event.
    """
    try:
        data = json.loads(text)
        db_id, key = str(data["database_id"]), decode_key(str(data["key"]))
    except (ValueError, KeyError, TypeError):
        raise ValueError("This file is not an audit key exported by Diversion.") from None
    if db_id != database_id(connection):
        raise ValueError("This key belongs to another Diversion database.")
    if not newest_event_holds(connection, key):
        raise ValueError("This key does not match this database's audit trail.")
    where = store_key(db_id, key)
    _cache.pop(connection.engine, None)
    return where


def newest_event_holds(connection: Connection, key: bytes) -> bool:
    """Whether ``key`` seals the newest audit event (true of an empty trail)."""
    from diversion_app.domain.audit_seal import event_mac
    from diversion_app.persistence.models import AuditEvent

    event = connection.execute(
        sa.select(AuditEvent.__table__).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    if event is None:
        return True
    changes = event.changes
    at = event.at
    return bool(
        event_mac(
            key,
            event.prev_hash,
            at=at,
            user_id=event.user_id,
            username=event.username,
            action=str(event.action.value if hasattr(event.action, "value") else event.action),
            entity=event.entity,
            entity_id=event.entity_id,
            young_person_id=event.young_person_id,
            changes=changes,
        )
        == event.hash
    )
