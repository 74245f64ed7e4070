"""What other users changed since we last looked, so open screens can show it.

``ChangeWatch.poll`` is cheap when nothing was written (``persistence.change_signal``).
When something was, it reads the audit trail's new events since the last poll: every
change to a record is audited, so the events say which young people's records changed.
Viewing, signing in and printing are not changes and never make a screen reload (a
record window that reloads writes a "viewed" event of its own, which must not set every
other screen reloading in turn).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from diversion_app.domain.enums import AuditAction
from diversion_app.persistence.change_signal import ChangeSignal
from diversion_app.persistence.models import AuditEvent
from diversion_app.services.base.context import ServiceContext

CHANGE_ACTIONS = (AuditAction.CREATED, AuditAction.CHANGED, AuditAction.DELETED)
MOST_EVENTS_READ = 5000
"""More new events than this since the last poll: take it that everything changed."""


@dataclass(frozen=True)
class Changes:
    """What changed: the young people whose records did, or ``everything``."""

    young_person_ids: frozenset[int]
    everything: bool = False

    def touches(self, young_person_id: int | None) -> bool:
        return self.everything or young_person_id in self.young_person_ids


class ChangeWatch:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        bind = ctx.sessions.kw.get("bind")
        self._signal = ChangeSignal(bind) if bind is not None else None
        self._last_id = self._newest_event()

    def _newest_event(self) -> int:
        with self.ctx.read_only() as session:
            return int(session.execute(sa.select(sa.func.max(AuditEvent.id))).scalar() or 0)

    def poll(self) -> Changes | None:
        """The changes committed since the last poll, or None if there were none."""
        if self._signal is not None and not self._signal.fired():
            return None
        with self.ctx.read_only() as session:
            rows = session.execute(
                sa.select(AuditEvent.id, AuditEvent.action, AuditEvent.young_person_id)
                .where(AuditEvent.id > self._last_id)
                .order_by(AuditEvent.id)
                .limit(MOST_EVENTS_READ)
            ).all()
        if not rows:
            return None
        self._last_id = int(rows[-1][0])
        changed = [row for row in rows if row[1] in CHANGE_ACTIONS]
        if len(rows) == MOST_EVENTS_READ:
            self._last_id = self._newest_event()
            return Changes(frozenset(), everything=True)
        if not changed:
            return None
        people = frozenset(int(row[2]) for row in changed if row[2] is not None)
        return Changes(people, everything=any(row[2] is None for row in changed))

    def close(self) -> None:
        if self._signal is not None:
            self._signal.close()
