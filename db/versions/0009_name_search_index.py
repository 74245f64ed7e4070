"""Name search index: the young people's names indexed by parts of words (trigrams)

SQLite: an FTS5 table with the trigram tokenizer over ``young_people.search_name`` (its
content the young people table itself), filled from the existing names and kept in step
by triggers on insert, on a change of the name and on delete; a SQLite without FTS5 or
its trigram tokenizer (before 3.34) goes on without it (said in the log). PostgreSQL: the ``pg_trgm``
extension and a GIN index on ``search_name``; if the extension cannot be made (not
installed, or the role may not), the migration goes on without the index (said in the
log): searches give the same answers, only slower. No row changes: existing names are
only indexed.

Revision ID: 0009_name_search_index
Revises: 0008_list_indexes
Create Date: 2026-11-30 19:20:00
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0009_name_search_index"
down_revision = "0008_list_indexes"
branch_labels = None
depends_on = None

# this revision's own copy of the statements (persistence/name_search.py has today's)
FTS = "young_people_name_trigrams"
INDEX = "ix_young_people_search_name_trigrams"
TRIGGERS = {
    f"{FTS}_insert": (
        f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON young_people BEGIN "
        f"INSERT INTO {FTS}(rowid, search_name) VALUES (new.id, new.search_name); END"
    ),
    f"{FTS}_update": (
        f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF search_name ON young_people BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, search_name) "
        "VALUES ('delete', old.id, old.search_name); "
        f"INSERT INTO {FTS}(rowid, search_name) VALUES (new.id, new.search_name); END"
    ),
    f"{FTS}_delete": (
        f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON young_people BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, search_name) "
        "VALUES ('delete', old.id, old.search_name); END"
    ),
}

log = logging.getLogger(__name__)


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        try:  # a SQLite without FTS5 or its trigram tokenizer (before 3.34) refuses this
            connection.exec_driver_sql(
                f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_name, content='young_people', "
                "content_rowid='id', tokenize='trigram')"
            )
        except sa.exc.DBAPIError as error:
            log.warning(
                "this SQLite cannot make the name search index (%s): it is left out; "
                "searches give the same answers, only slower",
                error.orig.__class__.__name__ if error.orig is not None else "error",
            )
            return
        connection.exec_driver_sql(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
        for sql in TRIGGERS.values():
            connection.exec_driver_sql(sql)
    elif connection.dialect.name == "postgresql":
        try:
            with connection.begin_nested():  # a savepoint: a refusal leaves the rest whole
                connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                # the extension may live in another schema than the tables: name its class
                schema = connection.exec_driver_sql(
                    "SELECT extnamespace::regnamespace::text FROM pg_extension"
                    " WHERE extname = 'pg_trgm'"
                ).scalar_one()
                connection.exec_driver_sql(
                    f"CREATE INDEX {INDEX} ON young_people"
                    f" USING gin (search_name {schema}.gin_trgm_ops)"
                )
        except sa.exc.DBAPIError as error:
            log.warning(
                "the pg_trgm extension or its index could not be made (%s): the name "
                "search index is left out; searches give the same answers, only slower",
                error.orig.__class__.__name__ if error.orig is not None else "error",
            )


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for name in TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS}")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {INDEX}")
