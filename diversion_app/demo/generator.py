"""Synthetic, plainly fictional demo data in realistic proportions, reproducible from a seed.

Every referral status and every clock state (relative to "now"), households with
siblings, all three areas, schools and SPOCs. Rows are written in bulk with
explicit ids, so ten years of a region's data builds in a couple of minutes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from diversion_app.demo.beside import can_generate_beside, generate_beside
from diversion_app.demo.bulk_load import (
    BulkRows,
    fast_sqlite_load,
    update_by_id,
    without_cycle_collection,
)
from diversion_app.demo.choosing import Weighted, weighted
from diversion_app.demo.diary import book, free_start
from diversion_app.demo.london_clock import london_day, london_midnight, london_wall_clock
from diversion_app.demo.returns_fields import ReturnsValues
from diversion_app.domain.clock import CLOCK_LENGTH
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
    ReferralReason,
    ReferralSource,
    ReferralStatus,
    Relationship,
    RestorativeAction,
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
from diversion_app.domain.names import normalise_name, normalise_postcode
from diversion_app.domain.snapshot import SnapshotStage
from diversion_app.domain.subject_access import Requester, RequestStatus, reply_due
from diversion_app.domain.timekeeping import london_to_utc, london_today
from diversion_app.persistence import models as m
from diversion_app.persistence.audit_key import key_for
from diversion_app.persistence.engine import follow_explicit_ids
from diversion_app.persistence.record_seals import seal_values
from diversion_app.services.accounts.passwords import hash_password
from diversion_app.services.base import audit
from diversion_app.services.base.actor import SYSTEM_ACTOR
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict

T = TypeVar("T")

GIVEN_NAMES = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Freya",
    "Zoë",
    "Aisha",
    "Maryam",
    "Siobhán",
    "Chloé",
    "Nadia",
    "Grace",
    "Poppy",
    "Ruby",
    "Evie",
    "Maja",
    "Oliwia",
    "Noah",
    "Oliver",
    "George",
    "Leo",
    "Arthur",
    "Harry",
    "Oscar",
    "Muhammad",
    "Jack",
    "Charlie",
    "Ethan",
    "Kai",
    "Tomás",
    "Jayden",
    "Rhys",
    "Callum",
    "Kacper",
    "Yusuf",
    "Dylan",
    "Finley",
    "Reuben",
    "Aarav",
]
FAMILY_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Khan",
    "Walker",
    "Evans",
    "Roberts",
    "Thompson",
    "Green",
    "O'Neill",
    "Hughes",
    "Edwards",
    "Nowak",
    "Ahmed",
    "Campbell",
    "Murphy",
    "Kowalski",
    "Okafor",
    "Mensah",
    "Clarke",
    "Price",
    "Lewis",
    "Fitzgerald-Hall",
    "Bennett",
    "Begum",
    "Ali",
    "Singh",
    "Doyle",
    "Mäkinen",
]
ADULT_NAMES = [
    "Sarah",
    "Emma",
    "Laura",
    "Claire",
    "Michelle",
    "David",
    "Paul",
    "Mark",
    "Andrew",
    "Gareth",
    "Fatima",
    "Agnieszka",
]
STREETS = ["Example", "Demo", "Sample", "Fiction", "Pretend", "Testwell", "Mockbury", "Placeholder"]
TOWNS = {Area.SOUTH: "Southdemo", Area.EAST: "Eastdemo", Area.WEST: "Westdemo"}
POSTCODE_AREAS = {Area.SOUTH: "DM1", Area.EAST: "DM5", Area.WEST: "DM9"}
SCHOOL_STEMS = [
    "Oakfield",
    "Riverside",
    "Hillcrest",
    "Meadowbank",
    "Kingsway",
    "Elmwood",
    "Brookside",
    "Ashgrove",
]

MEMBERS: dict[type[Any], tuple[Any, ...]] = {
    enum_class: tuple(enum_class)
    for enum_class in (
        OffenceCategory,
        VictimType,
        RestorativeAction,
        ReferralReason,
        InterventionType,
        SchoolAction,
        SchoolConcernType,
        RjType,
        Area,
        AssessmentDomain,
    )
}
"""Each enum's members, listed once (listing an enum per row was a tenth of the build)."""

REFERRALS_PER_PERSON: list[tuple[int, float]] = [(1, 0.35), (2, 0.35), (3, 0.25), (4, 0.05)]
"""Two referrals per young person on average (200,000 for a region's 100,000 children)."""
HISTORY_YEARS = 10
"""How far back referrals go: a region's ten years."""


# The fixed weighted choices, each total added up once (see choosing.Weighted)
CHILDREN = Weighted([(1, 0.72), (2, 0.22), (3, 0.06)])
CARERS = Weighted(
    [
        ([Relationship.MOTHER], 0.4),
        ([Relationship.MOTHER, Relationship.FATHER], 0.3),
        ([Relationship.FATHER], 0.1),
        ([Relationship.GRANDPARENT], 0.08),
        ([Relationship.MOTHER, Relationship.STEP_PARENT], 0.07),
        ([Relationship.CARER], 0.05),
    ]
)
GENDERS = Weighted(
    [
        (Gender.MALE, 0.62),
        (Gender.FEMALE, 0.35),
        (Gender.NON_BINARY, 0.02),
        (Gender.NOT_KNOWN, 0.01),
    ]
)
ETHNICITIES = Weighted(
    [
        (Ethnicity.WHITE, 0.78),
        (Ethnicity.ASIAN, 0.08),
        (Ethnicity.BLACK, 0.05),
        (Ethnicity.MIXED, 0.05),
        (Ethnicity.OTHER, 0.02),
        (Ethnicity.NOT_STATED, 0.02),
    ]
)
RESOLUTIONS_PER_PERSON = Weighted([(0, 0.55), (1, 0.35), (2, 0.08), (3, 0.02)])
CR_GRAVITY = Weighted([(1, 0.2), (2, 0.65), (3, 0.15)])
ENDED_STATUSES = Weighted(
    [
        (ReferralStatus.CLOSED, 0.82),
        (ReferralStatus.DECLINED, 0.08),
        (ReferralStatus.NOT_ENGAGED, 0.1),
    ]
)
STATUS_WITHIN_6_HOURS = Weighted([(ReferralStatus.RECEIVED, 0.7), (ReferralStatus.ALLOCATED, 0.3)])
STATUS_WITHIN_80_HOURS = Weighted(
    [
        (ReferralStatus.RECEIVED, 0.3),
        (ReferralStatus.ALLOCATED, 0.5),
        (ReferralStatus.CONTACTED, 0.2),
    ]
)
STATUS_LATER = Weighted(
    [
        (ReferralStatus.CONTACTED, 0.25),
        (ReferralStatus.ASSESSED, 0.3),
        (ReferralStatus.PROGRAMME, 0.45),
    ]
)
PREVENTION_SOURCES = Weighted(
    [
        (ReferralSource.POLICE, 0.2),
        (ReferralSource.SPOC, 0.15),
        (ReferralSource.SCHOOL, 0.2),
        (ReferralSource.SOCIAL_CARE, 0.2),
        (ReferralSource.HEALTH, 0.07),
        (ReferralSource.PARENT_CARER, 0.12),
        (ReferralSource.SELF, 0.02),
        (ReferralSource.OTHER_SERVICE, 0.04),
    ]
)
SAFETY_LEVELS = Weighted(
    [(SafetyLevel.LOW, 0.6), (SafetyLevel.MEDIUM, 0.3), (SafetyLevel.HIGH, 0.1)]
)
CONCERN_RATINGS = Weighted(
    [
        (ConcernRating.NO_CONCERN, 0.6),
        (ConcernRating.SOME_CONCERN, 0.3),
        (ConcernRating.SIGNIFICANT_CONCERN, 0.1),
    ]
)
CLOSURE_OUTCOMES = Weighted(
    [
        (ClosureOutcome.PROGRAMME_COMPLETED, 0.7),
        (ClosureOutcome.PARTLY_COMPLETED, 0.15),
        (ClosureOutcome.DID_NOT_ENGAGE, 0.05),
        (ClosureOutcome.MOVED_OUT_OF_AREA, 0.05),
        (ClosureOutcome.ESCALATED, 0.05),
    ]
)
REFERRAL_COUNTS = Weighted(REFERRALS_PER_PERSON)

SESSION_KEYS = (
    "id",
    "intervention_id",
    "held_on",
    "attended",
    "visit_id",
    "notes",
    "recorded_by_id",
)
RATING_KEYS = ("assessment_id", "domain", "rating", "notes")
"""The columns of the two tables with a million rows or more, written as values."""
DOMAINS: tuple[AssessmentDomain, ...] = MEMBERS[AssessmentDomain]


def session_rows(
    first_id: int,
    intervention_id: int,
    attended: int,
    first: date,
    span: int,
    caseworker: int | None,
) -> list[tuple[Any, ...]]:
    """An intervention's attended sessions (``SESSION_KEYS``): weekly from ``first``, never
    more than ``span`` days after it, with the ids from ``first_id`` on."""
    return [
        (
            first_id + number,
            intervention_id,
            first + timedelta(days=min(7 * (number + 1), span)),
            True,  # attended
            None,  # visit_id
            None,  # notes
            caseworker,  # recorded_by_id
        )
        for number in range(attended)
    ]


VISIT_KEYS = (
    "id",
    "uid",
    "referral_id",
    "start_at",
    "end_at",
    "place",
    "place_detail",
    "purpose",
    "status",
    "notes",
    "saw_young_person",
    "seen_carer_ids",
    "cancelled_by",
    "outcome_notes",
    "rescheduled_from_id",
    "created_at",
    "created_by_id",
)
VISIT_CASEWORKER_KEYS = ("visit_id", "user_id")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)
VISIT_LENGTH = timedelta(hours=1)
BOOKED_BEFORE = timedelta(days=1)


def visit_rows(
    visit_id: int,
    uid: str,
    referral_id: int,
    start_micros: int,
    purpose: VisitPurpose,
    status: VisitStatus,
    saw: bool,
    seen_carers: list[int],
    caseworker: int,
) -> list[tuple[Any, ...]]:
    """A demo visit (``VISIT_KEYS``): an hour at home from ``start_micros`` (microseconds
    since 1970, UTC), booked the day before."""
    start = EPOCH + start_micros * ONE_MICROSECOND
    return [
        (
            visit_id,
            uid,
            referral_id,
            start,
            start + VISIT_LENGTH,
            VisitPlace.HOME,
            None,  # place_detail
            purpose,
            status,
            None,  # notes
            saw,
            seen_carers,
            None,  # cancelled_by
            None,  # outcome_notes
            None,  # rescheduled_from_id
            start - BOOKED_BEFORE,
            caseworker,
        )
    ]


def rating_rows(assessment_id: int, ratings: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """An assessment's ratings (``RATING_KEYS``), one for each domain in turn."""
    return [
        (assessment_id, domain, rating, None)
        for domain, rating in zip(DOMAINS, ratings, strict=True)
    ]


DEMO_PASSWORDS: dict[Role, str] = {
    Role.OFFICER: "demo-officer-pass",
    Role.SPOC: "demo-spoc-pass",
    Role.CASEWORKER: "demo-caseworker-pass",
    Role.SUPERVISOR: "demo-supervisor-pass",
    Role.ADMINISTRATOR: "demo-admin-pass",
}
"""Documented in docs/guide-administrator.md (Demo accounts); the sign-in uses them."""


@dataclass
class DemoSummary:
    young_people: int = 0
    households: int = 0
    referrals: int = 0
    contacts: int = 0
    visits: int = 0
    community_resolutions: int = 0
    schools: int = 0
    users: list[tuple[str, str, str]] = field(default_factory=list)
    """(username, role, password) for each demo account."""


class _Rows(BulkRows):
    """Buffered bulk inserts with explicit ids, flushed in chunks (see bulk_load.py)."""

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection, m.Base.metadata)


def _table(model: Any) -> sa.Table:
    table: sa.Table = model.__table__
    return table


class DemoBuilder:
    def __init__(
        self, ctx: ServiceContext, *, young_people: int, seed: int, beside: bool | None = None
    ) -> None:
        self.ctx = ctx
        self.beside = beside
        """Make the rows in a second process while this one writes them (None: where it
        pays, see beside.py)."""
        self.count = young_people
        self.rng = random.Random(seed)
        self.returns = ReturnsValues(seed, london_today(ctx.now()))
        self.now = ctx.now()
        self.today = london_today(self.now)
        self.summary = DemoSummary()
        self.latest_referral: dict[int, tuple[int, Pathway]] = {}
        """Each young person's newest referral, which a demo school referral may link to."""
        self.user_names: dict[int, str] = {}
        self.booked: dict[int, set[int]] = {}
        """Each caseworker's booked quarter-hours, so their demo visits do not overlap."""
        self.audit_key = b""
        """The database's audit key, for sealing the young people written in bulk."""
        self.wall_clock_instants: dict[datetime, datetime] = {}
        """London wall-clock quarter-hours already turned into instants (the same ones
        over and over in the diaries)."""

    # --- helpers ---------------------------------------------------------------------------
    def _pick(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]

    def _weighted(self, choices: list[tuple[T, float]]) -> T:
        return weighted(self.rng, choices)

    def _uuid(self) -> str:
        bits = (self.rng.getrandbits(128) & ~(0xF000 << 64) & ~(0xC000 << 48)) | (
            (0x4000 << 64) | (0x8000 << 48)
        )
        text = f"{bits:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    # --- the build -------------------------------------------------------------------------
    def build(self) -> DemoSummary:
        engine = self.ctx.sessions.kw["bind"]
        beside = self.beside
        if beside is None:
            beside = can_generate_beside(engine, self.count)
        with without_cycle_collection(), fast_sqlite_load(engine) as connection:
            self.audit_key = key_for(connection)
            if beside:
                made, counts = generate_beside(connection, m.Base.metadata, self._generate)
                self.summary, self.returns.assessed, self.returns.outcome22 = made
            else:
                rows = _Rows(connection)
                self._generate(rows)
                rows.flush()
                counts = rows.counts
            self._returns_after_load(connection)
            follow_explicit_ids(connection, [m.Base.metadata.tables[name] for name in counts])
        self._subject_access_requests()
        with self.ctx.unit_of_work() as session:
            audit.record(
                session,
                SYSTEM_ACTOR,
                AuditAction.CREATED,
                "demo_data",
                None,
                at=self.now,
                changes={"young_people": self.summary.young_people},
            )
        self.summary.households = counts.get("households", 0)
        self.summary.referrals = counts.get("referrals", 0)
        self.summary.contacts = counts.get("contacts", 0)
        self.summary.visits = counts.get("visits", 0)
        self.summary.community_resolutions = counts.get("community_resolutions", 0)
        self.summary.schools = counts.get("schools", 0)
        return self.summary

    def _generate(self, rows: BulkRows) -> tuple[DemoSummary, dict[Any, Any], dict[Any, Any]]:
        """Every row, added to ``rows``; what the rest of the build needs from the making."""
        users = self._users(rows)
        schools = self._schools(rows, users)
        self._people_and_cases(rows, users, schools)
        return self.summary, self.returns.assessed, self.returns.outcome22

    def _returns_after_load(self, connection: Connection) -> None:
        """When each referral was assessed, the police told (a diversion's only: ``told`` is
        None for the others), and Outcome 22 raised or done."""
        referrals = _table(m.Referral)
        update_by_id(
            connection,
            referrals,
            ("assessed_on", "recommendation_sent_on"),
            [(rid, done, told) for rid, (done, told) in sorted(self.returns.assessed.items())],
        )
        update_by_id(
            connection,
            referrals,
            ("outcome22_due_at", "outcome22_done_at"),
            [(rid, due, done) for rid, (due, done) in sorted(self.returns.outcome22.items())],
        )

    def _subject_access_requests(self) -> None:
        """A few subject access requests awaiting a reply, one of them overdue."""
        made = self.summary.young_people
        if not made:
            return
        with self.ctx.unit_of_work() as session:
            for number, days_ago in enumerate((40, 18, 3)[: max(1, min(3, made // 100))]):
                received = self.today - timedelta(days=days_ago)
                session.add(
                    m.SubjectAccessRequest(
                        young_person_id=1 + (number * 37) % made,
                        requester=Requester.YOUNG_PERSON,
                        requester_name="the young person",
                        received_on=received,
                        due_on=reply_due(received),
                        status=RequestStatus.OPEN,
                        created_at=self.now,
                    )
                )

    def _users(self, rows: BulkRows) -> dict[Role, list[int]]:
        staff: list[tuple[str, str, Role, str | None]] = [
            ("officer", "PC Demo Officer", Role.OFFICER, "4521"),
            ("officer2", "PC Sample Constable", Role.OFFICER, "3318"),
            ("spoc.south", "PCSO Demo South", Role.SPOC, "7101"),
            ("spoc.east", "PCSO Demo East", Role.SPOC, "7102"),
            ("spoc.west", "PCSO Demo West", Role.SPOC, "7103"),
            ("supervisor", "Demo Team Manager", Role.SUPERVISOR, None),
            ("sergeant", "Sgt Demo Sergeant", Role.SUPERVISOR, "2209"),
            ("admin", "Demo Administrator", Role.ADMINISTRATOR, None),
        ]
        staff += [
            (
                f"caseworker{n}" if n > 1 else "caseworker",
                f"Caseworker {name}",
                Role.CASEWORKER,
                None,
            )
            for n, name in enumerate(
                ["Ash", "Birch", "Cedar", "Hazel", "Rowan", "Willow", "Alder", "Maple"], 1
            )
        ]
        hashes = {role: hash_password(password) for role, password in DEMO_PASSWORDS.items()}
        by_role: dict[Role, list[int]] = {role: [] for role in Role}
        for username, name, role, collar in staff:
            user_id = rows.next_id("users")
            rows.add(
                _table(m.User),
                {
                    "id": user_id,
                    "username": username,
                    "display_name": name,
                    "password_hash": hashes[role],
                    "collar_number": collar,
                    "email": None,
                    "active": True,
                    "failed_sign_ins": 0,
                    "locked_until": None,
                    "created_at": self.now,
                    "last_signed_in_at": None,
                },
            )
            rows.add(_table(m.UserRole), {"user_id": user_id, "role": role})
            by_role[role].append(user_id)
            self.user_names[user_id] = name
            self.summary.users.append((username, role.value, DEMO_PASSWORDS[role]))
        rows.flush()
        for index, area in enumerate(Area):
            rows.add(
                _table(m.Spoc),
                {
                    "id": index + 1,
                    "user_id": by_role[Role.SPOC][index],
                    "area": area,
                    "active": True,
                },
            )
        return by_role

    def _schools(self, rows: BulkRows, users: dict[Role, list[int]]) -> dict[Area, list[int]]:
        per_area = max(3, min(40, self.count // 300))
        schools: dict[Area, list[int]] = {area: [] for area in Area}
        kinds = [SchoolType.PRIMARY, SchoolType.SECONDARY, SchoolType.ACADEMY, SchoolType.SPECIAL]
        for area in Area:
            for n in range(per_area):
                school_id = rows.next_id("schools")
                kind = kinds[n % len(kinds)]
                stem = SCHOOL_STEMS[n % len(SCHOOL_STEMS)]
                rows.add(
                    _table(m.School),
                    {
                        "id": school_id,
                        "name": f"{stem} {kind.label} School ({TOWNS[area]} {n // 8 + 1})",
                        "area": area,
                        "school_type": kind,
                        "address": f"{n + 1} School Lane, {TOWNS[area]}",
                        "postcode": f"{POSTCODE_AREAS[area]} {n % 9}SC",
                        "contact_name": "Head of Year (demo)",
                        "phone": "01632 960000",
                        "email": None,
                        "key_staff": "Designated safeguarding lead (demo)",
                        "active": True,
                    },
                )
                schools[area].append(school_id)
        return schools

    def _people_and_cases(
        self, rows: BulkRows, users: dict[Role, list[int]], schools: dict[Area, list[int]]
    ) -> None:
        areas = list(Area)
        made = 0
        while made < self.count:
            area = self._pick(areas)
            household_id = rows.next_id("households")
            family = self._pick(FAMILY_NAMES)
            street_no = self.rng.randint(1, 240)
            inward = f"{self.rng.randint(1, 9)}{self._pick('ABDEFGHJ')}{self._pick('LNPQRSTU')}"
            postcode = f"{POSTCODE_AREAS[area]} {inward}"
            rows.add(
                _table(m.Household),
                {
                    "id": household_id,
                    "address_line1": f"{street_no} {self._pick(STREETS)} Street",
                    "address_line2": None,
                    "town": TOWNS[area],
                    "postcode": postcode,
                    "postcode_key": normalise_postcode(postcode),
                    "area": area,
                    "created_at": self.now - timedelta(days=self.rng.randint(30, 3000)),
                },
            )
            carers = self._household_members(rows, household_id, family)
            children = CHILDREN.pick(self.rng)
            for _ in range(min(children, self.count - made)):
                self._young_person(rows, users, schools, area, household_id, family, carers)
                made += 1
        self.summary.young_people = made

    def _household_members(self, rows: BulkRows, household_id: int, family: str) -> list[int]:
        layout = CARERS.pick(self.rng)
        ids = []
        for relation in layout:
            member_id = rows.next_id("household_members")
            needs_interpreter = self.rng.random() < 0.05
            rows.add(
                _table(m.HouseholdMember),
                {
                    "id": member_id,
                    "household_id": household_id,
                    "given_name": self._pick(ADULT_NAMES),
                    "family_name": family,
                    "relationship_to_child": relation,
                    "parental_responsibility": relation is not Relationship.CARER,
                    "phone": f"07700 900{self.rng.randint(0, 999):03d}",
                    "email": None,
                    "language": "Polish" if needs_interpreter else "English",
                    "interpreter_needed": needs_interpreter,
                    "notes": None,
                },
            )
            ids.append(member_id)
        return ids

    def _young_person(
        self,
        rows: BulkRows,
        users: dict[Role, list[int]],
        schools: dict[Area, list[int]],
        area: Area,
        household_id: int,
        family: str,
        carers: list[int],
    ) -> None:
        person_id = rows.next_id("young_people")
        age_days = self.rng.randint(8 * 365 + 60, 17 * 365 + 300)
        born = self.today - timedelta(days=age_days)
        given = self._pick(GIVEN_NAMES)
        preferred = None
        person: dict[str, Any] = {
            "id": person_id,
            "given_name": given,
            "family_name": family,
            "preferred_name": preferred,
            "search_name": normalise_name(f"{given} {family}"),
            "family_name_key": normalise_name(family),
            "date_of_birth": born,
            "gender": GENDERS.pick(self.rng),
            "ethnicity": ETHNICITIES.pick(self.rng),
            "household_id": household_id,
            "area": area,
            "school_id": self._pick(schools[area]),
            "local_person_id": f"LP{person_id:07d}",
            "pnc_id": f"26/{person_id:07d}X" if self.rng.random() < 0.3 else None,
            "looked_after": self.rng.random() < 0.06,
            "child_plan": self.rng.random() < 0.1,
            "send": self.rng.random() < 0.18,
            "created_at": self.now - timedelta(days=self.rng.randint(1, 3000)),
            "updated_at": self.now,
        }
        person["record_seal"] = seal_values(self.audit_key, person)
        rows.add(_table(m.YoungPerson), person)
        crs = self._community_resolutions(rows, users, person_id, born)
        self._referrals(rows, users, person_id, born, carers, crs)
        if self.rng.random() < 0.06:
            self._school_work(rows, users, schools, area, person_id)

    def _community_resolutions(
        self, rows: BulkRows, users: dict[Role, list[int]], person_id: int, born: date
    ) -> list[tuple[int, date]]:
        made: list[tuple[int, date]] = []
        count = RESOLUTIONS_PER_PERSON.pick(self.rng)
        earliest = born + timedelta(days=10 * 366)
        for _ in range(count):
            if earliest >= self.today:
                break
            span = (self.today - earliest).days
            offence = earliest + timedelta(days=self.rng.randint(0, span))
            cr_id = rows.next_id("community_resolutions")
            cr_row: dict[str, Any] = {
                "id": cr_id,
                "young_person_id": person_id,
                "crime_reference": f"CR/{offence.year % 100:02d}/{cr_id:06d}",
                "offence_date": offence,
                "offence_category": self._pick(MEMBERS[OffenceCategory]),
                "offence_description": "Demo offence description (fictional).",
                "location": "Town centre (demo)",
                "officer_name": "PC Demo Officer",
                "collar_number": "4521",
                "accepted_responsibility": True,
                "appropriate_adult_present": True,
                "victim_type": self._pick(MEMBERS[VictimType]),
                "victim_consulted": True,
                "victim_views": "Content with a Community Resolution (demo).",
                "restorative_actions": [self._pick(MEMBERS[RestorativeAction]).value],
                "gravity_score": CR_GRAVITY.pick(self.rng),
                "authorised_by": "Sgt Demo Sergeant",
                "recorded_on": min(self.today, offence + timedelta(days=self.rng.randint(0, 6))),
                "created_at": self.now,
                "created_by_id": users[Role.OFFICER][0],
            }
            cr_row.update(self.returns.community_resolution(cr_row["victim_type"]))
            rows.add(_table(m.CommunityResolution), cr_row)
            made.append((cr_id, offence))
        return made

    def _referrals(
        self,
        rows: BulkRows,
        users: dict[Role, list[int]],
        person_id: int,
        born: date,
        carers: list[int],
        crs: list[tuple[int, date]],
    ) -> None:
        # two referrals per young person on average, over up to ten years but never before
        # the age of eight; received instants oldest first, and only the newest may be open
        count = REFERRAL_COUNTS.pick(self.rng)
        eighth_birthday = london_midnight(born + timedelta(days=8 * 366 + 1))
        history_minutes = int(
            min(timedelta(days=HISTORY_YEARS * 365), self.now - eighth_birthday).total_seconds()
            // 60
        )
        instants = sorted(
            self.now - timedelta(minutes=self.rng.randint(60, max(61, history_minutes)))
            for _ in range(count)
        )
        open_last = self.rng.random() < 0.22
        if open_last:
            instants[-1] = self.now - timedelta(minutes=self._recent_minutes())
            instants.sort()
        for index, received in enumerate(instants):
            last = index == len(instants) - 1
            age_days = (london_day(received) - born).days
            pathway = Pathway.DIVERSION if crs and age_days >= 10 * 366 else Pathway.PREVENTION
            if age_days < 8 * 366:
                continue
            if last and open_last:
                status = self._open_status(received)
            else:
                status = ENDED_STATUSES.pick(self.rng)
            self._referral(rows, users, person_id, pathway, received, status, carers, crs)

    def _recent_minutes(self) -> int:
        """How long ago an open referral arrived: mostly inside the last weeks, some just now."""
        return int(
            self._weighted(
                [
                    (self.rng.randint(10, 36 * 60), 0.2),  # on track
                    (self.rng.randint(36 * 60, 48 * 60), 0.15),  # due soon
                    (self.rng.randint(48 * 60, 80 * 60), 0.12),  # overdue (if unmet)
                    (self.rng.randint(80 * 60, 120 * 24 * 60), 0.53),
                ]
            )
        )

    def _open_status(self, received: datetime) -> ReferralStatus:
        age = self.now - received
        if age < timedelta(hours=6):
            return STATUS_WITHIN_6_HOURS.pick(self.rng)
        if age < timedelta(hours=80):
            return STATUS_WITHIN_80_HOURS.pick(self.rng)
        return STATUS_LATER.pick(self.rng)

    def _referral(
        self,
        rows: BulkRows,
        users: dict[Role, list[int]],
        person_id: int,
        pathway: Pathway,
        received: datetime,
        status: ReferralStatus,
        carers: list[int],
        crs: list[tuple[int, date]],
    ) -> None:
        referral_id = rows.next_id("referrals")
        self.latest_referral[person_id] = (referral_id, pathway)
        caseworkers = users[Role.CASEWORKER]
        allocated = status not in (ReferralStatus.RECEIVED, ReferralStatus.DECLINED)
        caseworker = self._pick(caseworkers) if allocated else None
        # an hour after receipt, and never after "now" for a referral received minutes ago
        allocated_at = (
            min(received + timedelta(hours=1), received + (self.now - received) / 2)
            if caseworker
            else None
        )
        reached = status not in (
            ReferralStatus.RECEIVED,
            ReferralStatus.ALLOCATED,
            ReferralStatus.DECLINED,
        ) and not (status is ReferralStatus.NOT_ENGAGED and self.rng.random() < 0.5)
        met: datetime | None = None
        if reached:
            hours = self._weighted(
                [
                    (self.rng.uniform(2, 40), 0.8),
                    (self.rng.uniform(40, 48), 0.1),
                    (self.rng.uniform(48.1, 90), 0.1),
                ]
            )
            met = min(received + timedelta(hours=hours), self.now - timedelta(minutes=5))
        ended: datetime | None = None
        if not status.is_open:
            ended = min(
                self.now - timedelta(hours=1), received + timedelta(days=self.rng.randint(3, 150))
            )
            if met is not None and ended < met:
                # never after "now": a referral met minutes ago closes halfway to now
                ended = met + min(timedelta(hours=1), (self.now - met) / 2)
        source = (
            ReferralSource.POLICE
            if pathway is Pathway.DIVERSION
            else PREVENTION_SOURCES.pick(self.rng)
        )
        cr_id = crs[-1][0] if pathway is Pathway.DIVERSION and crs else None
        offence_on = crs[-1][1] if pathway is Pathway.DIVERSION and crs else None
        due = received + CLOCK_LENGTH
        clock_reason = None
        if (met is None and due < self.now and status.is_open) or (met is not None and met > due):
            clock_reason = self._pick(
                [
                    "Family not at home on two visits.",
                    "Wrong phone number on referral.",
                    "Caseworker on leave.",
                ]
            )
        referral_row: dict[str, Any] = {
            "id": referral_id,
            "young_person_id": person_id,
            "pathway": pathway,
            "source": source,
            "referrer_name": "Demo Referrer",
            "referrer_contact": "01632 960123",
            "reasons": [
                (
                    ReferralReason.OFFENCE
                    if pathway is Pathway.DIVERSION
                    else self._pick(MEMBERS[ReferralReason])
                ).value
            ],
            "reason_notes": None,
            "community_resolution_id": cr_id,
            "offence_details": None,
            "offence_date": offence_on,
            "received_at": received,
            "consent_young_person": True,
            "consent_parent_carer": True,
            "consent_to_share": self.rng.random() < 0.9,
            "caseworker_id": caseworker,
            "allocated_at": allocated_at,
            "status": status,
            "status_changed_at": ended or met or allocated_at or received,
            "status_reason": "Not eligible (demo)" if status is ReferralStatus.DECLINED else None,
            "clock_due_at": due,
            "clock_met_at": met,
            "clock_reason": clock_reason,
            "ended_at": ended,
            "created_at": received,
            "created_by_id": None,
        }
        referral_row.update(self.returns.referral(pathway, received, users[Role.OFFICER]))
        rows.add(_table(m.Referral), referral_row)
        rows.add(
            _table(m.ReferralEvent),
            {
                "id": rows.next_id("referral_events"),
                "referral_id": referral_id,
                "at": received,
                "user_id": None,
                "kind": "status",
                "from_value": None,
                "to_value": ReferralStatus.RECEIVED.value,
                "reason": None,
            },
        )
        if caseworker and allocated_at:
            self._allocation_history(rows, users, referral_id, caseworker, allocated_at)
            self._contacts_and_visits(
                rows, referral_id, caseworker, received, met, status, carers, ended
            )
        if status in (ReferralStatus.ASSESSED, ReferralStatus.PROGRAMME) or (
            status is ReferralStatus.CLOSED and met is not None
        ):
            self._assessment_and_programme(
                rows, users, referral_id, caseworker, met or received, status, ended, pathway
            )

    def _allocation_history(
        self,
        rows: BulkRows,
        users: dict[Role, list[int]],
        referral_id: int,
        caseworker: int,
        at: datetime,
    ) -> None:
        """The allocation line and its status change, as allocation.allocate writes them."""
        events = _table(m.ReferralEvent)
        supervisor = users[Role.SUPERVISOR][0]
        for kind, old, new in (
            ("allocation", None, self.user_names[caseworker]),
            ("status", ReferralStatus.RECEIVED.value, ReferralStatus.ALLOCATED.value),
        ):
            rows.add(
                events,
                {
                    "id": rows.next_id("referral_events"),
                    "referral_id": referral_id,
                    "at": at,
                    "user_id": supervisor,
                    "kind": kind,
                    "from_value": old,
                    "to_value": new,
                    "reason": None,
                },
            )
        rows.add(
            _table(m.AllocationPeriod),
            {
                "id": rows.next_id("allocation_periods"),
                "referral_id": referral_id,
                "caseworker_id": caseworker,
                "held_from": at,
                "held_until": None,
                "allocated_by_id": supervisor,
            },
        )

    def _free_start(self, caseworker: int, start: datetime) -> datetime:
        """The first hour from ``start`` (in working hours, 09:00-18:00) that the caseworker
        has free; ``start`` itself if none is found within a few days."""
        return free_start(self.booked.get(caseworker, set()), start)

    def _book(self, caseworker: int, start: datetime) -> None:
        book(self.booked.setdefault(caseworker, set()), start)

    def _contacts_and_visits(
        self,
        rows: BulkRows,
        referral_id: int,
        caseworker: int,
        received: datetime,
        met: datetime | None,
        status: ReferralStatus,
        carers: list[int],
        ended: datetime | None,
    ) -> None:
        contacts = _table(m.Contact)
        if self.rng.random() < 0.5:  # a failed phone attempt first
            when = received + timedelta(hours=self.rng.uniform(0.5, 3))
            if when < self.now:
                rows.add(
                    contacts,
                    self._contact(
                        rows,
                        referral_id,
                        when,
                        ContactMethod.PHONE,
                        ContactOutcome.NO_ANSWER,
                        False,
                        None,
                        caseworker,
                    ),
                )
        if met is not None:
            visit_id = self._visit(
                rows,
                referral_id,
                caseworker,
                met - timedelta(hours=1),
                VisitPurpose.FIRST_CONTACT,
                VisitStatus.COMPLETED,
                saw=True,
                carers=carers[:1],
            )
            rows.add(
                contacts,
                self._contact(
                    rows,
                    referral_id,
                    met,
                    ContactMethod.HOME_VISIT,
                    ContactOutcome.MADE_CONTACT,
                    True,
                    carers[0],
                    caseworker,
                    visit_id,
                ),
            )
            later = met + timedelta(days=self.rng.randint(3, 10))
            if later < self.now:
                rows.add(
                    contacts,
                    self._contact(
                        rows,
                        referral_id,
                        later,
                        ContactMethod.PHONE,
                        ContactOutcome.MADE_CONTACT,
                        False,
                        carers[0],
                        caseworker,
                    ),
                )
            for purpose, days in (
                (VisitPurpose.ASSESSMENT, 7),
                (VisitPurpose.INTERVENTION_SESSION, 21),
                (VisitPurpose.REVIEW, 42),
            ):
                start = met + timedelta(days=days + self.rng.randint(0, 5))
                if ended is not None and start > ended:
                    break
                start = self._free_start(caseworker, self._working_hours(start))
                if ended is not None and start > ended:
                    break
                state = VisitStatus.COMPLETED if start < self.now else VisitStatus.SCHEDULED
                if state is VisitStatus.COMPLETED and self.rng.random() < 0.1:
                    state = VisitStatus.DID_NOT_ATTEND
                self._visit(
                    rows,
                    referral_id,
                    caseworker,
                    start,
                    purpose,
                    state,
                    saw=state is VisitStatus.COMPLETED,
                    carers=carers[:1],
                )
        elif status.is_open:
            start = self._working_hours(self.now + timedelta(hours=self.rng.randint(2, 30)))
            start = self._free_start(caseworker, start)
            self._visit(
                rows,
                referral_id,
                caseworker,
                start,
                VisitPurpose.FIRST_CONTACT,
                VisitStatus.SCHEDULED,
                saw=False,
                carers=[],
            )
        if status.is_open and met is not None:
            start = self._working_hours(
                self.now + timedelta(days=self.rng.randint(0, 13), hours=self.rng.randint(0, 8))
            )
            start = self._free_start(caseworker, start)
            self._visit(
                rows,
                referral_id,
                caseworker,
                start,
                VisitPurpose.INTERVENTION_SESSION,
                VisitStatus.SCHEDULED,
                saw=False,
                carers=[],
            )

    def _working_hours(self, instant: datetime) -> datetime:
        local = london_wall_clock(instant)
        hour = 9 + (local.hour % 9)
        wall_clock = local.replace(
            hour=hour, minute=(local.minute // 15) * 15, second=0, microsecond=0
        )
        utc = self.wall_clock_instants.get(wall_clock)
        if utc is None:
            utc = self.wall_clock_instants[wall_clock] = london_to_utc(wall_clock)
        return utc

    def _contact(
        self,
        rows: BulkRows,
        referral_id: int,
        when: datetime,
        method: ContactMethod,
        outcome: ContactOutcome,
        child: bool,
        carer: int | None,
        caseworker: int,
        visit_id: int | None = None,
    ) -> dict[str, Any]:
        made = outcome is ContactOutcome.MADE_CONTACT
        return {
            "id": rows.next_id("contacts"),
            "referral_id": referral_id,
            "occurred_at": when,
            "method": method,
            "outcome": outcome,
            "with_young_person": child and made,
            "with_carer": carer is not None and made,
            "carer_member_id": carer if made else None,
            "notes": None,
            "visit_id": visit_id,
            "recorded_by_id": caseworker,
            "created_at": when,
        }

    def _visit(
        self,
        rows: BulkRows,
        referral_id: int,
        caseworker: int,
        start: datetime,
        purpose: VisitPurpose,
        status: VisitStatus,
        *,
        saw: bool,
        carers: list[int],
    ) -> int:
        visit_id = rows.next_id("visits")
        rows.add_made(
            _table(m.Visit),
            VISIT_KEYS,
            visit_rows,
            (
                visit_id,
                self._uuid(),
                referral_id,
                (start - EPOCH) // ONE_MICROSECOND,  # a number costs less to send than an instant
                purpose,
                status,
                saw,
                carers if saw else [],
                caseworker,
            ),
            1,
        )
        rows.add_values(m.visit_caseworkers, VISIT_CASEWORKER_KEYS, (visit_id, caseworker))
        self._book(caseworker, start)
        return visit_id

    def _assessment_and_programme(
        self,
        rows: BulkRows,
        users: dict[Role, list[int]],
        referral_id: int,
        caseworker: int | None,
        met: datetime,
        status: ReferralStatus,
        ended: datetime | None,
        pathway: Pathway = Pathway.PREVENTION,
    ) -> None:
        started = london_day(met) + timedelta(days=2)
        completed = started + timedelta(days=self.rng.randint(5, 20))
        if completed > self.today:
            completed = self.today
        self.returns.assessed_on(referral_id, pathway, completed)
        start_snapshot = self.returns.start_snapshot(
            self.returns.rng.random() < 0.06,
            self.returns.rng.random() < 0.1,
            self.returns.rng.random() < 0.18,
        )
        rows.add(
            _table(m.ReferralSnapshot),
            self.returns.snapshot_row(
                rows.next_id("referral_snapshots"),
                referral_id,
                SnapshotStage.START,
                start_snapshot,
                met + timedelta(days=2),
            ),
        )
        assessment_id = rows.next_id("assessments")
        rows.add(
            _table(m.Assessment),
            {
                "id": assessment_id,
                "referral_id": referral_id,
                "assessor_id": caseworker,
                "started_on": started,
                "completed_on": completed,
                "status": AssessmentStatus.SIGNED_OFF,
                "young_person_views": "I want to stay out of trouble (demo).",
                "carer_views": "Worried about friendships (demo).",
                "strengths": "Close to grandparent; enjoys football (demo).",
                "safety_level": SAFETY_LEVELS.pick(self.rng),
                "conclusion": "Personal programme recommended (demo).",
                "signed_off_by_id": users[Role.SUPERVISOR][0],
                "signed_off_at": met + timedelta(days=25),
                "return_comment": None,
                "updated_at": met + timedelta(days=25),
            },
        )
        signed_at = met + timedelta(days=25)
        for kind, effective, at, by in (
            ("completed", completed, signed_at, caseworker),
            ("signed_off", london_day(signed_at), signed_at, users[Role.SUPERVISOR][0]),
        ):
            rows.add(
                _table(m.AssessmentEvent),
                {
                    "id": rows.next_id("assessment_events"),
                    "assessment_id": assessment_id,
                    "kind": kind,
                    "effective_on": effective,
                    "at": at,
                    "user_id": by,
                },
            )
        rows.add_made(
            _table(m.AssessmentRating),
            RATING_KEYS,
            rating_rows,
            (assessment_id, tuple([CONCERN_RATINGS.pick(self.rng) for _ in DOMAINS])),
            len(DOMAINS),
        )
        if status is ReferralStatus.ASSESSED:
            return
        programme_id = rows.next_id("programmes")
        programme_done = status is ReferralStatus.CLOSED
        rows.add(
            _table(m.Programme),
            {
                "id": programme_id,
                "referral_id": referral_id,
                "goals": "Attend school every day; repair harm done (demo).",
                "review_date": completed + timedelta(days=42),
                "status": ProgrammeStatus.COMPLETED if programme_done else ProgrammeStatus.ACTIVE,
                "started_on": completed,
                "completed_on": london_day(ended) if programme_done and ended else None,
                "updated_at": met,
            },
        )
        last_day = london_day(ended) if programme_done and ended else self.today
        for _ in range(self.rng.randint(1, 3)):
            planned = self.rng.randint(2, 8)
            kind = self._pick(MEMBERS[InterventionType])  # drawn before attendance, as always
            attended = planned if programme_done else self.rng.randint(0, planned)
            intervention_id = rows.next_id("interventions")
            rows.add(
                _table(m.Intervention),
                {
                    "id": intervention_id,
                    "programme_id": programme_id,
                    "intervention_type": kind,
                    "provider": "YOS (demo)",
                    "planned_sessions": planned,
                    "attended_sessions": attended,
                    "start_date": completed,
                    "end_date": None,
                    "status": InterventionStatus.COMPLETED
                    if programme_done
                    else InterventionStatus.ACTIVE,
                },
            )
            self._sessions(rows, intervention_id, attended, completed, last_day, caseworker)
        if status is ReferralStatus.CLOSED and ended is not None:
            closed_on = london_day(ended)
            closure_id = rows.next_id("closures")
            follow_up_due = closed_on + timedelta(days=365)
            outcome = CLOSURE_OUTCOMES.pick(self.rng)
            self.returns.closed(referral_id, pathway, outcome, ended)
            completed_programme = outcome is ClosureOutcome.PROGRAMME_COMPLETED
            rows.add(
                _table(m.ReferralSnapshot),
                self.returns.snapshot_row(
                    rows.next_id("referral_snapshots"),
                    referral_id,
                    SnapshotStage.END,
                    self.returns.end_snapshot(start_snapshot, completed_programme),
                    ended,
                ),
            )
            rows.add(
                _table(m.Closure),
                {
                    "id": closure_id,
                    "referral_id": referral_id,
                    "closed_on": closed_on,
                    "outcome": outcome,
                    "exit_summary": "Programme finished; family engaged well (demo).",
                    "status": ClosureStatus.APPROVED,
                    "requested_by_id": caseworker,
                    "approved_by_id": users[Role.SUPERVISOR][0],
                    "approved_at": ended,
                    "return_comment": None,
                    "follow_up_due_on": follow_up_due,
                },
            )
            if follow_up_due <= self.today and self.rng.random() < 0.8:
                again = self.rng.random() < 0.2
                rows.add(
                    _table(m.FollowUp),
                    {
                        "id": rows.next_id("follow_ups"),
                        "closure_id": closure_id,
                        "recorded_on": follow_up_due,
                        "came_to_notice": again,
                        "details": "Came to notice again (demo)." if again else None,
                        "community_resolution_id": None,
                        "new_referral_id": None,
                        "automatic": False,
                        "recorded_by_id": caseworker,
                    },
                )

    def _sessions(
        self,
        rows: BulkRows,
        intervention_id: int,
        attended: int,
        first: date,
        last: date,
        caseworker: int | None,
    ) -> None:
        """The dated attendance behind ``attended`` (weekly from the programme's start,
        never after ``last``), so "as of" views can count sessions by their dates."""
        rows.add_made(
            _table(m.InterventionSession),
            SESSION_KEYS,
            session_rows,
            (
                rows.take_ids("intervention_sessions", attended),
                intervention_id,
                attended,
                first,
                max((last - first).days, 0),
                caseworker,
            ),
            attended,
        )

    def _school_work(
        self,
        rows: BulkRows,
        users: dict[Role, list[int]],
        schools: dict[Area, list[int]],
        area: Area,
        person_id: int,
    ) -> None:
        spoc = users[Role.SPOC][MEMBERS[Area].index(area)]
        school_id = self._pick(schools[area])
        concern = self.today - timedelta(days=self.rng.randint(0, 700))
        action = self._pick(MEMBERS[SchoolAction])
        linked = None
        if action in (SchoolAction.REFER_DIVERSION, SchoolAction.REFER_PREVENTION):
            linked = self.latest_referral.get(person_id)
            if linked is not None:
                pathway_action = {
                    Pathway.DIVERSION: SchoolAction.REFER_DIVERSION,
                    Pathway.PREVENTION: SchoolAction.REFER_PREVENTION,
                }
                action = pathway_action[linked[1]]
        rows.add(
            _table(m.SchoolReferral),
            {
                "id": rows.next_id("school_referrals"),
                "school_id": school_id,
                "young_person_id": person_id,
                "spoc_user_id": spoc,
                "concern_date": concern,
                "raised_by": "Head of Year (demo)",
                "concern_type": self._pick(MEMBERS[SchoolConcernType]),
                "description": "Concern raised by school (demo).",
                "action": action,
                "action_notes": None,
                "referral_id": linked[0] if linked else None,
                "open": self.rng.random() < 0.3,
                "created_at": self.now,
                "created_by_id": spoc,
            },
        )
        if action is SchoolAction.RESTORATIVE_IN_SCHOOL:
            rj_id = rows.next_id("restorative_justice")
            rows.add(
                _table(m.RestorativeJustice),
                {
                    "id": rj_id,
                    "held_on": concern + timedelta(days=self.rng.randint(1, 14)),
                    "school_id": school_id,
                    "spoc_user_id": spoc,
                    "rj_type": self._pick(MEMBERS[RjType]),
                    "agreement_reached": self.rng.random() < 0.85,
                    "outcome": "Apology accepted (demo).",
                    "follow_up_on": concern + timedelta(days=42),
                    "created_at": self.now,
                    "created_by_id": spoc,
                },
            )
            rows.add(
                _table(m.RestorativeJusticeParticipant),
                {"rj_id": rj_id, "young_person_id": person_id, "part": RjPart.HARMER},
            )


def build_demo(ctx: ServiceContext, *, young_people: int, seed: int = 2026) -> DemoSummary:
    """Fill an empty, migrated database with demo data; refuses a database that has people."""
    with ctx.read_only() as session:
        existing = session.execute(
            sa.select(sa.func.count()).select_from(m.YoungPerson)
        ).scalar_one()
        users = session.execute(sa.select(sa.func.count()).select_from(m.User)).scalar_one()
    if existing or users:
        raise Conflict(
            "This database already holds records; demo data goes only into a new database."
        )
    return DemoBuilder(ctx, young_people=young_people, seed=seed).build()
