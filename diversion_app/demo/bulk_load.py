"""Writing millions of rows quickly: plain executemany, indexes built after the load.

Used by the demo builder (a region's ten years of data in under two minutes). Rows
are dicts keyed by column name; values are converted once per column with
converters that store exactly what SQLAlchemy's own types would store (a test
holds them to that), then handed to the driver's ``executemany`` without the
per-row work of SQLAlchemy's insert machinery.

On SQLite, ``fast_sqlite_load`` turns off the journal and fsyncs while a new
database is filled, drops the secondary indexes and builds them again at the end
(one sort instead of millions of random inserts), fills the names' trigram index once at
the end instead of by its triggers row by row, and restores WAL and
synchronous FULL afterwards. It is only for filling a *new* database: a crash
half-way leaves a file to throw away.
"""

from __future__ import annotations

import enum
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect, Engine

from diversion_app.persistence import name_search
from diversion_app.persistence.types import UTCDateTime

Converter = Callable[[Any], Any]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_YEAR_1000 = (datetime(1000, 1, 1, tzinfo=UTC) - _EPOCH).days
_day_texts: dict[int, str] = {}
_clock_texts: dict[int, str] = {}
CLOCK_TEXTS_KEPT = 500_000
"""At most this many times of day are remembered (most instants share a few seconds and
microseconds; some, drawn at random, have their own)."""


def utc_text(value: datetime | None) -> str | None:
    """An aware instant as SQLite stores a UTCDateTime: naive UTC text with microseconds.

    The same text as ``isoformat(" ", "microseconds")`` of the UTC instant, made from the
    day's text and the time of day's (each made once and kept: a region's build writes
    millions of instants, and ``isoformat`` of an aware instant was a tenth of it).
    """
    if value is None:
        return None
    if value.tzinfo is not UTC:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("refusing to store a naive datetime: instants must be timezone-aware")
        value = value.astimezone(UTC)
    since = value - _EPOCH
    days = since.days
    if days < _YEAR_1000:
        return f"{value.year:04d}{value.replace(tzinfo=None).isoformat(' ', 'microseconds')[4:]}"
    day = _day_texts.get(days)
    if day is None:
        day = _day_texts[days] = value.date().isoformat() + " "
    seconds = since.seconds
    moment = seconds * 1_000_000 + since.microseconds
    clock = _clock_texts.get(moment)
    if clock is None:
        hours, rest = divmod(seconds, 3600)
        clock = f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}.{since.microseconds:06d}"
        if len(_clock_texts) < CLOCK_TEXTS_KEPT:
            _clock_texts[moment] = clock
    return day + clock


class _Remembered(dict[Any, Any]):
    """Each value's conversion, made the first time the value is asked for."""

    def __init__(self, convert: Converter) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, value: Any) -> Any:
        stored = self[value] = self.convert(value)
        return stored


def _remembered(convert: Converter) -> Converter:
    """``convert`` answering each distinct value once (for values seen over and over: dates).

    The answer is a dictionary's own look-up, so a value seen before costs no Python call.
    """
    return _Remembered(convert).__getitem__


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
    if processor is not None and isinstance(column_type, sa.Date):
        return _remembered(processor)  # a few thousand distinct days among millions of rows
    if processor is not None and isinstance(column_type, sa.JSON):
        return _remembered_lists(processor)
    return processor


def _remembered_lists(convert: Converter) -> Converter:
    """``convert`` answering each distinct list once (a list of ids or of words, the same
    ones over and over); anything else is converted each time."""
    known: dict[str, Any] = {}

    def remembered(value: Any) -> Any:
        if type(value) is not list:
            return convert(value)
        key = repr(value)  # tells 1 from True and "1" from 1, as the JSON text does
        try:
            return known[key]
        except KeyError:
            stored = known[key] = convert(value)
            return stored

    return remembered


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """No cyclic garbage collection while millions of rows are made: none of them is a
    cycle, and each collection would look at every row still held."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Shape:
    """One table's columns as the rows give them, their INSERT and their converters."""

    __slots__ = ("from_values", "keys", "sql", "values")

    def __init__(
        self,
        keys: tuple[str, ...],
        sql: str,
        values: Callable[[Any], Any],
        from_values: Callable[[tuple[Any, ...]], Any],
    ) -> None:
        self.keys = keys
        self.sql = sql
        self.values = values
        """A row dict -> the driver's parameters (a tuple), converted."""
        self.from_values = from_values
        """The row's values in the order of ``keys`` -> the driver's parameters."""


def _row_values(keys: tuple[str, ...], converters: list[Converter | None]) -> Callable[[Any], Any]:
    """A row dict -> the tuple of its values in the order of ``keys``, converted."""
    return _compiled("row", [repr(key) for key in keys], converters)


def _converted_values(converters: list[Converter | None]) -> Callable[[tuple[Any, ...]], Any]:
    """A row's values -> the same values, converted (the values themselves if none is)."""
    if not any(converters):
        return lambda values: values
    return _compiled("values", [str(i) for i in range(len(converters))], converters)


def _compiled(
    argument: str, subscripts: list[str], converters: list[Converter | None]
) -> Callable[[Any], Any]:
    """``lambda argument: (convert_0(argument[subscript_0]), ...)`` for one table's columns,
    written out as one expression instead of a loop over the columns for each of millions
    of rows.

    The subscripts are a table's own column names (as Python literals) or positions,
    never data; the converters are passed in by name, not written into the source.
    """
    named: dict[str, Any] = {}
    items = []
    for i, (subscript, convert) in enumerate(zip(subscripts, converters, strict=True)):
        item = f"{argument}[{subscript}]"
        if convert is not None:
            named[f"convert_{i}"] = convert
            item = f"convert_{i}({item})"
        items.append(item)
    source = f"lambda {argument}: ({', '.join(items)},)"
    made: Callable[[Any], Any] = eval(source, {"__builtins__": {}, **named})
    return made


class BulkRows:
    """Buffered inserts with explicit ids, written in large ``executemany`` chunks.

    Each row is turned into the driver's parameters as it is added (so the dict can go at
    once); every row of a table has the columns its first row has.
    """

    def __init__(self, connection: Connection, metadata: sa.MetaData, chunk: int = 50_000) -> None:
        self.connection = connection
        self.metadata = metadata
        self.chunk = chunk
        self.buffers: dict[sa.Table, list[Any]] = {}
        self.next_ids: dict[str, int] = {}
        self.written: dict[str, int] = {}
        self._shapes: dict[sa.Table, _Shape] = {}

    @property
    def counts(self) -> dict[str, int]:
        """Rows added, by table name."""
        counts = dict(self.written)
        for table, buffer in self.buffers.items():
            counts[table.name] = counts.get(table.name, 0) + len(buffer)
        return {name: count for name, count in counts.items() if count}

    def next_id(self, table: str) -> int:
        value = self.next_ids.get(table, 0) + 1
        self.next_ids[table] = value
        return value

    def take_ids(self, table: str, count: int) -> int:
        """The first of ``count`` ids in a row (``next_id`` asked ``count`` times)."""
        first = self.next_ids.get(table, 0) + 1
        self.next_ids[table] = first - 1 + count
        return first

    def add(self, table: sa.Table, row: dict[str, Any]) -> None:
        shape = self._shapes.get(table)
        if shape is None:
            shape = self._shape(table, tuple(row))
        elif len(row) != len(shape.keys):
            raise ValueError(f"a row of {table.name} with other columns than its first row")
        buffer = self.buffers[table]
        buffer.append(shape.values(row))
        if len(buffer) >= self.chunk:
            self.flush()

    def add_values(self, table: sa.Table, keys: tuple[str, ...], values: tuple[Any, ...]) -> None:
        """``add`` for a row given as its values in the order of ``keys`` (for the tables
        with millions of rows: no dict to make and take apart)."""
        shape = self._shapes.get(table)
        if shape is None:
            shape = self._shape(table, keys)
        elif keys is not shape.keys and keys != shape.keys:
            raise ValueError(f"a row of {table.name} with other columns than its first row")
        buffer = self.buffers[table]
        buffer.append(shape.from_values(values))
        if len(buffer) >= self.chunk:
            self.flush()

    def add_made(
        self,
        table: sa.Table,
        keys: tuple[str, ...],
        make: Callable[..., Iterable[tuple[Any, ...]]],
        arguments: tuple[Any, ...],
        count: int,
    ) -> None:
        """The ``count`` rows ``make(*arguments)`` gives, each as its values in the order of
        ``keys``. ``make`` is a module's function of its arguments alone, so the rows may be
        made where they are written (see beside.py); here they are added at once."""
        for values in make(*arguments):
            self.add_values(table, keys, values)

    def flush(self) -> None:
        """Write every buffer, parents before children."""
        cursor = self.connection.connection.cursor()
        try:
            for table in self.metadata.sorted_tables:
                buffer = self.buffers.get(table)
                if buffer:
                    cursor.executemany(self._shapes[table].sql, buffer)
                    self.written[table.name] = self.written.get(table.name, 0) + len(buffer)
                    buffer.clear()
        finally:
            cursor.close()

    def _shape(self, table: sa.Table, keys: tuple[str, ...]) -> _Shape:
        dialect = self.connection.dialect
        quote = dialect.identifier_preparer.quote
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        names = ", ".join(quote(key) for key in keys)
        markers = ", ".join(marker for _ in keys)
        sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({markers})"
        converters = [converter_for(table.columns[key], dialect) for key in keys]
        shape = self._shapes[table] = _Shape(
            keys, sql, _row_values(keys, converters), _converted_values(converters)
        )
        self.buffers[table] = []
        return shape


def update_by_id(
    connection: Connection, table: sa.Table, keys: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Set the columns ``keys`` of many rows: each of ``rows`` is an id and the new values in
    the order of ``keys``, converted as ``BulkRows`` converts them, in one ``executemany``."""
    if not rows:
        return
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    settings = ", ".join(f"{quote(key)} = {marker}" for key in keys)
    sql = f"UPDATE {quote(table.name)} SET {settings} WHERE {quote('id')} = {marker}"
    convert = _converted_values([converter_for(table.columns[key], dialect) for key in keys])
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, [(*convert(row[1:]), row[0]) for row in rows])
    finally:
        cursor.close()


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
        driver.execute("PRAGMA threads = 2")  # helpers for the sorts that build the indexes
        indexes = [
            (name, sql)
            for name, sql in driver.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        ]
        try:
            with connection.begin():
                names_indexed = name_search.exists(connection)
                for name, _sql in indexes:
                    connection.exec_driver_sql(f'DROP INDEX "{name}"')
                if names_indexed:  # filled once at the end, not by a trigger per row
                    name_search.drop_triggers(connection)
                yield connection
                for _name, sql in indexes:
                    connection.exec_driver_sql(sql)
                if names_indexed:
                    name_search.rebuild(connection)
                    name_search.create_triggers(connection)
            driver.execute("PRAGMA analysis_limit = 1000")
            driver.execute("ANALYZE")
        finally:
            driver.execute("PRAGMA threads = 0")
            driver.execute("PRAGMA cache_size = -2000")
            driver.execute("PRAGMA synchronous = FULL")
            driver.execute("PRAGMA journal_mode = WAL")
