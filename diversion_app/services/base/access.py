"""Need to know, and every look logged: the one gate every read of a young person goes through.

``view`` is called inside the transaction that reads what a window or form shows. It
checks that the young person is on the reader's own list (a supervisor's is the team; a
caseworker's the young people allocated to them or in their diary; a SPOC's their area
and its schools; anyone's the records they made), or that the reader gave a reason for
this young person earlier in this sign-in; then it writes one "viewed" event, with that
reason when there was one. Otherwise it raises ``JustificationNeeded`` and the screen asks
for a reason. ``search`` records that a list was shown, with how many (never the terms).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.access_rules import Justification
from diversion_app.domain.enums import AuditAction, Role
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import (
    AuditEvent,
    CommunityResolution,
    DisclosedYoungPerson,
    Referral,
    School,
    Spoc,
    Visit,
    YoungPerson,
    visit_caseworkers,
)
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ServiceError
from diversion_app.services.base.permissions import can

SIGN_IN_LOOKBACK = 20
"""How many of a user's newest sign-in events are read to find the last real sign-in."""


class JustificationNeeded(ServiceError):
    """The young person is not on the reader's own list and no reason was given this sign-in."""

    def __init__(self, young_person_id: int, *others: int) -> None:
        self.young_person_id = young_person_id
        self.young_person_ids: tuple[int, ...] = (young_person_id, *others)
        """Every young person the one reason is asked for (several on an RJ record)."""
        super().__init__(
            "This young person is not on your caseload, area or school list. "
            "Say why you need to open the record; the reason is kept in the audit trail."
        )


def on_own_list(session: Session, actor: Actor, young_person_id: int) -> bool:
    """Whether the young person is on the actor's own caseload, area or school list."""
    if actor.has(Role.SUPERVISOR):
        return True
    user_id = actor.user_id
    if user_id is not None and actor.has(Role.CASEWORKER):
        allocated = sa.select(Referral.id).where(
            Referral.young_person_id == young_person_id, Referral.caseworker_id == user_id
        )
        in_diary = (
            sa.select(Visit.id)
            .join(visit_caseworkers, visit_caseworkers.c.visit_id == Visit.id)
            .join(Referral, Referral.id == Visit.referral_id)
            .where(
                Referral.young_person_id == young_person_id,
                visit_caseworkers.c.user_id == user_id,
            )
        )
        for statement in (allocated, in_diary):
            if session.execute(statement.limit(1)).first() is not None:
                return True
    if user_id is not None and actor.has(Role.SPOC):
        areas = set(
            session.execute(
                sa.select(Spoc.area).where(Spoc.user_id == user_id, Spoc.active.is_(True))
            ).scalars()
        )
        if areas:
            row = session.execute(
                sa.select(YoungPerson.area, School.area)
                .outerjoin(School, School.id == YoungPerson.school_id)
                .where(YoungPerson.id == young_person_id)
            ).first()
            if row is not None and (row[0] in areas or row[1] in areas):
                return True
    return _made_by(session, actor, young_person_id)


def _made_by(session: Session, actor: Actor, young_person_id: int) -> bool:
    """Whether the actor added the young person, or made a referral or CR for them."""
    user_id = actor.user_id
    made_record = sa.select(AuditEvent.id).where(
        AuditEvent.young_person_id == young_person_id,
        AuditEvent.user_id == user_id
        if user_id is not None
        else AuditEvent.username == actor.username,
        AuditEvent.action == AuditAction.CREATED,
        AuditEvent.entity == "young_person",
    )
    if user_id is None:  # maintenance and test actors: only what the trail says they made
        return session.execute(made_record.limit(1)).first() is not None
    made = sa.union_all(
        sa.select(Referral.id).where(
            Referral.young_person_id == young_person_id, Referral.created_by_id == user_id
        ),
        sa.select(CommunityResolution.id).where(
            CommunityResolution.young_person_id == young_person_id,
            CommunityResolution.created_by_id == user_id,
        ),
        made_record,
    )
    return session.execute(sa.select(made.subquery()).limit(1)).first() is not None


def about_young_person(young_person_id: int) -> sa.ColumnElement[bool]:
    """Events about a young person: theirs, and every disclosure that included them."""
    linked = sa.select(DisclosedYoungPerson.event_id).where(
        DisclosedYoungPerson.young_person_id == young_person_id
    )
    return sa.or_(AuditEvent.young_person_id == young_person_id, AuditEvent.id.in_(linked))


def _last_sign_in_id(session: Session, user_id: int) -> int:
    rows = session.execute(
        sa.select(AuditEvent.id, AuditEvent.changes)
        .where(AuditEvent.user_id == user_id, AuditEvent.action == AuditAction.SIGNED_IN)
        .order_by(AuditEvent.id.desc())
        .limit(SIGN_IN_LOOKBACK)
    ).all()
    for event_id, changes in rows:
        if (changes or {}).get("how", "sign in") != "unlock":
            return int(event_id)
    return int(rows[-1][0]) if rows else 0


def reason_this_sign_in(session: Session, actor: Actor, young_person_id: int) -> dict[str, Any]:
    """The reason the actor gave for this young person since they signed in ({} if none)."""
    if actor.user_id is None:
        since = 0
        who = AuditEvent.username == actor.username
    else:
        since = _last_sign_in_id(session, actor.user_id)
        who = AuditEvent.user_id == actor.user_id
    changes = session.execute(
        sa.select(AuditEvent.changes)
        .where(
            AuditEvent.young_person_id == young_person_id,
            AuditEvent.action == AuditAction.JUSTIFIED,
            who,
            AuditEvent.id > since,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return dict(changes or {})


def needs_reason(session: Session, actor: Actor, young_person_id: int) -> bool:
    return not on_own_list(session, actor, young_person_id) and not reason_this_sign_in(
        session, actor, young_person_id
    )


def view(
    session: Session,
    actor: Actor,
    young_person_id: int,
    *,
    at: datetime,
    entity: str = "young_person",
    entity_id: int | None = None,
) -> None:
    """Check need to know and write the one "viewed" event of this opening."""
    changes = view_reason(session, actor, young_person_id)
    audit.record(
        session,
        actor,
        AuditAction.VIEWED,
        entity,
        entity_id if entity_id is not None else young_person_id,
        at=at,
        young_person_id=young_person_id,
        changes=changes,
    )


def view_reason(session: Session, actor: Actor, young_person_id: int) -> dict[str, Any]:
    """Need to know, checked without writing: nothing for a young person on the actor's own
    list, else the reason given this sign-in (raises ``JustificationNeeded`` if none was).
    A reader that must not take the write lock checks here, then writes its "viewed" event
    afterwards in a short transaction of its own (``audited_read.log_view``)."""
    if on_own_list(session, actor, young_person_id):
        return {}
    changes = reason_this_sign_in(session, actor, young_person_id)
    if not changes:
        raise JustificationNeeded(young_person_id)
    return changes


def view_reason_for_all(
    session: Session, actor: Actor, young_person_ids: list[int]
) -> dict[str, Any]:
    """``view_reason`` for a record about several young people (restorative justice):
    the reason given for the first that needs one ({} if all are on the actor's own list).
    Raises ``JustificationNeeded`` naming every one still without a reason."""
    missing: list[int] = []
    found: dict[str, Any] = {}
    for young_person_id in young_person_ids:
        try:
            changes = view_reason(session, actor, young_person_id)
        except JustificationNeeded:
            missing.append(young_person_id)
            continue
        if changes and not found:
            found = changes
    if missing:
        raise JustificationNeeded(*missing)
    return found


def justify(
    session: Session, actor: Actor, young_person_id: int, reason: Justification, *, at: datetime
) -> None:
    """Record the reason given for opening a young person not on the actor's own list."""
    audit.record(
        session,
        actor,
        AuditAction.JUSTIFIED,
        "young_person",
        young_person_id,
        at=at,
        young_person_id=young_person_id,
        changes={"reason": reason.reason.label, "note": reason.note},
    )


def search(session: Session, actor: Actor, what: str, *, listed: int, at: datetime) -> None:
    """A list of young people was shown: one "searched" event with the count, not the terms."""
    audit.record(
        session, actor, AuditAction.SEARCHED, what, None, at=at, changes={"listed": listed}
    )


def reads_case_notes(actor: Actor) -> bool:
    """Contact notes, visits, assessments, programmes and closures: caseworkers and supervisors."""
    return can(actor, Permission.READ_CASE_NOTES)
