"""The names' trigram index narrows name searches without changing a single answer.

On a real SQLite file: for any names (accents, apostrophes, LIKE's own ``%`` and ``_``, a
backslash, double quotes, other scripts) and any typed text, the index finds every name the
plain ``LIKE`` finds (a superset), and the Referrals and Young people searches give exactly
the rows and numbers they give without it. The triggers keep the index in step when names
are added, changed and deleted; the statements' plans use the index for three characters or
more and not below.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from diversion_app.domain.enums import Area, Ethnicity, Gender
from diversion_app.domain.names import normalise_name
from diversion_app.domain.young_person_rules import YoungPersonDraft
from diversion_app.persistence.models import Household, Referral, YoungPerson
from diversion_app.persistence.name_search import (
    NAME_TRIGRAMS,
    integrity_problem,
    match_phrase,
    purge_deleted,
)
from diversion_app.persistence.secure_delete import overwrite_freed_pages
from diversion_app.services.accounts.maintenance import check_database
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.listing import PageRequest, count_of, like_pattern
from diversion_app.services.people import young_people as people_module
from diversion_app.services.people.young_people import YoungPeopleService
from diversion_app.services.referrals import referral_list as referral_module
from diversion_app.services.referrals.referral_list import ReferralFilter, ReferralListService
from diversion_app.services.registry import Services
from tests.integration.people.name_rows import add_household, add_named

SPECIAL = list("aeimnorstzAÉéèëçñøßİıŁłÆæ'’`-.%_\\\" ") + list("Σσςжд李小龙محمد")
NAME_CHARS = st.one_of(
    st.sampled_from(SPECIAL),
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
)
NAMES = st.lists(
    st.tuples(
        st.text(NAME_CHARS, min_size=1, max_size=10),
        st.text(NAME_CHARS, min_size=1, max_size=12),
        st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


def _engine(services: Services) -> Engine:
    engine: Engine = services.ctx.sessions.kw["bind"]
    return engine


@pytest.fixture
def names_written(services: Services) -> Iterator[Engine]:
    """The empty database's engine; each example's people are deleted after it."""
    yield _engine(services)


def _write(engine: Engine, names: list[tuple[str, str, bool]]) -> list[int]:
    with engine.begin() as connection:
        household = add_household(connection)
        return [
            add_named(connection, household, given, family, disposed=disposed, number=number)[0]
            for number, (given, family, disposed) in enumerate(names)
        ]


def _delete_everyone(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(sa.delete(Referral))
        connection.execute(sa.delete(YoungPerson))
        connection.execute(sa.delete(Household))
        assert integrity_problem(connection) is None
        left = connection.exec_driver_sql(f"SELECT count(*) FROM {NAME_TRIGRAMS}").scalar()
    assert left == 0


def _found_by_index(engine: Engine, words: list[str]) -> set[int]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f"SELECT rowid FROM {NAME_TRIGRAMS} WHERE {NAME_TRIGRAMS} MATCH ?",
            (match_phrase(words),),
        )
        return {row[0] for row in rows}


def _found_by_like(engine: Engine, needle: str) -> set[int]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(YoungPerson.id).where(
                YoungPerson.search_name.like(like_pattern(needle), escape="\\")
            )
        )
        return {row[0] for row in rows}


def _without_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """The searches as they were before the index: no pre-filter at all."""
    monkeypatch.setattr(referral_module, "long_enough", lambda _words: [])
    monkeypatch.setattr(people_module, "long_enough", lambda _words: [])


def _both_searches(services: Services, actor: Actor, typed: str) -> tuple[object, object]:
    """Both lists' answers, by each way they read: counted first, paged and counted in one
    statement (a shorter search known to match few), walked in the order shown."""
    request = PageRequest(0, 500, None, False, typed)
    referrals = ReferralListService(services.ctx).first_page(actor, request, ReferralFilter())
    by_person = ReferralListService(services.ctx).first_page(
        actor, PageRequest(0, 500, "young_person", True, typed), ReferralFilter()
    )
    at_once = ReferralListService(services.ctx)
    at_once._known_few = lambda _text, _filter: True  # type: ignore[method-assign]
    in_one = at_once.first_page(actor, request, ReferralFilter(open_only=True))
    walking = ReferralListService(services.ctx)
    walking._recent_counts[typed.strip(), ReferralFilter()] = 10**9  # as if most matched
    walked = walking.page(actor, request, ReferralFilter())
    people = YoungPeopleService(services.ctx).first_page(actor, request)
    named = YoungPeopleService(services.ctx).first_page(
        actor, PageRequest(0, 500, "name", False, typed)
    )
    return (referrals, by_person, in_one, walked), (people, named)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(names=NAMES, data=st.data())
def test_the_index_finds_a_superset_and_the_searches_answer_as_without_it(
    services: Services,
    names_written: Engine,
    everyone: Actor,
    names: list[tuple[str, str, bool]],
    data: st.DataObject,
) -> None:
    engine = names_written
    _write(engine, names)
    try:
        given_name, family, _ = data.draw(st.sampled_from(names))
        whole = f"{given_name} {family}"
        start = data.draw(st.integers(0, len(whole) - 1))
        end = data.draw(st.integers(start + 1, len(whole)))
        typed = data.draw(
            st.one_of(st.just(whole[start:end]), st.text(NAME_CHARS, min_size=1, max_size=8))
        )
        needle = normalise_name(typed)
        if len(needle) >= 3:
            assert _found_by_like(engine, needle) <= _found_by_index(engine, [needle])
        for word in needle.split():
            if len(word) >= 3:
                assert _found_by_like(engine, word) <= _found_by_index(engine, [word])

        indexed = _both_searches(services, everyone, typed)
        with pytest.MonkeyPatch.context() as patch:
            _without_index(patch)
            plain = _both_searches(services, everyone, typed)
        assert indexed == plain
    finally:
        _delete_everyone(engine)


def _draft(given: str, family: str, **changes: object) -> YoungPersonDraft:
    values: dict[str, object] = {
        "given_name": given,
        "family_name": family,
        "date_of_birth": "02/04/2011",
        "gender": Gender.FEMALE,
        "ethnicity": Ethnicity.NOT_STATED,
        "area": Area.EAST,
        "address_line1": "1 Example Street",
        "postcode": "DM1 1AA",
    }
    values.update(changes)
    return YoungPersonDraft(**values)  # type: ignore[arg-type]


def _listed(services: Services, actor: Actor, typed: str) -> list[str]:
    rows, _total = YoungPeopleService(services.ctx).first_page(actor, PageRequest(text=typed))
    return [row.name for row in rows]


def test_adding_and_editing_a_name_keeps_the_index_in_step(
    services: Services, everyone: Actor
) -> None:
    editor = services.young_person_editor
    saved = editor.create(everyone, _draft("Zoë", "O'Neill-Quayle"), confirmed_new=True)
    editor.create(everyone, _draft("Amara", "Okafor", date_of_birth="03/05/2012"))
    assert _listed(services, everyone, "quayle") == ["Zoë O'Neill-Quayle"]
    assert _listed(services, everyone, "oneill") == ["Zoë O'Neill-Quayle"]

    draft = editor.draft_for(everyone, saved.id)
    editor.update(
        everyone, saved.id, _draft("Zoë", "Featherstonehaugh", edit_stamp=draft.edit_stamp)
    )
    assert _listed(services, everyone, "quayle") == []
    assert _listed(services, everyone, "featherston") == ["Zoë Featherstonehaugh"]
    assert _listed(services, everyone, "okafor") == ["Amara Okafor"]
    engine = _engine(services)
    assert _found_by_index(engine, ["quayle"]) == set()
    assert _found_by_index(engine, ["featherston"]) == {saved.id}
    with engine.begin() as connection:
        assert integrity_problem(connection) is None


def _stored_blocks_holding(engine: Engine, trigram: str) -> int:
    """How many of the index's stored blocks hold ``trigram``'s bytes (live or deleted)."""
    with engine.connect() as connection:
        blocks = connection.exec_driver_sql(f"SELECT block FROM {NAME_TRIGRAMS}_data")
        return sum(1 for (block,) in blocks if trigram.encode() in bytes(block))


def test_a_changed_names_trigrams_leave_the_stored_index_once_merged(
    services: Services, everyone: Actor
) -> None:
    engine = _engine(services)
    with engine.begin() as connection:
        household = add_household(connection)
        person_id, _ = add_named(connection, household, "Qzxv", "Jwpk")
        add_named(connection, household, "Mia", "Smith", number=1)
    with engine.begin() as connection:  # as a disposal erases the name
        connection.execute(
            sa.update(YoungPerson).where(YoungPerson.id == person_id).values(search_name="")
        )
    assert _found_by_index(engine, ["qzxv"]) == set()
    assert _stored_blocks_holding(engine, "qzx") > 0  # deleted, but still in a segment
    with engine.begin() as connection:
        purge_deleted(connection)
    assert _stored_blocks_holding(engine, "qzx") == 0
    assert _found_by_index(engine, ["smith"]) == {person_id + 1}


def test_rebuilding_the_file_after_a_disposal_merges_the_index(services: Services) -> None:
    engine = _engine(services)
    with engine.begin() as connection:
        household = add_household(connection)
        person_id, _ = add_named(connection, household, "Qzxv", "Jwpk")
    with engine.begin() as connection:
        connection.execute(
            sa.update(YoungPerson).where(YoungPerson.id == person_id).values(search_name="")
        )
    assert overwrite_freed_pages(engine) is True
    assert _stored_blocks_holding(engine, "qzx") == 0


def test_the_check_notices_a_missing_trigger(services: Services) -> None:
    engine = _engine(services)
    assert check_database(services.ctx).ok
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TRIGGER {NAME_TRIGRAMS}_update")
    problems = check_database(services.ctx).problems
    assert any("name search index" in problem for problem in problems)


def _plan(engine: Engine, statement: sa.Select[object]) -> str:
    with engine.connect() as connection:
        compiled = statement.compile(dialect=connection.dialect)
        rows = connection.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {compiled}", tuple(compiled.params.values())
        ).all()
    return "\n".join(str(row[-1]) for row in rows)


@pytest.mark.parametrize(
    ("typed", "uses_index"), [("s", False), ("sm", False), ("smi", True), ("smith", True)]
)
def test_the_plans_use_the_index_from_three_characters(
    services: Services, typed: str, uses_index: bool
) -> None:
    engine = _engine(services)
    referrals = ReferralListService(services.ctx)
    people = YoungPeopleService(services.ctx)
    statements = [
        count_of(referrals._filtered(typed, ReferralFilter())),
        referrals._filtered(typed, ReferralFilter(), by_person=True),
        referrals._filtered(typed, ReferralFilter(), walk_order=True),
        count_of(people._filtered(typed)),
        people._ordered(PageRequest(text=typed)),
    ]
    with engine.begin() as connection:  # enough people for the planner to weigh its ways
        household = add_household(connection)
        for number in range(300):
            add_named(connection, household, f"Name{number}", "Smith" if number % 7 else "Jones")
        connection.exec_driver_sql("ANALYZE")
    for statement in statements:
        plan = _plan(engine, statement)
        assert (f"{NAME_TRIGRAMS} VIRTUAL TABLE" in plan) is uses_index, plan
        if uses_index:  # each young person found is read by their id, never all of them
            assert "SCAN young_people" not in plan.splitlines(), plan
            assert ") = 1" not in str(statement.compile(dialect=sqlite3_dialect()))


def test_a_search_of_several_words_needs_each_of_three_letters_in_the_index(
    services: Services,
) -> None:
    people = YoungPeopleService(services.ctx)
    compiled = str(people._filtered("mia okafor zo").compile(dialect=sqlite3_dialect()))
    assert compiled.count("MATCH") == 1  # one look-up for "mia" and "okafor" together
    assert "young_people.search_name LIKE" in compiled


def sqlite3_dialect() -> sa.Dialect:
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect()


def test_the_file_holds_the_index_for_plain_sqlite3(services: Services) -> None:
    """The fair limit replays the statements with the standard library's sqlite3."""
    engine = _engine(services)
    with engine.begin() as connection:
        household = add_household(connection)
        add_named(connection, household, "Mia", "Smith")
    path = Path(str(engine.url.database))
    with sqlite3.connect(path) as connection:
        found = connection.execute(
            f"SELECT rowid FROM {NAME_TRIGRAMS} WHERE {NAME_TRIGRAMS} MATCH ?", ('"smith"',)
        ).fetchall()
    assert len(found) == 1
