"""The caseload summary's data: open referrals per caseworker as of a date, most urgent first.

Every figure comes from a handful of grouped SQL queries over the open referrals in
scope (last contact, next visit, assessment, programme progress), so a caseworker
with a thousand cases, or a team over two hundred thousand referrals, reads quickly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.clock import ClockReading, ClockState
from diversion_app.domain.enums import (
    Area,
    AssessmentStatus,
    ContactOutcome,
    Pathway,
    ProgrammeStatus,
    ReferralStatus,
    Role,
    VisitStatus,
)
from diversion_app.domain.timekeeping import format_date, london_to_utc, london_today
from diversion_app.persistence.models import (
    Assessment,
    Contact,
    Intervention,
    Programme,
    Referral,
    ReferralEvent,
    User,
    UserRole,
    Visit,
    YoungPerson,
)
from diversion_app.reports.errors import ReportCancelled
from diversion_app.services.base.due_soon import due_soon_window
from diversion_app.services.base.errors import NotFound, ValidationError
from diversion_app.services.base.id_lists import among, batches
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.referrals.referral_list import reading_for
from diversion_app.services.reports.dated_facts import (
    AssessmentStep,
    assessment_steps_on,
    assessment_words,
    attendance_on,
    clock_reasons_at,
    holders_at,
)

UNALLOCATED = "Unallocated"

CLOCK_ORDER: dict[ClockState, int] = {
    ClockState.OVERDUE: 0,
    ClockState.DUE_SOON: 1,
    ClockState.ON_TRACK: 2,
    ClockState.MISSED: 3,
    ClockState.MET: 4,
    ClockState.STOPPED: 5,
}
"""Overdue and due-soon items first (the order a supervisor reads them in)."""

STATUS_VALUES = frozenset(status.value for status in ReferralStatus)

STAGE_ORDER = [
    ReferralStatus.RECEIVED,
    ReferralStatus.ALLOCATED,
    ReferralStatus.CONTACTED,
    ReferralStatus.ASSESSED,
    ReferralStatus.PROGRAMME,
]


@dataclass(frozen=True)
class CaseloadScope:
    """Whose caseload: one caseworker (by id or username), one area, or the whole team."""

    caseworker_id: int | None = None
    caseworker_username: str | None = None
    area: Area | None = None

    @property
    def kind(self) -> str:
        if self.caseworker_id is not None or self.caseworker_username:
            return "caseworker"
        if self.area is not None:
            return "area"
        return "team"


@dataclass(frozen=True)
class CaseloadLine:
    """One open referral as the summary prints it."""

    referral_id: int
    young_person_id: int
    young_person: str
    area: Area
    pathway: Pathway
    status: ReferralStatus
    received_at: datetime
    clock: ClockReading
    days_open: int
    last_contact: datetime | None
    next_visit: datetime | None
    assessment: str
    programme: str
    clock_reason: str | None = None
    """Why the clock was missed or is overdue, as the caseworker typed it."""


@dataclass(frozen=True)
class CaseloadTotals:
    open_referrals: int = 0
    overdue: int = 0
    due_soon: int = 0
    on_track: int = 0
    met: int = 0
    missed: int = 0
    by_status: dict[ReferralStatus, int] = field(default_factory=dict)

    @classmethod
    def of(cls, lines: Iterable[CaseloadLine]) -> CaseloadTotals:
        lines = list(lines)
        states = Counter(line.clock.state for line in lines)
        return cls(
            open_referrals=len(lines),
            overdue=states[ClockState.OVERDUE],
            due_soon=states[ClockState.DUE_SOON],
            on_track=states[ClockState.ON_TRACK],
            met=states[ClockState.MET],
            missed=states[ClockState.MISSED],
            by_status=dict(Counter(line.status for line in lines)),
        )

    def plus(self, other: CaseloadTotals) -> CaseloadTotals:
        statuses = Counter(self.by_status)
        statuses.update(other.by_status)
        return CaseloadTotals(
            self.open_referrals + other.open_referrals,
            self.overdue + other.overdue,
            self.due_soon + other.due_soon,
            self.on_track + other.on_track,
            self.met + other.met,
            self.missed + other.missed,
            dict(statuses),
        )


@dataclass(frozen=True)
class CaseworkerCaseload:
    caseworker_id: int | None
    caseworker: str
    lines: tuple[CaseloadLine, ...]
    totals: CaseloadTotals


@dataclass(frozen=True)
class CaseloadReport:
    scope_label: str
    as_of: date
    as_at: datetime
    """The instant the figures describe (now, or the end of the as-of day)."""
    generated_at: datetime
    caseworkers: tuple[CaseworkerCaseload, ...]
    totals: CaseloadTotals

    @property
    def referral_ids(self) -> list[int]:
        return [line.referral_id for group in self.caseworkers for line in group.lines]

    @property
    def young_person_ids(self) -> list[int]:
        """Every young person the summary lists (a disclosure is linked to each)."""
        return sorted({line.young_person_id for group in self.caseworkers for line in group.lines})


def as_of_instant(as_of: date | None, now: datetime) -> tuple[date, datetime]:
    """The as-of day and the instant it stands for: now for today, else the end of that day."""
    today = london_today(now)
    day = as_of or today
    if day > today:
        raise ValidationError({"as_of": "The as-of date cannot be in the future."})
    if day == today:
        return day, now
    return day, london_to_utc(datetime.combine(day + timedelta(days=1), time(0)))


def resolve_scope(session: Session, scope: CaseloadScope) -> tuple[CaseloadScope, str]:
    """The scope with a caseworker's id filled in, and its words for the report heading."""
    if scope.kind == "caseworker":
        where = (
            User.id == scope.caseworker_id
            if scope.caseworker_id is not None
            else User.username == scope.caseworker_username
        )
        row = session.execute(
            sa.select(User.id, User.display_name)
            .join(UserRole, sa.and_(UserRole.user_id == User.id, UserRole.role == Role.CASEWORKER))
            .where(where)
        ).first()
        if row is None:
            raise NotFound(
                f"There is no caseworker with the username '{scope.caseworker_username}'."
                if scope.caseworker_id is None
                else "That caseworker no longer exists."
            )
        return CaseloadScope(caseworker_id=row[0]), f"Caseworker: {row[1]}"
    if scope.area is not None:
        return scope, f"Area: {scope.area.label}"
    return scope, "Whole team"


def load_caseload(
    session: Session,
    scope: CaseloadScope,
    as_of: date | None,
    now: datetime,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> CaseloadReport:
    """The caseload summary for ``scope`` as of ``as_of`` (today if None).

    ``cancelled`` is asked between batches of referrals; when it says yes the reading
    stops with ``ReportCancelled``.
    """
    day, instant = as_of_instant(as_of, now)
    scope, label = resolve_scope(session, scope)
    is_now = instant == now
    held = holders_at(instant)
    worker: Any = Referral.caseworker_id if is_now else held.c.caseworker_id
    held_from: Any = Referral.allocated_at if is_now else held.c.held_from
    statement = (
        sa.select(
            Referral.id,
            Referral.young_person_id,
            YoungPerson.given_name,
            YoungPerson.family_name,
            YoungPerson.preferred_name,
            YoungPerson.area,
            Referral.pathway,
            Referral.status,
            Referral.received_at,
            Referral.clock_met_at,
            held_from,
            worker,
            Referral.clock_reason,
        )
        .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .where(
            Referral.received_at <= instant,
            sa.or_(
                referral_is_open(),
                sa.and_(Referral.ended_at.is_not(None), Referral.ended_at > instant),
            ),
        )
    )
    if not is_now:
        statement = statement.outerjoin(held, held.c.referral_id == Referral.id)
    if scope.caseworker_id is not None:
        statement = statement.where(worker == scope.caseworker_id)
    if scope.area is not None:
        statement = statement.where(YoungPerson.area == scope.area)
    rows = session.execute(statement).all()
    due_soon = due_soon_window(session)
    ids = [row[0] for row in rows]
    facts = _facts(session, ids, day, instant, cancelled, is_now=is_now)
    names = _caseworker_names(session, {row[11] for row in rows if row[11] is not None})
    groups: dict[int | None, list[CaseloadLine]] = {}
    for row in rows:
        (ref_id, person_id, given, family, preferred, area, pathway, status, received, met) = row[
            :10
        ]
        allocated_at, caseworker_id = row[10], row[11]
        fact = facts.get(ref_id, _Facts())
        if met is not None and met > instant:
            met = None
        if not is_now or not status.is_open:
            status = _stage_at(fact, allocated_at, met, instant)
        clock = reading_for(received, met, status, None, instant, due_soon)
        display = f"{given} {family}" if not preferred else f"{given} ({preferred}) {family}"
        line = CaseloadLine(
            referral_id=ref_id,
            young_person_id=person_id,
            young_person=display,
            area=area,
            pathway=pathway,
            status=status,
            received_at=received,
            clock=clock,
            days_open=(day - london_today(received)).days,
            last_contact=fact.last_contact,
            next_visit=fact.next_visit,
            assessment=fact.assessment_text(),
            programme=fact.programme_text(),
            clock_reason=(row[12] if is_now else fact.clock_reason or None)
            if clock.state.needs_reason
            else None,
        )
        groups.setdefault(caseworker_id, []).append(line)
    caseworkers = [
        CaseworkerCaseload(
            worker_id,
            names.get(worker_id, UNALLOCATED) if worker_id is not None else UNALLOCATED,
            tuple(sorted(lines, key=urgency_key)),
            CaseloadTotals.of(lines),
        )
        for worker_id, lines in groups.items()
    ]
    caseworkers.sort(key=lambda g: (g.caseworker_id is not None, g.caseworker.casefold()))
    if scope.caseworker_id is not None and not caseworkers:
        caseworkers = [CaseworkerCaseload(scope.caseworker_id, label[12:], (), CaseloadTotals())]
    totals = CaseloadTotals()
    for group in caseworkers:
        totals = totals.plus(group.totals)
    return CaseloadReport(label, day, instant, now, tuple(caseworkers), totals)


def urgency_key(line: CaseloadLine) -> tuple[int, datetime, str, int]:
    """Overdue first (longest overdue at the top), then due soon, on track, then the rest."""
    return (
        CLOCK_ORDER[line.clock.state],
        line.clock.due_at,
        line.young_person.casefold(),
        line.referral_id,
    )


@dataclass
class _Facts:
    last_contact: datetime | None = None
    next_visit: datetime | None = None
    event_status: ReferralStatus | None = None
    assessment_started: date | None = None
    assessment_completed: date | None = None
    assessment_status: AssessmentStatus | None = None
    programme_started: date | None = None
    programme_status: ProgrammeStatus | None = None
    programme_completed: date | None = None
    interventions: int = 0
    planned: int = 0
    attended: int = 0
    as_of: date | None = None
    clock_reason: str | None = None
    """For a past day: the clock reason given by then ("" if none yet)."""
    assessment_step: AssessmentStep | None = None
    """The assessment's last dated step on the as-of day (past days only)."""

    def assessment_text(self) -> str:
        if self.assessment_started is None:
            return "Not started"
        if self.assessment_step is not None:
            return assessment_words(self.assessment_step, self.assessment_started)
        if self.assessment_completed is not None:
            status = self.assessment_status or AssessmentStatus.COMPLETED
            if status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED):
                status = AssessmentStatus.COMPLETED
            return f"{status.label} {format_date(self.assessment_completed)}"
        if self.assessment_status is AssessmentStatus.RETURNED:
            return "Returned for changes"
        return f"In progress since {format_date(self.assessment_started)}"

    def programme_text(self) -> str:
        if self.programme_started is None:
            return "No programme"
        if self.programme_completed is not None:
            status = "Completed"
        elif self.programme_status is ProgrammeStatus.ENDED:
            status = "Ended"
        else:
            status = "Active"
        sessions = f"{self.attended} of {self.planned} sessions" if self.planned else "no sessions"
        plural = "intervention" if self.interventions == 1 else "interventions"
        return f"{status}: {sessions}, {self.interventions} {plural}"


def _facts(
    session: Session,
    ids: list[int],
    day: date,
    instant: datetime,
    cancelled: Callable[[], bool] | None = None,
    *,
    is_now: bool,
) -> dict[int, _Facts]:
    facts: dict[int, _Facts] = {ref_id: _Facts(as_of=day) for ref_id in ids}
    for batch in batches(session, ids):
        if cancelled is not None and cancelled():
            raise ReportCancelled()
        for ref_id, last in session.execute(
            sa.select(Contact.referral_id, sa.func.max(Contact.occurred_at))
            .where(
                among(session, Contact.referral_id, batch),
                Contact.outcome == ContactOutcome.MADE_CONTACT,
                Contact.occurred_at <= instant,
            )
            .group_by(Contact.referral_id)
        ):
            facts[ref_id].last_contact = _aware(last)
        for ref_id, upcoming in session.execute(
            sa.select(Visit.referral_id, sa.func.min(Visit.start_at))
            .where(
                among(session, Visit.referral_id, batch),
                Visit.status != VisitStatus.CANCELLED,
                Visit.start_at >= instant,
                # a past day: only visits already booked by then
                Visit.created_at <= instant if not is_now else sa.true(),
            )
            .group_by(Visit.referral_id)
        ):
            facts[ref_id].next_visit = _aware(upcoming)
        _assessments(session, batch, day, facts)
        _programmes(session, batch, day, facts)
        _status_events(session, batch, instant, facts)
        _dated_facts(session, batch, day, instant, facts, is_now=is_now)
    return facts


def _assessments(
    session: Session, batch: Sequence[int], day: date, facts: dict[int, _Facts]
) -> None:
    latest = (
        sa.select(sa.func.max(Assessment.id))
        .where(among(session, Assessment.referral_id, batch), Assessment.started_on <= day)
        .group_by(Assessment.referral_id)
    )
    for ref_id, started, completed, status in session.execute(
        sa.select(
            Assessment.referral_id,
            Assessment.started_on,
            Assessment.completed_on,
            Assessment.status,
        ).where(Assessment.id.in_(latest))
    ):
        fact = facts[ref_id]
        fact.assessment_started = started
        done = completed is not None and completed <= day
        fact.assessment_completed = completed if done else None
        fact.assessment_status = status


def _programmes(
    session: Session, batch: Sequence[int], day: date, facts: dict[int, _Facts]
) -> None:
    planned = sa.func.coalesce(sa.func.sum(Intervention.planned_sessions), 0)
    attended = sa.func.coalesce(sa.func.sum(Intervention.attended_sessions), 0)
    for ref_id, started, status, completed, count, plan, went in session.execute(
        sa.select(
            Programme.referral_id,
            Programme.started_on,
            Programme.status,
            Programme.completed_on,
            sa.func.count(Intervention.id),
            planned,
            attended,
        )
        .outerjoin(Intervention, Intervention.programme_id == Programme.id)
        .where(among(session, Programme.referral_id, batch), Programme.started_on <= day)
        .group_by(Programme.id)
    ):
        fact = facts[ref_id]
        fact.programme_started = started
        fact.programme_status = status
        fact.programme_completed = completed if completed is not None and completed <= day else None
        fact.interventions, fact.planned, fact.attended = int(count), int(plan), int(went)


def _status_events(
    session: Session, batch: Sequence[int], instant: datetime, facts: dict[int, _Facts]
) -> None:
    latest = (
        sa.select(sa.func.max(ReferralEvent.id))
        .where(
            among(session, ReferralEvent.referral_id, batch),
            ReferralEvent.kind == "status",
            ReferralEvent.at <= instant,
        )
        .group_by(ReferralEvent.referral_id)
    )
    for ref_id, value in session.execute(
        sa.select(ReferralEvent.referral_id, ReferralEvent.to_value).where(
            ReferralEvent.id.in_(latest)
        )
    ):
        if value in STATUS_VALUES:
            facts[ref_id].event_status = ReferralStatus(value)


def _stage_at(
    fact: _Facts, allocated_at: datetime | None, met: datetime | None, instant: datetime
) -> ReferralStatus:
    """How far an open referral had got at ``instant`` (for an as-of date in the past)."""
    stage = ReferralStatus.RECEIVED
    if allocated_at is not None and allocated_at <= instant:
        stage = ReferralStatus.ALLOCATED
    if met is not None:
        stage = ReferralStatus.CONTACTED
    if fact.assessment_completed is not None:
        stage = ReferralStatus.ASSESSED
    if fact.programme_started is not None:
        stage = ReferralStatus.PROGRAMME
    if fact.event_status in STAGE_ORDER and STAGE_ORDER.index(fact.event_status) > (
        STAGE_ORDER.index(stage)
    ):
        stage = fact.event_status
    return stage


def _dated_facts(
    session: Session,
    batch: Sequence[int],
    day: date,
    instant: datetime,
    facts: dict[int, _Facts],
    *,
    is_now: bool,
) -> None:
    """The assessment's last dated step; for a past day also the clock reason given and
    the sessions attended by then."""
    for ref_id, step in assessment_steps_on(session, batch, day).items():
        facts[ref_id].assessment_step = step
    if is_now:
        return
    for ref_id, reason in clock_reasons_at(session, batch, instant).items():
        facts[ref_id].clock_reason = reason
    attended = attendance_on(session, batch, day)
    for ref_id in batch:
        facts[ref_id].attended = attended.get(ref_id, 0)


def _caseworker_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {
        user_id: name
        for user_id, name in session.execute(
            sa.select(User.id, User.display_name).where(User.id.in_(list(ids)))
        )
    }


def _aware(value: Any) -> datetime | None:
    """Aggregates (max/min) bypass the column type on SQLite: make them aware UTC again."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
