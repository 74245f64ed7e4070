"""Migration 0004: a database at 0003 with rows in it is upgraded, and the rows become facts.

Allocation history is rebuilt from the allocation lines of the referral history where
their names match users; otherwise today's ``allocated_at`` becomes the one period.
Assessments get their completed / signed-off / returned steps.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from diversion_app.persistence.engine import create_engine, sqlite_url
from diversion_app.persistence.migrate import head_revision, open_database, upgrade
from diversion_app.persistence.models import (
    AllocationPeriod,
    Assessment,
    AssessmentEvent,
    Closure,
    CommunityResolution,
    Household,
    Referral,
    ReferralEvent,
    User,
    YoungPerson,
)

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def _revision_before(revision: str) -> str:
    """The revision this migration follows in the shipped chain (the schema it upgrades)."""
    from alembic.script import ScriptDirectory

    from diversion_app.persistence.migrate import alembic_config

    before = ScriptDirectory.from_config(alembic_config()).get_revision(revision).down_revision
    assert isinstance(before, str)
    return before


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 10, day, hour, 0, tzinfo=UTC)


def _insert(connection: sa.Connection, model: Any, **values: Any) -> int:
    result = connection.execute(sa.insert(model.__table__).values(**values))
    key = result.inserted_primary_key
    return int(key[0]) if key else 0


def _referral(
    connection: sa.Connection, home: int, worker: int | None, allocated: datetime | None
) -> int:
    """A prevention referral of a new young person in ``home`` (one open referral each)."""
    c = connection
    person = _insert(
        c,
        YoungPerson,
        given_name="Old",
        family_name="Record",
        search_name="old record",
        family_name_key="record",
        date_of_birth=date(2012, 1, 1),
        gender="female",
        ethnicity="not_stated",
        household_id=home,
        area="east",
        looked_after=False,
        child_plan=False,
        send=False,
        created_at=T0,
        updated_at=T0,
    )
    return _insert(
        connection,
        Referral,
        young_person_id=person,
        pathway="prevention",
        source="school",
        referrer_name="Head of Year",
        reasons=["anti_social_behaviour"],
        received_at=T0,
        caseworker_id=worker,
        allocated_at=allocated,
        status="allocated" if worker else "received",
        status_changed_at=T0,
        clock_due_at=_at(3),
        created_at=T0,
    )


def _old_database(path: Path) -> dict[str, int]:
    engine = create_engine(sqlite_url(path))
    upgrade(engine, _revision_before("0004_issue14"))
    ids: dict[str, int] = {}
    with engine.begin() as c:
        for key, name in (("alice", "Alice Able"), ("bob", "Bob Baker"), ("sup", "Sam Sup")):
            ids[key] = _insert(
                c,
                User,
                username=key,
                display_name=name,
                active=True,
                failed_sign_ins=0,
                created_at=T0,
            )
        # two accounts share a display name: their history cannot be told apart
        ids["twin1"] = _insert(
            c,
            User,
            username="twin1",
            display_name="Chris Twin",
            active=True,
            failed_sign_ins=0,
            created_at=T0,
        )
        ids["twin2"] = _insert(
            c,
            User,
            username="twin2",
            display_name="Chris Twin",
            active=True,
            failed_sign_ins=0,
            created_at=T0,
        )
        home = _insert(c, Household, address_line1="1 Old Road", created_at=T0)
        # reallocated Alice -> Bob: history lines name both
        ids["moved"] = _referral(c, home, ids["bob"], _at(8))
        for when, old, new in (
            (_at(1, 11), None, "Alice Able"),
            (_at(8), "Alice Able", "Bob Baker"),
        ):
            _insert(
                c,
                ReferralEvent,
                referral_id=ids["moved"],
                at=when,
                user_id=ids["sup"],
                kind="allocation",
                from_value=old,
                to_value=new,
            )
        # allocated with no history line at all (older data)
        ids["bare"] = _referral(c, home, ids["alice"], _at(2))
        # history names an ambiguous account
        ids["twin"] = _referral(c, home, ids["twin2"], _at(5))
        _insert(
            c,
            ReferralEvent,
            referral_id=ids["twin"],
            at=_at(5),
            user_id=ids["sup"],
            kind="allocation",
            from_value=None,
            to_value="Chris Twin",
        )
        ids["unallocated"] = _referral(c, home, None, None)
        # ended as not engaged the evening of 20/10 UTC: 21/10 in London (BST)
        ids["stopped"] = _referral(c, home, ids["alice"], _at(2))
        c.execute(
            sa.update(Referral.__table__)
            .where(Referral.id == ids["stopped"])
            .values(status="not_engaged", ended_at=_at(20, 23), status_reason="No answer.")
        )
        ids["linked"] = _referral(c, home, ids["alice"], _at(2))
        child = c.execute(
            sa.select(Referral.young_person_id).where(Referral.id == ids["linked"])
        ).scalar_one()
        ids["cr"] = _insert(
            c,
            CommunityResolution,
            young_person_id=child,
            crime_reference="CR/1",
            offence_date=date(2026, 9, 15),
            offence_category="theft",
            offence_description="Shoplifting",
            officer_name="PC Test",
            collar_number="1234",
            accepted_responsibility=True,
            appropriate_adult_present=True,
            victim_type="business",
            restorative_actions=[],
            gravity_score=2,
            authorised_by="Sgt Test",
            recorded_on=date(2026, 9, 16),
            created_at=T0,
        )
        c.execute(
            sa.update(Referral.__table__)
            .where(Referral.id == ids["linked"])
            .values(pathway="diversion", community_resolution_id=ids["cr"])
        )
        ids["signed"] = _insert(
            c,
            Assessment,
            referral_id=ids["moved"],
            assessor_id=ids["alice"],
            started_on=date(2026, 10, 3),
            completed_on=date(2026, 10, 5),
            status="signed_off",
            signed_off_by_id=ids["sup"],
            signed_off_at=_at(15, 10),
            updated_at=_at(15, 10),
        )
        ids["returned"] = _insert(
            c,
            Assessment,
            referral_id=ids["bare"],
            assessor_id=ids["alice"],
            started_on=date(2026, 10, 3),
            completed_on=date(2026, 10, 6),
            status="returned",
            return_comment="More on school",
            updated_at=_at(9, 16),
        )
        ids["draft"] = _insert(
            c,
            Assessment,
            referral_id=ids["twin"],
            assessor_id=ids["alice"],
            started_on=date(2026, 10, 7),
            status="draft",
            updated_at=_at(7),
        )
    engine.dispose()
    return ids


def test_existing_rows_become_dated_facts_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    ids = _old_database(path)
    opened = open_database(sqlite_url(path), now=_at(31))
    assert opened.revision == head_revision()
    with opened.engine.connect() as c:
        periods = {
            (row.referral_id, row.caseworker_id, row.held_from, row.held_until)
            for row in c.execute(sa.select(AllocationPeriod.__table__))
        }
        steps = {
            (row.assessment_id, row.kind, row.effective_on)
            for row in c.execute(sa.select(AssessmentEvent.__table__))
        }
        referrals = c.execute(
            sa.select(sa.func.count()).select_from(Referral.__table__)
        ).scalar_one()
        offences = dict(c.execute(sa.select(Referral.id, Referral.offence_date)).all())
        closures = [
            (row.referral_id, row.closed_on, row.outcome, row.status, row.follow_up_due_on)
            for row in c.execute(sa.select(Closure.__table__))
        ]
        moved = c.execute(
            sa.select(Referral.caseworker_id, Referral.allocated_at).where(
                Referral.id == ids["moved"]
            )
        ).one()
    opened.engine.dispose()
    assert referrals == 6
    assert offences[ids["linked"]] == date(2026, 9, 15)  # from the linked CR
    assert offences[ids["moved"]] is None  # never stored: stays empty
    assert closures == [
        (ids["stopped"], date(2026, 10, 21), "did_not_engage", "approved", date(2027, 10, 21))
    ]
    assert tuple(moved) == (ids["bob"], _at(8))  # the current columns are untouched
    assert periods == {
        # rebuilt from the history lines: Alice from the 1st to the 8th, then Bob
        (ids["moved"], ids["alice"], _at(1, 11), _at(8)),
        (ids["moved"], ids["bob"], _at(8), None),
        # no history: today's allocated_at becomes the first (and only) period
        (ids["bare"], ids["alice"], _at(2), None),
        # a name two accounts share cannot be matched: the current holder from allocated_at
        (ids["twin"], ids["twin2"], _at(5), None),
        (ids["stopped"], ids["alice"], _at(2), None),
        (ids["linked"], ids["alice"], _at(2), None),
    }
    assert steps == {
        (ids["signed"], "completed", date(2026, 10, 5)),
        (ids["signed"], "signed_off", date(2026, 10, 15)),
        (ids["returned"], "completed", date(2026, 10, 6)),
        (ids["returned"], "returned", date(2026, 10, 9)),
    }
