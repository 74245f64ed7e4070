"""Every row of the permission table, checked through the services.

For each permission and each role: an allowed call works; a refused one raises
PermissionDenied, leaves exactly one REFUSED audit event, and writes nothing else.

To extend: when a workflow service lands for a permission, add a ``Probe`` calling it
to ``PROBES`` (a permission may have several). Permissions whose workflow is not yet on
main are probed through ``require`` followed by a write, so the row is still covered.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from diversion_app.domain.access_rules import AccessReason, DisclosurePurpose, Recipient
from diversion_app.domain.community_resolution_rules import (
    CommunityResolutionDraft,
    CrimeReferenceFormat,
)
from diversion_app.domain.contact_rules import ContactDraft
from diversion_app.domain.enums import (
    Area,
    AuditAction,
    ContactMethod,
    ContactOutcome,
    Ethnicity,
    Gender,
    OffenceCategory,
    RestorativeAction,
    RjPart,
    RjType,
    Role,
    SchoolAction,
    SchoolConcernType,
    SchoolType,
    VictimType,
)
from diversion_app.domain.permissions import PERMISSIONS, Permission, allows
from diversion_app.domain.school_rules import RjParticipantDraft, SchoolDraft
from diversion_app.domain.young_person_rules import AddressDraft, YoungPersonDraft
from diversion_app.persistence.engine import session_factory, sqlite_url
from diversion_app.persistence.migrate import open_database
from diversion_app.persistence.models import (
    AuditEvent,
    Base,
    Referral,
    School,
    Setting,
    User,
    UserRole,
    YoungPerson,
)
from diversion_app.services.accounts.accounts import AccountDraft
from diversion_app.services.accounts.admin_lists import AuditFilter
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.permissions import require
from diversion_app.services.referrals.core import make_referral
from diversion_app.services.registry import Services
from diversion_app.services.schools.work import ActionDraft, RjDraft, SchoolReferralDraft
from tests.conftest import FIXED_NOW, FOR_TESTS, MovableClock
from tests.factories import add_household, child, referral_draft


@dataclass(frozen=True)
class World:
    """What the probes act on, made once in the template database."""

    young_person_id: int
    tmp: Path
    own_referral_id: int
    """Allocated to the probe caseworker."""
    other_referral_id: int
    """Allocated to another caseworker."""
    unallocated_referral_id: int
    caseworker_id: int


@dataclass(frozen=True)
class Probe:
    name: str
    call: Callable[[Services, Actor, World], Any]


def _referral(services: Services, actor: Actor, world: World) -> Any:
    draft = referral_draft(world.young_person_id, services.ctx.now() - timedelta(hours=1))
    return make_referral(services.ctx, actor, draft)


def _new_account(services: Services, actor: Actor, world: World) -> Any:
    draft = AccountDraft(
        "probe.user", "Probe User", "Granite-Willow-Tern-63", frozenset({Role.SPOC})
    )
    return services.accounts.create_account(actor, draft)


def _contact(referral: Callable[[World], int]) -> Callable[[Services, Actor, World], Any]:
    def call(services: Services, actor: Actor, world: World) -> Any:
        draft = ContactDraft(
            referral_id=referral(world),
            occurred_at=services.ctx.now() - timedelta(minutes=30),
            method=ContactMethod.PHONE,
            outcome=ContactOutcome.NO_ANSWER,
            with_young_person=True,
        )
        return services.contacts.record(actor, draft)

    return call


def _school_id(services: Services) -> int:
    with services.ctx.read_only() as session:
        return int(session.execute(sa.select(sa.func.min(School.id))).scalar_one())


def _school_referral(services: Services, actor: Actor, world: World) -> Any:
    """A school referral in the East (no probe SPOC covers it: only any-area may record)."""
    draft = SchoolReferralDraft(
        school_id=_school_id(services),
        young_person_id=world.young_person_id,
        concern_date=FIXED_NOW.date(),
        raised_by="Head of Year",
        concern_type=SchoolConcernType.BULLYING,
        description="Probe concern.",
        action=ActionDraft(SchoolAction.REFER_PREVENTION),
    )
    return services.school_work.record_school_referral(actor, draft)


def _restorative_justice(services: Services, actor: Actor, world: World) -> Any:
    draft = RjDraft(
        school_id=_school_id(services),
        held_on=FIXED_NOW.date(),
        rj_type=RjType.CONFERENCE,
        participants=(
            RjParticipantDraft(world.young_person_id, RjPart.HARMER),
            RjParticipantDraft(world.young_person_id + 1, RjPart.HARMED),
        ),
        agreement_reached=True,
    )
    return services.school_work.record_restorative_justice(actor, draft)


def _guarded_write(permission: Permission) -> Probe:
    """Until the workflow's own service is on main: ``require`` then a write in one transaction."""

    def call(services: Services, actor: Actor, world: World) -> None:
        require(services.ctx, actor, permission)
        with services.ctx.unit_of_work() as session:
            session.add(Setting(key=f"probe.{permission.value}", value="written"))

    return Probe(f"require+write({permission.value})", call)


def _new_young_person(services: Services, actor: Actor, world: World) -> Any:
    draft = YoungPersonDraft(
        given_name="Probe",
        family_name="New",
        date_of_birth="01/05/2013",
        gender=Gender.NOT_KNOWN,
        ethnicity=Ethnicity.NOT_STATED,
        area=Area.WEST,
        address_line1="2 Probe Road",
    )
    return services.young_person_editor.create(actor, draft, confirmed_new=True)


def _community_resolution(services: Services, actor: Actor, world: World) -> Any:
    draft = CommunityResolutionDraft(
        young_person_id=world.young_person_id,
        crime_reference="CR/26/777777",
        offence_date="01/11/2026",
        offence_category=OffenceCategory.THEFT,
        offence_description="Probe offence.",
        officer_name="PC Probe",
        collar_number="1234",
        accepted_responsibility=True,
        appropriate_adult_present=True,
        victim_type=VictimType.NONE,
        restorative_actions=(RestorativeAction.ADVICE,),
        gravity_score=2,
        authorised_by="Sgt Probe",
    )
    return services.community_resolutions.record(actor, draft)


def _justify(services: Services, actor: Actor, world: World) -> Any:
    return services.access.justify(actor, world.young_person_id, AccessReason.DUTY)


def _open_with_a_reason(services: Services, actor: Actor, world: World) -> Any:
    """Not on the probe actor's own list: a reason first (the refusal, if any, comes first)."""
    if allows(actor.roles, Permission.VIEW_CASES):
        _justify(services, actor, world)
    return services.young_person_record.open(actor, world.young_person_id)


PROBES: dict[Permission, list[Probe]] = {
    Permission.READ_CASE_NOTES: [
        Probe(
            "assessments.for_referral(own)",
            lambda s, a, w: s.assessments.for_referral(a, w.own_referral_id),
        ),
        Probe(
            "programmes.for_referral(own)",
            lambda s, a, w: s.programmes.for_referral(a, w.own_referral_id),
        ),
        Probe(
            "closures.for_referral(own)",
            lambda s, a, w: s.closures.for_referral(a, w.own_referral_id),
        ),
        Probe(
            "visits.visits_for_referral(own)",
            lambda s, a, w: s.visits.visits_for_referral(a, w.own_referral_id),
        ),
        Probe(
            "visits.referral_for_visit(own)",
            lambda s, a, w: s.visits.referral_for_visit(a, w.own_referral_id),
        ),
    ],
    Permission.EDIT_YOUNG_PERSON: [
        Probe("young_person_editor.create", _new_young_person),
        Probe(
            "households.move_young_person",
            lambda s, a, w: s.households.move_young_person(
                a, w.young_person_id, new_address=AddressDraft("9 Moved Lane", Area.EAST)
            ),
        ),
    ],
    Permission.RECORD_CR: [Probe("community_resolutions.record", _community_resolution)],
    Permission.MANAGE_REFERENCE_LISTS: [
        Probe(
            "community_resolutions.set_reference_format",
            lambda s, a, w: s.community_resolutions.set_reference_format(a, CrimeReferenceFormat()),
        )
    ],
    Permission.VIEW_CASES: [
        Probe("young_person_record.open", _open_with_a_reason),
        Probe("access.justify", _justify),
        Probe("young_people.count", lambda s, a, w: s.young_people.count(a)),
        Probe("young_people.search", lambda s, a, w: s.young_people.search(a, PageRequest())),
        Probe("referral_list.count", lambda s, a, w: s.referral_list.count(a)),
        Probe("dashboard.counts", lambda s, a, w: s.dashboard.counts(a)),
        Probe("caseload.by_caseworker", lambda s, a, w: s.caseload.by_caseworker(a)),
        Probe("diary.caseworkers", lambda s, a, w: s.diary.caseworkers(a)),
        Probe("schools.schools", lambda s, a, w: s.schools.schools(a)),
    ],
    Permission.MAKE_REFERRAL: [Probe("referral_core.make_referral", _referral)],
    Permission.ALLOCATE: [
        Probe(
            "allocation.allocate",
            lambda s, a, w: s.allocation.allocate(a, w.unallocated_referral_id, w.caseworker_id),
        ),
        Probe("allocation.unallocated", lambda s, a, w: s.allocation.unallocated(a, PageRequest())),
    ],
    Permission.WORK_REFERRAL: [
        Probe("contacts.record(own referral)", _contact(lambda w: w.own_referral_id)),
    ],
    Permission.EXPORT_DIARY: [
        Probe(
            "calendar_export.export(own diary)",
            lambda s, a, w: s.calendar_export.export(
                a,
                a.user_id,
                FIXED_NOW.date(),
                FIXED_NOW.date(),
                w.tmp / "diary.ics",
                for_whom=Recipient("own diary", DisclosurePurpose.OTHER, "planning visits"),
            ),
        ),
    ],
    Permission.WORK_ANY_REFERRAL: [
        Probe("contacts.record(someone else's)", _contact(lambda w: w.other_referral_id)),
    ],
    Permission.SCHOOL_WORK_ANY_AREA: [
        Probe("school_work.record_school_referral(east)", _school_referral),
        Probe("school_work.record_restorative_justice(east)", _restorative_justice),
    ],
    Permission.MANAGE_REFERENCE_LISTS: [
        Probe(
            "school_admin.create_school",
            lambda s, a, w: s.school_admin.create_school(
                a, SchoolDraft("Probe Primary", Area.WEST, SchoolType.PRIMARY)
            ),
        ),
        Probe("school_admin.spocs", lambda s, a, w: s.school_admin.spocs(a)),
    ],
    Permission.MANAGE_ACCOUNTS: [
        Probe("accounts.create_account", _new_account),
        Probe("admin.users", lambda s, a, w: s.admin.users(a)),
        Probe(
            "accounts.set_idle_lock_minutes", lambda s, a, w: s.accounts.set_idle_lock_minutes(a, 7)
        ),
    ],
    Permission.READ_AUDIT: [
        Probe("admin.audit_count", lambda s, a, w: s.admin.audit_count(a)),
        Probe(
            "admin.audit_events",
            lambda s, a, w: s.admin.audit_events(a, PageRequest(), AuditFilter()),
        ),
        Probe(
            "admin.export_audit_csv",
            lambda s, a, w: s.admin.export_audit_csv(
                a, AuditFilter(), w.tmp / "trail.csv", for_whom=FOR_TESTS
            ),
        ),
    ],
}
for _permission in Permission:
    PROBES.setdefault(_permission, [_guarded_write(_permission)])

CASEWORKER_ID = 1
OTHER_CASEWORKER_ID = 2
ROLE_ACTORS = {
    role: Actor(
        user_id=CASEWORKER_ID if role is Role.CASEWORKER else None,
        username=f"probe.{role.value}",
        display_name=role.label,
        roles=frozenset({role}),
    )
    for role in Role
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("permissions") / "template.db"
    opened = open_database(sqlite_url(path), now=FIXED_NOW)
    ctx = ServiceContext(session_factory(opened.engine), now_provider=lambda: FIXED_NOW)
    with ctx.unit_of_work() as session:
        for user_id in (CASEWORKER_ID, OTHER_CASEWORKER_ID):
            session.add(
                User(
                    id=user_id,
                    username=f"caseworker{user_id}",
                    display_name=f"Caseworker {user_id}",
                    created_at=FIXED_NOW,
                    roles=[UserRole(role=Role.CASEWORKER)],
                )
            )
        session.add(School(name="Probe Academy", area=Area.EAST, school_type=SchoolType.ACADEMY))
        household = add_household(session, FIXED_NOW)
        for n in range(4):
            session.add(
                child(
                    household.id,
                    FIXED_NOW,
                    given=f"Probe{n}",
                    family="Child",
                    born=date(2012, 4, 1 + n),
                )
            )
    everyone = Actor(None, "setup", "Setup", frozenset(Role))
    services = Services.build(ctx)
    with ctx.read_only() as session:
        people = session.execute(sa.select(YoungPerson.id).order_by(YoungPerson.id)).scalars()
        person_ids = list(people)
    for person_id in person_ids[1:]:
        world = World(person_id, path.parent, 0, 0, 0, CASEWORKER_ID)
        _referral(services, everyone, world)
    with ctx.unit_of_work() as session:
        referrals = session.execute(sa.select(Referral).order_by(Referral.id)).scalars().all()
        referrals[0].caseworker_id = CASEWORKER_ID
        referrals[1].caseworker_id = OTHER_CASEWORKER_ID
    opened.engine.dispose()
    return path


@pytest.fixture
def world_services(
    template: Path, tmp_path: Path, clock: MovableClock
) -> Iterator[tuple[Services, World]]:
    path = tmp_path / "probe.db"
    shutil.copy(template, path)
    opened = open_database(sqlite_url(path), now=clock())
    services = Services.build(ServiceContext(session_factory(opened.engine), now_provider=clock))
    with services.ctx.read_only() as session:
        person = session.execute(sa.select(sa.func.min(YoungPerson.id))).scalar_one()
        referrals = list(session.execute(sa.select(Referral.id).order_by(Referral.id)).scalars())
    yield (
        services,
        World(
            young_person_id=person,
            tmp=tmp_path,
            own_referral_id=referrals[0],
            other_referral_id=referrals[1],
            unallocated_referral_id=referrals[2],
            caseworker_id=CASEWORKER_ID,
        ),
    )
    opened.engine.dispose()


def _fingerprint(services: Services) -> tuple[int, str]:
    """(number of audit events, a hash of every other table's rows)."""
    digest = hashlib.sha256()
    with services.ctx.read_only() as session:
        events = session.execute(sa.select(sa.func.count(AuditEvent.id))).scalar_one()
        for table in Base.metadata.sorted_tables:
            if table.name == AuditEvent.__tablename__:
                continue
            rows = session.execute(sa.select(table)).all()
            digest.update(table.name.encode())
            digest.update(repr(sorted(map(repr, rows))).encode())
    return int(events), digest.hexdigest()


CASES = [
    pytest.param(permission, role, probe, id=f"{permission.value}-{role.value}-{probe.name}")
    for permission in Permission
    for probe in PROBES[permission]
    for role in Role
]


@pytest.mark.parametrize(("permission", "role", "probe"), CASES)
def test_permission_row(
    world_services: tuple[Services, World], permission: Permission, role: Role, probe: Probe
) -> None:
    services, world = world_services
    actor = ROLE_ACTORS[role]
    events_before, rows_before = _fingerprint(services)
    files_before = sorted(world.tmp.iterdir())
    if allows(actor.roles, permission):
        probe.call(services, actor, world)
        with services.ctx.read_only() as session:
            refused = session.execute(
                sa.select(sa.func.count(AuditEvent.id)).where(
                    AuditEvent.action == AuditAction.REFUSED
                )
            ).scalar_one()
        assert refused == 0
        return
    with pytest.raises(PermissionDenied, match="You do not have permission to"):
        probe.call(services, actor, world)
    events_after, rows_after = _fingerprint(services)
    assert rows_after == rows_before, "a refused call wrote something"
    assert events_after == events_before + 1
    with services.ctx.read_only() as session:
        last = session.execute(
            sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)
        ).scalar_one()
        assert last.action is AuditAction.REFUSED
        assert last.username == actor.username
    assert sorted(world.tmp.iterdir()) == files_before, "a refused export wrote a file"


def test_every_permission_has_a_probe_and_a_role() -> None:
    assert set(PROBES) == set(Permission)
    granted = set().union(*PERMISSIONS.values())
    assert granted == set(Permission), "a permission nobody holds"


def test_an_administrator_reads_no_case_records_without_a_case_role() -> None:
    admin_only = frozenset({Role.ADMINISTRATOR})
    assert not allows(admin_only, Permission.VIEW_CASES)
    assert allows(admin_only | {Role.SUPERVISOR}, Permission.VIEW_CASES)
