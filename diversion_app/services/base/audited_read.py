"""Audited reads: the record is read without the write lock, then the viewing is logged.

Reading a child's record must be in the audit trail, but the read itself should never
queue behind other users' writes while it gathers the record. So the record is read in a
read-only transaction and the "viewed" event is written just after, in its own short write
transaction (which waits its turn for the write lock). If the event cannot be written the
record is not handed back: nobody sees a child's record without it being logged.
"""

from __future__ import annotations

from typing import Any

from diversion_app.domain.enums import AuditAction
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext


def log_view(
    ctx: ServiceContext,
    actor: Actor,
    entity: str,
    entity_id: int,
    *,
    young_person_id: int | None,
    changes: dict[str, Any] | None = None,
) -> None:
    """One short write transaction: ``actor`` viewed ``entity`` ``entity_id``."""
    with ctx.unit_of_work() as session:
        audit.record(
            session,
            actor,
            AuditAction.VIEWED,
            entity,
            entity_id,
            at=ctx.now(),
            young_person_id=young_person_id,
            changes=changes or {},
        )
