"""The diary's rules: clashes, working hours, free slots before the 48-hour due time.

Visits are booked in Europe/London wall-clock time and stored as UTC instants
(``visit_instants``), so a 10:00 visit stays at 10:00 on either side of a change to or
from British Summer Time. Intervals are half-open: a visit ending at 11:00 and the next
starting at 11:00 do not clash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from diversion_app.domain.enums import VisitPurpose, VisitStatus
from diversion_app.domain.errors import DomainError
from diversion_app.domain.timekeeping import (
    ensure_utc,
    format_datetime,
    format_time,
    london_to_utc,
    to_london,
)

SLOT_STEP = timedelta(minutes=30)
DEFAULT_VISIT_LENGTH = timedelta(hours=1)
WORKING_HOURS_SETTING = "diary.working_hours"
"""The settings key holding working hours as text, like '08:00-20:00'."""


class NeedsConfirmation(DomainError):
    """The visit can be saved, but only once the user has confirmed each question."""

    def __init__(self, questions: Sequence[str]) -> None:
        self.questions = tuple(questions)
        super().__init__(" ".join(self.questions))


@dataclass(frozen=True)
class Interval:
    """A half-open span of time [start, end) between two UTC instants."""

    start: datetime
    end: datetime

    def overlaps(self, other: Interval) -> bool:
        return overlaps(self.start, self.end, other.start, other.end)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """True when two half-open spans share any time (touching ends do not)."""
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True)
class WorkingHours:
    """The part of each Europe/London day visits are normally booked in."""

    start: time = time(8, 0)
    end: time = time(20, 0)

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise DomainError("Working hours must end after they start, like 08:00-20:00.")

    def contains(self, start: datetime, end: datetime) -> bool:
        """Whether a visit lies wholly inside working hours on one London day."""
        local_start, local_end = to_london(start), to_london(end)
        if local_end.date() != local_start.date():
            return False  # runs past midnight: beyond any working day
        return local_start.time() >= self.start and local_end.time() <= self.end

    def text(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


DEFAULT_WORKING_HOURS = WorkingHours()

_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_working_hours(text: str) -> WorkingHours:
    """Read '08:00-20:00'; a plain DomainError says what is wrong."""
    match = _HOURS.match(text)
    if not match:
        raise DomainError(f"'{text.strip()}' is not a span of hours: type it like 08:00-20:00.")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise DomainError(f"'{text.strip()}' is not a real span of hours.")
    return WorkingHours(time(h1, m1), time(h2, m2))


def visit_instants(day: date, start: time, end: time) -> Interval:
    """A visit booked on a London day from ``start`` to ``end`` wall-clock time, in UTC."""
    return Interval(
        london_to_utc(datetime.combine(day, start)), london_to_utc(datetime.combine(day, end))
    )


def clashes(candidate: Interval, busy: Iterable[Interval]) -> list[Interval]:
    """The busy spans the candidate overlaps, earliest first."""
    return sorted((b for b in busy if candidate.overlaps(b)), key=lambda b: b.start)


def _round_up(instant: datetime, step: timedelta) -> datetime:
    local = to_london(instant).replace(tzinfo=None)
    midnight = datetime.combine(local.date(), time())
    steps = -(-(local - midnight) // step)  # ceiling division
    return london_to_utc(midnight + steps * step)


def free_slots(
    busy: Iterable[Interval],
    *,
    earliest: datetime,
    deadline: datetime,
    length: timedelta = DEFAULT_VISIT_LENGTH,
    hours: WorkingHours = DEFAULT_WORKING_HOURS,
    step: timedelta = SLOT_STEP,
    limit: int = 6,
) -> list[Interval]:
    """Free spans of ``length`` inside working hours, from ``earliest``, ending by ``deadline``.

    Candidates start on the half hour (London wall clock); none overlaps a busy span.
    """
    if length <= timedelta(0) or step <= timedelta(0):
        raise ValueError("length and step must be positive")
    earliest, deadline = ensure_utc(earliest), ensure_utc(deadline)
    taken = sorted(busy, key=lambda b: b.start)
    found: list[Interval] = []
    local_day = to_london(earliest).date()
    last_day = to_london(deadline).date()
    while local_day <= last_day and len(found) < limit:
        day_start = max(
            _round_up(earliest, step), london_to_utc(datetime.combine(local_day, hours.start))
        )
        day_end = london_to_utc(datetime.combine(local_day, hours.end))
        candidate_start = day_start
        while candidate_start + length <= min(day_end, deadline) and len(found) < limit:
            candidate = Interval(candidate_start, candidate_start + length)
            blocking = clashes(candidate, taken)
            if not blocking:
                found.append(candidate)
                candidate_start += length
            else:
                candidate_start = _round_up(max(b.end for b in blocking), step)
        local_day += timedelta(days=1)
    return found


def schedule_questions(
    candidate: Interval,
    *,
    now: datetime,
    purpose: VisitPurpose,
    due_at: datetime | None,
    clashing: Sequence[Interval],
    hours: WorkingHours = DEFAULT_WORKING_HOURS,
) -> list[str]:
    """What the user must confirm before this scheduled visit is saved (empty: nothing)."""
    questions: list[str] = []
    if candidate.start < ensure_utc(now):
        questions.append(
            f"The visit starts in the past ({format_datetime(candidate.start)}) but would be "
            "saved as scheduled. If it has happened, schedule it and record its outcome."
        )
    for other in clashing:
        questions.append(
            "This clashes with another visit in the same diary, "
            f"{format_datetime(other.start)} to {format_time(other.end)}."
        )
    if not hours.contains(candidate.start, candidate.end):
        questions.append(f"The visit is outside working hours ({hours.text()}).")
    if (
        purpose is VisitPurpose.FIRST_CONTACT
        and due_at is not None
        and candidate.start > ensure_utc(due_at)
    ):
        questions.append(
            "This first-contact visit is after the referral's 48-hour due time "
            f"({format_datetime(due_at)}); the clock will be missed."
        )
    return questions


def schedule_refusal(candidate: Interval) -> str | None:
    """Why a visit cannot be saved at all, or None."""
    if candidate.end <= candidate.start:
        return "The visit must end after it starts: check the end time."
    if candidate.end - candidate.start > timedelta(hours=12):
        return "A visit cannot last more than 12 hours: check the start and end."
    return None


def first_contact_after_due(
    purpose: VisitPurpose, status: VisitStatus, start: datetime, clock_due: datetime | None
) -> bool:
    """A first-contact visit (not cancelled) that starts after the 48-hour clock is due:
    booked like that it cannot meet the clock, so the diary flags it."""
    return (
        purpose is VisitPurpose.FIRST_CONTACT
        and status is not VisitStatus.CANCELLED
        and clock_due is not None
        and start > clock_due
    )
