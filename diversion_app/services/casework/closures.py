"""Closing a referral: the caseworker asks, a supervisor approves (or returns it).

Closing waits until every unfinished intervention and every future scheduled visit has
been settled, and says which. Approval closes the referral through
``referral_core.change_status`` and sets the 12-month reoffending follow-up date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.closure import (
    ClosureBlocked,
    ClosureForm,
    approval_problem,
    closure_problems,
    follow_up_due,
)
from diversion_app.domain.enums import (
    AuditAction,
    ClosureOutcome,
    ClosureStatus,
    ProgrammeStatus,
    ReferralStatus,
    VisitStatus,
)
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.programme import UNFINISHED_INTERVENTION, Progress
from diversion_app.domain.snapshot import Snapshot, SnapshotStage, snapshot_problems
from diversion_app.domain.timekeeping import format_datetime, london_today
from diversion_app.persistence.models import (
    Closure,
    Intervention,
    Programme,
    Referral,
    User,
    Visit,
)
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, NotFound
from diversion_app.services.base.permissions import refuse, require
from diversion_app.services.base.stale import (
    NOT_MADE_YET,
    refuse_if_one_is_stale,
    stamp_or_not_made,
)
from diversion_app.services.base.stale import edit_stamp as stamp_of
from diversion_app.services.casework.comes_to_notice import fill_after_approval
from diversion_app.services.casework.common import (
    ReferralHeading,
    open_for_reading,
    referral_row,
    require_view,
    require_work,
)
from diversion_app.services.casework.snapshots import read_snapshots, store_snapshot
from diversion_app.services.referrals.core import change_status
from diversion_app.services.referrals.police_outcome import raise_outcome_22_task


@dataclass(frozen=True)
class ClosureView:
    id: int
    outcome: ClosureOutcome
    exit_summary: str
    closed_on: date
    status: ClosureStatus
    requested_by: str
    requested_by_id: int | None
    approved_by: str
    approved_at: datetime | None
    return_comment: str
    follow_up_due_on: date
    edit_stamp: str = ""
    """The closure's version when read: hand it back to ``approve``/``return_for_changes``."""


@dataclass(frozen=True)
class ClosureState:
    """What the closure form shows for one referral."""

    referral: ReferralHeading
    referral_closed: bool
    latest: ClosureView | None
    blockers: tuple[str, ...]
    """Unfinished interventions and future scheduled visits, each in a sentence."""
    edit_stamp: str = NOT_MADE_YET
    """The latest closure's version when read: hand it back to ``request``, so a closure
    asked for, approved or returned by someone else meanwhile is not missed."""

    @property
    def can_request(self) -> bool:
        pending = self.latest is not None and self.latest.status is ClosureStatus.PENDING_APPROVAL
        return not self.referral_closed and not pending


def blockers(session: Session, referral_id: int, now: datetime) -> list[str]:
    """Each unfinished intervention and each future scheduled visit, in a plain phrase."""
    items: list[str] = []
    interventions = session.execute(
        sa.select(Intervention)
        .join(Programme, Programme.id == Intervention.programme_id)
        .where(
            Programme.referral_id == referral_id,
            Intervention.status.in_(UNFINISHED_INTERVENTION),
        )
        .order_by(Intervention.id)
    ).scalars()
    for row in interventions:
        items.append(
            f"the {row.intervention_type.label.lower()} intervention is still "
            f"{row.status.label.lower()} "
            f"({Progress(row.attended_sessions, row.planned_sessions).sessions_text}): "
            "mark it completed or stopped"
        )
    visits = session.execute(
        sa.select(Visit)
        .where(
            Visit.referral_id == referral_id,
            Visit.status == VisitStatus.SCHEDULED,
            Visit.start_at > now,
        )
        .order_by(Visit.start_at)
    ).scalars()
    for visit in visits:
        items.append(
            f"the {visit.purpose.label.lower()} visit on {format_datetime(visit.start_at)} "
            "is still scheduled: cancel it or record it"
        )
    return items


def _name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    return session.execute(sa.select(User.display_name).where(User.id == user_id)).scalar_one()


def _view(session: Session, row: Closure) -> ClosureView:
    return ClosureView(
        id=row.id,
        outcome=row.outcome,
        exit_summary=row.exit_summary,
        closed_on=row.closed_on,
        status=row.status,
        requested_by=_name(session, row.requested_by_id),
        requested_by_id=row.requested_by_id,
        approved_by=_name(session, row.approved_by_id),
        approved_at=row.approved_at,
        return_comment=row.return_comment or "",
        follow_up_due_on=row.follow_up_due_on,
        edit_stamp=stamp_of(row),
    )


def _latest(session: Session, referral_id: int) -> Closure | None:
    return (
        session.execute(
            sa.select(Closure)
            .where(Closure.referral_id == referral_id)
            .order_by(Closure.id.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def _already_closed(referral: Referral) -> DomainError:
    return DomainError(
        f"This referral is already {referral.status.label.lower()}; it cannot be closed again."
    )


class ClosureService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def for_referral(self, actor: Actor, referral_id: int) -> ClosureState:
        """The referral's closure state for its form (opening it is audited)."""
        found = open_for_reading(self.ctx, actor, referral_id, "closure_form")
        now = self.ctx.now()
        with self.ctx.read_only() as session:
            referral = referral_row(session, referral_id)
            latest = _latest(session, referral_id)
            return ClosureState(
                referral=found,
                referral_closed=not referral.status.is_open,
                latest=None if latest is None else _view(session, latest),
                blockers=tuple(blockers(session, referral_id, now)),
                edit_stamp=stamp_or_not_made(latest),
            )

    def request(
        self,
        actor: Actor,
        referral_id: int,
        form: ClosureForm,
        end_snapshot: Snapshot | None = None,
        *,
        edit_stamp: str = "",
    ) -> ClosureView:
        """Ask a supervisor to close the referral (refused while anything is unsettled).

        The end snapshot (the KPI facts at the end) is saved in the same step; without
        one, and with none saved before, every end fact is recorded as "not known".
        ``edit_stamp`` is the form's ``ClosureState.edit_stamp``: a closure requested or
        decided by someone else since the form opened is refused (``StaleRecord``).
        """
        found = require_work(self.ctx, actor, referral_id)
        now = self.ctx.now()
        today = london_today(now)
        with self.ctx.unit_of_work() as session:
            referral = referral_row(session, referral_id)
            if not referral.status.is_open:
                raise _already_closed(referral)
            problems = closure_problems(form, london_today(referral.received_at), today)
            if end_snapshot is not None:
                problems.update(
                    {
                        f"snapshot.{key}": text
                        for key, text in snapshot_problems(end_snapshot).items()
                    }
                )
            if problems:
                raise ValidationError(problems)
            latest = _latest(session, referral_id)
            _refuse_if_stale(session, edit_stamp, latest, found.young_person_id)
            if latest is not None and latest.status is ClosureStatus.PENDING_APPROVAL:
                raise Conflict(
                    "A closure for this referral is already waiting for a supervisor's approval.",
                    existing_id=latest.id,
                )
            unsettled = blockers(session, referral_id, now)
            if unsettled:
                raise ClosureBlocked(unsettled)
            assert form.outcome is not None
            if end_snapshot is not None or read_snapshots(session, referral_id).end is None:
                store_snapshot(
                    session,
                    actor,
                    referral,
                    SnapshotStage.END,
                    end_snapshot or Snapshot(),
                    now,
                )
            row = Closure(
                referral_id=referral_id,
                closed_on=form.closed_on,
                outcome=form.outcome,
                exit_summary=form.exit_summary.strip(),
                status=ClosureStatus.PENDING_APPROVAL,
                requested_by_id=actor.user_id,
                follow_up_due_on=follow_up_due(form.closed_on),
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "closure",
                row.id,
                at=now,
                young_person_id=found.young_person_id,
                changes={
                    "status": [None, row.status.value],
                    "outcome": [None, row.outcome.value],
                    "closed_on": [None, row.closed_on.isoformat()],
                },
            )
            return _view(session, row)

    def approve(self, actor: Actor, closure_id: int, *, edit_stamp: str = "") -> ClosureView:
        """Approve: the referral is closed and its 12-month follow-up falls due.

        ``edit_stamp`` is the closure's stamp as the supervisor read it: a request changed
        since (decided by someone else) is refused (``StaleRecord``).
        """
        return self._decide(actor, closure_id, approve=True, comment="", stamp=edit_stamp)

    def return_for_changes(
        self, actor: Actor, closure_id: int, comment: str, *, edit_stamp: str = ""
    ) -> ClosureView:
        """Return the request the supervisor read, saying what needs doing first."""
        if not comment.strip():
            raise ValidationError(
                {"return_comment": "Say what needs doing before the case can be closed."}
            )
        return self._decide(
            actor, closure_id, approve=False, comment=comment.strip(), stamp=edit_stamp
        )

    def _decide(
        self, actor: Actor, closure_id: int, *, approve: bool, comment: str, stamp: str
    ) -> ClosureView:
        with self.ctx.read_only() as session:
            row = session.get(Closure, closure_id)
            if row is None:
                raise NotFound("That closure request no longer exists.")
            referral_id, requested_by = row.referral_id, row.requested_by_id
        found = require_view(self.ctx, actor, referral_id)
        require(
            self.ctx,
            actor,
            Permission.APPROVE,
            entity="closure",
            entity_id=closure_id,
            young_person_id=found.young_person_id,
        )
        own = approval_problem(actor.user_id, requested_by) if approve else None
        if own:
            raise refuse(
                self.ctx,
                actor,
                "approve a closure you asked for yourself",
                entity="closure",
                entity_id=closure_id,
                young_person_id=found.young_person_id,
            )
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            closure = session.get(Closure, closure_id)
            _refuse_if_stale(
                session,
                stamp,
                closure,
                found.young_person_id,
                decision="Not approved" if approve else "Not returned",
            )
            if closure is None:
                raise NotFound("That closure request no longer exists.")
            referral = referral_row(session, referral_id)
            if closure.status is not ClosureStatus.PENDING_APPROVAL:
                raise DomainError(
                    f"This closure is already {closure.status.label.lower()}; "
                    "there is nothing to decide."
                )
            if approve and not referral.status.is_open:
                raise _already_closed(referral)
            before_status = closure.status
            if approve:
                unsettled = blockers(session, referral_id, now)
                if unsettled:
                    raise ClosureBlocked(unsettled)
                closure.status = ClosureStatus.APPROVED
                closure.approved_by_id = actor.user_id
                closure.approved_at = now
                closure.follow_up_due_on = follow_up_due(closure.closed_on)
                change_status(session, actor, referral, ReferralStatus.CLOSED, now)
                _end_programme(session, referral_id, closure)
                raise_outcome_22_task(session, actor, referral, closure.outcome, now)
                session.flush()
                # a CR or offence recorded while this closure awaited approval
                fill_after_approval(session, actor, closure, found.young_person_id, now)
            else:
                closure.status = ClosureStatus.RETURNED
                closure.return_comment = comment
            changes: dict[str, object] = {"status": [before_status.value, closure.status.value]}
            if approve:
                changes["follow_up_due_on"] = [None, closure.follow_up_due_on.isoformat()]
            else:
                changes["return_comment"] = [None, "recorded"]
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "closure",
                closure.id,
                at=now,
                young_person_id=found.young_person_id,
                changes=changes,
            )
            session.flush()  # the view carries the new version
            return _view(session, closure)


def _refuse_if_stale(
    session: Session,
    stamp: str,
    closure: Closure | None,
    young_person_id: int,
    *,
    decision: str = "",
) -> None:
    refuse_if_one_is_stale(
        session,
        stamp,
        "closure",
        closure,
        what="closure request",
        young_person_id=young_person_id,
        decision=decision,
    )


def _end_programme(session: Session, referral_id: int, closure: Closure) -> None:
    programme = session.execute(
        sa.select(Programme).where(Programme.referral_id == referral_id)
    ).scalar_one_or_none()
    if programme is None or programme.status is not ProgrammeStatus.ACTIVE:
        return
    programme.status = (
        ProgrammeStatus.COMPLETED
        if closure.outcome is ClosureOutcome.PROGRAMME_COMPLETED
        else ProgrammeStatus.ENDED
    )
    programme.completed_on = closure.closed_on
