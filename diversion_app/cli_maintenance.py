"""Commands for whoever installs and looks after Diversion: ``--version``, ``folders``, ``backup``.

``--version`` names the schema revision the shipped migrations lead to, read from the
migration files themselves, so it is right in a checkout, an installed wheel and the
one-folder bundle alike. ``folders`` prints where this user's database, settings, log and
backups live. ``backup`` copies a SQLite database with SQLite's online backup (safe while
the application is open), checks the copy, and only then gives it its final name.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from diversion_app import __version__
from diversion_app.domain.timekeeping import LONDON, system_now
from diversion_app.paths import (
    DB_ENV,
    backup_dir,
    config_dir,
    data_dir,
    default_database_path,
    log_dir,
    migrations_dir,
)
from diversion_app.persistence.migrate import check_sqlite_file, quick_head_revision


class MaintenanceError(Exception):
    """A maintenance command cannot do what was asked; the message says why."""


def schema_revision() -> str:
    """The revision the migrations shipped with this copy lead to."""
    head = quick_head_revision()
    if head is not None:
        return head
    from diversion_app.persistence.migrate import head_revision

    return head_revision()


def version_text() -> str:
    return f"diversion-app {__version__}\ndatabase schema revision {schema_revision()}"


class VersionAction(argparse.Action):
    """``--version``: the version and the schema revision, then exit."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        print(version_text())
        parser.exit()


def add_maintenance_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    commands.add_parser(
        "folders",
        parents=[common],
        help="show where the database, settings, log and backups are",
    )
    backup = commands.add_parser(
        "backup", parents=[common], help="copy a SQLite database into the backup folder"
    )
    backup.add_argument("--to", type=Path, metavar="FOLDER", help="the folder to write the copy in")


def folders_listing(database: Path | str | None) -> list[tuple[str, Path | str]]:
    return [
        ("Database", database if database is not None else default_database_path()),
        ("Data folder", data_dir()),
        ("Settings folder", config_dir()),
        ("Log folder", log_dir()),
        ("Backup folder", backup_dir()),
        ("Migrations shipped", migrations_dir()),
    ]


def run_folders(args: argparse.Namespace) -> int:
    database: Path | str | None = None
    if args.database_url:
        from diversion_app.persistence.engine import display_url

        database = display_url(args.database_url)
    elif args.db is not None:
        database = Path(args.db).expanduser().resolve()
    for label, path in folders_listing(database):
        print(f"{label + ':':20} {path}")
    if database is None:
        print(f"(Another database can be used with --db PATH or the {DB_ENV} variable.)")
    return 0


def run_backup(args: argparse.Namespace, *, now: datetime | None = None) -> int:
    if args.database_url:
        raise MaintenanceError(
            "backup copies a SQLite file; back up a PostgreSQL database with pg_dump."
        )
    source = Path(args.db if args.db is not None else default_database_path()).expanduser()
    if not source.is_file():
        raise MaintenanceError(f"There is no database at {source}.")
    check_sqlite_file(source)
    folder = Path(args.to).expanduser() if args.to is not None else backup_dir()
    target = backup_sqlite(source, folder, now=now or system_now())
    print(f"Backed up {source} to {target}.")
    return 0


def backup_sqlite(source: Path, folder: Path, *, now: datetime) -> Path:
    """Copy ``source`` into ``folder`` as ``<name>-YYYYMMDD-HHMMSS.db``; return the copy.

    The copy is written under a temporary name, checked with ``quick_check`` and renamed
    only when whole, so an interrupted backup never looks like a good one.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(LONDON).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{source.stem}-{stamp}.db"
    if target.exists():
        raise MaintenanceError(f"{target} already exists; wait a second and try again.")
    partial = folder / f".{target.name}.partial"
    partial.unlink(missing_ok=True)
    try:
        reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            writer = sqlite3.connect(partial)
            try:
                reader.backup(writer)
                verdict = writer.execute("PRAGMA quick_check").fetchall()
            finally:
                writer.close()
        finally:
            reader.close()
        if verdict != [("ok",)]:
            raise MaintenanceError(
                f"The copy of {source} did not pass SQLite's check; nothing was kept. "
                "Run diversion-app check on the database."
            )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target
