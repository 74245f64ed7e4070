"""The data model: one typed SQLAlchemy 2 class per record in DOMAIN.md.

Instants are UTC (``UTCDateTime``); calendar dates are plain dates; every closed
list is an enum stored as its value. Indexes serve the lookups the screens make.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from diversion_app.domain.enums import (
    Area,
    AssessmentDomain,
    AssessmentStatus,
    AuditAction,
    ClosureOutcome,
    ClosureStatus,
    ConcernRating,
    ContactMethod,
    ContactOutcome,
    Ethnicity,
    Gender,
    InterventionStatus,
    InterventionType,
    OffenceCategory,
    Pathway,
    ProgrammeStatus,
    ReferralSource,
    ReferralStatus,
    Relationship,
    RjPart,
    RjType,
    Role,
    SafetyLevel,
    SchoolAction,
    SchoolConcernType,
    SchoolType,
    VictimType,
    VisitPlace,
    VisitPurpose,
    VisitStatus,
)
from diversion_app.persistence.types import UTCDateTime, enum_type

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

OPEN_STATUS_VALUES = ("received", "allocated", "contacted", "assessed", "programme")


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


def _fk(target: str, *, nullable: bool = False, ondelete: str | None = None) -> Any:
    return mapped_column(sa.ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


# --- people who use the application ---------------------------------------------------------


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    collar_number: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    last_signed_in_at: Mapped[datetime | None]

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_type(Role), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")


class Setting(Base):
    """A configurable value (crime reference pattern, due-soon hours, working hours...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)


# --- schools and SPOCs -----------------------------------------------------------------------


class School(Base):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    area: Mapped[Area] = mapped_column(enum_type(Area), index=True)
    school_type: Mapped[SchoolType] = mapped_column(enum_type(SchoolType))
    address: Mapped[str | None] = mapped_column(sa.Text)
    postcode: Mapped[str | None] = mapped_column(sa.String(12))
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(200))
    key_staff: Mapped[str | None] = mapped_column(sa.Text)
    active: Mapped[bool] = mapped_column(default=True)


class Spoc(Base):
    """A School Liaison PCSO and the area they are the single point of contact for."""

    __tablename__ = "spocs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    area: Mapped[Area] = mapped_column(enum_type(Area), index=True)
    active: Mapped[bool] = mapped_column(default=True)

    user: Mapped[User] = relationship()


# --- young people and households -------------------------------------------------------------


class Household(Base):
    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_line1: Mapped[str] = mapped_column(sa.String(200))
    address_line2: Mapped[str | None] = mapped_column(sa.String(200))
    town: Mapped[str | None] = mapped_column(sa.String(100))
    postcode: Mapped[str | None] = mapped_column(sa.String(12))
    postcode_key: Mapped[str | None] = mapped_column(sa.String(12), index=True)
    area: Mapped[Area | None] = mapped_column(enum_type(Area))
    created_at: Mapped[datetime]

    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="household", cascade="all, delete-orphan"
    )


class HouseholdMember(Base):
    """An adult or other member of a household (siblings on the scheme are YoungPerson rows)."""

    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = _fk("households.id", ondelete="CASCADE")
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    relationship_to_child: Mapped[Relationship] = mapped_column(enum_type(Relationship))
    parental_responsibility: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(200))
    language: Mapped[str | None] = mapped_column(sa.String(60))
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(sa.Text)

    household: Mapped[Household] = relationship(back_populates="members")


class YoungPerson(Base):
    __tablename__ = "young_people"
    __table_args__ = (
        sa.Index("ix_young_people_family_key_dob", "family_name_key", "date_of_birth"),
        sa.Index("ix_young_people_name_order", "family_name_key", "search_name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    preferred_name: Mapped[str | None] = mapped_column(sa.String(100))
    search_name: Mapped[str] = mapped_column(sa.String(300), index=True)
    """Normalised "given preferred family" for search (case and accents folded)."""
    family_name_key: Mapped[str] = mapped_column(sa.String(100))
    date_of_birth: Mapped[date] = mapped_column(index=True)
    gender: Mapped[Gender] = mapped_column(enum_type(Gender))
    ethnicity: Mapped[Ethnicity] = mapped_column(enum_type(Ethnicity))
    household_id: Mapped[int] = _fk("households.id")
    area: Mapped[Area] = mapped_column(enum_type(Area), index=True)
    school_id: Mapped[int | None] = _fk("schools.id", nullable=True)
    local_person_id: Mapped[str | None] = mapped_column(sa.String(30), index=True)
    pnc_id: Mapped[str | None] = mapped_column(sa.String(30), index=True)
    looked_after: Mapped[bool] = mapped_column(default=False)
    child_plan: Mapped[bool] = mapped_column(default=False)
    """On a child-in-need or child-protection plan."""
    send: Mapped[bool] = mapped_column(default=False)
    """Special educational needs (SEND / EHCP)."""
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    disposed_at: Mapped[datetime | None]
    """Set when the records were disposed of: names, details and free text erased."""
    retention_review_on: Mapped[date | None]
    """A supervisor decided to keep the records until this review date."""
    legal_hold_reason: Mapped[str | None] = mapped_column(sa.Text)
    """While set, the records are never offered for disposal."""

    household: Mapped[Household] = relationship()
    school: Mapped[School | None] = relationship()


# --- police outcomes -------------------------------------------------------------------------


class CommunityResolution(Base):
    __tablename__ = "community_resolutions"
    __table_args__ = (sa.UniqueConstraint("young_person_id", "crime_reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = _fk("young_people.id")
    crime_reference: Mapped[str] = mapped_column(sa.String(40), index=True)
    offence_date: Mapped[date]
    offence_category: Mapped[OffenceCategory] = mapped_column(enum_type(OffenceCategory))
    offence_description: Mapped[str] = mapped_column(sa.Text)
    location: Mapped[str | None] = mapped_column(sa.String(200))
    officer_name: Mapped[str] = mapped_column(sa.String(120))
    collar_number: Mapped[str] = mapped_column(sa.String(20))
    accepted_responsibility: Mapped[bool]
    appropriate_adult_present: Mapped[bool]
    victim_type: Mapped[VictimType] = mapped_column(enum_type(VictimType))
    victim_consulted: Mapped[bool] = mapped_column(default=False)
    victim_views: Mapped[str | None] = mapped_column(sa.Text)
    restorative_actions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    gravity_score: Mapped[int]
    authorised_by: Mapped[str] = mapped_column(sa.String(120))
    recorded_on: Mapped[date] = mapped_column(index=True)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = _fk("users.id", nullable=True)


# --- referrals and the 48-hour clock ---------------------------------------------------------


PERIOD_REPORT_COLUMNS = (
    "received_at",
    "status",
    "pathway",
    "source",
    "clock_met_at",
    "clock_due_at",
    "ended_at",
    "young_person_id",
)
"""Every column the period report reads from a referral, led by the one it ranges over."""


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (
        sa.Index("ix_referrals_status_due", "status", "clock_due_at"),
        sa.Index("ix_referrals_caseworker_status", "caseworker_id", "status"),
        # issue 10: sorting the list by a column, and the dashboard's counts, by index
        sa.Index("ix_referrals_status", "status"),
        sa.Index("ix_referrals_pathway", "pathway"),
        sa.Index("ix_referrals_status_met_due", "status", "clock_met_at", "clock_due_at"),
        sa.Index("ix_referrals_met_due", "clock_met_at", "clock_due_at"),
        sa.Index("ix_referrals_due_status_met", "clock_due_at", "status", "clock_met_at"),
        # perf-2: the period report reads a year's referrals from this index alone
        sa.Index("ix_referrals_period_report", *PERIOD_REPORT_COLUMNS),
        sa.Index(
            "uq_referrals_one_open_per_pathway",
            "young_person_id",
            "pathway",
            unique=True,
            sqlite_where=sa.text("status IN " + str(OPEN_STATUS_VALUES)),
            postgresql_where=sa.text("status IN " + str(OPEN_STATUS_VALUES)),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = _fk("young_people.id")
    pathway: Mapped[Pathway] = mapped_column(enum_type(Pathway))
    source: Mapped[ReferralSource] = mapped_column(enum_type(ReferralSource), index=True)
    referrer_name: Mapped[str] = mapped_column(sa.String(120))
    referrer_contact: Mapped[str | None] = mapped_column(sa.String(200))
    reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    reason_notes: Mapped[str | None] = mapped_column(sa.Text)
    community_resolution_id: Mapped[int | None] = _fk("community_resolutions.id", nullable=True)
    offence_details: Mapped[str | None] = mapped_column(sa.Text)
    received_at: Mapped[datetime] = mapped_column(index=True)
    consent_young_person: Mapped[bool] = mapped_column(default=False)
    consent_parent_carer: Mapped[bool] = mapped_column(default=False)
    consent_to_share: Mapped[bool] = mapped_column(default=False)
    caseworker_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    allocated_at: Mapped[datetime | None]
    status: Mapped[ReferralStatus] = mapped_column(enum_type(ReferralStatus))
    status_changed_at: Mapped[datetime]
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    clock_due_at: Mapped[datetime]
    """received_at + 48 h, kept for indexed queries of what is due."""
    clock_met_at: Mapped[datetime | None]
    """When both the young person and a carer had been reached (derived from contacts)."""
    clock_reason: Mapped[str | None] = mapped_column(sa.Text)
    """Why the clock was missed or is overdue."""
    ended_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = _fk("users.id", nullable=True)

    young_person: Mapped[YoungPerson] = relationship()
    caseworker: Mapped[User | None] = relationship(foreign_keys=[caseworker_id])


class ReferralEvent(Base):
    """One dated, attributed change of a referral's status or allocation."""

    __tablename__ = "referral_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = _fk("referrals.id", ondelete="CASCADE")
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    from_value: Mapped[str | None] = mapped_column(sa.String(120))
    to_value: Mapped[str | None] = mapped_column(sa.String(120))
    reason: Mapped[str | None] = mapped_column(sa.Text)


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (sa.Index("ix_contacts_referral_when", "referral_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referrals.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime]
    method: Mapped[ContactMethod] = mapped_column(enum_type(ContactMethod))
    outcome: Mapped[ContactOutcome] = mapped_column(enum_type(ContactOutcome))
    with_young_person: Mapped[bool] = mapped_column(default=False)
    with_carer: Mapped[bool] = mapped_column(default=False)
    carer_member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("household_members.id"))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    visit_id: Mapped[int | None] = _fk("visits.id", nullable=True)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime]


# --- the caseworker's diary ------------------------------------------------------------------


visit_caseworkers = sa.Table(
    "visit_caseworkers",
    Base.metadata,
    sa.Column("visit_id", sa.ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True, index=True),
)


class Visit(Base):
    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    """A stable identifier for calendar export (re-import updates rather than duplicates)."""
    referral_id: Mapped[int] = _fk("referrals.id", ondelete="CASCADE")
    start_at: Mapped[datetime] = mapped_column(index=True)
    end_at: Mapped[datetime]
    place: Mapped[VisitPlace] = mapped_column(enum_type(VisitPlace))
    place_detail: Mapped[str | None] = mapped_column(sa.Text)
    purpose: Mapped[VisitPurpose] = mapped_column(enum_type(VisitPurpose))
    status: Mapped[VisitStatus] = mapped_column(enum_type(VisitStatus))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    saw_young_person: Mapped[bool] = mapped_column(default=False)
    seen_carer_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    cancelled_by: Mapped[str | None] = mapped_column(sa.String(120))
    outcome_notes: Mapped[str | None] = mapped_column(sa.Text)
    rescheduled_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("visits.id"))
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    caseworkers: Mapped[list[User]] = relationship(secondary=visit_caseworkers)


# --- assessment and programme ----------------------------------------------------------------


assessment_participants = sa.Table(
    "assessment_participants",
    Base.metadata,
    sa.Column(
        "assessment_id", sa.ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("member_id", sa.ForeignKey("household_members.id"), primary_key=True),
)


class Assessment(Base):
    """A whole-family assessment of one referral."""

    __tablename__ = "assessments"
    __table_args__ = (
        # perf-2: the period report counts these from the index alone
        sa.Index("ix_assessments_completed_status", "completed_on", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = _fk("referrals.id", ondelete="CASCADE")
    assessor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    started_on: Mapped[date]
    completed_on: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[AssessmentStatus] = mapped_column(enum_type(AssessmentStatus))
    young_person_views: Mapped[str | None] = mapped_column(sa.Text)
    carer_views: Mapped[str | None] = mapped_column(sa.Text)
    strengths: Mapped[str | None] = mapped_column(sa.Text)
    safety_level: Mapped[SafetyLevel | None] = mapped_column(enum_type(SafetyLevel))
    conclusion: Mapped[str | None] = mapped_column(sa.Text)
    signed_off_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    signed_off_at: Mapped[datetime | None]
    return_comment: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[datetime]

    ratings: Mapped[list[AssessmentRating]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )


class AssessmentRating(Base):
    __tablename__ = "assessment_ratings"

    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    domain: Mapped[AssessmentDomain] = mapped_column(enum_type(AssessmentDomain), primary_key=True)
    rating: Mapped[ConcernRating | None] = mapped_column(enum_type(ConcernRating))
    notes: Mapped[str | None] = mapped_column(sa.Text)

    assessment: Mapped[Assessment] = relationship(back_populates="ratings")


class Programme(Base):
    """The personal programme built for one referral."""

    __tablename__ = "programmes"
    __table_args__ = (
        # perf-2: the period report counts these from the index alone
        sa.Index("ix_programmes_completed_status", "completed_on", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), unique=True
    )
    goals: Mapped[str] = mapped_column(sa.Text)
    review_date: Mapped[date | None]
    status: Mapped[ProgrammeStatus] = mapped_column(enum_type(ProgrammeStatus))
    started_on: Mapped[date]
    completed_on: Mapped[date | None] = mapped_column(index=True)
    updated_at: Mapped[datetime]

    interventions: Mapped[list[Intervention]] = relationship(
        back_populates="programme", cascade="all, delete-orphan"
    )


class Intervention(Base):
    __tablename__ = "interventions"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = _fk("programmes.id", ondelete="CASCADE")
    intervention_type: Mapped[InterventionType] = mapped_column(enum_type(InterventionType))
    provider: Mapped[str | None] = mapped_column(sa.String(200))
    planned_sessions: Mapped[int]
    attended_sessions: Mapped[int] = mapped_column(default=0)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    status: Mapped[InterventionStatus] = mapped_column(enum_type(InterventionStatus))

    programme: Mapped[Programme] = relationship(back_populates="interventions")


class InterventionSession(Base):
    """Attendance at one session of an intervention (a session may be a diary visit)."""

    __tablename__ = "intervention_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = _fk("interventions.id", ondelete="CASCADE")
    held_on: Mapped[date]
    attended: Mapped[bool]
    visit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("visits.id"))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class Closure(Base):
    __tablename__ = "closures"
    __table_args__ = (
        # perf-2: the period report counts these from the index alone
        sa.Index("ix_closures_closed_status_outcome", "closed_on", "status", "outcome"),
        sa.Index("ix_closures_follow_up_status", "follow_up_due_on", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = _fk("referrals.id", ondelete="CASCADE")
    closed_on: Mapped[date] = mapped_column(index=True)
    outcome: Mapped[ClosureOutcome] = mapped_column(enum_type(ClosureOutcome))
    exit_summary: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ClosureStatus] = mapped_column(enum_type(ClosureStatus))
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    return_comment: Mapped[str | None] = mapped_column(sa.Text)
    follow_up_due_on: Mapped[date] = mapped_column(index=True)


class FollowUp(Base):
    """The 12-month reoffending check after a closure."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    closure_id: Mapped[int] = mapped_column(
        sa.ForeignKey("closures.id", ondelete="CASCADE"), unique=True
    )
    recorded_on: Mapped[date]
    came_to_notice: Mapped[bool]
    details: Mapped[str | None] = mapped_column(sa.Text)
    community_resolution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("community_resolutions.id")
    )
    new_referral_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referrals.id"))
    automatic: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


# --- school liaison --------------------------------------------------------------------------


class SchoolReferral(Base):
    """A school's concern about a pupil, recorded by a SPOC, and what the SPOC did about it."""

    __tablename__ = "school_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = _fk("schools.id")
    young_person_id: Mapped[int] = _fk("young_people.id")
    spoc_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    concern_date: Mapped[date] = mapped_column(index=True)
    raised_by: Mapped[str] = mapped_column(sa.String(120))
    concern_type: Mapped[SchoolConcernType] = mapped_column(enum_type(SchoolConcernType))
    description: Mapped[str] = mapped_column(sa.Text)
    action: Mapped[SchoolAction | None] = mapped_column(enum_type(SchoolAction))
    action_notes: Mapped[str | None] = mapped_column(sa.Text)
    referral_id: Mapped[int | None] = _fk("referrals.id", nullable=True)
    """The YOS referral this became, if any (the link both ways)."""
    open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class RestorativeJustice(Base):
    """Restorative justice delivered in a school."""

    __tablename__ = "restorative_justice"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(index=True)
    school_id: Mapped[int] = _fk("schools.id")
    spoc_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    rj_type: Mapped[RjType] = mapped_column(enum_type(RjType))
    agreement_reached: Mapped[bool]
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    follow_up_on: Mapped[date | None]
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    participants: Mapped[list[RestorativeJusticeParticipant]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class RestorativeJusticeParticipant(Base):
    __tablename__ = "restorative_justice_participants"

    rj_id: Mapped[int] = mapped_column(
        sa.ForeignKey("restorative_justice.id", ondelete="CASCADE"), primary_key=True
    )
    young_person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("young_people.id"), primary_key=True, index=True
    )
    part: Mapped[RjPart] = mapped_column(enum_type(RjPart))

    session: Mapped[RestorativeJustice] = relationship(back_populates="participants")


# --- retention and disposal ----------------------------------------------------------------


class RetentionDecision(Base):
    """A supervisor's review of a young person's records: keep (with a new review date) or
    dispose. A disposal's row is its log: what kinds went, when, who, why, which backups
    still held the data. It never holds the personal data itself."""

    __tablename__ = "retention_decisions"
    __table_args__ = (sa.Index("ix_retention_decisions_decided_at", "decided_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = _fk("young_people.id")
    decision: Mapped[str] = mapped_column(sa.String(20))
    decided_at: Mapped[datetime]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_by: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str] = mapped_column(sa.Text)
    review_on: Mapped[date | None]
    records: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    """Disposal type -> how many records of that kind (what went, or what was kept)."""
    backups: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    """File names of the backups made before the disposal (they still hold the data)."""


# --- the audit trail -------------------------------------------------------------------------


class AuditEvent(Base):
    """Append-only: who did what to which record, when. Each row hashes the one before it."""

    __tablename__ = "audit_events"
    __table_args__ = (
        sa.Index("ix_audit_events_young_person_at", "young_person_id", "at"),
        sa.Index("ix_audit_events_user_at", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(sa.String(64))
    action: Mapped[AuditAction] = mapped_column(enum_type(AuditAction))
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[int | None]
    young_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("young_people.id"))
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    """Field -> [old, new] for changes; a short note for other events."""
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))
