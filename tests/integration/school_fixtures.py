"""Shared set-up for the school liaison tests: SPOC accounts, schools, pupils on a real file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from diversion_app.domain.enums import Area, Ethnicity, Gender, Role, SchoolType
from diversion_app.domain.school_rules import SchoolDraft
from diversion_app.domain.young_person_rules import YoungPersonDraft
from diversion_app.persistence.models import Spoc
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from tests.factories import add_user

ADMIN = Actor(
    user_id=None,
    username="test.admin",
    display_name="Test Admin",
    roles=frozenset({Role.ADMINISTRATOR}),
)


def add_spoc(ctx: ServiceContext, username: str, name: str, area: Area) -> Actor:
    actor = add_user(ctx, username, name, Role.SPOC)
    with ctx.unit_of_work() as session:
        session.add(Spoc(user_id=actor.user_id, area=area, active=True))
    return actor


@dataclass
class SchoolWorld:
    south_spoc: Actor
    east_spoc: Actor
    south_school: int
    east_school: int


def school_world(services: Services) -> SchoolWorld:
    ctx = services.ctx
    south = add_spoc(ctx, "spoc.s", "PCSO South", Area.SOUTH)
    east = add_spoc(ctx, "spoc.e", "PCSO East", Area.EAST)
    south_school = services.school_admin.create_school(
        ADMIN, SchoolDraft("Hillside Academy", Area.SOUTH, SchoolType.ACADEMY)
    )
    east_school = services.school_admin.create_school(
        ADMIN, SchoolDraft("Riverside Primary", Area.EAST, SchoolType.PRIMARY)
    )
    return SchoolWorld(south, east, south_school.id, east_school.id)


def pupil(
    services: Services, actor: Actor, school_id: int, given: str, born: date, family: str = "Pupil"
) -> int:
    """A pupil of ``school_id`` added through the people issue's editor (as someone new)."""
    draft = YoungPersonDraft(
        given_name=given,
        family_name=family,
        date_of_birth=born.strftime("%d/%m/%Y"),
        gender=Gender.NOT_KNOWN,
        ethnicity=Ethnicity.NOT_STATED,
        area=services.school_work.school_area(actor, school_id),
        address_line1=f"{len(given)} Example Road",
        postcode="EX1 1AA",
        school_id=school_id,
    )
    return services.young_person_editor.create(actor, draft, confirmed_new=True).id
