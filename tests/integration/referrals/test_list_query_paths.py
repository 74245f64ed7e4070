"""The faster query paths (issue 10) give the same answers as the plain ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from diversion_app.domain.enums import OPEN_REFERRAL_STATUSES
from diversion_app.domain.names import normalise_name
from diversion_app.persistence.models import Referral
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest, ordered
from diversion_app.services.referrals import referral_list as referral_module
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from tests.sql_sent import sql_sent


def _db_file(services: Services) -> Path:
    return Path(services.ctx.sessions.kw["bind"].url.database)


def _expected_ids(services: Services, text: str) -> list[int]:
    """The referrals whose young person's name holds ``text``, newest first (plain SQL)."""
    with sqlite3.connect(_db_file(services)) as connection:
        rows = connection.execute(
            "SELECT r.id FROM referrals r JOIN young_people y ON y.id = r.young_person_id "
            "WHERE instr(y.search_name, ?) > 0 ORDER BY r.received_at DESC, r.id",
            (text,),
        ).fetchall()
    return [row[0] for row in rows]


@pytest.mark.parametrize("walk_from", [0, 10**9])
@pytest.mark.parametrize("sort", [None, "young_person", "status", "due"])
def test_a_search_pages_the_same_whichever_way_it_walks(
    demo_services: Services,
    everyone: Actor,
    monkeypatch: pytest.MonkeyPatch,
    walk_from: int,
    sort: str | None,
) -> None:
    monkeypatch.setattr(referral_module, "WALK_ORDER_FROM_MATCHES", walk_from)
    listing = demo_services.referral_list
    total = listing.count(everyone, "a")
    assert total > 60
    pages = [
        listing.page(everyone, PageRequest(offset=offset, limit=25, sort=sort, text="a"))
        for offset in range(0, total + 25, 25)
    ]
    ids = [row.id for page in pages for row in page]
    assert len(ids) == len(set(ids)) == total
    assert all("a" in normalise_name(row.young_person) for page in pages for row in page)
    if sort is None:
        assert ids == _expected_ids(demo_services, "a")


def test_the_referral_list_counts_without_a_search_match_plain_sql(
    demo_services: Services, everyone: Actor
) -> None:
    with sqlite3.connect(_db_file(demo_services)) as connection:
        (every,) = connection.execute("SELECT count(*) FROM referrals").fetchone()
    assert demo_services.referral_list.count(everyone) == every
    first = demo_services.referral_list.page(everyone, PageRequest(limit=5))
    assert [row.id for row in first] == _expected_ids(demo_services, "")[:5]


def test_dashboard_counts_for_one_caseworker(demo_services: Services, everyone: Actor) -> None:
    with sqlite3.connect(_db_file(demo_services)) as connection:
        worker, open_cases = connection.execute(
            "SELECT caseworker_id, count(*) FROM referrals WHERE caseworker_id IS NOT NULL "
            f"AND status IN ({', '.join('?' for _ in OPEN_REFERRAL_STATUSES)}) "
            "GROUP BY caseworker_id ORDER BY caseworker_id LIMIT 1",
            [status.value for status in OPEN_REFERRAL_STATUSES],
        ).fetchone()
    mine = demo_services.dashboard.counts(everyone, caseworker_id=worker)
    everybody = demo_services.dashboard.counts(everyone)
    assert mine.open_referrals == open_cases < everybody.open_referrals
    assert mine.unallocated == 0
    assert mine.met_last_28_days <= everybody.met_last_28_days


@pytest.mark.parametrize("sort", [None, "young_person", "status"])
def test_the_first_page_and_its_count_in_one_query_match_the_separate_ones(
    demo_services: Services, everyone: Actor, monkeypatch: pytest.MonkeyPatch, sort: str | None
) -> None:
    """After a shorter search matched few referrals, one query pages and counts (perf-2)."""
    listing = demo_services.referral_list
    engine = demo_services.ctx.sessions.kw["bind"]
    expected_total = listing.count(everyone, "an")
    request = PageRequest(offset=0, limit=10, sort=sort, text="an")
    expected_rows = listing.page(everyone, request)
    listing._recent_counts.clear()

    rows, total = listing.first_page(everyone, PageRequest(0, 10, sort=sort, text="a"))
    assert total == listing.count(everyone, "a")
    monkeypatch.setattr(referral_module, "WALK_ORDER_FROM_MATCHES", total + 1)
    with sql_sent(engine) as sent:
        rows, total = listing.first_page(everyone, request)
    statements = [statement for statement, _ in sent]
    assert (rows, total) == (expected_rows, expected_total)
    assert any("OVER ()" in statement for statement in statements)
    assert not any(
        statement.lstrip().upper().startswith("SELECT COUNT") for statement in statements
    )


def test_the_first_page_counts_first_when_nothing_shorter_is_known(
    demo_services: Services, everyone: Actor
) -> None:
    listing = demo_services.referral_list
    rows, total = listing.first_page(everyone, PageRequest(offset=0, limit=10, text="a"))
    assert total == listing.count(everyone, "a") > 10
    assert rows == listing.page(everyone, PageRequest(offset=0, limit=10, text="a"))
    assert listing.first_page(everyone, PageRequest(offset=0, limit=10, text="zzqx")) == ([], 0)


def _plan(services: Services, statement: str, parameters: object) -> str:
    with sqlite3.connect(_db_file(services)) as connection:
        rows = connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


@pytest.mark.parametrize("typed", ["an", "son", "mar"])
def test_a_search_of_open_referrals_reads_the_open_only_index(
    demo_services: Services, everyone: Actor, typed: str
) -> None:
    """The open statuses are constants in the SQL, so the planner may read the partial
    index of open referrals by young person instead of every referral of each match."""
    listing = demo_services.referral_list
    engine = demo_services.ctx.sessions.kw["bind"]
    open_only = ReferralFilter(open_only=True)
    listing.first_page(everyone, PageRequest(limit=10, text=typed[:1]), open_only)
    with sql_sent(engine) as sent:
        rows, total = listing.first_page(everyone, PageRequest(limit=10, text=typed), open_only)
    searches = [(sql, params) for sql, params in sent if "referrals.status IN" in sql]
    assert searches
    for statement, parameters in searches:
        assert f"IN ({', '.join(repr(s.value) for s in OPEN_REFERRAL_STATUSES)})" in statement
        assert "uq_referrals_one_open_per_pathway" in _plan(demo_services, statement, parameters)
    with sqlite3.connect(_db_file(demo_services)) as connection:
        expected = connection.execute(
            "SELECT count(*) FROM referrals r JOIN young_people y ON y.id = r.young_person_id "
            f"WHERE instr(y.search_name, ?) > 0 AND r.status IN "
            f"({', '.join('?' for _ in OPEN_REFERRAL_STATUSES)})",
            (typed, *(status.value for status in OPEN_REFERRAL_STATUSES)),
        ).fetchone()[0]
    assert total == expected > 0
    assert all(row.status.is_open and typed in normalise_name(row.young_person) for row in rows)


@pytest.mark.parametrize("text", ["", "a", "son"])
@pytest.mark.parametrize("open_only", [False, True])
def test_a_page_read_in_one_statement_equals_its_ids_read_then_their_rows(
    demo_services: Services, everyone: Actor, text: str, open_only: bool
) -> None:
    """The page's rows are read with the page (one statement, sorted again by the page's
    own order); reading the ids first and then their rows gives the very same rows."""
    listing = demo_services.referral_list
    filter_ = ReferralFilter(open_only=open_only)
    for sort in [None, *listing.sort_columns]:
        for descending in (False, True):
            request = PageRequest(offset=3, limit=40, sort=sort, descending=descending, text=text)
            ids_first = ordered(
                listing._filtered(text, filter_, by_person=sort == "young_person"),
                request,
                listing.sort_columns,
                [Referral.received_at.desc()],
                Referral.id,
            )
            with demo_services.ctx.read_only() as session:
                ids = list(session.connection().execute(ids_first).scalars())
                expected = listing.rows_for(session, ids)
            assert expected
            assert listing.page(everyone, request, filter_) == expected, (sort, descending)
            listing._recent_counts.clear()
            listing.first_page(everyone, PageRequest(text=text[:1]), filter_)  # now known few
            rows, total = listing.first_page(everyone, request, filter_)
            assert rows == expected, (sort, descending)
            assert total == listing.count(everyone, text, filter_)
