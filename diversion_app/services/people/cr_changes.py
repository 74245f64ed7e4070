"""Correcting or withdrawing a Community Resolution already recorded, with a reason.

A CR typed wrongly is corrected (every field checked again as when it was recorded; the
old and new values and the reason go to the audit trail); one recorded in error is
withdrawn (kept, marked withdrawn with who, when and why, and then counted nowhere: not
in the period report, not as "comes to notice again"). A 12-month follow-up answered
automatically by that CR is put back to unanswered, unless the corrected CR still falls
inside its window.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.community_resolution_rules import (
    CommunityResolutionDraft,
    community_resolution_problems,
    normalise_crime_reference,
)
from diversion_app.domain.enums import AuditAction, RestorativeAction
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.persistence.models import CommunityResolution, FollowUp, YoungPerson
from diversion_app.services.base import access, audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.audited_read import log_view
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.permissions import require
from diversion_app.services.base.stale import edit_stamp as stamp_of
from diversion_app.services.base.stale import refuse_if_stale
from diversion_app.services.casework.comes_to_notice import fill_for_offence
from diversion_app.services.people.community_resolutions import crime_reference_format

MIN_REASON = 5


def _reason_problem(reason: str, what: str) -> str | None:
    if len(reason.strip()) < MIN_REASON:
        return f"Say why the Community Resolution is being {what}; the reason is kept."
    return None


def _snapshot(cr: CommunityResolution) -> dict[str, Any]:
    return {
        "crime_reference": cr.crime_reference,
        "offence_date": cr.offence_date,
        "offence_category": cr.offence_category,
        "offence_description": cr.offence_description,
        "location": cr.location,
        "officer_name": cr.officer_name,
        "collar_number": cr.collar_number,
        "accepted_responsibility": cr.accepted_responsibility,
        "appropriate_adult_present": cr.appropriate_adult_present,
        "victim_type": cr.victim_type,
        "victim_consulted": cr.victim_consulted,
        "restorative_actions": list(cr.restorative_actions or []),
        "gravity_score": cr.gravity_score,
        "authorised_by": cr.authorised_by,
    }


class CommunityResolutionChanges:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def draft_of(self, actor: Actor, cr_id: int) -> CommunityResolutionDraft:
        """The CR as a form would show it, to be corrected (the opening is audited: need to
        know, then one "viewed" event)."""
        require(self.ctx, actor, Permission.RECORD_CR, entity="community_resolution")
        with self.ctx.read_only() as session:
            cr = self._open(session, cr_id)
            reason = access.view_reason(session, actor, cr.young_person_id)
            draft = CommunityResolutionDraft(
                young_person_id=cr.young_person_id,
                crime_reference=cr.crime_reference,
                offence_date=format_date(cr.offence_date),
                offence_category=cr.offence_category,
                offence_description=cr.offence_description,
                location=cr.location or "",
                officer_name=cr.officer_name,
                collar_number=cr.collar_number,
                accepted_responsibility=cr.accepted_responsibility,
                appropriate_adult_present=cr.appropriate_adult_present,
                victim_type=cr.victim_type,
                victim_consulted=cr.victim_consulted,
                victim_views=cr.victim_views or "",
                restorative_actions=tuple(
                    RestorativeAction(value) for value in cr.restorative_actions or []
                ),
                gravity_score=cr.gravity_score,
                authorised_by=cr.authorised_by,
                edit_stamp=stamp_of(cr),
            )
        log_view(
            self.ctx,
            actor,
            "community_resolution",
            cr_id,
            young_person_id=draft.young_person_id,
            changes=reason,
        )
        return draft

    def correct(
        self, actor: Actor, cr_id: int, draft: CommunityResolutionDraft, reason: str
    ) -> None:
        """One user action: correct a CR's details, with a reason (audited).

        A CR corrected or withdrawn by someone else since ``draft_of`` gave the form its
        ``edit_stamp`` is refused (``StaleRecord``), never written over.
        """
        require(self.ctx, actor, Permission.RECORD_CR, entity="community_resolution")
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            cr = self._open(session, cr_id, draft.edit_stamp)
            person = session.get(YoungPerson, cr.young_person_id)
            assert person is not None
            if draft.young_person_id != person.id:
                raise ValidationError({"young_person_id": "A CR cannot move to another child."})
            offence, problems = community_resolution_problems(
                draft, person.date_of_birth, london_today(now), crime_reference_format(session)
            )
            reference = normalise_crime_reference(draft.crime_reference)
            clash = session.execute(
                sa.select(CommunityResolution.id).where(
                    CommunityResolution.young_person_id == person.id,
                    CommunityResolution.crime_reference == reference,
                    CommunityResolution.id != cr.id,
                )
            ).first()
            if clash is not None:
                problems["crime_reference"] = (
                    f"Crime reference {reference} is already recorded for this young person."
                )
            problem = _reason_problem(reason, "corrected")
            if problem:
                problems["reason"] = problem
            if problems or offence is None or draft.offence_category is None:
                raise ValidationError(problems)
            assert draft.victim_type is not None
            before = _snapshot(cr)
            cr.crime_reference = reference
            cr.offence_date = offence
            cr.offence_category = draft.offence_category
            cr.offence_description = draft.offence_description.strip()
            cr.location = draft.location.strip() or None
            cr.officer_name = draft.officer_name.strip()
            cr.collar_number = draft.collar_number.strip().upper()
            cr.accepted_responsibility = draft.accepted_responsibility
            cr.appropriate_adult_present = draft.appropriate_adult_present
            cr.victim_type = draft.victim_type
            cr.victim_consulted = draft.victim_consulted
            cr.victim_views = draft.victim_views.strip() or None
            cr.restorative_actions = [action.value for action in draft.restorative_actions]
            cr.gravity_score = draft.gravity_score
            cr.authorised_by = draft.authorised_by.strip()
            changes = audit.diff(before, _snapshot(cr))
            if not changes:
                raise DomainError("Nothing was changed; there is nothing to correct.")
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "community_resolution",
                cr.id,
                at=now,
                young_person_id=person.id,
                changes={**changes, "reason": [None, reason.strip()]},
            )
            if "offence_date" in changes:
                _undo_follow_ups(session, actor, cr, now, "offence date corrected")
                fill_for_offence(session, actor, person.id, offence, now, cr_id=cr.id)

    def withdraw(self, actor: Actor, cr_id: int, reason: str, *, edit_stamp: str = "") -> None:
        """One user action: withdraw a CR recorded in error, with a reason (audited).

        ``edit_stamp`` is the CR's stamp when the user chose to withdraw it (``draft_of``):
        a CR corrected by someone else meanwhile is refused, so the user sees it first.
        """
        require(self.ctx, actor, Permission.RECORD_CR, entity="community_resolution")
        problem = _reason_problem(reason, "withdrawn")
        if problem:
            raise ValidationError({"reason": problem})
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            cr = self._open(session, cr_id, edit_stamp, decision="Not withdrawn")
            cr.withdrawn_at = now
            cr.withdrawn_by_id = actor.user_id
            cr.withdrawn_reason = reason.strip()
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "community_resolution",
                cr.id,
                at=now,
                young_person_id=cr.young_person_id,
                changes={"withdrawn": [False, True], "reason": [None, reason.strip()]},
            )
            _undo_follow_ups(session, actor, cr, now, "Community Resolution withdrawn")

    def _open(
        self, session: Session, cr_id: int, stamp: str = "", *, decision: str = ""
    ) -> CommunityResolution:
        cr = session.get(CommunityResolution, cr_id)
        if cr is None:
            raise NotFound("That Community Resolution no longer exists.")
        refuse_if_stale(
            session,
            stamp,
            [("community_resolution", cr)],
            what="Community Resolution",
            young_person_id=cr.young_person_id,
            decision=decision,
        )
        if cr.withdrawn_at is not None:
            raise DomainError("This Community Resolution has been withdrawn; it cannot change.")
        return cr


def _undo_follow_ups(
    session: Session, actor: Actor, cr: CommunityResolution, now: Any, why: str
) -> None:
    """Put back to unanswered each follow-up this CR answered automatically."""
    for follow_up in session.execute(
        sa.select(FollowUp).where(
            FollowUp.community_resolution_id == cr.id, FollowUp.automatic.is_(True)
        )
    ).scalars():
        audit.record(
            session,
            actor,
            AuditAction.DELETED,
            "follow_up",
            follow_up.id,
            at=now,
            young_person_id=cr.young_person_id,
            changes={"came_to_notice": [True, None], "reason": [None, why]},
        )
        session.delete(follow_up)
    session.flush()
