"""Making the demo rows in a second process while this one writes them.

A region's build is two kinds of work of about the same size: making the rows (Python,
drawing from the seeded random streams) and SQLite storing them. On a machine with two
or more cores ``generate_beside`` runs the making in a forked child process, which sends
each batch of rows (already turned into the driver's parameters) through a pipe, while
this process writes them with its own connection in the order they were made: the same
rows, the same ids, the same order as when one process does both. The rows of the two
largest tables (sessions and ratings, three million in a region) go as the few values
each group is made from, and this process makes them (``BulkRows.add_made``): less to
send, and a share of the work moved to the process that would otherwise wait.

Only where ``fork`` is the way processes start (Linux), only for SQLite, and only from a
program running no other thread (the command line); elsewhere the builder makes and
writes the rows in one process. The child never uses the
database: it only makes rows and sends them, and leaves without closing anything.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection as Channel
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from diversion_app.demo.bulk_load import BulkRows

T = TypeVar("T")

SMALLEST_BUILD = 5_000
"""Fewer young people than this are made and written in one process (nothing to gain)."""
SENT_CHUNK = 10_000
"""Rows of one table that fill a batch to send: small enough that the writer starts soon
and has little left to write once the last rows are made, large enough that sending costs
little."""


def can_generate_beside(engine: Engine, young_people: int) -> bool:
    """Whether a build of this size on this database is made in a second process."""
    return (
        engine.dialect.name == "sqlite"
        and young_people >= SMALLEST_BUILD
        and sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1  # never fork a program with threads of its own
    )


class SentRows(BulkRows):
    """Bulk rows whose batches go through a pipe instead of into the database.

    Rows given by ``add_made`` go as the function and its arguments (a few values for
    many rows, less to send), and are made by the writer.
    """

    def __init__(self, connection: Connection, metadata: sa.MetaData, channel: Channel) -> None:
        super().__init__(connection, metadata, chunk=SENT_CHUNK)
        self.channel = channel
        self.made: dict[sa.Table, tuple[tuple[str, ...], Callable[..., Any], list[Any]]] = {}
        """Per table: its columns, the function making its rows, each call's arguments."""
        self.made_counts: dict[sa.Table, int] = {}

    @property
    def counts(self) -> dict[str, int]:
        counts = super().counts
        for table, count in self.made_counts.items():
            if count:
                counts[table.name] = counts.get(table.name, 0) + count
        return counts

    def add_made(
        self,
        table: sa.Table,
        keys: tuple[str, ...],
        make: Callable[..., Any],
        arguments: tuple[Any, ...],
        count: int,
    ) -> None:
        if table in self.buffers:
            raise ValueError(f"rows of {table.name} given both ways")
        pending = self.made.get(table)
        if pending is None:
            pending = self.made[table] = (keys, make, [])
        elif (pending[0] is not keys and pending[0] != keys) or pending[1] is not make:
            raise ValueError(f"rows of {table.name} made by other means than its first rows")
        pending[2].append(arguments)
        waiting = self.made_counts[table] = self.made_counts.get(table, 0) + count
        if waiting >= self.chunk:
            self.flush()

    def add_values(self, table: sa.Table, keys: tuple[str, ...], values: tuple[Any, ...]) -> None:
        if table in self.made:
            raise ValueError(f"rows of {table.name} given both ways")
        super().add_values(table, keys, values)

    def add(self, table: sa.Table, row: dict[str, Any]) -> None:
        if table in self.made:
            raise ValueError(f"rows of {table.name} given both ways")
        super().add(table, row)

    def flush(self) -> None:
        """Send every buffer, parents before children: each table's rows as the driver's
        parameters, or as the function and arguments that make them."""
        batch: list[tuple[Any, ...]] = []
        for table in self.metadata.sorted_tables:
            buffer = self.buffers.get(table)
            if buffer:
                batch.append(("rows", self._shapes[table].sql, buffer))
                self.written[table.name] = self.written.get(table.name, 0) + len(buffer)
                self.buffers[table] = []
            pending = self.made.get(table)
            if pending is not None and pending[2]:
                keys, make, arguments = pending
                batch.append(("made", table.name, keys, make, arguments))
                self.written[table.name] = self.written.get(table.name, 0) + self.made_counts[table]
                self.made[table] = (keys, make, [])
                self.made_counts[table] = 0
        if batch:
            self.channel.send(("rows", batch))


def _make(
    channel: Channel,
    connection: Connection,
    metadata: sa.MetaData,
    generate: Callable[[BulkRows], Any],
) -> None:
    """The child: make every row, send it, then send what was made."""
    rows = SentRows(connection, metadata, channel)
    try:
        made = generate(rows)
        rows.flush()
        channel.send(("done", (made, rows.counts)))
    except BaseException as error:  # the parent says it plainly; no row data in the message
        channel.send(("failed", error.__class__.__name__))
        raise SystemExit(1) from None
    finally:
        channel.close()


def generate_beside(
    connection: Connection, metadata: sa.MetaData, generate: Callable[[BulkRows], T]
) -> tuple[T, dict[str, int]]:
    """``generate(rows)`` run in a forked child; its rows written here as they arrive.

    Returns what ``generate`` returned (sent back from the child) and the rows made per
    table. Raises ``RuntimeError`` if the child fails; the load's transaction is then
    rolled back by the caller.
    """
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_make, args=(sending, connection, metadata, generate))
    child.start()
    sending.close()
    cursor = connection.connection.cursor()
    writer = BulkRows(connection, metadata)  # makes and writes the rows sent as add_made's
    finished = False
    try:
        while True:
            try:
                kind, payload = receiving.recv()
            except EOFError:
                raise RuntimeError("the demo rows stopped coming before the end") from None
            if kind == "rows":
                for entry in payload:  # parents before children
                    if entry[0] == "rows":
                        cursor.executemany(entry[1], entry[2])
                    else:
                        _, name, keys, make, arguments = entry
                        table = metadata.tables[name]
                        for each in arguments:
                            writer.add_made(table, keys, make, each, 0)
                        writer.flush()
            elif kind == "done":
                made, counts = payload
                finished = True
                return made, counts
            else:
                raise RuntimeError(f"making the demo rows failed ({payload})")
    finally:
        cursor.close()
        receiving.close()
        if not finished and child.is_alive():
            child.terminate()
        child.join()
