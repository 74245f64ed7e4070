"""Benchmark: seconds to print the caseload PDF for 1,000 open cases and the period report
over 200,000 referrals. ``python -m tests.bench.bench_reports``; ``run()`` returns the figures.

The 200,000-referral database is built once with the demo builder (fixed seed and "now")
and kept in ``tests/bench/.cache/`` (about two minutes the first time). Not part of the
test suite.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from diversion_app.demo.generator import build_demo
from diversion_app.domain.enums import Role
from diversion_app.persistence.engine import session_factory, sqlite_url
from diversion_app.persistence.migrate import open_database
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.registry import Services
from diversion_app.services.reports.caseload_data import CaseloadScope
from tests.conftest import FOR_TESTS

NOW = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)
CACHE = Path(__file__).resolve().parent / ".cache"
BIG_DB = CACHE / "reports-200k-referrals.db"
YOUNG_PEOPLE_FOR_200K = 100_000
"""The demo gives two referrals per young person on average (issue 10)."""
ACTOR = Actor(None, "bench", "Benchmark", frozenset({Role.SUPERVISOR}))


def _context(path: Path) -> tuple[ServiceContext, object]:
    opened = open_database(sqlite_url(path), now=NOW)
    return ServiceContext(session_factory(opened.engine), now_provider=lambda: NOW), opened


def _big_database() -> Path:
    if not BIG_DB.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = BIG_DB.with_suffix(".building")
        partial.unlink(missing_ok=True)
        ctx, opened = _context(partial)
        build_demo(ctx, young_people=YOUNG_PEOPLE_FOR_200K, seed=2026)
        opened.engine.dispose()  # type: ignore[attr-defined]
        with sqlite3.connect(partial) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        partial.rename(BIG_DB)
    return BIG_DB


def _timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return round(time.perf_counter() - start, 3)


def run() -> dict[str, float | int]:
    """Build both reports and return the seconds each took (and the sizes measured)."""
    from tests.integration.report_seeding import seed_caseload

    results: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        ctx, opened = _context(work / "caseload.db")
        seed_caseload(ctx, cases=1000, now=NOW)
        services = Services.build(ctx)
        results["caseload_pdf_1000_cases_s"] = _timed(
            lambda: services.reports.write_caseload_pdf(
                ACTOR,
                work / "caseload.pdf",
                CaseloadScope(caseworker_username="busy"),
                for_whom=FOR_TESTS,
            )
        )
        opened.engine.dispose()  # type: ignore[attr-defined]

        big = work / "big.db"
        shutil.copy(_big_database(), big)
        ctx, opened = _context(big)
        services = Services.build(ctx)
        with sqlite3.connect(big) as connection:
            results["referrals"] = connection.execute("SELECT count(*) FROM referrals").fetchone()[
                0
            ]
        period = (date(2025, 11, 29), date(2026, 11, 28))
        results["performance_pdf_200k_referrals_s"] = _timed(
            lambda: services.reports.write_performance_pdf(
                ACTOR, work / "period.pdf", *period, for_whom=FOR_TESTS
            )
        )
        results["performance_figures_only_s"] = _timed(
            lambda: services.reports.performance(ACTOR, *period)
        )
        team = {}
        results["team_caseload_pdf_200k_referrals_s"] = _timed(
            lambda: team.setdefault(
                "written",
                services.reports.write_caseload_pdf(
                    ACTOR, work / "team.pdf", CaseloadScope(), for_whom=FOR_TESTS
                ),
            )
        )
        results["team_open_referrals"] = team["written"].rows
        opened.engine.dispose()  # type: ignore[attr-defined]
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
    sys.exit(0)
