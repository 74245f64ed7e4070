"""The bulk writer stores exactly what SQLAlchemy's own insert would, and restores the pragmas."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from diversion_app.demo.bulk_load import BulkRows, fast_sqlite_load, update_by_id, utc_text
from diversion_app.domain.enums import Pathway, ReferralStatus
from diversion_app.persistence.engine import create_engine, sqlite_url
from diversion_app.persistence.types import UTCDateTime, enum_type

metadata = sa.MetaData()
sample = sa.Table(
    "sample",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UTCDateTime()),
    sa.Column("on", sa.Date),
    sa.Column("status", enum_type(ReferralStatus)),
    sa.Column("pathway", enum_type(Pathway)),
    sa.Column("flag", sa.Boolean),
    sa.Column("doc", sa.JSON),
    sa.Column("name", sa.String(40)),
    sa.Index("ix_sample_name", "name"),
)

ROWS: list[dict[str, Any]] = [
    {
        "id": 1,
        "at": datetime(2026, 11, 28, 14, 30, tzinfo=UTC),
        "on": date(2026, 3, 29),
        "status": ReferralStatus.ALLOCATED,
        "pathway": Pathway.DIVERSION,
        "flag": True,
        "doc": ["offence", "school"],
        "name": "Zoë O'Neill",
    },
    {
        "id": 2,
        "at": datetime(2026, 3, 29, 1, 30, 0, 5, tzinfo=timezone(timedelta(hours=1))),
        "on": None,
        "status": ReferralStatus.CLOSED,
        "pathway": Pathway.PREVENTION,
        "flag": False,
        "doc": {"a": 1},
        "name": None,
    },
    {
        "id": 3,
        "at": None,
        "on": date(1999, 12, 31),
        "status": ReferralStatus.RECEIVED,
        "pathway": Pathway.PREVENTION,
        "flag": False,
        "doc": [],
        "name": "",
    },
]


def _stored(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            'SELECT id, at, typeof(at), "on", status, pathway, flag, typeof(flag), doc, name '
            "FROM sample ORDER BY id"
        ).fetchall()


def test_bulk_rows_store_what_sqlalchemy_stores(tmp_path: Path) -> None:
    by_sqlalchemy = create_engine(sqlite_url(tmp_path / "a.db"))
    by_bulk = create_engine(sqlite_url(tmp_path / "b.db"))
    for engine in (by_sqlalchemy, by_bulk):
        metadata.create_all(engine)
    with by_sqlalchemy.begin() as connection:
        connection.execute(sample.insert(), ROWS)
    with fast_sqlite_load(by_bulk) as connection:
        rows = BulkRows(connection, metadata, chunk=2)
        for row in ROWS:
            rows.add(sample, dict(row))
        rows.flush()
    assert rows.counts == {"sample": 3}
    expected = _stored(tmp_path / "a.db")
    assert _stored(tmp_path / "b.db") == expected
    assert expected[1][1] == "2026-03-29 00:30:00.000005"
    with by_bulk.connect() as connection:
        read = connection.execute(sa.select(sample.c.at).where(sample.c.id == 1)).scalar_one()
        assert read == ROWS[0]["at"]
    by_sqlalchemy.dispose()
    by_bulk.dispose()


def test_the_fast_load_rebuilds_indexes_and_restores_the_pragmas(tmp_path: Path) -> None:
    engine = create_engine(sqlite_url(tmp_path / "c.db"))
    metadata.create_all(engine)
    with fast_sqlite_load(engine) as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        assert driver.execute("PRAGMA journal_mode").fetchone()[0] == "off"
        names = {r[0] for r in driver.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "ix_sample_name" not in names
        rows = BulkRows(connection, metadata)
        rows.add(sample, dict(ROWS[0]))
        rows.flush()
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        assert driver.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert driver.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        names = {r[0] for r in driver.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "ix_sample_name" in names
    engine.dispose()


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        utc_text(datetime(2026, 1, 1, 12, 0))


def _loaded(path: Path, fill: Callable[[BulkRows], None]) -> dict[str, int]:
    """A new database at ``path`` with the sample table, filled by ``fill`` through the
    bulk rows (a chunk of two, so rows go out in several batches): the rows' counts."""
    engine = create_engine(sqlite_url(path))
    metadata.create_all(engine)
    with fast_sqlite_load(engine) as connection:
        rows = BulkRows(connection, metadata, chunk=2)
        fill(rows)
        rows.flush()
    engine.dispose()
    return rows.counts


def test_rows_given_as_values_store_what_rows_given_as_dicts_store(tmp_path: Path) -> None:
    keys = tuple(ROWS[0])

    def as_dicts(rows: BulkRows) -> None:
        for row in ROWS:
            rows.add(sample, dict(row))

    def as_values(rows: BulkRows) -> None:
        for row in ROWS:
            rows.add_values(sample, keys, tuple(row[key] for key in keys))
        with pytest.raises(ValueError, match="other columns"):
            rows.add_values(sample, keys[:-1], (1,) * (len(keys) - 1))

    assert _loaded(tmp_path / "dicts.db", as_dicts) == {"sample": 3}
    assert _loaded(tmp_path / "values.db", as_values) == {"sample": 3}
    assert _stored(tmp_path / "values.db") == _stored(tmp_path / "dicts.db")


def _sample_rows(first_id: int, count: int) -> list[tuple[Any, ...]]:
    """Made from their arguments alone, as add_made asks."""
    keys = tuple(ROWS[0])
    return [
        tuple(first_id + n if key == "id" else ROWS[n % len(ROWS)][key] for key in keys)
        for n in range(count)
    ]


def test_rows_made_from_arguments_store_what_rows_given_as_values_store(tmp_path: Path) -> None:
    keys = tuple(ROWS[0])

    def filled(made: bool) -> Callable[[BulkRows], None]:
        def fill(rows: BulkRows) -> None:
            for count in (3, 0, 2):
                first_id = rows.take_ids("sample", count)
                if made:
                    rows.add_made(sample, keys, _sample_rows, (first_id, count), count)
                else:
                    for values in _sample_rows(first_id, count):
                        rows.add_values(sample, keys, values)
            assert rows.next_id("sample") == 6  # the five ids taken, as next_id takes them

        return fill

    assert _loaded(tmp_path / "values.db", filled(made=False)) == {"sample": 5}
    assert _loaded(tmp_path / "made.db", filled(made=True)) == {"sample": 5}
    assert _stored(tmp_path / "made.db") == _stored(tmp_path / "values.db")


def test_rows_sent_to_be_made_go_as_their_arguments_and_count(tmp_path: Path) -> None:
    from diversion_app.demo.beside import SentRows

    sent: list[Any] = []

    class Channel:
        def send(self, message: Any) -> None:
            sent.append(message)

    keys = tuple(ROWS[0])
    engine = create_engine(sqlite_url(tmp_path / "d.db"))
    with engine.connect() as connection:
        rows = SentRows(connection, metadata, Channel())  # type: ignore[arg-type]
        rows.add_made(sample, keys, _sample_rows, (1, 3), 3)
        with pytest.raises(ValueError, match="both ways"):
            rows.add_values(sample, keys, _sample_rows(4, 1)[0])
        assert rows.counts == {"sample": 3}
        rows.flush()
        assert rows.counts == {"sample": 3}
    engine.dispose()
    assert sent == [("rows", [("made", "sample", keys, _sample_rows, [(1, 3)])])]


def test_updates_by_id_store_what_sqlalchemy_stores(tmp_path: Path) -> None:
    changes = [
        (1, datetime(2026, 3, 29, 1, 30, 0, 5, tzinfo=timezone(timedelta(hours=1))), None),
        (3, None, date(2026, 11, 28)),
    ]
    by_sqlalchemy = create_engine(sqlite_url(tmp_path / "a.db"))
    by_driver = create_engine(sqlite_url(tmp_path / "b.db"))
    for engine in (by_sqlalchemy, by_driver):
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(sample.insert(), ROWS)
    with by_sqlalchemy.begin() as connection:
        connection.execute(
            sample.update()
            .where(sample.c.id == sa.bindparam("row_id"))
            .values(at=sa.bindparam("new_at"), on=sa.bindparam("new_on")),
            [{"row_id": i, "new_at": at, "new_on": on} for i, at, on in changes],
        )
    with by_driver.begin() as connection:
        update_by_id(connection, sample, ("at", "on"), changes)
        update_by_id(connection, sample, ("at", "on"), [])
    assert _stored(tmp_path / "b.db") == _stored(tmp_path / "a.db")
    by_sqlalchemy.dispose()
    by_driver.dispose()
