"""Writing millions of rows quickly: plain executemany, indexes built after the load.

Used by the demo builder (a region's ten years of data in under two minutes). Rows
are dicts keyed by column name; values are converted once per column with
converters that store exactly what SQLAlchemy's own types would store (a test
holds them to that), then handed to the driver's ``executemany`` without the
per-row work of SQLAlchemy's insert machinery.

On SQLite, ``fast_sqlite_load`` turns off the journal and fsyncs while a new
database is filled, drops the secondary indexes and builds them again at the end
(one sort instead of millions of random inserts), and restores WAL and
synchronous FULL afterwards. It is only for filling a *new* database: a crash
half-way leaves a file to throw away.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect, Engine

from diversion_app.persistence.types import UTCDateTime

Converter = Callable[[Any], Any]


def utc_text(value: datetime | None) -> str | None:
    """An aware instant as SQLite stores a UTCDateTime: naive UTC text with microseconds."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("refusing to store a naive datetime: instants must be timezone-aware")
        value = value.astimezone(UTC)
    if value.year < 1000:
        return f"{value.year:04d}{value.replace(tzinfo=None).isoformat(' ', 'microseconds')[4:]}"
    # "YYYY-MM-DD HH:MM:SS.ffffff+00:00" without its offset: what SQLAlchemy's DATETIME stores
    return value.isoformat(" ", "microseconds")[:26]


def enum_value(value: Any) -> Any:
    """An enum member as its stored value (strings pass through)."""
    return value.value if isinstance(value, enum.Enum) else value


def converter_for(column: sa.Column[Any], dialect: Dialect) -> Converter | None:
    """The function turning a Python value for ``column`` into the value the driver gets."""
    column_type = column.type
    if dialect.name == "sqlite" and isinstance(column_type, UTCDateTime):
        return utc_text
    if isinstance(column_type, sa.Enum):
        enum_class = column_type.enum_class
        if enum_class is not None and issubclass(enum_class, str):
            return None  # a StrEnum member binds as its value already
        return enum_value
    if isinstance(column_type, sa.Boolean) and dialect.name == "sqlite":
        return None  # True and False bind as 1 and 0 already
    processor: Converter | None = column_type._cached_bind_processor(dialect)
    return processor


class BulkRows:
    """Buffered inserts with explicit ids, written in large ``executemany`` chunks."""

    def __init__(self, connection: Connection, metadata: sa.MetaData, chunk: int = 50_000) -> None:
        self.connection = connection
        self.metadata = metadata
        self.chunk = chunk
        self.buffers: dict[sa.Table, list[dict[str, Any]]] = {}
        self.next_ids: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self._statements: dict[tuple[sa.Table, tuple[str, ...]], tuple[str, list[Any]]] = {}

    def next_id(self, table: str) -> int:
        value = self.next_ids.get(table, 0) + 1
        self.next_ids[table] = value
        return value

    def add(self, table: sa.Table, row: dict[str, Any]) -> None:
        buffer = self.buffers.get(table)
        if buffer is None:
            buffer = self.buffers[table] = []
        buffer.append(row)
        self.counts[table.name] = self.counts.get(table.name, 0) + 1
        if len(buffer) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        """Write every buffer, parents before children."""
        cursor = self.connection.connection.cursor()
        try:
            for table in self.metadata.sorted_tables:
                buffer = self.buffers.get(table)
                if buffer:
                    self._write(cursor, table, buffer)
                    buffer.clear()
        finally:
            cursor.close()

    def _write(self, cursor: Any, table: sa.Table, buffer: list[dict[str, Any]]) -> None:
        keys = tuple(buffer[0])
        sql, converters = self._statement(table, keys)
        values = itemgetter(*keys) if len(keys) > 1 else (lambda row: (row[keys[0]],))
        converted = [(i, convert) for i, convert in enumerate(converters) if convert is not None]
        if not converted:
            cursor.executemany(sql, [values(row) for row in buffer])
            return
        params = []
        for row in buffer:
            items = list(values(row))
            for i, convert in converted:
                items[i] = convert(items[i])
            params.append(items)
        cursor.executemany(sql, params)

    def _statement(self, table: sa.Table, keys: tuple[str, ...]) -> tuple[str, list[Any]]:
        cached = self._statements.get((table, keys))
        if cached is None:
            dialect = self.connection.dialect
            quote = dialect.identifier_preparer.quote
            marker = "?" if dialect.paramstyle == "qmark" else "%s"
            names = ", ".join(quote(key) for key in keys)
            markers = ", ".join(marker for _ in keys)
            sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({markers})"
            cached = (sql, [converter_for(table.columns[key], dialect) for key in keys])
            self._statements[(table, keys)] = cached
        return cached


@contextmanager
def fast_sqlite_load(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for filling a new database as fast as it can be.

    Other databases get an ordinary transaction.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA journal_mode = OFF")
        driver.execute("PRAGMA synchronous = OFF")
        driver.execute("PRAGMA cache_size = -200000")
        indexes = [
            (name, sql)
            for name, sql in driver.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        ]
        try:
            with connection.begin():
                for name, _sql in indexes:
                    connection.exec_driver_sql(f'DROP INDEX "{name}"')
                yield connection
                for _name, sql in indexes:
                    connection.exec_driver_sql(sql)
            driver.execute("PRAGMA analysis_limit = 1000")
            driver.execute("ANALYZE")
        finally:
            driver.execute("PRAGMA cache_size = -2000")
            driver.execute("PRAGMA synchronous = FULL")
            driver.execute("PRAGMA journal_mode = WAL")
