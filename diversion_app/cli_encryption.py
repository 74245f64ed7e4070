"""Encrypted databases on the command line: unlocking at start, creating, and ``encrypt``.

The passphrase comes from ``DIVERSION_DB_PASSPHRASE`` (for scripts), the system keyring
(when the administrator chose to keep it there), or a prompt. A wrong one is refused with
a plain sentence before anything opens the file, so nothing is written to it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from diversion_app import key_store
from diversion_app.persistence import encryption
from diversion_app.persistence.secure_delete import backups_of

PASSPHRASE_ENV = "DIVERSION_DB_PASSPHRASE"


class PassphraseRefused(Exception):
    """No passphrase, or the wrong one: the message says what to do."""


def add_encryption_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encrypted",
        action="store_true",
        help="create a new database encrypted (a passphrase is asked for, or read from "
        f"{PASSPHRASE_ENV})",
    )


def _prompt(text: str) -> str:
    if not sys.stdin.isatty():
        raise PassphraseRefused(
            f"The database is encrypted: give its passphrase at a terminal, or set "
            f"{PASSPHRASE_ENV} for a script."
        )
    try:
        return getpass.getpass(text)
    except EOFError:
        raise PassphraseRefused("No passphrase was given.") from None


def known_passphrase(path: Path) -> str | None:
    """From the environment or the keyring, without asking."""
    return os.environ.get(PASSPHRASE_ENV) or key_store.load(path)


def new_passphrase(path: Path) -> str:
    """A passphrase for a file about to be encrypted: from the environment, or asked twice."""
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        problem = encryption.passphrase_problem(from_env)
    else:
        first = _prompt(f"New passphrase for {path.name}: ")
        problem = encryption.passphrase_problem(first, _prompt("The same passphrase again: "))
        from_env = first
    if problem:
        raise PassphraseRefused(problem)
    return from_env


def unlock_for_command(path: Path | None, *, create_encrypted: bool, ask: bool = True) -> bool:
    """Make ``path`` usable by this process; True when it is (or will be) encrypted.

    An existing encrypted file is unlocked (a wrong passphrase refused); a missing file
    with ``create_encrypted`` is given a new passphrase; a plain file needs nothing.
    With ``ask=False`` only the environment and the keyring are tried (the window asks
    for itself); the file then stays locked when neither has it.
    """
    if path is None:
        return False
    if encryption.looks_encrypted(path):
        passphrase = known_passphrase(path)
        if passphrase is None:
            if not ask:
                return True
            passphrase = _prompt(f"Passphrase for {path.name}: ")
        try:
            encryption.unlock(path, passphrase)
        except encryption.WrongPassphrase as error:
            raise PassphraseRefused(str(error)) from None
        return True
    exists = path.exists() and path.stat().st_size > 0
    if create_encrypted and not exists:
        passphrase = known_passphrase(path) if not ask else None
        if passphrase is None and not ask:
            return True
        encryption.remember(path, passphrase or new_passphrase(path))
        return True
    if create_encrypted and exists:
        raise PassphraseRefused(
            f"{path} already exists and is not encrypted: encrypt it with "
            "diversion-app encrypt --db PATH."
        )
    return False


def encrypt_command(path: Path, *, keep_in_keyring: bool, remove_plain_backups: bool) -> str:
    """``diversion-app encrypt``: convert the file, then say what else still holds the data."""
    if not path.exists():
        raise PassphraseRefused(f"There is no database at {path}.")
    passphrase = new_passphrase(path)
    encryption.encrypt_database(path, passphrase)
    lines = [f"{path} is now encrypted; the plain file was overwritten and removed."]
    if keep_in_keyring:
        try:
            key_store.save(path, passphrase)
            lines.append("The passphrase is kept in the system keyring for this account.")
        except key_store.KeyStoreError as error:
            lines.append(str(error))
    plain = [backup for backup in backups_of(path) if not encryption.looks_encrypted(backup)]
    if plain and remove_plain_backups:
        for backup in plain:
            encryption.overwrite_and_remove(backup)
        lines.append(f"{len(plain)} unencrypted backup(s) overwritten and removed.")
    elif plain:
        names = ", ".join(backup.name for backup in plain)
        lines.append(
            f"{len(plain)} older backup(s) beside it are NOT encrypted and still hold the "
            f"data: {names}. Remove them (encrypt again with --remove-plain-backups) once "
            "they are no longer needed."
        )
    lines.append("Keep the passphrase safe: without it the database cannot be opened.")
    return "\n".join(lines)
