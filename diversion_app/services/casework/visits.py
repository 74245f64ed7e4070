"""Scheduling visits and recording what happened at them.

``schedule`` books a visit (refusing what cannot be saved, questioning clashes, times
outside working hours, a first contact after the 48-hour due time and a scheduled
visit in the past until the user confirms); ``record_outcome`` records it completed,
cancelled or did not attend, and a completed visit that met the young person or a
carer becomes a contact that feeds the 48-hour clock; ``reschedule`` books a new visit
and cancels the old one, keeping the link between them. Every change is audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.clock import counts_as_parent_or_carer
from diversion_app.domain.diary import (
    DEFAULT_VISIT_LENGTH,
    DEFAULT_WORKING_HOURS,
    WORKING_HOURS_SETTING,
    Interval,
    NeedsConfirmation,
    WorkingHours,
    clashes,
    free_slots,
    parse_working_hours,
    schedule_questions,
    schedule_refusal,
)
from diversion_app.domain.enums import (
    AuditAction,
    ContactMethod,
    ContactOutcome,
    VisitPlace,
    VisitPurpose,
    VisitStatus,
)
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission, may_work_referral
from diversion_app.domain.timekeeping import ensure_utc, format_datetime
from diversion_app.persistence.models import (
    Contact,
    Household,
    HouseholdMember,
    Referral,
    Setting,
    User,
    Visit,
    YoungPerson,
    visit_caseworkers,
)
from diversion_app.services.base import access, audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import refuse, require
from diversion_app.services.base.stale import edit_stamp as stamp_of
from diversion_app.services.base.stale import refuse_if_stale
from diversion_app.services.referrals.core import add_contact, sync_clock

BUSY_STATUSES = (VisitStatus.SCHEDULED, VisitStatus.COMPLETED, VisitStatus.DID_NOT_ATTEND)
"""Visits that take up diary time (a cancelled visit frees its slot)."""

CONTACT_METHOD_FOR_PLACE = {
    VisitPlace.HOME: ContactMethod.HOME_VISIT,
    VisitPlace.SCHOOL: ContactMethod.SCHOOL,
    VisitPlace.OFFICE: ContactMethod.OFFICE,
    VisitPlace.OTHER: ContactMethod.HOME_VISIT,
}
"""How a visit is recorded as a contact (a visit elsewhere counts as a visit in person)."""

CANCELLED_BY_CHOICES = ("Caseworker", "Young person or family", "Another agency", "Other")


@dataclass(frozen=True)
class CarerOption:
    id: int
    name: str
    relationship: str


@dataclass(frozen=True)
class ReferralForVisit:
    """What the visit form needs to know about the referral it books for."""

    referral_id: int
    young_person_id: int
    young_person: str
    status_label: str
    is_open: bool
    caseworker_id: int | None
    due_at: datetime
    clock_met_at: datetime | None
    household_address: str
    school: str
    """The young person's school as "name, address" ('' if none is recorded)."""
    carers: tuple[CarerOption, ...]


@dataclass(frozen=True)
class ReferralOption:
    referral_id: int
    label: str


@dataclass(frozen=True)
class VisitDraft:
    referral_id: int
    caseworker_ids: tuple[int, ...]
    start_at: datetime
    end_at: datetime
    place: VisitPlace
    purpose: VisitPurpose
    place_detail: str = ""
    notes: str = ""


@dataclass(frozen=True)
class VisitOutcome:
    status: VisitStatus
    saw_young_person: bool = False
    seen_carer_ids: tuple[int, ...] = ()
    cancelled_by: str = ""
    notes: str = ""


@dataclass(frozen=True)
class VisitDetail:
    id: int
    uid: str
    referral_id: int
    young_person_id: int
    young_person: str
    start_at: datetime
    end_at: datetime
    place: VisitPlace
    place_detail: str
    purpose: VisitPurpose
    status: VisitStatus
    notes: str
    caseworker_ids: tuple[int, ...]
    caseworkers: tuple[str, ...]
    saw_young_person: bool
    seen_carers: tuple[str, ...]
    cancelled_by: str
    outcome_notes: str
    rescheduled_from_id: int | None
    rescheduled_to_id: int | None
    contact_id: int | None
    edit_stamp: str = ""
    """The visit's version when read: hand it back to ``reschedule``/``record_outcome``."""


def household_address(household: Household) -> str:
    parts = [household.address_line1, household.address_line2, household.town, household.postcode]
    return ", ".join(part.strip() for part in parts if part and part.strip())


def working_hours(session: Session) -> WorkingHours:
    """The configured working hours (setting ``diary.working_hours``), else 08:00-20:00."""
    text = session.get(Setting, WORKING_HOURS_SETTING)
    if text is None:
        return DEFAULT_WORKING_HOURS
    try:
        return parse_working_hours(text.value)
    except DomainError:
        return DEFAULT_WORKING_HOURS


def busy_intervals(
    session: Session,
    caseworker_ids: Iterable[int],
    start: datetime,
    end: datetime,
    *,
    excluding: int | None = None,
) -> list[Interval]:
    """The diary time already taken by these caseworkers between two instants."""
    ids = list(caseworker_ids)
    if not ids:
        return []
    statement = (
        sa.select(Visit.start_at, Visit.end_at)
        .where(
            Visit.id.in_(
                sa.select(visit_caseworkers.c.visit_id).where(visit_caseworkers.c.user_id.in_(ids))
            ),
            Visit.status.in_(BUSY_STATUSES),
            Visit.start_at < end,
            Visit.end_at > start,
        )
        .order_by(Visit.start_at)
    )
    if excluding is not None:
        statement = statement.where(Visit.id != excluding)
    return [Interval(row[0], row[1]) for row in session.execute(statement)]


class VisitService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- reading ---------------------------------------------------------------------------
    def working_hours(self, actor: Actor) -> WorkingHours:
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            return working_hours(session)

    def referral_for_visit(self, actor: Actor, referral_id: int) -> ReferralForVisit:
        """What a visit form shows of the referral: household, school, carers (audited view)."""
        require(
            self.ctx, actor, Permission.READ_CASE_NOTES, entity="referral", entity_id=referral_id
        )
        with self.ctx.unit_of_work() as session:
            referral = self._referral(session, referral_id)
            person = referral.young_person
            access.view(
                session,
                actor,
                person.id,
                at=self.ctx.now(),
                entity="visit_form",
                entity_id=referral.id,
            )
            members = session.execute(
                sa.select(HouseholdMember)
                .where(HouseholdMember.household_id == person.household_id)
                .order_by(HouseholdMember.id)
            ).scalars()
            return ReferralForVisit(
                referral_id=referral.id,
                young_person_id=person.id,
                young_person=f"{person.given_name} {person.family_name}",
                status_label=referral.status.label,
                is_open=referral.status.is_open,
                caseworker_id=referral.caseworker_id,
                due_at=referral.clock_due_at,
                clock_met_at=referral.clock_met_at,
                household_address=household_address(person.household),
                school=", ".join(
                    part.strip()
                    for part in (
                        (person.school.name, person.school.address, person.school.postcode)
                        if person.school is not None
                        else ()
                    )
                    if part and part.strip()
                ),
                carers=tuple(
                    CarerOption(
                        m.id, f"{m.given_name} {m.family_name}", m.relationship_to_child.label
                    )
                    for m in members
                ),
            )

    def open_referrals(self, actor: Actor, caseworker_id: int | None) -> list[ReferralOption]:
        """Open referrals a visit can be booked for: the caseworker's own, or all, due first."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        statement = (
            sa.select(Referral.id, YoungPerson.given_name, YoungPerson.family_name, Referral.status)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .where(referral_is_open())
            .order_by(Referral.clock_due_at, Referral.id)
        )
        if caseworker_id is not None:
            statement = statement.where(Referral.caseworker_id == caseworker_id)
        with self.ctx.read_only() as session:
            rows = session.execute(statement.limit(2000)).all()
        return [
            ReferralOption(row[0], f"{row[1]} {row[2]} (referral {row[0]}, {row[3].label.lower()})")
            for row in rows
        ]

    def visit(self, actor: Actor, visit_id: int) -> VisitDetail:
        """One visit, for its window (opening it is audited)."""
        require(self.ctx, actor, Permission.READ_CASE_NOTES, entity="visit", entity_id=visit_id)
        with self.ctx.unit_of_work() as session:
            visit = self._visit(session, visit_id)
            young_person_id = session.execute(
                sa.select(Referral.young_person_id).where(Referral.id == visit.referral_id)
            ).scalar_one()
            access.view(
                session,
                actor,
                young_person_id,
                at=self.ctx.now(),
                entity="visit",
                entity_id=visit_id,
            )
            return self._detail(session, visit)

    def visits_for_referral(self, actor: Actor, referral_id: int) -> list[VisitDetail]:
        """Every visit of a referral, earliest first (for the referral record, whose opening
        is the audited view)."""
        require(
            self.ctx, actor, Permission.READ_CASE_NOTES, entity="referral", entity_id=referral_id
        )
        with self.ctx.read_only() as session:
            visits = session.execute(
                sa.select(Visit)
                .where(Visit.referral_id == referral_id)
                .order_by(Visit.start_at, Visit.id)
            ).scalars()
            return [self._detail(session, visit) for visit in visits]

    def suggest_slots(
        self,
        actor: Actor,
        referral_id: int,
        caseworker_ids: Sequence[int],
        length: timedelta = DEFAULT_VISIT_LENGTH,
    ) -> list[Interval]:
        """Free slots for the caseworkers; before the 48-hour due time while the clock runs."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        now = self.ctx.now()
        with self.ctx.read_only() as session:
            referral = self._referral(session, referral_id)
            clock_running = referral.clock_met_at is None and referral.clock_due_at > now
            deadline = referral.clock_due_at if clock_running else now + timedelta(days=7)
            busy = busy_intervals(session, caseworker_ids, now, deadline)
            return free_slots(
                busy,
                earliest=now,
                deadline=deadline,
                length=length,
                hours=working_hours(session),
            )

    # --- changing ---------------------------------------------------------------------------
    def schedule(self, actor: Actor, draft: VisitDraft, *, confirm: bool = False) -> VisitDetail:
        """Book a visit. Raises NeedsConfirmation unless ``confirm`` when a question arises."""
        require(self.ctx, actor, Permission.WORK_REFERRAL, entity="referral")
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            referral = self._referral(session, draft.referral_id)
            self._check_may_work(actor, referral)
            candidate = self._checked(session, draft, referral, now, confirm=confirm)
            visit = self._insert(session, actor, draft, candidate, now, rescheduled_from=None)
            return self._detail(session, visit)

    def reschedule(
        self,
        actor: Actor,
        visit_id: int,
        start_at: datetime,
        end_at: datetime,
        reason: str,
        *,
        confirm: bool = False,
        edit_stamp: str = "",
    ) -> VisitDetail:
        """Book the visit again at a new time; the old one is kept, cancelled, and linked.

        ``edit_stamp`` is the visit's stamp when the form read it: a visit changed since
        is refused (``StaleRecord``) rather than rescheduled from what the form showed.
        """
        require(self.ctx, actor, Permission.WORK_REFERRAL, entity="visit", entity_id=visit_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            old = self._visit(session, visit_id)
            referral = self._referral(session, old.referral_id)
            self._check_may_work(actor, referral)
            self._refuse_if_stale(session, old, referral, edit_stamp)
            if old.status is not VisitStatus.SCHEDULED:
                raise ValidationError(
                    {
                        "status": f"Only a scheduled visit can be rescheduled; this one is "
                        f"{old.status.label.lower()}."
                    }
                )
            if not reason.strip():
                raise ValidationError({"reason": "Say why the visit is being rescheduled."})
            draft = VisitDraft(
                referral_id=old.referral_id,
                caseworker_ids=tuple(user.id for user in old.caseworkers),
                start_at=start_at,
                end_at=end_at,
                place=old.place,
                purpose=old.purpose,
                place_detail=old.place_detail or "",
                notes=old.notes or "",
            )
            candidate = self._checked(
                session, draft, referral, now, confirm=confirm, excluding=old.id
            )
            new = self._insert(session, actor, draft, candidate, now, rescheduled_from=old.id)
            self._set_outcome(
                session,
                actor,
                old,
                now,
                status=VisitStatus.CANCELLED,
                cancelled_by=actor.display_name,
                outcome_notes=f"Rescheduled to {format_datetime(new.start_at)}: {reason.strip()}",
            )
            return self._detail(session, new)

    def record_outcome(
        self, actor: Actor, visit_id: int, outcome: VisitOutcome, *, edit_stamp: str = ""
    ) -> VisitDetail:
        """Record what happened; completed visit that met someone is a contact.

        ``edit_stamp`` as for ``reschedule``: an outcome over a changed visit is refused.
        """
        require(self.ctx, actor, Permission.WORK_REFERRAL, entity="visit", entity_id=visit_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            visit = self._visit(session, visit_id)
            referral = self._referral(session, visit.referral_id)
            self._check_may_work(actor, referral)
            self._refuse_if_stale(session, visit, referral, edit_stamp)
            self._check_outcome(session, visit, referral, outcome, now)
            notes = outcome.notes.strip()
            if outcome.status is VisitStatus.COMPLETED:
                self._set_outcome(
                    session,
                    actor,
                    visit,
                    now,
                    status=VisitStatus.COMPLETED,
                    saw_young_person=outcome.saw_young_person,
                    seen_carer_ids=sorted(set(outcome.seen_carer_ids)),
                    outcome_notes=notes or None,
                )
                self._add_contact(
                    session, actor, visit, referral, now, ContactOutcome.MADE_CONTACT, notes
                )
                sync_clock(session, actor, referral, now)
            elif outcome.status is VisitStatus.DID_NOT_ATTEND:
                self._set_outcome(
                    session,
                    actor,
                    visit,
                    now,
                    status=VisitStatus.DID_NOT_ATTEND,
                    outcome_notes=notes or None,
                )
                self._add_contact(
                    session, actor, visit, referral, now, ContactOutcome.NO_ANSWER, notes
                )
            else:
                self._set_outcome(
                    session,
                    actor,
                    visit,
                    now,
                    status=VisitStatus.CANCELLED,
                    cancelled_by=outcome.cancelled_by.strip(),
                    outcome_notes=notes,
                )
            session.flush()
            return self._detail(session, visit)

    # --- helpers ----------------------------------------------------------------------------
    def _referral(self, session: Session, referral_id: int) -> Referral:
        referral = session.get(Referral, referral_id)
        if referral is None:
            raise NotFound("That referral no longer exists.")
        return referral

    def _visit(self, session: Session, visit_id: int) -> Visit:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise NotFound("That visit no longer exists.")
        return visit

    def _refuse_if_stale(
        self, session: Session, visit: Visit, referral: Referral, expected: str
    ) -> None:
        refuse_if_stale(
            session,
            expected,
            [("visit", visit)],
            what="visit",
            young_person_id=referral.young_person_id,
        )

    def _check_may_work(self, actor: Actor, referral: Referral) -> None:
        if not may_work_referral(actor.roles, actor.user_id, referral.caseworker_id):
            raise refuse(
                self.ctx,
                actor,
                "book or record visits on a referral allocated to someone else",
                entity="referral",
                entity_id=referral.id,
                young_person_id=referral.young_person_id,
            )

    def _checked(
        self,
        session: Session,
        draft: VisitDraft,
        referral: Referral,
        now: datetime,
        *,
        confirm: bool,
        excluding: int | None = None,
    ) -> Interval:
        """Refuse what cannot be saved; question what needs confirming."""
        if not referral.status.is_open:
            raise ValidationError(
                {
                    "referral": (
                        f"This referral is {referral.status.label.lower()}: visits cannot be "
                        "booked for a closed referral."
                    )
                }
            )
        problems: dict[str, str] = {}
        candidate = Interval(ensure_utc(draft.start_at), ensure_utc(draft.end_at))
        refusal = schedule_refusal(candidate)
        if refusal:
            problems["end_at"] = refusal
        if not draft.caseworker_ids:
            problems["caseworkers"] = "Choose at least one caseworker for the visit."
        elif session.execute(
            sa.select(sa.func.count(User.id)).where(User.id.in_(draft.caseworker_ids))
        ).scalar_one() != len(set(draft.caseworker_ids)):
            problems["caseworkers"] = "One of the chosen caseworkers no longer exists."
        if draft.place is VisitPlace.OTHER and not draft.place_detail.strip():
            problems["place_detail"] = "Say where the visit will be."
        if problems:
            raise ValidationError(problems)
        if not confirm:
            busy = busy_intervals(
                session, draft.caseworker_ids, candidate.start, candidate.end, excluding=excluding
            )
            questions = schedule_questions(
                candidate,
                now=now,
                purpose=draft.purpose,
                due_at=referral.clock_due_at if referral.clock_met_at is None else None,
                clashing=clashes(candidate, busy),
                hours=working_hours(session),
            )
            if questions:
                raise NeedsConfirmation(questions)
        return candidate

    def _insert(
        self,
        session: Session,
        actor: Actor,
        draft: VisitDraft,
        candidate: Interval,
        now: datetime,
        *,
        rescheduled_from: int | None,
    ) -> Visit:
        users = session.execute(
            sa.select(User).where(User.id.in_(draft.caseworker_ids)).order_by(User.id)
        ).scalars()
        visit = Visit(
            uid=f"{uuid.uuid4()}@diversion",
            referral_id=draft.referral_id,
            start_at=candidate.start,
            end_at=candidate.end,
            place=draft.place,
            place_detail=draft.place_detail.strip() or None,
            purpose=draft.purpose,
            status=VisitStatus.SCHEDULED,
            notes=draft.notes.strip() or None,
            saw_young_person=False,
            seen_carer_ids=[],
            rescheduled_from_id=rescheduled_from,
            created_at=now,
            created_by_id=actor.user_id,
        )
        visit.caseworkers = list(users)
        session.add(visit)
        session.flush()
        referral = session.get(Referral, draft.referral_id)
        assert referral is not None
        audit.record(
            session,
            actor,
            AuditAction.CREATED,
            "visit",
            visit.id,
            at=now,
            young_person_id=referral.young_person_id,
            changes={
                "referral_id": [None, draft.referral_id],
                "start_at": [None, candidate.start.isoformat()],
                "end_at": [None, candidate.end.isoformat()],
                "place": [None, draft.place.value],
                "purpose": [None, draft.purpose.value],
                "caseworker_ids": [None, sorted(draft.caseworker_ids)],
                **({"rescheduled_from_id": [None, rescheduled_from]} if rescheduled_from else {}),
            },
        )
        return visit

    def _check_outcome(
        self,
        session: Session,
        visit: Visit,
        referral: Referral,
        outcome: VisitOutcome,
        now: datetime,
    ) -> None:
        if visit.status is not VisitStatus.SCHEDULED:
            raise ValidationError(
                {"status": f"This visit's outcome is already recorded ({visit.status.label})."}
            )
        if outcome.status is VisitStatus.SCHEDULED:
            raise ValidationError({"status": "Choose completed, cancelled or did not attend."})
        problems: dict[str, str] = {}
        happened = outcome.status in (VisitStatus.COMPLETED, VisitStatus.DID_NOT_ATTEND)
        if happened and visit.start_at > now:
            problems["status"] = (
                f"The visit has not started yet ({format_datetime(visit.start_at)}): "
                "record what happened after it, or cancel it."
            )
        if happened and visit.start_at < referral.received_at:
            problems["status"] = (
                f"The visit is dated {format_datetime(visit.start_at)}, before the referral "
                f"was received ({format_datetime(referral.received_at)}): only contact at or "
                "after receipt counts. Correct the visit's date first, or cancel it."
            )
        if outcome.status is VisitStatus.COMPLETED:
            if not outcome.saw_young_person and not outcome.seen_carer_ids:
                problems["seen"] = "Say who was seen, or record the visit as did not attend."
            household_ids = set(
                session.execute(
                    sa.select(HouseholdMember.id).where(
                        HouseholdMember.household_id == referral.young_person.household_id
                    )
                ).scalars()
            )
            if not set(outcome.seen_carer_ids) <= household_ids:
                problems["seen"] = "Only carers from the young person's household can be chosen."
        if outcome.status is VisitStatus.CANCELLED:
            if not outcome.cancelled_by.strip():
                problems["cancelled_by"] = "Say who cancelled the visit."
            if not outcome.notes.strip():
                problems["notes"] = "Say why the visit was cancelled."
        if problems:
            raise ValidationError(problems)

    def _set_outcome(
        self,
        session: Session,
        actor: Actor,
        visit: Visit,
        now: datetime,
        *,
        status: VisitStatus,
        saw_young_person: bool = False,
        seen_carer_ids: list[int] | None = None,
        cancelled_by: str | None = None,
        outcome_notes: str | None = None,
    ) -> None:
        before = {
            "status": visit.status,
            "saw_young_person": visit.saw_young_person,
            "seen_carer_ids": list(visit.seen_carer_ids or []),
            "cancelled_by": visit.cancelled_by,
        }
        visit.status = status
        visit.saw_young_person = saw_young_person
        visit.seen_carer_ids = list(seen_carer_ids or [])
        visit.cancelled_by = cancelled_by or None
        visit.outcome_notes = outcome_notes or None
        after = {
            "status": visit.status,
            "saw_young_person": visit.saw_young_person,
            "seen_carer_ids": list(visit.seen_carer_ids),
            "cancelled_by": visit.cancelled_by,
        }
        referral = session.get(Referral, visit.referral_id)
        assert referral is not None
        audit.record(
            session,
            actor,
            AuditAction.CHANGED,
            "visit",
            visit.id,
            at=now,
            young_person_id=referral.young_person_id,
            changes=audit.diff(before, after),
        )

    def _add_contact(
        self,
        session: Session,
        actor: Actor,
        visit: Visit,
        referral: Referral,
        now: datetime,
        outcome: ContactOutcome,
        notes: str,
    ) -> None:
        seen = list(visit.seen_carer_ids or [])
        counted = {
            member_id
            for member_id, relationship, responsibility in session.execute(
                sa.select(
                    HouseholdMember.id,
                    HouseholdMember.relationship_to_child,
                    HouseholdMember.parental_responsibility,
                ).where(HouseholdMember.id.in_(seen))
            )
            if counts_as_parent_or_carer(relationship, bool(responsibility))
        }
        # only a parent or carer seen makes this a contact with a carer (never a sibling)
        carers = [member_id for member_id in seen if member_id in counted]
        method = CONTACT_METHOD_FOR_PLACE[visit.place]
        add_contact(
            session,
            actor,
            referral,
            now,
            occurred_at=visit.start_at,
            method=method,
            outcome=outcome,
            with_young_person=visit.saw_young_person,
            with_carer=bool(carers),
            carer_member_id=carers[0] if carers else None,
            notes=notes or None,
            visit_id=visit.id,
            changes={
                "visit_id": [None, visit.id],
                "method": [None, method.value],
                "outcome": [None, outcome.value],
                "with_young_person": [None, visit.saw_young_person],
                "with_carer": [None, bool(carers)],
            },
        )

    def _detail(self, session: Session, visit: Visit) -> VisitDetail:
        referral = session.get(Referral, visit.referral_id)
        assert referral is not None
        person = referral.young_person
        carer_ids = list(visit.seen_carer_ids or [])
        carers = (
            session.execute(
                sa.select(HouseholdMember.given_name, HouseholdMember.family_name)
                .where(HouseholdMember.id.in_(carer_ids))
                .order_by(HouseholdMember.id)
            ).all()
            if carer_ids
            else []
        )
        rescheduled_to = session.execute(
            sa.select(Visit.id).where(Visit.rescheduled_from_id == visit.id).limit(1)
        ).scalar_one_or_none()
        contact_id = session.execute(
            sa.select(Contact.id).where(Contact.visit_id == visit.id).limit(1)
        ).scalar_one_or_none()
        workers = sorted(visit.caseworkers, key=lambda u: u.display_name)
        return VisitDetail(
            id=visit.id,
            uid=visit.uid,
            referral_id=visit.referral_id,
            young_person_id=person.id,
            young_person=f"{person.given_name} {person.family_name}",
            start_at=visit.start_at,
            end_at=visit.end_at,
            place=visit.place,
            place_detail=visit.place_detail or "",
            purpose=visit.purpose,
            status=visit.status,
            notes=visit.notes or "",
            caseworker_ids=tuple(u.id for u in workers),
            caseworkers=tuple(u.display_name for u in workers),
            saw_young_person=visit.saw_young_person,
            seen_carers=tuple(f"{row[0]} {row[1]}" for row in carers),
            cancelled_by=visit.cancelled_by or "",
            outcome_notes=visit.outcome_notes or "",
            rescheduled_from_id=visit.rescheduled_from_id,
            rescheduled_to_id=rescheduled_to,
            contact_id=contact_id,
            edit_stamp=stamp_of(visit),
        )
