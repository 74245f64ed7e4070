"""The big region database in PostgreSQL, for measuring beside SQLite (``make bench``).

When ``DIVERSION_BENCH_POSTGRES_URL`` names a PostgreSQL database (for instance
``postgresql+psycopg://diversion@/diversion_bench?host=/tmp/pg/socket``), the region
database ``common.big_database`` built is copied into it: the application's own
migrations make the tables, then every table's rows are sent with ``COPY``, in the
order of their foreign keys, and each id sequence is moved past the copied ids.

The copy is cached like the SQLite file: the build stamp of the SQLite database is kept
as the comment of the ``alembic_version`` table, and a database that already carries the
same stamp is used as it is. A different stamp (a new build, new code, new migrations)
empties the schema the URL uses (``public`` unless its ``search_path`` names another)
and copies again. The database named must be one for benchmarks only: its contents
are replaced.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

URL_VARIABLE = "DIVERSION_BENCH_POSTGRES_URL"
STAMP_PREFIX = "diversion bench region "
BATCH = 20_000


def bench_url() -> str | None:
    """The PostgreSQL URL to measure against, or None (then SQLite only)."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    return url or None


def connect(url: str) -> Any:
    """A plain psycopg connection (no SQLAlchemy) to ``url``, autocommit, UTC."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    options: dict[str, Any] = {"dbname": parsed.database, "autocommit": True}
    if parsed.username:
        options["user"] = parsed.username
    if parsed.password:
        options["password"] = parsed.password
    if parsed.host:
        options["host"] = parsed.host
    if parsed.port:
        options["port"] = parsed.port
    for key, value in parsed.query.items():
        options[key] = value if isinstance(value, str) else value[-1]
    connection = psycopg.connect(**options)
    connection.execute("SET TimeZone = 'UTC'")
    return connection


def server_version(url: str) -> str:
    with connect(url) as connection:
        return str(connection.execute("SHOW server_version").fetchone()[0])


def stored_stamp(connection: Any) -> str | None:
    row = connection.execute(
        "SELECT obj_description(to_regclass('alembic_version'), 'pg_class')"
    ).fetchone()
    return None if row is None else row[0]


def _schema(connection: Any) -> str:
    """The schema the URL's connections use (``public`` unless its search_path says)."""
    name = connection.execute("SELECT current_schema()").fetchone()[0]
    if name is None:
        raise RuntimeError("the PostgreSQL URL's search_path names no existing schema")
    return str(name)


def load(sqlite_file: Path, record: dict[str, Any], url: str) -> dict[str, Any]:
    """Copy ``sqlite_file`` into ``url`` unless it holds this build already; what was done."""
    stamp = f"{STAMP_PREFIX}{record['version']} built {record.get('built_at', '')}"
    with connect(url) as connection:
        if stored_stamp(connection) == stamp:
            return {"cached": True, "stamp": stamp}
        schema = _schema(connection)
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
        connection.execute(f'CREATE SCHEMA "{schema}"')
    started = time.perf_counter()
    _migrate(url)
    with connect(url) as connection:
        counts = _copy_rows(sqlite_file, connection)
        # as autovacuum leaves a settled database: statistics for the planner, and the
        # visibility map set so that counts can be answered from the indexes alone
        connection.execute("VACUUM ANALYZE")
        quoted = stamp.replace("'", "''")
        connection.execute(f"COMMENT ON TABLE alembic_version IS '{quoted}'")
    return {
        "cached": False,
        "stamp": stamp,
        "load_seconds": time.perf_counter() - started,
        "rows": counts,
    }


def _migrate(url: str) -> None:
    """The tables, by the application's migrations (as a new PostgreSQL deployment gets)."""
    from diversion_app.persistence.migrate import open_database

    opened = open_database(url, now=datetime.now(UTC))
    opened.engine.dispose()


def _copy_rows(sqlite_file: Path, connection: Any) -> dict[str, int]:
    from diversion_app.persistence.models import Base

    source = sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True)
    tables = [table for table in Base.metadata.sorted_tables]
    names = [table.name for table in tables]
    with connection.transaction():
        # the audit trail's own triggers refuse deletes: off (as the tables' owner) while
        # the starting rows the migrations wrote are replaced by the copy, then on again
        for name in names:
            connection.execute(f'ALTER TABLE "{name}" DISABLE TRIGGER USER')
        connection.execute(
            "TRUNCATE " + ", ".join(f'"{name}"' for name in reversed(names)) + " CASCADE"
        )
        counts: dict[str, int] = {}
        for table in tables:
            columns = [column.name for column in table.columns]
            counts[table.name] = _copy_table(source, connection, table.name, columns)
        for table in tables:
            _move_sequence_on(connection, table.name)
        for name in names:
            connection.execute(f'ALTER TABLE "{name}" ENABLE TRIGGER USER')
    source.close()
    return counts


def _copy_table(source: sqlite3.Connection, connection: Any, name: str, columns: list[str]) -> int:
    existing = {row[1] for row in source.execute(f'PRAGMA table_info("{name}")')}
    columns = [column for column in columns if column in existing]
    if not columns:
        return 0
    booleans = _boolean_columns(connection, name)
    flags = [column in booleans for column in columns]
    listed = ", ".join(f'"{column}"' for column in columns)
    copied = 0
    with connection.cursor().copy(f'COPY "{name}" ({listed}) FROM STDIN') as copy:
        for rows in _batches(source.execute(f'SELECT {listed} FROM "{name}"')):
            for row in rows:
                copy.write_row(
                    [
                        bool(value) if flag and value is not None else value
                        for value, flag in zip(row, flags, strict=True)
                    ]
                )
            copied += len(rows)
    return copied


def _boolean_columns(connection: Any, name: str) -> set[str]:
    return {
        row[0]
        for row in connection.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s "
            "AND data_type = 'boolean'",
            (name,),
        )
    }


def _move_sequence_on(connection: Any, name: str) -> None:
    """After copying explicit ids, the next id is past the largest copied."""
    for (column,) in connection.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() "
        "AND table_name = %s AND (column_default LIKE 'nextval(%%' OR is_identity = 'YES')",
        (name,),
    ).fetchall():
        connection.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{column}'), "
            f'COALESCE((SELECT max("{column}") FROM "{name}"), 0) + 1, false)'
        )


def _batches(cursor: sqlite3.Cursor) -> Iterator[list[tuple[Any, ...]]]:
    while rows := cursor.fetchmany(BATCH):
        yield rows
