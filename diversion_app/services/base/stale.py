"""Refusing a stale save: the record changed after the form was opened.

A form keeps the *edit stamp* of the record(s) it shows (``edit_stamp``: their version
numbers) from the moment it opened, and hands it back when it saves. If the stamp no
longer matches, the save is refused with ``StaleRecord``, naming who changed the record
and when (from the audit trail), so nobody's change is silently written over.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import AuditAction
from diversion_app.domain.timekeeping import format_date, format_time
from diversion_app.persistence.models import AuditEvent, User, Versioned
from diversion_app.services.base.errors import Conflict

_CHANGES = (
    AuditAction.CHANGED,
    AuditAction.CREATED,
    AuditAction.DELETED,
)


class StaleRecord(Conflict):
    """The record was changed by someone else after the form was opened."""

    def __init__(
        self, what: str, changed_by: str, changed_at: datetime | None, *, decision: str = ""
    ) -> None:
        if changed_at is not None:
            when = f" at {format_time(changed_at)} on {format_date(changed_at)}"
        else:
            when = ""
        if decision:  # a decision (approve, sign off, decline...) rather than typed changes
            text = (
                f"{decision}: {changed_by} changed this {what}{when}, after you opened it. "
                "Look again before you decide."
            )
        else:
            text = (
                f"{changed_by} changed this {what}{when}, after you opened it, so your changes "
                "were not saved. Reload to see what they changed: what you typed is kept "
                "beside it, so you can make your change again."
            )
        super().__init__(text)
        self.what = what
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.decision = decision


def edit_stamp(*records: Versioned) -> str:
    """The versions of ``records`` as one short text a form keeps while it is open."""
    return ".".join(str(record.version) for record in records)


def last_change(
    session: Session, records: Iterable[tuple[str, int]], *, young_person_id: int | None
) -> tuple[str, datetime | None]:
    """Who last changed any of ``records`` ((entity, id) pairs), and when, from the trail."""
    pairs = [
        sa.and_(AuditEvent.entity == entity, AuditEvent.entity_id == id_) for entity, id_ in records
    ]
    statement = (
        sa.select(AuditEvent.at, AuditEvent.username, User.display_name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(sa.or_(*pairs), AuditEvent.action.in_(_CHANGES))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if young_person_id is not None:
        statement = statement.where(AuditEvent.young_person_id == young_person_id)
    row = session.execute(statement).first()
    if row is None:
        return "Someone else", None
    at, username, display_name = row
    return display_name or username, at


def refuse_if_stale(
    session: Session,
    expected: str,
    records: Iterable[tuple[str, Versioned]],
    *,
    what: str,
    young_person_id: int | None,
    decision: str = "",
) -> None:
    """Raise ``StaleRecord`` unless ``expected`` (a form's stamp, "" for none) still holds.
    ``decision`` is the refusal's first words for a decision ("Not approved")."""
    pairs = list(records)
    if not expected or expected == edit_stamp(*(record for _entity, record in pairs)):
        return
    changed_by, changed_at = last_change(
        session,
        [(entity, int(getattr(record, "id"))) for entity, record in pairs],  # noqa: B009
        young_person_id=young_person_id,
    )
    raise StaleRecord(what, changed_by, changed_at, decision=decision)


NOT_MADE_YET = "0"
"""The stamp of a record nobody has made yet (versions start at 1): a form that opened
before anyone started the record is refused if someone else made it meanwhile."""


def stamp_or_not_made(record: Versioned | None) -> str:
    """``edit_stamp`` of one record, or ``NOT_MADE_YET`` when there is none yet."""
    return NOT_MADE_YET if record is None else edit_stamp(record)


def refuse_if_one_is_stale(
    session: Session,
    expected: str,
    entity: str,
    record: Versioned | None,
    *,
    what: str,
    young_person_id: int | None,
    decision: str = "",
) -> None:
    """``refuse_if_stale`` for one record that may not exist yet (``stamp_or_not_made``)."""
    if not expected or expected == stamp_or_not_made(record):
        return
    if record is None:  # it was there when the form opened, and has gone since
        raise StaleRecord(what, "Someone else", None, decision=decision)
    changed_by, changed_at = last_change(
        session,
        [(entity, int(getattr(record, "id")))],  # noqa: B009
        young_person_id=young_person_id,
    )
    raise StaleRecord(what, changed_by, changed_at, decision=decision)


def values_stamp(*values: object) -> str:
    """A stamp of the values a screen showed, for a record whose version also moves for
    reasons that are not the screen's business (an account's at every sign-in)."""
    return "v" + hashlib.sha256(repr(values).encode()).hexdigest()[:16]


def refuse_if_values_moved(
    session: Session,
    expected: str,
    now_shown: str,
    record: tuple[str, int],
    *,
    what: str,
    young_person_id: int | None,
    decision: str = "",
) -> None:
    """Raise ``StaleRecord`` unless ``expected`` (a ``values_stamp`` the screen read, ""
    for none) equals ``now_shown``, the stamp of the same values as saved now."""
    if not expected or expected == now_shown:
        return
    changed_by, changed_at = last_change(session, [record], young_person_id=young_person_id)
    raise StaleRecord(what, changed_by, changed_at, decision=decision)
