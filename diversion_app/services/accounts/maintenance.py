"""Database health: integrity and foreign-key checks, the schema revision, the audit chain,
its checkpoints outside the database, and the seals on young people's records."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from diversion_app.persistence import name_search
from diversion_app.persistence.audit_key import AuditKeyMissing
from diversion_app.persistence.migrate import (
    DatabaseOpenError,
    current_revision,
    head_revision,
    server_unreadable,
)
from diversion_app.persistence.record_seals import unsealed_records
from diversion_app.services.base import audit
from diversion_app.services.base.audit_checkpoints import verify_checkpoints
from diversion_app.services.base.context import ServiceContext


@dataclass(frozen=True)
class CheckReport:
    revision: str | None
    head: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(ctx: ServiceContext) -> CheckReport:
    """Every fault found in the open database, in plain sentences (none names a person)."""
    engine = ctx.sessions.kw["bind"]
    problems: list[str] = []
    try:
        revision = current_revision(engine)
    except sa.exc.DBAPIError as error:
        raise DatabaseOpenError(server_unreadable(str(engine.url), error)) from None
    head = head_revision()
    if revision != head:
        problems.append(f"The schema is at revision {revision}, not the current {head}.")
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
            if rows != [("ok",)]:
                problems += [f"Integrity check: {row[0]}" for row in rows[:20]]
            for table, rowid, parent, _ in connection.exec_driver_sql(
                "PRAGMA foreign_key_check"
            ).fetchall()[:20]:
                problems.append(f"Table {table} row {rowid} points to a missing {parent} record.")
        else:
            connection.execute(sa.text("SELECT 1"))
    if revision == head:
        problems += _trigger_problems(engine)
    try:
        problems += _audit_problems(ctx)
    except AuditKeyMissing as error:
        problems.append(f"The audit trail cannot be checked: {error}")
    return CheckReport(revision=revision, head=head, problems=problems)


AUDIT_TRIGGERS = {
    "sqlite": {"audit_events_refuse_update", "audit_events_refuse_delete"},
    "postgresql": {"audit_events_refuse_change", "audit_events_refuse_truncate"},
}


def _trigger_problems(engine: sa.Engine) -> list[str]:
    """The triggers that refuse UPDATE and DELETE on the trail must be there and switched on,
    and (SQLite) those that keep the names' trigram index in step with the names."""
    wanted = AUDIT_TRIGGERS.get(engine.dialect.name)
    if not wanted:
        return []
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"
        if engine.dialect.name == "sqlite"
        else "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass"
        " AND NOT tgisinternal AND tgenabled <> 'D'"
    )
    with engine.connect() as connection:
        present = {str(row[0]) for row in connection.exec_driver_sql(query)}
    problems = []
    if not wanted <= present:
        problems.append(
            "The triggers that stop the audit trail being changed or deleted are missing or "
            "switched off; someone has worked on the database outside the application."
        )
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            names = {
                str(row[0])
                for row in connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    " AND tbl_name = 'young_people'"
                )
            }
            if name_search.exists(connection) and not set(name_search.SQLITE_TRIGGERS) <= names:
                problems.append(
                    "The triggers that keep the name search index up to date are missing; "
                    "someone has worked on the database outside the application."
                )
    return problems


def _audit_problems(ctx: ServiceContext) -> list[str]:
    problems: list[str] = []
    with ctx.read_only() as session:
        for problem in audit.verify_chain(session):
            problems.append(f"Audit event {problem.event_id} {problem.problem}.")
        problems += verify_checkpoints(session)
        for record_id in unsealed_records(session.connection())[:50]:
            problems.append(
                f"Young person record {record_id}: the name or date of birth was changed "
                "outside the application (its seal no longer matches)."
            )
    return problems
