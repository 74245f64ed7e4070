"""The 12-month reoffending follow-up: the list of those due, recording one, and filling
one in automatically when a new Community Resolution comes in inside the 12 months.

Who is due, and what a follow-up could link to, are list facts every case role reads
(officers and SPOCs read only); what a recorded follow-up says is a case note
(``READ_CASE_NOTES``: caseworkers and supervisors).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from diversion_app.domain.closure import FollowUpForm, follow_up_problems
from diversion_app.domain.enums import AuditAction, ClosureOutcome, ClosureStatus
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.names import normalise_name
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.persistence.models import (
    Closure,
    CommunityResolution,
    FollowUp,
    Referral,
    User,
    YoungPerson,
)
from diversion_app.services.base import access, audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.audited_read import log_view
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, NotFound
from diversion_app.services.base.listing import (
    PageRequest,
    count_of,
    in_page_order,
    like_pattern,
    ordered,
)
from diversion_app.services.base.permissions import require
from diversion_app.services.casework.comes_to_notice import fill_for_offence
from diversion_app.services.casework.common import require_work


@dataclass(frozen=True)
class FollowUpFilter:
    due_only: bool = True
    """Only follow-ups due today or earlier and not yet recorded; else every unrecorded one."""


@dataclass(frozen=True)
class FollowUpRow:
    closure_id: int
    referral_id: int
    young_person_id: int
    young_person: str
    closed_on: date
    outcome: ClosureOutcome
    due_on: date
    caseworker: str
    caseworker_id: int | None = None
    """Whose caseload the closed referral was on (only they or a supervisor record it)."""


@dataclass(frozen=True)
class FollowUpView:
    id: int
    closure_id: int
    recorded_on: date
    came_to_notice: bool
    details: str
    community_resolution_id: int | None
    new_referral_id: int | None
    automatic: bool


@dataclass(frozen=True)
class LinkOption:
    id: int
    text: str


@dataclass(frozen=True)
class LinkOptions:
    """What a follow-up could link to: the young person's CRs and referrals since closure."""

    community_resolutions: tuple[LinkOption, ...]
    referrals: tuple[LinkOption, ...]


def _view(row: FollowUp) -> FollowUpView:
    return FollowUpView(
        id=row.id,
        closure_id=row.closure_id,
        recorded_on=row.recorded_on,
        came_to_notice=row.came_to_notice,
        details=row.details or "",
        community_resolution_id=row.community_resolution_id,
        new_referral_id=row.new_referral_id,
        automatic=row.automatic,
    )


def auto_fill_follow_up(
    session: Session,
    actor: Actor,
    young_person_id: int,
    cr_id: int,
    offence_date: date,
    now: datetime,
) -> int | None:
    """Fill in the follow-up of a closure the new CR's offence falls inside (caller's session).

    Called when a Community Resolution is recorded (``comes_to_notice.fill_for_offence``
    does the work, for diversion referrals too). Returns the follow-up's id, or None.
    """
    return fill_for_offence(session, actor, young_person_id, offence_date, now, cr_id=cr_id)


class FollowUpService:
    sort_columns: ClassVar[dict[str, Any]] = {
        "due_on": Closure.follow_up_due_on,
        "closed_on": Closure.closed_on,
        "young_person": YoungPerson.family_name_key,
    }

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _filtered(self, text: str, filter_: FollowUpFilter) -> sa.Select[Any]:
        statement = (
            sa.select(Closure.id)
            .join(Referral, Referral.id == Closure.referral_id)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .outerjoin(FollowUp, FollowUp.closure_id == Closure.id)
            .where(Closure.status == ClosureStatus.APPROVED, FollowUp.id.is_(None))
        )
        if filter_.due_only:
            statement = statement.where(Closure.follow_up_due_on <= london_today(self.ctx.now()))
        text = text.strip()
        if text:
            statement = statement.where(
                YoungPerson.search_name.like(like_pattern(normalise_name(text)), escape="\\")
            )
        return statement

    def count_due(self, actor: Actor, text: str = "", filter_: FollowUpFilter | None = None) -> int:
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.unit_of_work() as session:  # the list shown is audited as a search
            statement = count_of(self._filtered(text, filter_ or FollowUpFilter()))
            listed = int(session.execute(statement).scalar_one())
            access.search(session, actor, "follow_ups", listed=listed, at=self.ctx.now())
            return listed

    def page_due(
        self, actor: Actor, request: PageRequest, filter_: FollowUpFilter | None = None
    ) -> list[FollowUpRow]:
        """Follow-ups not yet recorded, due first (paged and sorted in SQL)."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        statement = ordered(
            self._filtered(request.text, filter_ or FollowUpFilter()),
            request,
            self.sort_columns,
            [Closure.follow_up_due_on.asc()],
            Closure.id,
        )
        with self.ctx.read_only() as session:
            ids = list(session.execute(statement).scalars())
            if not ids:
                return []
            caseworker = aliased(User)
            rows = session.execute(
                sa.select(
                    Closure.id,
                    Closure.referral_id,
                    Referral.young_person_id,
                    YoungPerson.given_name,
                    YoungPerson.family_name,
                    Closure.closed_on,
                    Closure.outcome,
                    Closure.follow_up_due_on,
                    caseworker.display_name,
                    Referral.caseworker_id,
                )
                .join(Referral, Referral.id == Closure.referral_id)
                .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
                .outerjoin(caseworker, caseworker.id == Referral.caseworker_id)
                .where(Closure.id.in_(ids))
            ).all()
            return [
                FollowUpRow(
                    closure_id=row[0],
                    referral_id=row[1],
                    young_person_id=row[2],
                    young_person=f"{row[3]} {row[4]}",
                    closed_on=row[5],
                    outcome=row[6],
                    due_on=row[7],
                    caseworker=row[8] or "Unallocated",
                    caseworker_id=row[9],
                )
                for row in in_page_order(ids, rows)
            ]

    def for_closure(self, actor: Actor, closure_id: int) -> FollowUpView | None:
        require(self.ctx, actor, Permission.READ_CASE_NOTES, entity="closure", entity_id=closure_id)
        with self.ctx.read_only() as session:
            row = session.execute(
                sa.select(FollowUp).where(FollowUp.closure_id == closure_id)
            ).scalar_one_or_none()
            return None if row is None else _view(row)

    def link_options(self, actor: Actor, closure_id: int) -> LinkOptions:
        """The young person's CRs (offence after the closure) and referrals received since.

        This is what the follow-up form shows of the child, so it is the form's opening:
        need to know (a reason if not on the actor's own list), then one "viewed" event."""
        require(self.ctx, actor, Permission.VIEW_CASES, entity="closure", entity_id=closure_id)
        with self.ctx.read_only() as session:
            row = session.execute(
                sa.select(Closure.closed_on, Referral.young_person_id, Referral.id)
                .join(Referral, Referral.id == Closure.referral_id)
                .where(Closure.id == closure_id)
            ).one_or_none()
            if row is None:
                raise NotFound("That closure no longer exists.")
            closed_on, person_id, closed_referral = row
            reason = access.view_reason(session, actor, person_id)
            resolutions = session.execute(
                sa.select(
                    CommunityResolution.id,
                    CommunityResolution.crime_reference,
                    CommunityResolution.offence_date,
                )
                .where(
                    CommunityResolution.young_person_id == person_id,
                    CommunityResolution.offence_date > closed_on,
                )
                .order_by(CommunityResolution.offence_date)
            ).all()
            referrals = session.execute(
                sa.select(Referral.id, Referral.pathway, Referral.received_at)
                .where(Referral.young_person_id == person_id, Referral.id != closed_referral)
                .order_by(Referral.received_at)
            ).all()
            options = LinkOptions(
                community_resolutions=tuple(
                    LinkOption(cr_id, f"{reference}, offence on {format_date(day)}")
                    for cr_id, reference, day in resolutions
                ),
                referrals=tuple(
                    LinkOption(
                        referral_id,
                        f"{pathway.label} referral received {format_date(received)}",
                    )
                    for referral_id, pathway, received in referrals
                    if london_today(received) >= closed_on
                ),
            )
        log_view(
            self.ctx,
            actor,
            "follow_up_form",
            closure_id,
            young_person_id=person_id,
            changes=reason,
        )
        return options

    def record(self, actor: Actor, closure_id: int, form: FollowUpForm) -> FollowUpView:
        """Record whether the young person came to notice again in the 12 months."""
        with self.ctx.read_only() as session:
            closure = session.get(Closure, closure_id)
            if closure is None:
                raise NotFound("That closure no longer exists.")
            referral_id = closure.referral_id
        found = require_work(self.ctx, actor, referral_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            closure = session.get(Closure, closure_id)
            assert closure is not None
            if closure.status is not ClosureStatus.APPROVED:
                raise ValidationError(
                    {"closure": "The closure has not been approved, so no follow-up is due."}
                )
            problems = follow_up_problems(form, closure.follow_up_due_on, london_today(now))
            problems.update(_link_problems(session, found.young_person_id, referral_id, form))
            if problems:
                raise ValidationError(problems)
            existing = session.execute(
                sa.select(FollowUp.id).where(FollowUp.closure_id == closure_id)
            ).scalar_one_or_none()
            if existing is not None:
                raise Conflict(
                    "The follow-up for this closure has already been recorded.",
                    existing_id=existing,
                )
            row = FollowUp(
                closure_id=closure_id,
                recorded_on=london_today(now),
                came_to_notice=form.came_to_notice,
                details=form.details.strip() or None,
                community_resolution_id=form.community_resolution_id,
                new_referral_id=form.new_referral_id,
                automatic=False,
                recorded_by_id=actor.user_id,
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "follow_up",
                row.id,
                at=now,
                young_person_id=found.young_person_id,
                changes={
                    "came_to_notice": [None, form.came_to_notice],
                    "community_resolution_id": [None, form.community_resolution_id],
                    "new_referral_id": [None, form.new_referral_id],
                },
            )
            return _view(row)


def _link_problems(
    session: Session, young_person_id: int, closed_referral_id: int, form: FollowUpForm
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if form.community_resolution_id is not None:
        owner = session.execute(
            sa.select(CommunityResolution.young_person_id).where(
                CommunityResolution.id == form.community_resolution_id
            )
        ).scalar_one_or_none()
        if owner != young_person_id:
            problems["community_resolution_id"] = (
                "Link a Community Resolution of this young person."
            )
    if form.new_referral_id is not None:
        owner = session.execute(
            sa.select(Referral.young_person_id).where(Referral.id == form.new_referral_id)
        ).scalar_one_or_none()
        if owner != young_person_id or form.new_referral_id == closed_referral_id:
            problems["new_referral_id"] = "Link a new referral of this young person."
    return problems
