"""The returns migration carries rows kept before it: deadlines worked out, the rest empty."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from diversion_app.persistence.engine import create_engine, sqlite_url
from diversion_app.persistence.migrate import upgrade

PREVIOUS = "0003_perf2"


def _seed(engine: sa.Engine) -> None:
    with engine.begin() as db:
        db.exec_driver_sql(
            "INSERT INTO users (id, username, display_name, active, failed_sign_ins, created_at)"
            " VALUES (1, 'cw', 'Casey Worker', 1, 0, '2026-01-01 09:00:00')"
        )
        db.exec_driver_sql(
            "INSERT INTO households (id, address_line1, created_at)"
            " VALUES (1, '1 High Street', '2026-01-01 09:00:00')"
        )
        db.exec_driver_sql(
            "INSERT INTO young_people (id, given_name, family_name, search_name, family_name_key,"
            " date_of_birth, gender, ethnicity, household_id, area, looked_after, child_plan,"
            " send, created_at, updated_at) VALUES (1, 'Ann', 'Lee', 'ann lee', 'lee',"
            " '2011-05-01', 'female', 'white', 1, 'south', 0, 0, 0,"
            " '2026-01-01 09:00:00', '2026-01-01 09:00:00')"
        )
        db.exec_driver_sql(
            "INSERT INTO community_resolutions (id, young_person_id, crime_reference,"
            " offence_date, offence_category, offence_description, officer_name, collar_number,"
            " accepted_responsibility, appropriate_adult_present, victim_type, victim_consulted,"
            " restorative_actions, gravity_score, authorised_by, recorded_on, created_at)"
            " VALUES (1, 1, 'CR/1', '2026-12-01', 'theft', 'shop theft', 'PC One', '1234', 1, 1,"
            " 'business', 1, '[]', 2, 'Sgt Two', '2026-12-02', '2026-12-02 10:00:00')"
        )
        for referral_id, pathway, received in (
            (1, "diversion", "2026-12-24 10:00:00"),
            # 23:30 UTC on 24 December is still the 24th in London (GMT)
            (2, "prevention", "2026-12-24 23:30:00"),
        ):
            db.exec_driver_sql(
                "INSERT INTO referrals (id, young_person_id, pathway, source, referrer_name,"
                " reasons, received_at, consent_young_person, consent_parent_carer,"
                " consent_to_share, status, status_changed_at, clock_due_at, created_at)"
                f" VALUES ({referral_id}, 1, '{pathway}', 'police', 'PC One', '[]',"
                f" '{received}', 1, 1, 1, 'assessed', '{received}', '{received}', '{received}')"
            )
        db.exec_driver_sql(
            "INSERT INTO assessments (id, referral_id, started_on, completed_on, status,"
            " updated_at) VALUES (1, 1, '2027-01-04', '2027-01-08', 'signed_off',"
            " '2027-01-08 10:00:00')"
        )


def test_existing_rows_survive_with_deadlines_and_empty_new_fields(tmp_path: Path) -> None:
    engine = create_engine(sqlite_url(tmp_path / "old.db"))
    upgrade(engine, PREVIOUS)
    _seed(engine)
    upgrade(engine, "0009_issue19")
    with engine.connect() as db:
        rows = db.exec_driver_sql(
            "SELECT id, referrer_name, assessment_due_on, recommendation_due_on, assessed_on,"
            " outcome_code, gravity_score, victim_present, turnaround_flag, outcome22_due_at"
            " FROM referrals ORDER BY id"
        ).all()
        cr = db.exec_driver_sql(
            "SELECT crime_reference, outcome_code, victim_rj_offered FROM community_resolutions"
        ).one()
        snapshots = db.exec_driver_sql("SELECT count(*) FROM referral_snapshots").scalar_one()
    engine.dispose()
    first, second = rows
    assert first[1] == "PC One"
    assert date.fromisoformat(first[2]) == date(2027, 1, 12)
    assert date.fromisoformat(first[3]) == date(2027, 1, 19)
    assert date.fromisoformat(first[4]) == date(2027, 1, 8)
    assert first[5:] == (None, None, None, 0, None)
    # prevention: the assessment deadline only, nothing assessed yet
    assert date.fromisoformat(second[2]) == date(2027, 1, 12)
    assert second[3] is None and second[4] is None
    assert cr == ("CR/1", "8", None)
    assert snapshots == 0


def test_children_of_a_referral_are_not_lost_by_the_migration(tmp_path: Path) -> None:
    engine = create_engine(sqlite_url(tmp_path / "kids.db"))
    upgrade(engine, PREVIOUS)
    _seed(engine)
    upgrade(engine, "0009_issue19")
    with engine.connect() as db:
        assessments = db.exec_driver_sql("SELECT count(*) FROM assessments").scalar_one()
        fks = db.exec_driver_sql("PRAGMA foreign_key_list(referrals)").all()
    engine.dispose()
    assert assessments == 1
    assert any(row[2] == "users" and row[3] == "outcome22_done_by_id" for row in fks)


def test_downgrade_keeps_the_referrals_and_their_children(tmp_path: Path) -> None:
    engine = create_engine(sqlite_url(tmp_path / "down.db"))
    upgrade(engine, PREVIOUS)
    _seed(engine)
    upgrade(engine, "0009_issue19")
    from alembic import command

    from diversion_app.persistence.migrate import alembic_config

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, PREVIOUS)
    with engine.connect() as db:
        referrals = db.exec_driver_sql("SELECT count(*) FROM referrals").scalar_one()
        assessments = db.exec_driver_sql("SELECT count(*) FROM assessments").scalar_one()
    engine.dispose()
    assert (referrals, assessments) == (2, 1)
