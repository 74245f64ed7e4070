"""The personal programme: goals, interventions, attendance session by session, progress.

Building the first programme moves the referral on to "programme" (after the
assessment has been completed). Attendance is recorded one session at a time, and a
session can be a visit in the caseworker's diary. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import (
    AuditAction,
    InterventionStatus,
    InterventionType,
    ProgrammeStatus,
    ReferralStatus,
)
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.programme import (
    InterventionForm,
    Progress,
    attendance_problem,
    intervention_problems,
)
from diversion_app.domain.referral_rules import advanced_to
from diversion_app.domain.timekeeping import format_datetime, london_today
from diversion_app.persistence.models import (
    Intervention,
    InterventionSession,
    Programme,
    Visit,
)
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.stale import (
    NOT_MADE_YET,
    refuse_if_one_is_stale,
    stamp_or_not_made,
)
from diversion_app.services.base.stale import edit_stamp as stamp_of
from diversion_app.services.casework.common import (
    ReferralHeading,
    open_for_reading,
    referral_row,
    require_view,
    require_work,
)
from diversion_app.services.referrals.core import change_status

READY_FOR_PROGRAMME = frozenset({ReferralStatus.ASSESSED, ReferralStatus.PROGRAMME})


@dataclass(frozen=True)
class InterventionView:
    id: int
    intervention_type: InterventionType
    provider: str
    planned_sessions: int
    attended_sessions: int
    start_date: date | None
    end_date: date | None
    status: InterventionStatus
    edit_stamp: str = ""
    """The intervention's version when read: hand it back to ``update_intervention``."""

    @property
    def progress(self) -> Progress:
        return Progress(self.attended_sessions, self.planned_sessions)

    @property
    def form(self) -> InterventionForm:
        return InterventionForm(
            intervention_type=self.intervention_type,
            planned_sessions=self.planned_sessions,
            provider=self.provider,
            start_date=self.start_date,
            end_date=self.end_date,
            status=self.status,
        )


@dataclass(frozen=True)
class ProgrammeView:
    id: int | None
    referral: ReferralHeading
    goals: str
    review_date: date | None
    status: ProgrammeStatus | None
    started_on: date | None
    interventions: tuple[InterventionView, ...]
    can_build: bool
    """False while the assessment has not been completed (or once the referral is closed)."""
    edit_stamp: str = NOT_MADE_YET
    """The programme's version when read (``NOT_MADE_YET`` before it is built): hand it
    back to ``save_programme``."""


@dataclass(frozen=True)
class SessionRow:
    id: int
    held_on: date
    attended: bool
    visit: str
    """The linked diary visit ("03/12/2026 10:00, home"), or ""."""
    notes: str


@dataclass(frozen=True)
class VisitOption:
    id: int
    text: str


def _intervention_view(row: Intervention) -> InterventionView:
    return InterventionView(
        id=row.id,
        intervention_type=row.intervention_type,
        provider=row.provider or "",
        planned_sessions=row.planned_sessions,
        attended_sessions=row.attended_sessions,
        start_date=row.start_date,
        end_date=row.end_date,
        status=row.status,
        edit_stamp=stamp_of(row),
    )


def _programme_of(session: Session, referral_id: int) -> Programme | None:
    return session.execute(
        sa.select(Programme).where(Programme.referral_id == referral_id)
    ).scalar_one_or_none()


def _intervention_values(row: Intervention) -> dict[str, Any]:
    return {
        "intervention_type": row.intervention_type,
        "provider": row.provider,
        "planned_sessions": row.planned_sessions,
        "attended_sessions": row.attended_sessions,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "status": row.status,
    }


class ProgrammeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def for_referral(self, actor: Actor, referral_id: int) -> ProgrammeView:
        """The referral's personal programme for its form (opening it is audited)."""
        found = open_for_reading(self.ctx, actor, referral_id, "programme_form")
        with self.ctx.read_only() as session:
            return self._view(session, found)

    def _view(self, session: Session, found: ReferralHeading) -> ProgrammeView:
        referral = referral_row(session, found.id)
        programme = _programme_of(session, found.id)
        can_build = referral.status in READY_FOR_PROGRAMME
        if programme is None:
            return ProgrammeView(None, found, "", None, None, None, (), can_build)
        interventions = session.execute(
            sa.select(Intervention)
            .where(Intervention.programme_id == programme.id)
            .order_by(Intervention.id)
        ).scalars()
        return ProgrammeView(
            id=programme.id,
            referral=found,
            goals=programme.goals,
            review_date=programme.review_date,
            status=programme.status,
            started_on=programme.started_on,
            interventions=tuple(_intervention_view(row) for row in interventions),
            can_build=can_build,
            edit_stamp=stamp_or_not_made(programme),
        )

    def save_programme(
        self,
        actor: Actor,
        referral_id: int,
        goals: str,
        review_date: date | None,
        *,
        edit_stamp: str = "",
    ) -> ProgrammeView:
        """Create the programme (moving the referral to "programme") or change its goals.

        ``edit_stamp`` is the view's stamp when the form opened: a programme built or
        changed by someone else since is refused (``StaleRecord``), never written over.
        """
        found = require_work(self.ctx, actor, referral_id)
        now = self.ctx.now()
        today = london_today(now)
        problems: dict[str, str] = {}
        if not goals.strip():
            problems["goals"] = "Write the goals agreed with the young person."
        with self.ctx.unit_of_work() as session:
            referral = referral_row(session, referral_id)
            if referral.status not in READY_FOR_PROGRAMME:
                raise DomainError(
                    "Complete the whole-family assessment before building the personal "
                    f"programme (the referral is {referral.status.label.lower()})."
                )
            programme = _programme_of(session, referral_id)
            refuse_if_one_is_stale(
                session,
                edit_stamp,
                "programme",
                programme,
                what="personal programme",
                young_person_id=found.young_person_id,
            )
            unchanged = programme is not None and programme.review_date == review_date
            if review_date is not None and review_date < today and not unchanged:
                problems["review_date"] = "The review date cannot be in the past."
            if problems:
                raise ValidationError(problems)
            if programme is None:
                programme = Programme(
                    referral_id=referral_id,
                    goals=goals.strip(),
                    review_date=review_date,
                    status=ProgrammeStatus.ACTIVE,
                    started_on=today,
                    updated_at=now,
                )
                session.add(programme)
                session.flush()
                action = AuditAction.CREATED
                changes: dict[str, Any] = {
                    "goals": [None, "recorded"],
                    "review_date": [None, review_date],
                }
                target = advanced_to(referral.status, ReferralStatus.PROGRAMME)
                if target is not referral.status:
                    change_status(session, actor, referral, target, now)
            else:
                action = AuditAction.CHANGED
                changes = audit.diff(
                    {"review_date": programme.review_date}, {"review_date": review_date}
                )
                if programme.goals != goals.strip():
                    changes["goals"] = ["previous wording", "new wording"]
                programme.goals = goals.strip()
                programme.review_date = review_date
                programme.updated_at = now
            audit.record(
                session,
                actor,
                action,
                "programme",
                programme.id,
                at=now,
                young_person_id=found.young_person_id,
                changes=changes,
            )
            session.flush()
            return self._view(session, found)

    # --- interventions -------------------------------------------------------------------
    def add_intervention(
        self, actor: Actor, referral_id: int, form: InterventionForm
    ) -> InterventionView:
        found = require_work(self.ctx, actor, referral_id)
        problems = intervention_problems(form, 0)
        if problems:
            raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            programme = _programme_of(session, referral_id)
            if programme is None:
                raise DomainError("Save the programme's goals before adding interventions.")
            _require_open(session, referral_id)
            row = Intervention(programme_id=programme.id, attended_sessions=0)
            _fill(row, form)
            session.add(row)
            session.flush()
            programme.updated_at = now
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "intervention",
                row.id,
                at=now,
                young_person_id=found.young_person_id,
                changes=audit.diff({}, _intervention_values(row)),
            )
            return _intervention_view(row)

    def update_intervention(
        self, actor: Actor, intervention_id: int, form: InterventionForm, *, edit_stamp: str = ""
    ) -> InterventionView:
        """Change an intervention; ``edit_stamp`` (its stamp when read) refuses a stale save."""
        referral_id = self._referral_of_intervention(intervention_id)
        found = require_work(self.ctx, actor, referral_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            _require_open(session, referral_id)
            row = session.get(Intervention, intervention_id)
            if row is None:
                raise NotFound("That intervention no longer exists.")
            refuse_if_one_is_stale(
                session,
                edit_stamp,
                "intervention",
                row,
                what="intervention",
                young_person_id=found.young_person_id,
            )
            problems = intervention_problems(form, row.attended_sessions)
            if problems:
                raise ValidationError(problems)
            before = _intervention_values(row)
            _fill(row, form)
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "intervention",
                row.id,
                at=now,
                young_person_id=found.young_person_id,
                changes=audit.diff(before, _intervention_values(row)),
            )
            session.flush()  # the view carries the new version
            return _intervention_view(row)

    def _referral_of_intervention(self, intervention_id: int) -> int:
        with self.ctx.read_only() as session:
            referral_id = session.execute(
                sa.select(Programme.referral_id)
                .join(Intervention, Intervention.programme_id == Programme.id)
                .where(Intervention.id == intervention_id)
            ).scalar_one_or_none()
        if referral_id is None:
            raise NotFound("That intervention no longer exists.")
        return int(referral_id)

    # --- attendance ------------------------------------------------------------------------
    def record_session(
        self,
        actor: Actor,
        intervention_id: int,
        held_on: date,
        attended: bool,
        *,
        visit_id: int | None = None,
        notes: str = "",
    ) -> InterventionView:
        """Record one session (attended or missed), optionally the diary visit it was."""
        referral_id = self._referral_of_intervention(intervention_id)
        found = require_work(self.ctx, actor, referral_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            _require_open(session, referral_id)
            row = session.get(Intervention, intervention_id)
            assert row is not None
            problem = attendance_problem(
                attended, row.attended_sessions, row.planned_sessions, held_on, london_today(now)
            )
            if problem:
                raise ValidationError({"attended": problem})
            if visit_id is not None:
                visit = session.get(Visit, visit_id)
                if visit is None or visit.referral_id != referral_id:
                    raise ValidationError(
                        {"visit": "Choose a visit from this referral's diary, or none."}
                    )
            before = _intervention_values(row)
            record = InterventionSession(
                intervention_id=row.id,
                held_on=held_on,
                attended=attended,
                visit_id=visit_id,
                notes=notes.strip() or None,
                recorded_by_id=actor.user_id,
            )
            session.add(record)
            if attended:
                row.attended_sessions += 1
            if row.status is InterventionStatus.PLANNED:
                row.status = InterventionStatus.ACTIVE
                row.start_date = row.start_date or held_on
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "intervention_session",
                record.id,
                at=now,
                young_person_id=found.young_person_id,
                changes={
                    "intervention_id": [None, row.id],
                    "held_on": [None, held_on.isoformat()],
                    "attended": [None, attended],
                    "visit_id": [None, visit_id],
                    **audit.diff(before, _intervention_values(row)),
                },
            )
            return _intervention_view(row)

    def sessions(self, actor: Actor, intervention_id: int) -> list[SessionRow]:
        referral_id = self._referral_of_intervention(intervention_id)
        require_view(self.ctx, actor, referral_id)
        with self.ctx.read_only() as session:
            rows = session.execute(
                sa.select(InterventionSession, Visit)
                .outerjoin(Visit, Visit.id == InterventionSession.visit_id)
                .where(InterventionSession.intervention_id == intervention_id)
                .order_by(InterventionSession.held_on, InterventionSession.id)
            ).all()
            return [
                SessionRow(
                    id=record.id,
                    held_on=record.held_on,
                    attended=record.attended,
                    visit=_visit_text(visit) if visit is not None else "",
                    notes=record.notes or "",
                )
                for record, visit in rows
            ]

    def visits_for_sessions(self, actor: Actor, referral_id: int) -> list[VisitOption]:
        """The referral's diary visits a session could be linked to (latest first)."""
        require_view(self.ctx, actor, referral_id)
        with self.ctx.read_only() as session:
            visits = session.execute(
                sa.select(Visit)
                .where(Visit.referral_id == referral_id)
                .order_by(Visit.start_at.desc())
                .limit(200)
            ).scalars()
            return [VisitOption(visit.id, _visit_text(visit)) for visit in visits]


def _visit_text(visit: Visit) -> str:
    place, status = visit.place.label.lower(), visit.status.label.lower()
    return f"{format_datetime(visit.start_at)}, {place}, {status}"


def _fill(row: Intervention, form: InterventionForm) -> None:
    row.intervention_type = form.intervention_type
    row.provider = form.provider.strip() or None
    row.planned_sessions = form.planned_sessions
    row.start_date = form.start_date
    row.end_date = form.end_date
    row.status = form.status


def _require_open(session: Session, referral_id: int) -> None:
    referral = referral_row(session, referral_id)
    if not referral.status.is_open:
        raise DomainError(
            f"This referral is {referral.status.label.lower()}; its programme can no longer "
            "be changed."
        )
