"""PostgreSQL schemas of their own, for tests and the bench: a URL whose connections see
only one schema, and a throwaway schema made and dropped around some work."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


def with_options(url: str, *options: str, username: str | None = None) -> str:
    """``url`` with server ``options`` (``-csearch_path=...``) added to any it has."""
    parsed = sa.engine.make_url(url)
    if username is not None:
        parsed = parsed.set(username=username)
    before = parsed.query.get("options", "")
    existing = [before] if isinstance(before, str) else list(before)
    joined = " ".join(part for part in (*existing, *options) if part)
    return parsed.update_query_dict({"options": joined}).render_as_string(hide_password=False)


def in_schema(url: str, schema: str, *options: str, username: str | None = None) -> str:
    """A URL whose connections see only ``schema`` (never the database's other tables)."""
    return with_options(url, f"-csearch_path={schema}", *options, username=username)


@contextmanager
def scratch_schema(url: str, prefix: str) -> Iterator[str]:
    """A new schema in the database at ``url`` for the work inside; dropped afterwards.
    Yields a URL whose connections see only it."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {name}")
        yield in_schema(url, name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        admin.dispose()
