"""Refusing a retention decision or legal hold made on a row someone else already decided.

The queue and the list of holds carry, for each young person, the *review stamp* of what
the screen showed: their latest retention decision, their review date and their legal
hold. Keeping, disposing of, holding or releasing from a stale row is refused with
``StaleRecord`` naming who decided meanwhile and when, so nothing is decided twice.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import AuditAction
from diversion_app.persistence.models import AuditEvent, RetentionDecision, User, YoungPerson
from diversion_app.services.base.stale import StaleRecord, values_stamp

_DECIDING = ("retention_review", "legal_hold")


def _stamp(latest_decision: int | None, review_on: date | None, hold: str | None) -> str:
    return values_stamp(latest_decision, review_on, hold)


def review_stamps(session: Session, people: Collection[YoungPerson]) -> dict[int, str]:
    """The review stamp of each of ``people`` (one query for their latest decisions)."""
    ids = [person.id for person in people]
    latest: dict[int, int] = {}
    if ids:
        latest = {
            int(young_person_id): int(decision_id)
            for young_person_id, decision_id in session.execute(
                sa.select(RetentionDecision.young_person_id, sa.func.max(RetentionDecision.id))
                .where(RetentionDecision.young_person_id.in_(ids))
                .group_by(RetentionDecision.young_person_id)
            ).all()
        }
    return {
        person.id: _stamp(
            latest.get(person.id), person.retention_review_on, person.legal_hold_reason
        )
        for person in people
    }


def refuse_if_decided_since(
    session: Session, expected: str, person: YoungPerson, *, decision: str
) -> None:
    """Raise ``StaleRecord`` unless ``expected`` (the row's stamp as shown; "" for none) is
    still ``person``'s review stamp; ``decision`` opens the refusal ("Not kept")."""
    if not expected or expected == review_stamps(session, [person])[person.id]:
        return
    row = session.execute(
        sa.select(AuditEvent.at, AuditEvent.username, User.display_name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(
            AuditEvent.young_person_id == person.id,
            AuditEvent.entity.in_(_DECIDING),
            AuditEvent.action == AuditAction.CHANGED,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    if row is None:
        raise StaleRecord("retention review", "Someone else", None, decision=decision)
    at, username, display_name = row
    raise StaleRecord("retention review", display_name or username, at, decision=decision)
