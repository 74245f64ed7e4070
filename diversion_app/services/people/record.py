"""The young person's record: details, flags, household and timeline, in one DTO.

Opening a record is audited as a view (Data Protection Act 2018, Part 3 logging), and asks
for a reason when the young person is not on the reader's own list (``base/access``). A
reader without the case-notes permission (a police officer, a SPOC) sees the record, its
referrals and school work, but no contacts, visits, assessments, programmes or closures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from diversion_app.domain.ages import age_on
from diversion_app.domain.clock import ClockReading
from diversion_app.domain.enums import (
    Area,
    Ethnicity,
    Gender,
    Pathway,
    ReferralStatus,
    Relationship,
)
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import (
    CommunityResolution,
    HouseholdMember,
    Referral,
    School,
    YoungPerson,
)
from diversion_app.services.base import access
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.audited_read import log_view
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.due_soon import due_soon_window
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import require
from diversion_app.services.base.stale import edit_stamp
from diversion_app.services.people.timeline import TimelineEntry, timeline
from diversion_app.services.people.young_people import household_address
from diversion_app.services.referrals.referral_list import reading_for

CASE_NOTE_ENTITIES = frozenset(
    {"contact", "visit", "assessment", "programme", "intervention", "closure", "follow_up"}
)
"""Timeline entries only readers of case notes see."""


@dataclass(frozen=True)
class MemberView:
    id: int
    name: str
    relationship: Relationship
    parental_responsibility: bool
    phone: str
    email: str
    language: str
    interpreter_needed: bool
    notes: str
    edit_stamp: str = ""
    """The member's version as read (``stale.edit_stamp``), for removing them."""


@dataclass(frozen=True)
class SiblingView:
    id: int
    name: str
    date_of_birth: date
    age: int


@dataclass(frozen=True)
class OpenReferralView:
    id: int
    pathway: Pathway
    status: ReferralStatus
    clock: ClockReading | None = None
    """The 48-hour contact clock, for showing in words and colour beside the referral."""


@dataclass(frozen=True)
class YoungPersonRecord:
    id: int
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: date
    age: int
    gender: Gender
    ethnicity: Ethnicity
    area: Area
    school: str
    local_person_id: str
    pnc_id: str
    looked_after: bool
    child_plan: bool
    send: bool
    household_id: int
    address: str
    members: tuple[MemberView, ...]
    siblings: tuple[SiblingView, ...]
    community_resolutions: int
    open_referrals: tuple[OpenReferralView, ...]
    timeline: tuple[TimelineEntry, ...]

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def flags(self) -> tuple[str, ...]:
        """The flags that are set, in words."""
        words = (
            (self.looked_after, "Looked-after child"),
            (self.child_plan, "Child-in-need or child-protection plan"),
            (self.send, "Special educational needs (SEND/EHCP)"),
        )
        return tuple(text for flag, text in words if flag)


class YoungPersonRecordService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def open(self, actor: Actor, young_person_id: int) -> YoungPersonRecord:
        """One user action: open (and so view) a young person's record."""
        require(
            self.ctx,
            actor,
            Permission.VIEW_CASES,
            entity="young_person",
            entity_id=young_person_id,
            young_person_id=young_person_id,
        )
        now = self.ctx.now()
        today = london_today(now)
        with self.ctx.read_only() as session:
            person = session.get(YoungPerson, young_person_id)
            if person is None:
                raise NotFound("That young person no longer exists.")
            reason = access.view_reason(session, actor, person.id)
            household = person.household
            school = session.get(School, person.school_id) if person.school_id else None
            members = session.execute(
                sa.select(HouseholdMember)
                .where(HouseholdMember.household_id == household.id)
                .order_by(HouseholdMember.id)
            ).scalars()
            siblings = session.execute(
                sa.select(YoungPerson)
                .where(YoungPerson.household_id == household.id, YoungPerson.id != person.id)
                .order_by(YoungPerson.date_of_birth)
            ).scalars()
            crs = session.execute(
                sa.select(sa.func.count()).where(
                    CommunityResolution.young_person_id == person.id,
                    CommunityResolution.withdrawn_at.is_(None),
                )
            ).scalar_one()
            open_referrals = session.execute(
                sa.select(
                    Referral.id,
                    Referral.pathway,
                    Referral.status,
                    Referral.received_at,
                    Referral.clock_met_at,
                    Referral.ended_at,
                )
                .where(
                    Referral.young_person_id == person.id,
                    referral_is_open(),
                )
                .order_by(Referral.received_at)
            ).all()
            record = YoungPersonRecord(
                id=person.id,
                given_name=person.given_name,
                family_name=person.family_name,
                preferred_name=person.preferred_name or "",
                date_of_birth=person.date_of_birth,
                age=age_on(person.date_of_birth, today) if person.date_of_birth <= today else 0,
                gender=person.gender,
                ethnicity=person.ethnicity,
                area=person.area,
                school=school.name if school else "",
                local_person_id=person.local_person_id or "",
                pnc_id=person.pnc_id or "",
                looked_after=person.looked_after,
                child_plan=person.child_plan,
                send=person.send,
                household_id=household.id,
                address=household_address(household),
                members=tuple(
                    MemberView(
                        id=member.id,
                        name=f"{member.given_name} {member.family_name}",
                        relationship=member.relationship_to_child,
                        parental_responsibility=member.parental_responsibility,
                        phone=member.phone or "",
                        email=member.email or "",
                        language=member.language or "",
                        interpreter_needed=member.interpreter_needed,
                        notes=member.notes or "",
                        edit_stamp=edit_stamp(member),
                    )
                    for member in members
                ),
                siblings=tuple(
                    SiblingView(
                        sibling.id,
                        f"{sibling.given_name} {sibling.family_name}",
                        sibling.date_of_birth,
                        age_on(sibling.date_of_birth, today)
                        if sibling.date_of_birth <= today
                        else 0,
                    )
                    for sibling in siblings
                ),
                community_resolutions=int(crs),
                open_referrals=tuple(
                    OpenReferralView(
                        row[0],
                        row[1],
                        row[2],
                        reading_for(row[3], row[4], row[2], row[5], now, due_soon_window(session)),
                    )
                    for row in open_referrals
                ),
                timeline=tuple(
                    entry
                    for entry in timeline(session, person.id, now)
                    if access.reads_case_notes(actor) or entry.entity not in CASE_NOTE_ENTITIES
                ),
            )
        log_view(
            self.ctx, actor, "young_person", record.id, young_person_id=record.id, changes=reason
        )
        return record
