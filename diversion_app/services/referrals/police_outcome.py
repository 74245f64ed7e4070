"""A referral's police outcome code, gravity score and victim, and the Outcome 22 task.

When a diversion referral is closed with the programme completed, the officer who made
the referral is told that Outcome 22 can now be recorded: a task on their dashboard
until they mark it done (``raise_outcome_22_task`` / ``Outcome22Tasks``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import AuditAction, ClosureOutcome, Pathway, Role
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.police_outcome import (
    OutcomeCode,
    PoliceOutcomeForm,
    VictimContact,
    outcome_22_due,
    police_outcome_problems,
)
from diversion_app.domain.snapshot import Answer
from diversion_app.persistence.models import CommunityResolution, Referral, User, YoungPerson
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.permissions import refuse, require
from diversion_app.services.base.stale import StaleRecord, refuse_if_values_moved, values_stamp
from diversion_app.services.referrals.core import get_referral

MAX_TASKS = 200


def raise_outcome_22_task(
    session: Session, actor: Actor, referral: Referral, outcome: ClosureOutcome, now: datetime
) -> None:
    """On an approved closure: a completed diversion programme asks for Outcome 22."""
    completed = outcome is ClosureOutcome.PROGRAMME_COMPLETED
    if not outcome_22_due(referral.pathway is Pathway.DIVERSION, completed):
        return
    if referral.outcome22_due_at is not None:
        return
    referral.outcome22_due_at = now
    audit.record(
        session,
        actor,
        AuditAction.CHANGED,
        "referral",
        referral.id,
        at=now,
        young_person_id=referral.young_person_id,
        changes={"outcome22_task": [None, "raised"]},
    )


def _answer(value: Answer | None) -> Answer:
    return Answer.NOT_KNOWN if value is None else value


@dataclass(frozen=True)
class PoliceOutcomeView:
    referral_id: int
    pathway: Pathway
    form: PoliceOutcomeForm
    linked_cr_gravity: int | None
    """The gravity score on the linked Community Resolution, to start the form from."""
    outcome22_due_at: datetime | None
    outcome22_done_at: datetime | None
    edit_stamp: str = ""
    """The recorded outcome when read: hand it back to ``save``."""
    outcome22_stamp: str = ""
    """The Outcome 22 task when read: hand it back to ``mark_outcome22_recorded``."""


def outcome22_stamp(done_at: datetime | None) -> str:
    """The edit stamp of a referral's Outcome 22 task (whether, and when, it was done)."""
    return values_stamp("outcome22", done_at)


@dataclass(frozen=True)
class Outcome22Task:
    referral_id: int
    young_person: str
    crime_reference: str
    due_since: datetime
    edit_stamp: str = outcome22_stamp(None)
    """The task as listed (not done yet): hand it back to ``mark_outcome22_recorded``."""


def _view(session: Session, referral: Referral) -> PoliceOutcomeView:
    cr_gravity = None
    if referral.community_resolution_id is not None:
        cr_gravity = session.execute(
            sa.select(CommunityResolution.gravity_score).where(
                CommunityResolution.id == referral.community_resolution_id
            )
        ).scalar_one_or_none()
    return PoliceOutcomeView(
        referral_id=referral.id,
        pathway=referral.pathway,
        form=PoliceOutcomeForm(
            outcome_code=referral.outcome_code,
            gravity_score=referral.gravity_score,
            victim=VictimContact(
                _answer(referral.victim_present),
                _answer(referral.victim_rj_offered),
                _answer(referral.victim_rj_took_part),
                _answer(referral.victim_views_considered),
            ),
        ),
        linked_cr_gravity=cr_gravity,
        outcome22_due_at=referral.outcome22_due_at,
        outcome22_done_at=referral.outcome22_done_at,
        edit_stamp=_stamp(_values(referral)),
        outcome22_stamp=outcome22_stamp(referral.outcome22_done_at),
    )


class PoliceOutcomeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def for_referral(self, actor: Actor, referral_id: int) -> PoliceOutcomeView:
        require(self.ctx, actor, Permission.VIEW_CASES, entity="referral", entity_id=referral_id)
        with self.ctx.read_only() as session:
            return _view(session, get_referral(session, referral_id))

    def save(
        self, actor: Actor, referral_id: int, form: PoliceOutcomeForm, *, edit_stamp: str = ""
    ) -> PoliceOutcomeView:
        """Record the outcome code, gravity score and the victim's part (audited).

        ``edit_stamp`` is the view's: an outcome someone else recorded since the form read
        it is refused (``StaleRecord``), never written over.
        """
        require(self.ctx, actor, Permission.MAKE_REFERRAL, entity="referral", entity_id=referral_id)
        problems = police_outcome_problems(form)
        if problems:
            raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            referral = get_referral(session, referral_id)
            before = _values(referral)
            refuse_if_values_moved(
                session,
                edit_stamp,
                _stamp(before),
                ("referral", referral.id),
                what="police outcome",
                young_person_id=referral.young_person_id,
            )
            referral.outcome_code = form.outcome_code
            referral.gravity_score = form.gravity_score
            referral.victim_present = form.victim.has_victim
            referral.victim_rj_offered = form.victim.rj_offered
            referral.victim_rj_took_part = form.victim.rj_took_part
            referral.victim_views_considered = form.victim.views_considered
            changes = audit.diff(before, _values(referral))
            if changes:
                audit.record(
                    session,
                    actor,
                    AuditAction.CHANGED,
                    "referral",
                    referral.id,
                    at=now,
                    young_person_id=referral.young_person_id,
                    changes=changes,
                )
            return _view(session, referral)

    def outcome22_tasks(self, actor: Actor) -> list[Outcome22Task]:
        """The acting officer's "Outcome 22 can be recorded" tasks, oldest first."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        if actor.user_id is None:
            return []
        with self.ctx.read_only() as session:
            rows = session.execute(
                sa.select(
                    Referral.id,
                    YoungPerson.given_name,
                    YoungPerson.family_name,
                    CommunityResolution.crime_reference,
                    Referral.outcome22_due_at,
                )
                .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
                .outerjoin(
                    CommunityResolution,
                    CommunityResolution.id == Referral.community_resolution_id,
                )
                .where(
                    Referral.outcome22_due_at.is_not(None),
                    Referral.outcome22_done_at.is_(None),
                    Referral.created_by_id == actor.user_id,
                )
                .order_by(Referral.outcome22_due_at, Referral.id)
                .limit(MAX_TASKS)
            ).all()
        return [
            Outcome22Task(row[0], f"{row[1]} {row[2]}", row[3] or "", row[4])
            for row in rows
            if row[4] is not None
        ]

    def mark_outcome22_recorded(
        self, actor: Actor, referral_id: int, *, edit_stamp: str = ""
    ) -> None:
        """The officer has recorded Outcome 22 on the police system: the task is done.

        ``edit_stamp`` is the task as the screen showed it (``Outcome22Task.edit_stamp``):
        a task someone else marked done since is refused naming them and when.
        """
        require(self.ctx, actor, Permission.VIEW_CASES, entity="referral", entity_id=referral_id)
        with self.ctx.read_only() as session:
            found = get_referral(session, referral_id)
            made_by, young_person_id = found.created_by_id, found.young_person_id
        if made_by != actor.user_id and not actor.has(Role.SUPERVISOR):
            raise refuse(
                self.ctx,
                actor,
                "mark Outcome 22 recorded on another officer's referral",
                entity="referral",
                entity_id=referral_id,
                young_person_id=young_person_id,
            )
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            referral = get_referral(session, referral_id)
            if referral.outcome22_due_at is None:
                raise DomainError("This referral has no Outcome 22 to record.")
            done_at = referral.outcome22_done_at
            if done_at is not None and edit_stamp and edit_stamp != outcome22_stamp(done_at):
                done_by = session.get(User, referral.outcome22_done_by_id or -1)
                raise StaleRecord(
                    "Outcome 22 task",
                    "Someone else" if done_by is None else done_by.display_name,
                    done_at,
                    decision="Not marked done",
                )
            if done_at is not None:
                raise DomainError("Outcome 22 has already been marked as recorded.")
            code_before = None if referral.outcome_code is None else referral.outcome_code.value
            referral.outcome22_done_at = now
            referral.outcome22_done_by_id = actor.user_id
            referral.outcome_code = OutcomeCode.OUTCOME_22
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "referral",
                referral.id,
                at=now,
                young_person_id=referral.young_person_id,
                changes={
                    "outcome22_task": ["raised", "done"],
                    "outcome_code": [code_before, "22"],
                },
            )


def _stamp(values: dict[str, object]) -> str:
    return values_stamp(*(values[key] for key in sorted(values)))


def _values(referral: Referral) -> dict[str, object]:
    return {
        "outcome_code": referral.outcome_code,
        "gravity_score": referral.gravity_score,
        "victim_present": referral.victim_present,
        "victim_rj_offered": referral.victim_rj_offered,
        "victim_rj_took_part": referral.victim_rj_took_part,
        "victim_views_considered": referral.victim_views_considered,
    }
