"""One referral in full: details, status history, contacts and the 48-hour clock.

Also the actions taken from the record itself: making a referral (through the shared
``referral_core.make_referral``), ending it as declined or not engaged, and giving the
reason an overdue or missed clock asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from diversion_app.domain.clock import DEFAULT_DUE_SOON, ClockReading
from diversion_app.domain.enums import (
    ContactMethod,
    ContactOutcome,
    OffenceCategory,
    Pathway,
    ReferralReason,
    ReferralSource,
    ReferralStatus,
    Relationship,
)
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.referral_rules import ENDINGS_NEEDING_A_REASON, ReferralDraft
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.domain.turning_18 import turning_18_flag
from diversion_app.persistence.models import (
    CommunityResolution,
    Contact,
    HouseholdMember,
    Referral,
    ReferralEvent,
    User,
    YoungPerson,
)
from diversion_app.services.base import access
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.audited_read import log_view
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.due_soon import due_soon_window
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.permissions import require
from diversion_app.services.base.stale import refuse_if_values_moved, values_stamp
from diversion_app.services.casework.comes_to_notice import close_as_not_engaged
from diversion_app.services.referrals.access import may_work, require_may_work
from diversion_app.services.referrals.core import (
    MadeReferral,
    change_status,
    get_referral,
    make_referral,
    record_referral_event,
)
from diversion_app.services.referrals.referral_list import reading_for


@dataclass(frozen=True)
class CarerOption:
    """A household member a contact can name."""

    id: int
    name: str
    relationship: Relationship
    parental_responsibility: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.relationship.label.lower()})"


@dataclass(frozen=True)
class CommunityResolutionOption:
    id: int
    crime_reference: str
    offence_date: date
    category: OffenceCategory

    @property
    def label(self) -> str:
        return f"{self.crime_reference}, {format_date(self.offence_date)}, {self.category.label}"


@dataclass(frozen=True)
class HistoryEntry:
    """One dated, attributed line of the referral's history."""

    at: datetime
    by: str
    kind: str
    text: str
    reason: str


@dataclass(frozen=True)
class ContactRow:
    id: int
    occurred_at: datetime
    method: ContactMethod
    outcome: ContactOutcome
    with_young_person: bool
    carer: str
    notes: str
    recorded_by: str

    @property
    def with_whom(self) -> str:
        parties = (["Young person"] if self.with_young_person else []) + (
            [self.carer] if self.carer else []
        )
        return " and ".join(parties)


@dataclass(frozen=True)
class ReferralRecord:
    id: int
    young_person_id: int
    young_person: str
    date_of_birth: date
    pathway: Pathway
    source: ReferralSource
    referrer_name: str
    referrer_contact: str
    reasons: tuple[ReferralReason, ...]
    reason_notes: str
    community_resolution: str
    offence_details: str
    consent_young_person: bool
    consent_parent_carer: bool
    consent_to_share: bool
    received_at: datetime
    status: ReferralStatus
    status_reason: str
    caseworker_id: int | None
    caseworker: str
    clock: ClockReading
    clock_reason: str
    history: tuple[HistoryEntry, ...]
    contacts: tuple[ContactRow, ...]
    carers: tuple[CarerOption, ...]
    may_work: bool
    age_flag: str = ""
    """For an open case: the young person is 18, or turns 18 within four weeks."""
    offence_date: date | None = None

    @property
    def edit_stamp(self) -> str:
        """The state the record window shows, for ``end`` and ``explain_clock``."""
        return state_stamp(self.status, self.caseworker_id, self.clock_reason)


def state_stamp(status: ReferralStatus, caseworker_id: int | None, clock_reason: str) -> str:
    """What ending a referral or explaining its clock is decided from."""
    return values_stamp(status.value, caseworker_id, clock_reason)


def _refuse_if_moved(
    session: Session, referral: Referral, stamp: str, *, decision: str = ""
) -> None:
    shown_now = state_stamp(referral.status, referral.caseworker_id, referral.clock_reason or "")
    refuse_if_values_moved(
        session,
        stamp,
        shown_now,
        ("referral", referral.id),
        what="referral",
        young_person_id=referral.young_person_id,
        decision=decision,
    )


class ReferralRecordService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- making ----------------------------------------------------------------------------
    def make(self, actor: Actor, draft: ReferralDraft) -> MadeReferral:
        """Make a referral (the shared core; a second open one is a Conflict naming it)."""
        return make_referral(self.ctx, actor, draft)

    def community_resolutions(
        self, actor: Actor, young_person_id: int
    ) -> list[CommunityResolutionOption]:
        """The young person's Community Resolutions, newest first, to link to a referral.

        What the referral form shows of the young person once they are chosen: need to
        know (a reason if not on the actor's own list), then one "viewed" event."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            if session.get(YoungPerson, young_person_id) is None:
                raise NotFound("That young person no longer exists.")
            reason = access.view_reason(session, actor, young_person_id)
            rows = session.execute(
                sa.select(
                    CommunityResolution.id,
                    CommunityResolution.crime_reference,
                    CommunityResolution.offence_date,
                    CommunityResolution.offence_category,
                )
                .where(CommunityResolution.young_person_id == young_person_id)
                .order_by(CommunityResolution.offence_date.desc(), CommunityResolution.id.desc())
            ).all()
        log_view(
            self.ctx,
            actor,
            "referral_form",
            young_person_id,
            young_person_id=young_person_id,
            changes=reason,
        )
        return [CommunityResolutionOption(*row) for row in rows]

    def young_person_label(self, actor: Actor, young_person_id: int) -> str:
        """'Ellie Marsh, born 01/06/2013' for a young person chosen elsewhere."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            person = session.get(YoungPerson, young_person_id)
            if person is None:
                raise NotFound("That young person no longer exists.")
            born = format_date(person.date_of_birth)
            return f"{person.given_name} {person.family_name}, born {born}"

    # --- reading ---------------------------------------------------------------------------
    def clock(self, actor: Actor, referral_id: int) -> ClockReading:
        """The clock now (cheap; for screens that re-read it while open)."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            referral = session.get(Referral, referral_id)
            if referral is None:
                raise NotFound("That referral no longer exists.")
            return _reading(referral, self.ctx.now(), due_soon_window(session))

    def record(self, actor: Actor, referral_id: int) -> ReferralRecord:
        """The whole record (the view is audited: who looked at which child's referral)."""
        require(self.ctx, actor, Permission.VIEW_CASES, entity="referral", entity_id=referral_id)
        now = self.ctx.now()
        with self.ctx.read_only() as session:
            referral = session.get(Referral, referral_id)
            if referral is None:
                raise NotFound("That referral no longer exists.")
            person = referral.young_person
            reason = access.view_reason(session, actor, person.id)
            cr_text = ""
            if referral.community_resolution_id is not None:
                cr = session.get(CommunityResolution, referral.community_resolution_id)
                if cr is not None:
                    cr_text = f"{cr.crime_reference}, offence on {format_date(cr.offence_date)}"
            shown = ReferralRecord(
                id=referral.id,
                young_person_id=person.id,
                young_person=f"{person.given_name} {person.family_name}",
                date_of_birth=person.date_of_birth,
                pathway=referral.pathway,
                source=referral.source,
                referrer_name=referral.referrer_name,
                referrer_contact=referral.referrer_contact or "",
                reasons=tuple(ReferralReason(value) for value in referral.reasons),
                reason_notes=referral.reason_notes or "",
                community_resolution=cr_text,
                offence_details=referral.offence_details or "",
                consent_young_person=referral.consent_young_person,
                consent_parent_carer=referral.consent_parent_carer,
                consent_to_share=referral.consent_to_share,
                received_at=referral.received_at,
                status=referral.status,
                status_reason=referral.status_reason or "",
                caseworker_id=referral.caseworker_id,
                caseworker=referral.caseworker.display_name if referral.caseworker else "",
                clock=_reading(referral, now, due_soon_window(session)),
                clock_reason=referral.clock_reason or "",
                history=tuple(_history(session, referral.id)),
                contacts=tuple(_contacts(session, referral.id))
                if access.reads_case_notes(actor)
                else (),
                carers=tuple(carers_of(session, person)),
                may_work=may_work(actor, referral.caseworker_id),
                offence_date=referral.offence_date,
                age_flag=(
                    turning_18_flag(person.date_of_birth, london_today(now)) or ""
                    if referral.status.is_open
                    else ""
                ),
            )
        log_view(
            self.ctx,
            actor,
            "referral",
            shown.id,
            young_person_id=shown.young_person_id,
            changes=reason,
        )
        return shown

    # --- changing --------------------------------------------------------------------------
    def end(
        self,
        actor: Actor,
        referral_id: int,
        status: ReferralStatus,
        reason: str,
        *,
        edit_stamp: str = "",
    ) -> None:
        """Decline a referral or close it as not engaged, with a reason (stops the clock).

        ``edit_stamp`` is ``ReferralRecord.edit_stamp`` as the user saw it: a referral
        whose status, caseworker or clock reason changed since is refused (``StaleRecord``).
        """
        if status not in ENDINGS_NEEDING_A_REASON:
            raise DomainError("Only declining or closing as not engaged is done from here.")
        if not reason.strip():
            raise ValidationError(
                {"reason": f"Give a reason for marking the referral {status.label.lower()}."}
            )
        require_may_work(self.ctx, actor, referral_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            referral = get_referral(session, referral_id)
            ending = "Not declined" if status is ReferralStatus.DECLINED else "Not closed"
            _refuse_if_moved(session, referral, edit_stamp, decision=ending)
            change_status(session, actor, referral, status, now, reason.strip())
            if status is ReferralStatus.NOT_ENGAGED:
                close_as_not_engaged(session, actor, referral, reason.strip(), now)

    def explain_clock(
        self, actor: Actor, referral_id: int, reason: str, *, edit_stamp: str = ""
    ) -> None:
        """Keep the reason an overdue or missed 48-hour clock asks for (``edit_stamp`` as
        for ``end``: a reason someone else wrote meanwhile is not written over unseen)."""
        text = reason.strip()
        if not text:
            raise ValidationError(
                {"clock_reason": "Give the reason the clock is overdue or missed."}
            )
        require_may_work(self.ctx, actor, referral_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            referral = get_referral(session, referral_id)
            _refuse_if_moved(session, referral, edit_stamp)
            if not _reading(referral, now).state.needs_reason:
                raise DomainError("The 48-hour clock is neither overdue nor missed.")
            keep_clock_reason(session, actor, referral, text, now)


def keep_clock_reason(
    session: Session, actor: Actor, referral: Referral, reason: str, now: datetime
) -> None:
    """Store the clock reason on the referral, dated and attributed in its history (audited)."""
    before = referral.clock_reason
    if before == reason:
        return
    referral.clock_reason = reason
    record_referral_event(
        session,
        actor,
        referral,
        now,
        kind="clock",
        from_value=None,
        to_value=None,
        reason=reason,
        changes={"clock_reason": ["(set)" if before else None, "(set)"]},
    )


def _reading(
    referral: Referral, now: datetime, due_soon: timedelta = DEFAULT_DUE_SOON
) -> ClockReading:
    return reading_for(
        referral.received_at,
        referral.clock_met_at,
        referral.status,
        referral.ended_at,
        now,
        due_soon,
    )


def carers_of(session: Session, person: YoungPerson) -> list[CarerOption]:
    """The young person's household members other than siblings, parents first."""
    rows = session.execute(
        sa.select(
            HouseholdMember.id,
            HouseholdMember.given_name,
            HouseholdMember.family_name,
            HouseholdMember.relationship_to_child,
            HouseholdMember.parental_responsibility,
        )
        .where(
            HouseholdMember.household_id == person.household_id,
            HouseholdMember.relationship_to_child != Relationship.SIBLING,
        )
        .order_by(HouseholdMember.parental_responsibility.desc(), HouseholdMember.id)
    ).all()
    return [
        CarerOption(row[0], f"{row[1]} {row[2]}", Relationship(row[3]), bool(row[4]))
        for row in rows
    ]


_KIND_WORDS = {
    "status": "Status",
    "allocation": "Allocation",
    "clock": "48-hour clock",
    "no_carer": "No parent or carer to contact: reaching the young person meets the clock",
}


def _history(session: Session, referral_id: int) -> list[HistoryEntry]:
    by = aliased(User)
    rows = session.execute(
        sa.select(
            ReferralEvent.at,
            by.display_name,
            ReferralEvent.kind,
            ReferralEvent.from_value,
            ReferralEvent.to_value,
            ReferralEvent.reason,
        )
        .outerjoin(by, by.id == ReferralEvent.user_id)
        .where(ReferralEvent.referral_id == referral_id)
        .order_by(ReferralEvent.at, ReferralEvent.id)
    ).all()
    entries = []
    for at, name, kind, old, new, reason in rows:
        entries.append(
            HistoryEntry(at, name or "System", kind, _history_text(kind, old, new), reason or "")
        )
    return entries


def _history_text(kind: str, old: str | None, new: str | None) -> str:
    if kind == "status":
        new_label = ReferralStatus(new).label if new else ""
        if old is None:
            return f"Status: {new_label}"
        return f"Status: {ReferralStatus(old).label} -> {new_label}"
    if kind == "allocation":
        return f"Reallocated from {old} to {new}" if old else f"Allocated to {new}"
    if kind == "clock":
        return "Reason given for the 48-hour clock"
    return _KIND_WORDS.get(kind, kind.capitalize())


def _contacts(session: Session, referral_id: int) -> list[ContactRow]:
    by = aliased(User)
    rows = session.execute(
        sa.select(
            Contact.id,
            Contact.occurred_at,
            Contact.method,
            Contact.outcome,
            Contact.with_young_person,
            HouseholdMember.given_name,
            HouseholdMember.family_name,
            HouseholdMember.relationship_to_child,
            Contact.with_carer,
            Contact.notes,
            by.display_name,
        )
        .outerjoin(HouseholdMember, HouseholdMember.id == Contact.carer_member_id)
        .outerjoin(by, by.id == Contact.recorded_by_id)
        .where(Contact.referral_id == referral_id)
        .order_by(Contact.occurred_at.desc(), Contact.id.desc())
    ).all()
    result = []
    for cid, when, method, outcome, child, given, family, rel, with_carer, notes, who in rows:
        if given:
            carer = f"{given} {family} ({Relationship(rel).label.lower()})"
        else:
            carer = "a parent or carer" if with_carer else ""
        result.append(
            ContactRow(cid, when, method, outcome, bool(child), carer, notes or "", who or "")
        )
    return result
