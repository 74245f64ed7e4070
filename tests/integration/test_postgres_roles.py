"""The PostgreSQL deployment of docs/audit-and-subject-access.md: the tables belong to the
migration role; the everyday role may only INSERT and SELECT on the audit trail, so even
the application's own login cannot rewrite it, switch its triggers off or empty it.

Skipped unless ``DIVERSION_TEST_POSTGRES_URL`` (the owner) and
``DIVERSION_TEST_POSTGRES_APP_ROLE`` (a login role with no rights of its own) are set, as
``.ci/run``'s throwaway cluster does.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from diversion_app.persistence.engine import session_factory
from diversion_app.persistence.migrate import open_database
from diversion_app.services.accounts.accounts import AccountDraft
from diversion_app.services.accounts.maintenance import check_database
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from tests.conftest import FIXED_NOW
from tests.pg_schemas import in_schema

PG_URL = os.environ.get("DIVERSION_TEST_POSTGRES_URL", "")
APP_ROLE = os.environ.get("DIVERSION_TEST_POSTGRES_APP_ROLE", "")
if not PG_URL or not APP_ROLE:
    pytest.skip(
        "set DIVERSION_TEST_POSTGRES_URL and DIVERSION_TEST_POSTGRES_APP_ROLE",
        allow_module_level=True,
    )

GRANTS = """
GRANT USAGE ON SCHEMA {schema} TO {app};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app};
REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.audit_events, {schema}.audit_disclosure_people
    FROM {app};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app};
"""
"""The everyday role's rights, as the deployment guide gives them."""


def _url(user: str | None, schema: str) -> str:
    return in_schema(PG_URL, schema, username=user)


@pytest.fixture
def schema() -> Iterator[str]:
    owner = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"diversion_roles_{uuid.uuid4().hex[:10]}"
    with owner.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {name}")
    yield name
    with owner.connect() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
    owner.dispose()


def test_the_everyday_role_appends_to_the_trail_and_can_change_nothing_in_it(
    schema: str,
) -> None:
    migrated = open_database(_url(None, schema), now=FIXED_NOW)  # as the owner
    with migrated.engine.begin() as connection:
        connection.exec_driver_sql(GRANTS.format(schema=schema, app=APP_ROLE))
    migrated.engine.dispose()

    opened = open_database(_url(APP_ROLE, schema), now=FIXED_NOW)
    ctx = ServiceContext(session_factory(opened.engine), now_provider=lambda: FIXED_NOW)
    services = Services.build(ctx)
    try:
        admin = services.accounts.create_first_administrator(
            AccountDraft("boss", "Boss", "Granite-Willow-Tern-63", frozenset())
        )
        assert admin.user_id is not None
        for statement in (
            "UPDATE audit_events SET username = 'someone-else'",
            "DELETE FROM audit_events",
            "TRUNCATE audit_events",
            "ALTER TABLE audit_events DISABLE TRIGGER USER",
            "DROP TRIGGER audit_events_refuse_change ON audit_events",
        ):
            with (
                opened.engine.connect() as connection,
                pytest.raises(sa.exc.ProgrammingError),  # insufficient privilege / not owner
            ):
                connection.exec_driver_sql(statement)
        with opened.engine.connect() as connection:
            who = connection.exec_driver_sql("SELECT current_user").scalar_one()
            events = connection.exec_driver_sql("SELECT count(*) FROM audit_events").scalar_one()
        assert who == APP_ROLE and events >= 2
        assert check_database(ctx).problems == []
    finally:
        opened.engine.dispose()
