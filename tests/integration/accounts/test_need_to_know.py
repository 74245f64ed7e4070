"""Least privilege for reads and every look logged (DPA 2018 s.62), through the services.

Played with the demo's own accounts: a caseworker opening another caseworker's child is
asked why, the reason is in the trail and in the record's access log; every opening is
one "viewed" event; a search is one "searched" event with a count and no terms; a SPOC or
an officer cannot read case notes through any service call.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa

from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.enums import AuditAction, Role
from diversion_app.domain.errors import ValidationError
from diversion_app.persistence.models import AuditEvent, Referral, Spoc, User, Visit, YoungPerson
from diversion_app.services.base.access import JustificationNeeded
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.registry import Services


def _actor(services: Services, username: str) -> Actor:
    with services.ctx.read_only() as session:
        user = session.execute(sa.select(User).where(User.username == username)).scalar_one()
        return Actor(
            user.id, user.username, user.display_name, frozenset(r.role for r in user.roles)
        )


def _referral(services: Services, *, caseworker: Actor, own: bool) -> tuple[int, int]:
    """(referral id, young person id): allocated to ``caseworker`` or, with own=False, to a
    colleague, for a young person the caseworker has nothing allocated for."""
    with services.ctx.read_only() as session:
        mine = sa.select(Referral.young_person_id).where(
            Referral.caseworker_id == caseworker.user_id
        )
        where = (
            Referral.caseworker_id == caseworker.user_id
            if own
            else sa.and_(
                Referral.caseworker_id.is_not(None),
                Referral.caseworker_id != caseworker.user_id,
                Referral.young_person_id.not_in(mine),
                Referral.created_by_id.is_(None) | (Referral.created_by_id != caseworker.user_id),
            )
        )
        row = session.execute(
            sa.select(Referral.id, Referral.young_person_id).where(where).order_by(Referral.id)
        ).first()
    assert row is not None
    return int(row[0]), int(row[1])


def _events(services: Services, since: int, **where: Any) -> list[SimpleNamespace]:
    with services.ctx.read_only() as session:
        statement = sa.select(AuditEvent).where(AuditEvent.id > since).order_by(AuditEvent.id)
        for name, value in where.items():
            statement = statement.where(getattr(AuditEvent, name) == value)
        return [
            SimpleNamespace(
                action=e.action,
                entity=e.entity,
                young_person_id=e.young_person_id,
                changes=dict(e.changes or {}),
            )
            for e in session.execute(statement).scalars()
        ]


def _last_id(services: Services) -> int:
    with services.ctx.read_only() as session:
        return int(session.execute(sa.select(sa.func.max(AuditEvent.id))).scalar_one())


def test_a_caseworker_opening_a_colleagues_child_is_asked_why(demo_services: Services) -> None:
    caseworker = _actor(demo_services, "caseworker")
    supervisor = _actor(demo_services, "supervisor")
    demo_services.accounts.sign_in("caseworker", "demo-caseworker-pass")
    referral_id, person = _referral(demo_services, caseworker=caseworker, own=False)
    before = _last_id(demo_services)

    with pytest.raises(JustificationNeeded, match="not on your caseload"):
        demo_services.young_person_record.open(caseworker, person)
    with pytest.raises(JustificationNeeded):
        demo_services.referral_record.record(caseworker, referral_id)
    assert demo_services.access.referral_needs_reason(caseworker, referral_id) == person
    assert _events(demo_services, before, action=AuditAction.VIEWED) == []  # nothing shown

    with pytest.raises(ValidationError, match="Say in a few words"):
        demo_services.access.justify(caseworker, person, AccessReason.OTHER, "")
    demo_services.access.justify(
        caseworker, person, AccessReason.COVERING, "Ash is on leave this week"
    )
    record = demo_services.young_person_record.open(caseworker, person)
    assert record.id == person
    demo_services.referral_record.record(caseworker, referral_id)  # same sign-in: not asked
    views = _events(demo_services, before, action=AuditAction.VIEWED)
    assert [(v.entity, v.young_person_id) for v in views] == [
        ("young_person", person),
        ("referral", person),
    ]
    assert views[0].changes["reason"].startswith("Covering for a colleague")
    assert views[0].changes["note"] == "Ash is on leave this week"

    log = demo_services.access.log(supervisor, person, PageRequest())
    assert log[0].what == "Opened a referral"
    assert log[1].what == "Opened the record"
    assert "Ash is on leave this week" in log[1].why and log[1].who == "Caseworker Ash"
    assert log[2].what == "Gave a reason to open the record"

    demo_services.accounts.sign_in("caseworker", "demo-caseworker-pass")  # a new sign-in
    with pytest.raises(JustificationNeeded):
        demo_services.young_person_record.open(caseworker, person)


def test_own_caseload_area_and_made_records_open_without_a_reason(
    demo_services: Services,
) -> None:
    caseworker = _actor(demo_services, "caseworker")
    _, own_person = _referral(demo_services, caseworker=caseworker, own=True)
    demo_services.young_person_record.open(caseworker, own_person)
    spoc = _actor(demo_services, "spoc.south")
    with demo_services.ctx.read_only() as session:
        area = session.execute(sa.select(Spoc.area).where(Spoc.user_id == spoc.user_id)).scalar()
        inside, outside = (
            session.execute(
                sa.select(YoungPerson.id).where(condition).order_by(YoungPerson.id).limit(1)
            ).scalar_one()
            for condition in (YoungPerson.area == area, YoungPerson.area != area)
        )
    demo_services.young_person_record.open(spoc, inside)
    with pytest.raises(JustificationNeeded):
        demo_services.young_person_record.open(spoc, outside)
    supervisor = _actor(demo_services, "supervisor")
    demo_services.young_person_record.open(supervisor, outside)  # the team is theirs


def test_every_form_that_shows_a_child_records_one_view(demo_services: Services) -> None:
    caseworker = _actor(demo_services, "caseworker")
    referral_id, person = _referral(demo_services, caseworker=caseworker, own=True)
    with demo_services.ctx.read_only() as session:
        visit_id = session.execute(sa.select(sa.func.min(Visit.id))).scalar_one()
        visit_referral, visit_person = session.execute(
            sa.select(Visit.referral_id, Referral.young_person_id)
            .join(Referral, Referral.id == Visit.referral_id)
            .where(Visit.id == visit_id)
        ).one()
        member_household = session.get(YoungPerson, person)
        assert member_household is not None
    supervisor = _actor(demo_services, "supervisor")
    record = demo_services.young_person_record.open(supervisor, person)
    openings: list[tuple[str, Callable[[], Any], int]] = [
        (
            "young_person",
            lambda: demo_services.young_person_record.open(caseworker, person),
            person,
        ),
        (
            "young_person_form",
            lambda: demo_services.young_person_editor.draft_for(caseworker, person),
            person,
        ),
        ("referral", lambda: demo_services.referral_record.record(caseworker, referral_id), person),
        (
            "assessment_form",
            lambda: demo_services.assessments.for_referral(caseworker, referral_id),
            person,
        ),
        (
            "programme_form",
            lambda: demo_services.programmes.for_referral(caseworker, referral_id),
            person,
        ),
        (
            "closure_form",
            lambda: demo_services.closures.for_referral(caseworker, referral_id),
            person,
        ),
        (
            "visit_form",
            lambda: demo_services.visits.referral_for_visit(caseworker, referral_id),
            person,
        ),
        ("visit", lambda: demo_services.visits.visit(supervisor, visit_id), visit_person),
    ]
    if record.members:
        openings.append(
            (
                "household_member",
                lambda: demo_services.households.member_draft(
                    caseworker, record.members[0].id, young_person_id=person
                ),
                person,
            )
        )
    assert visit_referral
    for entity, opening, expected_person in openings:
        before = _last_id(demo_services)
        opening()
        events = _events(demo_services, before)
        assert [(e.action, e.entity, e.young_person_id) for e in events] == [
            (AuditAction.VIEWED, entity, expected_person)
        ], entity


def test_a_search_is_one_event_with_a_count_and_no_terms(demo_services: Services) -> None:
    officer = _actor(demo_services, "officer")
    before = _last_id(demo_services)
    listed = demo_services.young_people.count(officer, "smith")
    demo_services.young_people.search(officer, PageRequest(text="smith"))
    events = _events(demo_services, before)
    assert [(e.action, e.entity, e.changes) for e in events] == [
        (AuditAction.SEARCHED, "young_people", {"listed": listed})
    ]
    assert "smith" not in str(events[0].changes).lower()
    before = _last_id(demo_services)
    _rows, total = demo_services.referral_list.first_page(officer, PageRequest(text="a"))
    [event] = _events(demo_services, before)
    assert (event.action, event.entity, event.changes) == (
        AuditAction.SEARCHED,
        "referrals",
        {"listed": total},
    )
    before = _last_id(demo_services)
    picked = demo_services.young_people.search(
        officer, PageRequest(text="jo", limit=8), audited=True
    )
    [event] = _events(demo_services, before)
    assert event.changes == {"listed": len(picked)}


@pytest.mark.parametrize("username", ["spoc.east", "officer"])
def test_no_case_notes_through_any_service_call(demo_services: Services, username: str) -> None:
    reader = _actor(demo_services, username)
    assert Role.CASEWORKER not in reader.roles
    with demo_services.ctx.read_only() as session:
        referral_id, person = session.execute(
            sa.select(Referral.id, Referral.young_person_id)
            .join(Visit, Visit.referral_id == Referral.id)
            .order_by(Referral.id)
            .limit(1)
        ).one()
        visit_id = session.execute(
            sa.select(Visit.id).where(Visit.referral_id == referral_id).limit(1)
        ).scalar_one()
    case_note_reads: list[Callable[[], Any]] = [
        lambda: demo_services.assessments.for_referral(reader, referral_id),
        lambda: demo_services.programmes.for_referral(reader, referral_id),
        lambda: demo_services.programmes.visits_for_sessions(reader, referral_id),
        lambda: demo_services.closures.for_referral(reader, referral_id),
        lambda: demo_services.visits.visit(reader, visit_id),
        lambda: demo_services.visits.visits_for_referral(reader, referral_id),
        lambda: demo_services.visits.referral_for_visit(reader, referral_id),
    ]
    for read in case_note_reads:
        with pytest.raises(PermissionDenied, match="read case notes"):
            read()
    demo_services.access.justify(reader, person, AccessReason.DUTY)
    record = demo_services.referral_record.record(reader, referral_id)
    assert record.contacts == ()
    timeline = demo_services.young_person_record.open(reader, person).timeline
    assert {entry.entity for entry in timeline} <= {
        "community_resolution",
        "referral",
        "referral_event",
        "school_referral",
        "restorative_justice",
    }
    supervisor = _actor(demo_services, "supervisor")
    full = demo_services.young_person_record.open(supervisor, person).timeline
    assert any(entry.entity == "visit" for entry in full)


def test_the_access_log_is_for_supervisors_and_the_childs_caseworker(
    demo_services: Services,
) -> None:
    caseworker = _actor(demo_services, "caseworker")
    _, own_person = _referral(demo_services, caseworker=caseworker, own=True)
    _, other_person = _referral(demo_services, caseworker=caseworker, own=False)
    assert demo_services.access.may_read_log(caseworker, own_person)
    demo_services.access.log(caseworker, own_person, PageRequest())
    with pytest.raises(PermissionDenied, match="access log"):
        demo_services.access.log(caseworker, other_person, PageRequest())
    officer = _actor(demo_services, "officer")
    with pytest.raises(PermissionDenied):
        demo_services.access.log_count(officer, own_person)


def test_every_list_of_children_shown_is_one_search_event(demo_services: Services) -> None:
    from diversion_app.services.schools.lists import SchoolScope

    supervisor = _actor(demo_services, "supervisor")
    shown = {
        "follow_ups": lambda: demo_services.follow_ups.count_due(supervisor),
        "school_referrals": lambda: demo_services.school_lists.count_school_referrals(
            supervisor, SchoolScope(), "open"
        ),
        "restorative_justice": lambda: demo_services.school_lists.count_restorative_justice(
            supervisor, SchoolScope(), "year"
        ),
        "unallocated_referrals": lambda: demo_services.allocation.count_unallocated(supervisor),
    }
    for what, count in shown.items():
        before = _last_id(demo_services)
        listed = count()
        events = _events(demo_services, before, action=AuditAction.SEARCHED)
        assert [(e.entity, e.changes) for e in events] == [(what, {"listed": listed})], what
