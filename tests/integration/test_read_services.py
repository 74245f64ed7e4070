"""The read services behind the pages, against a real demo SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from diversion_app.domain.clock import ClockState
from diversion_app.domain.enums import Role
from diversion_app.domain.timekeeping import format_date
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from tests.conftest import DEMO_PEOPLE


def _db_file(services: Services) -> Path:
    engine = services.ctx.sessions.kw["bind"]
    return Path(engine.url.database)


def test_search_by_part_of_a_name_ignores_case_and_accents(
    demo_services: Services, everyone: Actor
) -> None:
    people = demo_services.young_people
    total = people.count(everyone)
    assert total == DEMO_PEOPLE
    rows = people.search(everyone, PageRequest(text="ZOE", limit=500))
    assert rows and all("zoë" in r.name.lower() or "zoe" in r.name.lower() for r in rows)
    assert people.count(everyone, "ZOE") == len(rows)


def test_search_by_uk_date_of_birth_and_postcode(demo_services: Services, everyone: Actor) -> None:
    people = demo_services.young_people
    first = people.search(everyone, PageRequest(limit=1))[0]
    by_dob = people.search(everyone, PageRequest(text=format_date(first.date_of_birth)))
    assert first.id in [r.id for r in by_dob]
    assert all(r.date_of_birth == first.date_of_birth for r in by_dob)
    with sqlite3.connect(_db_file(demo_services)) as connection:
        postcode = connection.execute(
            "SELECT h.postcode FROM young_people y JOIN households h ON h.id = y.household_id "
            "WHERE y.id = ?",
            (first.id,),
        ).fetchone()[0]
    assert first.id in [
        r.id for r in people.search(everyone, PageRequest(text=postcode.lower(), limit=500))
    ]
    assert people.count(everyone, "31/02/2012") == 0


def test_paging_and_sorting_happen_in_sql(demo_services: Services, everyone: Actor) -> None:
    people = demo_services.young_people
    page1 = people.search(everyone, PageRequest(offset=0, limit=50, sort="date_of_birth"))
    page2 = people.search(everyone, PageRequest(offset=50, limit=50, sort="date_of_birth"))
    dates = [r.date_of_birth for r in page1 + page2]
    assert dates == sorted(dates)
    assert not {r.id for r in page1} & {r.id for r in page2}


def test_dashboard_counts_match_the_listed_clocks(demo_services: Services, everyone: Actor) -> None:
    counts = demo_services.dashboard.counts(everyone)
    listing = demo_services.referral_list
    open_rows = listing.page(everyone, PageRequest(limit=100000), ReferralFilter(open_only=True))
    assert counts.open_referrals == len(open_rows)
    states = [r.clock.state for r in open_rows]
    assert counts.overdue == states.count(ClockState.OVERDUE) > 0
    assert counts.due_soon == states.count(ClockState.DUE_SOON) > 0
    assert states.count(ClockState.ON_TRACK) > 0
    assert counts.unallocated == listing.count(everyone, "", ReferralFilter(unallocated_only=True))
    every_row = listing.page(everyone, PageRequest(limit=100000))
    all_states = {r.clock.state for r in every_row}
    assert {ClockState.MET, ClockState.MISSED, ClockState.STOPPED} <= all_states


def test_clocks_move_with_the_injected_clock(
    demo_services: Services, everyone: Actor, clock
) -> None:  # type: ignore[no-untyped-def]
    before = demo_services.dashboard.counts(everyone)
    assert before.due_soon > 0
    clock.advance(hours=11, minutes=59)
    after = demo_services.dashboard.counts(everyone)
    assert after.overdue == before.overdue + before.due_soon


def test_every_status_is_in_the_demo(demo_services: Services) -> None:
    with sqlite3.connect(_db_file(demo_services)) as connection:
        statuses = {row[0] for row in connection.execute("SELECT DISTINCT status FROM referrals")}
        areas = {row[0] for row in connection.execute("SELECT DISTINCT area FROM young_people")}
        siblings = connection.execute(
            "SELECT count(*) FROM (SELECT household_id FROM young_people GROUP BY household_id "
            "HAVING count(*) > 1)"
        ).fetchone()[0]
    assert statuses == {
        "received",
        "allocated",
        "contacted",
        "assessed",
        "programme",
        "closed",
        "declined",
        "not_engaged",
    }
    assert areas == {"south", "east", "west"}
    assert siblings > 0


def test_lists_for_the_other_pages(demo_services: Services, everyone: Actor) -> None:
    schools = demo_services.schools.schools(everyone)
    assert {s.area for s in schools} and all(s.spoc != "No SPOC" for s in schools)
    caseload = demo_services.caseload.by_caseworker(everyone)
    assert len(caseload) == 8 and sum(r.open_referrals for r in caseload) > 0
    now = demo_services.ctx.now()
    visits = demo_services.diary.visits(everyone, now - timedelta(days=7), now + timedelta(days=7))
    assert visits and all(v.caseworkers for v in visits)
    assert demo_services.admin.users(everyone)


def test_an_administrator_alone_cannot_read_case_lists(demo_services: Services) -> None:
    admin = Actor(
        user_id=None, username="a", display_name="A", roles=frozenset({Role.ADMINISTRATOR})
    )
    with pytest.raises(PermissionDenied, match="permission"):
        demo_services.young_people.count(admin)
    events = demo_services.admin.audit_events(admin, PageRequest(limit=5))
    assert events[0].action.value == "refused"
