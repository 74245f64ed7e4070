"""The young people's names indexed by parts of words (trigrams), for "name contains" searches.

A search for a part of a name (``search_name LIKE '%smith%'``) otherwise compares the
typed text with every young person's name. The trigram index finds the few names that
hold every three-letter run of the typed text instead:

- **SQLite**: an FTS5 table with the ``trigram`` tokenizer (``NAME_TRIGRAMS``), its content
  the ``young_people`` table itself (external content: the names are not stored twice),
  kept in step by three triggers on insert, on a change of ``search_name`` and on delete.
- **PostgreSQL**: the ``pg_trgm`` extension and a GIN index of ``search_name``
  (``NAME_TRIGRAM_INDEX``); the planner then serves ``LIKE '%x%'`` from it. Where the
  extension cannot be made (not installed, no privilege) there is no index: the searches
  give the same answers, only slower.

The searches keep their ``LIKE`` as the condition that decides; ``name_prefilter`` only
narrows the rows it is tried on (every name the ``LIKE`` matches holds the typed text, so
it holds every trigram of it: the pre-filter is a superset). On SQLite it is
``young_people.id IN (SELECT rowid FROM name_trigrams WHERE name_trigrams MATCH '"text"')``;
on other databases it adds nothing (their index serves the ``LIKE`` itself).

Deleting from an FTS5 index leaves the old entries in its older segments until they are
merged; ``purge_deleted`` merges them all (``optimize``), so an erased name's trigrams
leave the index before the file is rebuilt.

The migration that made these (``0009_name_search_index``) keeps its own copy of the
statements, as every migration does.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

NAME_TRIGRAMS = "young_people_name_trigrams"
"""The SQLite FTS5 table (and the prefix of its shadow tables and triggers)."""
NAME_TRIGRAM_INDEX = "ix_young_people_search_name_trigrams"
"""The PostgreSQL GIN index."""
SHORTEST = 3
"""A trigram index can only narrow a search of at least three characters."""

SQLITE_TRIGGERS = {
    f"{NAME_TRIGRAMS}_insert": (
        f"CREATE TRIGGER {NAME_TRIGRAMS}_insert AFTER INSERT ON young_people BEGIN "
        f"INSERT INTO {NAME_TRIGRAMS}(rowid, search_name) VALUES (new.id, new.search_name); "
        "END"
    ),
    f"{NAME_TRIGRAMS}_update": (
        f"CREATE TRIGGER {NAME_TRIGRAMS}_update AFTER UPDATE OF search_name ON young_people "
        f"BEGIN INSERT INTO {NAME_TRIGRAMS}({NAME_TRIGRAMS}, rowid, search_name) "
        "VALUES ('delete', old.id, old.search_name); "
        f"INSERT INTO {NAME_TRIGRAMS}(rowid, search_name) VALUES (new.id, new.search_name); "
        "END"
    ),
    f"{NAME_TRIGRAMS}_delete": (
        f"CREATE TRIGGER {NAME_TRIGRAMS}_delete AFTER DELETE ON young_people BEGIN "
        f"INSERT INTO {NAME_TRIGRAMS}({NAME_TRIGRAMS}, rowid, search_name) "
        "VALUES ('delete', old.id, old.search_name); END"
    ),
}


def is_index_object(name: str | None) -> bool:
    """A table or index of the trigram index (not in the models: made by SQL of its own)."""
    return bool(name) and (str(name).startswith(NAME_TRIGRAMS) or str(name) == NAME_TRIGRAM_INDEX)


# --- keeping it in step -----------------------------------------------------------------


PRESENCE = "diversion_name_trigrams"
"""Set on an engine's dialect as each connection opens: whether this SQLite file has the
trigram table. A SQLite without FTS5 or its ``trigram`` tokenizer (before 3.34) gets no
table from the migration; its searches then read every name, with the same answers."""


def note_presence(dialect: sa.Dialect, dbapi_connection: Any) -> None:
    """Note on ``dialect`` whether the trigram table is there (SQLite, as each connection
    opens: a database made by an older SQLite, or not yet migrated, may lack it)."""
    found = dbapi_connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (NAME_TRIGRAMS,)
    ).fetchone()
    setattr(dialect, PRESENCE, found is not None)


def exists(connection: Connection) -> bool:
    """Whether this SQLite database has the FTS table (False on other databases)."""
    if connection.dialect.name != "sqlite":
        return False
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (NAME_TRIGRAMS,)
    ).first()
    return found is not None


def create_triggers(connection: Connection) -> None:
    for sql in SQLITE_TRIGGERS.values():
        connection.exec_driver_sql(sql)


def drop_triggers(connection: Connection) -> None:
    for name in SQLITE_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def rebuild(connection: Connection) -> None:
    """Index every young person's name again, from the table (SQLite)."""
    connection.exec_driver_sql(f"INSERT INTO {NAME_TRIGRAMS}({NAME_TRIGRAMS}) VALUES ('rebuild')")


def purge_deleted(connection: Connection) -> None:
    """Merge the index into one segment, dropping the entries of deleted or changed names.

    Needed before an erased name can be said to have left the file (SQLite; a fraction of
    a second for a region's 100,000 names). Does nothing where there is no FTS table.
    """
    if exists(connection):
        connection.exec_driver_sql(
            f"INSERT INTO {NAME_TRIGRAMS}({NAME_TRIGRAMS}) VALUES ('optimize')"
        )


def integrity_problem(connection: Connection) -> str | None:
    """FTS5's own check of the index against the table (SQLite); None when it agrees."""
    if not exists(connection):
        return None
    try:
        connection.exec_driver_sql(
            f"INSERT INTO {NAME_TRIGRAMS}({NAME_TRIGRAMS}, rank) VALUES ('integrity-check', 1)"
        )
    except sa.exc.DBAPIError:
        return "the name search index does not agree with the young people's names"
    return None


# --- the pre-filter ------------------------------------------------------------------------


def match_phrase(words: list[str]) -> str:
    """An FTS5 query holding each word as a quoted phrase (quotes doubled), all required."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


class name_prefilter(FunctionElement[bool]):  # noqa: N801 (a SQL construct, named as one)
    """Young people whose name holds every one of ``words`` (each of 3 characters or more),
    as the trigram index finds them: a superset of the ``LIKE`` it accompanies.

    ``name_prefilter(YoungPerson.id, words)``; compiled per dialect (below).
    """

    type = sa.Boolean()
    inherit_cache = True
    name = "name_prefilter"
    _is_implicitly_boolean = True
    """A condition as it stands: without this SQLite would be sent ``IN (...) = 1``, which
    no index serves (the planner then read every young person's row)."""

    def __init__(self, id_column: Any, words: list[str]) -> None:
        super().__init__(id_column, sa.literal(match_phrase(words), sa.String()))


@compiles(name_prefilter, "sqlite")
def _prefilter_sqlite(element: name_prefilter, compiler: Any, **kw: Any) -> str:
    if not getattr(compiler.dialect, PRESENCE, True):
        return "1 = 1"  # no trigram table in this file: the LIKE alone decides
    id_column, phrase = list(element.clauses)
    return (
        f"{compiler.process(id_column, **kw)} IN (SELECT rowid FROM {NAME_TRIGRAMS} "
        f"WHERE {NAME_TRIGRAMS} MATCH {compiler.process(phrase, **kw)})"
    )


@compiles(name_prefilter)
def _prefilter_elsewhere(element: name_prefilter, compiler: Any, **kw: Any) -> str:
    return "1 = 1"  # PostgreSQL's GIN index serves the LIKE itself


def long_enough(words: list[str]) -> list[str]:
    """The words a trigram index can narrow by (3 characters or more)."""
    return [word for word in words if len(word) >= SHORTEST]
