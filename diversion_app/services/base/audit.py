"""The audit trail: append-only events, each sealed with a keyed MAC over the one before it.

Only ``record`` writes events; there is no update or delete path (and triggers in the
database refuse both). The MAC key is kept outside the database (``persistence/audit_key``),
so ``verify_chain`` finds an event removed or altered by someone holding the file alone,
even one who recomputed the chain: without the key they cannot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.audit_seal import GENESIS_HASH, ChainHead, event_mac
from diversion_app.domain.enums import AuditAction
from diversion_app.domain.timekeeping import ensure_utc
from diversion_app.persistence import record_seals
from diversion_app.persistence.audit_key import key_for
from diversion_app.persistence.models import AuditEvent, DisclosedYoungPerson
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.id_lists import insert_for_each

__all__ = ["GENESIS_HASH", "ChainHead", "record_seals"]

CHAIN_LOCK = 16_016_001
"""The PostgreSQL advisory lock that serialises appends to the chain."""
ERASED_KEY = "erased"
"""An event whose details were erased when a child's records were disposed of holds only
``{ERASED_KEY: ...}``; its link is still checked, and its content is accepted only for a
young person whose disposal is itself an intact event in the chain. The trail's UPDATE
trigger allows this one change and no other."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def event_hash(session: Session, prev_hash: str, **fields: Any) -> str:
    """The keyed link of one event (see ``domain.audit_seal.event_mac``)."""
    return event_mac(key_for(session.connection()), prev_hash, **fields)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Field -> [old, new] for every field whose value changed."""
    changed: dict[str, Any] = {}
    for key in sorted(set(before) | set(after)):
        old, new = _jsonable(before.get(key)), _jsonable(after.get(key))
        if old != new:
            changed[key] = [old, new]
    return changed


def record(
    session: Session,
    actor: Actor,
    action: AuditAction,
    entity: str,
    entity_id: int | None,
    *,
    at: datetime,
    young_person_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event inside the caller's transaction."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # one writer at a time appends to the chain; an advisory lock needs no UPDATE or
        # DELETE right on the table, which the everyday role does not have
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": CHAIN_LOCK})
    last = session.execute(
        sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev_hash = last or GENESIS_HASH
    clean_changes = _jsonable(changes or {})
    at = ensure_utc(at)
    event = AuditEvent(
        at=at,
        user_id=actor.user_id,
        username=actor.username,
        action=action,
        entity=entity,
        entity_id=entity_id,
        young_person_id=young_person_id,
        changes=clean_changes,
        prev_hash=prev_hash,
        hash=event_hash(
            session,
            prev_hash,
            at=at,
            user_id=actor.user_id,
            username=actor.username,
            action=action.value,
            entity=entity,
            entity_id=entity_id,
            young_person_id=young_person_id,
            changes=clean_changes,
        ),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: str


def _disposed_young_people(session: Session) -> set[int]:
    rows = session.execute(
        sa.select(AuditEvent.young_person_id).where(
            AuditEvent.action == AuditAction.ERASED, AuditEvent.young_person_id.is_not(None)
        )
    ).scalars()
    return {int(row) for row in rows if row is not None}


def verify_chain(session: Session, *, batch: int = 5000) -> list[ChainProblem]:
    """Every event whose hash or link to the one before it does not hold."""
    key = key_for(session.connection())
    problems: list[ChainProblem] = []
    disposed = _disposed_young_people(session)
    erasures: set[int] = set()
    prev_hash = GENESIS_HASH
    last_id = 0
    while True:
        rows = (
            session.execute(
                sa.select(AuditEvent)
                .where(AuditEvent.id > last_id)
                .order_by(AuditEvent.id)
                .limit(batch)
            )
            .scalars()
            .all()
        )
        if not rows:
            return problems + [
                ChainProblem(0, f"erased details of young person {person} have no disposal")
                for person in sorted(disposed - erasures)
            ]
        for event in rows:
            if event.prev_hash != prev_hash:
                problems.append(
                    ChainProblem(
                        event.id, "does not follow the event before it (one was removed or altered)"
                    )
                )
            expected = event_mac(
                key,
                event.prev_hash,
                at=event.at,
                user_id=event.user_id,
                username=event.username,
                action=event.action.value,
                entity=event.entity,
                entity_id=event.entity_id,
                young_person_id=event.young_person_id,
                changes=event.changes,
            )
            erased = (
                event.young_person_id in disposed
                and set(event.changes or {}) == {ERASED_KEY}
                and event.action is not AuditAction.ERASED
            )
            if expected != event.hash and not erased:
                problems.append(ChainProblem(event.id, "has been altered since it was written"))
            if event.action is AuditAction.ERASED and expected == event.hash:
                erasures.add(event.young_person_id or 0)
            prev_hash = event.hash
            last_id = event.id
        session.expunge_all()


def chain_head(session: Session) -> ChainHead:
    """The trail's event count and newest link, as printed in report footers."""
    count, last_id = session.execute(
        sa.select(sa.func.count(AuditEvent.id), sa.func.max(AuditEvent.id))
    ).one()
    if not last_id:
        return ChainHead(count=0, last_id=0, hash=GENESIS_HASH)
    last_hash = session.execute(
        sa.select(AuditEvent.hash).where(AuditEvent.id == last_id)
    ).scalar_one()
    return ChainHead(count=int(count), last_id=int(last_id), hash=last_hash)


def record_view(
    session: Session,
    actor: Actor,
    young_person_id: int,
    *,
    at: datetime,
    entity: str = "young_person",
    entity_id: int | None = None,
) -> AuditEvent:
    """A person opened a young person's record (or one of its parts): a "viewed" event.

    Workflows call this inside the transaction that reads the record they show.
    """
    return record(
        session,
        actor,
        AuditAction.VIEWED,
        entity,
        entity_id if entity_id is not None else young_person_id,
        at=at,
        young_person_id=young_person_id,
    )


def record_disclosure(
    session: Session,
    actor: Actor,
    what: str,
    *,
    at: datetime,
    young_person_id: int | None = None,
    entity: str = "export",
    entity_id: int | None = None,
    details: dict[str, Any] | None = None,
    young_person_ids: Iterable[int] = (),
) -> AuditEvent:
    """Personal data left the application (printed, exported): a "disclosed" event.

    ``what`` says what was disclosed in a few words ("caseload summary PDF"); ``details``
    may add counts, filters, the recipient and purpose, never the personal data itself.
    ``young_person_ids``: every young person the disclosure included; each is linked to
    the event, so it shows in that child's audit trail and access log.
    """
    listed = sorted(set(young_person_ids))
    people = sorted(set(listed) | ({young_person_id} if young_person_id else set()))
    extra = {"young_person_ids": listed} if listed else {}
    event = record(
        session,
        actor,
        AuditAction.DISCLOSED,
        entity,
        entity_id,
        at=at,
        young_person_id=young_person_id,
        changes={"what": what, **(details or {}), **extra},
    )
    link_people(session, event.id, people)
    return event


def link_people(session: Session, event_id: int, young_person_ids: Iterable[int]) -> None:
    """Link a disclosure event to the young people it included."""
    people = sorted(set(young_person_ids))
    insert_for_each(session, DisclosedYoungPerson, "young_person_id", people, event_id=event_id)
