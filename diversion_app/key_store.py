"""Keeping a database's passphrase in the operating system's keyring, when chosen.

Windows Credential Manager, the macOS Keychain or the Secret Service on Linux, through
the ``keyring`` package: the passphrase is then not typed at each start, and is as safe
as the person's own account on that computer. Stored under the database file's full
path, so two databases keep two passphrases. Nothing here writes a file of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SERVICE = "diversion-app database"


class KeyStoreError(Exception):
    """The keyring cannot be used here; the message says why."""


def _keyring() -> Any:
    try:
        import keyring
        import keyring.errors
    except ImportError:
        raise KeyStoreError(
            "The keyring package is not installed, so the passphrase cannot be kept in the "
            "system keyring; it will be asked for at each start."
        ) from None
    return keyring


def _account(path: Path) -> str:
    return str(path.expanduser().resolve())


def load(path: Path) -> str | None:
    """The passphrase kept for ``path``, or None (none kept, or no keyring here)."""
    try:
        keyring = _keyring()
        value = keyring.get_password(SERVICE, _account(path))
    except Exception:  # no backend, a locked keyring: fall back to asking
        return None
    return value if isinstance(value, str) and value else None


def save(path: Path, passphrase: str) -> None:
    keyring = _keyring()
    try:
        keyring.set_password(SERVICE, _account(path), passphrase)
    except Exception as error:
        raise KeyStoreError(
            "The system keyring refused to keep the passphrase "
            f"({error.__class__.__name__}); it will be asked for at each start."
        ) from None


def remove(path: Path) -> None:
    try:
        keyring = _keyring()
        keyring.delete_password(SERVICE, _account(path))
    except Exception:
        return
