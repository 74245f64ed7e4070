"""An encrypted database file: SQLCipher 4 through the ``sqlcipher3`` package.

Without the key the file is random bytes to ``sqlite3`` and any other tool. The key is
derived by SQLCipher from a passphrase (PBKDF2-HMAC-SHA512, 256,000 iterations; AES-256
pages with an HMAC each). This module is the only one that knows: ``engine.py`` asks it
for the driver and the first statement of every connection, ``migrate.py`` asks it to
check and back up an encrypted file, and the command line and the sign-in unlock a file
here (``unlock``) before anything opens it. The passphrase lives in this process's memory
only (``remember``), never in a file or a log.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_PASSPHRASE_CHARS = 12
PAGE_GRANULE = 512
"""An encrypted file is whole pages (4096 bytes by default; any size is a multiple of 512)."""

ENCRYPTED_CACHE_SIZE = -32_768
"""Kibibytes of decrypted pages each connection keeps (32 MiB): a page read again from the
cache is not decrypted again (plain SQLite's default is 2 MiB)."""

_passphrases: dict[Path, str] = {}


class EncryptionError(Exception):
    """The encrypted file cannot be used; the message says why and what to do."""


class WrongPassphrase(EncryptionError):
    """The passphrase does not open this file."""


def driver() -> ModuleType:
    """The SQLCipher DB-API module; a plain refusal when it is not installed."""
    try:
        from sqlcipher3 import dbapi2  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise EncryptionError(
            "Encrypted databases need the sqlcipher3 package, which is not installed. "
            "Reinstall Diversion (pip install diversion-app) to get it."
        ) from None
    module: ModuleType = dbapi2
    return module


def available() -> bool:
    try:
        driver()
    except EncryptionError:
        return False
    return True


def _key(path: Path) -> Path:
    return path.expanduser().resolve()


def remember(path: Path, passphrase: str) -> None:
    """Use ``passphrase`` for every connection to ``path`` made by this process."""
    _passphrases[_key(path)] = passphrase


def forget(path: Path) -> None:
    _passphrases.pop(_key(path), None)


def passphrase_for(path: Path | None) -> str | None:
    return None if path is None else _passphrases.get(_key(path))


def looks_encrypted(path: Path) -> bool:
    """A file that is whole pages but has no SQLite header: encrypted (or random bytes)."""
    if not path.is_file():
        return False
    size = path.stat().st_size
    if size < PAGE_GRANULE or size % PAGE_GRANULE:
        return False
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER


def passphrase_problem(passphrase: str, again: str | None = None) -> str | None:
    """What is wrong with a new passphrase, in a plain sentence (None when it will do)."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return f"Use a passphrase of at least {MIN_PASSPHRASE_CHARS} characters."
    if again is not None and again != passphrase:
        return "The two passphrases are not the same."
    return None


def _quoted(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


KDF_ITERATIONS = 256_000
"""SQLCipher 4's default: PBKDF2-HMAC-SHA512 over the passphrase and the file's 16-byte salt."""
SALT_BYTES = 16
_raw_keys: dict[tuple[Path, bytes, str], str] = {}


def _raw_key(path: Path | None, passphrase: str) -> str | None:
    """The key SQLCipher derives from ``passphrase`` for the file at ``path``, derived once.

    Deriving it takes most of a second (256,000 rounds, on purpose); SQLCipher would do it
    again for every new connection. With the raw key each connection opens at once. None
    for a file not yet written (SQLCipher then makes its salt from the passphrase's first use).
    """
    if path is None or not path.is_file() or path.stat().st_size < PAGE_GRANULE:
        return None
    with path.open("rb") as handle:
        salt = handle.read(SALT_BYTES)
    if salt == SQLITE_HEADER[:SALT_BYTES]:
        return None
    digest = hashlib.sha256(passphrase.encode("utf-8")).hexdigest()
    cache_key = (_key(path), salt, digest)
    if cache_key not in _raw_keys:
        derived = hashlib.pbkdf2_hmac(
            "sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, dklen=32
        )
        _raw_keys[cache_key] = derived.hex()
    return _raw_keys[cache_key]


def key_connection(connection: Any, passphrase: str, path: Path | None = None) -> None:
    """The first statements on a new connection: quiet logging, then the key.

    Given the file's ``path``, the key derived once for it is used (no second derivation).
    """
    cursor = connection.cursor()
    cursor.execute("PRAGMA cipher_log_level = NONE")
    raw = _raw_key(path, passphrase)
    if raw is not None:
        cursor.execute(f"PRAGMA key = \"x'{raw}'\"")
    else:
        cursor.execute(f"PRAGMA key = {_quoted(passphrase)}")
    cursor.execute(f"PRAGMA cache_size = {ENCRYPTED_CACHE_SIZE}")
    cursor.close()


def connect(path: Path, passphrase: str, *, read_only: bool = False) -> Any:
    """A keyed SQLCipher connection to ``path`` (checked: a wrong key raises WrongPassphrase)."""
    dbapi = driver()
    target = f"file:{path}?mode=ro" if read_only else str(path)
    connection = dbapi.connect(target, uri=read_only)
    try:
        key_connection(connection, passphrase, path)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except dbapi.DatabaseError:
        connection.close()
        raise WrongPassphrase(
            f"The passphrase does not open {path}. Check it and try again; "
            "nothing in the file was changed."
        ) from None
    return connection


def check_passphrase(path: Path, passphrase: str) -> None:
    """Raise WrongPassphrase unless ``passphrase`` opens ``path``; reads only."""
    connect(path, passphrase, read_only=True).close()


def unlock(path: Path, passphrase: str) -> None:
    """Check ``passphrase`` against an existing encrypted file, then remember it."""
    check_passphrase(path, passphrase)
    remember(path, passphrase)


def quick_check(
    path: Path, passphrase: str, *, full: bool, should_stop: Callable[[], bool] | None
) -> list[tuple[Any, ...]]:
    """SQLite's quick_check through the key (or only the schema, when not ``full``)."""
    connection = connect(path, passphrase, read_only=True)
    try:
        if should_stop is not None:
            stop = should_stop
            connection.set_progress_handler(lambda: 1 if stop() else 0, 10_000)
        if not full:
            return [("ok",)]
        return list(connection.execute("PRAGMA quick_check").fetchall())
    except driver().DatabaseError as error:
        if should_stop is not None and should_stop():
            return [("ok",)]
        return [(str(error),)]
    finally:
        connection.close()


def connect_like(path: Path, database: Path) -> Any:
    """A connection to ``path`` keyed as ``database`` is (plain ``sqlite3`` when it is plain).

    The online backup copies from one to the other, so a backup of an encrypted database
    is encrypted with the same key.
    """
    passphrase = passphrase_for(database)
    if passphrase is None:
        return sqlite3.connect(path)
    connection = driver().connect(str(path))
    # the database itself opens with the key derived once; a new backup file derives its own
    key_connection(connection, passphrase, database if path == database else None)
    return connection


def export_encrypted(plain: Path, target: Path, passphrase: str) -> None:
    """Write an encrypted copy of the plain database ``plain`` into the new file ``target``."""
    dbapi = driver()
    connection = dbapi.connect(str(plain))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(
            f"ATTACH DATABASE {_quoted(str(target))} AS encrypted KEY {_quoted(passphrase)}"
        )
        connection.execute("SELECT sqlcipher_export('encrypted')").fetchall()
        connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        connection.commit()
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()


def table_counts(connection: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
        for name in names
    }


def overwrite_and_remove(path: Path) -> None:
    """Overwrite a file's bytes with random data, flush them to disk, then delete it.

    On a solid-state disk the drive may keep old blocks elsewhere; whole-disk encryption
    (BitLocker, FileVault, LUKS) is what covers that, and the documentation says so.
    """
    if not path.exists():
        return
    size = path.stat().st_size
    with path.open("r+b") as handle:
        remaining = size
        while remaining > 0:
            chunk = min(remaining, 1 << 20)
            handle.write(secrets.token_bytes(chunk))
            remaining -= chunk
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def encrypt_database(path: Path, passphrase: str) -> None:
    """Convert the plain database at ``path`` to an encrypted one, in place.

    The encrypted copy is written to a new file, checked (SQLite's quick_check and every
    table's row count against the plain file), and only then swapped in; the plain file
    and its write-ahead log are overwritten and removed. Any problem before the swap
    leaves the plain file exactly as it was.
    """
    if not path.is_file() or path.stat().st_size == 0:
        raise EncryptionError(f"There is no database at {path}.")
    if looks_encrypted(path):
        raise EncryptionError(f"{path} is already encrypted (or is not a Diversion database).")
    problem = passphrase_problem(passphrase)
    if problem:
        raise EncryptionError(problem)
    new = path.with_name(path.name + ".encrypting")
    if new.exists():
        overwrite_and_remove(new)  # left over from an interrupted conversion
    try:
        export_encrypted(path, new, passphrase)
        plain = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            expected = table_counts(plain)
        finally:
            plain.close()
        encrypted = connect(new, passphrase, read_only=True)
        try:
            checked = encrypted.execute("PRAGMA quick_check").fetchall()
            counts = table_counts(encrypted)
        finally:
            encrypted.close()
        if checked != [("ok",)] or counts != expected:
            raise EncryptionError(
                "The encrypted copy did not match the database, so nothing was changed. "
                "Check that there is room on the disk and try again."
            )
    except BaseException:
        if new.exists():
            overwrite_and_remove(new)
        raise
    aside = path.with_name(path.name + ".plain")
    os.replace(path, aside)
    for sidecar in _sidecars(path):
        overwrite_and_remove(sidecar)
    os.replace(new, path)
    overwrite_and_remove(aside)
