"""The 48-hour contact clock (report 2.13).

It starts when the YOS receives the referral and is due exactly 48 elapsed hours
later, whatever the calendar. It is met at the first moment by which contact has
been made with both the young person and a parent or carer. Only contacts at or
after receipt count, a sibling never counts as a carer, and where a supervisor or
caseworker has recorded that there is no parent or carer to contact, reaching the
young person alone meets it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from diversion_app.domain.enums import LabelledEnum, Relationship
from diversion_app.domain.timekeeping import ensure_utc, format_datetime, format_duration

CLOCK_LENGTH = timedelta(hours=48)
DEFAULT_DUE_SOON = timedelta(hours=12)


class ClockState(LabelledEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"
    STOPPED = "stopped"

    @property
    def needs_reason(self) -> bool:
        """Overdue and missed clocks must be explained (DOMAIN.md)."""
        return self in (ClockState.OVERDUE, ClockState.MISSED)

    @property
    def is_running(self) -> bool:
        return self in (ClockState.ON_TRACK, ClockState.DUE_SOON, ClockState.OVERDUE)


@dataclass(frozen=True)
class ContactEvent:
    """A successful contact: when, and whom it reached."""

    occurred_at: datetime
    reached_young_person: bool
    reached_carer: bool


@dataclass(frozen=True)
class ClockReading:
    """What the clock says at one instant."""

    received_at: datetime
    due_at: datetime
    state: ClockState
    met_at: datetime | None
    remaining: timedelta
    """Time left until due (negative once overdue); for a met or missed clock, due - met."""

    @property
    def summary(self) -> str:
        """Words for the state, never colour alone: '31 h 20 m left', 'overdue by 3 h 05 m'."""
        if self.state in (ClockState.ON_TRACK, ClockState.DUE_SOON):
            return f"{format_duration(self.remaining)} left"
        if self.state is ClockState.OVERDUE:
            return f"overdue by {format_duration(-self.remaining)}"
        if self.state is ClockState.MET and self.met_at is not None:
            return f"met in {format_duration(self.met_at - self.received_at)}"
        if self.state is ClockState.MISSED and self.met_at is not None:
            return f"missed by {format_duration(self.met_at - self.due_at)}"
        if self.state is ClockState.MISSED:
            return "missed: closed without contact"
        return "stopped"

    @property
    def due_text(self) -> str:
        return format_datetime(self.due_at)


def due_at(received_at: datetime) -> datetime:
    """Exactly 48 elapsed hours after receipt (computed in UTC, so BST changes do not move it)."""
    return ensure_utc(received_at) + CLOCK_LENGTH


PARENT_OR_CARER = frozenset(
    {Relationship.MOTHER, Relationship.FATHER, Relationship.STEP_PARENT, Relationship.CARER}
)
"""Relationships that count for the clock whatever else is recorded (DOMAIN.md, "Who counts")."""


def counts_as_parent_or_carer(relationship: Relationship, parental_responsibility: bool) -> bool:
    """Whether reaching this household member counts for the clock.

    A mother, father, step-parent or carer counts; another adult counts when they hold
    parental responsibility; a sibling never counts, whatever was ticked.
    """
    if relationship is Relationship.SIBLING:
        return False
    return relationship in PARENT_OR_CARER or parental_responsibility


def met_at(
    contacts: Iterable[ContactEvent],
    *,
    received_at: datetime | None = None,
    no_parent_or_carer: bool = False,
) -> datetime | None:
    """The first instant by which both the young person and a carer had been reached.

    Only contacts at or after ``received_at`` count. With ``no_parent_or_carer`` (a
    recorded, reasoned decision that there is no parent or carer to contact), reaching
    the young person alone meets the clock.
    """
    received = ensure_utc(received_at) if received_at is not None else None
    first_child: datetime | None = None
    first_carer: datetime | None = None
    for contact in contacts:
        when = ensure_utc(contact.occurred_at)
        if received is not None and when < received:
            continue
        if contact.reached_young_person and (first_child is None or when < first_child):
            first_child = when
        if contact.reached_carer and (first_carer is None or when < first_carer):
            first_carer = when
    if no_parent_or_carer:
        return first_child
    if first_child is None or first_carer is None:
        return None
    return max(first_child, first_carer)


def read_clock(
    received_at: datetime,
    contacts: Iterable[ContactEvent],
    now: datetime,
    *,
    due_soon: timedelta = DEFAULT_DUE_SOON,
    stopped_at: datetime | None = None,
    declined: bool = False,
) -> ClockReading:
    """The clock's state at ``now``, from the contacts made so far."""
    return clock_reading(
        received_at,
        met_at(contacts, received_at=received_at),
        now,
        due_soon=due_soon,
        stopped_at=stopped_at,
        declined=declined,
    )


def clock_reading(
    received_at: datetime,
    met: datetime | None,
    now: datetime,
    *,
    due_soon: timedelta = DEFAULT_DUE_SOON,
    stopped_at: datetime | None = None,
    declined: bool = False,
) -> ClockReading:
    """The clock's state at ``now`` given when (if ever) it was met.

    ``stopped_at`` is when the referral ended (closed, declined, not engaged); a
    declined referral stops the clock, and one that ended before contact was made
    counts as missed if it ended after the due time.
    """
    received = ensure_utc(received_at)
    due = due_at(received)
    now = ensure_utc(now)
    if met is not None:
        met = ensure_utc(met)
    if met is not None and (stopped_at is None or met <= ensure_utc(stopped_at)):
        state = ClockState.MET if met <= due else ClockState.MISSED
        return ClockReading(received, due, state, met, due - met)
    if declined:
        return ClockReading(received, due, ClockState.STOPPED, None, timedelta(0))
    if stopped_at is not None:
        stopped = ensure_utc(stopped_at)
        state = ClockState.MISSED if stopped > due else ClockState.STOPPED
        return ClockReading(received, due, state, None, due - stopped)
    remaining = due - now
    if remaining < timedelta(0):
        state = ClockState.OVERDUE
    elif remaining <= due_soon:
        state = ClockState.DUE_SOON
    else:
        state = ClockState.ON_TRACK
    return ClockReading(received, due, state, None, remaining)
