"""Making erased data leave the file: SQLite's secure delete, a VACUUM, and the backups.

Every SQLite connection runs with ``secure_delete`` on (``engine.py``), so a deleted or
rewritten row's bytes are overwritten with zeros in its page. The names' trigram index
keeps a changed name's old entries in its older segments until they are merged:
``overwrite_freed_pages`` merges them (``name_search.purge_deleted``), then rebuilds the
file (``VACUUM``) and empties the write-ahead log, so no old copy of a page survives
anywhere in the database's files. It takes a while on a large file: run it
off the GUI thread; its ``progress`` is called with (step, steps). On PostgreSQL it does
nothing (the server's own storage is the operator's to manage).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import Engine

from diversion_app.persistence import name_search
from diversion_app.persistence.engine import sqlite_path
from diversion_app.persistence.sqlite_write_lock import WRITE_TRANSACTION

VACUUM_STEPS = 3


def backups_of(path: Path) -> list[Path]:
    """The copies made beside the database before migrations, oldest first."""
    return sorted(path.parent.glob(f"{path.name}.backup-*"))


def database_backups(engine: Engine) -> list[Path]:
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    return backups_of(path) if path is not None else []


def overwrite_freed_pages(
    engine: Engine, progress: Callable[[int, int], None] | None = None
) -> bool:
    """Rebuild the file so erased bytes are gone from it and its log; False if not SQLite."""
    if engine.dialect.name != "sqlite":
        return False
    report = progress or (lambda _done, _total: None)
    with engine.connect() as connection:
        writing = connection.execution_options(**{WRITE_TRANSACTION: True})
        with writing.begin():  # an erased name's trigrams leave the name index first
            name_search.purge_deleted(writing)
    raw = engine.raw_connection()  # outside SQLAlchemy's BEGIN: VACUUM needs no transaction
    try:
        cursor = raw.cursor()
        report(0, VACUUM_STEPS)
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        report(1, VACUUM_STEPS)
        cursor.execute("VACUUM")
        report(2, VACUUM_STEPS)
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        report(3, VACUUM_STEPS)
        cursor.close()
    finally:
        raw.close()
    return True
