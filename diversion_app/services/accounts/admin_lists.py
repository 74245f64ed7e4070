"""Administration lists: user accounts with their roles, and the audit trail.

The trail can be read for one young person or one user, between two dates, and
exported to CSV (the export is itself a "disclosed" event).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from diversion_app.domain.access_rules import Recipient
from diversion_app.domain.audit_wording import changes_words
from diversion_app.domain.enums import AuditAction, Role
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_datetime, london_to_utc
from diversion_app.persistence.models import AuditEvent, User, UserRole
from diversion_app.services.base import audit
from diversion_app.services.base.access import about_young_person
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.listing import PageRequest, count_of
from diversion_app.services.base.permissions import require
from diversion_app.services.base.safe_csv import write_csv
from diversion_app.services.base.safe_output import write_then_rename
from diversion_app.services.base.stale import values_stamp


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    roles: tuple[Role, ...]
    active: bool
    last_signed_in_at: datetime | None
    locked_until: datetime | None = None

    @property
    def edit_stamp(self) -> str:
        """The roles and state as listed: hand it to ``set_roles``/``disable``/``enable``."""
        return account_stamp(self.roles, self.active)


def account_stamp(roles: Iterable[Role], active: bool) -> str:
    """What an administrator's change to an account is made from: its roles and state."""
    return values_stamp(sorted(role.value for role in roles), active)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    action: AuditAction
    entity: str
    entity_id: int | None
    young_person_id: int | None = None
    details: str = ""


@dataclass(frozen=True)
class AuditFilter:
    """Which events to read: for one young person and/or one user, between two dates.

    Dates are calendar days in Europe/London, both included.
    """

    young_person_id: int | None = None
    user_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class PersonChoice:
    id: int
    username: str
    display_name: str


def describe_changes(changes: dict[str, Any]) -> str:
    """A one-line reading of an event's changes: "Status: received → allocated; Reason: …"."""
    return changes_words(changes)


AUDIT_CSV_HEADER = (
    "Event",
    "When (UK time)",
    "Who",
    "What",
    "Record",
    "Record id",
    "Young person id",
    "Details",
)


class AdminService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def users(self, actor: Actor) -> list[UserRow]:
        require(self.ctx, actor, Permission.MANAGE_ACCOUNTS)
        with self.ctx.read_only() as session:
            users = session.execute(sa.select(User).order_by(User.username)).scalars().all()
            roles: dict[int, list[Role]] = {}
            for user_id, role in session.execute(sa.select(UserRole.user_id, UserRole.role)):
                roles.setdefault(user_id, []).append(role)
            return [
                UserRow(
                    id=user.id,
                    username=user.username,
                    display_name=user.display_name,
                    roles=tuple(sorted(roles.get(user.id, []), key=list(Role).index)),
                    active=user.active,
                    last_signed_in_at=user.last_signed_in_at,
                    locked_until=user.locked_until,
                )
                for user in users
            ]

    def audit_events(
        self, actor: Actor, request: PageRequest, where: AuditFilter | None = None
    ) -> list[AuditRow]:
        """The trail, newest first, narrowed by ``where``."""
        require(self.ctx, actor, Permission.READ_AUDIT, entity="audit_trail")
        statement = (
            self._filtered(where or AuditFilter())
            .order_by(AuditEvent.id.desc())
            .offset(request.offset)
            .limit(request.limit)
        )
        with self.ctx.read_only() as session:
            return [_audit_row(event) for event in session.execute(statement).scalars()]

    def audit_count(self, actor: Actor, where: AuditFilter | None = None) -> int:
        require(self.ctx, actor, Permission.READ_AUDIT, entity="audit_trail")
        with self.ctx.read_only() as session:
            statement = count_of(self._filtered(where or AuditFilter()))
            return int(session.execute(statement).scalar_one())

    def audit_people(self, actor: Actor) -> list[PersonChoice]:
        """Everyone who has an account, to read the trail of one of them."""
        require(self.ctx, actor, Permission.READ_AUDIT, entity="audit_trail")
        with self.ctx.read_only() as session:
            rows = session.execute(
                sa.select(User.id, User.username, User.display_name).order_by(User.username)
            ).all()
        return [PersonChoice(*row) for row in rows]

    def export_audit_csv(
        self,
        actor: Actor,
        where: AuditFilter,
        path: Path,
        *,
        progress: Callable[[int], None] | None = None,
        for_whom: Recipient | None = None,
    ) -> int:
        """Write the filtered trail to ``path`` (CSV); the export itself is audited, with
        who it is for and why (``for_whom``, required).

        ``progress`` is told the number of events written after each batch; it may raise
        to stop the export (nothing is then recorded as disclosed).
        """
        require(self.ctx, actor, Permission.READ_AUDIT, entity="audit_trail")
        if for_whom is None:
            raise ValidationError(
                {"recipient": "Say who this is for and why before exporting the audit trail."}
            )
        batch = 2000

        def rows() -> Any:
            last_id: int | None = None
            done = 0
            while True:
                statement = self._filtered(where).order_by(AuditEvent.id.desc()).limit(batch)
                if last_id is not None:
                    statement = statement.where(AuditEvent.id < last_id)
                with self.ctx.read_only() as session:
                    events = [_audit_row(e) for e in session.execute(statement).scalars()]
                if not events:
                    return
                for row in events:
                    yield (
                        row.id,
                        format_datetime(row.at),
                        row.username,
                        row.action.label,
                        row.entity,
                        row.entity_id if row.entity_id is not None else "",
                        row.young_person_id if row.young_person_id is not None else "",
                        row.details,
                    )
                last_id = events[-1].id
                done += len(events)
                if progress is not None:
                    progress(done)

        def disclose(written: int) -> None:
            with self.ctx.unit_of_work() as session:
                audit.record_disclosure(
                    session,
                    actor,
                    "audit trail CSV",
                    at=self.ctx.now(),
                    young_person_id=where.young_person_id,
                    entity="audit_trail",
                    details={
                        "events": written,
                        "user_id": where.user_id,
                        "from": where.date_from,
                        "to": where.date_to,
                        **for_whom.audit_details(),
                    },
                )

        written = write_then_rename(
            self.ctx,
            path,
            lambda target: write_csv(target, AUDIT_CSV_HEADER, rows()),
            before_rename=disclose,
        )
        return written

    def _filtered(self, where: AuditFilter) -> sa.Select[Any]:
        if where.date_from and where.date_to and where.date_from > where.date_to:
            raise ValidationError({"date_to": "The end date is before the start date."})
        statement = sa.select(AuditEvent)
        if where.young_person_id is not None:  # disclosures that included them, too
            statement = statement.where(about_young_person(where.young_person_id))
        if where.user_id is not None:
            statement = statement.where(AuditEvent.user_id == where.user_id)
        if where.date_from is not None:
            start = london_to_utc(datetime.combine(where.date_from, time()))
            statement = statement.where(AuditEvent.at >= start)
        if where.date_to is not None:
            end = london_to_utc(datetime.combine(where.date_to + timedelta(days=1), time()))
            statement = statement.where(AuditEvent.at < end)
        return statement


def _audit_row(event: AuditEvent) -> AuditRow:
    return AuditRow(
        id=event.id,
        at=event.at,
        username=event.username,
        action=event.action,
        entity=event.entity,
        entity_id=event.entity_id,
        young_person_id=event.young_person_id,
        details=describe_changes(event.changes or {}),
    )
