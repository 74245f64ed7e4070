"""Who looked at a young person's record, when and why, and every disclosure that included
them: the record's access log (supervisors, and the young person's own caseworker).

Also where a reader gives the reason for opening a young person who is not on their own
caseload, area or school list (``justify``); the reason is kept for the rest of the sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from diversion_app.domain.access_rules import AccessReason, justification, opened_words
from diversion_app.domain.enums import AuditAction
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import AuditEvent, Referral, User, YoungPerson
from diversion_app.services.base import access
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.permissions import can, refuse, require

LOGGED_ACTIONS = (AuditAction.VIEWED, AuditAction.JUSTIFIED, AuditAction.DISCLOSED)


@dataclass(frozen=True)
class AccessLogRow:
    at: datetime
    who: str
    what: str
    why: str
    """The reason given (a look) or the recipient and purpose (a disclosure)."""


def _what(action: AuditAction, entity: str, changes: dict[str, Any]) -> str:
    if action is AuditAction.DISCLOSED:
        what = str(changes.get("what") or entity).replace("_", " ")
        return f"Disclosed: {what}"
    if action is AuditAction.JUSTIFIED:
        return "Gave a reason to open the record"
    return opened_words(entity)


def _why(action: AuditAction, changes: dict[str, Any]) -> str:
    if action is AuditAction.DISCLOSED:
        recipient, purpose = changes.get("recipient"), changes.get("purpose")
        parts = [f"for {recipient}" if recipient else "", str(purpose or "")]
        note = changes.get("purpose_note")
        return " - ".join(part for part in (*parts, str(note or "")) if part)
    reason, note = changes.get("reason"), changes.get("note")
    return ": ".join(str(part) for part in (reason, note) if part)


class AccessService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- need to know -----------------------------------------------------------------------
    def needs_reason(self, actor: Actor, young_person_id: int) -> bool:
        """Whether opening this young person will ask the actor for a reason."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            return access.needs_reason(session, actor, young_person_id)

    def referral_needs_reason(self, actor: Actor, referral_id: int) -> int | None:
        """The referral's young person, if opening the referral will ask the actor why."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            young_person_id = session.execute(
                sa.select(Referral.young_person_id).where(Referral.id == referral_id)
            ).scalar_one_or_none()
            if young_person_id is None or not access.needs_reason(session, actor, young_person_id):
                return None
            return int(young_person_id)

    def justify(
        self, actor: Actor, young_person_id: int, reason: AccessReason | None, note: str = ""
    ) -> None:
        """Record why the actor opens a young person not on their own list (checked first:
        ``ValidationError`` says what to fix)."""
        require(
            self.ctx,
            actor,
            Permission.VIEW_CASES,
            entity="young_person",
            entity_id=young_person_id,
            young_person_id=young_person_id,
        )
        given = justification(reason, note)
        with self.ctx.unit_of_work() as session:
            if session.get(YoungPerson, young_person_id) is None:
                raise NotFound("That young person no longer exists.")
            access.justify(session, actor, young_person_id, given, at=self.ctx.now())

    # --- the access log ---------------------------------------------------------------------
    def may_read_log(self, actor: Actor, young_person_id: int) -> bool:
        """Supervisors (who read the audit trail) and the young person's own caseworker."""
        if can(actor, Permission.READ_AUDIT) and can(actor, Permission.VIEW_CASES):
            return True
        if actor.user_id is None or not can(actor, Permission.WORK_REFERRAL):
            return False
        with self.ctx.read_only() as session:
            return (
                session.execute(
                    sa.select(Referral.id)
                    .where(
                        Referral.young_person_id == young_person_id,
                        Referral.caseworker_id == actor.user_id,
                    )
                    .limit(1)
                ).first()
                is not None
            )

    def _require_log(self, actor: Actor, young_person_id: int) -> None:
        if not self.may_read_log(actor, young_person_id):
            raise refuse(
                self.ctx,
                actor,
                "read this young person's access log",
                entity="access_log",
                entity_id=young_person_id,
                young_person_id=young_person_id,
            )

    def _statement(self, young_person_id: int) -> sa.Select[Any]:
        return sa.select(AuditEvent).where(
            access.about_young_person(young_person_id), AuditEvent.action.in_(LOGGED_ACTIONS)
        )

    def log_count(self, actor: Actor, young_person_id: int) -> int:
        self._require_log(actor, young_person_id)
        with self.ctx.read_only() as session:
            statement = sa.select(sa.func.count()).select_from(
                self._statement(young_person_id).subquery()
            )
            return int(session.execute(statement).scalar_one())

    def log(self, actor: Actor, young_person_id: int, request: PageRequest) -> list[AccessLogRow]:
        """The access log, newest first, one page at a time."""
        self._require_log(actor, young_person_id)
        statement = (
            self._statement(young_person_id)
            .order_by(AuditEvent.id.desc())
            .offset(request.offset)
            .limit(request.limit)
        )
        with self.ctx.read_only() as session:
            events = session.execute(statement).scalars().all()
            user_ids = {event.user_id for event in events if event.user_id is not None}
            names = dict(
                session.execute(
                    sa.select(User.id, User.display_name).where(User.id.in_(user_ids))
                ).all()
            )
            return [
                AccessLogRow(
                    at=event.at,
                    who=names.get(event.user_id, event.username)
                    if event.user_id is not None
                    else event.username,
                    what=_what(event.action, event.entity, event.changes or {}),
                    why=_why(event.action, event.changes or {}),
                )
                for event in events
            ]
