"""School work recorded by a SPOC: school referrals (concerns) and restorative justice.

A school referral records a school's concern about a pupil and the SPOC's action. Referring
to the diversion or prevention pathway makes the YOS referral in the same transaction (the
school and SPOC filled in) and links the two both ways. Restorative justice records the
pupils who took part and their parts; each pupil sees it on their timeline.

The lists and figures of the Schools page are in ``school_work_lists``.

Who may record: ``require_school_work`` is the one check (a SPOC in their own area, a
supervisor anywhere), made by every recording call here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import (
    Area,
    AuditAction,
    Pathway,
    ReferralReason,
    ReferralSource,
    ReferralStatus,
    RjPart,
    RjType,
    SchoolAction,
    SchoolConcernType,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission, may_do_school_work
from diversion_app.domain.referral_rules import ReferralDraft
from diversion_app.domain.school_rules import (
    REFERRAL_ACTIONS,
    RjParticipantDraft,
    participant_problems,
)
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.persistence.models import (
    Referral,
    RestorativeJustice,
    RestorativeJusticeParticipant,
    School,
    SchoolReferral,
    User,
    YoungPerson,
)
from diversion_app.services.base import access, audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.audited_read import log_view
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.permissions import can, refuse, require
from diversion_app.services.base.stale import edit_stamp as stamp_of
from diversion_app.services.base.stale import refuse_if_stale
from diversion_app.services.referrals.core import insert_referral
from diversion_app.services.referrals.referral_list import ReferralListService, ReferralRow
from diversion_app.services.schools.admin import spoc_areas, spoc_for_area
from diversion_app.services.schools.lists import PART_ORDER

TEXT_LIMIT = 4000

CONCERN_REASONS: dict[SchoolConcernType, ReferralReason] = {
    SchoolConcernType.BEHAVIOUR: ReferralReason.ANTI_SOCIAL_BEHAVIOUR,
    SchoolConcernType.BULLYING: ReferralReason.ANTI_SOCIAL_BEHAVIOUR,
    SchoolConcernType.VIOLENCE: ReferralReason.OFFENCE,
    SchoolConcernType.THEFT: ReferralReason.OFFENCE,
    SchoolConcernType.WEAPONS: ReferralReason.OFFENCE,
    SchoolConcernType.DRUGS: ReferralReason.OFFENCE,
    SchoolConcernType.ONLINE_HARM: ReferralReason.ANTI_SOCIAL_BEHAVIOUR,
    SchoolConcernType.HARMFUL_SEXUAL_BEHAVIOUR: ReferralReason.HARMFUL_SEXUAL_BEHAVIOUR,
    SchoolConcernType.EXPLOITATION: ReferralReason.GANG_EXPLOITATION,
    SchoolConcernType.OTHER: ReferralReason.OTHER,
}
"""The referral reason a concern suggests when the SPOC chooses none."""


# --- what callers pass in ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActionDraft:
    """What the SPOC did about a concern; a referral action also fills in the YOS referral."""

    action: SchoolAction
    notes: str = ""
    reasons: tuple[ReferralReason, ...] = ()
    offence_details: str = ""
    consent_young_person: bool = False
    consent_parent_carer: bool = False
    consent_to_share: bool = False


@dataclass(frozen=True)
class SchoolReferralDraft:
    school_id: int | None
    young_person_id: int | None
    concern_date: date | None
    raised_by: str
    concern_type: SchoolConcernType | None
    description: str
    action: ActionDraft | None = None


@dataclass(frozen=True)
class RjDraft:
    school_id: int | None
    held_on: date | None
    rj_type: RjType | None
    participants: tuple[RjParticipantDraft, ...]
    agreement_reached: bool
    outcome: str = ""
    follow_up_on: date | None = None


# --- what comes back --------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolChoice:
    id: int
    name: str
    area: Area
    spoc: str


@dataclass(frozen=True)
class SchoolReferralRecord:
    id: int
    school_id: int
    school: str
    area: Area
    young_person_id: int
    young_person: str
    date_of_birth: date
    spoc: str
    concern_date: date
    raised_by: str
    concern_type: SchoolConcernType
    description: str
    action: SchoolAction | None
    action_notes: str
    referral_id: int | None
    referral_pathway: Pathway | None
    referral_status: ReferralStatus | None
    referral_due_at: datetime | None
    open: bool
    created_at: datetime
    edit_stamp: str = ""
    """Its version when read: hand it back to ``take_action``/``set_open``."""


@dataclass(frozen=True)
class RjParticipant:
    young_person_id: int
    name: str
    part: RjPart


@dataclass(frozen=True)
class RjRecord:
    id: int
    held_on: date
    school_id: int
    school: str
    area: Area
    spoc: str
    rj_type: RjType
    agreement_reached: bool
    outcome: str
    follow_up_on: date | None
    participants: tuple[RjParticipant, ...]


# --- the one permission check for school work -------------------------------------------------


def require_school_work(
    ctx: ServiceContext,
    actor: Actor,
    area: Area,
    *,
    entity: str,
    entity_id: int | None = None,
    young_person_id: int | None = None,
) -> None:
    """A SPOC records school work in their own area; a supervisor in any (audited refusal)."""
    require(ctx, actor, Permission.SCHOOL_WORK, entity=entity, entity_id=entity_id)
    with ctx.read_only() as session:
        own = spoc_areas(session, actor.user_id)
    if may_do_school_work(actor.roles, own, area):
        return
    raise refuse(
        ctx,
        actor,
        f"record school work in the {area.label} area (SPOCs record work in their own area)",
        entity=entity,
        entity_id=entity_id,
        young_person_id=young_person_id,
    )


def _person_name(given: str, family: str) -> str:
    return f"{given} {family}"


class SchoolWorkService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- choices for forms ------------------------------------------------------------------
    def own_area(self, actor: Actor) -> Area | None:
        """The area a SPOC covers (their own area comes first on the Schools page)."""
        with self.ctx.read_only() as session:
            areas = spoc_areas(session, actor.user_id)
        return areas[0] if areas else None

    def may_record_in(self, actor: Actor, area: Area) -> bool:
        """Whether ``require_school_work`` would let the actor record in ``area`` (so forms
        offer only what will be accepted); the same rule, asked without refusing."""
        if not can(actor, Permission.SCHOOL_WORK):
            return False
        with self.ctx.read_only() as session:
            own = spoc_areas(session, actor.user_id)
        return may_do_school_work(actor.roles, own, area)

    def school_area(self, actor: Actor, school_id: int) -> Area:
        """The area a school is in (which decides its SPOC)."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        return self._school_area(school_id)

    def school_choices(self, actor: Actor) -> list[SchoolChoice]:
        """Active schools, the actor's own area first, each with its SPOC."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        own = self.own_area(actor)
        with self.ctx.read_only() as session:
            spocs = {area: spoc_for_area(session, area) for area in Area}
            rows = session.execute(
                sa.select(School.id, School.name, School.area)
                .where(School.active.is_(True))
                .order_by(School.name)
            ).all()
        choices = [
            SchoolChoice(row[0], row[1], row[2], (spocs[row[2]] or (0, "No SPOC"))[1])
            for row in rows
        ]
        order = list(Area)
        return sorted(
            choices, key=lambda c: (c.area != own, order.index(c.area), c.name.casefold())
        )

    # --- school referrals -------------------------------------------------------------------
    def record_school_referral(
        self, actor: Actor, draft: SchoolReferralDraft
    ) -> SchoolReferralRecord:
        """One user action: record a school's concern (and the action taken, if decided)."""
        problems = self._concern_problems(draft)
        if draft.action is not None:
            problems.update(self._action_problems(draft.action))
        if problems:
            raise ValidationError(problems)
        assert draft.school_id is not None and draft.young_person_id is not None
        area = self._school_area(draft.school_id)
        require_school_work(
            self.ctx,
            actor,
            area,
            entity="school_referral",
            young_person_id=draft.young_person_id,
        )
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            school = self._school(session, draft.school_id)
            person = session.get(YoungPerson, draft.young_person_id)
            if person is None:
                raise NotFound("That young person no longer exists.")
            spoc = self._spoc_user(session, actor, school.area)
            assert draft.concern_date is not None and draft.concern_type is not None
            record = SchoolReferral(
                school_id=school.id,
                young_person_id=person.id,
                spoc_user_id=spoc,
                concern_date=draft.concern_date,
                raised_by=draft.raised_by.strip(),
                concern_type=draft.concern_type,
                description=draft.description.strip(),
                open=True,
                created_at=now,
                created_by_id=actor.user_id,
            )
            session.add(record)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "school_referral",
                record.id,
                at=now,
                young_person_id=person.id,
                changes={
                    "school_id": [None, school.id],
                    "concern_date": [None, draft.concern_date.isoformat()],
                    "concern_type": [None, draft.concern_type.value],
                },
            )
            if draft.action is not None:
                self._take_action(session, actor, record, school, draft.action, now)
            session.flush()
            return self._record(session, record.id)

    def take_action(
        self, actor: Actor, school_referral_id: int, action: ActionDraft, *, edit_stamp: str = ""
    ) -> SchoolReferralRecord:
        """One user action: record what was done about a concern recorded earlier.

        ``edit_stamp`` is the school referral's stamp when the form read it: one changed
        since (an action taken, closed or reopened by someone else) is refused.
        """
        problems = self._action_problems(action)
        if problems:
            raise ValidationError(problems)
        self._require_work_on(actor, school_referral_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            record = self._for_change(session, school_referral_id, edit_stamp)
            if record.action is not None:
                raise ValidationError(
                    {
                        "action": (
                            f"An action is already recorded ({record.action.label.lower()}); "
                            "record a new school referral for a new concern."
                        )
                    }
                )
            school = self._school(session, record.school_id)
            self._take_action(session, actor, record, school, action, now)
            session.flush()
            return self._record(session, record.id)

    def set_open(
        self, actor: Actor, school_referral_id: int, open_: bool, *, edit_stamp: str = ""
    ) -> SchoolReferralRecord:
        """Close a school referral when the school's concern is dealt with (or reopen it).

        ``edit_stamp`` as for ``take_action``.
        """
        self._require_work_on(actor, school_referral_id)
        with self.ctx.unit_of_work() as session:
            record = self._for_change(session, school_referral_id, edit_stamp)
            if record.open != open_:
                audit.record(
                    session,
                    actor,
                    AuditAction.CHANGED,
                    "school_referral",
                    record.id,
                    at=self.ctx.now(),
                    young_person_id=record.young_person_id,
                    changes={"open": [record.open, open_]},
                )
                record.open = open_
            session.flush()
            return self._record(session, record.id)

    def _for_change(self, session: Session, school_referral_id: int, stamp: str) -> SchoolReferral:
        record = session.get(SchoolReferral, school_referral_id)
        if record is None:
            raise NotFound("That school referral no longer exists.")
        refuse_if_stale(
            session,
            stamp,
            [("school_referral", record)],
            what="school referral",
            young_person_id=record.young_person_id,
        )
        return record

    def school_referral(self, actor: Actor, school_referral_id: int) -> SchoolReferralRecord:
        """Open one school referral: need to know (a pupil not on the actor's own caseload,
        area or school list needs a reason this sign-in), then one "viewed" event."""
        require(self.ctx, actor, Permission.VIEW_CASES, entity="school_referral")
        with self.ctx.read_only() as session:
            if session.get(SchoolReferral, school_referral_id) is None:
                raise NotFound("That school referral no longer exists.")
            record = self._record(session, school_referral_id)
            reason = self._view_reason(session, actor, record.area, [record.young_person_id])
        log_view(
            self.ctx,
            actor,
            "school_referral",
            record.id,
            young_person_id=record.young_person_id,
            changes=reason,
        )
        return record

    def school_referral_for_referral(self, actor: Actor, referral_id: int) -> int | None:
        """The school referral a YOS referral came from (the link the other way)."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            return session.execute(
                sa.select(SchoolReferral.id).where(SchoolReferral.referral_id == referral_id)
            ).scalar_one_or_none()

    def yos_referral(self, actor: Actor, referral_id: int) -> ReferralRow:
        """The YOS referral a school referral became, as the referral list shows it."""
        require(self.ctx, actor, Permission.VIEW_CASES, entity="referral", entity_id=referral_id)
        with self.ctx.read_only() as session:
            rows = ReferralListService(self.ctx).rows_for(session, [referral_id])
        if not rows:
            raise NotFound("That referral no longer exists.")
        return rows[0]

    def _require_work_on(self, actor: Actor, school_referral_id: int) -> None:
        """Refuse unless ``actor`` may do school work where this school referral was made."""
        with self.ctx.read_only() as session:
            existing = session.get(SchoolReferral, school_referral_id)
            if existing is None:
                raise NotFound("That school referral no longer exists.")
            area = self._school(session, existing.school_id).area
            person_id = existing.young_person_id
        require_school_work(
            self.ctx,
            actor,
            area,
            entity="school_referral",
            entity_id=school_referral_id,
            young_person_id=person_id,
        )

    def _take_action(
        self,
        session: Session,
        actor: Actor,
        record: SchoolReferral,
        school: School,
        action: ActionDraft,
        now: datetime,
    ) -> None:
        record.action = action.action
        record.action_notes = action.notes.strip() or None
        changes: dict[str, Any] = {"action": [None, action.action.value]}
        if action.action in REFERRAL_ACTIONS:
            referral = insert_referral(
                session, actor, self._referral_draft(session, record, school, action, now), now
            )
            record.referral_id = referral.id
            changes["referral_id"] = [None, referral.id]
        audit.record(
            session,
            actor,
            AuditAction.CHANGED,
            "school_referral",
            record.id,
            at=now,
            young_person_id=record.young_person_id,
            changes=changes,
        )

    def _referral_draft(
        self,
        session: Session,
        record: SchoolReferral,
        school: School,
        action: ActionDraft,
        now: datetime,
    ) -> ReferralDraft:
        diversion = action.action is SchoolAction.REFER_DIVERSION
        pathway = Pathway.DIVERSION if diversion else Pathway.PREVENTION
        spoc_user = session.get(User, record.spoc_user_id) if record.spoc_user_id else None
        referrer = spoc_user.display_name if spoc_user else "School Liaison SPOC"
        contact = f"School Liaison SPOC, {school.area.label} area; school: {school.name}"
        if school.phone:
            contact += f" ({school.phone})"
        reasons = action.reasons or (CONCERN_REASONS[record.concern_type],)
        notes = (
            f"School referral {record.id}: {record.concern_type.label.lower()} concern "
            f"raised by {record.raised_by} at {school.name} on {format_date(record.concern_date)}."
            f"\n{record.description}"
        )
        if action.notes.strip():
            notes += f"\nSPOC: {action.notes.strip()}"
        return ReferralDraft(
            young_person_id=record.young_person_id,
            pathway=pathway,
            source=ReferralSource.SPOC,
            referrer_name=referrer[:120],
            referrer_contact=contact[:200],
            received_at=now,
            reasons=reasons,
            reason_notes=notes,
            offence_details=(action.offence_details.strip() or record.description)
            if pathway is Pathway.DIVERSION
            else action.offence_details.strip(),
            offence_date=record.concern_date if pathway is Pathway.DIVERSION else None,
            consent_young_person=action.consent_young_person,
            consent_parent_carer=action.consent_parent_carer,
            consent_to_share=action.consent_to_share,
        )

    def _concern_problems(self, draft: SchoolReferralDraft) -> dict[str, str]:
        problems: dict[str, str] = {}
        today = london_today(self.ctx.now())
        if draft.school_id is None:
            problems["school"] = "Choose the school that raised the concern."
        if draft.young_person_id is None:
            problems["young_person"] = "Choose the pupil the concern is about, or add them."
        if draft.concern_date is None:
            problems["concern_date"] = "Enter the date of the concern, like 28/11/2026."
        elif draft.concern_date > today:
            problems["concern_date"] = "The date of the concern cannot be in the future."
        if not draft.raised_by.strip():
            problems["raised_by"] = "Enter who at the school raised the concern."
        elif len(draft.raised_by.strip()) > 120:
            problems["raised_by"] = "Shorten 'raised by' to 120 characters or fewer."
        if draft.concern_type is None:
            problems["concern_type"] = "Choose the type of concern."
        if not draft.description.strip():
            problems["description"] = "Describe the concern."
        elif len(draft.description) > TEXT_LIMIT:
            problems["description"] = f"Shorten the description to {TEXT_LIMIT} characters."
        return problems

    @staticmethod
    def _action_problems(action: ActionDraft) -> dict[str, str]:
        if action.action is SchoolAction.REFER_OTHER_SERVICE and not action.notes.strip():
            return {"action_notes": "Say which service the pupil was referred to."}
        if ReferralReason.OTHER in action.reasons and not action.notes.strip():
            return {"action_notes": "Describe the 'other' reason for the referral."}
        if len(action.notes) > TEXT_LIMIT:
            return {"action_notes": f"Shorten the notes to {TEXT_LIMIT} characters."}
        return {}

    # --- restorative justice ----------------------------------------------------------------
    def record_restorative_justice(self, actor: Actor, draft: RjDraft) -> RjRecord:
        """One user action: record restorative justice delivered in a school."""
        problems: dict[str, str] = {}
        today = london_today(self.ctx.now())
        if draft.school_id is None:
            problems["school"] = "Choose the school where it took place."
        if draft.held_on is None:
            problems["held_on"] = "Enter the date it took place, like 28/11/2026."
        elif draft.held_on > today:
            problems["held_on"] = "Restorative justice is recorded once it has taken place."
        if draft.rj_type is None:
            problems["rj_type"] = "Choose the type: conference, mediation, circle or other."
        if draft.follow_up_on is not None and draft.held_on and draft.follow_up_on < draft.held_on:
            problems["follow_up_on"] = "The follow-up check comes after the restorative justice."
        if len(draft.outcome) > TEXT_LIMIT:
            problems["outcome"] = f"Shorten the outcome to {TEXT_LIMIT} characters."
        ids = [p.young_person_id for p in draft.participants]
        with self.ctx.read_only() as session:
            names = {
                row[0]: _person_name(row[1], row[2])
                for row in session.execute(
                    sa.select(
                        YoungPerson.id, YoungPerson.given_name, YoungPerson.family_name
                    ).where(YoungPerson.id.in_(ids))
                )
            }
        problems.update(participant_problems(draft.participants, names))
        if not problems and set(ids) - set(names):
            problems["participants"] = "One of the pupils no longer exists; choose them again."
        if problems:
            raise ValidationError(problems)
        assert draft.school_id is not None and draft.held_on is not None
        assert draft.rj_type is not None
        area = self._school_area(draft.school_id)
        require_school_work(self.ctx, actor, area, entity="restorative_justice")
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            school = self._school(session, draft.school_id)
            rj = RestorativeJustice(
                held_on=draft.held_on,
                school_id=school.id,
                spoc_user_id=self._spoc_user(session, actor, school.area),
                rj_type=draft.rj_type,
                agreement_reached=draft.agreement_reached,
                outcome=draft.outcome.strip() or None,
                follow_up_on=draft.follow_up_on,
                created_at=now,
                created_by_id=actor.user_id,
            )
            rj.participants = [
                RestorativeJusticeParticipant(young_person_id=p.young_person_id, part=p.part)
                for p in draft.participants
            ]
            session.add(rj)
            session.flush()
            for participant in draft.participants:
                audit.record(
                    session,
                    actor,
                    AuditAction.CREATED,
                    "restorative_justice",
                    rj.id,
                    at=now,
                    young_person_id=participant.young_person_id,
                    changes={
                        "held_on": [None, draft.held_on.isoformat()],
                        "school_id": [None, school.id],
                        "rj_type": [None, draft.rj_type.value],
                        "part": [None, participant.part.value],
                    },
                )
            return self._rj(session, rj.id)

    def restorative_justice(self, actor: Actor, rj_id: int) -> RjRecord:
        """Open one restorative justice record: need to know for every pupil in it (one
        reason covers those not on the actor's own list), then one "viewed" event, linked
        to each pupil so it is in each one's access log."""
        require(self.ctx, actor, Permission.VIEW_CASES, entity="restorative_justice")
        with self.ctx.read_only() as session:
            if session.get(RestorativeJustice, rj_id) is None:
                raise NotFound("That restorative justice record no longer exists.")
            record = self._rj(session, rj_id)
            pupils = sorted({part.young_person_id for part in record.participants})
            reason = self._view_reason(session, actor, record.area, pupils)
        with self.ctx.unit_of_work() as session:
            event = audit.record(
                session,
                actor,
                AuditAction.VIEWED,
                "restorative_justice",
                rj_id,
                at=self.ctx.now(),
                young_person_id=pupils[0] if len(pupils) == 1 else None,
                changes=reason,
            )
            session.flush()
            audit.link_people(session, event.id, pupils)
        return record

    # --- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _view_reason(
        session: Session, actor: Actor, area: Area, pupils: list[int]
    ) -> dict[str, Any]:
        """Need to know for a school record: a school in the SPOC's own area is on their
        school list; otherwise each pupil must be on the reader's own list or have a reason."""
        if area in spoc_areas(session, actor.user_id):
            return {}
        return access.view_reason_for_all(session, actor, pupils)

    def _school_area(self, school_id: int) -> Area:
        with self.ctx.read_only() as session:
            return self._school(session, school_id).area

    @staticmethod
    def _school(session: Session, school_id: int) -> School:
        school = session.get(School, school_id)
        if school is None:
            raise NotFound("That school no longer exists.")
        return school

    @staticmethod
    def _spoc_user(session: Session, actor: Actor, area: Area) -> int | None:
        """The SPOC who did the work: the actor if they cover the area, else the area's SPOC."""
        if area in spoc_areas(session, actor.user_id):
            return actor.user_id
        spoc = spoc_for_area(session, area)
        return spoc[0] if spoc else actor.user_id

    def _record(self, session: Session, record_id: int) -> SchoolReferralRecord:
        record = session.get(SchoolReferral, record_id)
        assert record is not None
        school = self._school(session, record.school_id)
        person = session.get(YoungPerson, record.young_person_id)
        assert person is not None
        spoc = session.get(User, record.spoc_user_id) if record.spoc_user_id else None
        referral = session.get(Referral, record.referral_id) if record.referral_id else None
        return SchoolReferralRecord(
            id=record.id,
            school_id=school.id,
            school=school.name,
            area=school.area,
            young_person_id=person.id,
            young_person=_person_name(person.given_name, person.family_name),
            date_of_birth=person.date_of_birth,
            spoc=spoc.display_name if spoc else "No SPOC",
            concern_date=record.concern_date,
            raised_by=record.raised_by,
            concern_type=record.concern_type,
            description=record.description,
            action=record.action,
            action_notes=record.action_notes or "",
            referral_id=record.referral_id,
            referral_pathway=referral.pathway if referral else None,
            referral_status=referral.status if referral else None,
            referral_due_at=referral.clock_due_at if referral else None,
            open=record.open,
            created_at=record.created_at,
            edit_stamp=stamp_of(record),
        )

    def _rj(self, session: Session, rj_id: int) -> RjRecord:
        rj = session.get(RestorativeJustice, rj_id)
        assert rj is not None
        school = self._school(session, rj.school_id)
        spoc = session.get(User, rj.spoc_user_id) if rj.spoc_user_id else None
        people = session.execute(
            sa.select(
                RestorativeJusticeParticipant.young_person_id,
                YoungPerson.given_name,
                YoungPerson.family_name,
                RestorativeJusticeParticipant.part,
            )
            .join(YoungPerson, YoungPerson.id == RestorativeJusticeParticipant.young_person_id)
            .where(RestorativeJusticeParticipant.rj_id == rj_id)
            .order_by(PART_ORDER, YoungPerson.family_name_key)
        ).all()
        return RjRecord(
            id=rj.id,
            held_on=rj.held_on,
            school_id=school.id,
            school=school.name,
            area=school.area,
            spoc=spoc.display_name if spoc else "No SPOC",
            rj_type=rj.rj_type,
            agreement_reached=rj.agreement_reached,
            outcome=rj.outcome or "",
            follow_up_on=rj.follow_up_on,
            participants=tuple(
                RjParticipant(row[0], _person_name(row[1], row[2]), row[3]) for row in people
            ),
        )
