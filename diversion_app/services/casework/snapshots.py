"""Start and end snapshots of a referral (the KPI facts): stored, read, audited.

The start snapshot is saved with the whole-family assessment and the end snapshot with
the closure request, each in that action's own transaction (``store_snapshot``). The
end snapshot starts as a copy of the start one, so the caseworker only changes what
moved; "not known" is allowed and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import AuditAction
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.snapshot import (
    SNAPSHOT_FIELDS,
    Snapshot,
    SnapshotStage,
    snapshot_from_values,
    snapshot_problems,
)
from diversion_app.persistence.models import Referral, ReferralSnapshot
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.casework.common import referral_row, require_view


@dataclass(frozen=True)
class SnapshotPair:
    """A referral's snapshots; ``end_prefill`` is what the closure form starts from."""

    start: Snapshot | None
    end: Snapshot | None

    @property
    def end_prefill(self) -> Snapshot:
        return self.end or self.start or Snapshot()


def _row(session: Session, referral_id: int, stage: SnapshotStage) -> ReferralSnapshot | None:
    return session.execute(
        sa.select(ReferralSnapshot).where(
            ReferralSnapshot.referral_id == referral_id, ReferralSnapshot.stage == stage
        )
    ).scalar_one_or_none()


def _as_snapshot(row: ReferralSnapshot | None) -> Snapshot | None:
    if row is None:
        return None
    return snapshot_from_values({name: getattr(row, name) for name in SNAPSHOT_FIELDS})


def read_snapshots(session: Session, referral_id: int) -> SnapshotPair:
    return SnapshotPair(
        _as_snapshot(_row(session, referral_id, SnapshotStage.START)),
        _as_snapshot(_row(session, referral_id, SnapshotStage.END)),
    )


def check_snapshot(snapshot: Snapshot, stage: SnapshotStage) -> None:
    """Raise a ValidationError naming each field to fix (keys prefixed ``snapshot.``)."""
    problems = snapshot_problems(snapshot)
    if problems:
        raise ValidationError({f"snapshot.{name}": text for name, text in problems.items()})


def store_snapshot(
    session: Session,
    actor: Actor,
    referral: Referral,
    stage: SnapshotStage,
    snapshot: Snapshot,
    now: datetime,
) -> None:
    """Insert or update one snapshot in the caller's transaction, audited field by field."""
    check_snapshot(snapshot, stage)
    row = _row(session, referral.id, stage)
    before = {} if row is None else _as_snapshot(row).as_dict()  # type: ignore[union-attr]
    after = snapshot.as_dict()
    if row is None:
        row = ReferralSnapshot(referral_id=referral.id, stage=stage, recorded_at=now)
        session.add(row)
    for item in SNAPSHOT_FIELDS:
        setattr(row, item, getattr(snapshot, item))
    row.recorded_at = now
    row.recorded_by_id = actor.user_id
    session.flush()
    changes = audit.diff(before, after)
    if changes or not before:
        audit.record(
            session,
            actor,
            AuditAction.CHANGED if before else AuditAction.CREATED,
            f"{stage.value}_snapshot",
            row.id,
            at=now,
            young_person_id=referral.young_person_id,
            changes=changes or {"stage": [None, stage.value]},
        )


class SnapshotService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def for_referral(self, actor: Actor, referral_id: int) -> SnapshotPair:
        require_view(self.ctx, actor, referral_id)
        with self.ctx.read_only() as session:
            referral_row(session, referral_id)
            return read_snapshots(session, referral_id)
