"""Where things live: the user's database, settings, log and backups, the migrations and resources.

The user's folders follow each platform's conventions through ``platformdirs`` (the
real paths are listed in docs/operations.md and printed by ``diversion-app folders``).
The database defaults to a file in the user data folder; ``--db``, ``DIVERSION_DB`` or
``--database-url`` override it. Migrations and resources are found in the checkout
(``db/``, ``resources/``) or, from an installed wheel or the one-folder bundle, in the
``diversion_app._migrations`` and ``diversion_app._resources`` packages.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from diversion_app import APP_NAME, ORG_NAME

DB_ENV = "DIVERSION_DB"
DB_FILENAME = "diversion.db"
_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME))


def config_dir() -> Path:
    """Per-user settings kept outside the database (window positions)."""
    return Path(platformdirs.user_config_dir(APP_NAME, ORG_NAME))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, ORG_NAME))


def backup_dir() -> Path:
    """Where ``diversion-app backup`` puts its copies unless told otherwise."""
    return data_dir() / "Backups"


def default_database_path() -> Path:
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return data_dir() / DB_FILENAME


def _bundled(checkout_name: str, package_name: str) -> Path:
    checkout = _CHECKOUT_DIR / checkout_name
    if (checkout / ".bundled").exists():
        return checkout
    return _PACKAGE_DIR / package_name


def migrations_dir() -> Path:
    """The Alembic script directory (``db/`` in a checkout)."""
    return _bundled("db", "_migrations")


def resources_dir() -> Path:
    return _bundled("resources", "_resources")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
