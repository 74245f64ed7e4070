"""A Young people search paged and counted in one statement gives the same rows, the same
number and the same audit event as counting first and then paging."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.base.recent_counts import RecentCounts
from diversion_app.services.people.young_people import YoungPeopleService
from diversion_app.services.registry import Services

PIECES = [
    "a", "an", "ann", "o", "o'", "o'n", "mi", "mia", "mia o", "zo", "smith", "lee", "kow",
    "05/03/2011", "31/02/2011", "DM5", "dm5 3", "LP00", "26/0", "x1", "é", "zz", "  ",
]  # fmt: skip
"""Names, parts of names, dates (one impossible), postcodes and police identifiers."""


def _db_file(services: Services) -> Path:
    return Path(services.ctx.sessions.kw["bind"].url.database)


def _last_search_event(services: Services) -> tuple[str, str, dict[str, object]]:
    with sqlite3.connect(_db_file(services)) as connection:
        action, entity, changes = connection.execute(
            "SELECT action, entity, changes FROM audit_events ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return action, entity, json.loads(changes)


def _two_ways(services: Services) -> tuple[YoungPeopleService, YoungPeopleService]:
    """One that always counts first, one that always pages and counts in one statement."""
    counting = YoungPeopleService(services.ctx)
    counting._recent = RecentCounts(few=0)
    at_once = YoungPeopleService(services.ctx)
    at_once._recent.known_few = lambda _text: True  # type: ignore[method-assign]
    return counting, at_once


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.one_of(
        st.sampled_from(PIECES),
        st.text(alphabet="aeiklmnorst '", min_size=1, max_size=6),
    ),
    sort=st.sampled_from([None, "name", "date_of_birth", "area"]),
    descending=st.booleans(),
    limit=st.sampled_from([5, 100]),
)
def test_one_statement_pages_counts_and_audits_as_two_do(
    demo_services: Services,
    everyone: Actor,
    text: str,
    sort: str | None,
    descending: bool,
    limit: int,
) -> None:
    counting, at_once = _two_ways(demo_services)
    request = PageRequest(0, limit, sort, descending, text)
    expected = counting.first_page(everyone, request)
    expected_event = _last_search_event(demo_services)
    assert expected == (counting.search(everyone, request), counting.count(everyone, text))

    assert at_once.first_page(everyone, request) == expected
    assert (
        _last_search_event(demo_services)
        == expected_event
        == (
            "searched",
            "young_people",
            {"listed": expected[1]},
        )
    )


def test_typing_narrows_to_the_one_statement_once_few_are_listed(
    demo_services: Services, everyone: Actor
) -> None:
    people = YoungPeopleService(demo_services.ctx)
    many, few = people.count(everyone, "m"), people.count(everyone, "mi")
    assert many > few > 0
    people._recent = RecentCounts(few=few + 1)  # "m" lists many, "mi" few
    counted: list[str] = []
    counting = people.count
    people.count = lambda actor, text: counted.append(text) or counting(actor, text)  # type: ignore[method-assign]

    for typed in ("m", "mi", "mia"):
        people.first_page(everyone, PageRequest(text=typed))
    # "m" is counted first (nothing known), "mi" too ("m" listed many); "mi" listed few,
    # so "mia" is paged and counted in one statement
    assert counted == ["m", "mi"]
    reference, _ = _two_ways(demo_services)
    assert people.first_page(everyone, PageRequest(text="mia")) == reference.first_page(
        everyone, PageRequest(text="mia")
    )


def test_a_search_that_changes_kind_as_it_grows_is_counted_first_again(
    demo_services: Services, everyone: Actor
) -> None:
    """ "LP" is a name search (it lists few or nobody); "LP0" is matched against police and
    local identifiers and postcodes instead, so it is no narrowing of "LP" and is counted
    first (one statement over every identifier took 140-180 ms on a region's database)."""
    people = YoungPeopleService(demo_services.ctx)
    counted: list[str] = []
    counting = people.count
    people.count = lambda actor, text: counted.append(text) or counting(actor, text)  # type: ignore[method-assign]

    for typed in ("LP", "LP0", "LP00", "DM5", "DM5 3"):
        people.first_page(everyone, PageRequest(text=typed))
    # "LP0" changes kind, "LP00" narrows it; "DM5 3" narrows "DM5" (postcodes only now)
    assert counted == ["LP", "LP0", "DM5"]
