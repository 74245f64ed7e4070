"""Watching one's own 48-hour clocks: which have entered "due soon" or "overdue" since last time.

The screen polls ``running_alerts`` and hands the previous answer to ``newly_entered``,
so a caseworker is told once when a referral of theirs crosses into due soon, and once
more when it becomes overdue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from diversion_app.domain.clock import ClockState
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_datetime
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.permissions import can
from diversion_app.services.referrals.referral_list import ReferralFilter, ReferralListService

ALERT_STATES = (ClockState.DUE_SOON, ClockState.OVERDUE)
MAX_WATCHED = 500


@dataclass(frozen=True)
class ClockAlert:
    referral_id: int
    young_person: str
    state: ClockState
    due_at: datetime

    @property
    def message(self) -> str:
        due = format_datetime(self.due_at)
        if self.state is ClockState.OVERDUE:
            return f"Overdue: the 48-hour clock for {self.young_person} was due {due} (UK time)."
        return f"Due soon: the 48-hour clock for {self.young_person} is due {due} (UK time)."


class ClockWatchService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._list = ReferralListService(ctx)

    def running_alerts(self, actor: Actor) -> dict[int, ClockAlert]:
        """The actor's own open referrals whose clock is due soon or overdue, by referral id."""
        if actor.user_id is None or not can(actor, Permission.WORK_REFERRAL):
            return {}
        alerts: dict[int, ClockAlert] = {}
        for filter_ in (
            ReferralFilter(caseworker_id=actor.user_id, due_soon_only=True),
            ReferralFilter(caseworker_id=actor.user_id, overdue_only=True),
        ):
            rows = self._list.page(actor, PageRequest(0, MAX_WATCHED, sort="due"), filter_)
            for row in rows:
                if row.clock.state in ALERT_STATES:
                    alerts[row.id] = ClockAlert(
                        row.id, row.young_person, row.clock.state, row.clock.due_at
                    )
        return alerts

    @staticmethod
    def newly_entered(
        before: Mapping[int, ClockAlert], now: Mapping[int, ClockAlert]
    ) -> list[ClockAlert]:
        """Alerts whose state is new since ``before`` (most urgent first)."""
        fresh = [
            alert
            for referral_id, alert in now.items()
            if referral_id not in before or before[referral_id].state is not alert.state
        ]
        return sorted(fresh, key=lambda a: (a.state is not ClockState.OVERDUE, a.due_at))
