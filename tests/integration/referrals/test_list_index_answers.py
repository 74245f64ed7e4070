"""The referral list's index changes no answer: every sort, scope and dashboard count the
same with it as without it (a copy of the same file with the index dropped), and the
supervisor's sorted open list the same as a plain sort of every open referral."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diversion_app.domain.enums import OPEN_REFERRAL_STATUSES, Pathway, Role
from diversion_app.persistence.engine import create_engine, session_factory, sqlite_url
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from tests.conftest import MovableClock

INDEX = "ix_referrals_list_by_status"
SORTS = ["young_person", "pathway", "status", "received_at", "due", "urgency", "assessment_due"]
FILTERS = [
    ReferralFilter(open_only=True),
    ReferralFilter(),
    ReferralFilter(open_only=True, pathway=Pathway.DIVERSION),
    ReferralFilter(overdue_only=True),
    ReferralFilter(unallocated_only=True),
]


def _db_file(services: Services) -> Path:
    return Path(services.ctx.sessions.kw["bind"].url.database)


@pytest.fixture
def unindexed(demo_services: Services, tmp_path: Path, clock: MovableClock) -> Iterator[Services]:
    """The same database, copied, without the list's index: the straightforward plans."""
    copy = tmp_path / "without-index.db"
    with sqlite3.connect(_db_file(demo_services)) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as connection:
        connection.execute(f"DROP INDEX {INDEX}")
    engine = create_engine(sqlite_url(copy))
    yield Services.build(ServiceContext(session_factory(engine), now_provider=clock))
    engine.dispose()


def _readers(services: Services) -> list[Actor]:
    """A supervisor, a caseworker, the officer who made most referrals, and a SPOC."""
    with sqlite3.connect(_db_file(services)) as connection:
        (officer,) = connection.execute(
            "SELECT created_by_id FROM referrals WHERE created_by_id IS NOT NULL "
            "GROUP BY created_by_id ORDER BY count(*) DESC, created_by_id LIMIT 1"
        ).fetchone()
        spoc = connection.execute(
            "SELECT user_id FROM spocs WHERE active ORDER BY user_id LIMIT 1"
        ).fetchone()
    assert spoc is not None
    return [
        Actor(None, "sup", "Supervisor", frozenset({Role.SUPERVISOR})),
        Actor(None, "cw", "Caseworker", frozenset({Role.CASEWORKER})),
        Actor(officer, "officer", "Officer", frozenset({Role.OFFICER})),
        Actor(spoc[0], "spoc", "SPOC", frozenset({Role.SPOC})),
    ]


def _every_page(services: Services, actor: Actor, request: PageRequest, filter_: ReferralFilter):
    rows, total = services.referral_list.first_page(actor, request, filter_)
    while len(rows) < total:
        more = services.referral_list.page(
            actor,
            PageRequest(len(rows), 50, request.sort, request.descending, request.text),
            filter_,
        )
        assert more
        rows += more
    return total, rows


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_scope_and_filter_lists_the_same_rows_without_the_index(
    demo_services: Services, unindexed: Services, sort: str
) -> None:
    for actor in _readers(demo_services):
        for filter_ in FILTERS:
            for descending in (False, True):
                request = PageRequest(0, 50, sort, descending)
                indexed = _every_page(demo_services, actor, request, filter_)
                assert indexed == _every_page(unindexed, actor, request, filter_)


def _open_referrals(services: Services) -> list[tuple[int, str, str, str, str, str | None]]:
    with sqlite3.connect(_db_file(services)) as connection:
        return connection.execute(
            "SELECT r.id, y.family_name_key, r.pathway, r.received_at, r.clock_due_at, "
            "r.assessment_due_on FROM referrals r JOIN young_people y "
            f"ON y.id = r.young_person_id WHERE r.status IN "
            f"({', '.join('?' for _ in OPEN_REFERRAL_STATUSES)})",
            [status.value for status in OPEN_REFERRAL_STATUSES],
        ).fetchall()


@pytest.mark.parametrize(
    ("sort", "column"),
    [("young_person", 1), ("pathway", 2), ("received_at", 3), ("due", 4), ("assessment_due", 5)],
)
def test_the_sorted_open_list_is_a_plain_sort_of_the_open_referrals(
    demo_services: Services, supervisor: Actor, sort: str, column: int
) -> None:
    rows = _open_referrals(demo_services)
    assert len(rows) > 50
    for descending in (False, True):
        # SQL sorts NULL first; the stored texts sort as their dates and times do
        expected = sorted(
            rows, key=lambda row: (row[column] is not None, row[column] or "", row[0])
        )
        if descending:
            expected.reverse()
        total, listed = _every_page(
            demo_services, supervisor, PageRequest(0, 50, sort, descending), FILTERS[0]
        )
        assert total == len(rows)
        assert [row.id for row in listed] == [row[0] for row in expected]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    hours=st.integers(min_value=-24 * 60, max_value=24 * 30),
    mine=st.booleans(),
)
def test_the_dashboard_counts_the_same_without_the_index(
    demo_services: Services,
    unindexed: Services,
    supervisor: Actor,
    clock: MovableClock,
    hours: int,
    mine: bool,
) -> None:
    start = clock.current
    clock.current = start + timedelta(hours=hours)
    try:
        caseworker = None
        if mine:
            with sqlite3.connect(_db_file(demo_services)) as connection:
                found = connection.execute(
                    "SELECT min(caseworker_id) FROM referrals WHERE caseworker_id IS NOT NULL"
                ).fetchone()
            caseworker = found[0]
        indexed = demo_services.dashboard.counts(supervisor, caseworker)
        assert indexed == unindexed.dashboard.counts(supervisor, caseworker)
        if caseworker is None:
            assert indexed.open_referrals == len(_open_referrals(demo_services))
            assert indexed.assessments_overdue == _assessments_overdue(demo_services, clock())
    finally:
        clock.current = start


def _assessments_overdue(services: Services, now: datetime) -> int:
    """Open, not assessed, past the assessment deadline: counted in Python."""
    from diversion_app.domain.timekeeping import london_today

    today = london_today(now)
    with sqlite3.connect(_db_file(services)) as connection:
        rows = connection.execute(
            "SELECT status, assessed_on, assessment_due_on FROM referrals"
        ).fetchall()
    open_values = {status.value for status in OPEN_REFERRAL_STATUSES}
    return sum(
        1
        for status, assessed, due in rows
        if status in open_values
        and assessed is None
        and due is not None
        and date.fromisoformat(due) < today
    )
