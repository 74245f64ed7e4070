"""The period report reads referrals from its covering index (perf-2), with the same figures."""

from __future__ import annotations

import sqlite3
import statistics
from datetime import date, datetime
from pathlib import Path

from diversion_app.domain.enums import OPEN_REFERRAL_STATUSES
from diversion_app.services.base.actor import Actor
from diversion_app.services.registry import Services
from tests.sql_sent import sql_sent


def test_the_period_reports_referral_queries_read_only_covering_indexes(
    demo_services: Services, supervisor: Actor
) -> None:
    engine = demo_services.ctx.sessions.kw["bind"]
    with sql_sent(engine) as seen:
        demo_services.reports.performance(supervisor, date(2025, 11, 29), date(2026, 11, 28))
    on_referrals = [
        (statement, parameters)
        for statement, parameters in seen
        if "FROM referrals" in statement and "received_at >=" in statement
    ]
    assert len(on_referrals) >= 4  # the grouped pass and the median, for both periods
    with sqlite3.connect(Path(engine.url.database)) as connection:
        for statement, parameters in on_referrals:
            plan = " ".join(
                str(row[3])
                for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            )
            # the report's own covering indexes: figures, and the working-day deadlines;
            # the chart's bars count each bar's range on the received time's own index
            assert "SCAN referrals" not in plan, plan
            assert (
                "COVERING INDEX ix_referrals_period_" in plan
                or "COVERING INDEX ix_referrals_received_at" in plan
            ), plan
        for table in ("assessments", "programmes", "closures"):
            counted = [(st, params) for st, params in seen if f"FROM {table}" in st]
            assert counted, table
            for statement, parameters in counted:
                plan = " ".join(
                    str(row[3])
                    for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
                )
                assert f"SEARCH {table} USING COVERING INDEX" in plan, plan


def test_the_median_hours_to_contact_matches_python_on_the_stored_instants(
    demo_services: Services, supervisor: Actor
) -> None:
    report = demo_services.reports.performance(supervisor, date(2025, 11, 29), date(2026, 11, 28))
    start, end = report.current.period.instants()
    database = Path(demo_services.ctx.sessions.kw["bind"].url.database)
    open_statuses = [status.value for status in OPEN_REFERRAL_STATUSES]
    marks = ", ".join("?" * len(open_statuses))

    def stamp(instant: datetime) -> str:
        return instant.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")

    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT received_at, clock_met_at FROM referrals WHERE received_at >= ? "
            f"AND received_at < ? AND clock_met_at IS NOT NULL AND (status IN ({marks}) "
            "OR ended_at IS NULL OR clock_met_at <= ended_at)",
            (stamp(start), stamp(end), *open_statuses),
        ).fetchall()
    assert rows
    hours = [
        (datetime.fromisoformat(met) - datetime.fromisoformat(received)).total_seconds() / 3600
        for received, met in rows
    ]
    assert report.current.median_hours_to_contact is not None
    assert abs(report.current.median_hours_to_contact - statistics.median(hours)) < 0.001
