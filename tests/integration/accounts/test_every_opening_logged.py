"""Every window that shows a young person's data, opened as each role: one "viewed" event
per opening (with the reason when the child is not on the reader's own list), or a plain
refusal for a role that may not read it. The table below is the list of windows; a window
added without its service recording the view fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.enums import AuditAction, ClosureStatus
from diversion_app.persistence.models import (
    AuditEvent,
    Closure,
    CommunityResolution,
    DisclosedYoungPerson,
    Referral,
    RestorativeJustice,
    SchoolReferral,
    User,
    Visit,
)
from diversion_app.services.base.access import JustificationNeeded
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.registry import Services

ROLES = ("officer", "spoc.south", "caseworker", "supervisor")


@dataclass(frozen=True)
class Window:
    name: str
    entity: str
    readers: frozenset[str]
    """The demo accounts that may open it; the others are refused."""
    open: Callable[[Services, Actor], Any]
    people: Callable[[Services], set[int]]
    """The young people it shows (a reason is given for each before opening)."""


def _one(services: Services, statement: sa.Select[Any]) -> Any:
    with services.ctx.read_only() as session:
        row = session.execute(statement.limit(1)).first()
    assert row is not None, str(statement)
    return row


def _ids(services: Services) -> dict[str, Any]:
    referral, person = _one(
        services,
        sa.select(Referral.id, Referral.young_person_id)
        .join(Visit, Visit.referral_id == Referral.id)
        .order_by(Referral.id),
    )
    visit = _one(services, sa.select(Visit.id).where(Visit.referral_id == referral))[0]
    closure, closed_person = _one(
        services,
        sa.select(Closure.id, Referral.young_person_id)
        .join(Referral, Referral.id == Closure.referral_id)
        .where(Closure.status == ClosureStatus.APPROVED)
        .order_by(Closure.id),
    )
    cr, cr_person = _one(
        services,
        sa.select(CommunityResolution.id, CommunityResolution.young_person_id).order_by(
            CommunityResolution.id
        ),
    )
    school_referral, pupil = _one(
        services,
        sa.select(SchoolReferral.id, SchoolReferral.young_person_id).order_by(SchoolReferral.id),
    )
    rj = _one(services, sa.select(RestorativeJustice.id).order_by(RestorativeJustice.id))[0]
    return {
        "referral": referral,
        "person": person,
        "visit": visit,
        "closure": closure,
        "closed_person": closed_person,
        "cr": cr,
        "cr_person": cr_person,
        "school_referral": school_referral,
        "pupil": pupil,
        "rj": rj,
    }


EVERYONE = frozenset(ROLES)
CASE_NOTES = frozenset({"caseworker", "supervisor"})
CR_RECORDERS = frozenset({"officer", "supervisor"})


def _windows(ids: dict[str, Any]) -> list[Window]:
    person = ids["person"]

    def rj_pupils(services: Services) -> set[int]:
        record = services.school_work.restorative_justice(_actor(services, "supervisor"), ids["rj"])
        return {part.young_person_id for part in record.participants}

    def just(*people: int) -> Callable[[Services], set[int]]:
        return lambda _services: set(people)

    return [
        Window(
            "young person's record",
            "young_person",
            EVERYONE,
            lambda s, a: s.young_person_record.open(a, person),
            just(person),
        ),
        Window(
            "young person form",
            "young_person_form",
            EVERYONE,
            lambda s, a: s.young_person_editor.draft_for(a, person),
            just(person),
        ),
        Window(
            "referral record",
            "referral",
            EVERYONE,
            lambda s, a: s.referral_record.record(a, ids["referral"]),
            just(person),
        ),
        Window(
            "whole-family assessment",
            "assessment_form",
            CASE_NOTES,
            lambda s, a: s.assessments.for_referral(a, ids["referral"]),
            just(person),
        ),
        Window(
            "personal programme",
            "programme_form",
            CASE_NOTES,
            lambda s, a: s.programmes.for_referral(a, ids["referral"]),
            just(person),
        ),
        Window(
            "closure form",
            "closure_form",
            CASE_NOTES,
            lambda s, a: s.closures.for_referral(a, ids["referral"]),
            just(person),
        ),
        Window(
            "visit form",
            "visit_form",
            CASE_NOTES,
            lambda s, a: s.visits.referral_for_visit(a, ids["referral"]),
            just(person),
        ),
        Window(
            "visit details",
            "visit",
            CASE_NOTES,
            lambda s, a: s.visits.visit(a, ids["visit"]),
            just(person),
        ),
        Window(
            "12-month follow-up form",
            "follow_up_form",
            EVERYONE,
            lambda s, a: s.follow_ups.link_options(a, ids["closure"]),
            just(ids["closed_person"]),
        ),
        Window(
            "Community Resolution form",
            "community_resolution_form",
            CR_RECORDERS,
            lambda s, a: s.community_resolutions.open_form(a, ids["cr_person"]),
            just(ids["cr_person"]),
        ),
        Window(
            "Community Resolution correction",
            "community_resolution",
            CR_RECORDERS,
            lambda s, a: s.cr_changes.draft_of(a, ids["cr"]),
            just(ids["cr_person"]),
        ),
        Window(
            "school referral",
            "school_referral",
            EVERYONE,
            lambda s, a: s.school_work.school_referral(a, ids["school_referral"]),
            just(ids["pupil"]),
        ),
        Window(
            "referral form, the young person chosen",
            "referral_form",
            EVERYONE,
            lambda s, a: s.referral_record.community_resolutions(a, ids["cr_person"]),
            just(ids["cr_person"]),
        ),
        Window(
            "subject access request form",
            "subject_access_form",
            frozenset({"supervisor"}),
            lambda s, a: s.subject_access.parents(a, person),
            just(person),
        ),
        Window(
            "restorative justice",
            "restorative_justice",
            EVERYONE,
            lambda s, a: s.school_work.restorative_justice(a, ids["rj"]),
            rj_pupils,
        ),
    ]


def _actor(services: Services, username: str) -> Actor:
    with services.ctx.read_only() as session:
        user = session.execute(sa.select(User).where(User.username == username)).scalar_one()
        return Actor(
            user.id, user.username, user.display_name, frozenset(r.role for r in user.roles)
        )


def _last_id(services: Services) -> int:
    with services.ctx.read_only() as session:
        return int(session.execute(sa.select(sa.func.max(AuditEvent.id))).scalar_one())


def _views_since(services: Services, since: int) -> list[tuple[str, set[int], dict[str, Any]]]:
    """(entity, the young people it is about, changes) of each event after ``since``."""
    with services.ctx.read_only() as session:
        events = session.execute(
            sa.select(AuditEvent).where(AuditEvent.id > since).order_by(AuditEvent.id)
        ).scalars()
        found = []
        for event in events:
            assert event.action == AuditAction.VIEWED, (event.action, event.entity)
            linked = set(
                session.execute(
                    sa.select(DisclosedYoungPerson.young_person_id).where(
                        DisclosedYoungPerson.event_id == event.id
                    )
                ).scalars()
            )
            about = linked | ({event.young_person_id} if event.young_person_id else set())
            found.append((event.entity, about, dict(event.changes or {})))
        return found


@pytest.mark.parametrize("username", ROLES)
def test_each_opening_is_one_view_event_for_each_role(
    demo_services: Services, username: str
) -> None:
    reader = _actor(demo_services, username)
    ids = _ids(demo_services)
    for window in _windows(ids):
        people = window.people(demo_services)
        if username not in window.readers:
            before = _last_id(demo_services)
            with pytest.raises(PermissionDenied):
                window.open(demo_services, reader)
            with demo_services.ctx.read_only() as session:
                assert (
                    session.execute(
                        sa.select(sa.func.count())
                        .select_from(AuditEvent)
                        .where(AuditEvent.id > before, AuditEvent.action == AuditAction.VIEWED)
                    ).scalar_one()
                    == 0
                ), window.name
            continue
        for young_person_id in people:
            if demo_services.access.needs_reason(reader, young_person_id):
                demo_services.access.justify(
                    reader, young_person_id, AccessReason.SUPERVISION, "quality check"
                )
        for _opening in range(2):  # each opening is one event, not one per session
            before = _last_id(demo_services)
            window.open(demo_services, reader)
            events = _views_since(demo_services, before)
            assert [(entity, about) for entity, about, _ in events] == [(window.entity, people)], (
                window.name
            )


def test_a_window_on_a_child_not_on_ones_list_asks_why_and_keeps_the_reason(
    demo_services: Services,
) -> None:
    """The follow-up form, the CR forms, school referrals and RJ: none opens for someone
    outside the reader's own list without a reason; the reason goes with the view."""
    ids = _ids(demo_services)
    # (account, the role column of the table it reads as): colleagues of the demo's own
    candidates = [
        ("officer2", "officer"),
        ("caseworker", "caseworker"),
        ("spoc.east", "spoc.south"),
    ]
    cases: list[tuple[Actor, Window]] = []
    for window in _windows(ids):
        for username, column in candidates:
            reader = _actor(demo_services, username)
            if column in window.readers and any(
                demo_services.access.needs_reason(reader, p) for p in window.people(demo_services)
            ):
                cases.append((reader, window))
                break
    names = {window.name for _, window in cases}
    assert {"Community Resolution form", "school referral", "restorative justice"} <= names
    passwords = {"officer2": "officer", "caseworker": "caseworker", "spoc.east": "spoc"}
    for reader, window in cases:  # each on a fresh sign-in: the reason is asked afresh
        demo_services.accounts.sign_in(reader.username, f"demo-{passwords[reader.username]}-pass")
        before = _last_id(demo_services)
        with pytest.raises(JustificationNeeded) as needed:
            window.open(demo_services, reader)
        assert _views_since(demo_services, before) == [], window.name
        for young_person_id in needed.value.young_person_ids:
            demo_services.access.justify(
                reader, young_person_id, AccessReason.PARTNER_REQUEST, f"asked for {window.name}"
            )
        before = _last_id(demo_services)
        window.open(demo_services, reader)
        [(_entity, _about, changes)] = _views_since(demo_services, before)
        assert changes["note"] == f"asked for {window.name}", window.name


def test_the_diary_the_subject_access_list_and_the_retention_queue_are_searches(
    demo_services: Services,
) -> None:
    """Lists of children shown: each showing is one "searched" event with the count."""
    from datetime import timedelta

    from diversion_app.services.base.listing import PageRequest

    supervisor = _actor(demo_services, "supervisor")
    now = demo_services.ctx.now()
    shown: dict[str, Callable[[], int]] = {
        "diary": lambda: len(
            demo_services.diary.visits(supervisor, now - timedelta(days=7), now + timedelta(days=7))
        ),
        "subject_access_requests": lambda: demo_services.subject_access.count(supervisor),
        "retention_review": lambda: len(
            demo_services.retention_reviews.queue(supervisor, PageRequest(limit=50)).rows
        ),
        "legal_holds": lambda: len(demo_services.retention_reviews.holds(supervisor)),
    }
    for what, show in shown.items():
        before = _last_id(demo_services)
        listed = show()
        with demo_services.ctx.read_only() as session:
            events = session.execute(
                sa.select(AuditEvent.action, AuditEvent.entity, AuditEvent.changes).where(
                    AuditEvent.id > before
                )
            ).all()
        assert [tuple(event) for event in events] == [
            (AuditAction.SEARCHED, what, {"listed": listed})
        ], what


def test_officers_and_spocs_read_no_recorded_follow_up(demo_services: Services) -> None:
    """What a recorded follow-up says is a case note: not for an officer or a SPOC."""
    closure = _ids(demo_services)["closure"]
    for username in ("officer", "spoc.south"):
        with pytest.raises(PermissionDenied, match="read case notes"):
            demo_services.follow_ups.for_closure(_actor(demo_services, username), closure)
    demo_services.follow_ups.for_closure(_actor(demo_services, "caseworker"), closure)
