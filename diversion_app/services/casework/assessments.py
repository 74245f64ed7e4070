"""The whole-family assessment: save a draft, resume it, complete it, sign it off or return it.

Completing moves the referral on to "assessed" (through ``referral_core.change_status``);
a supervisor then signs it off or returns it with a comment, and a returned assessment
can be edited and completed again. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.assessment import (
    EDITABLE_STATUSES,
    AssessmentForm,
    DomainRating,
    completion_problems,
    draft_problems,
)
from diversion_app.domain.enums import (
    AssessmentDomain,
    AssessmentStatus,
    AuditAction,
    ReferralStatus,
    Relationship,
)
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.referral_rules import advanced_to
from diversion_app.domain.snapshot import Snapshot, SnapshotStage, snapshot_problems
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import (
    Assessment,
    AssessmentEvent,
    AssessmentRating,
    HouseholdMember,
    User,
    YoungPerson,
    assessment_participants,
)
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, NotFound
from diversion_app.services.base.permissions import require
from diversion_app.services.base.stale import (
    NOT_MADE_YET,
    refuse_if_one_is_stale,
    stamp_or_not_made,
)
from diversion_app.services.casework.common import (
    ReferralHeading,
    open_for_reading,
    referral_row,
    require_view,
    require_work,
)
from diversion_app.services.casework.snapshots import store_snapshot
from diversion_app.services.referrals.core import change_status


@dataclass(frozen=True)
class HouseholdOption:
    """A household member who could take part in the assessment."""

    id: int
    name: str
    relationship: Relationship


@dataclass(frozen=True)
class AssessmentView:
    id: int | None
    """None until the first draft is saved."""
    referral: ReferralHeading
    status: AssessmentStatus | None
    assessor: str
    form: AssessmentForm
    household: tuple[HouseholdOption, ...]
    signed_off_by: str
    signed_off_at: datetime | None
    return_comment: str
    edit_stamp: str = NOT_MADE_YET
    """The assessment's version when read (``NOT_MADE_YET`` before the first draft): hand
    it back when saving, signing off or returning, so a change since is refused."""

    @property
    def editable(self) -> bool:
        return self.status is None or self.status in EDITABLE_STATUSES

    @property
    def awaiting_sign_off(self) -> bool:
        return self.status is AssessmentStatus.COMPLETED


def _snapshot(assessment: Assessment, participants: list[int]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "status": assessment.status,
        "started_on": assessment.started_on,
        "completed_on": assessment.completed_on,
        "safety_level": assessment.safety_level,
        "participants": sorted(participants),
        # free text is recorded as changed, never copied into the trail
        "young_person_views": bool(assessment.young_person_views),
        "carer_views": bool(assessment.carer_views),
        "strengths": bool(assessment.strengths),
        "conclusion": bool(assessment.conclusion),
    }
    for rating in assessment.ratings:
        values[f"rating.{rating.domain.value}"] = rating.rating
    return values


def _participants(session: Session, assessment_id: int) -> list[int]:
    return list(
        session.execute(
            sa.select(assessment_participants.c.member_id).where(
                assessment_participants.c.assessment_id == assessment_id
            )
        ).scalars()
    )


def _household(session: Session, young_person_id: int) -> tuple[HouseholdOption, ...]:
    rows = session.execute(
        sa.select(
            HouseholdMember.id,
            HouseholdMember.given_name,
            HouseholdMember.family_name,
            HouseholdMember.relationship_to_child,
        )
        .join(YoungPerson, YoungPerson.household_id == HouseholdMember.household_id)
        .where(YoungPerson.id == young_person_id)
        .order_by(HouseholdMember.id)
    ).all()
    return tuple(HouseholdOption(row[0], f"{row[1]} {row[2]}", row[3]) for row in rows)


def _latest(session: Session, referral_id: int) -> Assessment | None:
    return (
        session.execute(
            sa.select(Assessment)
            .where(Assessment.referral_id == referral_id)
            .order_by(Assessment.id.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def _name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    return session.execute(sa.select(User.display_name).where(User.id == user_id)).scalar_one()


class AssessmentService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- reading --------------------------------------------------------------------------
    def for_referral(self, actor: Actor, referral_id: int) -> AssessmentView:
        """The referral's latest assessment, or an empty one to start (viewing is audited)."""
        found = open_for_reading(self.ctx, actor, referral_id, "assessment_form")
        now = self.ctx.now()
        with self.ctx.read_only() as session:
            assessment = _latest(session, referral_id)
            household = _household(session, found.young_person_id)
            if assessment is None:
                return AssessmentView(
                    id=None,
                    referral=found,
                    status=None,
                    assessor=actor.display_name,
                    form=AssessmentForm(started_on=london_today(now)),
                    household=household,
                    signed_off_by="",
                    signed_off_at=None,
                    return_comment="",
                )
            return self._view(session, assessment, found, household)

    def _view(
        self,
        session: Session,
        assessment: Assessment,
        found: ReferralHeading,
        household: tuple[HouseholdOption, ...],
    ) -> AssessmentView:
        form = AssessmentForm(
            started_on=assessment.started_on,
            completed_on=assessment.completed_on,
            ratings={
                rating.domain: DomainRating(rating.rating, rating.notes or "")
                for rating in assessment.ratings
            },
            young_person_views=assessment.young_person_views or "",
            carer_views=assessment.carer_views or "",
            strengths=assessment.strengths or "",
            safety_level=assessment.safety_level,
            conclusion=assessment.conclusion or "",
            participant_ids=tuple(sorted(_participants(session, assessment.id))),
        )
        return AssessmentView(
            id=assessment.id,
            referral=found,
            status=assessment.status,
            assessor=_name(session, assessment.assessor_id),
            form=form,
            household=household,
            signed_off_by=_name(session, assessment.signed_off_by_id),
            signed_off_at=assessment.signed_off_at,
            return_comment=assessment.return_comment or "",
            edit_stamp=stamp_or_not_made(assessment),
        )

    # --- the assessor's actions -----------------------------------------------------------
    def save_draft(
        self,
        actor: Actor,
        referral_id: int,
        form: AssessmentForm,
        start_snapshot: Snapshot | None = None,
        *,
        edit_stamp: str = "",
    ) -> AssessmentView:
        """Save what has been typed so far; it can be resumed later.

        ``edit_stamp`` is the view's stamp when the form opened: if someone else saved,
        completed or started the assessment since, the save is refused (``StaleRecord``).
        """
        return self._save(
            actor, referral_id, form, complete=False, snapshot=start_snapshot, stamp=edit_stamp
        )

    def complete(
        self,
        actor: Actor,
        referral_id: int,
        form: AssessmentForm,
        start_snapshot: Snapshot | None = None,
        *,
        edit_stamp: str = "",
    ) -> AssessmentView:
        """Save and complete: every domain rated, the young person's views recorded.

        Moves the referral on to "assessed". Nothing is saved if anything is missing.
        The start snapshot (the KPI facts), when given, is saved in the same step.
        ``edit_stamp`` as for ``save_draft``.
        """
        return self._save(
            actor, referral_id, form, complete=True, snapshot=start_snapshot, stamp=edit_stamp
        )

    def _save(
        self,
        actor: Actor,
        referral_id: int,
        form: AssessmentForm,
        *,
        complete: bool,
        snapshot: Snapshot | None = None,
        stamp: str = "",
    ) -> AssessmentView:
        found = require_work(self.ctx, actor, referral_id)
        now = self.ctx.now()
        today = london_today(now)
        if complete and form.completed_on is None:
            form = _with_completed(form, today)
        problems = completion_problems(form, today) if complete else draft_problems(form, today)
        if snapshot is not None:
            problems.update(
                {f"snapshot.{key}": text for key, text in snapshot_problems(snapshot).items()}
            )
        if problems:
            raise ValidationError(problems)
        with self.ctx.unit_of_work() as session:
            referral = referral_row(session, referral_id)
            if not referral.status.is_open:
                raise DomainError(
                    f"This referral is {referral.status.label.lower()}; "
                    "its assessment can no longer be changed."
                )
            household = _household(session, found.young_person_id)
            allowed = {member.id for member in household}
            if not set(form.participant_ids) <= allowed:
                raise ValidationError(
                    {"participants": "Choose participants from the young person's household."}
                )
            assessment = _latest(session, referral_id)
            _refuse_if_stale(session, stamp, assessment, found.young_person_id)
            if assessment is not None and assessment.status not in EDITABLE_STATUSES:
                raise Conflict(
                    f"This assessment is {assessment.status.label.lower()} and cannot be "
                    "changed; reopen the form to see it.",
                    existing_id=assessment.id,
                )
            created = assessment is None
            if assessment is None:
                assessment = Assessment(
                    referral_id=referral_id,
                    assessor_id=actor.user_id,
                    started_on=form.started_on,
                    status=AssessmentStatus.DRAFT,
                    updated_at=now,
                )
                session.add(assessment)
                session.flush()
                before: dict[str, Any] = {}
            else:
                before = _snapshot(assessment, _participants(session, assessment.id))
            _apply(session, assessment, form, now)
            if complete:
                assessment.status = AssessmentStatus.COMPLETED
                assessment.completed_on = form.completed_on
                assessment.return_comment = None
                if referral.assessed_on is None:
                    referral.assessed_on = form.completed_on  # meets the working-day deadline
                assert form.completed_on is not None
                _add_step(session, assessment, "completed", form.completed_on, now, actor)
                target = advanced_to(referral.status, ReferralStatus.ASSESSED)
                if target is not referral.status:
                    change_status(session, actor, referral, target, now)
            else:
                assessment.completed_on = None
            if snapshot is not None:
                store_snapshot(session, actor, referral, SnapshotStage.START, snapshot, now)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED if created else AuditAction.CHANGED,
                "assessment",
                assessment.id,
                at=now,
                young_person_id=found.young_person_id,
                changes=audit.diff(before, _snapshot(assessment, list(form.participant_ids))),
            )
            return self._view(session, assessment, found, household)

    # --- the supervisor's actions ---------------------------------------------------------
    def sign_off(self, actor: Actor, assessment_id: int, *, edit_stamp: str = "") -> AssessmentView:
        """Sign off the completed assessment the supervisor read (``edit_stamp``)."""
        return self._decide(actor, assessment_id, sign=True, comment="", stamp=edit_stamp)

    def return_for_changes(
        self, actor: Actor, assessment_id: int, comment: str, *, edit_stamp: str = ""
    ) -> AssessmentView:
        """Return the completed assessment the supervisor read, saying what to change."""
        if not comment.strip():
            raise ValidationError(
                {"return_comment": "Say what needs changing before returning the assessment."}
            )
        return self._decide(
            actor, assessment_id, sign=False, comment=comment.strip(), stamp=edit_stamp
        )

    def _decide(
        self, actor: Actor, assessment_id: int, *, sign: bool, comment: str, stamp: str
    ) -> AssessmentView:
        with self.ctx.read_only() as session:
            referral_id = session.execute(
                sa.select(Assessment.referral_id).where(Assessment.id == assessment_id)
            ).scalar_one_or_none()
        if referral_id is None:
            raise NotFound("That assessment no longer exists.")
        found = require_view(self.ctx, actor, referral_id)
        require(
            self.ctx,
            actor,
            Permission.APPROVE,
            entity="assessment",
            entity_id=assessment_id,
            young_person_id=found.young_person_id,
        )
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            assessment = session.get(Assessment, assessment_id)
            _refuse_if_stale(
                session,
                stamp,
                assessment,
                found.young_person_id,
                decision="Not signed off" if sign else "Not returned",
            )
            if assessment is None:
                raise NotFound("That assessment no longer exists.")
            if assessment.status is not AssessmentStatus.COMPLETED:
                raise DomainError(
                    "Only a completed assessment can be signed off or returned; this one is "
                    f"{assessment.status.label.lower()}."
                )
            before = _snapshot(assessment, _participants(session, assessment.id))
            if sign:
                assessment.status = AssessmentStatus.SIGNED_OFF
                assessment.signed_off_by_id = actor.user_id
                assessment.signed_off_at = now
            else:
                assessment.status = AssessmentStatus.RETURNED
                assessment.return_comment = comment
            assessment.updated_at = now
            step = "signed_off" if sign else "returned"
            _add_step(session, assessment, step, london_today(now), now, actor)
            changes = audit.diff(
                before, _snapshot(assessment, _participants(session, assessment.id))
            )
            if not sign:
                changes["return_comment"] = [None, "recorded"]
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "assessment",
                assessment.id,
                at=now,
                young_person_id=found.young_person_id,
                changes=changes,
            )
            session.flush()  # the view carries the new version
            return self._view(
                session, assessment, found, _household(session, found.young_person_id)
            )


def _refuse_if_stale(
    session: Session,
    stamp: str,
    assessment: Assessment | None,
    young_person_id: int,
    *,
    decision: str = "",
) -> None:
    refuse_if_one_is_stale(
        session,
        stamp,
        "assessment",
        assessment,
        what="whole-family assessment",
        young_person_id=young_person_id,
        decision=decision,
    )


def _with_completed(form: AssessmentForm, day: date) -> AssessmentForm:
    from dataclasses import replace

    return replace(form, completed_on=day)


def _apply(session: Session, assessment: Assessment, form: AssessmentForm, now: datetime) -> None:
    assessment.started_on = form.started_on
    assessment.young_person_views = form.young_person_views.strip() or None
    assessment.carer_views = form.carer_views.strip() or None
    assessment.strengths = form.strengths.strip() or None
    assessment.safety_level = form.safety_level
    assessment.conclusion = form.conclusion.strip() or None
    assessment.updated_at = now
    existing = {rating.domain: rating for rating in assessment.ratings}
    for domain in AssessmentDomain:
        given = form.ratings.get(domain, DomainRating())
        row = existing.get(domain)
        if row is None:
            row = AssessmentRating(domain=domain)
            assessment.ratings.append(row)
        row.rating = given.rating
        row.notes = given.notes.strip() or None
    session.execute(
        sa.delete(assessment_participants).where(
            assessment_participants.c.assessment_id == assessment.id
        )
    )
    if form.participant_ids:
        session.execute(
            sa.insert(assessment_participants),
            [
                {"assessment_id": assessment.id, "member_id": member_id}
                for member_id in sorted(set(form.participant_ids))
            ],
        )


def _add_step(
    session: Session,
    assessment: Assessment,
    kind: str,
    effective_on: date,
    now: datetime,
    actor: Actor,
) -> None:
    """Write one dated step of the assessment's history (never overwritten later)."""
    session.add(
        AssessmentEvent(
            assessment_id=assessment.id,
            kind=kind,
            effective_on=effective_on,
            at=now,
            user_id=actor.user_id,
        )
    )
