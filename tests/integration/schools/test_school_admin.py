"""Schools and SPOCs: a school's SPOC follows its area; one active SPOC per area."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from diversion_app.domain.enums import Area, Role, SchoolType
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.school_rules import SchoolDraft
from diversion_app.persistence.models import AuditEvent
from diversion_app.services.base.errors import Conflict, PermissionDenied
from diversion_app.services.registry import Services
from tests.integration.school_fixtures import ADMIN, SchoolWorld, add_user, school_world


@pytest.fixture
def world(services: Services) -> SchoolWorld:
    return school_world(services)


def test_reassigning_a_school_to_another_area_changes_its_spoc(
    services: Services, world: SchoolWorld
) -> None:
    admin = services.school_admin
    assert admin.school(ADMIN, world.south_school).spoc == "PCSO South"
    moved = admin.update_school(
        ADMIN, world.south_school, SchoolDraft("Hillside Academy", Area.EAST, SchoolType.ACADEMY)
    )
    assert moved.spoc == "PCSO East"
    east = [row for row in services.schools.schools(world.east_spoc) if row.area is Area.EAST]
    assert {row.name: row.spoc for row in east} == {
        "Hillside Academy": "PCSO East",
        "Riverside Primary": "PCSO East",
    }
    with services.ctx.read_only() as session:
        change = session.execute(
            sa.select(AuditEvent.changes).where(
                AuditEvent.entity == "school", AuditEvent.action == "changed"
            )
        ).scalar_one()
    assert change == {"area": ["south", "east"]}


def test_a_school_needs_a_name_and_an_area(services: Services) -> None:
    with pytest.raises(ValidationError) as refused:
        services.school_admin.create_school(
            ADMIN, SchoolDraft("  ", None, SchoolType.PRIMARY, email="nobody")
        )
    assert refused.value.problems == {
        "name": "Enter the school's name.",
        "area": "Choose the school's area (South, East or West); the area decides its SPOC.",
        "email": "Enter the school's email address in full, like office@school.org.uk.",
    }
    assert services.school_admin.all_schools(ADMIN) == []


def test_same_school_twice_in_an_area_is_a_conflict(services: Services, world: SchoolWorld) -> None:
    with pytest.raises(Conflict):
        services.school_admin.create_school(
            ADMIN, SchoolDraft("hillside academy", Area.SOUTH, SchoolType.ACADEMY)
        )


def test_a_new_spoc_takes_over_the_area_and_its_schools(
    services: Services, world: SchoolWorld
) -> None:
    newcomer = add_user(services.ctx, "spoc.new", "PCSO Newcomer", Role.SPOC)
    assert [c.username for c in services.school_admin.spoc_candidates(ADMIN)] == ["spoc.new"]
    change = services.school_admin.add_spoc(ADMIN, newcomer.user_id, Area.SOUTH)
    assert change.stood_down == "PCSO South"
    assert change.schools_moved == 1
    assert services.school_admin.school(ADMIN, world.south_school).spoc == "PCSO Newcomer"
    rows = {row.username: (row.area, row.active) for row in services.school_admin.spocs(ADMIN)}
    assert rows["spoc.s"] == (Area.SOUTH, False)
    assert rows["spoc.new"] == (Area.SOUTH, True)


def test_moving_a_spoc_to_another_area_moves_the_schools_with_them(
    services: Services, world: SchoolWorld
) -> None:
    spocs = {row.username: row for row in services.school_admin.spocs(ADMIN)}
    change = services.school_admin.change_spoc_area(ADMIN, spocs["spoc.s"].id, Area.WEST)
    assert change.stood_down is None
    west = services.school_admin.create_school(
        ADMIN, SchoolDraft("Westgate College", Area.WEST, SchoolType.COLLEGE)
    )
    assert west.spoc == "PCSO South"
    assert services.school_admin.school(ADMIN, world.south_school).spoc == "No SPOC"


def test_only_a_pcso_with_the_spoc_role_can_be_a_spoc(services: Services) -> None:
    officer = add_user(services.ctx, "officer1", "Officer One", Role.OFFICER)
    with pytest.raises(ValidationError, match="SPOC role"):
        services.school_admin.add_spoc(ADMIN, officer.user_id, Area.WEST)
    with pytest.raises(ValidationError) as missing:
        services.school_admin.add_spoc(ADMIN, None, None)
    assert set(missing.value.problems) == {"user", "area"}


def test_spocs_and_caseworkers_cannot_administer_schools(
    services: Services, world: SchoolWorld
) -> None:
    with pytest.raises(PermissionDenied, match="change reference lists"):
        services.school_admin.create_school(
            world.south_spoc, SchoolDraft("New School", Area.SOUTH, SchoolType.PRIMARY)
        )


def test_deactivated_schools_leave_the_lists_but_keep_their_history(
    services: Services,
    world: SchoolWorld,
    supervisor,  # type: ignore[no-untyped-def]
) -> None:
    services.school_admin.set_school_active(supervisor, world.east_school, False)
    assert [s.name for s in services.school_work.school_choices(supervisor)] == ["Hillside Academy"]
    assert not services.school_admin.school(ADMIN, world.east_school).active
    assert len(services.school_admin.all_schools(ADMIN)) == 2
