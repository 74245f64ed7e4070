"""The demo fills every returns field, in believable proportions, and the KPI return has data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from diversion_app.demo.generator import build_demo
from diversion_app.domain.snapshot import SNAPSHOT_FIELDS
from diversion_app.persistence import models as m
from diversion_app.persistence.engine import session_factory, sqlite_url
from diversion_app.persistence.migrate import open_database
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from tests.conftest import FIXED_NOW


def _share(
    session: sa.orm.Session, condition: sa.ColumnElement[bool], of: sa.ColumnElement[bool]
) -> float:
    whole = session.execute(
        sa.select(sa.func.count()).select_from(m.Referral).where(of)
    ).scalar_one()
    part = session.execute(
        sa.select(sa.func.count()).select_from(m.Referral).where(of, condition)
    ).scalar_one()
    assert whole > 0
    return part / whole


def test_every_returns_field_is_filled(demo_services: Services, everyone: Actor) -> None:
    diversion = m.Referral.pathway == "diversion"
    everything = sa.true()
    with demo_services.ctx.read_only() as session:
        assert _share(session, m.Referral.assessment_due_on.is_not(None), everything) == 1.0
        assert _share(session, m.Referral.recommendation_due_on.is_not(None), diversion) == 1.0
        assert 0.85 < _share(session, m.Referral.outcome_code.is_not(None), diversion) < 0.99
        assert 0.4 < _share(session, m.Referral.outcome_code == "22", diversion) < 0.8
        assert 0.95 < _share(session, m.Referral.gravity_score.is_not(None), diversion) <= 1.0
        assert 0.45 < _share(session, m.Referral.victim_present == "yes", diversion) < 0.75
        assert 0.1 < _share(session, m.Referral.turnaround_event.is_not(None), everything) < 0.5
        assert 0.0 < _share(session, m.Referral.turnaround_flag.is_(True), everything) < 0.3
        assert _share(session, m.Referral.assessed_on.is_not(None), everything) > 0.2
        assert _share(session, m.Referral.recommendation_sent_on.is_not(None), diversion) > 0.2
        assert _share(session, m.Referral.outcome22_due_at.is_not(None), diversion) > 0.1
        assert _share(session, m.Referral.outcome22_done_at.is_not(None), diversion) > 0.05
        waiting = session.execute(
            sa.select(sa.func.count())
            .select_from(m.Referral)
            .where(m.Referral.outcome22_due_at.is_not(None), m.Referral.outcome22_done_at.is_(None))
        ).scalar_one()
        assert waiting > 0  # some officers have an Outcome 22 task
        snapshots = session.execute(sa.select(m.ReferralSnapshot)).scalars().all()
        stages = {row.stage.value for row in snapshots}
        assert stages == {"start", "end"}
        for name in SNAPSHOT_FIELDS:
            values = {getattr(row, name) for row in snapshots}
            assert len(values) > 1, name  # every field takes more than one value
        crs = session.execute(sa.select(m.CommunityResolution)).scalars().all()
        assert {cr.outcome_code.value for cr in crs} == {"8"}
        assert any(cr.victim_rj_offered is not None for cr in crs)
    report = demo_services.kpi.quarterly_return(everyone, "2026Q3")
    assert report.children > 0


def test_the_returns_fields_come_from_the_seed(tmp_path: Path) -> None:
    def fingerprint(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        with sqlite3.connect(path) as connection:
            referrals = connection.execute(
                "SELECT id, assessment_due_on, assessed_on, recommendation_sent_on, outcome_code,"
                " gravity_score, victim_present, victim_rj_offered, turnaround_event,"
                " turnaround_flag, outcome22_due_at, outcome22_done_at, created_by_id"
                " FROM referrals ORDER BY id"
            ).fetchall()
            snapshots = connection.execute(
                "SELECT * FROM referral_snapshots ORDER BY id"
            ).fetchall()
        return referrals, snapshots

    paths = [tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"]
    for path, seed in zip(paths, (5, 5, 6), strict=True):
        opened = open_database(sqlite_url(path), now=FIXED_NOW)
        context = ServiceContext(session_factory(opened.engine), now_provider=lambda: FIXED_NOW)
        build_demo(context, young_people=60, seed=seed)
        opened.engine.dispose()
    first, second, other = (fingerprint(path) for path in paths)
    assert first == second
    assert first != other
