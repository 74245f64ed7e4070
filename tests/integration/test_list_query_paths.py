"""The faster query paths (issue 10) give the same answers as the plain ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from diversion_app.domain.enums import OPEN_REFERRAL_STATUSES
from diversion_app.domain.names import normalise_name
from diversion_app.services import referrals as referral_module
from diversion_app.services.actor import Actor
from diversion_app.services.listing import PageRequest
from diversion_app.services.registry import Services


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
