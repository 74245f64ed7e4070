"""The data model: one typed SQLAlchemy 2 class per record in DOMAIN.md.

Instants are UTC (``UTCDateTime``); calendar dates are plain dates; every closed
list is an enum stored as its value. Indexes serve the lookups the screens make.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

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
from diversion_app.domain.police_outcome import OutcomeCode
from diversion_app.domain.snapshot import (
    AccommodationType,
    Answer,
    EteType,
    SendPlan,
    SnapshotStage,
    SocialCareStatus,
    Suitability,
)
from diversion_app.domain.subject_access import Requester, RequestStatus
from diversion_app.domain.text_input import USERNAME_MAX_LENGTH
from diversion_app.domain.turnaround import TurnaroundEvent
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


class Versioned:
    """A record people edit: its version is read when a form opens and checked at save.

    SQLAlchemy adds ``WHERE version = <as read>`` to every UPDATE and DELETE and bumps
    the number, so two transactions that read the same version cannot both write.
    """

    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (a declared class attribute)
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


VERSIONED_TABLES = (
    "users",
    "schools",
    "spocs",
    "households",
    "household_members",
    "young_people",
    "community_resolutions",
    "referrals",
    "visits",
    "assessments",
    "programmes",
    "interventions",
    "closures",
    "follow_ups",
    "school_referrals",
    "restorative_justice",
)
"""The tables whose rows carry a ``version`` (migration 0005)."""


def _fk(target: str, *, nullable: bool = False, ondelete: str | None = None) -> Any:
    return mapped_column(sa.ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


# --- people who use the application ---------------------------------------------------------


class User(Versioned, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(USERNAME_MAX_LENGTH), unique=True)
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


class School(Versioned, Base):
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


class Spoc(Versioned, Base):
    """A School Liaison PCSO and the area they are the single point of contact for."""

    __tablename__ = "spocs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    area: Mapped[Area] = mapped_column(enum_type(Area), index=True)
    active: Mapped[bool] = mapped_column(default=True)

    user: Mapped[User] = relationship()


# --- young people and households -------------------------------------------------------------


class Household(Versioned, Base):
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


class HouseholdMember(Versioned, Base):
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


class YoungPerson(Versioned, Base):
    __tablename__ = "young_people"
    __table_args__ = (
        sa.Index("ix_young_people_family_key_dob", "family_name_key", "date_of_birth"),
        # the list's order, and (with disposed_at) a search counted and paged from it alone
        sa.Index(
            "ix_young_people_name_order", "family_name_key", "search_name", "id", "disposed_at"
        ),
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
    record_seal: Mapped[str | None] = mapped_column(sa.String(64))
    """Keyed MAC of number, names and date of birth (see ``persistence/record_seals``)."""
    disposed_at: Mapped[datetime | None]
    """Set when the records were disposed of: names, details and free text erased."""
    retention_review_on: Mapped[date | None]
    """A supervisor decided to keep the records until this review date."""
    legal_hold_reason: Mapped[str | None] = mapped_column(sa.Text)
    """While set, the records are never offered for disposal."""

    household: Mapped[Household] = relationship()
    school: Mapped[School | None] = relationship()


# --- police outcomes -------------------------------------------------------------------------


class CommunityResolution(Versioned, Base):
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
    # returns: the police outcome code and the victim's part in restorative justice
    outcome_code: Mapped[OutcomeCode] = mapped_column(
        enum_type(OutcomeCode), default=OutcomeCode.OUTCOME_8, server_default="8"
    )
    victim_rj_offered: Mapped[Answer | None] = mapped_column(enum_type(Answer))
    victim_rj_took_part: Mapped[Answer | None] = mapped_column(enum_type(Answer))
    victim_views_considered: Mapped[Answer | None] = mapped_column(enum_type(Answer))
    withdrawn_at: Mapped[datetime | None]
    """When the CR was withdrawn (recorded in error); it then counts nowhere."""
    withdrawn_by_id: Mapped[int | None]
    """The user who withdrew it (no foreign key: adding one would rebuild this table, which
    referrals point at, on upgrade; the audit trail names them too)."""
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)


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

PERIOD_DEADLINE_COLUMNS = (
    "received_at",
    "status",
    "ended_at",
    "assessment_due_on",
    "assessed_on",
    "recommendation_due_on",
    "recommendation_sent_on",
)
"""The columns the period report's working-day deadline counts read."""

LIST_BY_STATUS_COLUMNS = (
    "status",
    "pathway",
    "received_at",
    "clock_due_at",
    "clock_met_at",
    "assessment_due_on",
    "assessed_on",
    "recommendation_due_on",
    "recommendation_sent_on",
    "young_person_id",
)
"""Led by the status: every column the referral list sorts by, and the working-day deadline
columns the dashboard counts, so a list of open referrals is sorted (and those counts made)
from this index alone, without reading each referral's row."""


class Referral(Versioned, Base):
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
        # returns: the period report counts the working-day deadlines from this index alone
        sa.Index("ix_referrals_period_deadlines", *PERIOD_DEADLINE_COLUMNS),
        # the open referrals' list sorted by any column, and the dashboard's deadline counts
        sa.Index("ix_referrals_list_by_status", *LIST_BY_STATUS_COLUMNS),
        # a young person's referrals (a name search's, in the order received) from the index
        sa.Index("ix_referrals_young_person_received", "young_person_id", "received_at", "id"),
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
    young_person_id: Mapped[int] = mapped_column(sa.ForeignKey("young_people.id"))
    """Indexed with the received time (``ix_referrals_young_person_received``)."""
    pathway: Mapped[Pathway] = mapped_column(enum_type(Pathway))
    source: Mapped[ReferralSource] = mapped_column(enum_type(ReferralSource), index=True)
    referrer_name: Mapped[str] = mapped_column(sa.String(120))
    referrer_contact: Mapped[str | None] = mapped_column(sa.String(200))
    reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    reason_notes: Mapped[str | None] = mapped_column(sa.Text)
    community_resolution_id: Mapped[int | None] = _fk("community_resolutions.id", nullable=True)
    offence_details: Mapped[str | None] = mapped_column(sa.Text)
    offence_date: Mapped[date | None]
    """The offence's date (required on a diversion referral; eligibility is judged on it)."""
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
    # working-day deadlines (kept for indexed queries, like clock_due_at)
    assessment_due_on: Mapped[date | None] = mapped_column(index=True)
    """10 working days after receipt."""
    assessed_on: Mapped[date | None]
    """When the whole-family assessment was first completed."""
    recommendation_due_on: Mapped[date | None] = mapped_column(index=True)
    """15 working days after receipt (diversion pathway only)."""
    recommendation_sent_on: Mapped[date | None]
    """When the police were told the recommended outcome."""
    # police outcome, gravity and the victim
    outcome_code: Mapped[OutcomeCode | None] = mapped_column(enum_type(OutcomeCode))
    gravity_score: Mapped[int | None]
    victim_present: Mapped[Answer | None] = mapped_column(enum_type(Answer))
    victim_rj_offered: Mapped[Answer | None] = mapped_column(enum_type(Answer))
    victim_rj_took_part: Mapped[Answer | None] = mapped_column(enum_type(Answer))
    victim_views_considered: Mapped[Answer | None] = mapped_column(enum_type(Answer))
    # Outcome 22: a task for the referring officer once the programme is completed
    outcome22_due_at: Mapped[datetime | None] = mapped_column(index=True)
    outcome22_done_at: Mapped[datetime | None]
    outcome22_done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # Turnaround
    turnaround_event: Mapped[TurnaroundEvent | None] = mapped_column(enum_type(TurnaroundEvent))
    turnaround_event_on: Mapped[date | None]
    turnaround_referred_before: Mapped[bool | None]
    turnaround_statutory_order: Mapped[bool | None]
    turnaround_flag: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

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


class AllocationPeriod(Base):
    """Who held a referral from when until when: the dated history of allocation.

    The open period (``held_until`` empty) is the current holder; ``Referral.caseworker_id``
    is kept beside it in the same transaction so lists and indexes stay quick.
    """

    __tablename__ = "allocation_periods"
    __table_args__ = (
        sa.Index("ix_allocation_periods_referral_from", "referral_id", "held_from"),
        sa.Index("ix_allocation_periods_caseworker_from", "caseworker_id", "held_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referrals.id", ondelete="CASCADE"))
    caseworker_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    held_from: Mapped[datetime]
    held_until: Mapped[datetime | None]
    allocated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class NoCarerDecision(Base):
    """A recorded, reasoned "no parent or carer to contact" on a referral (who, when, why).

    Under it, reaching the young person alone meets the 48-hour clock; the reports count
    such referrals apart.
    """

    __tablename__ = "no_carer_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), unique=True
    )
    reason: Mapped[str] = mapped_column(sa.Text)
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


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


class Visit(Versioned, Base):
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


class Assessment(Versioned, Base):
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


class AssessmentEvent(Base):
    """One dated step of an assessment: completed, signed off or returned for changes.

    ``effective_on`` is the day the step counts from (the completion date the caseworker
    gave; the London day of a sign-off or return); ``at`` is when it was recorded.
    """

    __tablename__ = "assessment_events"
    __table_args__ = (
        sa.Index("ix_assessment_events_assessment_on", "assessment_id", "effective_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(sa.ForeignKey("assessments.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    effective_on: Mapped[date]
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class AssessmentRating(Base):
    __tablename__ = "assessment_ratings"

    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    domain: Mapped[AssessmentDomain] = mapped_column(enum_type(AssessmentDomain), primary_key=True)
    rating: Mapped[ConcernRating | None] = mapped_column(enum_type(ConcernRating))
    notes: Mapped[str | None] = mapped_column(sa.Text)

    assessment: Mapped[Assessment] = relationship(back_populates="ratings")


class Programme(Versioned, Base):
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


class Intervention(Versioned, Base):
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


class Closure(Versioned, Base):
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


class FollowUp(Versioned, Base):
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


class ReferralSnapshot(Base):
    """The start (assessment) or end (closure) snapshot of a referral, for the KPI return."""

    __tablename__ = "referral_snapshots"
    __table_args__ = (sa.UniqueConstraint("referral_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = _fk("referrals.id", ondelete="CASCADE")
    stage: Mapped[SnapshotStage] = mapped_column(enum_type(SnapshotStage))
    accommodation: Mapped[Suitability] = mapped_column(enum_type(Suitability))
    accommodation_type: Mapped[AccommodationType] = mapped_column(enum_type(AccommodationType))
    ete_type: Mapped[EteType] = mapped_column(enum_type(EteType))
    ete_suitable: Mapped[Answer] = mapped_column(enum_type(Answer))
    ete_hours_offered: Mapped[int | None]
    ete_hours_attended: Mapped[int | None]
    send_identified: Mapped[Answer] = mapped_column(enum_type(Answer))
    send_plan: Mapped[SendPlan] = mapped_column(enum_type(SendPlan))
    mh_screened: Mapped[Answer] = mapped_column(enum_type(Answer))
    mh_need: Mapped[Answer] = mapped_column(enum_type(Answer))
    mh_intervention_offered: Mapped[Answer] = mapped_column(enum_type(Answer))
    mh_attending: Mapped[Answer] = mapped_column(enum_type(Answer))
    sm_screened: Mapped[Answer] = mapped_column(enum_type(Answer))
    sm_need: Mapped[Answer] = mapped_column(enum_type(Answer))
    sm_intervention_offered: Mapped[Answer] = mapped_column(enum_type(Answer))
    sm_attending: Mapped[Answer] = mapped_column(enum_type(Answer))
    social_care: Mapped[SocialCareStatus] = mapped_column(enum_type(SocialCareStatus))
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


# --- school liaison --------------------------------------------------------------------------


class SchoolReferral(Versioned, Base):
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


class RestorativeJustice(Versioned, Base):
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
    username: Mapped[str] = mapped_column(sa.String(USERNAME_MAX_LENGTH))
    action: Mapped[AuditAction] = mapped_column(enum_type(AuditAction))
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[int | None]
    young_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("young_people.id"))
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    """Field -> [old, new] for changes; a short note for other events."""
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class DisclosedYoungPerson(Base):
    """Each young person a disclosure (a print, an export, a subject access pack) included,
    so the disclosure appears in that child's audit trail and access log. The ids are also
    in the sealed event's ``changes``; this table is the index that finds them."""

    __tablename__ = "audit_disclosure_people"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("audit_events.id"), primary_key=True)
    young_person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("young_people.id"), primary_key=True, index=True
    )


class SubjectAccessRequest(Base):
    """A young person's (or their parent's) request for their data, and its one-month reply."""

    __tablename__ = "subject_access_requests"
    __table_args__ = (sa.Index("ix_subject_access_requests_status_due", "status", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = _fk("young_people.id")
    requester: Mapped[Requester] = mapped_column(enum_type(Requester))
    requester_name: Mapped[str] = mapped_column(sa.String(120))
    parent_member_id: Mapped[int | None] = _fk(
        "household_members.id", nullable=True, ondelete="SET NULL"
    )
    received_on: Mapped[date]
    due_on: Mapped[date]
    status: Mapped[RequestStatus] = mapped_column(enum_type(RequestStatus))
    sent_at: Mapped[datetime | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = _fk("users.id", nullable=True)
