"""Least privilege for the lists, role by role: the Referrals list shows a police officer
only the referrals they made, a SPOC theirs and their area's, caseworkers and supervisors
every row; the Young people search shows everyone enough to find a person and avoid a
duplicate, and the referral's pathway and stage only to those who read casework."""

from __future__ import annotations

import sqlalchemy as sa

from diversion_app.persistence.models import Referral, School, Spoc, User, YoungPerson
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services

EVERY_ROW = PageRequest(limit=100_000)


def _actor(services: Services, username: str) -> Actor:
    with services.ctx.read_only() as session:
        user = session.execute(sa.select(User).where(User.username == username)).scalar_one()
        return Actor(
            user.id, user.username, user.display_name, frozenset(r.role for r in user.roles)
        )


def _listed(services: Services, actor: Actor, filter_: ReferralFilter | None = None) -> set[int]:
    rows, total = services.referral_list.first_page(actor, EVERY_ROW, filter_)
    assert total == len(rows) == services.referral_list.count(actor, "", filter_)
    paged = services.referral_list.page(actor, EVERY_ROW, filter_)
    assert [row.id for row in paged] == [row.id for row in rows]
    return {row.id for row in rows}


def _ids(services: Services, condition: sa.ColumnElement[bool] | None = None) -> set[int]:
    statement = sa.select(Referral.id)
    if condition is not None:
        statement = statement.where(condition)
    with services.ctx.read_only() as session:
        return set(session.execute(statement).scalars())


def test_caseworkers_and_supervisors_see_every_referral_row(demo_services: Services) -> None:
    every = _ids(demo_services)
    for username in ("caseworker", "supervisor"):
        assert _listed(demo_services, _actor(demo_services, username)) == every, username


def test_an_officer_sees_only_the_referrals_they_made(demo_services: Services) -> None:
    for username in ("officer", "officer2"):
        officer = _actor(demo_services, username)
        made = _ids(demo_services, Referral.created_by_id == officer.user_id)
        assert made and _listed(demo_services, officer) == made, username
    assert made != _ids(demo_services)  # the rest of the team's referrals are not listed
    open_only = ReferralFilter(open_only=True)
    listed_open = _listed(demo_services, officer, open_only)
    assert listed_open <= made and listed_open == made & _listed(
        demo_services, _actor(demo_services, "supervisor"), open_only
    )


def test_a_spoc_sees_their_own_and_their_areas_referrals(demo_services: Services) -> None:
    spoc = _actor(demo_services, "spoc.south")
    with demo_services.ctx.read_only() as session:
        areas = set(
            session.execute(sa.select(Spoc.area).where(Spoc.user_id == spoc.user_id)).scalars()
        )
        schools = set(session.execute(sa.select(School.id).where(School.area.in_(areas))).scalars())
        people = set(
            session.execute(
                sa.select(YoungPerson.id).where(
                    YoungPerson.area.in_(areas) | YoungPerson.school_id.in_(schools)
                )
            ).scalars()
        )
    expected = _ids(
        demo_services,
        (Referral.created_by_id == spoc.user_id) | Referral.young_person_id.in_(people),
    )
    listed = _listed(demo_services, spoc)
    assert listed == expected
    assert listed and listed != _ids(demo_services)
    east = _listed(demo_services, _actor(demo_services, "spoc.east"))
    assert east and east != listed


def test_the_search_shows_case_stage_only_to_those_who_read_casework(
    demo_services: Services,
) -> None:
    shown: dict[str, set[str]] = {}
    for username in ("officer", "spoc.south", "caseworker", "supervisor"):
        rows = demo_services.young_people.search(
            _actor(demo_services, username), PageRequest(limit=500)
        )
        assert all(row.name and row.date_of_birth and row.area for row in rows), username
        shown[username] = {row.open_referral for row in rows if row.open_referral}
    for username in ("officer", "spoc.south"):
        assert shown[username] == {"Open referral"}, username
    for username in ("caseworker", "supervisor"):
        assert shown[username] and "Open referral" not in shown[username]
        assert all(": " in words for words in shown[username])  # "Pathway: Stage"
